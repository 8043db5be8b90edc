/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "wireshark/frame_verdicts.h"

#include "base/escape.h"
#include "diagnosis/conversation.h"
#include "net/capture/tracker.h"

struct CcFrameVerdicts {
  CcCaptureOptions options;
  CcCaptureStats stats;
  CcTracker *tracker;   /* NULL once settled */
  GHashTable *by_frame; /* guint64 * deciding frame → GPtrArray of CcFrameVerdict *, owned */
  GArray *frames;       /* guint64, deciding frames in the order first seen */
  CcTlsTrust *trust;    /* the system's roots, for certificates sent in clear */
};

static void
verdict_free (gpointer data)
{
  CcFrameVerdict *verdict = data;

  g_free (verdict->client);
  g_free (verdict->server);
  g_free (verdict->detail);
  g_ptr_array_unref (verdict->evidence);
  g_free (verdict);
}

static char *
escape_string (const GString *text)
{
  return cc_escape_bytes ((const guint8 *) text->str, text->len);
}

static CcFrameVerdict *
verdict_new (const CcConversation *conversation)
{
  CcFrameVerdict *verdict = g_new0 (CcFrameVerdict, 1);

  verdict->cause = conversation->cause;
  verdict->client = cc_peer_text (conversation->family, &conversation->client);
  verdict->server = cc_peer_text (conversation->family, &conversation->server);
  verdict->detail = escape_string (conversation->detail);
  verdict->evidence = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < conversation->evidence->len; i++)
    g_ptr_array_add (verdict->evidence,
                     escape_string (g_ptr_array_index (conversation->evidence, i)));
  verdict->identified = conversation->server_speaks;
  verdict->expected = conversation->client_speaks;
  return verdict;
}

/* Keeps what the packets show of a failed conversation; a conversation that went well
 * leaves no trace, so memory follows the failures, not the file. */
static void
keep_verdict (CcConversation *conversation, gpointer data)
{
  CcFrameVerdicts *verdicts = data;
  guint64 frame;
  GPtrArray *at;

  cc_conversation_judge (conversation, NULL, verdicts->trust);
  if (conversation->cause == CC_CAUSE_NONE)
    return;
  frame = conversation->deciding_frame;
  at = g_hash_table_lookup (verdicts->by_frame, &frame);
  if (at == NULL)
    {
      guint64 *key = g_new (guint64, 1);

      *key = frame;
      at = g_ptr_array_new_with_free_func (verdict_free);
      g_hash_table_insert (verdicts->by_frame, key, at);
      g_array_append_val (verdicts->frames, frame);
    }
  g_ptr_array_add (at, verdict_new (conversation));
}

CcFrameVerdicts *
cc_frame_verdicts_new (void)
{
  CcFrameVerdicts *verdicts = g_new0 (CcFrameVerdicts, 1);

  verdicts->tracker = cc_tracker_new (&verdicts->options, keep_verdict, verdicts,
                                      &verdicts->stats);
  verdicts->by_frame = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  verdicts->frames = g_array_new (FALSE, FALSE, sizeof (guint64));
  verdicts->trust = cc_tls_trust_new (NULL);
  return verdicts;
}

void
cc_frame_verdicts_free (CcFrameVerdicts *verdicts)
{
  if (verdicts == NULL)
    return;
  cc_tracker_free (verdicts->tracker);
  cc_tls_trust_free (verdicts->trust);
  g_hash_table_unref (verdicts->by_frame);
  g_array_unref (verdicts->frames);
  g_free (verdicts);
}

gboolean
cc_frame_verdicts_reading (const CcFrameVerdicts *verdicts)
{
  return verdicts->tracker != NULL;
}

void
cc_frame_verdicts_add_frame (CcFrameVerdicts *verdicts, int linktype, guint64 number,
                             gint64 stamp_us, const guint8 *data, guint32 captured)
{
  if (verdicts->tracker == NULL)
    return;
  if (!cc_linktype_supported (linktype))
    {
      verdicts->stats.ignored++;
      return;
    }
  /* A pcapng file may mix link types: each frame is decoded by its own. */
  verdicts->stats.linktype = linktype;
  cc_tracker_add_frame (verdicts->tracker, number, stamp_us, data, captured);
}

static gint
frame_order (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return (x > y) - (x < y);
}

void
cc_frame_verdicts_settle (CcFrameVerdicts *verdicts)
{
  if (verdicts->tracker == NULL)
    return;
  cc_tracker_finish_all (verdicts->tracker);
  g_clear_pointer (&verdicts->tracker, cc_tracker_free);
  g_array_sort (verdicts->frames, frame_order);
}

const GPtrArray *
cc_frame_verdicts_at (const CcFrameVerdicts *verdicts, guint64 number)
{
  return g_hash_table_lookup (verdicts->by_frame, &number);
}

void
cc_frame_verdicts_foreach (const CcFrameVerdicts *verdicts, GFunc func, gpointer user_data)
{
  for (guint i = 0; i < verdicts->frames->len; i++)
    {
      guint64 frame = g_array_index (verdicts->frames, guint64, i);

      g_ptr_array_foreach (g_hash_table_lookup (verdicts->by_frame, &frame), func, user_data);
    }
}
