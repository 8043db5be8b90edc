/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One reading of this host per run, shared by every diagnosis of the run: a bulk audit of
 * thousands of failures asks the kernel for its listening sockets, interface addresses,
 * sysctls and firewall ruleset once, not once per failure. Each part is read when a
 * diagnosis first needs it; a part that could not be read keeps its error for the others. */
#pragma once

#include <glib.h>

#include "knowledge/evidence/nft_ruleset.h"
#include "knowledge/evidence/socket_table.h"
#include "knowledge/evidence/sysctl.h"

/* The LISTEN sockets of the host, grouped by port so that a lookup costs the listeners of
 * that port only, however many the host has. */
typedef struct {
  GArray *sockets;    /* CcSocket, by port; the kernel's order within a port */
  guint *first;       /* G_MAXUINT16 + 2 entries: port P's sockets are first[P]..first[P+1] */
  const char *origin; /* as CcSocketTable's origin */
} CcListeners;

typedef struct _CcEvidenceSnapshot CcEvidenceSnapshot;

/* ROOT "/" is the live system; any other ROOT a fixture tree (sockets.h). Reads nothing. */
CcEvidenceSnapshot *cc_evidence_snapshot_new (const char *root);
void cc_evidence_snapshot_free (CcEvidenceSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcEvidenceSnapshot, cc_evidence_snapshot_free)

const char *cc_evidence_snapshot_root (const CcEvidenceSnapshot *snapshot);
/* Whether ROOT is the live system, the only one with routes and a firewall to read. */
gboolean cc_evidence_snapshot_is_live (const CcEvidenceSnapshot *snapshot);
/* CcInterfaceAddress (interfaces.h); NULL with error when unreadable. */
const GArray *cc_evidence_snapshot_interfaces (CcEvidenceSnapshot *snapshot, GError **error);
const CcListeners *cc_evidence_snapshot_listeners (CcEvidenceSnapshot *snapshot,
                                                   GError **error);
/* The sockets toward destination by state (CC_TCP_STATE_LAST slots; the total in *total):
 * the first question asks the kernel about destination alone, as a single check needs;
 * from the second on, every connection of the host is counted once for the run. */
gboolean cc_evidence_snapshot_count_toward (CcEvidenceSnapshot *snapshot,
                                            const CcAddress *destination,
                                            guint counts[CC_TCP_STATE_LAST], guint *total,
                                            GError **error);
/* At least as many sockets as toward any one destination (cc_tcp_sockets_read), read once
 * per run; FALSE when unreadable. */
gboolean cc_evidence_snapshot_tcp_sockets (CcEvidenceSnapshot *snapshot, guint *sockets);
gboolean cc_evidence_snapshot_ephemeral (CcEvidenceSnapshot *snapshot, CcEphemeralRange *range,
                                         GError **error);
/* The nftables ruleset of the live system, waiting for it until deadline_us (monotonic)
 * at most when it is read first; NULL with error when unreadable or not the live system. */
const CcNftRuleset *cc_evidence_snapshot_ruleset (CcEvidenceSnapshot *snapshot,
                                                  gint64 deadline_us, GError **error);

/* The proxy variables set in this process's environment, joined ("http_proxy,
 * no_proxy"); NULL when none is. */
const char *cc_evidence_snapshot_proxy_variables (CcEvidenceSnapshot *snapshot);

/* The sockets listening on port; *n_sockets of them. */
const CcSocket *cc_listeners_on (const CcListeners *listeners, guint16 port, guint *n_sockets);
/* How many sockets listen on ports low..high (inclusive), in constant time. */
guint cc_listeners_between (const CcListeners *listeners, guint16 low, guint16 high);
