/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_diagnose.h"

#include "options_error.h"

static gboolean
take_expect (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_add_expect_address ((CcEndpoint *) data, value, error);
}

static gboolean
take_front_proxies (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_load_front_proxies ((CcEndpoint *) data, value, error);
}

static gboolean
take_source (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_set_source ((CcEndpoint *) data, value, error);
}

static gboolean
take_state (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_add_state_override ((CcEndpoint *) data, value, error);
}

static gboolean
take_ephemeral_warn (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_set_ephemeral_warn ((CcEndpoint *) data, value, error);
}

static gboolean
take_service_port (const char *name, const char *value, gpointer data, GError **error)
{
  return cc_endpoint_add_service_port ((CcEndpoint *) data, value, error);
}

/* The one contradiction among these options: --diagnose wants more probing than a plain
 * check, --no-diagnose none at all. */
static gboolean
refuse_both_diagnose (const CcEndpoint *endpoint, GError **error)
{
  if (!endpoint->diagnose || endpoint->side_probes)
    return TRUE;
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               "--diagnose and --no-diagnose exclude each other; give one of them");
  return FALSE;
}

static gboolean
take_diagnose (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->diagnose = TRUE;
  return refuse_both_diagnose (data, error);
}

static gboolean
take_no_diagnose (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcEndpoint *) data)->side_probes = FALSE;
  return refuse_both_diagnose (data, error);
}

static const GOptionEntry entries[] = {
  { "diagnose", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_diagnose,
    "Probe further than a plain check (which tells timeouts apart by itself): after a "
    "remote refusal, the service's other ports (up to 2 s more); on success, warn about "
    "proxy variables and port usage", NULL },
  { "no-diagnose", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_no_diagnose,
    "Never connect to other ports of the host (where probing them raises alarms): a "
    "timeout then stays timeout.no_answer", NULL },
  { "expect-address", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_expect,
    "Addresses or prefixes the host must resolve to, comma separated (repeatable)",
    "ADDR[,CIDR]" },
  { "front-proxy-cidrs", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_front_proxies,
    "File of CDN or proxy ranges, one address or prefix a line", "FILE" },
  { "source", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_source,
    "Connect from this local address", "ADDR" },
  { "state", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_state,
    "State for a cause or a family of causes, e.g. timeout=warning (repeatable)",
    "CAUSE=STATE" },
  { "ephemeral-warn", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_ephemeral_warn,
    "WARNING when this percentage of local ports toward the target is in use (default 80; "
    "checked when given or with --diagnose)", "PCT" },
  { "service-port", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_service_port,
    "Another port the service may listen on, named when this one refuses (repeatable)",
    "PORT" },
  { NULL },
};

GOptionGroup *
cc_options_diagnose_group (CcEndpoint *endpoint)
{
  GOptionGroup *group = g_option_group_new ("diagnose", "Diagnosis options:",
                                            "Show diagnosis options", endpoint, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}
