/* Command-line options of the diagnosis: their own option group. */
#pragma once

#include "options.h"

GOptionGroup *cc_options_diagnose_group (CcOptions *options);
