/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MySQL and MariaDB client/server protocol (dev.mysql.com/doc/dev/mysql-server/latest/
 * page_protocol_connection_phase.html): the server speaks first with a packet (3-byte
 * little-endian length, sequence 0) holding Handshake v10: 0x0a, a NUL-terminated version,
 * a connection id; or an ERR packet (0xff, error code, message) when it refuses us. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 mysql_ports[] = { 3306, 3307, 0 };

enum {
  PROTOCOL_V10 = 0x0a,
  ERR_PACKET = 0xff,
};

#define PACKET_HEADER 4
#define MAX_HANDSHAKE 1024 /* a real handshake is about 80..130 bytes */
#define MAX_VERSION 64
#define ERROR_SCORE 90     /* an ERR packet is much less distinctive than a handshake */

typedef struct {
  guint32 payload;
  CcCursor body; /* the payload bytes received */
} Packet;

static int
read_packet (const guint8 *reply, gsize length, Packet *packet)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  guint32 sequence;

  if (length >= 4 && reply[3] != 0)
    return CC_SCORE_NONE;
  if (!cc_cursor_uint_le (&cursor, 3, &packet->payload) || !cc_cursor_uint_le (&cursor, 1, &sequence))
    return -(int) (PACKET_HEADER - length);
  if (packet->payload < 2 || packet->payload > MAX_HANDSHAKE)
    return CC_SCORE_NONE;
  packet->body = cc_cursor_make (cc_cursor_here (&cursor),
                                 MIN (packet->payload, cc_cursor_remaining (&cursor)));
  return CC_SCORE_CERTAIN;
}

/* A server version starts with a digit and is printable: "8.0.36", "10.11.6-MariaDB-0...". */
static gboolean
plausible_version (const guint8 *version, gsize length)
{
  if (length == 0 || length > MAX_VERSION || !g_ascii_isdigit (version[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (version[i] < 0x20 || version[i] >= 0x7f)
      return FALSE;
  return TRUE;
}

static int
score_handshake (Packet *packet)
{
  const guint8 *version;
  gsize version_length;
  CcCursor probe = packet->body;

  if (!cc_cursor_cstring (&probe, &version, &version_length))
    {
      /* The version is still arriving: fine while what we have could be one. */
      if (packet->payload == cc_cursor_remaining (&packet->body))
        return CC_SCORE_NONE;
      return cc_cursor_remaining (&packet->body) == 0
                 || plausible_version (cc_cursor_here (&packet->body),
                                       cc_cursor_remaining (&packet->body))
               ? -1 : CC_SCORE_NONE;
    }
  return plausible_version (version, version_length) ? CC_SCORE_CERTAIN : CC_SCORE_NONE;
}

static int
score_error (Packet *packet)
{
  guint32 code;

  if (!cc_cursor_uint_le (&packet->body, 2, &code))
    return -2;
  /* Server error codes start at 1000; the message follows, maybe after "#SQLSTATE". */
  return code >= 1000 && code < 10000 ? ERROR_SCORE : CC_SCORE_NONE;
}

static int
mysql_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  Packet packet;
  int score = read_packet (reply, length, &packet);
  guint8 kind;

  if (score != CC_SCORE_CERTAIN)
    return score;
  if (!cc_cursor_u8 (&packet.body, &kind))
    return -1;
  if (kind == PROTOCOL_V10)
    return score_handshake (&packet);
  if (kind == ERR_PACKET)
    return score_error (&packet);
  return CC_SCORE_NONE;
}

static void
describe_handshake (CcCursor *body, GPtrArray *fields)
{
  const guint8 *version;
  gsize version_length;
  guint32 connection;

  if (!cc_cursor_cstring (body, &version, &version_length))
    return;
  cc_field_add (fields, "mysql.version", version, version_length);
  cc_field_addf (fields, "mysql.server", "%s",
                 cc_span_contains (version, version_length, "MariaDB") ? "MariaDB" : "MySQL");
  if (cc_cursor_uint_le (body, 4, &connection))
    cc_field_addf (fields, "mysql.connection_id", "%u", connection);
}

static void
describe_error (CcCursor *body, GPtrArray *fields)
{
  guint32 code;
  const guint8 *state;

  if (!cc_cursor_uint_le (body, 2, &code))
    return;
  cc_field_addf (fields, "mysql.error_code", "%u", code);
  if (cc_cursor_remaining (body) >= 6 && cc_cursor_here (body)[0] == '#'
      && cc_cursor_skip (body, 1) && cc_cursor_bytes (body, 5, &state))
    cc_field_add (fields, "mysql.sqlstate", state, 5);
  cc_field_add (fields, "mysql.error", cc_cursor_here (body), cc_cursor_remaining (body));
}

static void
mysql_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  Packet packet;
  guint8 kind;

  if (mysql_score (reply, length, NULL) < CC_SCORE_THRESHOLD
      || read_packet (reply, length, &packet) != CC_SCORE_CERTAIN
      || !cc_cursor_u8 (&packet.body, &kind))
    return;
  if (kind == PROTOCOL_V10)
    {
      cc_field_addf (fields, "mysql.protocol", "10");
      describe_handshake (&packet.body, fields);
    }
  else
    describe_error (&packet.body, fields);
}

const CcDissector cc_dissector_mysql = {
  .name = "mysql",
  .title = "MySQL/MariaDB",
  .kind = "a MySQL/MariaDB",
  .ports = mysql_ports,
  .server_speaks_first = TRUE,
  .build_probe = NULL,
  .score = mysql_score,
  .describe = mysql_describe,
};
