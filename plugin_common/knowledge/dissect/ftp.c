/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FTP (RFC 959, RFC 2389 FEAT): the server greets with 220, like SMTP; the FEAT probe
 * settles a bare "220 ready" (an FTP server answers 211 with its features, SMTP a 5xx).
 * RFC 4217: "AUTH TLS", answered 234, asks for TLS on the control connection. */
#include "knowledge/dissect/internal.h"

static const guint16 ftp_ports[] = { 21, 2121, 0 };

static GBytes *
ftp_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("FEAT\r\n", 6);
}

/* Lines only an FTP server sends: its name, the FEAT (211) and SYST (215) replies, and
 * the login demand every FTP server makes of an unknown command. */
static gboolean
says_ftp (guint code, const guint8 *text, gsize length)
{
  return cc_span_contains (text, length, "FTP") || code == 211 || code == 215
         || cc_span_contains (text, length, "USER and PASS");
}

static gboolean
says_smtp (guint code, const guint8 *text, gsize length)
{
  return cc_span_contains (text, length, "SMTP");
}

/* The greeting, then AUTH TLS. */
static GBytes *
ftp_starttls_request (guint step)
{
  return step == 1 ? g_bytes_new_static ("AUTH TLS\r\n", 10) : NULL;
}

static CcStarttlsAnswer
ftp_starttls_answer (guint step, const guint8 *reply, gsize length)
{
  guint code;

  if (!cc_coded_reply_final (reply, length, &code))
    return length >= CC_CODED_MAX_LINES * 512 || cc_coded_reply_check (reply, length) == 0
             ? CC_STARTTLS_REFUSED : CC_STARTTLS_MORE;
  /* An SMTP greeting is refused here so that it is named as the wrong protocol. */
  if (step == 0)
    return code == 220 && (!cc_span_contains (reply, length, "SMTP")
                           || cc_span_contains (reply, length, "FTP"))
             ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
  return code == 234 ? CC_STARTTLS_GO : CC_STARTTLS_REFUSED;
}

static int
ftp_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  return cc_coded_reply_score (reply, length, says_ftp, says_smtp);
}

static void
ftp_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  g_autoptr (GString) features = g_string_new (NULL);
  gboolean in_feat = FALSE;
  const guint8 *line;
  gsize line_length;
  guint code;
  const guint8 *text;
  gsize text_length;

  if (!cc_coded_line_next (&cursor, &code, &text, &text_length))
    return;
  cc_field_addf (fields, "ftp.code", "%u", code);
  cc_field_add (fields, "ftp.greeting", text, text_length);
  /* FEAT lists one feature per line, indented by a space, between "211-" and "211 ". */
  for (guint n = 0; n < CC_CODED_MAX_LINES; n++)
    {
      if (cc_coded_line_next (&cursor, &code, &text, &text_length))
        {
          in_feat = code == 211 && text[-1] == '-';
          if (code == 215)
            cc_field_add (fields, "ftp.system", text, text_length);
          continue;
        }
      if (!cc_cursor_line (&cursor, &line, &line_length))
        break;
      if (in_feat && line_length > 1 && line[0] == ' ')
        g_string_append_printf (features, "%s%.*s", features->len > 0 ? "," : "",
                                (int) line_length - 1, (const char *) line + 1);
    }
  if (features->len > 0)
    cc_field_addf (fields, "ftp.features", "%s", features->str);
}

const CcDissector cc_dissector_ftp = {
  .name = "ftp",
  .title = "FTP",
  .kind = "an FTP",
  .ports = ftp_ports,
  .server_speaks_first = TRUE,
  .build_probe = ftp_build_probe,
  .score = ftp_score,
  .describe = ftp_describe,
  .starttls_steps = 2,
  .starttls_name = "AUTH TLS",
  .starttls_request = ftp_starttls_request,
  .starttls_answer = ftp_starttls_answer,
};
