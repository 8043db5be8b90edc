/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IMAP4 (RFC 9051, 7.1): the server greets first with an untagged OK, PREAUTH or BYE,
 * often carrying its capabilities as a response code: "* OK [CAPABILITY IMAP4rev1 ...]".
 * A CAPABILITY command is answered by an untagged "* CAPABILITY ..." line, then the
 * command's tagged completion. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 imap_ports[] = { 143, 0 };

/* The untagged responses a server starts with; CAPABILITY answers our probe. */
static const char *const untagged[] = { "* OK", "* PREAUTH", "* BYE", "* CAPABILITY", NULL };
#define UNTAGGED_CAPABILITY 3

/* A greeting or a capability list longer than this is not an IMAP server's. */
#define MAX_ANSWER 16384

/* Which untagged response the reply starts with: its index, or a score (0 or -N) when
 * none. */
static int
match_untagged (const guint8 *reply, gsize length, guint *which)
{
  int best = CC_SCORE_NONE;

  for (guint i = 0; untagged[i] != NULL; i++)
    {
      gsize n = strlen (untagged[i]);
      int prefix = cc_match_prefix (reply, length, untagged[i]);

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

/* Asked when the greeting has come already: after STARTTLS, or of a silent server. */
static GBytes *
imap_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("a1 CAPABILITY\r\n", 15);
}

static int
imap_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  guint which;
  return match_untagged (reply, length, &which);
}

/* RFC 9051 6.2.1: the greeting, CAPABILITY (listing STARTTLS), then STARTTLS, each
 * command completed by a tagged OK. */
static GBytes *
imap_starttls_request (guint step)
{
  if (step == 1)
    return imap_build_probe (NULL);
  if (step == 2)
    return g_bytes_new_static ("a2 STARTTLS\r\n", 13);
  return NULL;
}

static CcStarttlsAnswer
imap_greeting_answer (const guint8 *reply, gsize length)
{
  guint which;
  int score = match_untagged (reply, length, &which);

  if (score < 0 || (score == CC_SCORE_CERTAIN && memchr (reply, '\n', length) == NULL))
    return length < MAX_ANSWER ? CC_STARTTLS_MORE : CC_STARTTLS_REFUSED;
  /* PREAUTH skips the state STARTTLS is allowed in; BYE hangs up. */
  return score == CC_SCORE_CERTAIN && which == 0 ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
}

/* Untagged lines, then the line tagged tag: GO on its OK (and, when capability is set,
 * only if an untagged CAPABILITY line listed it). */
static CcStarttlsAnswer
imap_tagged_answer (const guint8 *reply, gsize length, const char *tag, const char *capability)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  gboolean listed = capability == NULL;
  const guint8 *line;
  gsize line_length;

  while (cc_cursor_line (&cursor, &line, &line_length))
    {
      if (cc_span_has_prefix (line, line_length, tag))
        return listed && cc_span_has_prefix (line + strlen (tag), line_length - strlen (tag),
                                             "OK")
                 ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
      if (!cc_span_has_prefix (line, line_length, "* "))
        return CC_STARTTLS_REFUSED;
      if (capability != NULL && cc_span_has_prefix (line, line_length, "* CAPABILITY ")
          && cc_span_contains (line, line_length, capability))
        listed = TRUE;
    }
  return length < MAX_ANSWER ? CC_STARTTLS_MORE : CC_STARTTLS_REFUSED;
}

static CcStarttlsAnswer
imap_starttls_answer (guint step, const guint8 *reply, gsize length)
{
  if (step == 0)
    return imap_greeting_answer (reply, length);
  if (step == 1)
    return imap_tagged_answer (reply, length, "a1 ", " STARTTLS");
  return imap_tagged_answer (reply, length, "a2 ", NULL);
}

static void
imap_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;
  gsize start;
  guint which;

  if (match_untagged (reply, length, &which) != CC_SCORE_CERTAIN
      || !cc_cursor_line (&cursor, &line, &line_length))
    return;
  start = MIN (line_length, strlen (untagged[which]) + 1);
  if (which == UNTAGGED_CAPABILITY)
    {
      cc_field_add (fields, "imap.capability", line + start, line_length - start);
      return;
    }
  cc_field_addf (fields, "imap.status", "%s", untagged[which] + 2);
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
  /* The greeting identifies a server; the probe asks one that has greeted already. */
  .probe_order = CC_PROBE_COVERED,
  .build_probe = imap_build_probe,
  .score = imap_score,
  .describe = imap_describe,
  .starttls_steps = 3,
  .starttls_name = "STARTTLS",
  .starttls_request = imap_starttls_request,
  .starttls_answer = imap_starttls_answer,
};
