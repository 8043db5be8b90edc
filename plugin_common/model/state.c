/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/state.h"

static const char *const state_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

const char *
cc_state_name (CcState state)
{
  return state <= CC_STATE_UNKNOWN ? state_names[state] : "UNKNOWN";
}

gboolean
cc_state_parse (const char *text, CcState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_ascii_strcasecmp (text, state_names[i]) == 0)
      {
        *state = (CcState) i;
        return TRUE;
      }
  return FALSE;
}

/* CRITICAL outranks UNKNOWN: a known failure is more urgent than a doubt. */
CcState
cc_state_worst (CcState a, CcState b)
{
  static const int rank[] = { 0, 1, 3, 2 };
  return rank[a] >= rank[b] ? a : b;
}
