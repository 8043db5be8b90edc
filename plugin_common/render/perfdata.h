/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nagios performance data: 'label'=value[uom];[warn];[crit];[min];[max]. */
#pragma once

#include <glib.h>

#include "model/thresholds.h"

/* Appends one item, preceded by a space unless out is empty; warn, crit may be NULL. */
void cc_perfdata_append (GString *out, const char *label, double value, const char *uom,
                         const CcRange *warn, const CcRange *crit, double min);
