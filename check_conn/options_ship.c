#include "options_ship.h"

#include "timeout_result.h"

static gboolean
take_timeout_result (const char *name, const char *value, gpointer data, GError **error)
{
  if (cc_endpoint_set_timeout_result (((CcOptions *) data)->endpoint, value, error))
    return TRUE;
  g_prefix_error (error, "%s: ", name);
  return FALSE;
}

static const GOptionEntry entries[] = {
  { "timeout-result", 0, 0, G_OPTION_ARG_CALLBACK, take_timeout_result,
    "State when the -t deadline ends the check: ok, warning, critical (default) or unknown",
    "STATE" },
  { NULL },
};

GOptionGroup *
cc_options_ship_group (CcOptions *options)
{
  GOptionGroup *group = g_option_group_new ("ship", "Plugin behaviour options:",
                                            "Show plugin behaviour options", options, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}
