/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/audit.h"

gboolean
cc_result_is_host_limit (const CcResult *result)
{
  return result->cause == CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED
         || result->cause == CC_CAUSE_LOCAL_RESOURCES;
}

static void
count_result (CcGroupVerdict *verdict, const CcResult *result)
{
  verdict->total++;
  if (cc_result_is_host_limit (result))
    verdict->unchecked++;
  else if (cc_result_is_failing (result))
    verdict->failing++;
  else if (result->state == CC_STATE_WARNING)
    verdict->warnings++;
  if (result->cause != CC_CAUSE_NONE && !cc_result_is_host_limit (result))
    verdict->causes[result->cause]++;
}

static void
count_host_limit (CcGroupVerdict *host, const CcResult *result)
{
  if (!cc_result_is_host_limit (result))
    return;
  host->total++;
  host->causes[result->cause]++;
}

static CcState
judge_counts (const CcGroupVerdict *verdict, const CcCountRange *warning_count,
              const CcCountRange *critical_count)
{
  CcState state = CC_STATE_OK;
  guint checked = verdict->total - verdict->unchecked;

  if (!warning_count->is_set && !critical_count->is_set)
    state = verdict->failing > 0 ? CC_STATE_CRITICAL : CC_STATE_OK;
  else if (cc_count_range_alerts (critical_count, verdict->failing, checked))
    state = CC_STATE_CRITICAL;
  else if (cc_count_range_alerts (warning_count, verdict->failing, checked))
    state = CC_STATE_WARNING;
  if (verdict->warnings > 0)
    state = cc_state_worst (state, CC_STATE_WARNING);
  /* Not knowing about some endpoints outranks a warning, never a failure. */
  return verdict->unchecked > 0 ? cc_state_worst (state, CC_STATE_UNKNOWN) : state;
}

CcBulkReport *
cc_bulk_report_new (const CcConfig *config, GPtrArray *results,
                    const CcCountRange *warning_count, const CcCountRange *critical_count,
                    gint64 elapsed_us)
{
  CcBulkReport *report = g_new0 (CcBulkReport, 1);
  GHashTable *index = g_hash_table_new (NULL, NULL);

  report->config = config;
  report->results = results;
  report->elapsed_us = elapsed_us;
  report->groups = g_array_sized_new (FALSE, TRUE, sizeof (CcGroupVerdict),
                                      config->groups->len);
  g_array_set_size (report->groups, config->groups->len);
  for (guint i = 0; i < config->groups->len; i++)
    {
      g_array_index (report->groups, CcGroupVerdict, i).group = config->groups->pdata[i];
      g_hash_table_insert (index, config->groups->pdata[i], GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < results->len; i++)
    {
      const CcConfigEntry *entry = config->entries->pdata[i];
      guint g = GPOINTER_TO_UINT (g_hash_table_lookup (index, entry->group));
      count_result (&g_array_index (report->groups, CcGroupVerdict, g), results->pdata[i]);
      count_result (&report->all, results->pdata[i]);
      count_host_limit (&report->host, results->pdata[i]);
    }
  for (guint i = 0; i < report->groups->len; i++)
    {
      CcGroupVerdict *verdict = &g_array_index (report->groups, CcGroupVerdict, i);
      verdict->state = judge_counts (
        verdict, warning_count->is_set ? warning_count : &verdict->group->warning_count,
        critical_count->is_set ? critical_count : &verdict->group->critical_count);
      report->all.state = cc_state_worst (report->all.state, verdict->state);
    }
  g_hash_table_unref (index);
  return report;
}

void
cc_bulk_report_free (CcBulkReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->results);
  g_array_unref (report->groups);
  g_free (report);
}

CcBulkReport *
cc_audit_run (const CcConfig *config, const CcCheckOptions *options,
              const CcCountRange *warning_count, const CcCountRange *critical_count,
              GError **error)
{
  g_autofree const CcEndpoint **endpoints = g_new (const CcEndpoint *, config->entries->len);
  gint64 started_us = g_get_monotonic_time ();
  GPtrArray *results;

  for (guint i = 0; i < config->entries->len; i++)
    endpoints[i] = ((CcConfigEntry *) config->entries->pdata[i])->endpoint;
  results = cc_check_run_all (endpoints, config->entries->len, options, error);
  if (results == NULL)
    return NULL;
  return cc_bulk_report_new (config, results, warning_count, critical_count,
                             g_get_monotonic_time () - started_us);
}
