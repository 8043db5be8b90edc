/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options for the conversation after connecting. */
#pragma once

#include "model/endpoint.h"

/* --protocol, --identify, --path, --host-header, --sni; they fill endpoint. */
GOptionGroup *cc_options_protocol_group (CcEndpoint *endpoint);
