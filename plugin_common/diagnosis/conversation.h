/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verdict on a captured conversation: the same cause ids a live check gives. */
#pragma once

#include "model/endpoint.h"
#include "net/capture/capture.h"
#include "net/tls_certificate.h"

/* Judges a finished conversation: cause, state, detail, evidence, protocols and fields.
 * settings (NULL: the defaults) are what the user said of TLS, as for a live check
 * (--insecure, --certificate-days); trust holds the roots certificates sent in clear are
 * judged against (cc_tls_trust_new: --ca-file's, or the system's; NULL: none is). */
void cc_conversation_judge (CcConversation *conversation, const CcEndpoint *settings,
                            CcTlsTrust *trust);
