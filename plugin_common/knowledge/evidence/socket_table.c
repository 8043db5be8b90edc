/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/socket_table.h"

#include <string.h>

#include "base/cidr.h"

G_DEFINE_QUARK (cc-evidence-error-quark, cc_evidence_error)

static const char *const state_names[CC_TCP_STATE_LAST] = {
  [0] = "UNKNOWN",
  [CC_TCP_ESTABLISHED] = "ESTABLISHED",
  [CC_TCP_SYN_SENT] = "SYN_SENT",
  [CC_TCP_SYN_RECV] = "SYN_RECV",
  [CC_TCP_FIN_WAIT1] = "FIN_WAIT1",
  [CC_TCP_FIN_WAIT2] = "FIN_WAIT2",
  [CC_TCP_TIME_WAIT] = "TIME_WAIT",
  [CC_TCP_CLOSE] = "CLOSE",
  [CC_TCP_CLOSE_WAIT] = "CLOSE_WAIT",
  [CC_TCP_LAST_ACK] = "LAST_ACK",
  [CC_TCP_LISTEN] = "LISTEN",
  [CC_TCP_CLOSING] = "CLOSING",
  [CC_TCP_NEW_SYN_RECV] = "NEW_SYN_RECV",
};

const char *
cc_tcp_state_name (CcTcpState state)
{
  return state < CC_TCP_STATE_LAST ? state_names[state] : state_names[0];
}

/* "0100007F:0050": the kernel prints each 32-bit word of the address as a host-order
 * integer, then the port in hex. */
static void
to_address (const CcRawEndpoint *end, CcAddress *address)
{
  struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = g_htons (end->port) };
  struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = g_htons (end->port) };

  if (end->family == AF_INET)
    {
      memcpy (&in4.sin_addr, end->bytes, 4);
      cc_address_set (address, (const struct sockaddr *) &in4, sizeof in4);
    }
  else
    {
      memcpy (&in6.sin6_addr, end->bytes, 16);
      cc_address_set (address, (const struct sockaddr *) &in6, sizeof in6);
    }
}

/* Dual-stack sockets show IPv4 peers as ::ffff:a.b.c.d; the prefix match sees through it. */
static gboolean
raw_is (const CcRawEndpoint *end, const CcCidr *host, guint16 port)
{
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (end->port != port)
    return FALSE;
  if (end->family == AF_INET6 && host->family == AF_INET)
    return memcmp (end->bytes, mapped, 12) == 0 && memcmp (end->bytes + 12, host->bytes, 4) == 0;
  if (end->family == AF_INET6 && memcmp (end->bytes, mapped, 12) == 0)
    return FALSE;
  return end->family == host->family
         && memcmp (end->bytes, host->bytes, end->family == AF_INET ? 4 : 16) == 0;
}

static gboolean
same_endpoint (const CcAddress *a, const CcAddress *b)
{
  CcCidr host;

  cc_cidr_from_address (&host, b, 128);
  return cc_address_port (a) == cc_address_port (b) && cc_cidr_contains (&host, a);
}

struct _CcConnectionCounts {
  GHashTable *by_remote; /* CcRawEndpoint (see remote_key) -> RemoteCounts */
  guint max_remotes;
  gboolean overflow;
};

typedef struct {
  CcRawEndpoint remote; /* the key; zeroed before it is filled, padding included */
  guint by_state[CC_TCP_STATE_LAST];
} RemoteCounts;

/* One key for an IPv4 peer however a socket shows it: IPv4-mapped IPv6 becomes IPv4. */
static void
remote_key (const CcRawEndpoint *end, CcRawEndpoint *key)
{
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  memset (key, 0, sizeof *key);
  key->port = end->port;
  key->family = end->family;
  if (end->family == AF_INET6 && memcmp (end->bytes, mapped, 12) == 0)
    {
      key->family = AF_INET;
      memcpy (key->bytes, end->bytes + 12, 4);
    }
  else
    memcpy (key->bytes, end->bytes, end->family == AF_INET ? 4 : 16);
}

static guint
remote_hash (gconstpointer key)
{
  const CcRawEndpoint *end = key;
  guint hash = (guint) end->family * 31u + end->port;

  for (guint i = 0; i < sizeof end->bytes; i++)
    hash = hash * 31u + end->bytes[i];
  return hash;
}

static gboolean
remote_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (CcRawEndpoint)) == 0;
}

CcConnectionCounts *
cc_connection_counts_new (guint max_remotes)
{
  CcConnectionCounts *counts = g_new0 (CcConnectionCounts, 1);

  counts->by_remote = g_hash_table_new_full (remote_hash, remote_equal, NULL, g_free);
  counts->max_remotes = max_remotes;
  return counts;
}

void
cc_connection_counts_free (CcConnectionCounts *counts)
{
  if (counts == NULL)
    return;
  g_hash_table_unref (counts->by_remote);
  g_free (counts);
}

gboolean
cc_connection_counts_complete (const CcConnectionCounts *counts)
{
  return !counts->overflow;
}

static void
count_connection (CcConnectionCounts *counts, const CcRawSocket *raw)
{
  CcRawEndpoint key;
  RemoteCounts *entry;

  if (counts->overflow || raw->state >= CC_TCP_STATE_LAST)
    return;
  remote_key (&raw->remote, &key);
  entry = g_hash_table_lookup (counts->by_remote, &key);
  if (entry == NULL)
    {
      if (g_hash_table_size (counts->by_remote) >= counts->max_remotes)
        {
          counts->overflow = TRUE;
          g_hash_table_remove_all (counts->by_remote);
          return;
        }
      entry = g_new0 (RemoteCounts, 1);
      entry->remote = key;
      g_hash_table_insert (counts->by_remote, &entry->remote, entry);
    }
  entry->by_state[raw->state]++;
}

guint
cc_connection_counts_toward (const CcConnectionCounts *counts, const CcAddress *destination,
                             guint counts_by_state[CC_TCP_STATE_LAST])
{
  CcRawEndpoint end = { .family = cc_address_family (destination),
                        .port = cc_address_port (destination) };
  CcRawEndpoint key;
  const RemoteCounts *entry;
  guint total = 0;

  memcpy (end.bytes, end.family == AF_INET
                       ? (const void *) &destination->sockaddr.in4.sin_addr
                       : (const void *) &destination->sockaddr.in6.sin6_addr,
          end.family == AF_INET ? 4 : 16);
  remote_key (&end, &key);
  entry = g_hash_table_lookup (counts->by_remote, &key);
  for (guint state = 0; state < CC_TCP_STATE_LAST; state++)
    {
      counts_by_state[state] = entry != NULL && state != CC_TCP_LISTEN ? entry->by_state[state] : 0;
      total += counts_by_state[state];
    }
  return total;
}

/* The next blank-separated field of *cursor, terminated in place; NULL at the end. */
static gboolean
port_asked (const CcSocketQuery *query, guint16 port)
{
  if (query->listen_ports == NULL)
    return TRUE;
  for (guint i = 0; i < query->n_listen_ports; i++)
    if (query->listen_ports[i] == port)
      return TRUE;
  return FALSE;
}

void
cc_socket_table_keep (CcSocketTable *table, const CcRawSocket *raw, const CcSocketQuery *query)
{
  CcSocket socket;
  CcCidr host;

  if (raw->state == CC_TCP_LISTEN)
    {
      if (!query->listeners || !port_asked (query, raw->local.port))
        return;
    }
  else
    {
      if (query->count != NULL)
        count_connection (query->count, raw);
      if (query->destination == NULL)
        return;
      cc_cidr_from_address (&host, query->destination, 128);
      if (!raw_is (&raw->remote, &host, cc_address_port (query->destination)))
        return;
    }
  memset (&socket.remote, 0, sizeof socket.remote);
  to_address (&raw->local, &socket.local);
  if (raw->state != CC_TCP_LISTEN)
    to_address (&raw->remote, &socket.remote);
  socket.state = raw->state;
  socket.accept_queue = raw->accept_queue;
  socket.v6only = raw->v6only;
  g_array_append_val (table->sockets, socket);
}

CcSocketTable *
cc_socket_table_new (const char *origin)
{
  CcSocketTable *table = g_new0 (CcSocketTable, 1);

  table->sockets = g_array_new (FALSE, TRUE, sizeof (CcSocket));
  table->origin = origin;
  return table;
}

void
cc_socket_table_free (CcSocketTable *table)
{
  if (table == NULL)
    return;
  if (table->sockets != NULL)
    g_array_unref (table->sockets);
  g_free (table);
}

guint
cc_sockets_count_toward (const CcSocketTable *table, const CcAddress *destination,
                         guint counts[CC_TCP_STATE_LAST])
{
  guint total = 0;

  memset (counts, 0, CC_TCP_STATE_LAST * sizeof counts[0]);
  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      if (socket->state != CC_TCP_LISTEN && same_endpoint (&socket->remote, destination))
        {
          counts[socket->state]++;
          total++;
        }
    }
  return total;
}
