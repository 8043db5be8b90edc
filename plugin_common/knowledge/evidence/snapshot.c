/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/snapshot.h"

#include <string.h>

#include "knowledge/evidence/interfaces.h"
#include "knowledge/evidence/proxy.h"
#include "knowledge/evidence/sockets.h"

#define PORT_SLOTS (G_MAXUINT16 + 2)
/* Remote ends counted for a run, at most (a few MiB); a host with more is asked about
 * each destination instead. */
#define MAX_REMOTES 65536

struct _CcEvidenceSnapshot {
  char *root;
  GArray *interfaces;
  GError *interfaces_error;
  CcListeners *listeners;
  GError *listeners_error;
  gboolean has_ephemeral;
  CcEphemeralRange ephemeral;
  GError *ephemeral_error;
  CcNftRuleset *ruleset;
  GError *ruleset_error;
  guint count_questions;
  CcConnectionCounts *connections; /* NULL: not counted (yet), or could not be */
  gboolean connections_tried;
  gboolean has_proxy_variables;
  char *proxy_variables;
  gboolean tcp_sockets_tried;
  gboolean has_tcp_sockets;
  guint tcp_sockets;
};

CcEvidenceSnapshot *
cc_evidence_snapshot_new (const char *root)
{
  CcEvidenceSnapshot *snapshot = g_new0 (CcEvidenceSnapshot, 1);

  snapshot->root = g_strdup (root);
  return snapshot;
}

static void
listeners_free (CcListeners *listeners)
{
  if (listeners == NULL)
    return;
  g_array_unref (listeners->sockets);
  g_free (listeners->first);
  g_free (listeners);
}

void
cc_evidence_snapshot_free (CcEvidenceSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->root);
  g_clear_pointer (&snapshot->interfaces, g_array_unref);
  g_clear_error (&snapshot->interfaces_error);
  listeners_free (snapshot->listeners);
  g_clear_error (&snapshot->listeners_error);
  g_clear_error (&snapshot->ephemeral_error);
  cc_nft_ruleset_free (snapshot->ruleset);
  g_clear_error (&snapshot->ruleset_error);
  cc_connection_counts_free (snapshot->connections);
  g_free (snapshot->proxy_variables);
  g_free (snapshot);
}

const char *
cc_evidence_snapshot_root (const CcEvidenceSnapshot *snapshot)
{
  return snapshot->root;
}

gboolean
cc_evidence_snapshot_is_live (const CcEvidenceSnapshot *snapshot)
{
  return strcmp (snapshot->root, "/") == 0;
}

/* A part read before: its value, or a copy of the error it left. */
static gboolean
read_before (gconstpointer value, const GError *stored, GError **error)
{
  if (stored != NULL)
    g_propagate_error (error, g_error_copy (stored));
  return value != NULL || stored != NULL;
}

const GArray *
cc_evidence_snapshot_interfaces (CcEvidenceSnapshot *snapshot, GError **error)
{
  if (!read_before (snapshot->interfaces, snapshot->interfaces_error, error))
    {
      snapshot->interfaces = cc_interfaces_read (&snapshot->interfaces_error);
      read_before (NULL, snapshot->interfaces_error, error);
    }
  return snapshot->interfaces;
}

/* Counting sort by port: stable, so each port keeps the kernel's order. */
static CcListeners *
index_by_port (const CcSocketTable *table)
{
  CcListeners *listeners = g_new0 (CcListeners, 1);
  g_autofree guint *next = g_new0 (guint, PORT_SLOTS);
  guint n = table->sockets->len;

  listeners->first = g_new0 (guint, PORT_SLOTS);
  listeners->origin = table->origin;
  listeners->sockets = g_array_sized_new (FALSE, FALSE, sizeof (CcSocket), n);
  g_array_set_size (listeners->sockets, n);
  for (guint i = 0; i < n; i++)
    listeners->first[cc_address_port (&g_array_index (table->sockets, CcSocket, i).local) + 1]++;
  for (guint port = 1; port < PORT_SLOTS; port++)
    listeners->first[port] += listeners->first[port - 1];
  memcpy (next, listeners->first, PORT_SLOTS * sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      g_array_index (listeners->sockets, CcSocket, next[cc_address_port (&socket->local)]++)
        = *socket;
    }
  return listeners;
}

const CcListeners *
cc_evidence_snapshot_listeners (CcEvidenceSnapshot *snapshot, GError **error)
{
  CcSocketQuery query = { .listeners = TRUE };
  g_autoptr (CcSocketTable) table = NULL;

  if (read_before (snapshot->listeners, snapshot->listeners_error, error))
    return snapshot->listeners;
  table = cc_sockets_query (snapshot->root, &query, &snapshot->listeners_error);
  if (table == NULL)
    {
      read_before (NULL, snapshot->listeners_error, error);
      return NULL;
    }
  snapshot->listeners = index_by_port (table);
  return snapshot->listeners;
}

/* Every connection of the host, counted once; NULL when that cannot be done. */
static const CcConnectionCounts *
all_connections (CcEvidenceSnapshot *snapshot)
{
  g_autoptr (CcConnectionCounts) counts = NULL;
  g_autoptr (CcSocketTable) table = NULL;
  CcSocketQuery query = { 0 };

  if (snapshot->connections_tried)
    return snapshot->connections;
  snapshot->connections_tried = TRUE;
  counts = cc_connection_counts_new (MAX_REMOTES);
  query.count = counts;
  table = cc_sockets_query (snapshot->root, &query, NULL);
  if (table != NULL && cc_connection_counts_complete (counts))
    snapshot->connections = g_steal_pointer (&counts);
  return snapshot->connections;
}

gboolean
cc_evidence_snapshot_count_toward (CcEvidenceSnapshot *snapshot, const CcAddress *destination,
                                   guint counts[CC_TCP_STATE_LAST], guint *total,
                                   GError **error)
{
  CcSocketQuery query = { .destination = destination };
  g_autoptr (CcSocketTable) table = NULL;
  const CcConnectionCounts *all = snapshot->count_questions++ > 0
                                    ? all_connections (snapshot) : NULL;

  if (all != NULL)
    {
      *total = cc_connection_counts_toward (all, destination, counts);
      return TRUE;
    }
  table = cc_sockets_query (snapshot->root, &query, error);
  if (table == NULL)
    return FALSE;
  *total = cc_sockets_count_toward (table, destination, counts);
  return TRUE;
}

gboolean
cc_evidence_snapshot_tcp_sockets (CcEvidenceSnapshot *snapshot, guint *sockets)
{
  if (!snapshot->tcp_sockets_tried)
    {
      snapshot->tcp_sockets_tried = TRUE;
      snapshot->has_tcp_sockets = cc_tcp_sockets_read (snapshot->root, &snapshot->tcp_sockets,
                                                       NULL);
    }
  *sockets = snapshot->tcp_sockets;
  return snapshot->has_tcp_sockets;
}

gboolean
cc_evidence_snapshot_ephemeral (CcEvidenceSnapshot *snapshot, CcEphemeralRange *range,
                                GError **error)
{
  if (!snapshot->has_ephemeral && snapshot->ephemeral_error == NULL)
    snapshot->has_ephemeral = cc_ephemeral_read (snapshot->root, &snapshot->ephemeral,
                                                 &snapshot->ephemeral_error);
  if (!snapshot->has_ephemeral)
    {
      read_before (NULL, snapshot->ephemeral_error, error);
      return FALSE;
    }
  *range = snapshot->ephemeral;
  return TRUE;
}

const CcNftRuleset *
cc_evidence_snapshot_ruleset (CcEvidenceSnapshot *snapshot, gint64 deadline_us, GError **error)
{
  if (read_before (snapshot->ruleset, snapshot->ruleset_error, error))
    return snapshot->ruleset;
  if (!cc_evidence_snapshot_is_live (snapshot))
    g_set_error (&snapshot->ruleset_error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                 "a fixture tree has no firewall");
  else
    snapshot->ruleset = cc_nft_ruleset_read (deadline_us, &snapshot->ruleset_error);
  read_before (NULL, snapshot->ruleset_error, error);
  return snapshot->ruleset;
}

const char *
cc_evidence_snapshot_proxy_variables (CcEvidenceSnapshot *snapshot)
{
  if (!snapshot->has_proxy_variables)
    {
      g_auto (GStrv) environment = g_get_environ ();
      snapshot->proxy_variables = cc_proxy_variables_joined (environment);
      snapshot->has_proxy_variables = TRUE;
    }
  return snapshot->proxy_variables;
}

const CcSocket *
cc_listeners_on (const CcListeners *listeners, guint16 port, guint *n_sockets)
{
  guint first = listeners->first[port];

  *n_sockets = listeners->first[port + 1] - first;
  return *n_sockets > 0 ? &g_array_index (listeners->sockets, CcSocket, first) : NULL;
}

guint
cc_listeners_between (const CcListeners *listeners, guint16 low, guint16 high)
{
  return listeners->first[(guint) high + 1] - listeners->first[low];
}
