/* The probe engine: one epoll loop drives every check, one endpoint or twenty thousand,
 * so a single check and a bulk audit behave alike: name lookups, connects, and the
 * protocol conversations after them (exchange.h), with one deadline per endpoint. */
#pragma once

#include "check.h"

typedef void (*CcEngineProgress) (guint done, guint total, gpointer user_data);

typedef struct {
  guint parallel;            /* most sockets open at once; 0: as many as the limits allow */
  const char *proc_root;     /* where sysctls are read ("/proc"); NULL for the live system */
  gboolean diagnose;         /* read local evidence for each failure (cc_diagnose): right
                              * for one check; in bulk each failing endpoint would ask the
                              * kernel for the listening sockets again, which with
                              * thousands of listeners costs O(failures x listeners) */
  CcEngineProgress progress; /* called after each finished endpoint, or NULL */
  gpointer progress_data;
} CcEngineOptions;

#define CC_ENGINE_ERROR (cc_engine_error_quark ())
GQuark cc_engine_error_quark (void);

typedef enum {
  CC_ENGINE_ERROR_SETUP, /* the event loop itself could not be created */
} CcEngineError;

/* Checks every endpoint (options may be NULL) and returns one CcResult per endpoint, in
 * the same order; each result borrows its endpoint. The number of sockets open at once
 * is bounded by options->parallel, by RLIMIT_NOFILE (the soft limit is raised to the
 * hard limit first) and by the ephemeral port range. Running out of file descriptors is
 * this host's limit, never an endpoint's failure: the engine waits for a socket to close
 * and tries again. */
GPtrArray *cc_engine_run (const CcEndpoint *const *endpoints, guint n_endpoints,
                          const CcEngineOptions *options, GError **error);

/* The most sockets a run may keep open under the limits above. */
guint cc_engine_socket_budget (guint parallel, const char *proc_root);
