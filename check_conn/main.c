/* check_conn: a Nagios plugin that connects to a TCP endpoint and explains failures. */
#include <stdio.h>

#include "bulk.h"
#include "base/escape.h"
#include "modes/checks.h"
#include "options.h"
#include "render/nagios.h"
#include "pcap_run.h"

int
main (int argc, char **argv)
{
  g_autoptr (CcOptions) options = cc_options_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CcResult) result = NULL;
  g_autofree char *output = NULL;

  if (!cc_options_parse (options, argc, argv, &error))
    {
      g_autofree char *reason = cc_escape_text (error->message);
      printf ("CONN UNKNOWN - %s\n", reason);
      return CC_STATE_UNKNOWN;
    }
  if (options->show_help)
    {
      g_autofree char *help = cc_options_help ();
      fputs (help, stdout);
      return CC_STATE_OK;
    }
  if (options->show_version)
    {
      puts ("check_conn " PACKAGE_VERSION);
      return CC_STATE_OK;
    }
  if (options->bulk->config_path != NULL)
    return cc_bulk_main (options);
  if (options->pcap.file != NULL)
    return cc_pcap_run (&options->pcap, options->verbosity);
  result = cc_check_run (options->endpoint, &error);
  if (result == NULL)
    {
      printf ("CONN UNKNOWN - %s\n", error->message);
      return CC_STATE_UNKNOWN;
    }
  output = cc_render_nagios (result, options->verbosity);
  puts (output);
  return result->state;
}
