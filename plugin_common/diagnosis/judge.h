/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From what was seen to a verdict: the one judgement every mode makes. */
#pragma once

#include "diagnosis/verdict.h"

typedef enum {
  CC_DIAGNOSIS_NONE,     /* the expected addresses and proxy ranges only (no I/O) */
  CC_DIAGNOSIS_EVIDENCE, /* and local evidence, but no late probe (bulk: the engine's
                          * loop waits on the judgement) */
  CC_DIAGNOSIS_FULL,     /* and --diagnose's late probes (a single check) */
} CcDiagnosisDepth;

/* Judges what was seen (taking ownership of it): the connects, then the conversation's
 * verdict; diagnoses as deep as depth allows (diagnose.h); then applies the endpoint's
 * --timeout-result and --state rules. interfaces (CcInterfaceAddress, borrowed): this
 * host's addresses, read once for a bulk run, or NULL to read them when needed. */
CcResult *cc_result_judge (CcObservation *seen, CcDiagnosisDepth depth, GArray *interfaces);
