/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bulk audit: every endpoint of a config file checked in one run, and the verdicts per
 * group and overall. */
#pragma once

#include "modes/checks.h"
#include "modes/config_file.h"

typedef struct {
  const CcConfigGroup *group;
  guint total;
  guint failing;                 /* endpoints CRITICAL or UNKNOWN on their own */
  guint unchecked;               /* endpoints this host could not check (its own limits,
                                  * cc_result_is_host_limit): in no other count */
  guint warnings;                /* endpoints WARNING on their own */
  guint causes[CC_CAUSE_LAST];   /* failing and warning endpoints by cause */
  CcState state;
} CcGroupVerdict;

typedef struct {
  const CcConfig *config;        /* borrowed */
  GPtrArray *results;            /* CcResult *, one per config entry, same order */
  GArray *groups;                /* CcGroupVerdict, in config order */
  CcGroupVerdict all;            /* totals over every group (group is NULL) */
  CcGroupVerdict host;           /* this host's own condition, once for the run (group
                                  * NULL): total is the endpoints it could not check,
                                  * causes says why */
  gint64 elapsed_us;
} CcBulkReport;

/* TRUE when the verdict is about this host, not the endpoint: it ran out of local ports
 * (local.ephemeral_exhausted) or of descriptors or memory (local.resources). */
gboolean cc_result_is_host_limit (const CcResult *result);

/* Judges each group by its failing count: warning_count and critical_count, when set,
 * replace the groups' own ranges (from the config file); with no range at all, any
 * failing endpoint makes the group CRITICAL. Endpoints this host could not check count
 * in no group's failing count or ranges; they make their group, and the run, at least
 * UNKNOWN (a CRITICAL group stays CRITICAL). Takes ownership of results (CcResult *, one
 * per config entry, same order). */
CcBulkReport *cc_bulk_report_new (const CcConfig *config, GPtrArray *results,
                                  const CcCountRange *warning_count,
                                  const CcCountRange *critical_count, gint64 elapsed_us);
void cc_bulk_report_free (CcBulkReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcBulkReport, cc_bulk_report_free)

/* Checks every endpoint of config with check options (diagnose is not wanted in bulk:
 * see modes/checks.h), then judges the groups as cc_bulk_report_new. NULL only when the
 * engine cannot start. */
CcBulkReport *cc_audit_run (const CcConfig *config, const CcCheckOptions *options,
                            const CcCountRange *warning_count,
                            const CcCountRange *critical_count, GError **error);
