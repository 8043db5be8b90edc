/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PostgreSQL frontend/backend protocol 3.0 (postgresql.org/docs/current/protocol-flow.html):
 * the probe is an SSLRequest, answered by one byte, 'S' or 'N'. To a StartupMessage the
 * server answers an Authentication request ('R') or an ErrorResponse ('E'), each a type
 * byte and a 4-byte big-endian length that counts itself. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 postgresql_ports[] = { 5432, 5433, 0 };

#define MAX_MESSAGE 8192
#define SSL_REPLY_SCORE 70 /* one byte: telling only because we sent the SSLRequest */

static const struct {
  guint32 code;
  const char *name;
} auth_methods[] = {
  { 0, "ok" },
  { 2, "kerberos" },
  { 3, "cleartext password" },
  { 5, "md5" },
  { 7, "gss" },
  { 9, "sspi" },
  { 10, "sasl" },
  { 0, NULL },
};

/* ErrorResponse field codes worth a line (protocol-error-fields.html). */
static const struct {
  char code;
  const char *field;
} error_fields[] = {
  { 'S', "postgresql.severity" },
  { 'C', "postgresql.code" },
  { 'M', "postgresql.message" },
  { 0, NULL },
};

static GBytes *
postgresql_build_probe (const CcProbeContext *context)
{
  /* Length 8, then the SSLRequest code 80877103 (1234 << 16 | 5679). */
  return g_bytes_new_static ("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8);
}

/* TLS is asked for with the probe itself: 'S' goes on to the handshake, 'N' (ssl = off)
 * refuses. */
static GBytes *
postgresql_starttls_request (guint step)
{
  return postgresql_build_probe (NULL);
}

static CcStarttlsAnswer
postgresql_starttls_answer (guint step, const guint8 *reply, gsize length)
{
  if (length == 0)
    return CC_STARTTLS_MORE;
  return length == 1 && reply[0] == 'S' ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
}

/* An ErrorResponse body: fields "<code>text\0" ending with a lone NUL. */
static gboolean
valid_error_fields (CcCursor body, gboolean complete)
{
  guint8 code;
  const guint8 *text;
  gsize text_length;

  while (cc_cursor_u8 (&body, &code))
    {
      if (code == 0)
        return cc_cursor_remaining (&body) == 0;
      if (!g_ascii_isupper (code) && !g_ascii_islower (code))
        return FALSE;
      if (!cc_cursor_cstring (&body, &text, &text_length))
        return !complete;
    }
  return !complete;
}

static int
score_message (const guint8 *reply, gsize length)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  guint8 type;
  guint32 size;
  guint32 method;
  CcCursor body;

  cc_cursor_u8 (&cursor, &type);
  if (!cc_cursor_uint_be (&cursor, 4, &size))
    return -(int) (5 - length);
  if (size < 4 || size > MAX_MESSAGE)
    return CC_SCORE_NONE;
  body = cc_cursor_make (cc_cursor_here (&cursor), MIN (size - 4, cc_cursor_remaining (&cursor)));
  if (type == 'R')
    {
      if (!cc_cursor_uint_be (&body, 4, &method))
        return size < 8 ? CC_SCORE_NONE : -1;
      return method <= 12 ? CC_SCORE_CERTAIN : CC_SCORE_NONE;
    }
  if (!valid_error_fields (body, cc_cursor_remaining (&body) == size - 4))
    return CC_SCORE_NONE;
  return cc_cursor_remaining (&body) == size - 4 ? CC_SCORE_CERTAIN : -1;
}

static int
postgresql_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  if (length == 0)
    return -1;
  if (reply[0] != 'S' && reply[0] != 'N' && reply[0] != 'R' && reply[0] != 'E')
    return CC_SCORE_NONE;
  if (length == 1)
    return reply[0] == 'S' || reply[0] == 'N' ? SSL_REPLY_SCORE : -4;
  return reply[0] == 'R' || reply[0] == 'E' ? score_message (reply, length) : CC_SCORE_NONE;
}

static void
describe_error (CcCursor body, GPtrArray *fields)
{
  guint8 code;
  const guint8 *text;
  gsize text_length;

  while (cc_cursor_u8 (&body, &code) && code != 0
         && cc_cursor_cstring (&body, &text, &text_length))
    for (guint i = 0; error_fields[i].field != NULL; i++)
      if (error_fields[i].code == code)
        cc_field_add (fields, error_fields[i].field, text, text_length);
}

static void
postgresql_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  guint32 size;
  guint32 method;
  guint8 type;

  if (postgresql_score (reply, length, NULL) < CC_SCORE_THRESHOLD
      || !cc_cursor_u8 (&cursor, &type))
    return;
  if (type == 'S' || type == 'N')
    {
      cc_field_addf (fields, "postgresql.ssl", "%s", type == 'S' ? "supported" : "not supported");
      return;
    }
  if (!cc_cursor_uint_be (&cursor, 4, &size) || size < 4)
    return;
  if (type == 'E')
    {
      describe_error (cc_cursor_make (cc_cursor_here (&cursor),
                                      MIN (size - 4, cc_cursor_remaining (&cursor))),
                      fields);
      return;
    }
  if (!cc_cursor_uint_be (&cursor, 4, &method))
    return;
  for (guint i = 0; auth_methods[i].name != NULL; i++)
    if (auth_methods[i].code == method)
      {
        cc_field_addf (fields, "postgresql.auth", "%s", auth_methods[i].name);
        return;
      }
  cc_field_addf (fields, "postgresql.auth", "%u", method);
}

const CcDissector cc_dissector_postgresql = {
  .name = "postgresql",
  .title = "PostgreSQL",
  .kind = "a PostgreSQL",
  .ports = postgresql_ports,
  .server_speaks_first = FALSE,
  .probe_order = 5,
  .build_probe = postgresql_build_probe,
  .score = postgresql_score,
  .describe = postgresql_describe,
  .starttls_steps = 1,
  .starttls_name = "SSLRequest",
  .starttls_request = postgresql_starttls_request,
  .starttls_answer = postgresql_starttls_answer,
};
