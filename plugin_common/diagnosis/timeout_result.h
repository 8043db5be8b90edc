/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --timeout-result: the state reported when the check's own -t deadline ends it, as
 * monitoring-plugins' --timeout-result / Icinga's "a plugin that times out is UNKNOWN". */
#pragma once

#include "diagnosis/verdict.h"

/* Gives a judged result the endpoint's timeout state when the check failed because it ran
 * into its deadline (name resolution, connect, or any exchange that was still waiting):
 * when result->elapsed_us reached the endpoint's timeout. */
void cc_result_apply_timeout_result (CcResult *result);
