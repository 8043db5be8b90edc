/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The capture reader: libpcap frames, bounded in time, into the conversation tracker. */
#include "net/capture/capture.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"

#include "net/capture/pcap_api.h"
#include "net/capture/tracker.h"

G_DEFINE_QUARK (cc-capture-error-quark, cc_capture_error)

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

/* pcapng stamps are 64-bit and files lie: a stamp never overflows our microseconds. */
static gint64
frame_time_us (const struct timeval *stamp)
{
  gint64 seconds = CLAMP ((gint64) stamp->tv_sec, 0, G_MAXINT64 / G_USEC_PER_SEC - 1);
  return seconds * G_USEC_PER_SEC + CLAMP ((gint64) stamp->tv_usec, 0, G_USEC_PER_SEC - 1);
}

static gboolean
read_all (const CcPcapApi *api, pcap_t *pcap, CcTracker *tracker,
          const CcCaptureOptions *options, CcCaptureStats *stats, GError **error)
{
  struct pcap_pkthdr *header;
  const u_char *data;
  int status;

  while ((status = api->next_ex (pcap, &header, &data)) == 1)
    {
      cc_tracker_add_frame (tracker, stats->frames + 1, frame_time_us (&header->ts), data,
                            header->caplen);
      /* A frame takes microseconds: every 64th is often enough to end within -t. */
      if ((stats->frames & 63) == 0 && past (options->deadline_us))
        return stopped_at_deadline (stats, error);
    }
  if (status == PCAP_ERROR && past (options->deadline_us))
    return stopped_at_deadline (stats, error);
  if (status == PCAP_ERROR)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_READ,
                   "capture unreadable after %" G_GUINT64_FORMAT " frames: %s",
                   stats->frames, api->geterr (pcap));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_pcap (const CcPcapApi *api, pcap_t *pcap, const CcCaptureOptions *options, CcConversationFunc func,
           gpointer user_data, CcCaptureStats *stats, GError **error)
{
  g_autoptr (GError) local = NULL;
  CcTracker *tracker;
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
  tracker = cc_tracker_new (options, func, user_data, stats);
  ok = read_all (api, pcap, tracker, options, stats, &local);
  /* Past the deadline there is no time to judge the conversations still open: the message
   * says how many finished. */
  if (!g_error_matches (local, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_DEADLINE))
    cc_tracker_finish_all (tracker);
  cc_tracker_free (tracker);
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
