/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bulk.h"

#include <stdio.h>
#include <unistd.h>

#include "base/escape.h"
#include "icinga_post.h"
#include "render/audit.h"
#include "render/openmetrics.h"

/* How often the progress line is redrawn, at most. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

typedef struct {
  gint64 started_us;
  gint64 drawn_us;
} Progress;

static void
draw_progress (guint done, guint total, gpointer data)
{
  Progress *progress = data;
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - progress->started_us) / (double) G_USEC_PER_SEC;
  double rate = seconds > 0 ? done / seconds : 0;

  if (done < total && now - progress->drawn_us < PROGRESS_INTERVAL_US)
    return;
  progress->drawn_us = now;
  if (done == total)
    fputs ("\r\033[K", stderr);
  else
    fprintf (stderr, "\r\033[K%u/%u endpoints, %.0f/s, ETA %.0f s", done, total, rate,
             rate > 0 ? (total - done) / rate : 0);
  fflush (stderr);
}

/* The command line's run-wide settings replace the file's, as a whole: a --state list
 * given on the command line is the only one, not added to the file's. The options that
 * describe one endpoint are refused with --config (check_conn/options.c). */
static void
apply_to_endpoint (const CcOptions *options, CcEndpoint *endpoint)
{
  const CcEndpoint *cli = options->endpoint;

  if (options->plugin.timeout_result_given)
    endpoint->timeout_result = cli->timeout_result;
  if (cli->state_overrides != NULL)
    {
      g_clear_pointer (&endpoint->state_overrides, g_array_unref);
      endpoint->state_overrides = g_array_copy (cli->state_overrides);
    }
}

static void
apply_command_line (const CcOptions *options, const CcConfig *config)
{
  const CcEndpoint *cli = options->endpoint;

  for (guint i = 0; i < config->entries->len; i++)
    {
      CcEndpoint *endpoint = ((CcConfigEntry *) config->entries->pdata[i])->endpoint;
      apply_to_endpoint (options, endpoint);
      if (options->timeout_given)
        endpoint->timeout_s = cli->timeout_s;
      if (cli->has_warning)
        {
          endpoint->warning = cli->warning;
          endpoint->has_warning = TRUE;
        }
      if (cli->has_critical)
        {
          endpoint->critical = cli->critical;
          endpoint->has_critical = TRUE;
        }
      if (cli->family != CC_FAMILY_ANY)
        endpoint->family = cli->family;
    }
}

static char *
render (const CcBulkReport *report, const CcOptions *options)
{
  switch (options->format)
    {
    case CC_FORMAT_JSON: return cc_render_bulk_json (report);
    case CC_FORMAT_CSV: return cc_render_bulk_csv (report);
    case CC_FORMAT_OPENMETRICS: return cc_render_bulk_openmetrics (report);
    default: return cc_render_bulk_nagios (report, options->verbosity);
    }
}

static int
run (const CcOptions *options, const CcConfig *config)
{
  Progress progress = { g_get_monotonic_time (), 0 };
  CcCheckOptions check = { .parallel = options->bulk->parallel };
  g_autoptr (GError) error = NULL;
  g_autoptr (CcBulkReport) report = NULL;
  g_autofree char *output = NULL;

  if (isatty (STDERR_FILENO))
    {
      check.progress = draw_progress;
      check.progress_data = &progress;
    }
  report = cc_audit_run (config, &check, &options->bulk->warning_count,
                         &options->bulk->critical_count, &error);
  if (report == NULL)
    return cc_print_unknown (error->message);
  if (options->icinga.api != NULL
      && !cc_icinga_post_report (&options->icinga, report, options->verbosity,
                                 options->endpoint->timeout_s, &error))
    return cc_print_unknown (error->message);
  output = render (report, options);
  cc_print_output (output);
  return report->all.state;
}

/* --check-config lists every error, one a line; a run says the first and how many more
 * there are, on its one status line. The loader stops at CC_CONFIG_MAX_ERRORS: then
 * there may be more than it found. */
static int
report_config_errors (const CcOptions *options, const GPtrArray *errors)
{
  const GError *first = g_ptr_array_index (errors, 0);
  const char *open_ended = errors->len >= CC_CONFIG_MAX_ERRORS ? " or" : "";
  g_autofree char *more = NULL;

  if (errors->len == 1)
    return cc_print_unknown (first->message);
  more = g_strdup_printf (" (and %u%s more error%s%s)", errors->len - 1, open_ended,
                          errors->len == 2 ? "" : "s",
                          options->bulk->check_config ? "" : "; run --check-config");
  cc_print_unknown_with (first->message, more);
  for (guint i = 1; options->bulk->check_config && i < errors->len; i++)
    cc_print_line (((const GError *) g_ptr_array_index (errors, i))->message);
  return CC_STATE_UNKNOWN;
}

int
cc_bulk_main (const CcOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  CcConfigLimits limits = cc_bulk_config_limits (options->bulk, options->endpoint->timeout_s);
  g_autoptr (CcConfig) config = cc_config_load_file_all (options->bulk->config_path, &limits,
                                                         errors);

  if (config == NULL)
    return report_config_errors (options, errors);
  if (!cc_config_select_groups (config, (const char *const *) options->bulk->groups, &error))
    return cc_print_unknown (error->message);
  if (options->bulk->check_config)
    {
      /* A file name is the user's bytes: "a|b\nCONN CRITICAL" must not forge a line. */
      g_autofree char *path = cc_escape_text (config->path);
      printf ("CONN OK - %s is valid: %u endpoint%s in %u group%s\n", path,
              config->entries->len, config->entries->len == 1 ? "" : "s",
              config->groups->len, config->groups->len == 1 ? "" : "s");
      return CC_STATE_OK;
    }
  apply_command_line (options, config);
  return run (options, config);
}
