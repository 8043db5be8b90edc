/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From what was seen to a verdict: the one judgement every mode makes. */
#pragma once

#include "diagnosis/verdict.h"

/* Judges what was seen (taking ownership of it): the connects, then the conversation's
 * verdict; diagnoses when diagnose is set (local evidence, diagnose.h); then applies the
 * endpoint's --timeout-result and --state rules. */
CcResult *cc_result_judge (CcObservation *seen, gboolean diagnose);
