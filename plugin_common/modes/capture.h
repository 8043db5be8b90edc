/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Offline diagnosis of a packet capture: every TCP conversation it holds, judged as a live
 * check would be, handed to the caller as it ends. */
#pragma once

#include "diagnosis/conversation.h"

/* As cc_capture_read_path and cc_capture_read_stream (net/capture/capture.h), with each
 * conversation judged with settings (see cc_conversation_judge) before func receives it.
 * The TLS module and the roots are loaded at the first certificate to judge: when they
 * cannot be, that certificate and every later one is not judged, with the reason. */
gboolean cc_capture_judge_path (const char *path, const CcCaptureOptions *options,
                                const CcEndpoint *settings, CcConversationFunc func,
                                gpointer user_data, CcCaptureStats *stats, GError **error);
gboolean cc_capture_judge_stream (FILE *stream, const CcCaptureOptions *options,
                                  const CcEndpoint *settings, CcConversationFunc func,
                                  gpointer user_data, CcCaptureStats *stats, GError **error);
