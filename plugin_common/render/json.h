/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON strings for every JSON output (bulk reports and captures): the one writer, so
 * each piece of text is escaped once, here, as it is written. */
#pragma once

#include <glib.h>

/* Appends length raw bytes as a JSON string, quotes included: made printable ASCII by
 * cc_escape_bytes (base/escape.h) first, so only quotes and backslashes are left for
 * JSON to escape. */
void cc_json_append_bytes (GString *out, const guint8 *bytes, gsize length);
/* The same for NUL-terminated text; NULL is written as null. */
void cc_json_append_string (GString *out, const char *text);
/* Raw text that may hold NUL bytes, as GString carries it; NULL is written as null. */
void cc_json_append_raw (GString *out, const GString *text);
