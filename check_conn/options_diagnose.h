/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options of the diagnosis: their own option group. */
#pragma once

#include "model/endpoint.h"

/* --expect-address, --front-proxy-cidrs, --source, --state, --ephemeral-warn,
 * --service-port, --diagnose; they fill endpoint. */
GOptionGroup *cc_options_diagnose_group (CcEndpoint *endpoint);
