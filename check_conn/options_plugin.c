/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_plugin.h"

#include "options_error.h"

static gboolean
take_timeout_result (const char *name, const char *value, gpointer data, GError **error)
{
  CcPluginOptions *plugin = data;

  plugin->timeout_result_given = TRUE;
  if (cc_endpoint_set_timeout_result (plugin->endpoint, value, error))
    return TRUE;
  g_prefix_error (error, "%s: ", name);
  return FALSE;
}

static const GOptionEntry entries[] = {
  { "timeout-result", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_timeout_result,
    "State when the -t deadline ends the check: ok, warning, critical (default) or unknown",
    "STATE" },
  { NULL },
};

GOptionGroup *
cc_options_plugin_group (CcPluginOptions *plugin)
{
  GOptionGroup *group = g_option_group_new ("plugin", "Plugin behaviour options:",
                                            "Show plugin behaviour options", plugin, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}
