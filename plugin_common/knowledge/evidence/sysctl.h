/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kernel settings that bound how many connections a client can open. */
#pragma once

#include <glib.h>

typedef struct {
  guint low, high;  /* net.ipv4.ip_local_port_range, inclusive */
  int tw_reuse;     /* net.ipv4.tcp_tw_reuse: 0, 1, 2; -1 when unreadable */
} CcEphemeralRange;

/* Reads ROOT/proc/sys/net/ipv4/ip_local_port_range and tcp_tw_reuse; the range is
 * required, tcp_tw_reuse is optional. */
gboolean cc_ephemeral_read (const char *root, CcEphemeralRange *range, GError **error);
guint cc_ephemeral_size (const CcEphemeralRange *range);

/* The TCP sockets of this network namespace that may hold a local port, from
 * ROOT/proc/net/sockstat ("TCP: inuse N ... tw N") and sockstat6 ("TCP6: inuse N", absent
 * without IPv6): at least as many as toward any one destination, read in one small file
 * where counting them takes a walk of the kernel's whole connection table. */
gboolean cc_tcp_sockets_read (const char *root, guint *sockets, GError **error);
