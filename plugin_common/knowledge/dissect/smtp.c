/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SMTP (RFC 5321): the server greets "220 domain ESMTP ..."; the EHLO reply lists its
 * extensions. FTP greets with 220 as well, so a bare "220 ready" is only a maybe: the
 * EHLO probe settles it (an SMTP server answers 250 with extensions, FTP a 5xx). */
#include "knowledge/dissect/internal.h"

#include <string.h>

static const guint16 smtp_ports[] = { 25, 587, 2525, 0 };

/* EHLO keywords (IANA SMTP Service Extensions) that only an SMTP server lists. */
static const char *const ehlo_keywords[] = {
  "PIPELINING", "8BITMIME", "SIZE", "STARTTLS", "AUTH", "ENHANCEDSTATUSCODES", "CHUNKING",
  "SMTPUTF8", "DSN", "ETRN", "VRFY", "HELP", "BINARYMIME", "DELIVERBY", NULL,
};

static gboolean
is_ehlo_keyword (const guint8 *text, gsize length)
{
  for (guint i = 0; ehlo_keywords[i] != NULL; i++)
    {
      gsize n = strlen (ehlo_keywords[i]);
      if (cc_span_has_prefix (text, length, ehlo_keywords[i])
          && (length == n || text[n] == ' ' || text[n] == '='))
        return TRUE;
    }
  return FALSE;
}

static GBytes *
smtp_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("EHLO check-conn.invalid\r\n", 25);
}

/* RFC 3207: EHLO first (exim refuses STARTTLS before it), then STARTTLS, answered 220. */
static GBytes *
smtp_starttls_request (guint step)
{
  if (step == 1)
    return smtp_build_probe (NULL);
  if (step == 2)
    return g_bytes_new_static ("STARTTLS\r\n", 10);
  return NULL;
}

static CcStarttlsAnswer
smtp_starttls_answer (guint step, const guint8 *reply, gsize length)
{
  static const guint expected[] = { 220, 250, 220 };
  guint code;

  if (!cc_coded_reply_final (reply, length, &code))
    return length >= CC_CODED_MAX_LINES * 512 || cc_coded_reply_check (reply, length) == 0
             ? CC_STARTTLS_REFUSED : CC_STARTTLS_MORE;
  if (code != expected[MIN (step, 2)])
    return CC_STARTTLS_REFUSED;
  /* An FTP greeting is refused here so that it is named as the wrong protocol. */
  if (step == 0 && cc_span_contains (reply, length, "FTP")
      && !cc_span_contains (reply, length, "SMTP"))
    return CC_STARTTLS_REFUSED;
  if (step == 1 && !cc_span_contains (reply, length, "STARTTLS"))
    return CC_STARTTLS_REFUSED;
  return CC_STARTTLS_GO;
}

static gboolean
says_smtp (guint code, const guint8 *text, gsize length)
{
  return cc_span_contains (text, length, "SMTP")
         || (code == 250 && is_ehlo_keyword (text, length));
}

static gboolean
says_ftp (guint code, const guint8 *text, gsize length)
{
  return cc_span_contains (text, length, "FTP");
}

static int
smtp_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  return cc_coded_reply_score (reply, length, says_smtp, says_ftp);
}

static void
smtp_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  g_autoptr (GString) extensions = g_string_new (NULL);
  guint code;
  const guint8 *text;
  gsize text_length;

  if (!cc_coded_line_next (&cursor, &code, &text, &text_length))
    return;
  cc_field_addf (fields, "smtp.code", "%u", code);
  cc_field_add (fields, "smtp.greeting", text, text_length);
  for (guint n = 0; n < CC_CODED_MAX_LINES
                    && cc_coded_line_next (&cursor, &code, &text, &text_length); n++)
    if (code == 250 && is_ehlo_keyword (text, text_length))
      {
        gsize word = 0;
        while (word < text_length && text[word] != ' ' && text[word] != '=')
          word++;
        g_string_append_printf (extensions, "%s%.*s", extensions->len > 0 ? " " : "",
                                (int) word, (const char *) text);
      }
  if (extensions->len > 0)
    cc_field_addf (fields, "smtp.extensions", "%s", extensions->str);
}

const CcDissector cc_dissector_smtp = {
  .name = "smtp",
  .title = "SMTP",
  .kind = "an SMTP",
  .ports = smtp_ports,
  .server_speaks_first = TRUE,
  .build_probe = smtp_build_probe,
  .score = smtp_score,
  .describe = smtp_describe,
  .starttls_steps = 3,
  .starttls_name = "STARTTLS",
  .starttls_request = smtp_starttls_request,
  .starttls_answer = smtp_starttls_answer,
};
