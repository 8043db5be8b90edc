/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nagios plugin output of a single check: status line, perfdata and long output. */
#pragma once

#include "diagnosis/verdict.h"

/* The whole plugin output: one status line, then long output lines per verbosity. */
char *cc_render_nagios (const CcResult *result, int verbosity);
