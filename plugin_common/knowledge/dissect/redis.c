/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redis (RESP, redis.io/docs/reference/protocol-spec): PING as a RESP array; the server
 * answers "+PONG", or an error line whose first word is an upper-case code ("-NOAUTH",
 * "-ERR", "-DENIED" in protected mode). */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 redis_ports[] = { 6379, 6380, 0 };

/* Error codes Redis itself sends: certain. Another upper-case code is only likely. */
static const char *const error_codes[] = {
  "ERR", "NOAUTH", "WRONGPASS", "DENIED", "LOADING", "BUSY", "MISCONF", "NOPERM",
  "READONLY", "MASTERDOWN", "NOSCRIPT", "WRONGTYPE", NULL,
};

#define OTHER_ERROR_SCORE 60
#define MAX_CODE 32

static GBytes *
redis_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("*1\r\n$4\r\nPING\r\n", 14);
}

/* Length of the upper-case error code at the start of an error line's text. */
static gsize
error_code_length (const guint8 *text, gsize length)
{
  gsize n = 0;
  while (n < length && n < MAX_CODE && g_ascii_isupper (text[n]))
    n++;
  return n;
}

static gboolean
is_known_code (const guint8 *code, gsize length)
{
  for (guint i = 0; error_codes[i] != NULL; i++)
    if (length == strlen (error_codes[i]) && cc_span_has_prefix (code, length, error_codes[i]))
      return TRUE;
  return FALSE;
}

static int
redis_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;
  gsize code;

  if (length == 0)
    return -7;
  if (reply[0] == '+')
    return cc_match_prefix (reply, length, "+PONG\r\n");
  if (reply[0] != '-')
    return CC_SCORE_NONE;
  if (!cc_cursor_line (&cursor, &line, &line_length))
    {
      /* Unfinished: fine while it still reads as "-CODE". */
      code = error_code_length (reply + 1, length - 1);
      return code + 1 == length && code < MAX_CODE ? -2 : CC_SCORE_NONE;
    }
  code = error_code_length (line + 1, line_length - 1);
  if (code == 0 || (code + 1 < line_length && line[code + 1] != ' ')
      || line[line_length] != '\r')
    return CC_SCORE_NONE;
  return is_known_code (line + 1, code) ? CC_SCORE_CERTAIN : OTHER_ERROR_SCORE;
}

static void
redis_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;
  gsize code;

  if (redis_score (reply, length, NULL) < CC_SCORE_THRESHOLD
      || !cc_cursor_line (&cursor, &line, &line_length))
    return;
  if (line[0] == '+')
    {
      cc_field_add (fields, "redis.reply", line + 1, line_length - 1);
      return;
    }
  code = error_code_length (line + 1, line_length - 1);
  cc_field_add (fields, "redis.error", line + 1, code);
  if (code + 2 < line_length)
    cc_field_add (fields, "redis.message", line + code + 2, line_length - code - 2);
}

const CcDissector cc_dissector_redis = {
  .name = "redis",
  .title = "Redis",
  .kind = "a Redis",
  .ports = redis_ports,
  .server_speaks_first = FALSE,
  .probe_order = 2,
  .build_probe = redis_build_probe,
  .score = redis_score,
  .describe = redis_describe,
};
