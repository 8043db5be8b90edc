#include "timeout_result.h"

gboolean
cc_endpoint_set_timeout_result (CcEndpoint *endpoint, const char *text, GError **error)
{
  CcState state;

  if (!cc_state_parse (text, &state))
    {
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_TIMEOUT_RESULT,
                   "timeout result '%s' is not one of ok, warning, critical, unknown", text);
      return FALSE;
    }
  endpoint->timeout_result = state;
  return TRUE;
}

void
cc_result_apply_timeout_result (CcResult *result)
{
  gint64 timeout_us = (gint64) (result->endpoint->timeout_s * G_USEC_PER_SEC);

  /* A partial verdict was reached on the addresses that answered: the deadline only cut
   * short the ones that did not, so it did not end the check. */
  if (result->state == CC_STATE_OK || result->cause == CC_CAUSE_ADDRESSES_PARTIAL
      || result->elapsed_us < timeout_us)
    return;
  result->state = result->endpoint->timeout_result;
}
