/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "diagnosis/timeout_result.h"

void
cc_result_apply_timeout_result (CcResult *result)
{
  gint64 timeout_us = (gint64) (result->seen->endpoint->timeout_s * G_USEC_PER_SEC);

  /* A partial verdict was reached on the addresses that answered: the deadline only cut
   * short the ones that did not, so it did not end the check. */
  /* Nor when this host's limits kept it from trying every address (local.resources):
   * the deadline ended the wait for sockets, the verdict is about this host. */
  if (result->state == CC_STATE_OK || result->cause == CC_CAUSE_ADDRESSES_PARTIAL
      || result->cause == CC_CAUSE_LOCAL_RESOURCES || result->elapsed_us < timeout_us)
    return;
  result->state = result->seen->endpoint->timeout_result;
}
