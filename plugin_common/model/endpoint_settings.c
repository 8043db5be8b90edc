/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/endpoint.h"

#include <string.h>
#include "base/escape.h"

static GArray *
ensure (GArray **array, guint element_size)
{
  if (*array == NULL)
    *array = g_array_new (FALSE, TRUE, element_size);
  return *array;
}

gboolean
cc_endpoint_add_expect_address (CcEndpoint *endpoint, const char *text, GError **error)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);
  GArray *expect = ensure (&endpoint->expect, sizeof (CcCidr));

  if (items[0] == NULL)
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--expect-address needs at least one address or prefix");
      return FALSE;
    }
  for (guint i = 0; items[i] != NULL; i++)
    {
      CcCidr cidr;
      if (!cc_cidr_parse (g_strstrip (items[i]), &cidr, error))
        {
          g_prefix_error (error, "--expect-address: ");
          return FALSE;
        }
      g_array_append_val (expect, cidr);
    }
  return TRUE;
}

gboolean
cc_endpoint_load_front_proxies (CcEndpoint *endpoint, const char *path, GError **error)
{
  /* Read while the command line is parsed: the timeout known by then bounds it. */
  gint64 deadline_us = g_get_monotonic_time ()
                       + (gint64) (endpoint->timeout_s * G_USEC_PER_SEC);

  if (cc_cidr_list_load (ensure (&endpoint->front_proxies, sizeof (CcCidr)), path,
                         deadline_us, error))
    return TRUE;
  g_prefix_error (error, "--front-proxy-cidrs: ");
  return FALSE;
}

gboolean
cc_endpoint_add_service_port (CcEndpoint *endpoint, const char *text, GError **error)
{
  guint64 port;
  guint16 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--service-port %s is not a number from 1 to 65535", quoted);
      return FALSE;
    }
  value = (guint16) port;
  g_array_append_val (ensure (&endpoint->service_ports, sizeof (guint16)), value);
  return TRUE;
}

gboolean
cc_endpoint_set_source (CcEndpoint *endpoint, const char *text, GError **error)
{
  CcAddress source;

  if (!cc_address_parse (&source, text, 0))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--source %s is not an IPv4 or IPv6 address", quoted);
      return FALSE;
    }
  g_free (endpoint->source);
  endpoint->source = g_memdup2 (&source, sizeof source);
  return TRUE;
}

gboolean
cc_endpoint_set_ephemeral_warn (CcEndpoint *endpoint, const char *text, GError **error)
{
  guint64 pct;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 100, &pct, NULL))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--ephemeral-warn %s is not a whole percentage from 1 to 100", quoted);
      return FALSE;
    }
  endpoint->ephemeral_warn_pct = (guint) pct;
  endpoint->has_ephemeral_warn = TRUE;
  return TRUE;
}

/* "timeout" matches "timeout.filtered" and "timeout" itself, not "timeouts.x". */
static gboolean
prefix_matches (const char *prefix, const char *name)
{
  gsize length = strlen (prefix);
  return strncmp (prefix, name, length) == 0 && (name[length] == '\0' || name[length] == '.');
}

static gboolean
names_some_cause (const char *prefix)
{
  for (CcCauseId id = CC_CAUSE_NONE + 1; id < CC_CAUSE_LAST; id++)
    if (prefix_matches (prefix, cc_cause_get (id)->name))
      return TRUE;
  return FALSE;
}

gboolean
cc_state_overrides_parse (GArray *overrides, const char *text, GError **error)
{
  const char *equals = strchr (text, '=');
  CcStateOverride entry = { { 0 }, CC_STATE_OK };
  gsize length = equals != NULL ? (gsize) (equals - text) : 0;

  if (equals == NULL || length == 0 || !cc_state_parse (equals + 1, &entry.state))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--state %s is not CAUSE=STATE (like timeout=warning; STATE is ok, "
                   "warning, critical or unknown)", quoted);
      return FALSE;
    }
  if (length >= sizeof entry.prefix)
    length = sizeof entry.prefix - 1;
  memcpy (entry.prefix, text, length);
  if (!names_some_cause (entry.prefix))
    {
      g_autofree char *cause = g_strndup (text, equals - text);
      g_autofree char *quoted = cc_escape_value (cause);
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "--state: no cause is named %s (use an id like refused.not_listening "
                   "or a prefix like refused; see the causes in the documentation)",
                   quoted);
      return FALSE;
    }
  for (guint i = 0; i < overrides->len; i++)
    {
      const CcStateOverride *given = &g_array_index (overrides, CcStateOverride, i);
      if (strcmp (given->prefix, entry.prefix) == 0 && given->state != entry.state)
        {
          g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                       "--state %s=%s contradicts --state %s=%s; give one state per cause",
                       entry.prefix, cc_state_name (entry.state), given->prefix,
                       cc_state_name (given->state));
          return FALSE;
        }
    }
  g_array_append_val (overrides, entry);
  return TRUE;
}

gboolean
cc_endpoint_add_state_override (CcEndpoint *endpoint, const char *text, GError **error)
{
  return cc_state_overrides_parse (ensure (&endpoint->state_overrides,
                                           sizeof (CcStateOverride)), text, error);
}

CcState
cc_state_overrides_apply (const GArray *overrides, CcCauseId cause, CcState fallback)
{
  const char *name = cc_cause_get (cause)->name;
  gsize best = 0;
  CcState state = fallback;

  for (guint i = 0; overrides != NULL && cause != CC_CAUSE_NONE && i < overrides->len; i++)
    {
      const CcStateOverride *entry = &g_array_index (overrides, CcStateOverride, i);
      gsize length = strlen (entry->prefix);
      if (prefix_matches (entry->prefix, name) && length >= best)
        {
          best = length;
          state = entry->state;
        }
    }
  return state;
}

gboolean
cc_endpoint_check_diagnosis (const CcEndpoint *endpoint, GError **error)
{
  int family;

  if (endpoint->source == NULL)
    return TRUE;
  family = cc_address_family (endpoint->source);
  if ((endpoint->family == CC_FAMILY_IPV4 && family != AF_INET)
      || (endpoint->family == CC_FAMILY_IPV6 && family != AF_INET6))
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                   "--source %s is not an %s address; drop -%c or give a source of that "
                   "family", endpoint->source->text,
                   endpoint->family == CC_FAMILY_IPV4 ? "IPv4" : "IPv6",
                   endpoint->family == CC_FAMILY_IPV4 ? '4' : '6');
      return FALSE;
    }
  if (endpoint->host != NULL && g_hostname_is_ip_address (endpoint->host)
      && (strchr (endpoint->host, ':') != NULL) != (family == AF_INET6))
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                   "--source %s and -H %s are of different address families; give a "
                   "source of the target's family", endpoint->source->text, endpoint->host);
      return FALSE;
    }
  return TRUE;
}

void
cc_endpoint_clear_diagnosis (CcEndpoint *endpoint)
{
  g_clear_pointer (&endpoint->expect, g_array_unref);
  g_clear_pointer (&endpoint->front_proxies, g_array_unref);
  g_clear_pointer (&endpoint->service_ports, g_array_unref);
  g_clear_pointer (&endpoint->state_overrides, g_array_unref);
}
