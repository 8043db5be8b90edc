/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/audit.h"

#include <string.h>

#include "base/escape.h"
#include "base/format.h"
#include "render/json.h"
#include "render/perfdata.h"

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
json_seconds (GString *out, gint64 microseconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f",
                                         microseconds / (double) G_USEC_PER_SEC));
}

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
json_attempt (GString *out, const CcAttempt *attempt)
{
  g_string_append (out, "{\"address\":");
  cc_json_append_string (out, attempt->address.text);
  g_string_append_printf (out, ",\"port\":%u,\"family\":\"%s\",\"cause\":",
                          cc_address_port (&attempt->address),
                          cc_address_family (&attempt->address) == AF_INET6 ? "ipv6" : "ipv4");
  cc_json_append_string (out, cc_cause_get (attempt->cause)->name);
  g_string_append (out, ",\"call\":");
  cc_json_append_string (out, attempt->call);
  g_string_append (out, ",\"errno\":");
  cc_json_append_string (out, attempt->error != 0 ? strerrorname_np (attempt->error) : NULL);
  g_string_append (out, ",\"error\":");
  cc_json_append_string (out, attempt->error != 0 ? g_strerror (attempt->error) : NULL);
  g_string_append (out, ",\"elapsed_s\":");
  json_seconds (out, attempt->elapsed_us);
  g_string_append_c (out, '}');
}

static void
json_evidence (GString *out, const CcResult *result)
{
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  if (result->seen->resolution->cause != CC_CAUSE_NONE)
    {
      cc_json_append_string (out, result->seen->resolution->detail);
      first = FALSE;
    }
  for (guint i = 0; i < result->seen->attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (result->seen->attempts, CcAttempt, i);
      g_autofree char *line = NULL;

      if (attempt->cause == CC_CAUSE_NONE)
        continue;
      line = cc_attempt_evidence (attempt);
      g_string_append (out, first ? "" : ",");
      cc_json_append_string (out, line);
      first = FALSE;
    }
  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      g_string_append (out, first ? "" : ",");
      cc_json_append_string (out, g_ptr_array_index (result->evidence, i));
      first = FALSE;
    }
  g_string_append_c (out, ']');
}

static void
json_optional_seconds (GString *out, gint64 microseconds)
{
  if (microseconds < 0)
    g_string_append (out, "null");
  else
    json_seconds (out, microseconds);
}

/* The conversation of an endpoint with a protocol that connected; null otherwise. */
static void
json_conversation (GString *out, const CcExchange *exchange)
{
  const CcDissector *identified;

  if (exchange == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  identified = cc_exchange_identified (exchange);
  g_string_append (out, "{\"identified\":");
  cc_json_append_string (out, identified != NULL ? identified->name : NULL);
  g_string_append_printf (out, ",\"connections\":%u,\"bytes\":%" G_GSIZE_FORMAT
                          ",\"first_byte_s\":", cc_exchange_connections (exchange),
                          cc_exchange_bytes_received (exchange));
  json_optional_seconds (out, cc_exchange_first_byte_us (exchange));
  g_string_append (out, ",\"handshake_s\":");
  json_optional_seconds (out, cc_exchange_handshake_us (exchange));
  g_string_append_c (out, '}');
}

static void
json_endpoint (GString *out, const CcConfigEntry *entry, const CcResult *result)
{
  const CcAttempt *fastest = cc_fastest_connected (result->seen->attempts);

  g_string_append (out, "{\"group\":");
  cc_json_append_string (out, entry->group->name);
  g_string_append (out, ",\"name\":");
  cc_json_append_string (out, entry->name);
  g_string_append (out, ",\"host\":");
  cc_json_append_string (out, entry->endpoint->host);
  g_string_append_printf (out, ",\"port\":%u,\"protocol\":", entry->endpoint->port);
  cc_json_append_string (out, entry->protocol);
  g_string_append_printf (out, ",\"line\":%u,\"state\":", entry->line);
  cc_json_append_string (out, cc_state_name (result->state));
  g_string_append (out, ",\"cause\":");
  cc_json_append_string (out, result->cause != CC_CAUSE_NONE ? cc_cause_get (result->cause)->name : NULL);
  g_string_append (out, ",\"detail\":");
  cc_json_append_raw (out, result->detail);
  g_string_append (out, ",\"advice\":");
  /* The endpoint's own advice (the firewall rule to fix, the port to use), as a single
   * check gives it. */
  cc_json_append_string (out, result->cause == CC_CAUSE_NONE ? NULL
                              : result->advice ?: cc_cause_get (result->cause)->advice);
  g_string_append (out, ",\"addresses\":[");
  for (guint i = 0; i < result->seen->attempts->len; i++)
    {
      g_string_append (out, i > 0 ? "," : "");
      json_attempt (out, &g_array_index (result->seen->attempts, CcAttempt, i));
    }
  g_string_append (out, "],\"evidence\":");
  json_evidence (out, result);
  g_string_append (out, ",\"timings\":{\"resolve_s\":");
  json_seconds (out, result->seen->resolution->elapsed_us);
  g_string_append (out, ",\"connect_s\":");
  if (fastest != NULL)
    json_seconds (out, fastest->elapsed_us);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"total_s\":");
  json_seconds (out, result->elapsed_us);
  g_string_append (out, "},\"conversation\":");
  json_conversation (out, result->seen->exchange);
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
  json_seconds (out, report->elapsed_us);
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

/* length raw bytes of text as one field, escaped once (base/escape.h), then quoted when
 * a comma or a quote needs it. */
static void
csv_field_bytes (GString *out, const char *text, gsize length, gboolean last)
{
  g_autofree char *safe = cc_escape_bytes ((const guint8 *) text, length);

  if (strpbrk (safe, ",\"") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = safe; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, safe);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_field (GString *out, const char *text, gboolean last)
{
  csv_field_bytes (out, text != NULL ? text : "", text != NULL ? strlen (text) : 0, last);
}

/* What answered the conversation, named by its dissector; NULL without one. */
static const char *
identified_name (const CcResult *result)
{
  const CcDissector *identified = result->seen->exchange != NULL
                                    ? cc_exchange_identified (result->seen->exchange) : NULL;
  return identified != NULL ? identified->name : NULL;
}

char *
cc_render_bulk_csv (const CcBulkReport *report)
{
  GString *out = g_string_sized_new (128 * report->results->len + 128);

  g_string_append (out, "group,name,host,port,protocol,state,cause,address,connect_s,"
                        "total_s,checked,identified,detail\r\n");
  for (guint i = 0; i < report->results->len; i++)
    {
      const CcConfigEntry *entry = report->config->entries->pdata[i];
      const CcResult *result = report->results->pdata[i];
      const CcAttempt *fastest = cc_fastest_connected (result->seen->attempts);
      const CcAttempt *shown = fastest ? fastest : result->primary;
      char port[8], connect_s[G_ASCII_DTOSTR_BUF_SIZE], total_s[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (port, sizeof port, "%u", entry->endpoint->port);
      g_ascii_formatd (connect_s, sizeof connect_s, "%.6f",
                       fastest ? fastest->elapsed_us / (double) G_USEC_PER_SEC : 0);
      g_ascii_formatd (total_s, sizeof total_s, "%.6f",
                       result->elapsed_us / (double) G_USEC_PER_SEC);
      csv_field (out, entry->group->name, FALSE);
      csv_field (out, entry->name, FALSE);
      csv_field (out, entry->endpoint->host, FALSE);
      csv_field (out, port, FALSE);
      csv_field (out, entry->protocol, FALSE);
      csv_field (out, cc_state_name (result->state), FALSE);
      csv_field (out, cc_cause_get (result->cause)->name, FALSE);
      csv_field (out, shown ? shown->address.text : NULL, FALSE);
      csv_field (out, fastest ? connect_s : NULL, FALSE);
      csv_field (out, total_s, FALSE);
      csv_field (out, cc_result_is_host_limit (result) ? "no" : "yes", FALSE);
      csv_field (out, identified_name (result), FALSE);
      csv_field_bytes (out, result->detail->str, result->detail->len, TRUE);
    }
  return g_string_free (out, FALSE);
}
