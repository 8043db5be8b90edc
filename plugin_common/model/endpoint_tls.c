/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The endpoint's TLS settings: trust, certificate lifetime, version cap. */
#include "model/endpoint.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/file.h"

/* A CA bundle bigger than this is not one (the system bundle is about 200 KiB). */
#define CA_FILE_MAX_BYTES (8 * 1024 * 1024)
#define MAX_CERTIFICATE_DAYS 36500

gboolean
cc_endpoint_set_ca_file (CcEndpoint *endpoint, const char *path, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (endpoint->timeout_s * G_USEC_PER_SEC);
  gsize length;
  g_autofree char *text = cc_file_read (path, CA_FILE_MAX_BYTES, deadline, &length, error);

  if (text == NULL)
    return FALSE;
  if (strstr (text, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_autofree char *quoted = cc_escape_value (path);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "CA file %s holds no PEM certificate", quoted);
      return FALSE;
    }
  g_free (endpoint->ca_file);
  endpoint->ca_file = g_strdup (path);
  return TRUE;
}

static gboolean
parse_days (const char *text, gint *days)
{
  char *end;
  long value;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  value = strtol (text, &end, 10);
  if (*end != '\0' || value > MAX_CERTIFICATE_DAYS)
    return FALSE;
  *days = (gint) value;
  return TRUE;
}

gboolean
cc_endpoint_set_certificate_days (CcEndpoint *endpoint, const char *text, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", 3);
  gint warn = 0, crit = 0;
  gboolean ok = parts[0] != NULL && parse_days (parts[0], &warn)
                && (parts[1] == NULL || (parse_days (parts[1], &crit) && parts[2] == NULL));

  if (ok && parts[1] != NULL && crit > warn)
    ok = FALSE;
  if (!ok)
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "certificate days %s is not WARN or WARN,CRIT (whole days, 0 to %d, "
                   "CRIT not above WARN)", quoted, MAX_CERTIFICATE_DAYS);
      return FALSE;
    }
  endpoint->has_certificate_days = TRUE;
  endpoint->certificate_warn_days = warn;
  endpoint->certificate_crit_days = parts[1] != NULL ? crit : -1;
  return TRUE;
}

gboolean
cc_endpoint_set_tls_max (CcEndpoint *endpoint, const char *text, GError **error)
{
  if (strcmp (text, "1.2") == 0 || strcmp (text, "1.3") == 0)
    {
      endpoint->tls_max_version = text[2] == '2' ? 12 : 13;
      return TRUE;
    }
  g_autofree char *quoted = cc_escape_value (text);
  g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
               "TLS version %s is not 1.2 or 1.3", quoted);
  return FALSE;
}

gboolean
cc_endpoint_wants_tls (const CcEndpoint *endpoint)
{
  const char *protocol = endpoint->protocol;

  return protocol != NULL
         && (endpoint->starttls || endpoint->implicit_tls || strcmp (protocol, "https") == 0 || strcmp (protocol, "wss") == 0
             || strcmp (protocol, "tls") == 0);
}

gboolean
cc_endpoint_certificate_expiring (const CcEndpoint *endpoint, gint64 days_left)
{
  return endpoint->has_certificate_days && days_left < endpoint->certificate_warn_days;
}

gboolean
cc_endpoint_certificate_critical (const CcEndpoint *endpoint, gint64 days_left)
{
  return endpoint->has_certificate_days && endpoint->certificate_crit_days >= 0
         && days_left < endpoint->certificate_crit_days;
}
