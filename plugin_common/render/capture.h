/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a capture's conversations add up to, and its output: the Nagios form (the worst
 * conversation decides the state, one long-output line per failing conversation) and
 * JSON (one object per conversation). */
#pragma once

#include "net/capture/capture.h"
#include "model/state.h"

/* Failing conversations listed one per line; the rest are counted. */
#define CC_CAPTURE_MAX_LINES 100

typedef struct {
  guint64 conversations;
  guint64 failing;
  guint64 per_cause[CC_CAUSE_LAST];
  CcState state;
  char *worst;       /* the first conversation in the worst state, in words */
  GPtrArray *lines;  /* char *: failing conversations, with evidence per verbosity */
  int verbosity;
  GString *json;     /* conversation objects, comma separated; NULL when not wanted */
} CcCaptureSummary;

CcCaptureSummary *cc_capture_summary_new (int verbosity, gboolean json);
void cc_capture_summary_free (CcCaptureSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcCaptureSummary, cc_capture_summary_free)

/* A CcConversationFunc: user_data is the summary. */
void cc_capture_summary_add (CcConversation *conversation, gpointer user_data);

/* The state the plugin exits with: UNKNOWN on a read error or an empty capture. */
CcState cc_capture_summary_state (const CcCaptureSummary *summary, const GError *error);

/* Whole plugin outputs; error is the reader's, or NULL. label names the capture. */
char *cc_capture_render_nagios (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                                const char *label, const GError *error);
char *cc_capture_render_json (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                              const char *label, const GError *error);


/* The number of failed conversations per cause, as a tshark statistics table (the
 * Wireshark plugin's -z check_conn,causes); filter is the tap's display filter or NULL. */
char *cc_capture_render_cause_counts (const guint64 per_cause[CC_CAUSE_LAST],
                                      const char *filter);
