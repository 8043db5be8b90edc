/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Address prefixes ("10.0.0.0/8", "2001:db8::/32", or one address) and lists of them. */
#pragma once

#include <glib.h>

#include "base/address.h"

typedef struct {
  int family;       /* AF_INET or AF_INET6 */
  guint8 bytes[16]; /* network order; IPv4 uses the first 4 */
  guint prefix;     /* bits that must match */
} CcCidr;

#define CC_CIDR_ERROR (cc_cidr_error_quark ())
GQuark cc_cidr_error_quark (void);

typedef enum {
  CC_CIDR_ERROR_SYNTAX,
  CC_CIDR_ERROR_FILE,
} CcCidrError;

/* Accepts an IPv4 or IPv6 address, optionally followed by /PREFIX. */
gboolean cc_cidr_parse (const char *text, CcCidr *cidr, GError **error);
/* The largest prefix list file: thousands of ranges fit in a few hundred kB. */
#define CC_CIDR_LIST_MAX_BYTES (1024 * 1024)

/* Appends to list (CcCidr) every entry of a file: one per line, '#' starts a comment,
 * blank lines are skipped. Errors name the file and line. The file must be a regular file
 * of at most CC_CIDR_LIST_MAX_BYTES, read by deadline_us (monotonic; 0: none). */
gboolean cc_cidr_list_load (GArray *list, const char *path, gint64 deadline_us,
                            GError **error);

void cc_cidr_from_address (CcCidr *cidr, const CcAddress *address, guint prefix);
gboolean cc_cidr_contains (const CcCidr *cidr, const CcAddress *address);
/* The first entry of list (CcCidr) holding address, or NULL. */
const CcCidr *cc_cidr_list_find (const GArray *list, const CcAddress *address);
/* "10.0.0.0/8", or "192.0.2.7" for a single address; owned by the caller. */
char *cc_cidr_to_string (const CcCidr *cidr);

/* RFC 1918, CGNAT 100.64.0.0/10, IPv6 ULA fc00::/7 and link-local (both families). */
gboolean cc_address_is_private (const CcAddress *address);
gboolean cc_address_is_loopback (const CcAddress *address);
