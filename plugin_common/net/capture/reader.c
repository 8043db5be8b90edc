/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The capture reader: libpcap frames → decoded segments → one table of open
 * conversations, keyed by the unordered 4-tuple. A conversation ends when it is reset or
 * closed both ways (and then quiet for a moment), when it stays idle too long, or when the
 * table is full; it is judged and handed over at once, so memory follows the number of
 * conversations open at the same time. */
#include "net/capture/capture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"

#include "net/capture/pcap_api.h"

G_DEFINE_QUARK (cc-capture-error-quark, cc_capture_error)

/* After a close, late retransmissions and ACKs still belong to the old conversation. */
#define CLOSED_LINGER_US (2 * G_USEC_PER_SEC)

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
  GList link;          /* in the reader's open or closed queue, oldest first */
  gboolean closed;
  guint32 client_isn;  /* of the client's first SYN: its retransmissions carry it too */
} Flow;

typedef struct {
  const CcCaptureOptions *options;
  CcConversationFunc func;
  gpointer user_data;
  CcCaptureStats *stats;
  GHashTable *flows;   /* FlowKey → Flow, owned */
  GQueue open;         /* Flow, by last activity */
  GQueue closed;
  gint64 now_us;
} Reader;

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
queue_of (Reader *reader, const Flow *flow)
{
  return flow->closed ? &reader->closed : &reader->open;
}

/* Hands over and forgets one conversation. */
static void
finish (Reader *reader, Flow *flow)
{
  g_queue_unlink (queue_of (reader, flow), &flow->link);
  flow->conversation.ended_us = reader->now_us;
  reader->stats->conversations++;
  reader->func (&flow->conversation, reader->user_data);
  g_hash_table_remove (reader->flows, &flow->key);
}

static void
touch (Reader *reader, Flow *flow)
{
  GQueue *queue = queue_of (reader, flow);
  g_queue_unlink (queue, &flow->link);
  g_queue_push_tail_link (queue, &flow->link);
}

static void
mark_closed (Reader *reader, Flow *flow)
{
  if (flow->closed)
    return;
  g_queue_unlink (&reader->open, &flow->link);
  flow->closed = TRUE;
  g_queue_push_tail_link (&reader->closed, &flow->link);
}

static void
expire (Reader *reader)
{
  gint64 idle = reader->options->idle_us ?: CC_CAPTURE_DEFAULT_IDLE_US;
  Flow *flow;

  while ((flow = g_queue_peek_head (&reader->closed)) != NULL
         && reader->now_us - flow->conversation.last_us > CLOSED_LINGER_US)
    finish (reader, flow);
  while ((flow = g_queue_peek_head (&reader->open)) != NULL
         && reader->now_us - flow->conversation.last_us > idle)
    finish (reader, flow);
}

/* Makes room for one more: the least recently active conversation ends first. */
static void
make_room (Reader *reader)
{
  guint max = reader->options->max_open ?: CC_CAPTURE_DEFAULT_MAX_OPEN;
  Flow *flow;

  while (g_hash_table_size (reader->flows) >= max)
    {
      flow = g_queue_peek_head (&reader->closed) ?: g_queue_peek_head (&reader->open);
      if (!flow->closed)
        reader->stats->evicted++;
      finish (reader, flow);
    }
}

static Flow *
flow_new (Reader *reader, const FlowKey *key, const CcSegment *segment, gboolean from_client)
{
  Flow *flow = g_new0 (Flow, 1);
  CcConversation *conversation = &flow->conversation;

  make_room (reader);
  flow->key = *key;
  flow->link.data = flow;
  conversation->family = segment->family;
  conversation->client = from_client ? segment->source : segment->destination;
  conversation->server = from_client ? segment->destination : segment->source;
  conversation->first_us = reader->now_us;
  g_hash_table_insert (reader->flows, &flow->key, flow);
  g_queue_push_tail_link (&reader->open, &flow->link);
  reader->stats->open_peak = MAX (reader->stats->open_peak, g_hash_table_size (reader->flows));
  return flow;
}

/* Keeps the first in-order payload bytes; retransmitted bytes are skipped, and a hole in
 * the capture (out of order, or cut by the snap length) ends the keeping. */
static void
stream_add (CcStream *stream, const CcSegment *segment, gint64 now_us)
{
  guint32 already, take;

  stream->total += segment->length;
  if (segment->length == 0)
    return;
  if (stream->first_us == 0)
    stream->first_us = now_us;
  if (!stream->seq_known)
    {
      stream->seq_known = TRUE;
      stream->next_seq = segment->seq;
    }
  if (stream->gap || stream->kept >= CC_CAPTURE_KEEP_BYTES)
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
  take = MIN (segment->captured - already, CC_CAPTURE_KEEP_BYTES - stream->kept);
  if (stream->bytes == NULL)
    stream->bytes = g_malloc (CC_CAPTURE_KEEP_BYTES);
  memcpy (stream->bytes + stream->kept, segment->payload + already, take);
  stream->kept += take;
  stream->next_seq = segment->seq + segment->length;
}

static void
on_syn (CcConversation *conversation, const CcSegment *segment, gboolean from_client,
        gint64 now_us)
{
  CcStream *stream = from_client ? &conversation->to_server : &conversation->to_client;

  if (from_client && !(segment->flags & CC_TCP_ACK))
    {
      conversation->saw_syn = TRUE;
      if (conversation->syn_count++ == 0)
        conversation->first_syn_us = now_us;
      conversation->last_syn_us = now_us;
    }
  else if (!from_client && conversation->synack_us == 0)
    conversation->synack_us = now_us;
  stream->seq_known = TRUE;
  stream->next_seq = segment->seq + 1;
}

static void
on_segment (Reader *reader, Flow *flow, const CcSegment *segment)
{
  CcConversation *conversation = &flow->conversation;
  gboolean from_client = peer_compare (&segment->source, &conversation->client) == 0;
  CcStream *stream = from_client ? &conversation->to_server : &conversation->to_client;
  CcStream *other = from_client ? &conversation->to_client : &conversation->to_server;

  conversation->packets++;
  conversation->last_us = reader->now_us;
  if (segment->flags & CC_TCP_SYN)
    on_syn (conversation, segment, from_client, reader->now_us);
  else
    stream_add (stream, segment, reader->now_us);
  if ((segment->flags & CC_TCP_FIN) && stream->fin_us == 0)
    stream->fin_us = reader->now_us;
  if ((segment->flags & CC_TCP_RST) && stream->rst_us == 0)
    stream->rst_us = reader->now_us;
  if (stream->rst_us != 0 || (stream->fin_us != 0 && other->fin_us != 0))
    mark_closed (reader, flow);
  else
    touch (reader, flow);
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
on_tcp (Reader *reader, const CcSegment *segment)
{
  FlowKey key;
  Flow *flow;
  gboolean from_client;

  flow_key_make (segment, &key);
  flow = g_hash_table_lookup (reader->flows, &key);
  if (flow != NULL && starts_anew (flow, segment))
    {
      finish (reader, flow);
      flow = NULL;
    }
  if (flow == NULL)
    {
      if (!may_start (segment))
        {
          reader->stats->stray++;
          return;
        }
      if (segment->flags & CC_TCP_SYN)
        from_client = !(segment->flags & CC_TCP_ACK);
      else
        from_client = segment->source.port > segment->destination.port;
      flow = flow_new (reader, &key, segment, from_client);
    }
  if (is_client_syn (segment) && !flow->conversation.saw_syn)
    flow->client_isn = segment->seq;
  on_segment (reader, flow, segment);
}

/* An ICMP error quotes the client's segment: it belongs to the flow it quotes. */
static void
on_icmp (Reader *reader, const CcFrame *frame)
{
  FlowKey key;
  Flow *flow;
  CcConversation *conversation;

  flow_key_make (&frame->segment, &key);
  flow = g_hash_table_lookup (reader->flows, &key);
  if (flow == NULL)
    {
      reader->stats->stray++;
      return;
    }
  conversation = &flow->conversation;
  conversation->packets++;
  conversation->last_us = reader->now_us;
  if (conversation->icmp_us == 0)
    {
      conversation->icmp_us = reader->now_us;
      conversation->icmp_type = frame->icmp_type;
      conversation->icmp_code = frame->icmp_code;
      memcpy (conversation->icmp_sender, frame->icmp_sender, sizeof frame->icmp_sender);
    }
  if (conversation->synack_us == 0)
    mark_closed (reader, flow);
}

/* pcapng stamps are 64-bit and files lie: a stamp never overflows our microseconds. */
static gint64
frame_time_us (const struct timeval *stamp)
{
  gint64 seconds = CLAMP ((gint64) stamp->tv_sec, 0, G_MAXINT64 / G_USEC_PER_SEC - 1);
  return seconds * G_USEC_PER_SEC + CLAMP ((gint64) stamp->tv_usec, 0, G_USEC_PER_SEC - 1);
}

static void
on_frame (Reader *reader, const struct pcap_pkthdr *header, const guint8 *data)
{
  CcFrame frame;
  gint64 stamp = frame_time_us (&header->ts);

  reader->stats->frames++;
  reader->stats->bytes += header->caplen;
  /* Captures from several interfaces can step back a little: time never runs back here. */
  reader->now_us = MAX (reader->now_us, stamp);
  switch (cc_decode_frame (reader->stats->linktype, data, header->caplen, &frame))
    {
    case CC_FRAME_TCP:
      on_tcp (reader, &frame.segment);
      break;
    case CC_FRAME_ICMP_ERROR:
      on_icmp (reader, &frame);
      break;
    case CC_FRAME_MALFORMED:
      reader->stats->malformed++;
      break;
    case CC_FRAME_OTHER:
      reader->stats->ignored++;
      break;
    }
  /* Expiry is cheap when nothing is due; every 1024 frames keeps it off the hot path. */
  if ((reader->stats->frames & 1023) == 0)
    expire (reader);
}

static gint
by_start (gconstpointer a, gconstpointer b)
{
  const Flow *x = a, *y = b;
  return (x->conversation.first_us > y->conversation.first_us)
         - (x->conversation.first_us < y->conversation.first_us);
}

/* Hands the rest over in the order they began, as a reader of the file would expect. */
static void
finish_all (Reader *reader)
{
  GList *ordered = g_list_concat (g_list_copy (reader->closed.head),
                                  g_list_copy (reader->open.head));

  ordered = g_list_sort (ordered, by_start);
  for (GList *l = ordered; l != NULL; l = l->next)
    finish (reader, l->data);
  g_list_free (ordered);
}

static gboolean
set_filter (const CcPcapApi *api, pcap_t *pcap, const char *filter, GError **error)
{
  struct bpf_program program;
  gboolean ok;

  if (filter == NULL)
    return TRUE;
  if (api->compile (pcap, &program, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_FILTER,
                   "filter '%s' is not valid: %s", filter, api->geterr (pcap));
      return FALSE;
    }
  ok = api->setfilter (pcap, &program) == 0;
  if (!ok)
    g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_FILTER,
                 "filter '%s' cannot be applied: %s", filter, api->geterr (pcap));
  api->freecode (&program);
  return ok;
}

static gboolean
past (gint64 deadline_us)
{
  return deadline_us != 0 && g_get_monotonic_time () > deadline_us;
}

/* Says how far the reading got, so that a cut run still tells what it saw. */
static gboolean
stopped_at_deadline (const CcCaptureStats *stats, GError **error)
{
  g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_DEADLINE,
               "reading stopped at the -t deadline after %" G_GUINT64_FORMAT " frames (%"
               G_GUINT64_FORMAT " bytes) and %" G_GUINT64_FORMAT " finished conversations; "
               "give a larger -t for a large or slow capture", stats->frames, stats->bytes,
               stats->conversations);
  return FALSE;
}

static gboolean
read_all (const CcPcapApi *api, pcap_t *pcap, Reader *reader, GError **error)
{
  gint64 deadline_us = reader->options->deadline_us;
  struct pcap_pkthdr *header;
  const u_char *data;
  int status;

  while ((status = api->next_ex (pcap, &header, &data)) == 1)
    {
      on_frame (reader, header, data);
      /* A frame takes microseconds: every 64th is often enough to end within -t. */
      if ((reader->stats->frames & 63) == 0 && past (deadline_us))
        return stopped_at_deadline (reader->stats, error);
    }
  if (status == PCAP_ERROR && past (deadline_us))
    return stopped_at_deadline (reader->stats, error);
  if (status == PCAP_ERROR)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_READ,
                   "capture unreadable after %" G_GUINT64_FORMAT " frames: %s",
                   reader->stats->frames, api->geterr (pcap));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_pcap (const CcPcapApi *api, pcap_t *pcap, const CcCaptureOptions *options, CcConversationFunc func,
           gpointer user_data, CcCaptureStats *stats, GError **error)
{
  Reader reader = { options, func, user_data, stats, NULL, G_QUEUE_INIT, G_QUEUE_INIT, 0 };
  g_autoptr (GError) local = NULL;
  gboolean ok;

  stats->linktype = api->datalink (pcap);
  if (!cc_linktype_supported (stats->linktype))
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_LINKTYPE,
                   "link type %s (%d) is not supported; capture on an Ethernet interface or "
                   "with -i any", api->datalink_val_to_name (stats->linktype) ?: "?",
                   stats->linktype);
      return FALSE;
    }
  if (!set_filter (api, pcap, options->filter, error))
    return FALSE;
  reader.flows = g_hash_table_new_full (flow_key_hash, flow_key_equal, NULL, flow_free);
  ok = read_all (api, pcap, &reader, &local);
  /* Past the deadline there is no time to judge the conversations still open: the message
   * says how many finished. */
  if (!g_error_matches (local, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_DEADLINE))
    finish_all (&reader);
  g_hash_table_unref (reader.flows);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/* Reads a capture libpcap opened, or reports why it could not (message). */
static gboolean
read_opened (const CcPcapApi *api, pcap_t *pcap, const char *message,
             const CcCaptureOptions *options, CcConversationFunc func, gpointer user_data,
             CcCaptureStats *stats, GError **error)
{
  gboolean ok;

  if (pcap == NULL && past (options->deadline_us))
    return stopped_at_deadline (stats, error);
  if (pcap == NULL)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_OPEN,
                   "not a readable capture file: %s", message);
      return FALSE;
    }
  ok = read_pcap (api, pcap, options, func, user_data, stats, error);
  api->close (pcap);
  return ok;
}

/* A descriptor read through stdio that gives up at the deadline: libpcap reads with
 * fread, which would wait for ever on a pipe whose writer says nothing. */
typedef struct {
  int fd;
  gint64 deadline_us;
} BoundedFd;

static ssize_t
bounded_read (void *cookie, char *buffer, size_t size)
{
  BoundedFd *bounded = cookie;
  struct pollfd poller = { .fd = bounded->fd, .events = POLLIN };

  for (;;)
    {
      gint64 left_ms = bounded->deadline_us == 0
                         ? -1 : (bounded->deadline_us - g_get_monotonic_time () + 999) / 1000;
      int ready;
      ssize_t got;

      if (bounded->deadline_us != 0 && left_ms <= 0)
        {
          errno = ETIMEDOUT;
          return -1;
        }
      ready = poll (&poller, 1, (int) MIN (left_ms, G_MAXINT));
      if (ready <= 0)
        {
          if (ready < 0 && errno != EINTR)
            return -1;
          continue;
        }
      got = read (bounded->fd, buffer, size);
      if (got >= 0 || (errno != EINTR && errno != EAGAIN))
        return got;
    }
}

static int
bounded_close (void *cookie)
{
  BoundedFd *bounded = cookie;
  int result = close (bounded->fd);

  g_free (bounded);
  return result;
}

/* Takes fd; NULL (fd closed) when stdio cannot make a stream of it. */
static FILE *
bounded_stream (int fd, gint64 deadline_us)
{
  static const cookie_io_functions_t functions = { .read = bounded_read,
                                                   .close = bounded_close };
  BoundedFd *bounded = g_new (BoundedFd, 1);
  FILE *stream;

  *bounded = (BoundedFd) { fd, deadline_us };
  stream = fopencookie (bounded, "r", functions);
  if (stream == NULL)
    {
      bounded_close (bounded);
      return NULL;
    }
  /* Fewer, larger reads: a capture of gigabytes is read in 64 kB steps, not 4 kB. */
  setvbuf (stream, NULL, _IOFBF, 64 * 1024);
  return stream;
}

/* Standard input for "-", which may be a pipe; otherwise a regular file only. */
static int
open_capture (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  int fd;

  if (strcmp (path, "-") != 0)
    fd = cc_file_open_regular (path, &local);
  else if ((fd = dup (STDIN_FILENO)) < 0)
    g_set_error (&local, CC_FILE_ERROR, CC_FILE_ERROR_OPEN,
                 "standard input: cannot read: %s", g_strerror (errno));
  if (fd < 0)
    g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_OPEN, "%s", local->message);
  return fd;
}

gboolean
cc_capture_read_path (const char *path, const CcCaptureOptions *options,
                      CcConversationFunc func, gpointer user_data, CcCaptureStats *stats,
                      GError **error)
{
  int fd = open_capture (path, error);
  FILE *stream;

  memset (stats, 0, sizeof *stats);
  if (fd < 0)
    return FALSE;
  stream = bounded_stream (fd, options->deadline_us);
  if (stream == NULL)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_OPEN, "%s: cannot read: %s",
                   path, g_strerror (errno));
      return FALSE;
    }
  return cc_capture_read_stream (stream, options, func, user_data, stats, error);
}

gboolean
cc_capture_read_stream (FILE *stream, const CcCaptureOptions *options,
                        CcConversationFunc func, gpointer user_data, CcCaptureStats *stats,
                        GError **error)
{
  char message[PCAP_ERRBUF_SIZE] = "";
  CcPcapApi api;
  pcap_t *pcap;
  gboolean ok;

  memset (stats, 0, sizeof *stats);
  if (!cc_pcap_api_open (&api, error))
    {
      fclose (stream);
      return FALSE;
    }
  /* On success pcap_close closes the stream; on failure it is still ours. */
  pcap = api.fopen_offline (stream, PCAP_TSTAMP_PRECISION_MICRO, message);
  if (pcap == NULL)
    fclose (stream);
  ok = read_opened (&api, pcap, message, options, func, user_data, stats, error);
  cc_pcap_api_close (&api);
  return ok;
}
