/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ethernet / Linux cooked / raw IP → IPv4 (RFC 791) or IPv6 (RFC 8200) → TCP (RFC 9293)
 * or ICMP (RFC 792) / ICMPv6 (RFC 4443) destination unreachable. */
#include "net/capture/decode.h"

#include <pcap/dlt.h>
#include <string.h>
#include <sys/socket.h>

#define ETHERTYPE_IP4 0x0800
#define ETHERTYPE_IP6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define IPPROTO_TCP_ 6
#define IPPROTO_ICMP_ 1
#define IPPROTO_ICMP6_ 58
#define ICMP4_UNREACHABLE 3
#define ICMP6_UNREACHABLE 1

/* A bounds-checked view of the frame: every read goes through have(). */
typedef struct {
  const guint8 *data;
  guint32 length;
} Span;

static gboolean
have (const Span *span, guint32 offset, guint32 count)
{
  return offset <= span->length && count <= span->length - offset;
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static Span
tail (const Span *span, guint32 offset)
{
  Span rest = { span->data + offset, span->length - offset };
  return rest;
}

gboolean
cc_linktype_supported (int linktype)
{
  switch (linktype)
    {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* BSD loopback stores the address family in host order of the capturing machine. */
static guint16
loopback_ethertype (const guint8 *p)
{
  guint32 family = p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
  if (family == 2 || family == 0x02000000)
    return ETHERTYPE_IP4;
  for (guint32 v6 = 24; v6 <= 30; v6 += 2)
    if (family == v6 || family == GUINT32_SWAP_LE_BE (v6))
      return ETHERTYPE_IP6;
  return 0;
}

/* Strips the link layer; returns the ethertype of what follows, 0 when not IP. */
static guint16
strip_link (int linktype, Span *span)
{
  guint32 offset;
  guint16 type;

  switch (linktype)
    {
    case DLT_EN10MB:
      if (!have (span, 0, 14))
        return 0;
      offset = 14;
      type = be16 (span->data + 12);
      for (int tags = 0; tags < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++)
        {
          if (!have (span, offset, 4))
            return 0;
          type = be16 (span->data + offset + 2);
          offset += 4;
        }
      break;
    case DLT_LINUX_SLL:
      if (!have (span, 0, 16))
        return 0;
      offset = 16;
      type = be16 (span->data + 14);
      break;
    case DLT_LINUX_SLL2:
      if (!have (span, 0, 20))
        return 0;
      offset = 20;
      type = be16 (span->data);
      break;
    case DLT_NULL:
    case DLT_LOOP:
      if (!have (span, 0, 4))
        return 0;
      offset = 4;
      type = loopback_ethertype (span->data);
      break;
    case DLT_IPV4:
      offset = 0;
      type = ETHERTYPE_IP4;
      break;
    case DLT_IPV6:
      offset = 0;
      type = ETHERTYPE_IP6;
      break;
    case DLT_RAW:
      if (!have (span, 0, 1))
        return 0;
      offset = 0;
      type = (span->data[0] >> 4) == 6 ? ETHERTYPE_IP6 : ETHERTYPE_IP4;
      break;
    default:
      return 0;
    }
  *span = tail (span, offset);
  return type;
}

/* An IP header, parsed: addresses, upper protocol and the payload it frames. */
typedef struct {
  int family;
  guint8 source[16];
  guint8 destination[16];
  guint8 protocol;
  Span payload;          /* captured payload bytes */
  guint32 wire_length;   /* payload length the IP header claims */
  gboolean later_fragment;
} IpPacket;

static gboolean
parse_ip4 (const Span *span, IpPacket *ip)
{
  const guint8 *p = span->data;
  guint32 header, total;

  if (!have (span, 0, 20) || (p[0] >> 4) != 4)
    return FALSE;
  header = (guint32) (p[0] & 0x0f) * 4;
  total = be16 (p + 2);
  if (header < 20 || total < header || !have (span, 0, header))
    return FALSE;
  ip->family = AF_INET;
  memcpy (ip->source, p + 12, 4);
  memcpy (ip->destination, p + 16, 4);
  ip->protocol = p[9];
  ip->later_fragment = (be16 (p + 6) & 0x1fff) != 0;
  ip->wire_length = total - header;
  ip->payload = tail (span, header);
  ip->payload.length = MIN (ip->payload.length, ip->wire_length);
  return TRUE;
}

static gboolean
is_ip6_extension (guint8 next)
{
  return next == 0 || next == 43 || next == 44 || next == 60;
}

static gboolean
parse_ip6 (const Span *span, IpPacket *ip)
{
  const guint8 *p = span->data;
  guint32 offset = 40;
  guint8 next;

  if (!have (span, 0, 40) || (p[0] >> 4) != 6)
    return FALSE;
  ip->family = AF_INET6;
  memcpy (ip->source, p + 8, 16);
  memcpy (ip->destination, p + 24, 16);
  ip->wire_length = be16 (p + 4);
  ip->later_fragment = FALSE;
  next = p[6];
  for (int hops = 0; hops < 8 && is_ip6_extension (next); hops++)
    {
      guint32 size;
      if (!have (span, offset, 8))
        return FALSE;
      size = next == 44 ? 8 : ((guint32) span->data[offset + 1] + 1) * 8;
      if (next == 44 && (be16 (span->data + offset + 2) & 0xfff8) != 0)
        ip->later_fragment = TRUE;
      if (size > ip->wire_length + 40 - offset)
        return FALSE;
      next = span->data[offset];
      offset += size;
    }
  if (is_ip6_extension (next) || !have (span, offset, 0) || offset - 40 > ip->wire_length)
    return FALSE;
  ip->protocol = next;
  ip->wire_length -= offset - 40;
  ip->payload = tail (span, offset);
  ip->payload.length = MIN (ip->payload.length, ip->wire_length);
  return TRUE;
}

static gboolean
parse_ip (const Span *span, guint16 ethertype, IpPacket *ip)
{
  memset (ip, 0, sizeof *ip);
  return ethertype == ETHERTYPE_IP4 ? parse_ip4 (span, ip) : parse_ip6 (span, ip);
}

static void
set_peers (CcSegment *segment, const IpPacket *ip, const guint8 *ports)
{
  guint32 size = ip->family == AF_INET ? 4 : 16;

  segment->family = ip->family;
  memcpy (segment->source.address, ip->source, size);
  memcpy (segment->destination.address, ip->destination, size);
  segment->source.port = be16 (ports);
  segment->destination.port = be16 (ports + 2);
}

static CcFrameKind
decode_tcp (const IpPacket *ip, CcFrame *frame)
{
  const Span *span = &ip->payload;
  CcSegment *segment = &frame->segment;
  guint32 header;

  if (!have (span, 0, 20))
    return CC_FRAME_MALFORMED;
  header = (guint32) (span->data[12] >> 4) * 4;
  if (header < 20 || header > ip->wire_length || !have (span, 0, header))
    return CC_FRAME_MALFORMED;
  set_peers (segment, ip, span->data);
  segment->seq = be32 (span->data + 4);
  segment->flags = span->data[13];
  segment->payload = span->data + header;
  segment->captured = span->length - header;
  segment->length = ip->wire_length - header;
  return CC_FRAME_TCP;
}

/* The error quotes the IP header and at least 8 bytes of the failed segment: ports and
 * sequence number are all we need. */
static CcFrameKind
decode_icmp (const IpPacket *ip, CcFrame *frame)
{
  const Span *span = &ip->payload;
  guint8 wanted_type = ip->family == AF_INET ? ICMP4_UNREACHABLE : ICMP6_UNREACHABLE;
  Span quoted;
  IpPacket inner;

  if (!have (span, 0, 8))
    return CC_FRAME_MALFORMED;
  if (span->data[0] != wanted_type)
    return CC_FRAME_OTHER;
  quoted = tail (span, 8);
  if (!parse_ip (&quoted, ip->family == AF_INET ? ETHERTYPE_IP4 : ETHERTYPE_IP6, &inner))
    return CC_FRAME_MALFORMED;
  if (inner.protocol != IPPROTO_TCP_)
    return CC_FRAME_OTHER;
  if (!have (&inner.payload, 0, 8))
    return CC_FRAME_MALFORMED;
  set_peers (&frame->segment, &inner, inner.payload.data);
  frame->segment.seq = be32 (inner.payload.data + 4);
  frame->icmp_type = span->data[0];
  frame->icmp_code = span->data[1];
  memcpy (frame->icmp_sender, ip->source, sizeof frame->icmp_sender);
  return CC_FRAME_ICMP_ERROR;
}

CcFrameKind
cc_decode_frame (int linktype, const guint8 *data, guint32 length, CcFrame *frame)
{
  Span span = { data, length };
  guint16 ethertype = strip_link (linktype, &span);
  IpPacket ip;

  memset (frame, 0, sizeof *frame);
  if (ethertype != ETHERTYPE_IP4 && ethertype != ETHERTYPE_IP6)
    frame->kind = CC_FRAME_OTHER;
  else if (!parse_ip (&span, ethertype, &ip))
    frame->kind = CC_FRAME_MALFORMED;
  else if (ip.later_fragment)
    frame->kind = CC_FRAME_OTHER;
  else if (ip.protocol == IPPROTO_TCP_)
    frame->kind = decode_tcp (&ip, frame);
  else if (ip.protocol == (ip.family == AF_INET ? IPPROTO_ICMP_ : IPPROTO_ICMP6_))
    frame->kind = decode_icmp (&ip, frame);
  else
    frame->kind = CC_FRAME_OTHER;
  return frame->kind;
}
