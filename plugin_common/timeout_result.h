/* --timeout-result: the state reported when the check's own -t deadline ends it, as
 * monitoring-plugins' --timeout-result / Icinga's "a plugin that times out is UNKNOWN". */
#pragma once

#include "check.h"

/* Accepts ok, warning, critical or unknown, in any case. */
gboolean cc_endpoint_set_timeout_result (CcEndpoint *endpoint, const char *text,
                                         GError **error);

/* Gives result the endpoint's timeout state when the check failed because it ran into
 * its deadline (name resolution, connect, or any exchange that was still waiting).
 * now_us and deadline_us are on the g_get_monotonic_time clock. */
void cc_result_apply_timeout_result (CcResult *result, gint64 now_us, gint64 deadline_us);
