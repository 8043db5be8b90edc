/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numbers and times in words, as every output shows them. */
#pragma once

#include <glib.h>

typedef struct {
  char text[32];
} CcDurationText;

/* "0.4 ms", "250.0 ms", "1.50 s": by value, so it can sit inside a printf call. */
CcDurationText cc_format_duration (gint64 microseconds);

/* Fixed notation, microsecond precision, no trailing zeros: every grapher parses it. */
void cc_format_number (GString *out, double value);
