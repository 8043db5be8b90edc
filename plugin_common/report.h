/* The outcome of a bulk run: verdicts per group and overall, rendered for Nagios, as a
 * JSON audit report (doc/json-schema.json) or as CSV. */
#pragma once

#include <glib.h>

#include "check.h"
#include "config.h"

typedef struct {
  const CcConfigGroup *group;
  guint total;
  guint failing;                 /* endpoints CRITICAL or UNKNOWN on their own */
  guint warnings;                /* endpoints WARNING on their own */
  guint causes[CC_CAUSE_LAST];   /* failing and warning endpoints by cause */
  CcState state;
} CcGroupVerdict;

typedef struct {
  const CcConfig *config;        /* borrowed */
  GPtrArray *results;            /* CcResult *, one per config entry, same order */
  GArray *groups;                /* CcGroupVerdict, in config order */
  CcGroupVerdict all;            /* totals over every group (group is NULL) */
  gint64 elapsed_us;
} CcBulkReport;

/* Judges each group by its failing count: warning_count and critical_count, when set,
 * replace the groups' own ranges (from the config file); with no range at all, any
 * failing endpoint makes the group CRITICAL. Takes ownership of results. */
CcBulkReport *cc_bulk_report_new (const CcConfig *config, GPtrArray *results,
                                  const CcCountRange *warning_count,
                                  const CcCountRange *critical_count, gint64 elapsed_us);
void cc_bulk_report_free (CcBulkReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcBulkReport, cc_bulk_report_free)

/* Status line with perfdata, then one line per failing endpoint, then per warning. */
char *cc_render_bulk_nagios (const CcBulkReport *report, int verbosity);
char *cc_render_bulk_json (const CcBulkReport *report);
char *cc_render_bulk_csv (const CcBulkReport *report);
