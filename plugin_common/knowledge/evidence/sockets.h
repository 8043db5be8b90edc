/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TCP sockets of this host (or of a fixture tree): from the kernel's socket diagnostics
 * (NETLINK_SOCK_DIAG) on the live system, from /proc/net/tcp and tcp6 otherwise. */
#pragma once

#include <glib.h>

#include "knowledge/evidence/socket_table.h"

#define CC_SOCKETS_PROC_ORIGIN "/proc/net/tcp, tcp6"

/* The sockets query asks for, IPv4 first, then IPv6. ROOT "/" is the live system: asks
 * the kernel through NETLINK_SOCK_DIAG, and reads /proc when that fails for any reason.
 * Any other ROOT is a fixture tree, always read through its proc/net files. */
CcSocketTable *cc_sockets_query (const char *root, const CcSocketQuery *query,
                                 GError **error);
/* Reads ROOT/proc/net/tcp and ROOT/proc/net/tcp6 (the latter may be absent), keeping only
 * what query asks for, so a host with a million sockets costs no memory. */
CcSocketTable *cc_sockets_proc_query (const char *root, const CcSocketQuery *query,
                                      GError **error);
/* Every listening socket and, when destination is not NULL, the sockets whose remote end
 * is that address and port. */
CcSocketTable *cc_sockets_read (const char *root, const CcAddress *destination,
                                GError **error);
