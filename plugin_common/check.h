/* One check of one endpoint: resolve, connect to every address, reach a verdict. */
#pragma once

#include "endpoint.h"
#include "exchange.h"
#include "probe.h"
#include "resolve.h"

typedef struct {
  const CcEndpoint *endpoint; /* borrowed */
  CcResolution *resolution;
  GArray *attempts;           /* CcAttempt, one per resolved address */
  const CcAttempt *primary;   /* the attempt the verdict is about, or NULL */
  CcCauseId cause;            /* CC_CAUSE_NONE when all is well */
  CcState state;
  char *detail;               /* the verdict in words, for the status line */
  CcExchange *exchange;       /* the conversation after connecting, or NULL */
  GPtrArray *evidence;        /* char *: the facts behind the verdict, one line each */
  char *advice;               /* advice more precise than the cause's own, or NULL */
  gint64 elapsed_us;
  gint64 diagnosis_us;        /* spent reading evidence and probing after the connects */
} CcResult;

/* Checks one endpoint with the same engine as a bulk run (engine.h); NULL only when the
 * engine cannot start (error set). */
CcResult *cc_check_run (const CcEndpoint *endpoint, GError **error);

/* For the engine: a result is created when its check starts, gets the resolution (one
 * attempt per address), and is judged once every attempt is finished. */
CcResult *cc_result_new (const CcEndpoint *endpoint);
/* Takes ownership of resolution. */
void cc_result_set_resolution (CcResult *result, CcResolution *resolution);
/* Once every connect is over, for an endpoint that wants a conversation: creates
 * result->exchange and returns the attempt whose socket (attempt->fd) it is to run on,
 * the fastest connection; NULL when nothing connected. The engine drives the exchange
 * and closes every kept socket before the result is judged. */
CcAttempt *cc_result_begin_exchange (CcResult *result);
/* Judges (taking the finished exchange's verdict), diagnoses (when diagnose is set) and applies the endpoint's state rules; the
 * check began at started_us (g_get_monotonic_time clock). */
void cc_result_judge (CcResult *result, gint64 started_us, gboolean diagnose);
/* The address family a check of endpoint resolves to (a --source decides it). */
CcFamily cc_check_family (const CcEndpoint *endpoint);
/* How the endpoint's connects are made (source address, ICMP errors); borrows from it. */
CcProbeSettings cc_check_probe_settings (const CcEndpoint *endpoint);
void cc_result_free (CcResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcResult, cc_result_free)

/* The fastest connection is what a client racing its addresses would get; NULL if none. */
const CcAttempt *cc_fastest_connected (const GArray *attempts);
guint cc_count_connected (const GArray *attempts);

/* The system's report of a failed attempt: "connect() to 192.0.2.7:80 failed after
 * 0.1 ms: Connection refused (ECONNREFUSED)". Owned by the caller. */
char *cc_attempt_evidence (const CcAttempt *attempt);

/* What went wrong with one attempt, in words: "connection refused: nothing listens on
 * port 9". Owned by the caller. */
char *cc_attempt_describe (const CcAttempt *attempt, const CcEndpoint *endpoint);
