/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/classify.h"

#include <errno.h>
#include <string.h>

/* ICMP (RFC 792, 1812) and ICMPv6 (RFC 4443) destination unreachable. */
enum { DEST_UNREACH = 3, NET_UNREACH = 0, HOST_UNREACH = 1, PORT_UNREACH = 3,
       NET_PROHIBITED = 9, HOST_PROHIBITED = 10, COMM_PROHIBITED = 13 };
enum { V6_DEST_UNREACH = 1, V6_NO_ROUTE = 0, V6_ADMIN_PROHIBITED = 1, V6_ADDR_UNREACH = 3,
       V6_PORT_UNREACH = 4, V6_POLICY_FAILED = 5, V6_REJECT_ROUTE = 6 };

CcCauseId
cc_classify_connect_errno (int error)
{
  switch (error)
    {
    case 0: return CC_CAUSE_NONE;
    case ECONNREFUSED: return CC_CAUSE_REFUSED_NOT_LISTENING;
    case ETIMEDOUT: return CC_CAUSE_TIMEOUT_NO_ANSWER;
    case EHOSTUNREACH:
    case EHOSTDOWN: return CC_CAUSE_UNREACHABLE_HOST;
    case ENETUNREACH:
    case ENETDOWN:
    case EAFNOSUPPORT: return CC_CAUSE_UNREACHABLE_NET;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE: return CC_CAUSE_CONN_RESET;
    case EADDRNOTAVAIL:
    case EADDRINUSE: return CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED;
    case EACCES:
    case EPERM: return CC_CAUSE_LOCAL_BLOCKED;
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM: return CC_CAUSE_LOCAL_RESOURCES;
    default: return CC_CAUSE_CONN_ERROR;
    }
}

CcCauseId
cc_classify_call_errno (const char *call, int error)
{
  if (call != NULL && strcmp (call, "bind") == 0 && error == EADDRNOTAVAIL)
    return CC_CAUSE_LOCAL_BAD_SOURCE;
  return cc_classify_connect_errno (error);
}

CcCauseId
cc_classify_icmp (gboolean ipv6, guint8 type, guint8 code, CcCauseId fallback)
{
  if (ipv6 && type == V6_DEST_UNREACH)
    switch (code)
      {
      case V6_PORT_UNREACH: return CC_CAUSE_REFUSED_FIREWALL_REJECT;
      case V6_ADMIN_PROHIBITED:
      case V6_POLICY_FAILED:
      case V6_REJECT_ROUTE: return CC_CAUSE_UNREACHABLE_PROHIBITED;
      default: return fallback;
      }
  if (!ipv6 && type == DEST_UNREACH)
    switch (code)
      {
      case PORT_UNREACH: return CC_CAUSE_REFUSED_FIREWALL_REJECT;
      case NET_PROHIBITED:
      case HOST_PROHIBITED:
      case COMM_PROHIBITED: return CC_CAUSE_UNREACHABLE_PROHIBITED;
      default: return fallback;
      }
  return fallback;
}

const char *
cc_icmp_name (gboolean ipv6, guint8 type, guint8 code, char buffer[32])
{
  if (ipv6 && type == V6_DEST_UNREACH)
    switch (code)
      {
      case V6_NO_ROUTE: return "no route to destination";
      case V6_ADMIN_PROHIBITED: return "administratively prohibited";
      case V6_ADDR_UNREACH: return "address unreachable";
      case V6_PORT_UNREACH: return "port unreachable";
      case V6_POLICY_FAILED: return "source address failed policy";
      case V6_REJECT_ROUTE: return "reject route to destination";
      default: break;
      }
  if (!ipv6 && type == DEST_UNREACH)
    switch (code)
      {
      case NET_UNREACH: return "net unreachable";
      case HOST_UNREACH: return "host unreachable";
      case PORT_UNREACH: return "port unreachable";
      case NET_PROHIBITED: return "net prohibited";
      case HOST_PROHIBITED: return "host prohibited";
      case COMM_PROHIBITED: return "administratively prohibited";
      default: break;
      }
  g_snprintf (buffer, 32, "type %u code %u", type, code);
  return buffer;
}
