/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks of endpoints given one by one: the engine's observations, judged. A single check
 * is a run of one. */
#pragma once

#include "diagnosis/judge.h"

typedef void (*CcCheckProgress) (guint done, guint total, gpointer user_data);

typedef struct {
  guint parallel;           /* most sockets open at once; 0: as many as the limits allow */
  gboolean diagnose;        /* read local evidence for each failure, with --diagnose's late
                             * probes (cc_diagnose): right for one check; in bulk each
                             * failing endpoint would ask the kernel for the listening
                             * sockets again (O(failures x listeners)), and a late probe
                             * would hold up the loop. FALSE: only endpoints whose settings
                             * need local evidence get it, without late probes; the
                             * engine's side probes, made within -t, are the endpoint's
                             * own setting (endpoint->side_probes) */
  CcCheckProgress progress; /* called after each finished endpoint, or NULL */
  gpointer progress_data;
} CcCheckOptions;

/* One CcResult per endpoint, in the same order; each borrows its endpoint. NULL only when
 * the engine cannot start (error set). options may be NULL. */
GPtrArray *cc_check_run_all (const CcEndpoint *const *endpoints, guint n_endpoints,
                             const CcCheckOptions *options, GError **error);
/* One endpoint, diagnosed. */
CcResult *cc_check_run (const CcEndpoint *endpoint, GError **error);
