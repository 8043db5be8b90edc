#include "sockets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "sockdiag.h"
#include "sockets_raw.h"

G_DEFINE_QUARK (cc-evidence-error-quark, cc_evidence_error)

/* A real line is about 150 characters; anything longer is not one. */
#define LINE_MAX_BYTES 512

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
static gboolean
parse_endpoint (const char *text, int family, CcRawEndpoint *end)
{
  guint words = family == AF_INET ? 1 : 4;
  guint64 port;
  char hex[9] = { 0 };

  if (strlen (text) != words * 8 + 5 || text[words * 8] != ':')
    return FALSE;
  for (guint i = 0; i < words; i++)
    {
      guint64 value;
      guint32 word;
      memcpy (hex, text + i * 8, 8);
      if (!g_ascii_string_to_unsigned (hex, 16, 0, G_MAXUINT32, &value, NULL))
        return FALSE;
      word = (guint32) value;
      memcpy (end->bytes + i * 4, &word, 4);
    }
  if (!g_ascii_string_to_unsigned (text + words * 8 + 1, 16, 0, 65535, &port, NULL))
    return FALSE;
  end->family = family;
  end->port = (guint16) port;
  return TRUE;
}

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

/* The next blank-separated field of *cursor, terminated in place; NULL at the end. */
static char *
next_field (char **cursor)
{
  char *start = *cursor + strspn (*cursor, " \t\n");
  char *end = start + strcspn (start, " \t\n");

  if (start == end)
    return NULL;
  *cursor = *end != '\0' ? end + 1 : end;
  *end = '\0';
  return start;
}

static gboolean
parse_line (char *line, int family, CcRawSocket *socket)
{
  char *cursor = line;
  char *columns[4];
  guint64 state;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if ((columns[i] = next_field (&cursor)) == NULL)
      return FALSE;
  if (!g_str_has_suffix (columns[0], ":"))
    return FALSE;
  if (!parse_endpoint (columns[1], family, &socket->local)
      || !parse_endpoint (columns[2], family, &socket->remote)
      || !g_ascii_string_to_unsigned (columns[3], 16, 1, CC_TCP_STATE_LAST - 1, &state, NULL))
    return FALSE;
  socket->state = (CcTcpState) state;
  return TRUE;
}

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
      if (query->destination == NULL)
        return;
      cc_cidr_from_address (&host, query->destination, 128);
      if (!raw_is (&raw->remote, &host, cc_address_port (query->destination)))
        return;
    }
  to_address (&raw->local, &socket.local);
  to_address (&raw->remote, &socket.remote);
  socket.state = raw->state;
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

static gboolean
read_file (CcSocketTable *table, const char *path, int family, const CcSocketQuery *query,
           gboolean optional, GError **error)
{
  FILE *file = fopen (path, "re");
  char line[LINE_MAX_BYTES];
  gboolean header = TRUE;

  if (file == NULL)
    {
      if (optional && errno == ENOENT)
        return TRUE;
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "cannot read %s: %s",
                   path, g_strerror (errno));
      return FALSE;
    }
  while (fgets (line, sizeof line, file) != NULL)
    {
      CcRawSocket socket;
      gboolean whole = strchr (line, '\n') != NULL || feof (file);

      if (!whole)
        {
          int c;
          while ((c = fgetc (file)) != EOF && c != '\n')
            ;
        }
      if (header)
        header = FALSE;
      else if (!whole || !parse_line (line, family, &socket))
        table->malformed++;
      else
        cc_socket_table_keep (table, &socket, query);
    }
  fclose (file);
  return TRUE;
}

CcSocketTable *
cc_sockets_proc_query (const char *root, const CcSocketQuery *query, GError **error)
{
  g_autoptr (CcSocketTable) table = cc_socket_table_new (CC_SOCKETS_PROC_ORIGIN);
  g_autofree char *tcp = g_build_filename (root, "proc/net/tcp", NULL);
  g_autofree char *tcp6 = g_build_filename (root, "proc/net/tcp6", NULL);

  if (!read_file (table, tcp, AF_INET, query, FALSE, error)
      || !read_file (table, tcp6, AF_INET6, query, TRUE, error))
    return NULL;
  return g_steal_pointer (&table);
}

CcSocketTable *
cc_sockets_query (const char *root, const CcSocketQuery *query, GError **error)
{
  CcSocketTable *table;

  /* The /proc files say the same, only slower: whatever stops netlink, they answer. */
  if (strcmp (root, "/") == 0 && (table = cc_sockdiag_query (query, NULL)) != NULL)
    return table;
  return cc_sockets_proc_query (root, query, error);
}

CcSocketTable *
cc_sockets_read (const char *root, const CcAddress *destination, GError **error)
{
  CcSocketQuery query = { .listeners = TRUE, .destination = destination };

  return cc_sockets_query (root, &query, error);
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
