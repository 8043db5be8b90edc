/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --timeout-result: the state reported when the check's own -t deadline ends it, as
 * monitoring-plugins' --timeout-result / Icinga's "a plugin that times out is UNKNOWN". */
#pragma once

#include "diagnosis/verdict.h"

/* Gives a judged result the endpoint's timeout state when the deadline, and nothing else,
 * ended the check: the engine expired its lookup, a connect or its conversation
 * (seen->deadline_hit) and the verdict is that silence (timeout.*, dns.failure,
 * protocol.silent). A partial verdict, a refusal or anything else seen keeps its state. */
void cc_result_apply_timeout_result (CcResult *result);
