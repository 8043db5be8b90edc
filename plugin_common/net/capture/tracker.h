/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversation tracker, fed one frame at a time: by the libpcap reader (reader.c) or
 * by any front end that reads frames itself, such as the Wireshark plugin. */
#pragma once

#include "net/capture/capture.h"

typedef struct CcTracker CcTracker;

/* stats->linktype says how frames are decoded; options, func and stats must outlive the
 * tracker. func receives each conversation as it ends, not yet judged. */
CcTracker *cc_tracker_new (const CcCaptureOptions *options, CcConversationFunc func,
                           gpointer user_data, CcCaptureStats *stats);
/* number names the frame in the conversations' *_frame fields (a file's frame number,
 * from 1); stamp_us is its capture time. */
void cc_tracker_add_frame (CcTracker *tracker, guint64 number, gint64 stamp_us,
                           const guint8 *data, guint32 captured);
/* Hands every conversation still open over, in the order they began. */
void cc_tracker_finish_all (CcTracker *tracker);
/* Forgets the conversations still open without handing them over. */
void cc_tracker_free (CcTracker *tracker);
