/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificate's verdict (CcTlsCertificateVerdict, net/tls_module.h): one judgement,
 * in the TLS module, for the chain a live handshake verified (net/tls.c) and for a chain
 * read from a capture, verified at the capture's time. A capture opens the module only
 * when it first has a certificate to judge, so one without TLS never loads OpenSSL. */
#pragma once

#include <glib.h>

#include "net/tls_module.h"

void cc_tls_certificate_verdict_clear (CcTlsCertificateVerdict *verdict);

/* The roots chains seen outside a live handshake are judged against: those of ca_file
 * (NULL: the system store), at the live client's security level. Nothing is loaded
 * yet: the module and the roots are, once, on the first judgement. */
typedef struct CcTlsTrust CcTlsTrust;

CcTlsTrust *cc_tls_trust_new (const char *ca_file);
void cc_tls_trust_free (CcTlsTrust *trust);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsTrust, cc_tls_trust_free)

/* Judges a chain seen outside a live handshake, in a capture, as the live check judges
 * it: chain holds the DER certificates (GBytes) as the server sent them, leaf first;
 * name is the one the client asked for (its SNI; NULL: no name is checked); at_s, in
 * seconds since the epoch, is the time of judgement. FALSE with error when a certificate
 * does not decode, or the module or the roots cannot be loaded (said again for every
 * chain). */
gboolean cc_tls_judge_certificates (CcTlsTrust *trust, GPtrArray *chain, const char *name,
                                    gint64 at_s, CcTlsCertificateVerdict *verdict,
                                    GError **error);
