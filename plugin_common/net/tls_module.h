/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contract between the core and the TLS module (tls_openssl.c, built as
 * tls_openssl.so): OpenSSL is linked into the module only, so a check that needs no TLS
 * never loads libssl and libcrypto. The core (net/tls.c, API in net/tls.h) opens the
 * module on the first need of a run and reaches it through this one table. The module
 * uses nothing of the core but its headers: it is linked with -z defs against GLib and
 * OpenSSL alone. A new operation is one more member at the end, filled in
 * tls_openssl.c. */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "model/causes.h"
#include "model/endpoint.h"

/* The symbol the module exports: a const CcTlsOps. */
#define CC_TLS_MODULE_SYMBOL "cc_tls_module_ops"
/* The module's file name, in $(pkglibdir) or beside the executable (the build tree). */
#define CC_TLS_MODULE_NAME "tls_openssl.so"

/* Which application protocols the client offers (ALPN). */
typedef enum {
  CC_TLS_ALPN_NONE,      /* a protocol ALPN has no name for here (SMTP, PostgreSQL) */
  CC_TLS_ALPN_HTTP1,     /* http/1.1 only: the conversation speaks HTTP/1.1 */
  CC_TLS_ALPN_ANY_HTTP,  /* h2 and http/1.1: only the handshake is checked */
} CcTlsAlpn;

typedef enum {
  CC_TLS_DONE,       /* handshake complete */
  CC_TLS_WANT_READ,
  CC_TLS_WANT_WRITE,
  CC_TLS_FAILED,     /* a TLS error: see cc_tls_session_failure */
  CC_TLS_CLOSED,     /* the server closed the connection */
  CC_TLS_RESET,      /* the socket failed (errno) */
} CcTlsStatus;

/* What the server's certificate says, once the handshake is done. */
typedef struct {
  CcCauseId cause;        /* a tls.cert_* cause, tls.name_mismatch, tls.self_signed,
                           * tls.untrusted; CC_CAUSE_NONE when it verified (or
                           * --insecure) */
  GString *detail;        /* in words; raw: certificate names are peer bytes */
  gboolean has_days_left;
  gint64 days_left;       /* whole days until the leaf certificate expires (negative
                           * when expired) */
} CcTlsCertificateVerdict;

/* A client context: trust store and verification settings, shared by sessions. */
typedef struct CcTlsContext CcTlsContext;
/* One TLS connection of the module. */
typedef struct CcTlsConnection CcTlsConnection;
/* The roots chains seen outside a live handshake (in a capture) are judged against. */
typedef struct CcTlsRoots CcTlsRoots;

/* What the module saw when TLS failed; the core turns it into a cause and words. */
typedef struct {
  int alert;               /* the last alert the server sent, -1 when none */
  int alert_level;         /* 1 warning, 2 fatal */
  gboolean client_certificate_asked;
  gboolean failed;         /* the TLS layer reported an error */
  gboolean version_refused; /* the server offers only versions below TLS 1.2 */
  const char *reason;      /* the library's words for the error (static), or NULL */
} CcTlsFailureFacts;

typedef struct {
  const char *version;     /* PACKAGE_VERSION the module was built for */
  gsize size;              /* sizeof (CcTlsOps) as the module knows it */
  /* ca_pem: the CA file's bytes (already read by the core), NULL for the system store
   * (or none with insecure); ca_name names the file in errors. */
  CcTlsContext *(*context_new) (const char *ca_pem, gsize ca_length, const char *ca_name,
                                gboolean insecure, GError **error);
  void (*context_free) (CcTlsContext *context);
  CcTlsConnection *(*connection_new) (CcTlsContext *context, const CcEndpoint *endpoint,
                                      CcTlsAlpn alpn, GError **error);
  void (*connection_free) (CcTlsConnection *connection);
  CcTlsStatus (*handshake) (CcTlsConnection *connection, int fd, GByteArray *raw);
  ssize_t (*send) (CcTlsConnection *connection, int fd, const void *data, size_t length);
  ssize_t (*recv) (CcTlsConnection *connection, int fd, void *buffer, size_t length);
  const char *(*version_name) (const CcTlsConnection *connection);
  char *(*alpn) (const CcTlsConnection *connection);
  /* Fills a cleared verdict (detail NULL) from the chain the server sent. */
  void (*judge_certificate) (const CcTlsConnection *connection,
                             CcTlsCertificateVerdict *verdict);
  void (*failure_facts) (const CcTlsConnection *connection, CcTlsFailureFacts *facts);
  /* The roots of ca_pem (as for context_new; NULL: the system store), at the live
   * client's security level, loaded once for many judgements. */
  CcTlsRoots *(*roots_new) (const char *ca_pem, gsize ca_length, const char *ca_name,
                            GError **error);
  void (*roots_free) (CcTlsRoots *roots);
  /* Fills a cleared verdict from a chain seen outside a live handshake, as the live check
   * judges it: chain holds the DER certificates (GBytes) as the server sent them, leaf
   * first; name is the one the client asked for (NULL: none is checked); at_s, seconds
   * since the epoch, the time of judgement. FALSE with error when a certificate does not
   * decode. */
  gboolean (*judge_certificates) (const CcTlsRoots *roots, GPtrArray *chain,
                                  const char *name, gint64 at_s,
                                  CcTlsCertificateVerdict *verdict, GError **error);
} CcTlsOps;
