/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificate's verdict from a chain and what verifying it found: one judgement for
 * the chain of a live handshake (net/tls.c) and for a chain read from a capture. For net/
 * only, as it speaks OpenSSL's types. */
#pragma once

#include <time.h>

#include <openssl/x509.h>

#include "net/tls.h"

/* Every problem verification found, not only the first, so the verdict can rank them. */
typedef struct {
  guint found;      /* bits, one per kind of problem */
  int other_error;  /* the first X509_V_ERR that has no bit of its own */
} CcTlsProblems;

/* Records one failed verification step (an X509_V_ERR code). */
void cc_tls_problems_note (CcTlsProblems *problems, int verify_error);
/* Adds the certificates of a PEM file a user named (through base/file.c) to store. */
gboolean cc_tls_store_add_ca_file (X509_STORE *store, const char *path, GError **error);
/* The verdict on leaf and the chain the server sent with it (sent may be NULL), as of
 * time at; problems are ignored when verified is FALSE (--insecure). */
void cc_tls_judge_chain (X509 *leaf, STACK_OF (X509) *sent, gboolean verified,
                         const CcTlsProblems *problems, time_t at,
                         CcTlsCertificateVerdict *verdict);
