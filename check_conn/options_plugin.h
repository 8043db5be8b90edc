/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options for how check_conn behaves as a Nagios plugin. */
#pragma once

#include "model/endpoint.h"

/* --timeout-result; fills endpoint. */
GOptionGroup *cc_options_plugin_group (CcEndpoint *endpoint);
