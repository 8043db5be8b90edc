/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verdict on a captured conversation: the same cause ids a live check gives. */
#pragma once

#include "model/endpoint.h"
#include "net/capture/capture.h"

/* Judges a finished conversation: cause, state, detail, evidence, protocols and fields.
 * settings (NULL: the defaults) are what the user said of TLS, as for a live check: the
 * CA file, --insecure, --certificate-days. */
void cc_conversation_judge (CcConversation *conversation, const CcEndpoint *settings);
