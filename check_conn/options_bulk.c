/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_bulk.h"

#include "base/escape.h"
#include "options_error.h"

static gboolean
take_parallel (const char *name, const char *value, gpointer data, GError **error)
{
  guint64 parallel;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 1000000, &parallel, NULL))
    {
      g_autofree char *quoted = cc_escape_value (value);
      g_set_error (error, CC_OPTIONS_ERROR, 0,
                   "--parallel %s is not a number from 1 to 1000000", quoted);
      return FALSE;
    }
  ((CcBulkOptions *) data)->parallel = (guint) parallel;
  return TRUE;
}

static gboolean
take_max_endpoints (const char *name, const char *value, gpointer data, GError **error)
{
  guint64 cap;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 10000000, &cap, NULL))
    {
      g_set_error (error, CC_OPTIONS_ERROR, 0,
                   "--max-endpoints '%s' is not a number from 1 to 10000000", value);
      return FALSE;
    }
  ((CcBulkOptions *) data)->max_endpoints = (guint) cap;
  return TRUE;
}

static gboolean
take_count (CcCountRange *count, const char *name, const char *value, GError **error)
{
  if (cc_count_range_parse (value, count, error))
    return TRUE;
  g_prefix_error (error, "%s: ", name);
  return FALSE;
}

static gboolean
take_warning_count (const char *name, const char *value, gpointer data, GError **error)
{
  return take_count (&((CcBulkOptions *) data)->warning_count, name, value, error);
}

static gboolean
take_critical_count (const char *name, const char *value, gpointer data, GError **error)
{
  return take_count (&((CcBulkOptions *) data)->critical_count, name, value, error);
}

CcBulkOptions *
cc_bulk_options_new (void)
{
  return g_new0 (CcBulkOptions, 1);
}

void
cc_bulk_options_free (CcBulkOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->config_path);
  g_strfreev (options->groups);
  g_free (options);
}

GOptionGroup *
cc_bulk_option_group (CcBulkOptions *options)
{
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &options->config_path,
      "Check the endpoints of a config file (doc/config.md) instead of -H/-p", "FILE" },
    { "group", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->groups,
      "Check only this group of the config file (repeatable)", "NAME" },
    { "parallel", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_parallel,
      "Most connections open at once (default: as many as the limits allow)", "N" },
    { "warning-count", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_warning_count,
      "Range on the number (or N% of) failing endpoints per group that raises WARNING",
      "RANGE" },
    { "critical-count", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_critical_count,
      "Same for CRITICAL (default: any failing endpoint)", "RANGE" },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &options->check_config,
      "Validate the config file and exit without connecting", NULL },
    { "max-endpoints", 0, 0, G_OPTION_ARG_CALLBACK, take_max_endpoints,
      "Most endpoints the config file may expand to, port ranges included (default: "
      "max-endpoints in [defaults], else 100000)", "N" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("bulk", "Bulk mode (--config FILE):",
                                            "Show bulk mode options", options, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}

CcConfigLimits
cc_bulk_config_limits (const CcBulkOptions *options, double timeout_s)
{
  return (CcConfigLimits) {
    .max_endpoints = options->max_endpoints,
    .deadline_us = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC),
  };
}

gboolean
cc_bulk_options_check (const CcBulkOptions *options, GError **error)
{
  gboolean bulk_only = options->groups != NULL || options->parallel != 0
                       || options->warning_count.is_set || options->critical_count.is_set
                       || options->check_config
                       || options->max_endpoints != 0;

  if (options->config_path != NULL || !bulk_only)
    return TRUE;
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               "--group, --parallel, --warning-count, --critical-count, --check-config "
               "and --max-endpoints need --config FILE");
  return FALSE;
}
