/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AMQP 0-9-1 (amqp0-9-1.pdf, 2.3 and 4.2): the client sends the protocol header
 * "AMQP\0\0\x09\x01"; a broker answers with a Connection.Start method frame on channel 0,
 * or, when it does not speak that version, with its own protocol header before closing. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 amqp_ports[] = { 5672, 0 }; /* 5671 is AMQP inside TLS: tls.c */

enum {
  FRAME_METHOD = 1,
  CLASS_CONNECTION = 10,
  METHOD_START = 10,
};

#define START_PREFIX 11       /* frame header (7) + class and method ids (4) */
#define MAX_FRAME (128 * 1024)
#define MAX_PROPERTIES 32     /* server properties described */

static const char protocol_header[] = "AMQP\0\0\x09\x01";

/* Server properties shown, by name. */
static const char *const shown_properties[] = { "product", "version", "platform",
                                                "cluster_name", NULL };

static GBytes *
amqp_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static (protocol_header, 8);
}

static int
amqp_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  static const guint8 start[START_PREFIX] = { FRAME_METHOD, 0, 0, 0xff, 0xff, 0xff, 0xff,
                                              0, CLASS_CONNECTION, 0, METHOD_START };
  int header = cc_match_prefix (reply, length, "AMQP");

  if (length == 0)
    return -8; /* the shorter of the two answers, a protocol header */
  if (header == CC_SCORE_CERTAIN)
    return length >= 8 ? CC_SCORE_CERTAIN : -(int) (8 - length);
  if (header < 0)
    return -(int) (8 - length);
  /* Bytes 3..6 are the frame size: any value up to MAX_FRAME. */
  for (gsize i = 0; i < MIN (length, (gsize) START_PREFIX); i++)
    if ((i < 3 || i > 6) && reply[i] != start[i])
      return CC_SCORE_NONE;
  if (length >= 7 && ((guint32) reply[3] << 24 | reply[4] << 16 | reply[5] << 8 | reply[6])
                         > MAX_FRAME)
    return CC_SCORE_NONE;
  return length >= START_PREFIX ? CC_SCORE_CERTAIN : -(int) (START_PREFIX - length);
}

/* Skips one field-table value of the given type; FALSE for a type we do not know. */
static gboolean
skip_value (CcCursor *cursor, guint8 type)
{
  static const char fixed_types[] = "tbBsuUIifdlLTDV";
  static const guint8 fixed_sizes[] = { 1, 1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8, 8, 5, 0 };
  const char *at = memchr (fixed_types, type, sizeof fixed_types - 1);
  guint32 size;

  if (type == 0)
    return FALSE;
  if (at != NULL)
    return cc_cursor_skip (cursor, fixed_sizes[at - fixed_types]);
  if (strchr ("SFAx", type) == NULL)
    return FALSE;
  return cc_cursor_uint_be (cursor, 4, &size) && cc_cursor_skip (cursor, size);
}

static void
describe_properties (CcCursor *table, GPtrArray *fields)
{
  for (guint n = 0; n < MAX_PROPERTIES; n++)
    {
      guint8 name_length;
      const guint8 *name;
      guint8 type;
      CcCursor value;
      guint32 size;
      const guint8 *text;

      if (!cc_cursor_u8 (table, &name_length) || !cc_cursor_bytes (table, name_length, &name)
          || !cc_cursor_u8 (table, &type))
        return;
      value = *table;
      if (!skip_value (table, type))
        return;
      if (type != 'S' || !cc_cursor_uint_be (&value, 4, &size)
          || !cc_cursor_bytes (&value, size, &text))
        continue;
      for (guint i = 0; shown_properties[i] != NULL; i++)
        if (name_length == strlen (shown_properties[i])
            && memcmp (name, shown_properties[i], name_length) == 0)
          {
            g_autofree char *field = g_strconcat ("amqp.", shown_properties[i], NULL);
            cc_field_add (fields, field, text, size);
          }
    }
}

static void
describe_start (CcCursor *cursor, GPtrArray *fields)
{
  guint8 major;
  guint8 minor;
  guint32 size;
  const guint8 *bytes;
  CcCursor table;

  if (!cc_cursor_skip (cursor, START_PREFIX) || !cc_cursor_u8 (cursor, &major)
      || !cc_cursor_u8 (cursor, &minor))
    return;
  cc_field_addf (fields, "amqp.protocol", "%u-%u", major, minor);
  if (!cc_cursor_uint_be (cursor, 4, &size))
    return;
  table = cc_cursor_make (cc_cursor_here (cursor), MIN (size, cc_cursor_remaining (cursor)));
  describe_properties (&table, fields);
  if (!cc_cursor_skip (cursor, size) || !cc_cursor_uint_be (cursor, 4, &size)
      || !cc_cursor_bytes (cursor, size, &bytes))
    return;
  cc_field_add (fields, "amqp.mechanisms", bytes, size);
}

static void
amqp_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);

  if (amqp_score (reply, length, NULL) != CC_SCORE_CERTAIN)
    return;
  if (reply[0] == 'A')
    {
      /* "AMQP", then 0 0 9 1 for 0-9-1, or protocol id 0/3 and 1 0 0 for AMQP 1.0. */
      cc_field_addf (fields, "amqp.protocol_header", "%u.%u.%u.%u", reply[4], reply[5],
                     reply[6], reply[7]);
      return;
    }
  describe_start (&cursor, fields);
}

const CcDissector cc_dissector_amqp = {
  .name = "amqp",
  .title = "AMQP 0-9-1",
  .kind = "an AMQP 0-9-1",
  .ports = amqp_ports,
  .server_speaks_first = FALSE,
  .probe_order = 7,
  .build_probe = amqp_build_probe,
  .score = amqp_score,
  .describe = amqp_describe,
};
