/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversation after connecting: send the expected protocol's probe (or listen for its
 * banner), then, when the answer is not that protocol, find out what answered. A
 * non-blocking state machine driven by socket readiness: the engine's epoll loop
 * (engine/engine.c) drives it for one check and for thousands at once. */
#pragma once

#include <glib.h>

#include "base/address.h"
#include "model/causes.h"
#include "knowledge/dissect/dissect.h"
#include "model/endpoint.h"
#include "net/tls.h"

/* What the exchange waits for next. RECONNECT asks the driver to close the socket,
 * connect to the same address again and call cc_exchange_start with the new one. */
typedef enum {
  CC_EXCHANGE_DONE = 0,
  CC_EXCHANGE_WANT_READ = 1,
  CC_EXCHANGE_WANT_WRITE = 2,
  CC_EXCHANGE_RECONNECT = 4,
} CcExchangeWant;

/* Never read more than this from one connection. */
#define CC_EXCHANGE_MAX_BYTES (16 * 1024)
/* Connections one identification may use, the first included. */
#define CC_EXCHANGE_MAX_CONNECTIONS 8

typedef struct CcExchange CcExchange;

/* endpoint says what to expect (protocol, path, host header, SNI, identify) and must
 * outlive the exchange; nonce is copied (WebSocket key, TLS random). */
CcExchange *cc_exchange_new (const CcEndpoint *endpoint, const guint8 nonce[16]);
void cc_exchange_free (CcExchange *exchange);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcExchange, cc_exchange_free)

/* TLS sessions take their trust store from clients (shared by a run, outliving the
 * exchange); without this call the exchange makes its own. */
void cc_exchange_share_tls_clients (CcExchange *exchange, CcTlsClients *clients);

/* fd has just connected (non-blocking). */
CcExchangeWant cc_exchange_start (CcExchange *exchange, int fd);
/* fd became ready for what the last call asked for. */
CcExchangeWant cc_exchange_step (CcExchange *exchange, int fd);
/* The exchange's own timer: when to call cc_exchange_wake if fd stays quiet (banner
 * window over, reply window over), on the g_get_monotonic_time clock; 0 when none. */
gint64 cc_exchange_wake_at (const CcExchange *exchange);
CcExchangeWant cc_exchange_wake (CcExchange *exchange, int fd);
/* The check's deadline passed, or the driver could not reconnect: reach a verdict from
 * what has been seen so far. */
void cc_exchange_expire (CcExchange *exchange);

/* The verdict, once DONE (or expired). */
CcCauseId cc_exchange_cause (const CcExchange *exchange);
/* In words, for the status line: raw text that quotes peer bytes as they came (NUL
 * included, hence a GString with its length); the renderer escapes it. */
const GString *cc_exchange_detail (const CcExchange *exchange);
/* What answered, or NULL when nothing was recognised. */
const CcDissector *cc_exchange_identified (const CcExchange *exchange);
/* CcField items describing the reply that identified the server (raw peer bytes: escape
 * before output); never NULL. */
GPtrArray *cc_exchange_fields (const CcExchange *exchange);
/* First reply byte, from the moment the probe went out (or the connection began, for a
 * banner); the conclusive answer, from the first connection's start; -1 when none. */
gint64 cc_exchange_first_byte_us (const CcExchange *exchange);
gint64 cc_exchange_handshake_us (const CcExchange *exchange);
gsize cc_exchange_bytes_received (const CcExchange *exchange);
guint cc_exchange_connections (const CcExchange *exchange);
/* Whole days until the server's TLS certificate expires (negative: expired); FALSE when
 * no certificate was seen. */
gboolean cc_exchange_certificate_days (const CcExchange *exchange, gint64 *days);
