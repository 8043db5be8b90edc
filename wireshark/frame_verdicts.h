/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verdicts of one capture file, by the frame that settled each: frames go into the
 * conversation tracker as Wireshark's first pass reads them; once it has read them all,
 * every conversation is judged, and later passes ask which verdicts a frame carries. */
#pragma once

#include "model/causes.h"

typedef struct {
  CcCauseId cause;
  char *client;         /* "10.0.0.1:40000" or "[fd00::1]:443" */
  char *server;
  char *detail;         /* the judgement's words, escaped */
  GPtrArray *evidence;  /* char *, escaped, one line each */
  const char *identified; /* the protocol that answered, or NULL */
  const char *expected;   /* the protocol the client spoke, or NULL */
} CcFrameVerdict;

typedef struct CcFrameVerdicts CcFrameVerdicts;

CcFrameVerdicts *cc_frame_verdicts_new (void);
void cc_frame_verdicts_free (CcFrameVerdicts *verdicts);

/* TRUE until cc_frame_verdicts_settle: frames are still being read in. */
gboolean cc_frame_verdicts_reading (const CcFrameVerdicts *verdicts);
/* One frame of the first pass, in order; linktype is its pcap DLT (frames of a link type
 * the decoder does not know are counted and skipped). */
void cc_frame_verdicts_add_frame (CcFrameVerdicts *verdicts, int linktype, guint64 number,
                                  gint64 stamp_us, const guint8 *data, guint32 captured);
/* The first pass is over: judges the conversations still open. */
void cc_frame_verdicts_settle (CcFrameVerdicts *verdicts);
/* The failing verdicts frame number settled (CcFrameVerdict *), or NULL for none. */
const GPtrArray *cc_frame_verdicts_at (const CcFrameVerdicts *verdicts, guint64 number);
/* Calls func for every failing verdict, in frame order. */
void cc_frame_verdicts_foreach (const CcFrameVerdicts *verdicts, GFunc func, gpointer user_data);
