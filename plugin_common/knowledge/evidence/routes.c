/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NETLINK_ROUTE reader (rtnetlink(7)). The kernel answers a route lookup for a discarding
 * route with an error instead of the route (the errno connect() gives: EINVAL for a
 * blackhole, EHOSTUNREACH for unreachable, EACCES for prohibit), even with
 * RTM_F_FIB_MATCH; the route itself, to name its prefix, comes from a dump of the
 * tables. Read only after a failure: a success costs nothing here. */
#include "knowledge/evidence/routes.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What ip reads with: the kernel sizes its dump messages to the reader's buffer. */
#define RECEIVE_BYTES 32768
/* The kernel answers at once; this only bounds a wait that should never happen. */
#define ANSWER_TIMEOUT_US (500 * 1000)

typedef void (*MessageFunc) (const struct nlmsghdr *header, gpointer data);

static int
open_route_socket (GError **error)
{
  struct timeval timeout = { 0, ANSWER_TIMEOUT_US };
  int strict = 1;
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

  if (fd < 0)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "socket(AF_NETLINK, NETLINK_ROUTE): %s", g_strerror (errno));
      return -1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  /* Kernels before 4.20 lack it and read the requests as they always did. */
  setsockopt (fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &strict, sizeof strict);
  return fd;
}

static GByteArray *
new_request (guint16 type, guint16 flags, const void *body, gsize body_length)
{
  struct nlmsghdr header = { .nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST | flags,
                             .nlmsg_seq = 1 };
  GByteArray *message = g_byte_array_new ();

  g_byte_array_append (message, (const guint8 *) &header, sizeof header);
  g_byte_array_append (message, body, body_length);
  return message;
}

static void
add_attribute (GByteArray *message, guint16 type, const void *data, gsize length)
{
  static const guint8 padding[RTA_ALIGNTO] = { 0 };
  struct rtattr attribute = { .rta_len = (unsigned short) RTA_LENGTH (length), .rta_type = type };

  g_byte_array_append (message, (const guint8 *) &attribute, sizeof attribute);
  g_byte_array_append (message, data, length);
  g_byte_array_append (message, padding, RTA_ALIGN (length) - length);
}

static gboolean
send_request (int fd, GByteArray *message, GError **error)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

  ((struct nlmsghdr *) message->data)->nlmsg_len = message->len;
  if (sendto (fd, message->data, message->len, 0, (const struct sockaddr *) &kernel,
              sizeof kernel) == (ssize_t) message->len)
    return TRUE;
  g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
               "sending an rtnetlink request: %s", g_strerror (errno));
  return FALSE;
}

/* The errno an NLMSG_ERROR message carries (0: an acknowledgement). */
static int
error_code (const struct nlmsghdr *header)
{
  struct nlmsgerr answer = { 0 };

  memcpy (&answer, NLMSG_DATA (header), MIN (sizeof answer, NLMSG_PAYLOAD (header, 0)));
  return -answer.error;
}

/* One datagram: hands each message to func; TRUE when the answer is complete. */
static gboolean
read_datagram (const guint8 *buffer, int left, gboolean dump, MessageFunc func, gpointer data,
               int *code)
{
  for (const struct nlmsghdr *header = (const struct nlmsghdr *) buffer; NLMSG_OK (header, left);
       header = NLMSG_NEXT (header, left))
    {
      if (header->nlmsg_type == NLMSG_ERROR)
        {
          *code = error_code (header);
          return TRUE;
        }
      if (header->nlmsg_type == NLMSG_DONE)
        return TRUE;
      func (header, data);
    }
  return !dump;
}

/* Sends message and reads the kernel's answer through func. Returns the errno the kernel
 * answered with (0: none), or -1 with error set when the exchange itself failed. */
static int
ask_kernel (GByteArray *message, MessageFunc func, gpointer data, GError **error)
{
  gboolean dump = (((struct nlmsghdr *) message->data)->nlmsg_flags & NLM_F_DUMP) != 0;
  g_autofree guint8 *buffer = g_malloc (RECEIVE_BYTES);
  gboolean complete = FALSE;
  int code = 0;
  int fd = open_route_socket (error);

  if (fd < 0)
    return -1;
  if (!send_request (fd, message, error))
    code = -1;
  while (code >= 0 && !complete)
    {
      ssize_t received = recv (fd, buffer, RECEIVE_BYTES, 0);
      if (received < 0)
        {
          g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                       "reading an rtnetlink answer: %s", g_strerror (errno));
          code = -1;
        }
      else
        complete = read_datagram (buffer, (int) received, dump, func, data, &code);
    }
  close (fd);
  return code;
}

static const guint8 *
address_bytes (const CcAddress *address)
{
  if (cc_address_family (address) == AF_INET6)
    return (const guint8 *) &((const struct sockaddr_in6 *) &address->sockaddr)->sin6_addr;
  return (const guint8 *) &((const struct sockaddr_in *) &address->sockaddr)->sin_addr;
}

static guint
address_length (int family)
{
  return family == AF_INET6 ? 16 : 4;
}

/* An address from the raw bytes of an attribute; FALSE when they do not fit family. */
static gboolean
set_address (CcAddress *address, int family, const void *bytes, gsize length)
{
  struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
  struct sockaddr_in v4 = { .sin_family = AF_INET };

  if (length != address_length (family))
    return FALSE;
  if (family == AF_INET6)
    {
      memcpy (&v6.sin6_addr, bytes, length);
      cc_address_set (address, (const struct sockaddr *) &v6, sizeof v6);
    }
  else
    {
      memcpy (&v4.sin_addr, bytes, length);
      cc_address_set (address, (const struct sockaddr *) &v4, sizeof v4);
    }
  return TRUE;
}

/* --- the route --- */

static CcRouteKind
kind_of_type (guint8 type)
{
  switch (type)
    {
    case RTN_UNICAST: return CC_ROUTE_FORWARD;
    case RTN_LOCAL: return CC_ROUTE_LOCAL;
    case RTN_BLACKHOLE: return CC_ROUTE_BLACKHOLE;
    case RTN_UNREACHABLE: return CC_ROUTE_UNREACHABLE;
    case RTN_PROHIBIT: return CC_ROUTE_PROHIBIT;
    default: return CC_ROUTE_OTHER;
    }
}

static guint8
type_of_kind (CcRouteKind kind)
{
  switch (kind)
    {
    case CC_ROUTE_BLACKHOLE: return RTN_BLACKHOLE;
    case CC_ROUTE_UNREACHABLE: return RTN_UNREACHABLE;
    case CC_ROUTE_PROHIBIT: return RTN_PROHIBIT;
    default: return RTN_UNSPEC;
    }
}

/* The errno of a lookup the kernel refused is the route's own (fib_props in the kernel). */
static gboolean
kind_of_refusal (int code, CcRouteKind *kind)
{
  switch (code)
    {
    case EINVAL: *kind = CC_ROUTE_BLACKHOLE; return TRUE;
    case EHOSTUNREACH: *kind = CC_ROUTE_UNREACHABLE; return TRUE;
    case EACCES:
    case EPERM: *kind = CC_ROUTE_PROHIBIT; return TRUE;
    case ENETUNREACH: *kind = CC_ROUTE_NONE; return TRUE;
    default: return FALSE;
    }
}

static void
read_lookup_answer (const struct nlmsghdr *header, gpointer data)
{
  CcRoute *route = data;
  const struct rtmsg *message = NLMSG_DATA (header);
  int left = (int) RTM_PAYLOAD (header);

  if (header->nlmsg_type != RTM_NEWROUTE || header->nlmsg_len < NLMSG_LENGTH (sizeof *message))
    return;
  route->kind = kind_of_type (message->rtm_type);
  for (const struct rtattr *attribute = RTM_RTA (message); RTA_OK (attribute, left);
       attribute = RTA_NEXT (attribute, left))
    if (attribute->rta_type == RTA_GATEWAY)
      route->via_gateway = set_address (&route->next_hop, message->rtm_family,
                                        RTA_DATA (attribute), RTA_PAYLOAD (attribute));
    else if (attribute->rta_type == RTA_OIF && RTA_PAYLOAD (attribute) == sizeof (int))
      memcpy (&route->ifindex, RTA_DATA (attribute), sizeof (int));
}

typedef struct {
  const CcAddress *destination;
  guint8 type;
  CcRoute *route;
} PrefixSearch;

/* One route of the dump: kept when it is of the kind looked for, covers the destination
 * and is more specific than the one kept so far. */
static void
read_dumped_route (const struct nlmsghdr *header, gpointer data)
{
  PrefixSearch *search = data;
  const struct rtmsg *message = NLMSG_DATA (header);
  int left = (int) RTM_PAYLOAD (header);
  CcCidr prefix = { .family = message->rtm_family, .prefix = message->rtm_dst_len };
  guint32 table = message->rtm_table;

  if (header->nlmsg_type != RTM_NEWROUTE || header->nlmsg_len < NLMSG_LENGTH (sizeof *message)
      || message->rtm_type != search->type
      || message->rtm_family != cc_address_family (search->destination))
    return;
  for (const struct rtattr *attribute = RTM_RTA (message); RTA_OK (attribute, left);
       attribute = RTA_NEXT (attribute, left))
    if (attribute->rta_type == RTA_DST
        && RTA_PAYLOAD (attribute) == address_length (prefix.family))
      memcpy (prefix.bytes, RTA_DATA (attribute), RTA_PAYLOAD (attribute));
    else if (attribute->rta_type == RTA_TABLE && RTA_PAYLOAD (attribute) == sizeof table)
      memcpy (&table, RTA_DATA (attribute), sizeof table);
  if (!cc_cidr_contains (&prefix, search->destination)
      || (search->route->has_prefix && search->route->prefix.prefix >= prefix.prefix))
    return;
  search->route->has_prefix = TRUE;
  search->route->prefix = prefix;
  search->route->table = table;
}

static gboolean
find_discarding_route (const CcAddress *destination, CcRoute *route, GError **error)
{
  struct rtmsg body = { .rtm_family = (unsigned char) cc_address_family (destination) };
  g_autoptr (GByteArray) message = new_request (RTM_GETROUTE, NLM_F_DUMP, &body, sizeof body);
  PrefixSearch search = { destination, type_of_kind (route->kind), route };
  int code = ask_kernel (message, read_dumped_route, &search, error);

  if (code > 0)
    g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                 "dumping the routing tables: %s", g_strerror (code));
  return code == 0;
}

gboolean
cc_route_lookup (const CcAddress *destination, CcRoute *route, GError **error)
{
  int family = cc_address_family (destination);
  struct rtmsg body = { .rtm_family = (unsigned char) family,
                        .rtm_dst_len = (unsigned char) (address_length (family) * 8) };
  g_autoptr (GByteArray) message = new_request (RTM_GETROUTE, 0, &body, sizeof body);
  int code;

  memset (route, 0, sizeof *route);
  route->kind = CC_ROUTE_OTHER;
  add_attribute (message, RTA_DST, address_bytes (destination), address_length (family));
  code = ask_kernel (message, read_lookup_answer, route, error);
  if (code < 0)
    return FALSE;
  if (code > 0 && !kind_of_refusal (code, &route->kind))
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "route lookup for %s: %s", destination->text, g_strerror (code));
      return FALSE;
    }
  if (cc_route_discards (route))
    return find_discarding_route (destination, route, error);
  if (route->kind == CC_ROUTE_FORWARD && !route->via_gateway)
    route->next_hop = *destination;
  if (route->ifindex > 0 && if_indextoname ((unsigned) route->ifindex, route->interface) == NULL)
    g_snprintf (route->interface, sizeof route->interface, "#%d", route->ifindex);
  return TRUE;
}

gboolean
cc_route_discards (const CcRoute *route)
{
  return route->kind == CC_ROUTE_BLACKHOLE || route->kind == CC_ROUTE_UNREACHABLE
         || route->kind == CC_ROUTE_PROHIBIT;
}

const char *
cc_route_kind_name (CcRouteKind kind)
{
  static const char *const names[] = {
    [CC_ROUTE_NONE] = "no route",
    [CC_ROUTE_FORWARD] = "unicast",
    [CC_ROUTE_LOCAL] = "local",
    [CC_ROUTE_BLACKHOLE] = "blackhole",
    [CC_ROUTE_UNREACHABLE] = "unreachable",
    [CC_ROUTE_PROHIBIT] = "prohibit",
    [CC_ROUTE_OTHER] = "other",
  };

  return kind < G_N_ELEMENTS (names) ? names[kind] : "other";
}

char *
cc_route_delete_command (const CcRoute *route)
{
  g_autofree char *prefix = NULL;
  g_autofree char *table = NULL;

  if (!route->has_prefix)
    return NULL;
  prefix = cc_cidr_to_string (&route->prefix);
  if (route->table != RT_TABLE_MAIN)
    table = g_strdup_printf (" table %u", route->table);
  return g_strdup_printf ("ip%s route del %s %s%s", route->prefix.family == AF_INET6 ? " -6" : "",
                          cc_route_kind_name (route->kind), prefix, table != NULL ? table : "");
}

/* --- the neighbour --- */

static void
read_neighbour (const struct nlmsghdr *header, gpointer data)
{
  CcNeighbour *neighbour = data;
  const struct ndmsg *message = NLMSG_DATA (header);

  if (header->nlmsg_type != RTM_NEWNEIGH || header->nlmsg_len < NLMSG_LENGTH (sizeof *message))
    return;
  neighbour->found = TRUE;
  neighbour->state = message->ndm_state;
}

gboolean
cc_neighbour_lookup (const CcAddress *address, int ifindex, CcNeighbour *neighbour,
                     GError **error)
{
  int family = cc_address_family (address);
  struct ndmsg body = { .ndm_family = (guint8) family, .ndm_ifindex = ifindex };
  g_autoptr (GByteArray) message = new_request (RTM_GETNEIGH, 0, &body, sizeof body);
  int code;

  memset (neighbour, 0, sizeof *neighbour);
  add_attribute (message, NDA_DST, address_bytes (address), address_length (family));
  code = ask_kernel (message, read_neighbour, neighbour, error);
  if (code == ENOENT)
    return TRUE;
  if (code > 0)
    g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                 "neighbour lookup for %s: %s", address->text, g_strerror (code));
  return code == 0;
}

static void
read_link (const struct nlmsghdr *header, gpointer data)
{
  CcLink *link = data;
  const struct ifinfomsg *message = NLMSG_DATA (header);

  if (header->nlmsg_type != RTM_NEWLINK || header->nlmsg_len < NLMSG_LENGTH (sizeof *message))
    return;
  link->found = TRUE;
  link->carrier = (message->ifi_flags & IFF_RUNNING) != 0;
}

gboolean
cc_link_lookup (int ifindex, CcLink *link, GError **error)
{
  struct ifinfomsg body = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
  g_autoptr (GByteArray) message = new_request (RTM_GETLINK, 0, &body, sizeof body);
  int code;

  memset (link, 0, sizeof *link);
  code = ask_kernel (message, read_link, link, error);
  if (code == ENODEV)
    return TRUE;
  if (code > 0)
    g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                 "link lookup for interface %d: %s", ifindex, g_strerror (code));
  return code == 0;
}

gboolean
cc_neighbour_unanswered (const CcNeighbour *neighbour)
{
  return neighbour->found && (neighbour->state & (NUD_INCOMPLETE | NUD_FAILED)) != 0;
}

const char *
cc_neighbour_state_name (guint16 state)
{
  static const struct {
    guint16 state;
    const char *name;
  } names[] = {
    { NUD_INCOMPLETE, "INCOMPLETE" }, { NUD_REACHABLE, "REACHABLE" }, { NUD_STALE, "STALE" },
    { NUD_DELAY, "DELAY" }, { NUD_PROBE, "PROBE" }, { NUD_FAILED, "FAILED" },
    { NUD_NOARP, "NOARP" }, { NUD_PERMANENT, "PERMANENT" }, { 0, NULL },
  };

  for (guint i = 0; names[i].name != NULL; i++)
    if ((state & names[i].state) != 0)
      return names[i].name;
  return "NONE";
}
