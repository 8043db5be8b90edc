/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "diagnosis/timeout_result.h"

/* The verdicts that say only "nothing came before the deadline". Any other verdict rests
 * on something that was seen (a refusal, an ICMP error, bytes), even when the deadline
 * also passed: it keeps its state. */
static gboolean
is_silence (CcCauseId cause)
{
  switch (cause)
    {
    case CC_CAUSE_TIMEOUT_NO_ANSWER:
    case CC_CAUSE_TIMEOUT_FILTERED:
    case CC_CAUSE_TIMEOUT_HOST_DOWN:
    case CC_CAUSE_TIMEOUT_PRIVATE_FOREIGN:
    case CC_CAUSE_DNS_FAILURE:
    case CC_CAUSE_PROTOCOL_SILENT:
      return TRUE;
    default:
      return FALSE;
    }
}

void
cc_result_apply_timeout_result (CcResult *result)
{
  /* Time spent after the check (--diagnose's side probes) or a deadline shorter than a
   * refusal takes to arrive does not make a verdict the deadline's: only the engine's
   * expiry of the lookup, a connect or the conversation does. */
  if (!result->seen->deadline_hit || !is_silence (result->cause))
    return;
  result->state = result->seen->endpoint->timeout_result;
}
