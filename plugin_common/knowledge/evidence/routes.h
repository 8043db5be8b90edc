/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This host's routing decision and neighbour table for one destination, straight from
 * the kernel (NETLINK_ROUTE): whether its own routing table discards the traffic
 * (blackhole, unreachable and prohibit routes), and for traffic that leaves, the next
 * hop and whether it answered ARP (IPv4) or neighbour discovery (IPv6). */
#pragma once

#include <linux/rtnetlink.h> /* RT_TABLE_MAIN */
#include <net/if.h>

#include "base/cidr.h"
#include "knowledge/evidence/socket_table.h"

typedef enum {
  CC_ROUTE_NONE,        /* no route at all: the network is unreachable */
  CC_ROUTE_FORWARD,     /* a unicast route: the traffic leaves through next_hop */
  CC_ROUTE_LOCAL,       /* an address of this host */
  CC_ROUTE_BLACKHOLE,   /* discarded silently */
  CC_ROUTE_UNREACHABLE, /* discarded, "no route to host" */
  CC_ROUTE_PROHIBIT,    /* discarded, "administratively prohibited" */
  CC_ROUTE_OTHER,       /* multicast, broadcast, NAT...: nothing a check concludes from */
} CcRouteKind;

typedef struct {
  CcRouteKind kind;
  /* A discarding kind: the most specific route of that kind in any table that covers the
   * destination; has_prefix FALSE when only a routing rule says so. */
  gboolean has_prefix;
  CcCidr prefix;
  guint32 table;
  /* CC_ROUTE_FORWARD: the gateway, or the destination itself when it is on-link. */
  gboolean via_gateway;
  CcAddress next_hop;
  int ifindex;
  char interface[IF_NAMESIZE];
} CcRoute;

/* The kernel's route for destination (RTM_GETROUTE, as "ip route get"), then for a
 * discarding kind the route that says so. FALSE with CC_EVIDENCE_ERROR_READ when netlink
 * fails. */
gboolean cc_route_lookup (const CcAddress *destination, CcRoute *route, GError **error);
gboolean cc_route_discards (const CcRoute *route);
/* "blackhole", "unreachable", "prohibit": the words of ip-route(8). */
const char *cc_route_kind_name (CcRouteKind kind);
/* "ip route del blackhole 10.9.0.0/24" (with -6 and "table N" as needed); NULL without
 * a prefix. */
char *cc_route_delete_command (const CcRoute *route);

typedef struct {
  gboolean found; /* FALSE: no entry for the address on that interface */
  guint16 state;  /* NUD_* (linux/neighbour.h) */
} CcNeighbour;

/* The neighbour table's entry for address on interface ifindex (RTM_GETNEIGH, as
 * "ip neigh get"). */
gboolean cc_neighbour_lookup (const CcAddress *address, int ifindex, CcNeighbour *neighbour,
                              GError **error);
/* ARP or neighbour discovery asked and no answer came: INCOMPLETE (still asking) or
 * FAILED (gave up). */
gboolean cc_neighbour_unanswered (const CcNeighbour *neighbour);
/* "INCOMPLETE", "REACHABLE"...: the words of ip-neighbour(8). */
const char *cc_neighbour_state_name (guint16 state);

typedef struct {
  gboolean found;   /* FALSE: no interface has that index */
  gboolean carrier; /* operationally up (IFF_RUNNING): FALSE for a cable out, a port down */
} CcLink;

/* The state of interface ifindex (RTM_GETLINK, as "ip link show"). */
gboolean cc_link_lookup (int ifindex, CcLink *link, GError **error);
