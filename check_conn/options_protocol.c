/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options for the conversation after connecting (net/exchange.h). */
#include "options_protocol.h"

#include "knowledge/dissect/dissect.h"
#include "options_error.h"

static gboolean
take_protocol (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_protocol (data, value, error), error);
}

static gboolean
take_path (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_path (data, value, error), error);
}

static gboolean
take_host_header (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_host_header (data, value, error),
                                error);
}

static gboolean
take_sni (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_sni (data, value, error), error);
}

static gboolean
take_ca_file (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_ca_file (data, value, error), error);
}

static gboolean
take_insecure (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->insecure = TRUE;
  return TRUE;
}

static gboolean
take_certificate_days (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_certificate_days (data, value, error),
                                error);
}

static gboolean
take_tls_max (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_tls_max (data, value, error), error);
}

static gboolean
take_starttls (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->starttls = TRUE;
  return TRUE;
}

static gboolean
take_implicit_tls (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->implicit_tls = TRUE;
  return TRUE;
}

static gboolean
take_identify (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->identify = TRUE;
  return TRUE;
}

static gboolean
take_expect_status (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_expect_status (data, value, error),
                                error);
}

static gboolean
take_expect_body (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_expect_body (data, value, error), error);
}

static gboolean
take_expect_regex (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_expect_regex (data, value, error),
                                error);
}

static gboolean
take_send (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_send (data, value, error), error);
}

static gboolean
take_expect_reply (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_options_name_error (name, cc_endpoint_set_expect_reply (data, value, error),
                                error);
}

static const GOptionEntry entries[] = {
  { "protocol", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_protocol,
    "Protocol the server must speak (http, ws, wss, https, tls, ssh, smtp, redis, ...); "
    "when it speaks another, say which", "PROTOCOL" },
  { "identify", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_identify,
    "Name the protocol the server speaks, expecting none", NULL },
  { "path", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_path,
    "Request path for http and ws (default /)", "PATH" },
  { "host-header", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_host_header,
    "Host header for http and ws (default the -H host)", "HOST" },
  { "sni", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_sni,
    "TLS server name for https, wss and tls (default the -H name); the certificate must "
    "carry it", "NAME" },
  { "expect-status", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_expect_status,
    "HTTP statuses that are OK, e.g. 200,301-302 (default: 4xx WARNING, 5xx CRITICAL)",
    "LIST" },
  { "expect-body", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_expect_body,
    "Text the HTTP body must contain (within its first 16 KiB)", "TEXT" },
  { "expect-regex", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_expect_regex,
    "Regular expression (PCRE) the HTTP body must match (within its first 16 KiB)", "RE" },
  { "send", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_send,
    "Bytes to send after connecting, for protocols check_conn does not know; escapes "
    "\\r \\n \\t \\\\ \\xHH", "TEXT" },
  { "expect", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_expect_reply,
    "Text the server's first reply must contain (same escapes)", "TEXT" },
  { "ca-file", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_ca_file,
    "Trust the CA certificates in this PEM file instead of the system's", "FILE" },
  { "insecure", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_insecure,
    "Do not verify the server's TLS certificate", NULL },
  { "certificate-days", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_certificate_days,
    "WARNING when the TLS certificate expires in fewer than WARN days, CRITICAL in fewer "
    "than CRIT (as check_http -C)", "WARN[,CRIT]" },
  { "starttls", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_starttls,
    "Ask for TLS within the protocol first (smtp, imap: STARTTLS; pop3: STLS; ftp: AUTH "
    "TLS; postgresql: SSLRequest), then check it over TLS", NULL },
  { "tls", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_implicit_tls,
    "Speak the protocol inside TLS from the first byte (SMTP on 465, IMAP on 993, POP3 on "
    "995, FTP on 990, MQTT on 8883, AMQP on 5671, Redis over TLS)", NULL },
  { "tls-max", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_tls_max,
    "Highest TLS version to offer: 1.2 or 1.3 (default 1.3; the lowest is 1.2)", "VERSION" },
  { NULL },
};

GOptionGroup *
cc_options_protocol_group (CcEndpoint *endpoint)
{
  GOptionGroup *group = g_option_group_new ("protocol", "Protocol options:",
                                            "Show protocol options", endpoint, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}
