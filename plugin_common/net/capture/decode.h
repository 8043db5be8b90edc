/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding of captured frames down to the TCP segment or ICMP error they carry. Pure:
 * reads only the bytes given, through bounds checks, and allocates nothing. */
#pragma once

#include <glib.h>

/* One endpoint of a segment: address bytes (4 used for IPv4) and port. */
typedef struct {
  guint8 address[16];
  guint16 port;
} CcPeer;

#define CC_TCP_FIN 0x01
#define CC_TCP_SYN 0x02
#define CC_TCP_RST 0x04
#define CC_TCP_ACK 0x10

typedef struct {
  int family;            /* AF_INET or AF_INET6 */
  CcPeer source;
  CcPeer destination;
  guint32 seq;
  guint8 flags;          /* CC_TCP_* */
  const guint8 *payload; /* the captured part of the payload, into the frame */
  guint32 captured;      /* bytes at payload */
  guint32 length;        /* payload length on the wire, by the IP header */
} CcSegment;

typedef enum {
  CC_FRAME_OTHER,       /* not TCP nor an ICMP error about TCP: ignored */
  CC_FRAME_TCP,
  CC_FRAME_ICMP_ERROR,  /* destination unreachable about a TCP segment */
  CC_FRAME_MALFORMED,   /* claims to be IP/TCP/ICMP but its headers do not add up */
} CcFrameKind;

typedef struct {
  CcFrameKind kind;
  /* TCP: the segment. ICMP error: the segment the error quotes (payload empty), so its
   * source is the host that sent the failed packet. */
  CcSegment segment;
  guint8 icmp_type;
  guint8 icmp_code;
  guint8 icmp_sender[16]; /* who sent the ICMP error (a router or the target) */
} CcFrame;

/* Datalink types understood (pcap DLT values): Ethernet (VLAN tags skipped), Linux
 * cooked v1 and v2, raw IP, IPv4, IPv6, BSD loopback. */
gboolean cc_linktype_supported (int linktype);
CcFrameKind cc_decode_frame (int linktype, const guint8 *data, guint32 length, CcFrame *frame);
