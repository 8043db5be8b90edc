/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nagios plugin states, ordered so that a larger value is worse (UNKNOWN aside). */
#pragma once

#include <glib.h>

typedef enum {
  CC_STATE_OK = 0,
  CC_STATE_WARNING = 1,
  CC_STATE_CRITICAL = 2,
  CC_STATE_UNKNOWN = 3,
} CcState;

const char *cc_state_name (CcState state);
gboolean cc_state_parse (const char *text, CcState *state);
CcState cc_state_worst (CcState a, CcState b);
