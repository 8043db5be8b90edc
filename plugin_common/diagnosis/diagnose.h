/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns local evidence into a precise cause: why did this check fail, and what to do. */
#pragma once

#include "diagnosis/verdict.h"

typedef struct {
  const char *root;   /* "/" for the live system, or the top of a fixture tree */
  GArray *interfaces; /* CcInterfaceAddress (borrowed); NULL: getifaddrs when needed */
  char **envp;        /* where proxy variables are looked up (borrowed); NULL: environ */
  gboolean no_late_probes; /* never connect anywhere: the engine's loop waits on this
                            * diagnosis (a bulk run), and a late probe would hold up
                            * every other endpoint's connect for its whole budget */
} CcEvidenceSource;

/* Refines result after the connect phase: reads evidence only when the check failed or a
 * setting of the endpoint asks for it, and adds evidence lines and advice. A timeout is
 * told apart by the side probes the engine made within the deadline (seen->side_probes);
 * after a remote refusal, --diagnose probes the service's other ports for up to 2 s (at
 * most the check's timeout). source NULL means the live system. */
void cc_diagnose (CcResult *result, const CcEvidenceSource *source);
/* Only the part of cc_diagnose that reads nothing: the resolved addresses against the
 * endpoint's expected addresses and front-proxy ranges. Bulk runs judge every endpoint so,
 * as the check costs no I/O; result->evidence must exist. */
void cc_diagnose_expectations (CcResult *result);

/* The state the endpoint's --state overrides give the verdict's cause. Applied last: a
 * per-cause choice is more specific than any general rule (such as --timeout-result). */
void cc_result_apply_state_overrides (CcResult *result);
