/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/capture.h"

#include <string.h>

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

/* The roots for the whole capture, loaded once. */
static CcTlsTrust *
trust_for (const CcEndpoint *settings, CcCaptureStats *stats, GError **error)
{
  CcTlsTrust *trust = cc_tls_trust_new (settings != NULL ? settings->ca_file : NULL, error);

  if (trust == NULL)
    memset (stats, 0, sizeof *stats);
  return trust;
}

gboolean
cc_capture_judge_path (const char *path, const CcCaptureOptions *options,
                       const CcEndpoint *settings, CcConversationFunc func, gpointer user_data,
                       CcCaptureStats *stats, GError **error)
{
  g_autoptr (CcTlsTrust) trust = trust_for (settings, stats, error);
  Judging judging = { settings, trust, func, user_data };

  return trust != NULL
         && cc_capture_read_path (path, options, judge_then_hand_over, &judging, stats, error);
}

gboolean
cc_capture_judge_stream (FILE *stream, const CcCaptureOptions *options,
                         const CcEndpoint *settings, CcConversationFunc func,
                         gpointer user_data, CcCaptureStats *stats, GError **error)
{
  g_autoptr (CcTlsTrust) trust = trust_for (settings, stats, error);
  Judging judging = { settings, trust, func, user_data };

  if (trust == NULL)
    {
      fclose (stream);
      return FALSE;
    }
  return cc_capture_read_stream (stream, options, judge_then_hand_over, &judging, stats,
                                 error);
}
