/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Maps what the system reported to a cause. */
#pragma once

#include "model/causes.h"

/* errno of a failed socket() or connect() (0: connected) to a cause. */
CcCauseId cc_classify_connect_errno (int error);
/* The same for the call that failed: a failed bind() means the source address. */
CcCauseId cc_classify_call_errno (const char *call, int error);
/* The cause an ICMP error (ICMPv6 when ipv6) names when it means a firewall: port
 * unreachable (a reject rule: TCP stacks answer a closed port with a reset) or
 * administratively, host or net prohibited; otherwise fallback. */
CcCauseId cc_classify_icmp (gboolean ipv6, guint8 type, guint8 code, CcCauseId fallback);
/* "port unreachable", "administratively prohibited" and so on; "type T code C" when it
 * has no name here. Returns a static string or one in buffer. */
const char *cc_icmp_name (gboolean ipv6, guint8 type, guint8 code, char buffer[32]);
