/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversation tracker: decoded frames → one table of open conversations, keyed by
 * the unordered 4-tuple. A conversation ends when it is reset or closed both ways (and
 * then quiet for a moment), when it stays idle too long, or when the table is full; it is
 * handed over at once, so memory follows the number of conversations open at the same
 * time. Frames come from libpcap (reader.c) or from any other reader, one at a time. */
#include "net/capture/tracker.h"

#include <arpa/inet.h>
#include <string.h>

#include "knowledge/dissect/tls_handshake.h"

/* After a close, late retransmissions and ACKs still belong to the old conversation. */
#define CLOSED_LINGER_US (2 * G_USEC_PER_SEC)
/* What keeping one server's TLS handshake takes from the budget. */
#define TLS_RESERVE (CC_CAPTURE_TLS_KEEP_BYTES - CC_CAPTURE_KEEP_BYTES)
#define TLS_HANDSHAKE_RECORD 0x16

typedef struct {
  guint8 family;
  guint8 pad;
  guint16 low_port;
  guint16 high_port;
  guint8 low[16];
  guint8 high[16];
} FlowKey;

typedef struct {
  FlowKey key;
  CcConversation conversation;
  GList link;          /* in the tracker's open or closed queue, oldest first */
  gboolean closed;
  guint32 client_isn;  /* of the client's first SYN: its retransmissions carry it too */
  gboolean tls_reserved; /* its server's TLS handshake holds TLS_RESERVE of the budget */
} Flow;

struct CcTracker {
  const CcCaptureOptions *options;
  CcConversationFunc func;
  gpointer user_data;
  CcCaptureStats *stats;
  GHashTable *flows;   /* FlowKey → Flow, owned */
  GQueue open;         /* Flow, by last activity */
  GQueue closed;
  gint64 now_us;
  guint64 frame;       /* number of the frame being added */
  guint64 tls_reserved; /* bytes of CC_CAPTURE_TLS_BUDGET_BYTES in use */
};

static guint
flow_key_hash (gconstpointer data)
{
  const guint8 *p = data;
  guint32 hash = 2166136261u;
  for (gsize i = 0; i < sizeof (FlowKey); i++)
    hash = (hash ^ p[i]) * 16777619u;
  return hash;
}

static gboolean
flow_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (FlowKey)) == 0;
}

static int
peer_compare (const CcPeer *a, const CcPeer *b)
{
  int order = memcmp (a->address, b->address, sizeof a->address);
  return order != 0 ? order : (int) a->port - (int) b->port;
}

static void
flow_key_make (const CcSegment *segment, FlowKey *key)
{
  gboolean forward = peer_compare (&segment->source, &segment->destination) < 0;
  const CcPeer *low = forward ? &segment->source : &segment->destination;
  const CcPeer *high = forward ? &segment->destination : &segment->source;

  memset (key, 0, sizeof *key);
  key->family = (guint8) segment->family;
  key->low_port = low->port;
  key->high_port = high->port;
  memcpy (key->low, low->address, sizeof key->low);
  memcpy (key->high, high->address, sizeof key->high);
}

char *
cc_peer_text (int family, const CcPeer *peer)
{
  char text[INET6_ADDRSTRLEN];

  inet_ntop (family, peer->address, text, sizeof text);
  if (family == AF_INET6)
    return g_strdup_printf ("[%s]:%u", text, peer->port);
  return g_strdup_printf ("%s:%u", text, peer->port);
}

static void
flow_free (gpointer data)
{
  Flow *flow = data;
  CcConversation *conversation = &flow->conversation;

  g_free (conversation->to_server.bytes);
  g_free (conversation->to_client.bytes);
  if (conversation->detail != NULL)
    g_string_free (conversation->detail, TRUE);
  if (conversation->evidence != NULL)
    g_ptr_array_unref (conversation->evidence);
  if (conversation->fields != NULL)
    g_ptr_array_unref (conversation->fields);
  g_free (flow);
}

static GQueue *
queue_of (CcTracker *tracker, const Flow *flow)
{
  return flow->closed ? &tracker->closed : &tracker->open;
}

/* Hands over and forgets one conversation. */
static void
finish (CcTracker *tracker, Flow *flow)
{
  g_queue_unlink (queue_of (tracker, flow), &flow->link);
  if (flow->tls_reserved)
    tracker->tls_reserved -= TLS_RESERVE;
  flow->conversation.ended_us = tracker->now_us;
  tracker->stats->conversations++;
  tracker->func (&flow->conversation, tracker->user_data);
  g_hash_table_remove (tracker->flows, &flow->key);
}

static void
touch (CcTracker *tracker, Flow *flow)
{
  GQueue *queue = queue_of (tracker, flow);
  g_queue_unlink (queue, &flow->link);
  g_queue_push_tail_link (queue, &flow->link);
}

static void
mark_closed (CcTracker *tracker, Flow *flow)
{
  if (flow->closed)
    return;
  g_queue_unlink (&tracker->open, &flow->link);
  flow->closed = TRUE;
  g_queue_push_tail_link (&tracker->closed, &flow->link);
}

static void
expire (CcTracker *tracker)
{
  gint64 idle = tracker->options->idle_us ?: CC_CAPTURE_DEFAULT_IDLE_US;
  Flow *flow;

  while ((flow = g_queue_peek_head (&tracker->closed)) != NULL
         && tracker->now_us - flow->conversation.last_us > CLOSED_LINGER_US)
    finish (tracker, flow);
  while ((flow = g_queue_peek_head (&tracker->open)) != NULL
         && tracker->now_us - flow->conversation.last_us > idle)
    finish (tracker, flow);
}

/* Makes room for one more: the least recently active conversation ends first. */
static void
make_room (CcTracker *tracker)
{
  guint max = tracker->options->max_open ?: CC_CAPTURE_DEFAULT_MAX_OPEN;
  Flow *flow;

  while (g_hash_table_size (tracker->flows) >= max)
    {
      flow = g_queue_peek_head (&tracker->closed) ?: g_queue_peek_head (&tracker->open);
      if (!flow->closed)
        tracker->stats->evicted++;
      finish (tracker, flow);
    }
}

static Flow *
flow_new (CcTracker *tracker, const FlowKey *key, const CcSegment *segment, gboolean from_client)
{
  Flow *flow = g_new0 (Flow, 1);
  CcConversation *conversation = &flow->conversation;

  make_room (tracker);
  flow->key = *key;
  flow->link.data = flow;
  conversation->family = segment->family;
  conversation->client = from_client ? segment->source : segment->destination;
  conversation->server = from_client ? segment->destination : segment->source;
  conversation->first_us = tracker->now_us;
  conversation->first_frame = tracker->frame;
  g_hash_table_insert (tracker->flows, &flow->key, flow);
  g_queue_push_tail_link (&tracker->open, &flow->link);
  tracker->stats->open_peak = MAX (tracker->stats->open_peak, g_hash_table_size (tracker->flows));
  return flow;
}

/* Room for needed bytes. Up to CC_CAPTURE_KEEP_BYTES a stream grows to what it kept, not
 * a full buffer each way at once: tens of thousands of conversations open at the same
 * time hold their few request and answer bytes. A TLS handshake kept past that grows by
 * doubling up to limit. */
static void
reserve (CcStream *stream, guint32 needed, guint32 limit)
{
  guint32 capacity = MAX (stream->capacity, MIN (needed, CC_CAPTURE_KEEP_BYTES));

  while (capacity < needed)
    capacity = MIN (capacity * 2, limit);
  if (capacity == stream->capacity)
    return;
  stream->bytes = g_realloc (stream->bytes, capacity);
  stream->capacity = capacity;
}

/* Keeps the first in-order payload bytes; retransmitted bytes are skipped, and a hole in
 * the capture (out of order, or cut by the snap length) ends the keeping. */
static void
stream_add (CcStream *stream, const CcSegment *segment, gint64 now_us, guint64 frame)
{
  guint32 limit = stream->keep_limit ?: CC_CAPTURE_KEEP_BYTES;
  guint32 already, take;

  stream->total += segment->length;
  if (segment->length == 0)
    return;
  if (stream->first_us == 0)
    {
      stream->first_us = now_us;
      stream->first_frame = frame;
    }
  if (!stream->seq_known)
    {
      stream->seq_known = TRUE;
      stream->next_seq = segment->seq;
    }
  if (stream->gap || stream->kept >= limit)
    return;
  already = stream->next_seq - segment->seq;
  if (already > G_MAXINT32)
    {
      stream->gap = TRUE;
      return;
    }
  if (already >= segment->length)
    return;
  if (segment->captured < segment->length)
    stream->gap = TRUE;
  if (segment->captured <= already)
    return;
  take = MIN (segment->captured - already, limit - stream->kept);
  reserve (stream, stream->kept + take, limit);
  memcpy (stream->bytes + stream->kept, segment->payload + already, take);
  stream->kept += take;
  stream->next_seq = segment->seq + segment->length;
}

static gboolean
starts_with_tls_handshake (const guint8 *bytes, guint32 length)
{
  return length >= 2 && bytes[0] == TLS_HANDSHAKE_RECORD && bytes[1] == 3;
}

/* A server that answers a client's TLS handshake with one of its own: its clear
 * handshake is kept past CC_CAPTURE_KEEP_BYTES, while the budget lasts. */
static void
keep_tls_handshake (CcTracker *tracker, Flow *flow, const CcSegment *segment)
{
  CcConversation *conversation = &flow->conversation;
  CcStream *down = &conversation->to_client;
  gboolean server_tls = down->kept > 0 ? starts_with_tls_handshake (down->bytes, down->kept)
                                       : starts_with_tls_handshake (segment->payload,
                                                                    segment->captured);

  if (flow->tls_reserved || down->flight_over || segment->length == 0)
    return;
  if (!server_tls
      || !starts_with_tls_handshake (conversation->to_server.bytes, conversation->to_server.kept)
      || tracker->tls_reserved + TLS_RESERVE > CC_CAPTURE_TLS_BUDGET_BYTES)
    {
      down->flight_over = TRUE;
      return;
    }
  flow->tls_reserved = TRUE;
  tracker->tls_reserved += TLS_RESERVE;
  down->keep_limit = CC_CAPTURE_TLS_KEEP_BYTES;
}

/* Once encryption begins (or a gap, or the cap, ends the keeping), the budget is given
 * back and the bytes shrink to what was kept. */
static void
end_tls_handshake (CcTracker *tracker, Flow *flow)
{
  CcStream *down = &flow->conversation.to_client;

  if (!flow->tls_reserved
      || (!down->gap && down->kept < down->keep_limit
          && cc_tls_server_flight_continues (down->bytes, down->kept, &down->flight_checked)))
    return;
  flow->tls_reserved = FALSE;
  tracker->tls_reserved -= TLS_RESERVE;
  down->flight_over = TRUE;
  down->keep_limit = MAX (down->kept, CC_CAPTURE_KEEP_BYTES);
  if (down->capacity > down->keep_limit)
    {
      down->bytes = g_realloc (down->bytes, down->keep_limit);
      down->capacity = down->keep_limit;
    }
}

static void
on_syn (CcConversation *conversation, const CcSegment *segment, gboolean from_client,
        gint64 now_us, guint64 frame)
{
  CcStream *stream = from_client ? &conversation->to_server : &conversation->to_client;

  if (from_client && !(segment->flags & CC_TCP_ACK))
    {
      conversation->saw_syn = TRUE;
      if (conversation->syn_count++ == 0)
        conversation->first_syn_us = now_us;
      conversation->last_syn_us = now_us;
      conversation->last_syn_frame = frame;
    }
  else if (!from_client && conversation->synack_us == 0)
    conversation->synack_us = now_us;
  stream->seq_known = TRUE;
  stream->next_seq = segment->seq + 1;
}

static void
on_segment (CcTracker *tracker, Flow *flow, const CcSegment *segment)
{
  CcConversation *conversation = &flow->conversation;
  gboolean from_client = peer_compare (&segment->source, &conversation->client) == 0;
  CcStream *stream = from_client ? &conversation->to_server : &conversation->to_client;
  CcStream *other = from_client ? &conversation->to_client : &conversation->to_server;

  conversation->packets++;
  conversation->last_us = tracker->now_us;
  conversation->last_frame = tracker->frame;
  if (segment->flags & CC_TCP_SYN)
    on_syn (conversation, segment, from_client, tracker->now_us, tracker->frame);
  else if (from_client)
    stream_add (stream, segment, tracker->now_us, tracker->frame);
  else
    {
      keep_tls_handshake (tracker, flow, segment);
      stream_add (stream, segment, tracker->now_us, tracker->frame);
      end_tls_handshake (tracker, flow);
    }
  if ((segment->flags & CC_TCP_FIN) && stream->fin_us == 0)
    {
      stream->fin_us = tracker->now_us;
      stream->fin_frame = tracker->frame;
    }
  if ((segment->flags & CC_TCP_RST) && stream->rst_us == 0)
    {
      stream->rst_us = tracker->now_us;
      stream->rst_frame = tracker->frame;
    }
  if (stream->rst_us != 0 || (stream->fin_us != 0 && other->fin_us != 0))
    mark_closed (tracker, flow);
  else
    touch (tracker, flow);
}

static gboolean
is_client_syn (const CcSegment *segment)
{
  return (segment->flags & (CC_TCP_SYN | CC_TCP_ACK)) == CC_TCP_SYN;
}

/* A new SYN on a closed 4-tuple is a new connection reusing the ports; the old SYN
 * again (retransmitted after an ICMP error, say) is not. */
static gboolean
starts_anew (const Flow *flow, const CcSegment *segment)
{
  return flow->closed && is_client_syn (segment)
         && !(flow->conversation.saw_syn && segment->seq == flow->client_isn);
}

/* A conversation is only started from what shows its direction or its content: a
 * SYN, a SYN-ACK, data or a FIN. Bare ACKs and resets of unknown flows are strays. */
static gboolean
may_start (const CcSegment *segment)
{
  return (segment->flags & CC_TCP_SYN) || segment->length > 0 || (segment->flags & CC_TCP_FIN);
}

static void
on_tcp (CcTracker *tracker, const CcSegment *segment)
{
  FlowKey key;
  Flow *flow;
  gboolean from_client;

  flow_key_make (segment, &key);
  flow = g_hash_table_lookup (tracker->flows, &key);
  if (flow != NULL && starts_anew (flow, segment))
    {
      finish (tracker, flow);
      flow = NULL;
    }
  if (flow == NULL)
    {
      if (!may_start (segment))
        {
          tracker->stats->stray++;
          return;
        }
      if (segment->flags & CC_TCP_SYN)
        from_client = !(segment->flags & CC_TCP_ACK);
      else
        from_client = segment->source.port > segment->destination.port;
      flow = flow_new (tracker, &key, segment, from_client);
    }
  if (is_client_syn (segment) && !flow->conversation.saw_syn)
    flow->client_isn = segment->seq;
  on_segment (tracker, flow, segment);
}

/* An ICMP error quotes the client's segment: it belongs to the flow it quotes. */
static void
on_icmp (CcTracker *tracker, const CcFrame *frame)
{
  FlowKey key;
  Flow *flow;
  CcConversation *conversation;

  flow_key_make (&frame->segment, &key);
  flow = g_hash_table_lookup (tracker->flows, &key);
  if (flow == NULL)
    {
      tracker->stats->stray++;
      return;
    }
  conversation = &flow->conversation;
  conversation->packets++;
  conversation->last_us = tracker->now_us;
  conversation->last_frame = tracker->frame;
  if (conversation->icmp_us == 0)
    {
      conversation->icmp_us = tracker->now_us;
      conversation->icmp_frame = tracker->frame;
      conversation->icmp_type = frame->icmp_type;
      conversation->icmp_code = frame->icmp_code;
      memcpy (conversation->icmp_sender, frame->icmp_sender, sizeof frame->icmp_sender);
    }
  if (conversation->synack_us == 0)
    mark_closed (tracker, flow);
}

static gint
by_start (gconstpointer a, gconstpointer b)
{
  const Flow *x = a, *y = b;
  return (x->conversation.first_us > y->conversation.first_us)
         - (x->conversation.first_us < y->conversation.first_us);
}

void
cc_tracker_finish_all (CcTracker *tracker)
{
  GList *ordered = g_list_concat (g_list_copy (tracker->closed.head),
                                  g_list_copy (tracker->open.head));

  ordered = g_list_sort (ordered, by_start);
  for (GList *l = ordered; l != NULL; l = l->next)
    finish (tracker, l->data);
  g_list_free (ordered);
}

CcTracker *
cc_tracker_new (const CcCaptureOptions *options, CcConversationFunc func, gpointer user_data,
                CcCaptureStats *stats)
{
  CcTracker *tracker = g_new0 (CcTracker, 1);

  tracker->options = options;
  tracker->func = func;
  tracker->user_data = user_data;
  tracker->stats = stats;
  tracker->flows = g_hash_table_new_full (flow_key_hash, flow_key_equal, NULL, flow_free);
  return tracker;
}

void
cc_tracker_add_frame (CcTracker *tracker, guint64 number, gint64 stamp_us,
                      const guint8 *data, guint32 captured)
{
  CcFrame frame;

  tracker->frame = number;
  tracker->stats->frames++;
  tracker->stats->bytes += captured;
  /* Captures from several interfaces can step back a little: time never runs back here. */
  tracker->now_us = MAX (tracker->now_us, stamp_us);
  switch (cc_decode_frame (tracker->stats->linktype, data, captured, &frame))
    {
    case CC_FRAME_TCP:
      on_tcp (tracker, &frame.segment);
      break;
    case CC_FRAME_ICMP_ERROR:
      on_icmp (tracker, &frame);
      break;
    case CC_FRAME_MALFORMED:
      tracker->stats->malformed++;
      break;
    case CC_FRAME_OTHER:
      tracker->stats->ignored++;
      break;
    }
  /* Expiry is cheap when nothing is due; every 1024 frames keeps it off the hot path. */
  if ((tracker->stats->frames & 1023) == 0)
    expire (tracker);
}

void
cc_tracker_free (CcTracker *tracker)
{
  if (tracker == NULL)
    return;
  g_hash_table_unref (tracker->flows);
  g_free (tracker);
}
