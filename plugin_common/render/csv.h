/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV fields (RFC 4180, CRLF lines) for every CSV output (single checks, bulk reports,
 * captures): each piece of text is escaped once, here, as it is written. */
#pragma once

#include <glib.h>

/* Appends length raw bytes as one field, made printable ASCII by cc_escape_bytes
 * (base/escape.h), quoted when a comma or a quote needs it; then "," or, for the last
 * field of a row, CRLF. */
void cc_csv_append_bytes (GString *out, const char *text, gsize length, gboolean last);
/* The same for NUL-terminated text; NULL is an empty field. */
void cc_csv_append (GString *out, const char *text, gboolean last);
