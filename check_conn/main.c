/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_conn: a Nagios plugin that connects to a TCP endpoint and explains failures. */
#include <locale.h>
#include <stdio.h>

#include "bulk.h"
#include "modes/checks.h"
#include "options.h"
#include "render/nagios.h"
#include "render/openmetrics.h"
#include "render/result.h"
#include "pcap_run.h"

/* The first line of --version and of --help, shaped as monitoring-plugins' print_revision ():
 * "PROGNAME vREVISION (PACKAGE VERSION)", e.g. "check_tcp v2.3.3 (monitoring-plugins 2.3.3)". */
static void
print_revision (void)
{
  printf ("%s v%s (%s %s)\n", "check_conn", PACKAGE_VERSION, PACKAGE, VERSION);
}

/* --help starts as monitoring-plugins' do: the revision line, then copyright and licence. */
static const char help_header[] =
  "Copyright (c) 2026 the check_conn authors\n"
  "License GPL-3.0-or-later: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>\n"
  "This is free software; it comes with ABSOLUTELY NO WARRANTY.\n"
  "\n";

/* A refused command line is said in the user's language, as GLib words it; numbers stay
 * in the C locale, as Nagios ranges and perfdata are written. The locale is read only
 * here, on the way out: reading it costs a quarter of a check's start-up, and a command
 * line that parses prints none of GLib's words. */
static int
refuse_in_users_locale (int argc, char **argv)
{
  g_autoptr (CcOptions) options = cc_options_new ();
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  cc_options_parse (options, argc, argv, &error);
  return cc_print_unknown (error->message);
}

static char *
render_result (const CcOptions *options, const CcResult *result)
{
  switch (options->format)
    {
    case CC_FORMAT_JSON: return cc_render_result_json (options->endpoint, result);
    case CC_FORMAT_CSV: return cc_render_result_csv (options->endpoint, result);
    case CC_FORMAT_OPENMETRICS: return cc_render_result_openmetrics (options->endpoint, result);
    default: return cc_render_nagios (result, options->verbosity);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (CcOptions) options = cc_options_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CcResult) result = NULL;
  g_autofree char *output = NULL;

  if (!cc_options_parse (options, argc, argv, &error))
    return refuse_in_users_locale (argc, argv);
  if (options->show_help)
    {
      g_autofree char *help = cc_options_help ();
      print_revision ();
      fputs (help_header, stdout);
      fputs (help, stdout);
      return CC_STATE_OK;
    }
  if (options->show_version)
    {
      print_revision ();
      return CC_STATE_OK;
    }
  if (options->bulk->config_path != NULL)
    return cc_bulk_main (options);
  if (options->pcap.file != NULL)
    return cc_pcap_run (&options->pcap, options->endpoint, options->format,
                        options->verbosity);
  result = cc_check_run (options->endpoint, &error);
  if (result == NULL)
    return cc_print_unknown (error->message);
  output = render_result (options, result);
  cc_print_output (output);
  return result->state;
}
