/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clear part of a TLS handshake (RFC 5246 7.4, RFC 8446 4), as a capture holds it:
 * the name the client asked for, and the server's first flight up to where encryption
 * begins. Up to TLS 1.2 that flight carries the server's certificates in clear; TLS 1.3
 * encrypts them. Pure, on untrusted bytes. */
#pragma once

#include <glib.h>

/* The longest chain read from a Certificate message; a longer one is not judged. */
#define CC_TLS_MAX_CHAIN 16

typedef struct {
  guint16 version;             /* what the ServerHello chose; 0 when none was read */
  GPtrArray *certificates;     /* GBytes of DER, leaf first, from a whole Certificate
                                * message; NULL when none was read */
  const char *no_certificates; /* why certificates is NULL, in words; NULL when it is not */
  gboolean certificate_request; /* the server asked for a client certificate */
  gboolean has_alert;          /* an alert in clear ended the handshake */
  guint8 alert_level;
  guint8 alert;
} CcTlsServerFlight;

/* Reads the server's bytes of a conversation (reply, from its first byte) into flight,
 * which cc_tls_server_flight_clear empties. */
void cc_tls_server_flight_read (const guint8 *reply, gsize length, CcTlsServerFlight *flight);
void cc_tls_server_flight_clear (CcTlsServerFlight *flight);

/* Whether more of the server's bytes after length may still belong to its clear
 * handshake: FALSE once a record other than a handshake record has begun (a
 * ChangeCipherSpec, an alert, application data) or the bytes are not TLS records. *checked
 * (0 at first) is where the next unread record header starts, so each call reads only the
 * record headers that arrived since the last. */
gboolean cc_tls_server_flight_continues (const guint8 *reply, gsize length, gsize *checked);

/* The host name of the ClientHello's server_name extension (RFC 6066 3) at the start of
 * request, when it has a well-formed one; NULL when not. */
char *cc_tls_client_hello_name (const guint8 *request, gsize length);
