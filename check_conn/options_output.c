/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_output.h"

#include <string.h>

#include "base/escape.h"
#include "options_error.h"

/* In CcFormat order. */
static const char *const format_names[] = { "nagios", "json", "csv", "openmetrics" };
G_STATIC_ASSERT (G_N_ELEMENTS (format_names) == CC_FORMAT_OPENMETRICS + 1);

static gboolean
take_format (const char *name, const char *value, gpointer data, GError **error)
{
  g_autofree char *quoted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (strcmp (value, format_names[i]) == 0)
      {
        *(CcFormat *) data = (CcFormat) i;
        return TRUE;
      }
  quoted = cc_escape_value (value);
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               "%s %s is not a format; use nagios, json, csv or openmetrics", name, quoted);
  return FALSE;
}

GOptionGroup *
cc_options_output_group (CcFormat *format)
{
  static const GOptionEntry entries[] = {
    { "format", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_format,
      "Output as nagios (default: status line, long output, perfdata), json "
      "(doc/json-schema.json), csv (a header and one row per endpoint or conversation) or "
      "openmetrics (for node_exporter's textfile collector); for a single check, --config "
      "and --pcap alike", "FORMAT" },
    /* --pcap-format was the capture's own option before --format covered every mode;
     * command lines written for it keep working. */
    { "pcap-format", 0, CC_OPTION_RAW | G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_CALLBACK,
      take_format, "The same as --format", "FORMAT" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("output", "Output options:",
                                            "Show output options", format, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}
