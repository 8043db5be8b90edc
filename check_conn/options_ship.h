/* Command-line options for how check_conn behaves as a shipped plugin. */
#pragma once

#include "options.h"

/* --timeout-result; fills options->endpoint. */
GOptionGroup *cc_options_ship_group (CcOptions *options);
