/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The probe engine: one epoll loop drives every check, one endpoint or twenty thousand,
 * so a single check and a bulk audit behave alike: name lookups, connects, and the
 * protocol conversations after them (net/exchange.h), with one deadline per endpoint.
 * It knows nothing of verdicts: each finished endpoint is handed to a callback. */
#pragma once

#include "net/observation.h"

/* Endpoint index (in the order given) is done; the callback owns seen. */
typedef void (*CcEngineFinished) (guint index, CcObservation *seen, gpointer user_data);

typedef struct {
  guint parallel;            /* most sockets open at once; 0: as many as the limits allow */
  const char *proc_root;     /* where sysctls are read ("/proc"); NULL for the live system */
  CcEngineFinished finished; /* required */
  gpointer user_data;
} CcEngineOptions;

#define CC_ENGINE_ERROR (cc_engine_error_quark ())
GQuark cc_engine_error_quark (void);

typedef enum {
  CC_ENGINE_ERROR_SETUP, /* the event loop itself could not be created */
} CcEngineError;

/* Checks every endpoint, calling options->finished once for each. The number of sockets
 * open at once is bounded by options->parallel, by RLIMIT_NOFILE (the soft limit is
 * raised to the hard limit first) and by the ephemeral port range. Running out of file
 * descriptors is this host's limit, not an endpoint's failure: an endpoint begins what
 * attempts it has sockets for and waits for sockets to close to begin the rest, always
 * within its own deadline (-t, which runs from its first start). Attempts still not
 * begun at the deadline end with EMFILE (local.resources). FALSE only when the loop
 * cannot start. */
gboolean cc_engine_run (const CcEndpoint *const *endpoints, guint n_endpoints,
                        const CcEngineOptions *options, GError **error);

/* The most sockets a run may keep open under the limits above. */
guint cc_engine_socket_budget (guint parallel, const char *proc_root);
