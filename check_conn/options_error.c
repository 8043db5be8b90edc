/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_error.h"

G_DEFINE_QUARK (cc-options-error-quark, cc_options_error)
