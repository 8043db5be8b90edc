/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a capture's conversations add up to, and its output: the Nagios form (the worst
 * conversation decides the state, one long-output line per failing conversation), JSON
 * (one object per conversation), CSV (one row per conversation) and OpenMetrics (counts). */
#pragma once

#include "net/capture/capture.h"
#include "model/state.h"

/* Failing conversations listed one per line; the rest are counted. */
#define CC_CAPTURE_MAX_LINES 100

/* What the summary keeps of each conversation besides the counts. */
typedef enum {
  CC_CAPTURE_LISTING_NONE,
  CC_CAPTURE_LISTING_JSON,
  CC_CAPTURE_LISTING_CSV,
} CcCaptureListing;

typedef struct {
  guint64 conversations;
  guint64 failing;
  guint64 per_cause[CC_CAUSE_LAST];
  CcState state;
  char *worst;       /* the first conversation in the worst state, in words */
  GPtrArray *lines;  /* char *: failing conversations, with evidence per verbosity */
  int verbosity;
  CcCaptureListing listing;
  GString *rows;     /* conversation objects (comma separated) or CSV rows; NULL for none */
} CcCaptureSummary;

CcCaptureSummary *cc_capture_summary_new (int verbosity, CcCaptureListing listing);
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
/* State, counts of conversations (per cause too), frames and bytes, labelled with the
 * capture; with no verdict (UNKNOWN), the Nagios form, which says why. */
char *cc_capture_render_openmetrics (const CcCaptureSummary *summary,
                                     const CcCaptureStats *stats, const char *label,
                                     const GError *error);
/* The header and one row per conversation; with no verdict (UNKNOWN), the Nagios form,
 * which says why. */
char *cc_capture_render_csv (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                             const char *label, const GError *error);

