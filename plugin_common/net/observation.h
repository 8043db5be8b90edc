/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What trying one endpoint saw: its name resolved, one connect attempt per address, and
 * the conversation after connecting. The engine fills it; the diagnosis judges it. */
#pragma once

#include "model/endpoint.h"
#include "net/exchange.h"
#include "net/probe.h"
#include "net/resolve.h"

typedef struct {
  const CcEndpoint *endpoint; /* borrowed */
  CcResolution *resolution;   /* NULL until the name is resolved */
  GArray *attempts;           /* CcAttempt, one per resolved address */
  CcExchange *exchange;       /* the conversation after connecting, or NULL */
  GArray *side_probes;        /* CcAttempt, one per other port of the address the connect
                               * waited on (cc_side_probe_ports), begun while it was
                               * silent and ended by the deadline; NULL: none made, or
                               * dropped because the connect was answered after all */
  gint64 started_us;          /* the check began (g_get_monotonic_time clock) */
  gboolean deadline_hit;      /* the -t deadline, not an answer, ended the lookup, a
                               * connect or the conversation: only then may
                               * --timeout-result change the state */
} CcObservation;

/* Side probes go to at most this many other ports. */
#define CC_SIDE_PROBE_MAX 4

CcObservation *cc_observation_new (const CcEndpoint *endpoint);
void cc_observation_free (CcObservation *seen);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcObservation, cc_observation_free)

/* Takes ownership of resolution: one attempt per address, its addresses moved into the
 * attempts. */
void cc_observation_set_resolution (CcObservation *seen, CcResolution *resolution);
/* Once every connect is over, for an endpoint that wants a conversation: creates
 * seen->exchange and returns the attempt whose socket (attempt->fd) it is to run on,
 * the fastest connection; NULL when nothing connected. */
CcAttempt *cc_observation_begin_exchange (CcObservation *seen);

/* The ports side probes go to for a check of port: out holds the count returned. */
guint cc_side_probe_ports (guint16 port, guint16 out[CC_SIDE_PROBE_MAX]);

/* The fastest connection is what a client racing its addresses would get; NULL if none. */
const CcAttempt *cc_fastest_connected (const GArray *attempts);
guint cc_count_connected (const GArray *attempts);
