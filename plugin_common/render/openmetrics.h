/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OpenMetrics text (as node_exporter's textfile collector and Prometheus read it): every
 * metric a gauge, each family's samples together after its HELP and TYPE lines, label
 * values escaped once, here, and "# EOF" at the end. */
#pragma once

#include <glib.h>

#include "diagnosis/verdict.h"
#include "modes/audit.h"

/* Appends ',name="value"' (no comma when labels is empty) with value made printable
 * ASCII by cc_escape_text (base/escape.h), then '"' and '\' escaped as the format wants. */
void cc_openmetrics_label (GString *labels, const char *name, const char *value);
/* HELP and TYPE gauge lines of a family; its samples must follow. */
void cc_openmetrics_family (GString *out, const char *name, const char *help);
/* name{labels} value, one line; labels may be empty. */
void cc_openmetrics_count (GString *out, const char *name, const char *labels, guint64 value);
void cc_openmetrics_seconds (GString *out, const char *name, const char *labels,
                             gint64 microseconds);
void cc_openmetrics_end (GString *out);

/* A single check: its state (with state and cause as labels), connect time and duration. */
char *cc_render_result_openmetrics (const CcEndpoint *endpoint, const CcResult *result);
/* A bulk run: the same per endpoint (labels group and name added), and per group its
 * state, counts and endpoints per cause. */
char *cc_render_bulk_openmetrics (const CcBulkReport *report);
