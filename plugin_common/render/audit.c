/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/audit.h"

#include <string.h>

#include "base/escape.h"
#include "base/format.h"
#include "render/json.h"
#include "render/perfdata.h"
#include "render/result.h"

/* ---- Shared pieces. ---- */

/* Causes ordered by how many endpoints they hit, most first; ties by table order. */
static guint
sorted_causes (const CcGroupVerdict *verdict, CcCauseId *out)
{
  guint n = 0;

  for (guint id = 1; id < CC_CAUSE_LAST; id++)
    if (verdict->causes[id] > 0)
      {
        guint j = n++;
        for (; j > 0 && verdict->causes[out[j - 1]] < verdict->causes[id]; j--)
          out[j] = out[j - 1];
        out[j] = (CcCauseId) id;
      }
  return n;
}

static void
append_causes (GString *out, const CcGroupVerdict *verdict)
{
  CcCauseId ids[CC_CAUSE_LAST];
  guint n = sorted_causes (verdict, ids);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%u %s", i == 0 ? " (" : ", ", verdict->causes[ids[i]],
                            cc_cause_get (ids[i])->name);
  if (n > 0)
    g_string_append_c (out, ')');
}

static char *
endpoint_label (const CcConfigEntry *entry)
{
  const CcEndpoint *endpoint = entry->endpoint;
  const char *open = strchr (endpoint->host, ':') ? "[" : "";
  const char *close = *open ? "]" : "";

  if (entry->name != NULL)
    return g_strdup_printf ("%s/%s %s%s%s:%u", entry->group->name, entry->name, open,
                            endpoint->host, close, endpoint->port);
  return g_strdup_printf ("%s %s%s%s:%u", entry->group->name, open, endpoint->host, close,
                          endpoint->port);
}

/* ---- Nagios. ---- */

static void
append_group_summary (GString *out, const CcGroupVerdict *verdict)
{
  const char *noun = verdict->total == 1 ? "endpoint" : "endpoints";

  if (verdict->failing == 0 && verdict->warnings == 0 && verdict->unchecked == 0)
    {
      g_string_append_printf (out, "%s: %u %s OK", verdict->group->name, verdict->total, noun);
      return;
    }
  if (verdict->failing == 0 && verdict->warnings == 0)
    {
      g_string_append_printf (out, "%s: %u of %u %s OK, %u not checked", verdict->group->name,
                              verdict->total - verdict->unchecked, verdict->total, noun,
                              verdict->unchecked);
      return;
    }
  g_string_append_printf (out, "%s: ", verdict->group->name);
  if (verdict->failing > 0)
    g_string_append_printf (out, "%u of %u %s failing", verdict->failing, verdict->total,
                            noun);
  if (verdict->warnings > 0)
    g_string_append_printf (out, "%s%u of %u %s warning", verdict->failing > 0 ? ", " : "",
                            verdict->warnings, verdict->total, noun);
  if (verdict->unchecked > 0)
    g_string_append_printf (out, ", %u not checked", verdict->unchecked);
  append_causes (out, verdict);
}

/* One group: its summary. Several: the groups that are not OK, then how many are. */
static void
append_summary (GString *out, const CcBulkReport *report)
{
  guint quiet = 0;
  gboolean first = TRUE;

  for (guint i = 0; i < report->groups->len; i++)
    {
      const CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);
      if (report->groups->len > 1 && verdict->failing == 0 && verdict->warnings == 0
          && verdict->unchecked == 0)
        {
          quiet++;
          continue;
        }
      g_string_append (out, first ? "" : "; ");
      append_group_summary (out, verdict);
      first = FALSE;
    }
  if (quiet > 0)
    g_string_append_printf (out, "%s%u %s of %u endpoints OK", first ? "" : "; ", quiet,
                            quiet == 1 ? "group" : "groups", report->all.total);
  /* This host's own limits, said once for the run: not a failure of any endpoint. */
  if (report->host.total > 0)
    {
      g_string_append_printf (out, "; this host could not check %u of %u endpoints",
                              report->host.total, report->all.total);
      append_causes (out, &report->host);
    }
}

static const CcRange *
count_range_for_perfdata (const CcCountRange *count)
{
  return count->is_set && !count->percent ? &count->range : NULL;
}

static void
append_perfdata (GString *perf, const CcBulkReport *report)
{
  CcCauseId ids[CC_CAUSE_LAST];
  guint n = sorted_causes (&report->all, ids);

  cc_perfdata_append (perf, "endpoints", report->all.total, "", NULL, NULL, 0);
  cc_perfdata_append (perf, "failing", report->all.failing, "", NULL, NULL, 0);
  cc_perfdata_append (perf, "warnings", report->all.warnings, "", NULL, NULL, 0);
  if (report->host.total > 0)
    cc_perfdata_append (perf, "unchecked", report->host.total, "", NULL, NULL, 0);
  for (guint i = 0; i < n; i++)
    cc_perfdata_append (perf, cc_cause_get (ids[i])->name, report->all.causes[ids[i]], "",
                        NULL, NULL, 0);
  for (guint i = 0; i < report->groups->len; i++)
    {
      const CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);
      g_autofree char *failing = g_strdup_printf ("%s failing", verdict->group->name);
      g_autofree char *total = g_strdup_printf ("%s endpoints", verdict->group->name);

      cc_perfdata_append (perf, failing, verdict->failing, "",
                          count_range_for_perfdata (&verdict->group->warning_count),
                          count_range_for_perfdata (&verdict->group->critical_count), 0);
      cc_perfdata_append (perf, total, verdict->total, "", NULL, NULL, 0);
    }
  cc_perfdata_append (perf, "time", report->elapsed_us / (double) G_USEC_PER_SEC, "s", NULL,
                      NULL, 0);
}

static void
append_endpoint_lines (GString *out, const CcBulkReport *report, gboolean failing)
{
  for (guint i = 0; i < report->results->len; i++)
    {
      const CcResult *result = report->results->pdata[i];
      g_autofree char *label = NULL;
      g_autofree char *detail = NULL;

      if (cc_result_is_host_limit (result)
          || (failing ? !cc_result_is_failing (result) : result->state != CC_STATE_WARNING))
        continue;
      label = endpoint_label (report->config->entries->pdata[i]);
      detail = cc_escape_bytes ((const guint8 *) result->detail->str, result->detail->len);
      g_string_append_printf (out, "\n%s %s: %s (%s)", cc_state_name (result->state), label,
                              detail, cc_cause_get (result->cause)->name);
    }
}

/* The endpoints this host could not check, in one line: how many, and the first one's
 * verdict as an example. */
static void
append_host_line (GString *out, const CcBulkReport *report)
{
  for (guint i = 0; i < report->results->len; i++)
    {
      const CcResult *result = report->results->pdata[i];
      g_autofree char *label = NULL;
      g_autofree char *detail = NULL;

      if (!cc_result_is_host_limit (result))
        continue;
      label = endpoint_label (report->config->entries->pdata[i]);
      detail = cc_escape_bytes ((const guint8 *) result->detail->str, result->detail->len);
      g_string_append_printf (out, "\nthis host: could not check %u of %u endpoints; first, "
                              "%s: %s (%s)", report->host.total, report->all.total, label,
                              detail, cc_cause_get (result->cause)->name);
      return;
    }
}

static void
append_advice_for (GString *out, const CcGroupVerdict *verdict)
{
  CcCauseId ids[CC_CAUSE_LAST];
  guint n = sorted_causes (verdict, ids);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "\nadvice: %s: %s", cc_cause_get (ids[i])->name,
                            cc_cause_get (ids[i])->advice);
}

/* Advice once per cause, most frequent first, rather than once per endpoint. */
static void
append_advice (GString *out, const CcBulkReport *report)
{
  append_advice_for (out, &report->all);
  append_advice_for (out, &report->host);
}

char *
cc_render_bulk_nagios (const CcBulkReport *report, int verbosity)
{
  g_autoptr (GString) perf = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "CONN %s - ", cc_state_name (report->all.state));
  append_summary (out, report);
  append_perfdata (perf, report);
  g_string_append_printf (out, " | %s", perf->str);
  append_endpoint_lines (out, report, TRUE);
  append_endpoint_lines (out, report, FALSE);
  append_host_line (out, report);
  append_advice (out, report);
  if (verbosity >= 1)
    g_string_append_printf (out, "\ntiming: %u endpoints in %s", report->all.total,
                            cc_format_duration (report->elapsed_us).text);
  return g_string_free (out, FALSE);
}

/* ---- JSON (doc/json-schema.json). ---- */

static void
json_causes (GString *out, const CcGroupVerdict *verdict)
{
  CcCauseId ids[CC_CAUSE_LAST];
  guint n = sorted_causes (verdict, ids);

  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i > 0 ? "," : "");
      cc_json_append_string (out, cc_cause_get (ids[i])->name);
      g_string_append_printf (out, ":%u", verdict->causes[ids[i]]);
    }
  g_string_append_c (out, '}');
}

static void
json_counts (GString *out, const CcGroupVerdict *verdict)
{
  g_string_append (out, "\"state\":");
  cc_json_append_string (out, cc_state_name (verdict->state));
  g_string_append_printf (out, ",\"endpoints\":%u,\"failing\":%u,\"warnings\":%u,"
                          "\"unchecked\":%u,\"causes\":",
                          verdict->total, verdict->failing, verdict->warnings,
                          verdict->unchecked);
  json_causes (out, verdict);
}

static void
json_endpoint (GString *out, const CcConfigEntry *entry, const CcResult *result)
{
  g_string_append (out, "{\"group\":");
  cc_json_append_string (out, entry->group->name);
  g_string_append (out, ",\"name\":");
  cc_json_append_string (out, entry->name);
  g_string_append_printf (out, ",\"line\":%u,", entry->line);
  cc_result_append_json (out, entry->endpoint, result);
  g_string_append_c (out, '}');
}

char *
cc_render_bulk_json (const CcBulkReport *report)
{
  GString *out = g_string_sized_new (512 * report->results->len + 1024);
  g_autoptr (GString) summary = g_string_new (NULL);

  append_summary (summary, report);
  g_string_append (out, "{\"check_conn\":\"" PACKAGE_VERSION "\",\"config\":");
  cc_json_append_string (out, report->config->path);
  g_string_append (out, ",\"summary\":");
  cc_json_append_string (out, summary->str);
  g_string_append (out, ",\"elapsed_s\":");
  cc_json_append_seconds (out, report->elapsed_us);
  g_string_append (out, ",");
  json_counts (out, &report->all);
  g_string_append (out, ",\"host_causes\":");
  json_causes (out, &report->host);
  g_string_append (out, ",\"groups\":[");
  for (guint i = 0; i < report->groups->len; i++)
    {
      const CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);
      g_string_append (out, i > 0 ? ",\n{\"name\":" : "\n{\"name\":");
      cc_json_append_string (out, verdict->group->name);
      g_string_append_c (out, ',');
      json_counts (out, verdict);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"results\":[");
  for (guint i = 0; i < report->results->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      json_endpoint (out, report->config->entries->pdata[i], report->results->pdata[i]);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* ---- CSV (RFC 4180). ---- */

char *
cc_render_bulk_csv (const CcBulkReport *report)
{
  GString *out = g_string_sized_new (128 * report->results->len + 128);

  g_string_append (out, cc_result_csv_header);
  for (guint i = 0; i < report->results->len; i++)
    {
      const CcConfigEntry *entry = report->config->entries->pdata[i];
      const CcResultOrigin origin = { entry->group->name, entry->name, entry->line };

      cc_result_append_csv (out, &origin, entry->endpoint, report->results->pdata[i]);
    }
  return g_string_free (out, FALSE);
}
