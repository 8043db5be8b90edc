/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What an HTTP answer means for the check, beyond "it speaks HTTP": its status as
 * check_http judges it, the expected statuses and body, and the proxy or CDN in front
 * whose upstream failed. Pure, on a byte stream, so a TLS transport reuses it. */
#pragma once

#include <glib.h>

#include "model/causes.h"
#include "model/endpoint.h"

/* The body read for --expect-body and --expect-regex ends here, headers included. */
#define CC_HTTP_ANSWER_MAX_BYTES (16 * 1024)

/* Whether an answer is whole enough to judge: its header block has ended and, with_body,
 * its body is complete (Content-Length reached) or the byte cap is reached. A reply that
 * is not HTTP is "complete": nothing more would change that. */
gboolean cc_http_answer_complete (const guint8 *reply, gsize length, gboolean with_body);

/* A proxy's or CDN's answer that its upstream or origin failed (502, 503, 504, 521 to
 * 526 from a proxy its headers name): the cause, with the words appended to detail (raw
 * peer bytes, capped); CC_CAUSE_NONE when the answer is no such thing. */
CcCauseId cc_http_answer_gateway (const guint8 *reply, gsize length, GString *detail);

/* The verdict on an answer to an HTTP request for endpoint's path against its
 * expectations (--expect-status, --expect-body, --expect-regex), or check_http's
 * defaults: 4xx WARNING, 5xx CRITICAL. endpoint NULL: a request not ours (a capture's),
 * judged by the defaults. CC_CAUSE_NONE when all is well; otherwise the words are
 * appended to detail (raw peer bytes). */
CcCauseId cc_http_answer_judge (const guint8 *reply, gsize length, const CcEndpoint *endpoint,
                                GString *detail);
