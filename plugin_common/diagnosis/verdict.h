/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verdict on one endpoint: what was seen (net/observation.h), judged into a cause, a
 * state, the facts behind it and advice. */
#pragma once

#include "net/observation.h"

typedef struct {
  CcObservation *seen;        /* owned */
  const CcAttempt *primary;   /* the attempt the verdict is about, or NULL */
  CcCauseId cause;            /* CC_CAUSE_NONE when all is well */
  CcState state;
  GString *detail;            /* the verdict in words, for the status line: raw, so it
                               * may quote peer bytes, NUL included; the renderer
                               * escapes it as it writes */
  GPtrArray *evidence;        /* char *: the facts behind the verdict, one line each;
                               * NULL until the diagnosis adds one (a bulk run spares
                               * an empty array per endpoint) */
  char *advice;               /* advice more precise than the cause's own, or NULL */
  gint64 elapsed_us;
  gint64 diagnosis_us;        /* spent reading evidence and probing after the connects */
} CcResult;

void cc_result_free (CcResult *result);
/* Replaces the verdict's words with length bytes of text (-1: up to its NUL). */
void cc_result_set_detail (CcResult *result, const char *text, gssize length);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcResult, cc_result_free)

/* CRITICAL or UNKNOWN: what a group counts as failing. */
gboolean cc_result_is_failing (const CcResult *result);

/* The system's report of a failed attempt: "connect() to 192.0.2.7:80 failed after
 * 0.1 ms: Connection refused (ECONNREFUSED)". Owned by the caller. */
char *cc_attempt_evidence (const CcAttempt *attempt);

/* What went wrong with one attempt, in words: "connection refused: nothing listens on
 * port 9". Owned by the caller. */
char *cc_attempt_describe (const CcAttempt *attempt, const CcEndpoint *endpoint);
/* The ICMP error an attempt drew (has_icmp) and who sent it: "ICMP port unreachable from
 * 10.0.0.2, the target itself". Owned by the caller. */
char *cc_attempt_icmp_describe (const CcAttempt *attempt);
/* Whether the target itself sent the attempt's ICMP error, not a router on the way. */
gboolean cc_attempt_icmp_from_target (const CcAttempt *attempt);
