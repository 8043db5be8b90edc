/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Offline diagnosis: reads a packet capture (pcap or pcapng, through libpcap), follows
 * each TCP conversation far enough to tell why it failed, and hands every finished
 * conversation to the caller with the same cause ids a live check gives.
 * Memory grows with the conversations open at once, never with the file's size. */
#pragma once

#include <stdio.h>

#include "model/causes.h"
#include "net/capture/decode.h"

/* Payload bytes kept per direction: enough for every dissector's heuristic. */
#define CC_CAPTURE_KEEP_BYTES 1024
/* A server's clear TLS handshake is kept further, for its certificates (sent in clear up
 * to TLS 1.2): up to this much per conversation, and for as many conversations open at
 * once as this budget holds (the others keep CC_CAPTURE_KEEP_BYTES). */
#define CC_CAPTURE_TLS_KEEP_BYTES (64 * 1024)
#define CC_CAPTURE_TLS_BUDGET_BYTES (16 * 1024 * 1024)
#define CC_CAPTURE_DEFAULT_MAX_OPEN 65536
/* Linux gives up a SYN after 127 s (6 retries): an open flow idle longer is over. */
#define CC_CAPTURE_DEFAULT_IDLE_US (130 * G_USEC_PER_SEC)

#define CC_CAPTURE_ERROR (cc_capture_error_quark ())
GQuark cc_capture_error_quark (void);

typedef enum {
  CC_CAPTURE_ERROR_OPEN,     /* missing, unreadable or not a capture file */
  CC_CAPTURE_ERROR_FILTER,   /* the BPF expression does not compile */
  CC_CAPTURE_ERROR_LINKTYPE, /* a datalink type we cannot decode */
  CC_CAPTURE_ERROR_READ,     /* truncated or corrupt past the header */
  CC_CAPTURE_ERROR_DEADLINE, /* the deadline passed before the end of the capture */
} CcCaptureError;

/* What one direction of a conversation sent, as far as we keep it. */
typedef struct {
  guint8 *bytes;       /* the first in-order bytes, at most keep_limit; NULL if none */
  guint32 kept;
  guint32 capacity;    /* of bytes */
  guint32 keep_limit;  /* 0: CC_CAPTURE_KEEP_BYTES; more while a TLS handshake is kept */
  gsize flight_checked; /* record headers of a kept TLS handshake read so far */
  gboolean flight_over; /* the clear TLS handshake ended, or could not be kept */
  guint32 next_seq;    /* next in-order sequence number expected */
  gboolean seq_known;
  gboolean gap;        /* a byte was missing from the capture: stop keeping */
  guint64 total;       /* payload bytes seen on the wire, retransmissions included */
  gint64 first_us;     /* time of the first payload byte; 0 if none */
  gint64 fin_us;       /* 0 if this side did not close */
  gint64 rst_us;       /* 0 if this side did not reset */
  /* Numbers of the frames that carried them, for a front end that marks packets; 0 if
   * none. */
  guint64 first_frame;
  guint64 fin_frame;
  guint64 rst_frame;
} CcStream;

typedef struct {
  int family;
  CcPeer client;       /* who sent the SYN (or, mid-stream, the higher port) */
  CcPeer server;
  gboolean saw_syn;    /* the capture holds the connection's start */
  gint64 first_us;     /* capture timestamps, microseconds since the epoch */
  gint64 last_us;
  gint64 ended_us;     /* capture time when it was judged: its last packet, or later */
  guint64 packets;
  guint syn_count;     /* SYNs from the client: 1 + retransmissions */
  gint64 first_syn_us;
  gint64 last_syn_us;
  gint64 synack_us;    /* 0 if the server never accepted */
  guint8 icmp_type;    /* of the first ICMP error about this flow; 0 if none */
  guint8 icmp_code;
  guint8 icmp_sender[16];
  gint64 icmp_us;
  guint64 first_frame; /* frame numbers, as the *_us times above */
  guint64 last_frame;
  guint64 last_syn_frame;
  guint64 icmp_frame;
  CcStream to_server;
  CcStream to_client;

  /* The verdict, filled in by the diagnosis once the conversation ends. */
  CcCauseId cause;
  CcState state;             /* the cause's, or worse (--certificate-days' CRIT) */
  /* Raw text: it may quote the server's bytes as they came, NUL included, so each piece
   * carries its length; the renderer escapes it. */
  GString *detail;
  GPtrArray *evidence;       /* GString *, one line each */
  const char *client_speaks; /* "http", "websocket", "tls", "ssh", "http2" or NULL */
  const char *server_speaks; /* a dissector name, or NULL */
  GPtrArray *fields;         /* CcField from the server reply's dissector; may be empty */
  /* The frame that settled its fate: the RST, the ICMP error, the last SYN, the reply
   * judged, the close; its last frame when nothing went wrong. */
  guint64 deciding_frame;
} CcConversation;

typedef struct {
  guint64 frames;
  guint64 bytes;              /* captured bytes of all frames */
  guint64 ignored;            /* neither TCP nor ICMP errors about TCP */
  guint64 malformed;
  guint64 stray;              /* segments of conversations that started before the capture */
  guint64 conversations;
  guint64 evicted;            /* ended early because too many were open at once */
  guint open_peak;
  int linktype;
} CcCaptureStats;

typedef struct {
  const char *filter;  /* BPF expression, or NULL for all */
  guint max_open;      /* 0: CC_CAPTURE_DEFAULT_MAX_OPEN */
  gint64 idle_us;      /* 0: CC_CAPTURE_DEFAULT_IDLE_US */
  gint64 deadline_us;  /* monotonic time when reading stops; 0: none */
} CcCaptureOptions;

/* Receives each conversation when it ends, not yet judged (its verdict fields empty);
 * the conversation is freed after. */
typedef void (*CcConversationFunc) (CcConversation *conversation, gpointer user_data);

/* Reads a capture file, or standard input for "-" (a pipe is fine there); anything else
 * must be a regular file: a FIFO or a device is refused. Reading stops at the options'
 * deadline, however large the file or slow the pipe. Returns FALSE with error set on a
 * file it cannot read to the end (conversations handed over until then stay valid). */
gboolean cc_capture_read_path (const char *path, const CcCaptureOptions *options,
                               CcConversationFunc func, gpointer user_data,
                               CcCaptureStats *stats, GError **error);
/* The same from an open stream, which it closes: for fuzzing from memory. The deadline is
 * checked between frames only: a read from the stream may block. */
gboolean cc_capture_read_stream (FILE *stream, const CcCaptureOptions *options,
                                 CcConversationFunc func, gpointer user_data,
                                 CcCaptureStats *stats, GError **error);

/* "10.0.0.1:40000" or "[fd00::1]:443". */
char *cc_peer_text (int family, const CcPeer *peer);
