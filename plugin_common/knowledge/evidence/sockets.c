/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/sockets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/cidr.h"
#include "knowledge/evidence/sockdiag.h"

/* A real line is about 150 characters; anything longer is not one. */
#define LINE_MAX_BYTES 512

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

/* "tx_queue:rx_queue": for a LISTEN socket rx_queue is the accept queue's length; /proc
 * does not show the backlog. The queue is an extra: a line without it still counts. */
static CcAcceptQueue
parse_accept_queue (const char *text)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;
  CcAcceptQueue queue = { 0, -1 };
  guint64 waiting;

  if (colon != NULL && g_ascii_string_to_unsigned (colon + 1, 16, 0, G_MAXUINT, &waiting, NULL))
    queue.waiting = (guint) waiting;
  return queue;
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
  socket->accept_queue = socket->state == CC_TCP_LISTEN
                           ? parse_accept_queue (next_field (&cursor))
                           : (CcAcceptQueue) { 0, -1 };
  socket->v6only = -1;
  return TRUE;
}

/* Reading /proc/net/tcp in chunks while sockets come and go can print one socket twice
 * (the kernel restarts its walk between reads): each socket kept counts once. */
static void
keep_once (CcSocketTable *table, const CcRawSocket *socket, const CcSocketQuery *query,
           GHashTable *kept)
{
  guint before = table->sockets->len;
  GString *identity;
  GBytes *key;

  cc_socket_table_keep (table, socket, query);
  if (table->sockets->len == before)
    return;
  identity = g_string_sized_new (48);
  g_string_append_len (identity, (const char *) socket->local.bytes, sizeof socket->local.bytes);
  g_string_append_len (identity, (const char *) socket->remote.bytes, sizeof socket->remote.bytes);
  g_string_append_printf (identity, "%u %u %u", socket->local.port, socket->remote.port,
                          socket->state);
  key = g_string_free_to_bytes (identity);
  if (!g_hash_table_add (kept, key))
    g_array_set_size (table->sockets, before);
}

static gboolean
read_file (CcSocketTable *table, const char *path, int family, const CcSocketQuery *query,
           gboolean optional, GError **error)
{
  FILE *file = fopen (path, "re");
  char line[LINE_MAX_BYTES];
  gboolean header = TRUE;
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);

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
      CcRawSocket socket = { 0 };
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
        keep_once (table, &socket, query, kept);
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
