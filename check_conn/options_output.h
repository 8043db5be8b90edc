/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The output format, one option for single checks, bulk runs and captures. */
#pragma once

#include <glib.h>

typedef enum {
  CC_FORMAT_NAGIOS,
  CC_FORMAT_JSON,
  CC_FORMAT_CSV,
  CC_FORMAT_OPENMETRICS,
} CcFormat;

/* The "output" option group, filling format; the group does not own it. */
GOptionGroup *cc_options_output_group (CcFormat *format);
