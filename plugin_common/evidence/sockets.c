#include "sockets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"

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
parse_endpoint (const char *text, int family, CcAddress *address)
{
  guint words = family == AF_INET ? 1 : 4;
  struct sockaddr_storage storage = { 0 };
  guint8 *bytes = family == AF_INET
                    ? (guint8 *) &((struct sockaddr_in *) &storage)->sin_addr
                    : (guint8 *) &((struct sockaddr_in6 *) &storage)->sin6_addr;
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
      memcpy (bytes + i * 4, &word, 4);
    }
  if (!g_ascii_string_to_unsigned (text + words * 8 + 1, 16, 0, 65535, &port, NULL))
    return FALSE;
  storage.ss_family = (sa_family_t) family;
  if (family == AF_INET)
    ((struct sockaddr_in *) &storage)->sin_port = g_htons ((guint16) port);
  else
    ((struct sockaddr_in6 *) &storage)->sin6_port = g_htons ((guint16) port);
  cc_address_set (address, (const struct sockaddr *) &storage,
                  family == AF_INET ? sizeof (struct sockaddr_in)
                                    : sizeof (struct sockaddr_in6));
  return TRUE;
}

/* Dual-stack sockets show IPv4 peers as ::ffff:a.b.c.d; the prefix match sees through it. */
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
parse_line (char *line, int family, CcSocket *socket)
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
read_file (CcSocketTable *table, const char *path, int family, const CcAddress *destination,
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
      CcSocket socket;
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
      else if (socket.state == CC_TCP_LISTEN
               || (destination != NULL && same_endpoint (&socket.remote, destination)))
        g_array_append_val (table->sockets, socket);
    }
  fclose (file);
  return TRUE;
}

CcSocketTable *
cc_sockets_read (const char *root, const CcAddress *destination, GError **error)
{
  g_autoptr (CcSocketTable) table = g_new0 (CcSocketTable, 1);
  g_autofree char *tcp = g_build_filename (root, "proc/net/tcp", NULL);
  g_autofree char *tcp6 = g_build_filename (root, "proc/net/tcp6", NULL);

  table->sockets = g_array_new (FALSE, TRUE, sizeof (CcSocket));
  if (!read_file (table, tcp, AF_INET, destination, FALSE, error)
      || !read_file (table, tcp6, AF_INET6, destination, TRUE, error))
    return NULL;
  return g_steal_pointer (&table);
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
