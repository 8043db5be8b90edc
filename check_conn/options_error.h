/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inconsistent or incomplete command lines; errors from GOption keep its domain. */
#pragma once

#include <glib.h>

#define CC_OPTIONS_ERROR (cc_options_error_quark ())
GQuark cc_options_error_quark (void);
