/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/capture.h"

#include <string.h>

#include "net/tls_certificate.h"

typedef struct {
  const CcEndpoint *settings;
  CcConversationFunc func;
  gpointer user_data;
} Judging;

static void
judge_then_hand_over (CcConversation *conversation, gpointer data)
{
  Judging *judging = data;

  cc_conversation_judge (conversation, judging->settings);
  judging->func (conversation, judging->user_data);
}

/* A CA file that gives no certificate makes the run UNKNOWN, as for a live check, rather
 * than every conversation unjudged. */
static gboolean
settings_usable (const CcEndpoint *settings, CcCaptureStats *stats, GError **error)
{
  if (settings == NULL || settings->ca_file == NULL)
    return TRUE;
  memset (stats, 0, sizeof *stats);
  return cc_tls_ca_file_check (settings->ca_file, error);
}

gboolean
cc_capture_judge_path (const char *path, const CcCaptureOptions *options,
                       const CcEndpoint *settings, CcConversationFunc func, gpointer user_data,
                       CcCaptureStats *stats, GError **error)
{
  Judging judging = { settings, func, user_data };

  if (!settings_usable (settings, stats, error))
    return FALSE;
  return cc_capture_read_path (path, options, judge_then_hand_over, &judging, stats, error);
}

gboolean
cc_capture_judge_stream (FILE *stream, const CcCaptureOptions *options,
                         const CcEndpoint *settings, CcConversationFunc func,
                         gpointer user_data, CcCaptureStats *stats, GError **error)
{
  Judging judging = { settings, func, user_data };

  if (!settings_usable (settings, stats, error))
    {
      fclose (stream);
      return FALSE;
    }
  return cc_capture_read_stream (stream, options, judge_then_hand_over, &judging, stats,
                                 error);
}
