/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/checks.h"

#include "engine/engine.h"
#include "knowledge/evidence/interfaces.h"

typedef struct {
  const CcCheckOptions *options;
  GPtrArray *results;
  guint done;
  GArray *interfaces; /* read at the first endpoint judged on local evidence: in bulk,
                       * reading them per failing endpoint (getifaddrs) took a quarter
                       * of a silent audit's time, and they do not change within a run */
} Run;

/* Settings that only the local evidence can check ask for it for their endpoint, even
 * when the run as a whole goes without (bulk); but no late probe there: it would hold up
 * the one loop, and every other endpoint's connect with it. */
static CcDiagnosisDepth
depth_for (const CcCheckOptions *options, const CcEndpoint *endpoint)
{
  if (options->diagnose)
    return CC_DIAGNOSIS_FULL;
  if (endpoint->diagnose || endpoint->has_ephemeral_warn || endpoint->service_ports != NULL)
    return CC_DIAGNOSIS_EVIDENCE;
  return CC_DIAGNOSIS_NONE;
}

static void
judge_finished (guint index, CcObservation *seen, gpointer user_data)
{
  Run *run = user_data;

  CcDiagnosisDepth depth = depth_for (run->options, seen->endpoint);

  if (depth == CC_DIAGNOSIS_EVIDENCE && run->interfaces == NULL)
    run->interfaces = cc_interfaces_read (NULL);
  run->results->pdata[index] = cc_result_judge (seen, depth, run->interfaces);
  run->done++;
  if (run->options->progress != NULL)
    run->options->progress (run->done, run->results->len, run->options->progress_data);
}

GPtrArray *
cc_check_run_all (const CcEndpoint *const *endpoints, guint n_endpoints,
                  const CcCheckOptions *options, GError **error)
{
  static const CcCheckOptions defaults = { 0 };
  Run run = { options ? options : &defaults, NULL, 0, NULL };
  CcEngineOptions engine = { .parallel = run.options->parallel, .finished = judge_finished,
                             .user_data = &run };

  run.results = g_ptr_array_new_full (n_endpoints, (GDestroyNotify) cc_result_free);
  g_ptr_array_set_size (run.results, n_endpoints);
  if (!cc_engine_run (endpoints, n_endpoints, &engine, error))
    g_clear_pointer (&run.results, g_ptr_array_unref);
  if (run.interfaces != NULL)
    g_array_unref (run.interfaces);
  return run.results;
}

CcResult *
cc_check_run (const CcEndpoint *endpoint, GError **error)
{
  CcCheckOptions options = { .diagnose = TRUE };
  g_autoptr (GPtrArray) results = cc_check_run_all (&endpoint, 1, &options, error);
  return results != NULL ? g_ptr_array_steal_index (results, 0) : NULL;
}
