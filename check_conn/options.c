/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options.h"

#include <string.h>

#include "base/escape.h"
#include "extra_opts.h"
#include "knowledge/dissect/dissect.h"
#include "options_protocol.h"
#include "options_diagnose.h"

static gboolean
take_host (const char *name, const char *value, gpointer data, GError **error)
{
  CcEndpoint *endpoint = ((CcOptions *) data)->endpoint;
  return cc_options_name_error (name, cc_endpoint_set_host (endpoint, value, error), error);
}

static gboolean
take_port (const char *name, const char *value, gpointer data, GError **error)
{
  CcEndpoint *endpoint = ((CcOptions *) data)->endpoint;
  return cc_options_name_error (name, cc_endpoint_set_port (endpoint, value, error), error);
}

static gboolean
take_timeout (const char *name, const char *value, gpointer data, GError **error)
{
  CcOptions *options = data;
  options->timeout_given = TRUE;
  return cc_options_name_error (name, cc_endpoint_set_timeout (options->endpoint, value, error),
                                error);
}

static gboolean
take_range (CcRange *range, gboolean *is_set, const char *name, const char *value,
            GError **error)
{
  if (!cc_range_parse (value, range, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  *is_set = TRUE;
  return TRUE;
}

static gboolean
take_warning (const char *name, const char *value, gpointer data, GError **error)
{
  CcEndpoint *endpoint = ((CcOptions *) data)->endpoint;
  return take_range (&endpoint->warning, &endpoint->has_warning, name, value, error);
}

static gboolean
take_critical (const char *name, const char *value, gpointer data, GError **error)
{
  CcEndpoint *endpoint = ((CcOptions *) data)->endpoint;
  return take_range (&endpoint->critical, &endpoint->has_critical, name, value, error);
}

static gboolean
take_family (const char *name, const char *value, gpointer data, GError **error)
{
  CcEndpoint *endpoint = ((CcOptions *) data)->endpoint;
  CcFamily family = strcmp (name, "-4") == 0 || strcmp (name, "--ipv4") == 0
                      ? CC_FAMILY_IPV4 : CC_FAMILY_IPV6;

  if (endpoint->family != CC_FAMILY_ANY && endpoint->family != family)
    {
      g_set_error (error, CC_OPTIONS_ERROR, 0,
                   "-4 and -6 exclude each other; give one of them, or neither for both");
      return FALSE;
    }
  endpoint->family = family;
  return TRUE;
}

static gboolean
count_verbose (const char *name, const char *value, gpointer data, GError **error)
{
  ((CcOptions *) data)->verbosity++;
  return TRUE;
}

static const GOptionEntry entries[] = {
  { "hostname", 'H', CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_host,
    "Host name, IPv4 or IPv6 address (::1 or [::1]) to connect to", "HOST" },
  { "port", 'p', CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_port, "TCP port, 1 to 65535",
    "PORT" },
  { "ipv4", '4', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_family,
    "Use IPv4 addresses only", NULL },
  { "ipv6", '6', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, take_family,
    "Use IPv6 addresses only", NULL },
  { "timeout", 't', CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_timeout,
    "Seconds for the whole check, name resolution included (default 10)", "SECONDS" },
  { "warning", 'w', CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_warning,
    "Connect time range in seconds that raises WARNING when outside it", "RANGE" },
  { "critical", 'c', CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_critical,
    "Connect time range in seconds that raises CRITICAL when outside it", "RANGE" },
  { "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, count_verbose,
    "Show evidence (-v), then timings and every address (-vv)", NULL },
  { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
  { "help", 'h', 0, G_OPTION_ARG_NONE, NULL, "Print this help and exit", NULL },
  { NULL },
};

static const char description[] =
  "Connects to HOST:PORT over TCP and, when that fails, says why and what to do.\n"
  "\n"
  "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad command line).\n"
  "Ranges: N (alert outside 0..N), N: (below N), ~:N (above N), N:M (outside),\n"
  "@N:M (inside). Times are in seconds: -w 0.5 warns above 500 ms.\n"
  "\n"
  "Examples:\n"
  "  check_conn -H db.example.com -p 5432\n"
  "  check_conn -H ::1 -p 22 -w 0.1 -c 0.5 -t 3\n"
  "  check_conn -H www.example.com -p 443 -4 -v\n"
  "  check_conn --config /etc/check_conn/web.ini --group web --critical-count 10%\n"
  "  check_conn --extra-opts=web@/etc/nagios/plugins.ini -p 443\n"
  "\n"
  "--extra-opts[=[SECTION][@FILE]] reads options from an ini file, as monitoring-plugins\n"
  "do: keys are long option names (hostname = db.example.com, a bare ipv4 for a flag),\n"
  "SECTION defaults to check_conn, FILE to the first of MP_CONFIG_PATH's directories,\n"
  "/etc/monitoring-plugins.ini, /etc/nagios/plugins.ini and the other standard places.\n"
  "The command line's options win over the file's.\n";

static GOptionContext *
make_context (CcOptions *options)
{
  GOptionContext *context = g_option_context_new ("-H HOST -p PORT");
  GOptionGroup *group = g_option_group_new ("check_conn", "Check options:",
                                            "Show check options", options, NULL);
  GOptionEntry bound[G_N_ELEMENTS (entries)];

  memcpy (bound, entries, sizeof entries);
  for (guint i = 0; bound[i].long_name != NULL; i++)
    if (bound[i].arg == G_OPTION_ARG_NONE)
      bound[i].arg_data = bound[i].short_name == 'V' ? &options->show_version
                                                     : &options->show_help;
  g_option_group_add_entries (group, bound);
  /* Not the main group: GOption lists the main group last, and an admin reads -H first. */
  g_option_context_add_group (context, group);
  g_option_context_add_group (context, cc_options_plugin_group (&options->plugin));
  g_option_context_add_group (context, cc_options_protocol_group (options->endpoint));
  g_option_context_add_group (context, cc_options_diagnose_group (options->endpoint));
  g_option_context_add_group (context, cc_bulk_option_group (options->bulk));
  g_option_context_add_group (context, cc_options_pcap_group (&options->pcap));
  g_option_context_add_group (context, cc_options_output_group (&options->format));
  g_option_context_add_group (context, cc_options_icinga_group (&options->icinga));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, "Checks a TCP endpoint and diagnoses failures.");
  g_option_context_set_description (context, description);
  return context;
}

CcOptions *
cc_options_new (void)
{
  CcOptions *options = g_new0 (CcOptions, 1);
  options->endpoint = cc_endpoint_new ();
  /* A single check tells timeouts apart by default; bulk runs only where asked. */
  options->endpoint->side_probes = TRUE;
  options->plugin.endpoint = options->endpoint;
  options->bulk = cc_bulk_options_new ();
  return options;
}

void
cc_options_free (CcOptions *options)
{
  if (options == NULL)
    return;
  cc_endpoint_free (options->endpoint);
  cc_options_pcap_clear (&options->pcap);
  cc_options_icinga_clear (&options->icinga);
  cc_bulk_options_free (options->bulk);
  g_free (options);
}

static gboolean
family_conflicts (const CcEndpoint *endpoint)
{
  gboolean literal = g_hostname_is_ip_address (endpoint->host);
  gboolean ipv6 = strchr (endpoint->host, ':') != NULL;
  return literal && ((endpoint->family == CC_FAMILY_IPV4 && ipv6)
                     || (endpoint->family == CC_FAMILY_IPV6 && !ipv6));
}

/* An option a bulk run cannot apply to every endpoint, and what to do instead. */
typedef struct {
  gboolean given;
  const char *option;
  const char *instead;
} BulkRefusal;

/* In bulk mode only -t, -w, -c, -4/-6, --timeout-result and --state apply to every
 * endpoint (check_conn/bulk.c); no other option may be accepted and then ignored, as the
 * run would say OK where the single check says CRITICAL. Options that describe one
 * endpoint, the diagnosis settings included, belong in its section. */
static gboolean
check_bulk (const CcOptions *options, GError **error)
{
  const CcEndpoint *endpoint = options->endpoint;
  const CcPcapOptions *pcap = &options->pcap;
  const BulkRefusal refusals[] = {
    { endpoint->host != NULL || endpoint->port != 0, "-H/-p",
      "the config file names the endpoints" },
    { endpoint->protocol != NULL, "--protocol", "use the config key 'protocol' instead" },
    { endpoint->identify, "--identify", "use the config key 'protocol = identify' instead" },
    { endpoint->path != NULL, "--path", "use the config key 'path' instead" },
    { endpoint->host_header != NULL, "--host-header",
      "use the config key 'host-header' instead" },
    { endpoint->sni != NULL, "--sni", "use the config key 'sni' instead" },
    { endpoint->expect_status != NULL, "--expect-status",
      "use the config key 'expect-status' instead" },
    { endpoint->expect_body != NULL, "--expect-body",
      "use the config key 'expect-body' instead" },
    { endpoint->expect_regex != NULL, "--expect-regex",
      "use the config key 'expect-regex' instead" },
    { endpoint->send != NULL, "--send", "use the config key 'send' instead" },
    { endpoint->expect_reply != NULL, "--expect", "use the config key 'expect' instead" },
    { endpoint->ca_file != NULL, "--ca-file", "use the config key 'ca-file' instead" },
    { endpoint->insecure, "--insecure", "use the config key 'insecure = true' instead" },
    { endpoint->has_certificate_days, "--certificate-days",
      "use the config key 'certificate-days' instead" },
    { endpoint->tls_max_version != 0, "--tls-max", "use the config key 'tls-max' instead" },
    { endpoint->starttls, "--starttls", "use the config key 'starttls = true' instead" },
    { endpoint->implicit_tls, "--tls", "use the config key 'tls = true' instead" },
    { endpoint->source != NULL, "--source", "use the config key 'source' instead" },
    { endpoint->expect != NULL, "--expect-address",
      "use the config key 'expect-address' instead" },
    { endpoint->service_ports != NULL, "--service-port",
      "use the config key 'service-port' instead" },
    { endpoint->front_proxies != NULL, "--front-proxy-cidrs",
      "use the config key 'front-proxy-cidrs' instead" },
    { endpoint->diagnose, "--diagnose", "use the config key 'diagnose = true' instead" },
    { !endpoint->side_probes, "--no-diagnose",
      "bulk runs make side probes only where the config says 'diagnose = true'" },
    { endpoint->has_ephemeral_warn, "--ephemeral-warn",
      "use the config key 'ephemeral-warn' instead" },
    { pcap->file != NULL || pcap->filter != NULL, "--pcap",
      "give either a capture file or a config file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    if (refusals[i].given)
      {
        g_set_error (error, CC_OPTIONS_ERROR, 0, "%s and --config exclude each other; %s",
                     refusals[i].option, refusals[i].instead);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_complete (const CcOptions *options, int argc, char **argv, GError **error)
{
  if (argc > 1)
    {
      g_autofree char *quoted = cc_escape_value (argv[1]);
      g_set_error (error, CC_OPTIONS_ERROR, 0,
                   "unexpected argument %s; options start with - (see --help)", quoted);
    }
  else if (!cc_options_icinga_check (&options->icinga, options->bulk->config_path != NULL,
                                     error))
    return FALSE;
  else if (options->bulk->config_path != NULL)
    return check_bulk (options, error);
  else if (!cc_bulk_options_check (options->bulk, error))
    return FALSE;
  else if (options->pcap.file != NULL)
    return TRUE;
  else if (!cc_options_pcap_check (&options->pcap, error))
    return FALSE;
  else if (options->endpoint->host == NULL)
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "no host given; add -H HOST (a name or an address)");
  else if (options->endpoint->port == 0)
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "no port given; add -p PORT (1 to 65535)");
  else if (family_conflicts (options->endpoint))
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "-H %s is not an %s address; drop -%c or give another address",
                 options->endpoint->host,
                 options->endpoint->family == CC_FAMILY_IPV4 ? "IPv4" : "IPv6",
                 options->endpoint->family == CC_FAMILY_IPV4 ? '4' : '6');
  else
    return cc_endpoint_check_diagnosis (options->endpoint, error)
           && cc_endpoint_check_answer (options->endpoint, error)
           && cc_endpoint_check_starttls (options->endpoint, error);
  return FALSE;
}

/* One option of an --extra-opts section, parsed alone: its value is checked where the
 * file names its line. */
static gboolean
parse_one (const char *arg, GError **error)
{
  g_autoptr (CcOptions) options = cc_options_new ();
  g_autoptr (GOptionContext) context = make_context (options);
  g_auto (GStrv) args = g_strdupv ((char *[]) { "check_conn", (char *) arg, NULL });

  return g_option_context_parse_strv (context, &args, error);
}

gboolean
cc_options_parse (CcOptions *options, int argc, char **argv, GError **error)
{
  g_autoptr (GOptionContext) context = make_context (options);
  g_auto (GStrv) args = cc_extra_opts_expand (argv, parse_one, error);

  if (args == NULL)
    return FALSE;
  if (!g_option_context_parse_strv (context, &args, error))
    {
      /* GOption's own messages ("Unknown option -x") say what, not how to fix. */
      if ((*error)->domain == G_OPTION_ERROR)
        {
          char *hinted = g_strconcat ((*error)->message, "; see check_conn --help", NULL);
          g_free ((*error)->message);
          (*error)->message = hinted;
        }
      return FALSE;
    }
  if (options->show_help || options->show_version)
    return TRUE;
  return check_complete (options, (int) g_strv_length (args), args, error);
}

char *
cc_options_help (void)
{
  g_autoptr (CcOptions) options = cc_options_new ();
  g_autoptr (GOptionContext) context = make_context (options);
  return g_option_context_get_help (context, FALSE, NULL);
}
