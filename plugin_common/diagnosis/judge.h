/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From what was seen to a verdict: the one judgement every mode makes. */
#pragma once

#include "diagnosis/verdict.h"
#include "knowledge/evidence/snapshot.h"

typedef enum {
  CC_DIAGNOSIS_NONE,     /* the expected addresses and proxy ranges only (no I/O) */
  CC_DIAGNOSIS_EVIDENCE, /* and local evidence, but no late probe (bulk: the engine's
                          * loop waits on the judgement) */
  CC_DIAGNOSIS_FULL,     /* and --diagnose's late probes (a single check) */
} CcDiagnosisDepth;

/* Judges what was seen (taking ownership of it): the connects, then the conversation's
 * verdict; diagnoses as deep as depth allows (diagnose.h), from evidence, the live
 * system's snapshot shared by the run (NULL: read for this judgement alone); then applies
 * the endpoint's --timeout-result and --state rules. */
CcResult *cc_result_judge (CcObservation *seen, CcDiagnosisDepth depth,
                           CcEvidenceSnapshot *evidence);
