/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dissector registry and the helpers every dissector shares. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <stdarg.h>
#include <string.h>
#include "base/escape.h"

/* Most specific first: on equal scores without a port hint the earlier entry wins, so a
 * WebSocket 101 is named before plain HTTP. */
static const CcDissector *const dissectors[] = {
  &cc_dissector_tls,
  &cc_dissector_http2,
  &cc_dissector_websocket,
  &cc_dissector_http,
  &cc_dissector_ssh,
  &cc_dissector_smtp,
  &cc_dissector_ftp,
  &cc_dissector_pop3,
  &cc_dissector_imap,
  &cc_dissector_redis,
  &cc_dissector_mysql,
  &cc_dissector_postgresql,
  &cc_dissector_mqtt,
  &cc_dissector_memcached,
  &cc_dissector_amqp,
  NULL,
};

const CcDissector *const *
cc_dissectors (void)
{
  return dissectors;
}

const CcDissector *
cc_dissector_find (const char *name)
{
  for (const CcDissector *const *d = dissectors; *d != NULL; d++)
    if (g_ascii_strcasecmp ((*d)->name, name) == 0)
      return *d;
  return NULL;
}

gboolean
cc_dissector_has_port (const CcDissector *dissector, guint16 port)
{
  if (port == 0 || dissector->ports == NULL)
    return FALSE;
  for (const guint16 *p = dissector->ports; *p != 0; p++)
    if (*p == port)
      return TRUE;
  return FALSE;
}

guint
cc_identification_probes (const CcDissector **out, guint max)
{
  const CcDissector *sorted[G_N_ELEMENTS (dissectors)];
  guint n = 0;

  /* Those with an order, sorted by it (stable: ties keep registry order), then the rest. */
  for (const CcDissector *const *d = dissectors; *d != NULL; d++)
    if ((*d)->build_probe != NULL && (*d)->probe_order > 0)
      {
        guint j = n++;
        for (; j > 0 && sorted[j - 1]->probe_order > (*d)->probe_order; j--)
          sorted[j] = sorted[j - 1];
        sorted[j] = *d;
      }
  for (const CcDissector *const *d = dissectors; *d != NULL; d++)
    if ((*d)->build_probe != NULL && (*d)->probe_order == 0)
      sorted[n++] = *d;
  n = MIN (n, max);
  memcpy (out, sorted, n * sizeof *out);
  return n;
}

/* Without a winner, score tells the caller the most useful thing left: the best partial
 * confidence, else the smallest "need more bytes", else 0. */
const CcDissector *
cc_dissect_identify (const guint8 *reply, gsize length, guint16 port_hint,
                     const CcProbeContext *context, int *score)
{
  const CcDissector *best = NULL;
  int best_score = CC_SCORE_NONE;
  int need = 0;

  for (const CcDissector *const *d = dissectors; *d != NULL; d++)
    {
      int s = (*d)->score (reply, length, context);
      if (s < 0)
        {
          if (need == 0 || s > need)
            need = s;
          continue;
        }
      if (s > best_score || (s == best_score && best != NULL && s > CC_SCORE_NONE
                             && !cc_dissector_has_port (best, port_hint)
                             && cc_dissector_has_port (*d, port_hint)))
        {
          best = *d;
          best_score = s;
        }
    }
  if (best_score < CC_SCORE_THRESHOLD)
    {
      best = NULL;
      if (best_score == CC_SCORE_NONE)
        best_score = need;
    }
  if (score != NULL)
    *score = best_score;
  return best;
}

static void
field_free (CcField *field)
{
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

void
cc_field_free (gpointer field)
{
  field_free (field);
}

GPtrArray *
cc_fields_new (void)
{
  return g_ptr_array_new_with_free_func (cc_field_free);
}

void
cc_field_add (GPtrArray *fields, const char *name, const guint8 *value, gsize length)
{
  CcField *field = g_new (CcField, 1);
  field->name = g_strdup (name);
  field->value = g_strndup ((const char *) value, length);
  g_ptr_array_add (fields, field);
}

void
cc_field_addf (GPtrArray *fields, const char *name, const char *format, ...)
{
  CcField *field = g_new (CcField, 1);
  va_list args;

  va_start (args, format);
  field->name = g_strdup (name);
  field->value = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (fields, field);
}

int
cc_match_prefix (const guint8 *reply, gsize length, const char *literal)
{
  gsize want = strlen (literal);
  gsize have = MIN (length, want);

  if (have > 0 && memcmp (reply, literal, have) != 0)
    return CC_SCORE_NONE;
  if (have < want)
    return -(int) (want - have);
  return CC_SCORE_CERTAIN;
}

gboolean
cc_span_has_prefix (const guint8 *span, gsize length, const char *prefix)
{
  gsize want = strlen (prefix);
  return length >= want && g_ascii_strncasecmp ((const char *) span, prefix, want) == 0;
}

gboolean
cc_span_contains (const guint8 *span, gsize length, const char *word)
{
  gsize want = strlen (word);
  for (gsize i = 0; i + want <= length; i++)
    if (g_ascii_strncasecmp ((const char *) span + i, word, want) == 0)
      return TRUE;
  return FALSE;
}

void
cc_derive_bytes (const CcProbeContext *context, const char *label, guint8 out[32])
{
  static const guint8 no_nonce[16];
  g_autoptr (GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size = 32;

  g_checksum_update (sha, context != NULL && context->nonce != NULL ? context->nonce
                                                                      : no_nonce, 16);
  g_checksum_update (sha, (const guchar *) label, strlen (label));
  g_checksum_get_digest (sha, out, &size);
}

gboolean
cc_coded_line_next (CcCursor *cursor, guint *code, const guint8 **text, gsize *text_length)
{
  CcCursor probe = *cursor;
  const guint8 *line;
  gsize line_length;

  if (!cc_cursor_line (&probe, &line, &line_length) || line_length < 3
      || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2])
      || (line_length > 3 && line[3] != ' ' && line[3] != '-'))
    return FALSE;
  *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  *text = line + MIN (line_length, 4);
  *text_length = line_length - MIN (line_length, 4);
  *cursor = probe;
  return TRUE;
}

int
cc_coded_reply_check (const guint8 *reply, gsize length)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  guint code;
  const guint8 *text;
  gsize text_length;
  guint lines = 0;

  while (lines < CC_CODED_MAX_LINES && cc_coded_line_next (&cursor, &code, &text, &text_length))
    lines++;
  if (lines > 0)
    return CC_SCORE_CERTAIN;
  /* No whole line yet: fine while the bytes so far can start "DDD " (or "DDD\n"). */
  if (length == 0)
    return -4;
  if (memchr (reply, '\n', length) != NULL)
    return CC_SCORE_NONE;
  for (gsize i = 0; i < length && i < 4; i++)
    if (i < 3 ? !g_ascii_isdigit (reply[i]) : reply[i] != ' ' && reply[i] != '-')
      return CC_SCORE_NONE;
  return length < 4 ? -(int) (4 - length) : -1;
}

gboolean
cc_coded_reply_final (const guint8 *reply, gsize length, guint *code)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *text;
  gsize text_length, before;
  guint lines = 0;

  for (;;)
    {
      before = cc_cursor_remaining (&cursor);
      if (lines++ == CC_CODED_MAX_LINES || !cc_coded_line_next (&cursor, code, &text, &text_length))
        return FALSE;
      /* The separator after the code tells a last line from a continued one. */
      if (reply[length - before + 3] != '-')
        return TRUE;
    }
}

#define CODED_AMBIGUOUS_SCORE 40 /* "220 ..." naming neither protocol */
#define CODED_OTHER_SCORE 20     /* some other coded reply */

int
cc_coded_reply_score (const guint8 *reply, gsize length, CcCodedLineTest ours,
                      CcCodedLineTest theirs)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  int shape = cc_coded_reply_check (reply, length);
  gboolean is_ours = FALSE;
  gboolean is_theirs = FALSE;
  guint first = 0;
  guint code;
  const guint8 *text;
  gsize text_length;

  if (shape != CC_SCORE_CERTAIN)
    return shape;
  for (guint n = 0; n < CC_CODED_MAX_LINES
                    && cc_coded_line_next (&cursor, &code, &text, &text_length); n++)
    {
      if (n == 0)
        first = code;
      is_ours |= ours (code, text, text_length);
      is_theirs |= theirs (code, text, text_length);
    }
  if (is_ours && !is_theirs)
    return CC_SCORE_CERTAIN;
  return first == 220 && !is_ours && !is_theirs ? CODED_AMBIGUOUS_SCORE : CODED_OTHER_SCORE;
}

static char *
known_protocols (void)
{
  GString *names = g_string_new ("https, wss, ws");

  for (guint i = 0; dissectors[i] != NULL; i++)
    g_string_append_printf (names, ", %s", dissectors[i]->name);
  return g_string_free (names, FALSE);
}

/* "smtp, ftp, ... or postgresql": the protocols that can ask for TLS on the connection. */
static char *
starttls_protocols (void)
{
  GString *names = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; dissectors[i] != NULL; i++)
    if (dissectors[i]->starttls_steps > 0)
      {
        if (last != NULL)
          g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", last);
        last = dissectors[i]->name;
      }
  g_string_append_printf (names, "%s%s", names->len > 0 ? " or " : "", last);
  return g_string_free (names, FALSE);
}

gboolean
cc_endpoint_check_starttls (const CcEndpoint *endpoint, GError **error)
{
  const CcDissector *dissector = endpoint->protocol != NULL
                                   ? cc_dissector_find (endpoint->protocol) : NULL;

  if (endpoint->implicit_tls && (dissector == NULL || strcmp (dissector->name, "tls") == 0
                                 || endpoint->starttls))
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                   "--tls needs --protocol of a protocol to speak inside TLS (smtp, imap, "
                   "pop3, redis, ...; https and wss say it already), without --starttls");
      return FALSE;
    }
  if (!endpoint->starttls || (dissector != NULL && dissector->starttls_steps > 0))
    return TRUE;
  g_autofree char *upgradable = starttls_protocols ();
  g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
               "--starttls needs --protocol %s", upgradable);
  return FALSE;
}

gboolean
cc_endpoint_set_protocol (CcEndpoint *endpoint, const char *text, GError **error)
{
  const char *name = strcmp (text, "ws") == 0 ? "websocket" : text;

  if (strcmp (name, "https") != 0 && strcmp (name, "wss") != 0
      && cc_dissector_find (name) == NULL)
    {
      g_autofree char *known = known_protocols ();
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_PROTOCOL,
                   "unknown protocol %s; known: %s", quoted, known);
      return FALSE;
    }
  g_free (endpoint->protocol);
  endpoint->protocol = g_strdup (name);
  return TRUE;
}
