/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live system's TCP sockets straight from the kernel's socket diagnostics
 * (NETLINK_SOCK_DIAG, inet_diag): no text to build or parse, and the kernel walks only
 * the tables the question needs. */
#pragma once

#include "knowledge/evidence/socket_table.h"

#define CC_SOCKDIAG_ORIGIN "NETLINK_SOCK_DIAG"

/* The sockets query asks for, with the results and order of cc_sockets_proc_query () on
 * "/". NULL with CC_EVIDENCE_ERROR_READ when netlink fails (no permission, no inet_diag,
 * a kernel that rejects the filter...): the caller reads /proc instead. */
CcSocketTable *cc_sockdiag_query (const CcSocketQuery *query, GError **error);
