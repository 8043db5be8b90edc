/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bulk mode of check_conn: every endpoint of a config file in one run. */
#pragma once

#include "options.h"

/* Prints the report on stdout and returns the exit code. */
int cc_bulk_main (const CcOptions *options);
