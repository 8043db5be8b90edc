/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POP3 (RFC 1939): the server greets first with "+OK text"; a text holding
 * "<...@...>" offers APOP. RFC 2449 CAPA lists the extensions, one a line, ending with a
 * lone "."; RFC 2595 STLS (listed by CAPA) asks for TLS. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 pop3_ports[] = { 110, 0 };

/* A greeting or a capability list longer than this is not a POP3 server's. */
#define MAX_ANSWER 16384

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

/* Asked when the greeting has come already: after STLS, or of a silent server. */
static GBytes *
pop3_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("CAPA\r\n", 6);
}

/* The greeting, CAPA (listing STLS), then STLS, each answered +OK. */
static GBytes *
pop3_starttls_request (guint step)
{
  if (step == 1)
    return pop3_build_probe (NULL);
  if (step == 2)
    return g_bytes_new_static ("STLS\r\n", 6);
  return NULL;
}

/* A one-line answer: GO on +OK, REFUSED on anything else. */
static CcStarttlsAnswer
status_answer (const guint8 *reply, gsize length)
{
  int score = pop3_score (reply, length, NULL);

  if (score < 0 || (score == CC_SCORE_CERTAIN && memchr (reply, '\n', length) == NULL))
    return length < MAX_ANSWER ? CC_STARTTLS_MORE : CC_STARTTLS_REFUSED;
  return score == CC_SCORE_CERTAIN ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
}

/* The CAPA list, whole (up to its "." line): GO when it names STLS. */
static CcStarttlsAnswer
capa_answer (const guint8 *reply, gsize length)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  CcStarttlsAnswer status = status_answer (reply, length);
  gboolean listed = FALSE;
  const guint8 *line;
  gsize line_length;

  if (status != CC_STARTTLS_GO)
    return status;
  cc_cursor_line (&cursor, &line, &line_length);
  while (cc_cursor_line (&cursor, &line, &line_length))
    {
      if (line_length == 1 && line[0] == '.')
        return listed ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
      listed |= line_length == 4 && cc_span_has_prefix (line, line_length, "STLS");
    }
  return length < MAX_ANSWER ? CC_STARTTLS_MORE : CC_STARTTLS_REFUSED;
}

static CcStarttlsAnswer
pop3_starttls_answer (guint step, const guint8 *reply, gsize length)
{
  return step == 1 ? capa_answer (reply, length) : status_answer (reply, length);
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
  /* The greeting identifies a server; the probe asks one that has greeted already. */
  .probe_order = CC_PROBE_COVERED,
  .build_probe = pop3_build_probe,
  .score = pop3_score,
  .describe = pop3_describe,
  .starttls_steps = 3,
  .starttls_name = "STLS",
  .starttls_request = pop3_starttls_request,
  .starttls_answer = pop3_starttls_answer,
};
