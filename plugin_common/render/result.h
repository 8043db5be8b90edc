/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One endpoint's verdict as JSON members and as a CSV row: the same fields whether the
 * endpoint came from -H/-p or from a config file, so both reports read alike. */
#pragma once

#include <glib.h>

#include "diagnosis/verdict.h"

/* Where an endpoint comes from in a bulk run; all NULL/0 for a single check. */
typedef struct {
  const char *group;
  const char *name;
  guint line;
} CcResultOrigin;

/* The protocol column: the expected one, "identify", or "tcp". */
const char *cc_result_protocol (const CcEndpoint *endpoint);
/* The advice for the result's cause (the verdict's own when more precise); NULL when OK. */
const char *cc_result_advice (const CcResult *result);

/* "host":...,"port":...,...,"conversation":... (doc/json-schema.json, $defs/result),
 * without braces. */
void cc_result_append_json (GString *out, const CcEndpoint *endpoint, const CcResult *result);
void cc_json_append_seconds (GString *out, gint64 microseconds);

extern const char cc_result_csv_header[];
void cc_result_append_csv (GString *out, const CcResultOrigin *origin,
                           const CcEndpoint *endpoint, const CcResult *result);

/* A single check's whole output: one JSON object (doc/json-schema.json, $defs/check), or
 * the CSV header and one row. */
char *cc_render_result_json (const CcEndpoint *endpoint, const CcResult *result);
char *cc_render_result_csv (const CcEndpoint *endpoint, const CcResult *result);
