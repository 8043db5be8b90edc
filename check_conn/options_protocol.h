/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options for the conversation after connecting. */
#pragma once

#include "model/endpoint.h"

/* --protocol, --identify, --path, --host-header, --sni, and what the answer must hold
 * (--expect-status, --expect-body, --expect-regex, --send, --expect); they fill endpoint. */
GOptionGroup *cc_options_protocol_group (CcEndpoint *endpoint);
