/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POP3 (RFC 1939): the server greets first with "+OK text"; a text holding
 * "<...@...>" offers APOP. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 pop3_ports[] = { 110, 0 };

static int
pop3_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  int prefix = cc_match_prefix (reply, length, "+OK");

  if (prefix != CC_SCORE_CERTAIN)
    return prefix;
  if (length == 3)
    return -1;
  return reply[3] == ' ' || reply[3] == '\r' || reply[3] == '\n' ? CC_SCORE_CERTAIN
                                                                  : CC_SCORE_NONE;
}

static void
pop3_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;
  const guint8 *open;
  const guint8 *close;

  if (pop3_score (reply, length, NULL) != CC_SCORE_CERTAIN
      || !cc_cursor_line (&cursor, &line, &line_length))
    return;
  cc_field_add (fields, "pop3.greeting", line + MIN (line_length, 4),
                line_length - MIN (line_length, 4));
  open = memchr (line, '<', line_length);
  close = open != NULL ? memchr (open, '>', line_length - (open - line)) : NULL;
  if (close != NULL && memchr (open, '@', close - open) != NULL)
    cc_field_add (fields, "pop3.apop_timestamp", open, close - open + 1);
}

const CcDissector cc_dissector_pop3 = {
  .name = "pop3",
  .title = "POP3",
  .kind = "a POP3",
  .ports = pop3_ports,
  .server_speaks_first = TRUE,
  .build_probe = NULL,
  .score = pop3_score,
  .describe = pop3_describe,
};
