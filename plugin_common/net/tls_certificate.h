/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificate's verdict: one judgement for the chain a live handshake verified
 * (net/tls.c) and for a chain read from a capture, verified here at the capture's time.
 * The OpenSSL-typed part is for net/tls.c only. */
#pragma once

#include <glib.h>
#include <time.h>

#include "model/causes.h"

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

void cc_tls_certificate_verdict_clear (CcTlsCertificateVerdict *verdict);

/* The roots chains seen outside a live handshake are judged against, loaded once for
 * many judgements: those of ca_file (NULL: the system store), at the live client's
 * security level. NULL with error when ca_file gives no certificate. */
typedef struct CcTlsTrust CcTlsTrust;

CcTlsTrust *cc_tls_trust_new (const char *ca_file, GError **error);
void cc_tls_trust_free (CcTlsTrust *trust);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsTrust, cc_tls_trust_free)

/* Judges a chain seen outside a live handshake, in a capture, as the live check judges
 * it: chain holds the DER certificates (GBytes) as the server sent them, leaf first;
 * name is the one the client asked for (its SNI; NULL: no name is checked); at_s, in
 * seconds since the epoch, is the time of judgement. FALSE with error when a certificate
 * does not decode. */
gboolean cc_tls_judge_certificates (const CcTlsTrust *trust, GPtrArray *chain,
                                    const char *name, gint64 at_s,
                                    CcTlsCertificateVerdict *verdict, GError **error);

/* For net/tls.c: OpenSSL's X509, STACK_OF (X509) and X509_STORE. */
struct x509_st;
struct stack_st_X509;
struct x509_store_st;

/* Every problem verification found, not only the first, so the verdict can rank them. */
typedef struct {
  guint found;      /* bits, one per kind of problem */
  int other_error;  /* the first X509_V_ERR that has no bit of its own */
} CcTlsProblems;

/* Records one failed verification step (an X509_V_ERR code). */
void cc_tls_problems_note (CcTlsProblems *problems, int verify_error);
/* Adds the certificates of a PEM file a user named (through base/file.c) to store. */
gboolean cc_tls_store_add_ca_file (struct x509_store_st *store, const char *path,
                                   GError **error);
/* The verdict on leaf and the chain the server sent with it (sent may be NULL), as of
 * time at; problems are ignored when verified is FALSE (--insecure). */
void cc_tls_judge_chain (struct x509_st *leaf, struct stack_st_X509 *sent, gboolean verified,
                         const CcTlsProblems *problems, time_t at,
                         CcTlsCertificateVerdict *verdict);
