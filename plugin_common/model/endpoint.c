/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/endpoint.h"

#include <math.h>
#include <string.h>
#include "base/escape.h"

G_DEFINE_QUARK (cc-endpoint-error-quark, cc_endpoint_error)

CcEndpoint *
cc_endpoint_new (void)
{
  CcEndpoint *endpoint = g_new0 (CcEndpoint, 1);
  endpoint->timeout_s = CC_DEFAULT_TIMEOUT_S;
  endpoint->ephemeral_warn_pct = CC_DEFAULT_EPHEMERAL_WARN_PCT;
  endpoint->timeout_result = CC_STATE_CRITICAL;
  return endpoint;
}

void
cc_endpoint_free (CcEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;
  g_free (endpoint->host);
  g_free (endpoint->protocol);
  g_free (endpoint->path);
  g_free (endpoint->host_header);
  g_free (endpoint->sni);
  g_free (endpoint->ca_file);
  g_free (endpoint->source);
  cc_endpoint_clear_diagnosis (endpoint);
  cc_endpoint_clear_answer (endpoint);
  g_free (endpoint);
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
}

gboolean
cc_endpoint_set_host (CcEndpoint *endpoint, const char *text, GError **error)
{
  /* An internationalised name (bücher.example) is looked up as its ASCII form
   * (xn--bcher-kva.example), as a browser does; getaddrinfo takes only that. */
  g_autofree char *ascii = g_str_is_ascii (text) || !g_utf8_validate (text, -1, NULL)
                             ? NULL : g_hostname_to_ascii (text);
  const char *given = text;
  gsize len;

  if (ascii != NULL)
    text = ascii;
  len = strlen (text);

  if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
    {
      text++;
      len -= 2;
    }
  if (len == 0 || len > 253)
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_HOST,
                   "host must be a name or an address of 1 to 253 characters");
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (!is_host_char (text[i]))
      {
        g_autofree char *quoted = cc_escape_value (given);
        g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_HOST,
                     "host %s contains a character not allowed in a name or address",
                     quoted);
        return FALSE;
      }
  g_free (endpoint->host);
  endpoint->host = g_strndup (text, len);
  return TRUE;
}

gboolean
cc_port_parse (const char *text, guint16 *port, GError **error)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &number, NULL))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_PORT,
                   "port %s is not a number from 1 to 65535", quoted);
      return FALSE;
    }
  *port = (guint16) number;
  return TRUE;
}

gboolean
cc_endpoint_set_port (CcEndpoint *endpoint, const char *text, GError **error)
{
  return cc_port_parse (text, &endpoint->port, error);
}

gboolean
cc_endpoint_set_timeout (CcEndpoint *endpoint, const char *text, GError **error)
{
  char *end;
  double seconds = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (seconds) || seconds <= 0 || seconds > 86400)
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_TIMEOUT,
                   "timeout %s is not a number of seconds above 0 (decimals allowed)", quoted);
      return FALSE;
    }
  endpoint->timeout_s = seconds;
  return TRUE;
}

gboolean
cc_endpoint_set_path (CcEndpoint *endpoint, const char *text, GError **error)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      {
        g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_PROTOCOL,
                     "path must be printable ASCII without spaces (percent-encode the rest)");
        return FALSE;
      }
  if (text[0] != '/')
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_PROTOCOL,
                   "path %s must start with /", quoted);
      return FALSE;
    }
  g_free (endpoint->path);
  endpoint->path = g_strdup (text);
  return TRUE;
}

/* Names go into a request line or a ClientHello: no byte may break their framing. */
static gboolean
set_name (char **field, const char *what, const char *text, gboolean port_allowed,
          GError **error)
{
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    if (!is_host_char (text[i]) && !(port_allowed && (text[i] == '[' || text[i] == ']')))
      len = 0;
  if (len == 0 || len > 253 + (port_allowed ? 8 : 0))
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_PROTOCOL,
                   "%s must be a host name or address of 1 to 253 characters", what);
      return FALSE;
    }
  g_free (*field);
  *field = g_strdup (text);
  return TRUE;
}

gboolean
cc_endpoint_set_host_header (CcEndpoint *endpoint, const char *text, GError **error)
{
  return set_name (&endpoint->host_header, "Host header", text, TRUE, error);
}

gboolean
cc_endpoint_set_sni (CcEndpoint *endpoint, const char *text, GError **error)
{
  return set_name (&endpoint->sni, "SNI", text, FALSE, error);
}

gboolean
cc_endpoint_wants_exchange (const CcEndpoint *endpoint)
{
  return endpoint->protocol != NULL || endpoint->identify || endpoint->send != NULL
         || endpoint->expect_reply != NULL;
}

gboolean
cc_endpoint_set_timeout_result (CcEndpoint *endpoint, const char *text, GError **error)
{
  CcState state;

  if (!cc_state_parse (text, &state))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_TIMEOUT_RESULT,
                   "timeout result %s is not one of ok, warning, critical, unknown", quoted);
      return FALSE;
    }
  endpoint->timeout_result = state;
  return TRUE;
}
