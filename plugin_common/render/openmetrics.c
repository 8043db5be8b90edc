/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/openmetrics.h"

#include "base/escape.h"
#include "render/result.h"

void
cc_openmetrics_label (GString *labels, const char *name, const char *value)
{
  g_autofree char *safe = cc_escape_text (value != NULL ? value : "");

  g_string_append_printf (labels, "%s%s=\"", labels->len > 0 ? "," : "", name);
  /* The label reads back as the escaped text JSON and CSV show: its \xNN and \\ keep
   * their backslashes. cc_escape_text leaves no line break to escape. */
  for (const char *p = safe; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (labels, '\\');
      g_string_append_c (labels, *p);
    }
  g_string_append_c (labels, '"');
}

void
cc_openmetrics_family (GString *out, const char *name, const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
append_name (GString *out, const char *name, const char *labels)
{
  g_string_append (out, name);
  if (labels != NULL && *labels != '\0')
    g_string_append_printf (out, "{%s}", labels);
}

void
cc_openmetrics_count (GString *out, const char *name, const char *labels, guint64 value)
{
  append_name (out, name, labels);
  g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", value);
}

void
cc_openmetrics_seconds (GString *out, const char *name, const char *labels,
                        gint64 microseconds)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  append_name (out, name, labels);
  g_string_append_printf (out, " %s\n", g_ascii_formatd (text, sizeof text, "%.6f",
                                                         microseconds / (double) G_USEC_PER_SEC));
}

void
cc_openmetrics_end (GString *out)
{
  g_string_append (out, "# EOF\n");
}

/* ---- Endpoints. ---- */

static char *
endpoint_labels (const CcResultOrigin *origin, const CcEndpoint *endpoint)
{
  GString *labels = g_string_new (NULL);
  char port[8];

  g_snprintf (port, sizeof port, "%u", endpoint->port);
  if (origin->group != NULL)
    {
      cc_openmetrics_label (labels, "group", origin->group);
      cc_openmetrics_label (labels, "name", origin->name);
    }
  cc_openmetrics_label (labels, "host", endpoint->host);
  cc_openmetrics_label (labels, "port", port);
  cc_openmetrics_label (labels, "protocol", cc_result_protocol (endpoint));
  return g_string_free (labels, FALSE);
}

static char *
verdict_labels (const char *labels, const CcResult *result)
{
  GString *more = g_string_new (labels);

  cc_openmetrics_label (more, "state", cc_state_name (result->state));
  cc_openmetrics_label (more, "cause", cc_cause_get (result->cause)->name);
  return g_string_free (more, FALSE);
}

/* Each family over every endpoint, as the format wants a family's samples together;
 * labels[i] are endpoint i's. */
static void
append_endpoints (GString *out, char **labels, const CcResult *const *results, guint n)
{
  cc_openmetrics_family (out, "check_conn_endpoint_state",
                         "Endpoint state as the plugin exit code (0 OK, 1 WARNING, "
                         "2 CRITICAL, 3 UNKNOWN); labels state and cause name the verdict");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *verdict = verdict_labels (labels[i], results[i]);
      cc_openmetrics_count (out, "check_conn_endpoint_state", verdict, results[i]->state);
    }
  cc_openmetrics_family (out, "check_conn_endpoint_connect_seconds",
                         "Fastest TCP connect of the endpoint; absent when none connected");
  for (guint i = 0; i < n; i++)
    {
      const CcAttempt *fastest = cc_fastest_connected (results[i]->seen->attempts);
      if (fastest != NULL)
        cc_openmetrics_seconds (out, "check_conn_endpoint_connect_seconds", labels[i],
                                fastest->elapsed_us);
    }
  cc_openmetrics_family (out, "check_conn_endpoint_duration_seconds",
                         "Whole check of the endpoint, name resolution included");
  for (guint i = 0; i < n; i++)
    cc_openmetrics_seconds (out, "check_conn_endpoint_duration_seconds", labels[i],
                            results[i]->elapsed_us);
}

char *
cc_render_result_openmetrics (const CcEndpoint *endpoint, const CcResult *result)
{
  const CcResultOrigin none = { 0 };
  char *labels = endpoint_labels (&none, endpoint);
  GString *out = g_string_new (NULL);

  append_endpoints (out, &labels, &result, 1);
  cc_openmetrics_end (out);
  g_free (labels);
  return g_string_free (out, FALSE);
}

/* ---- Bulk runs. ---- */

static char *
group_labels (const CcGroupVerdict *verdict)
{
  GString *labels = g_string_new (NULL);
  cc_openmetrics_label (labels, "group", verdict->group->name);
  return g_string_free (labels, FALSE);
}

typedef guint (*GroupCount) (const CcGroupVerdict *verdict);

static guint group_total (const CcGroupVerdict *verdict) { return verdict->total; }
static guint group_failing (const CcGroupVerdict *verdict) { return verdict->failing; }
static guint group_warnings (const CcGroupVerdict *verdict) { return verdict->warnings; }
static guint group_unchecked (const CcGroupVerdict *verdict) { return verdict->unchecked; }

static const struct {
  const char *name;
  const char *help;
  GroupCount count;
} group_counts[] = {
  { "check_conn_group_endpoints", "Endpoints in the group", group_total },
  { "check_conn_group_failing", "Endpoints of the group CRITICAL or UNKNOWN on their own",
    group_failing },
  { "check_conn_group_warning", "Endpoints of the group WARNING on their own",
    group_warnings },
  { "check_conn_group_unchecked",
    "Endpoints of the group this host could not check for its own limits",
    group_unchecked },
};

static void
append_group_states (GString *out, const CcBulkReport *report, char **labels)
{
  cc_openmetrics_family (out, "check_conn_group_state",
                         "Group state as the plugin exit code; label state names it");
  for (guint i = 0; i < report->groups->len; i++)
    {
      const CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);
      g_autoptr (GString) state = g_string_new (labels[i]);

      cc_openmetrics_label (state, "state", cc_state_name (verdict->state));
      cc_openmetrics_count (out, "check_conn_group_state", state->str, verdict->state);
    }
}

static void
append_group_causes (GString *out, const CcBulkReport *report, char **labels)
{
  cc_openmetrics_family (out, "check_conn_group_cause_endpoints",
                         "Failing and warning endpoints of the group by cause");
  for (guint i = 0; i < report->groups->len; i++)
    {
      const CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);

      for (guint id = CC_CAUSE_NONE + 1; id < CC_CAUSE_LAST; id++)
        if (verdict->causes[id] > 0)
          {
            g_autoptr (GString) cause = g_string_new (labels[i]);
            cc_openmetrics_label (cause, "cause", cc_cause_get (id)->name);
            cc_openmetrics_count (out, "check_conn_group_cause_endpoints", cause->str,
                                  verdict->causes[id]);
          }
    }
}

static void
append_groups (GString *out, const CcBulkReport *report)
{
  g_auto (GStrv) labels = g_new0 (char *, report->groups->len + 1);

  for (guint i = 0; i < report->groups->len; i++)
    labels[i] = group_labels (&g_array_index (report->groups, CcGroupVerdict, i));
  append_group_states (out, report, labels);
  for (guint c = 0; c < G_N_ELEMENTS (group_counts); c++)
    {
      cc_openmetrics_family (out, group_counts[c].name, group_counts[c].help);
      for (guint i = 0; i < report->groups->len; i++)
        cc_openmetrics_count (out, group_counts[c].name, labels[i],
                              group_counts[c].count (&g_array_index (report->groups,
                                                                     CcGroupVerdict, i)));
    }
  append_group_causes (out, report, labels);
}

static void
append_run (GString *out, const CcBulkReport *report)
{
  cc_openmetrics_family (out, "check_conn_run_state",
                         "The run's state, the plugin exit code (worst group)");
  cc_openmetrics_count (out, "check_conn_run_state", "", report->all.state);
  cc_openmetrics_family (out, "check_conn_run_duration_seconds", "The whole bulk run");
  cc_openmetrics_seconds (out, "check_conn_run_duration_seconds", "", report->elapsed_us);
}

char *
cc_render_bulk_openmetrics (const CcBulkReport *report)
{
  guint n = report->results->len;
  g_auto (GStrv) labels = g_new0 (char *, n + 1);
  GString *out = g_string_sized_new (400 * n + 1024);

  for (guint i = 0; i < n; i++)
    {
      const CcConfigEntry *entry = report->config->entries->pdata[i];
      const CcResultOrigin origin = { entry->group->name, entry->name, entry->line };
      labels[i] = endpoint_labels (&origin, entry->endpoint);
    }
  append_run (out, report);
  append_groups (out, report);
  append_endpoints (out, labels, (const CcResult *const *) report->results->pdata, n);
  cc_openmetrics_end (out);
  return g_string_free (out, FALSE);
}
