/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inconsistent or incomplete command lines; errors from GOption keep its domain. */
#pragma once

#include <glib.h>

#include "model/state.h"

#define CC_OPTIONS_ERROR (cc_options_error_quark ())
GQuark cc_options_error_quark (void);

/* Flags of every option that takes a value: the value reaches its setter as the bytes the
 * user gave. Without it GOption converts values to the locale's charset first, and a
 * non-ASCII value (-H bücher.example in the C locale) fails with "Invalid byte sequence in
 * conversion input", naming no option; the setters check the bytes and name the option. */
#define CC_OPTION_RAW G_OPTION_FLAG_FILENAME

/* When a setter failed (ok FALSE), prefixes its error with the option as the user wrote
 * it ("-p: port '123' is not a number..."); returns ok. */
gboolean cc_options_name_error (const char *option, gboolean ok, GError **error);

/* Prints "CONN UNKNOWN - message" as one line of at most 1,024 characters and returns the
 * UNKNOWN exit code. The message is check_conn's words and GLib's, printed as they are;
 * the user's values in it are already quoted (base/escape.h cc_escape_value), and
 * anything that could still break the line is escaped. */
int cc_print_unknown (const char *message);
/* The same with check_conn's own suffix, kept whole however long the message is. */
int cc_print_unknown_with (const char *message, const char *suffix);
/* A whole rendered output, ended by a line break when it has none of its own (CSV and
 * OpenMetrics end in one, the Nagios and JSON forms do not). */
void cc_print_output (const char *output);
/* A line of long output, escaped as the status line is. */
void cc_print_line (const char *message);
