/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NETLINK_SOCK_DIAG reader (linux/inet_diag.h). /proc/net/tcp makes the kernel walk
 * every hash bucket and print every socket as text on each read, which costs a refused
 * check several milliseconds; a dump of LISTEN sockets walks only the listening hash, and
 * a bytecode filter sends back only the sockets asked for. */
#include "knowledge/evidence/sockdiag.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <string.h>
#include <unistd.h>


/* What ss reads with: the kernel sizes its dump messages to the reader's buffer. */
#define RECEIVE_BYTES 32768

/* Each port costs 12 bytes of filter; past this many, filtering in userspace is simpler
 * than keeping the offsets within their 16 bits. */
#define MAX_FILTER_PORTS 256

/* Every state /proc/net/tcp shows but LISTEN (the kernel adds NEW_SYN_RECV to SYN_RECV
 * itself). Higher bits ask for bound but inactive sockets, which /proc does not list. */
#define CONNECTION_STATES \
  (((1u << CC_TCP_NEW_SYN_RECV) - 1) & ~(1u << CC_TCP_LISTEN) & ~1u)

static void
append_op (GByteArray *code, guint8 op_code, guint8 yes, guint16 no)
{
  struct inet_diag_bc_op op = { .code = op_code, .yes = yes, .no = no };

  g_byte_array_append (code, (const guint8 *) &op, sizeof op);
}

/* Conditions joined by "or", as iproute2 does: a 4-byte jump to the end (accept) follows
 * every condition but the last. Inside a condition, "no" jumps 4 bytes past its end: onto
 * the next condition, or past the end of the program (reject) for the last one. The
 * kernel's audit wants every "no" to land on the chain of "yes" offsets, which holds. */
typedef struct {
  GByteArray *code;
  GArray *jumps; /* offsets of the jumps to the end, patched once the length is known */
} Filter;

static void
begin_condition (Filter *filter)
{
  guint offset = filter->code->len;

  if (offset == 0)
    return;
  g_array_append_val (filter->jumps, offset);
  append_op (filter->code, INET_DIAG_BC_JMP, sizeof (struct inet_diag_bc_op), 0);
}

static void
add_local_port (Filter *filter, guint16 port)
{
  begin_condition (filter);
  append_op (filter->code, INET_DIAG_BC_S_EQ, 2 * sizeof (struct inet_diag_bc_op),
             3 * sizeof (struct inet_diag_bc_op));
  append_op (filter->code, 0, 0, port);
}

static void
add_destination (Filter *filter, const CcAddress *destination)
{
  gboolean ipv6 = cc_address_family (destination) == AF_INET6;
  const void *bytes = ipv6
    ? (const void *) &((const struct sockaddr_in6 *) &destination->sockaddr)->sin6_addr
    : (const void *) &((const struct sockaddr_in *) &destination->sockaddr)->sin_addr;
  guint bytes_length = ipv6 ? 16 : 4;
  struct inet_diag_hostcond cond;
  guint8 length = (guint8) (sizeof (struct inet_diag_bc_op) + sizeof cond + bytes_length);

  /* Its padding goes to the kernel too. */
  memset (&cond, 0, sizeof cond);
  cond.family = (guint8) cc_address_family (destination);
  cond.prefix_len = (guint8) (bytes_length * 8);
  cond.port = cc_address_port (destination);
  begin_condition (filter);
  append_op (filter->code, INET_DIAG_BC_D_COND, length, length + 4);
  g_byte_array_append (filter->code, (const guint8 *) &cond, sizeof cond);
  g_byte_array_append (filter->code, bytes, bytes_length);
}

/* The bytecode for query, or NULL when every socket in the states asked for is wanted
 * (bytecode cannot say "any LISTEN socket"; userspace filtering keeps the results). */
static GByteArray *
build_filter (const CcSocketQuery *query)
{
  Filter filter;

  if ((query->listeners
       && (query->listen_ports == NULL || query->n_listen_ports > MAX_FILTER_PORTS))
      || query->count != NULL)
    return NULL;
  filter.code = g_byte_array_new ();
  filter.jumps = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; query->listeners && i < query->n_listen_ports; i++)
    add_local_port (&filter, query->listen_ports[i]);
  if (query->destination != NULL)
    add_destination (&filter, query->destination);
  for (guint i = 0; i < filter.jumps->len; i++)
    {
      guint offset = g_array_index (filter.jumps, guint, i);
      struct inet_diag_bc_op *jump = (struct inet_diag_bc_op *) (filter.code->data + offset);
      jump->no = (guint16) (filter.code->len - offset);
    }
  g_array_unref (filter.jumps);
  return filter.code;
}

static gboolean
send_request (int fd, int family, guint32 states, const GByteArray *filter, GError **error)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  struct nlmsghdr header = {
    .nlmsg_type = SOCK_DIAG_BY_FAMILY,
    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
    .nlmsg_seq = (guint32) family,
  };
  struct inet_diag_req_v2 request = {
    .sdiag_family = (guint8) family,
    .sdiag_protocol = IPPROTO_TCP,
    .idiag_states = states,
  };
  g_autoptr (GByteArray) message = g_byte_array_new ();

  g_byte_array_append (message, (const guint8 *) &header, sizeof header);
  g_byte_array_append (message, (const guint8 *) &request, sizeof request);
  if (filter != NULL)
    {
      struct nlattr attribute = {
        .nla_len = (guint16) (NLA_HDRLEN + filter->len),
        .nla_type = INET_DIAG_REQ_BYTECODE,
      };
      g_byte_array_append (message, (const guint8 *) &attribute, sizeof attribute);
      g_byte_array_append (message, filter->data, filter->len);
    }
  ((struct nlmsghdr *) message->data)->nlmsg_len = message->len;
  if (sendto (fd, message->data, message->len, 0, (const struct sockaddr *) &kernel,
              sizeof kernel) != (ssize_t) message->len)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "sending a sock_diag request: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static void
to_raw (CcRawEndpoint *end, int family, const __be32 address[4], __be16 port)
{
  end->family = family;
  memcpy (end->bytes, address, family == AF_INET ? 4 : 16);
  end->port = g_ntohs (port);
}

/* The INET_DIAG_SKV6ONLY attribute the kernel adds for IPv6 sockets; -1 when absent. */
static gint8
read_v6only (const struct nlmsghdr *header)
{
  const guint8 *at = (const guint8 *) NLMSG_DATA (header)
                     + NLMSG_ALIGN (sizeof (struct inet_diag_msg));
  const guint8 *end = (const guint8 *) header + header->nlmsg_len;

  while (at + NLA_HDRLEN <= end)
    {
      const struct nlattr *attribute = (const struct nlattr *) at;
      if (attribute->nla_len < NLA_HDRLEN || at + attribute->nla_len > end)
        return -1;
      if (attribute->nla_type == INET_DIAG_SKV6ONLY && attribute->nla_len > NLA_HDRLEN)
        return at[NLA_HDRLEN] != 0;
      at += NLA_ALIGN (attribute->nla_len);
    }
  return -1;
}

static void
read_socket (CcSocketTable *table, const struct nlmsghdr *header, const CcSocketQuery *query)
{
  const struct inet_diag_msg *message = NLMSG_DATA (header);
  CcRawSocket raw = { 0 };

  if (header->nlmsg_len < NLMSG_LENGTH (sizeof *message)
      || (message->idiag_family != AF_INET && message->idiag_family != AF_INET6)
      || message->idiag_state == 0 || message->idiag_state >= CC_TCP_STATE_LAST)
    {
      table->malformed++;
      return;
    }
  to_raw (&raw.local, message->idiag_family, message->id.idiag_src, message->id.idiag_sport);
  to_raw (&raw.remote, message->idiag_family, message->id.idiag_dst, message->id.idiag_dport);
  raw.state = (CcTcpState) message->idiag_state;
  raw.v6only = message->idiag_family == AF_INET6 ? read_v6only (header) : -1;
  /* For a LISTEN socket the kernel reports its accept queue here (inet_diag: rqueue is
   * sk_ack_backlog, wqueue sk_max_ack_backlog); for others they count bytes. */
  if (raw.state == CC_TCP_LISTEN)
    raw.accept_queue = (CcAcceptQueue) { message->idiag_rqueue,
                                         (gint) MIN (message->idiag_wqueue, G_MAXINT) };
  cc_socket_table_keep (table, &raw, query);
}

static void
set_netlink_error (int code, GError **error)
{
  if (code >= 0)
    code = -EPROTO;
  g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "sock_diag dump: %s",
               g_strerror (-code));
}

typedef enum {
  BATCH_MORE,
  BATCH_DONE,
  BATCH_FAILED,
} BatchEnd;

/* The error code an NLMSG_ERROR or NLMSG_DONE message carries (0: none). */
static int
message_code (const struct nlmsghdr *header)
{
  int code = 0;

  memcpy (&code, NLMSG_DATA (header), MIN (sizeof code, NLMSG_PAYLOAD (header, 0)));
  return code;
}

/* One datagram of the dump: its messages of the request numbered sequence. */
static BatchEnd
read_batch (guint8 *buffer, int left, guint32 sequence, CcSocketTable *table,
            const CcSocketQuery *query, GError **error)
{
  for (struct nlmsghdr *header = (struct nlmsghdr *) buffer; NLMSG_OK (header, left);
       header = NLMSG_NEXT (header, left))
    {
      if (header->nlmsg_seq != sequence)
        continue;
      if (header->nlmsg_type == SOCK_DIAG_BY_FAMILY)
        read_socket (table, header, query);
      /* A dump that failed half-way says so in its last message. */
      else if (header->nlmsg_type == NLMSG_DONE && message_code (header) >= 0)
        return BATCH_DONE;
      else if (header->nlmsg_type == NLMSG_DONE || header->nlmsg_type == NLMSG_ERROR)
        {
          set_netlink_error (message_code (header), error);
          return BATCH_FAILED;
        }
    }
  return BATCH_MORE;
}

/* Reads the answer to the request numbered sequence until the kernel says it is done. */
static gboolean
receive_dump (int fd, guint32 sequence, guint8 *buffer, CcSocketTable *table,
              const CcSocketQuery *query, GError **error)
{
  BatchEnd end = BATCH_MORE;

  while (end == BATCH_MORE)
    {
      ssize_t received = recv (fd, buffer, RECEIVE_BYTES, MSG_TRUNC);

      if (received < 0 && errno == EINTR)
        continue;
      if (received <= 0 || received > RECEIVE_BYTES)
        {
          g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                       "receiving a sock_diag dump: %s",
                       received < 0 ? g_strerror (errno) : "message cut or missing");
          return FALSE;
        }
      end = read_batch (buffer, (int) received, sequence, table, query, error);
    }
  return end == BATCH_DONE;
}

CcSocketTable *
cc_sockdiag_query (const CcSocketQuery *query, GError **error)
{
  /* IPv4 first, then IPv6: the order in which the /proc reader reads tcp and tcp6. */
  static const int families[] = { AF_INET, AF_INET6 };
  g_autoptr (CcSocketTable) table = cc_socket_table_new (CC_SOCKDIAG_ORIGIN);
  g_autoptr (GByteArray) filter = NULL;
  g_autofree guint8 *buffer = NULL;
  guint32 states = (query->listeners ? 1u << CC_TCP_LISTEN : 0)
                   | (query->destination != NULL || query->count != NULL ? CONNECTION_STATES : 0);
  gboolean ok = TRUE;
  int fd;

  if (states == 0)
    return g_steal_pointer (&table);
  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "socket(AF_NETLINK, NETLINK_SOCK_DIAG): %s", g_strerror (errno));
      return NULL;
    }
  filter = build_filter (query);
  buffer = g_malloc (RECEIVE_BYTES);
  for (guint i = 0; ok && i < G_N_ELEMENTS (families); i++)
    ok = send_request (fd, families[i], states, filter, error)
         && receive_dump (fd, (guint32) families[i], buffer, table, query, error);
  close (fd);
  return ok ? g_steal_pointer (&table) : NULL;
}
