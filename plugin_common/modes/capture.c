/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/capture.h"

typedef struct {
  const CcEndpoint *settings;
  CcTlsTrust *trust;
  CcConversationFunc func;
  gpointer user_data;
} Judging;

static void
judge_then_hand_over (CcConversation *conversation, gpointer data)
{
  Judging *judging = data;

  cc_conversation_judge (conversation, judging->settings, judging->trust);
  judging->func (conversation, judging->user_data);
}

gboolean
cc_capture_judge_path (const char *path, const CcCaptureOptions *options,
                       const CcEndpoint *settings, CcConversationFunc func, gpointer user_data,
                       CcCaptureStats *stats, GError **error)
{
  g_autoptr (CcTlsTrust) trust = cc_tls_trust_new (settings != NULL ? settings->ca_file : NULL);
  Judging judging = { settings, trust, func, user_data };

  return cc_capture_read_path (path, options, judge_then_hand_over, &judging, stats, error);
}

gboolean
cc_capture_judge_stream (FILE *stream, const CcCaptureOptions *options,
                         const CcEndpoint *settings, CcConversationFunc func,
                         gpointer user_data, CcCaptureStats *stats, GError **error)
{
  g_autoptr (CcTlsTrust) trust = cc_tls_trust_new (settings != NULL ? settings->ca_file : NULL);
  Judging judging = { settings, trust, func, user_data };

  return cc_capture_read_stream (stream, options, judge_then_hand_over, &judging, stats,
                                 error);
}
