/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outcome of a bulk audit (modes/audit.h) rendered for Nagios, as a JSON audit report
 * (doc/json-schema.json) or as CSV. */
#pragma once

#include <glib.h>

#include "modes/audit.h"

/* Status line with perfdata, then one line per failing endpoint, then per warning. */
char *cc_render_bulk_nagios (const CcBulkReport *report, int verbosity);
char *cc_render_bulk_json (const CcBulkReport *report);
char *cc_render_bulk_csv (const CcBulkReport *report);
