/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "diagnosis/judge.h"

#include "base/format.h"
#include "diagnosis/diagnose.h"
#include "diagnosis/timeout_result.h"

static const CcAttempt *
first_attempt (const GArray *attempts, gboolean connected)
{
  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      if ((attempt->cause == CC_CAUSE_NONE) == connected)
        return attempt;
    }
  return NULL;
}

static void
judge_time (CcResult *result)
{
  const CcEndpoint *endpoint = result->seen->endpoint;
  double seconds = result->primary->elapsed_us / (double) G_USEC_PER_SEC;
  g_autofree char *detail = NULL;

  if (endpoint->has_critical && cc_range_alerts (&endpoint->critical, seconds))
    result->state = CC_STATE_CRITICAL;
  else if (endpoint->has_warning && cc_range_alerts (&endpoint->warning, seconds))
    result->state = CC_STATE_WARNING;
  else
    return;
  result->cause = CC_CAUSE_RESPONSE_SLOW;
  detail = g_strdup_printf ("connected in %s, outside the %s range %s",
                            cc_format_duration (result->primary->elapsed_us).text,
                            result->state == CC_STATE_CRITICAL ? "critical" : "warning",
                            result->state == CC_STATE_CRITICAL ? endpoint->critical.text
                                                               : endpoint->warning.text);
  cc_result_set_detail (result, detail, -1);
}

/* Some addresses work: clients that pick a failing one fail, so say which. */
static void
judge_partial (CcResult *result, const CcAttempt *failed)
{
  g_autofree char *failed_detail = cc_attempt_describe (failed, result->seen->endpoint);
  g_autofree char *failed_at = cc_address_with_port (&failed->address);
  guint total = result->seen->attempts->len;
  g_autofree char *detail = NULL;

  result->primary = failed;
  result->cause = CC_CAUSE_ADDRESSES_PARTIAL;
  result->state = cc_cause_get (CC_CAUSE_ADDRESSES_PARTIAL)->state;
  detail = g_strdup_printf ("%u of %u addresses failing: %s %s (%s)",
                            total - cc_count_connected (result->seen->attempts), total,
                            failed_at, failed_detail, cc_cause_get (failed->cause)->name);
  cc_result_set_detail (result, detail, -1);
}

/* The engine could not begin every attempt before the deadline, for want of sockets
 * (engine/engine.h): what was tried did not connect, the rest was never tried, so the
 * endpoint is not to blame; say how much was tried and how the tried ones ended. */
static void
judge_untried (CcResult *result, guint untried)
{
  const GArray *attempts = result->seen->attempts;
  const CcAttempt *tried_failed = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tried = NULL;

  for (guint i = attempts->len; i-- > 0;)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      if (attempt->cause == CC_CAUSE_LOCAL_RESOURCES)
        result->primary = attempt;
      else
        tried_failed = attempt;
    }
  if (tried_failed != NULL)
    {
      g_autofree char *at = cc_address_with_port (&tried_failed->address);
      g_autofree char *what = cc_attempt_describe (tried_failed, result->seen->endpoint);
      tried = g_strdup_printf ("; of those tried, %s %s (%s)", at, what,
                               cc_cause_get (tried_failed->cause)->name);
    }
  result->cause = CC_CAUSE_LOCAL_RESOURCES;
  result->state = cc_cause_get (CC_CAUSE_LOCAL_RESOURCES)->state;
  detail = g_strdup_printf ("%u of %u addresses tried before the deadline: no socket was "
                            "free for the other %u (descriptor limit)%s",
                            attempts->len - untried, attempts->len, untried,
                            tried != NULL ? tried : "");
  cc_result_set_detail (result, detail, -1);
}

static guint
count_untried (const GArray *attempts)
{
  guint count = 0;
  for (guint i = 0; i < attempts->len; i++)
    count += g_array_index (attempts, CcAttempt, i).cause == CC_CAUSE_LOCAL_RESOURCES;
  return count;
}

static void
judge (CcResult *result)
{
  const CcAttempt *failed = first_attempt (result->seen->attempts, FALSE);
  const CcAttempt *connected = cc_fastest_connected (result->seen->attempts);
  guint untried = count_untried (result->seen->attempts);
  g_autofree char *detail = NULL;

  if (connected == NULL && untried > 0)
    {
      judge_untried (result, untried);
      return;
    }
  if (connected == NULL)
    {
      result->primary = failed;
      result->cause = failed->cause;
      result->state = cc_cause_get (failed->cause)->state;
      detail = cc_attempt_describe (failed, result->seen->endpoint);
      cc_result_set_detail (result, detail, -1);
      return;
    }
  result->primary = connected;
  detail = cc_attempt_describe (connected, result->seen->endpoint);
  cc_result_set_detail (result, detail, -1);
  judge_time (result);
  if (failed != NULL && result->state == CC_STATE_OK)
    judge_partial (result, failed);
}

/* --certificate-days WARN,CRIT: fewer days left than CRIT is critical. */
static gboolean
certificate_critical (const CcResult *result)
{
  const CcEndpoint *endpoint = result->seen->endpoint;
  gint64 days;

  return result->cause == CC_CAUSE_TLS_CERT_EXPIRING
         && cc_exchange_certificate_days (result->seen->exchange, &days)
         && cc_endpoint_certificate_critical (endpoint, days);
}

/* The conversation's verdict outranks the connect verdict unless it went well. */
static void
take_exchange_verdict (CcResult *result)
{
  const GString *detail;

  if (cc_exchange_cause (result->seen->exchange) != CC_CAUSE_NONE)
    {
      result->cause = cc_exchange_cause (result->seen->exchange);
      result->state = cc_cause_get (result->cause)->state;
      if (certificate_critical (result))
        result->state = CC_STATE_CRITICAL;
    }
  else if (result->cause != CC_CAUSE_NONE)
    return;
  detail = cc_exchange_detail (result->seen->exchange);
  cc_result_set_detail (result, detail->str, (gssize) detail->len);
}

static gboolean
wants_expectations (const CcEndpoint *endpoint)
{
  return endpoint->expect != NULL || endpoint->front_proxies != NULL;
}

CcResult *
cc_result_judge (CcObservation *seen, CcDiagnosisDepth depth, CcEvidenceSnapshot *evidence)
{
  CcEvidenceSource source = { .root = "/", .snapshot = evidence,
                              .no_late_probes = depth != CC_DIAGNOSIS_FULL };
  CcResult *result = g_new0 (CcResult, 1);
  gint64 diagnosis_started;

  result->seen = seen;
  if (seen->resolution->cause == CC_CAUSE_NONE)
    {
      judge (result);
      if (seen->exchange != NULL)
        take_exchange_verdict (result);
    }
  else
    {
      result->cause = seen->resolution->cause;
      result->state = cc_cause_get (result->cause)->state;
      cc_result_set_detail (result, seen->resolution->detail, -1);
    }
  diagnosis_started = g_get_monotonic_time ();
  if (depth != CC_DIAGNOSIS_NONE)
    cc_diagnose (result, &source);
  else if (wants_expectations (seen->endpoint))
    cc_diagnose_expectations (result);
  result->diagnosis_us = g_get_monotonic_time () - diagnosis_started;
  result->elapsed_us = g_get_monotonic_time () - seen->started_us;
  cc_result_apply_timeout_result (result);
  cc_result_apply_state_overrides (result);
  return result;
}
