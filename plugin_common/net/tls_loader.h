/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds and opens the TLS module (net/tls_module.h) for its two users: a run's TLS
 * clients (net/tls.c) and the certificates a capture judges (net/tls_certificate.c). */
#pragma once

#include <glib.h>
#include <gmodule.h>

#include "net/tls_module.h"

#define CC_TLS_ERROR (cc_tls_error_quark ())
GQuark cc_tls_error_quark (void);

typedef enum {
  CC_TLS_ERROR_MODULE, /* the TLS module is missing, unloadable, or of another build */
} CcTlsError;

/* Opens the module named by $CHECK_CONN_TLS_MODULE, else tls_openssl.so beside the
 * executable, else the one in $(pkglibdir), and checks it is of this build; its table in
 * ops. NULL with error (CC_TLS_ERROR_MODULE) saying which file and why. */
GModule *cc_tls_module_open (const CcTlsOps **ops, GError **error);

/* The bytes of a CA file a user named, read through base/file.c as every such file is,
 * for the module's context_new and roots_new. */
char *cc_tls_ca_file_read (const char *path, gsize *length, GError **error);
