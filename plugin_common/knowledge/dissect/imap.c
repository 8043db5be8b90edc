/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMAP4 (RFC 9051, 7.1): the server greets first with an untagged OK, PREAUTH or BYE,
 * often carrying its capabilities as a response code: "* OK [CAPABILITY IMAP4rev1 ...]". */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 imap_ports[] = { 143, 0 };

static const char *const greetings[] = { "* OK", "* PREAUTH", "* BYE", NULL };

/* Which greeting the reply starts with: its index, or a score (0 or -N) when none. */
static int
match_greeting (const guint8 *reply, gsize length, guint *which)
{
  int best = CC_SCORE_NONE;

  for (guint i = 0; greetings[i] != NULL; i++)
    {
      gsize n = strlen (greetings[i]);
      int prefix = cc_match_prefix (reply, length, greetings[i]);

      if (prefix == CC_SCORE_CERTAIN)
        {
          if (length == n)
            return -1;
          if (reply[n] != ' ' && reply[n] != '\r' && reply[n] != '\n')
            continue;
          *which = i;
          return CC_SCORE_CERTAIN;
        }
      if (prefix < 0 && (best == CC_SCORE_NONE || prefix > best))
        best = prefix;
    }
  return best;
}

static int
imap_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  guint which;
  return match_greeting (reply, length, &which);
}

static void
imap_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;
  gsize start;
  guint which;

  if (match_greeting (reply, length, &which) != CC_SCORE_CERTAIN
      || !cc_cursor_line (&cursor, &line, &line_length))
    return;
  cc_field_addf (fields, "imap.status", "%s", greetings[which] + 2);
  start = MIN (line_length, strlen (greetings[which]) + 1);
  if (start < line_length && line[start] == '[')
    {
      const guint8 *close = memchr (line + start, ']', line_length - start);
      if (close != NULL)
        {
          const guint8 *code = line + start + 1;
          gsize code_length = close - code;
          if (cc_span_has_prefix (code, code_length, "CAPABILITY "))
            cc_field_add (fields, "imap.capability", code + 11, code_length - 11);
          start = MIN (line_length, (gsize) (close - line) + 2);
        }
    }
  cc_field_add (fields, "imap.greeting", line + start, line_length - start);
}

const CcDissector cc_dissector_imap = {
  .name = "imap",
  .title = "IMAP",
  .kind = "an IMAP",
  .ports = imap_ports,
  .server_speaks_first = TRUE,
  .build_probe = NULL,
  .score = imap_score,
  .describe = imap_describe,
};
