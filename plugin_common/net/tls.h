/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS as a filter under the conversation (OpenSSL 3, in a module loaded when a run first
 * needs TLS: net/tls_module.h): the exchange hands it the socket,
 * it runs the handshake without blocking and then carries the protocol's bytes both
 * ways, so a dissector reads the same plain bytes over TLS as without it. OpenSSL never
 * touches the socket itself (memory BIOs): every byte the server sent during the
 * handshake is kept, so a plain-text or alert answer can still be dissected. */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "model/causes.h"
#include "model/endpoint.h"
#include "net/tls_certificate.h"
#include "net/tls_loader.h"

/* Client contexts (trust store, verification) shared by every session of a run: one per
 * CA file and --insecure setting, so a thousand endpoints load the store once. They own
 * the TLS module once loaded. */
typedef struct CcTlsClients CcTlsClients;

/* Loads nothing yet: a run without TLS never opens the module. */
CcTlsClients *cc_tls_clients_new (void);
/* Opens the TLS module ($CHECK_CONN_TLS_MODULE, else tls_openssl.so beside the
 * executable, else in $(pkglibdir)); TRUE at once when it is open. A session opens it
 * itself: this tells a run that will need TLS early, with the reason. */
gboolean cc_tls_clients_load (CcTlsClients *clients, GError **error);
void cc_tls_clients_free (CcTlsClients *clients);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsClients, cc_tls_clients_free)

typedef struct CcTlsSession CcTlsSession;

/* A session for endpoint (SNI, name to verify, CA file, --insecure); NULL with error when
 * the trust store cannot be set up (an unreadable CA file). */
CcTlsSession *cc_tls_session_new (CcTlsClients *clients, const CcEndpoint *endpoint,
                                  CcTlsAlpn alpn, GError **error);
void cc_tls_session_free (CcTlsSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsSession, cc_tls_session_free)

/* Advances the handshake on the non-blocking socket fd; every byte read from the server
 * is appended to raw as it came. */
CcTlsStatus cc_tls_handshake (CcTlsSession *session, int fd, GByteArray *raw);
/* As send(2) and recv(2) on fd, through TLS: -1 with errno EAGAIN when the socket is not
 * ready, ECONNRESET after a TLS error (cc_tls_session_failure says which). */
ssize_t cc_tls_send (CcTlsSession *session, int fd, const void *data, size_t length);
ssize_t cc_tls_recv (CcTlsSession *session, int fd, void *buffer, size_t length);

/* The negotiated version for people ("TLS 1.3") and the ALPN protocol (or NULL). */
const char *cc_tls_session_version (const CcTlsSession *session);
char *cc_tls_session_alpn (const CcTlsSession *session);

/* Judges the certificate chain the server sent (verified during the handshake). */
void cc_tls_session_judge_certificate (const CcTlsSession *session,
                                       CcTlsCertificateVerdict *verdict);
/* Why the handshake or a later read failed: a tls.* cause and words for it, or
 * CC_CAUSE_NONE when no TLS error happened (the server closed, or answered in plain
 * text). */
CcCauseId cc_tls_session_failure (const CcTlsSession *session, GString *detail);
/* The server asked for a client certificate (we send none). */
gboolean cc_tls_session_client_certificate_asked (const CcTlsSession *session);
