#include "check.h"

#include <string.h>
#include <sys/random.h>

#include "diagnose.h"
#include "engine.h"
#include "output.h"
#include "timeout_result.h"

char *
cc_attempt_describe (const CcAttempt *attempt, const CcEndpoint *endpoint)
{
  switch (attempt->cause)
    {
    case CC_CAUSE_NONE:
      return g_strdup_printf ("connected in %s", cc_format_duration (attempt->elapsed_us).text);
    case CC_CAUSE_REFUSED_NOT_LISTENING:
      return g_strdup_printf ("connection refused: nothing listens on port %u",
                              endpoint->port);
    case CC_CAUSE_TIMEOUT_NO_ANSWER:
      return g_strdup_printf ("connection timed out: no answer within the %g s timeout",
                              endpoint->timeout_s);
    case CC_CAUSE_CONN_ERROR:
      return g_strdup_printf ("%s failed: %s", attempt->call, g_strerror (attempt->error));
    default:
      return g_strdup (cc_cause_get (attempt->cause)->summary);
    }
}

char *
cc_attempt_evidence (const CcAttempt *attempt)
{
  g_autofree char *at = cc_address_with_port (&attempt->address);
  return g_strdup_printf ("%s() to %s failed after %s: %s (%s)", attempt->call, at,
                          cc_format_duration (attempt->elapsed_us).text,
                          g_strerror (attempt->error), strerrorname_np (attempt->error) ?: "?");
}

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

const CcAttempt *
cc_fastest_connected (const GArray *attempts)
{
  const CcAttempt *best = NULL;
  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      if (attempt->cause == CC_CAUSE_NONE && (best == NULL || attempt->elapsed_us < best->elapsed_us))
        best = attempt;
    }
  return best;
}

static void
judge_time (CcResult *result)
{
  const CcEndpoint *endpoint = result->endpoint;
  double seconds = result->primary->elapsed_us / (double) G_USEC_PER_SEC;

  if (endpoint->has_critical && cc_range_alerts (&endpoint->critical, seconds))
    result->state = CC_STATE_CRITICAL;
  else if (endpoint->has_warning && cc_range_alerts (&endpoint->warning, seconds))
    result->state = CC_STATE_WARNING;
  else
    return;
  result->cause = CC_CAUSE_RESPONSE_SLOW;
  g_free (result->detail);
  result->detail = g_strdup_printf ("connected in %s, outside the %s range %s",
                                    cc_format_duration (result->primary->elapsed_us).text,
                                    result->state == CC_STATE_CRITICAL ? "critical" : "warning",
                                    result->state == CC_STATE_CRITICAL ? endpoint->critical.text
                                                                       : endpoint->warning.text);
}

/* Some addresses work: clients that pick a failing one fail, so say which. */
static void
judge_partial (CcResult *result, const CcAttempt *failed)
{
  g_autofree char *failed_detail = cc_attempt_describe (failed, result->endpoint);
  g_autofree char *failed_at = cc_address_with_port (&failed->address);
  guint total = result->attempts->len;

  result->primary = failed;
  result->cause = CC_CAUSE_ADDRESSES_PARTIAL;
  result->state = cc_cause_get (CC_CAUSE_ADDRESSES_PARTIAL)->state;
  g_free (result->detail);
  result->detail = g_strdup_printf ("%u of %u addresses failing: %s %s (%s)",
                                    total - cc_count_connected (result->attempts), total,
                                    failed_at, failed_detail, cc_cause_get (failed->cause)->name);
}

static void
judge (CcResult *result)
{
  const CcAttempt *failed = first_attempt (result->attempts, FALSE);
  const CcAttempt *connected = cc_fastest_connected (result->attempts);

  if (connected == NULL)
    {
      result->primary = failed;
      result->cause = failed->cause;
      result->state = cc_cause_get (failed->cause)->state;
      result->detail = cc_attempt_describe (failed, result->endpoint);
      return;
    }
  result->primary = connected;
  result->detail = cc_attempt_describe (connected, result->endpoint);
  judge_time (result);
  if (failed != NULL && result->state == CC_STATE_OK)
    judge_partial (result, failed);
}

CcAttempt *
cc_result_begin_exchange (CcResult *result)
{
  CcAttempt *connected = (CcAttempt *) cc_fastest_connected (result->attempts);
  guint8 nonce[16];

  if (connected == NULL || connected->fd < 0)
    return NULL;
  if (getrandom (nonce, sizeof nonce, 0) != sizeof nonce)
    for (guint i = 0; i < sizeof nonce; i++)
      nonce[i] = (guint8) g_random_int ();
  result->exchange = cc_exchange_new (result->endpoint, nonce);
  return connected;
}

/* The conversation's verdict outranks the connect verdict unless it went well. */
static void
take_exchange_verdict (CcResult *result)
{
  if (cc_exchange_cause (result->exchange) != CC_CAUSE_NONE)
    {
      result->cause = cc_exchange_cause (result->exchange);
      result->state = cc_cause_get (result->cause)->state;
    }
  else if (result->cause != CC_CAUSE_NONE)
    return;
  g_free (result->detail);
  result->detail = g_strdup (cc_exchange_detail (result->exchange));
}

CcResult *
cc_result_new (const CcEndpoint *endpoint)
{
  CcResult *result = g_new0 (CcResult, 1);
  result->endpoint = endpoint;
  result->attempts = g_array_new (FALSE, TRUE, sizeof (CcAttempt));
  result->evidence = g_ptr_array_new_with_free_func (g_free);
  return result;
}

void
cc_result_set_resolution (CcResult *result, CcResolution *resolution)
{
  GArray *addresses = resolution->addresses;

  result->resolution = resolution;
  g_array_set_size (result->attempts, addresses->len);
  for (guint i = 0; i < addresses->len; i++)
    {
      CcAttempt *attempt = &g_array_index (result->attempts, CcAttempt, i);
      attempt->address = g_array_index (addresses, CcAddress, i);
      attempt->keep_fd = cc_endpoint_wants_exchange (result->endpoint);
      attempt->fd = -1;
    }
}

CcFamily
cc_check_family (const CcEndpoint *endpoint)
{
  /* A bound source decides the family: addresses of the other one cannot be reached. */
  if (!endpoint->has_source)
    return endpoint->family;
  return cc_address_family (&endpoint->source) == AF_INET6 ? CC_FAMILY_IPV6 : CC_FAMILY_IPV4;
}

CcProbeSettings
cc_check_probe_settings (const CcEndpoint *endpoint)
{
  CcProbeSettings settings = { endpoint->has_source ? &endpoint->source : NULL,
                               endpoint->diagnose };
  return settings;
}

void
cc_result_judge (CcResult *result, gint64 started_us, gboolean diagnose)
{
  gint64 diagnosis_started;

  if (result->resolution->cause == CC_CAUSE_NONE)
    {
      judge (result);
      if (result->exchange != NULL)
        take_exchange_verdict (result);
    }
  else
    {
      result->cause = result->resolution->cause;
      result->state = cc_cause_get (result->cause)->state;
      result->detail = g_strdup (result->resolution->detail);
    }
  diagnosis_started = g_get_monotonic_time ();
  if (diagnose)
    cc_diagnose (result, NULL);
  result->diagnosis_us = g_get_monotonic_time () - diagnosis_started;
  result->elapsed_us = g_get_monotonic_time () - started_us;
  cc_result_apply_timeout_result (result);
  cc_result_apply_state_overrides (result);
}

CcResult *
cc_check_run (const CcEndpoint *endpoint, GError **error)
{
  CcEngineOptions options = { .diagnose = TRUE };
  g_autoptr (GPtrArray) results = cc_engine_run (&endpoint, 1, &options, error);
  return results != NULL ? g_ptr_array_steal_index (results, 0) : NULL;
}

guint
cc_count_connected (const GArray *attempts)
{
  guint count = 0;
  for (guint i = 0; i < attempts->len; i++)
    count += g_array_index (attempts, CcAttempt, i).cause == CC_CAUSE_NONE;
  return count;
}

void
cc_result_free (CcResult *result)
{
  if (result == NULL)
    return;
  cc_resolution_free (result->resolution);
  g_array_unref (result->attempts);
  cc_exchange_free (result->exchange);
  g_ptr_array_unref (result->evidence);
  g_free (result->detail);
  g_free (result->advice);
  g_free (result);
}
