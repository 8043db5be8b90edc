/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of plugin_common/capture: frame decoding, request kinds, the conversation
 * table and verdicts, the outputs. Captures are built in memory, record by record, and
 * read through the same libpcap path as files. */
#include <check.h>
#include <pcap/dlt.h>
#include <string.h>
#include <sys/socket.h>

#include "knowledge/dissect/request.h"
#include "net/exchange.h"
#include "modes/capture.h"
#include "render/capture.h"

/* ---- building captures ---- */

static const guint8 client_ip[4] = { 127, 0, 0, 1 };
static const guint8 server_ip[4] = { 127, 0, 0, 2 };

static void
put16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

/* An Ethernet + IPv4 + TCP frame with len bytes of payload (which may hold NUL). */
static GByteArray *
tcp_frame_len (gboolean from_client, guint16 client_port, guint16 server_port, guint32 seq,
               guint8 flags, const char *payload, gsize len)
{
  GByteArray *f = g_byte_array_new ();
  static const guint8 macs[12] = { 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4 };

  g_byte_array_append (f, macs, 12);
  put16 (f, 0x0800);
  put16 (f, 0x4500);
  put16 (f, (guint16) (40 + len));
  put32 (f, 0);
  put16 (f, 0x4006);
  put16 (f, 0);
  g_byte_array_append (f, from_client ? client_ip : server_ip, 4);
  g_byte_array_append (f, from_client ? server_ip : client_ip, 4);
  put16 (f, from_client ? client_port : server_port);
  put16 (f, from_client ? server_port : client_port);
  put32 (f, seq);
  put32 (f, 0);
  put16 (f, (5 << 12) | flags);
  put16 (f, 65535);
  put32 (f, 0);
  if (len > 0)
    g_byte_array_append (f, (const guint8 *) payload, len);
  return f;
}

static GByteArray *
tcp_frame (gboolean from_client, guint16 client_port, guint16 server_port, guint32 seq,
           guint8 flags, const char *payload)
{
  return tcp_frame_len (from_client, client_port, server_port, seq, flags, payload,
                        payload ? strlen (payload) : 0);
}

/* An ICMP destination unreachable (code) about the client's SYN. */
static GByteArray *
icmp_frame (guint8 code, guint16 client_port, guint16 server_port, guint32 seq)
{
  GByteArray *f = g_byte_array_new ();
  static const guint8 macs[12] = { 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4 };

  g_byte_array_append (f, macs, 12);
  put16 (f, 0x0800);
  put16 (f, 0x4500);
  put16 (f, 20 + 8 + 28);
  put32 (f, 0);
  put16 (f, 0x4001);
  put16 (f, 0);
  g_byte_array_append (f, server_ip, 4);
  g_byte_array_append (f, client_ip, 4);
  put16 (f, (3 << 8) | code);
  put16 (f, 0);
  put32 (f, 0);
  put16 (f, 0x4500);
  put16 (f, 40);
  put32 (f, 0);
  put16 (f, 0x4006);
  put16 (f, 0);
  g_byte_array_append (f, client_ip, 4);
  g_byte_array_append (f, server_ip, 4);
  put16 (f, client_port);
  put16 (f, server_port);
  put32 (f, seq);
  return f;
}

typedef struct {
  GByteArray *file;
} Capture;

static void
capture_init (Capture *capture)
{
  guint32 header[6] = { 0xa1b2c3d4, 2 | (4 << 16), 0, 0, 65535, DLT_EN10MB };
  capture->file = g_byte_array_new ();
  g_byte_array_append (capture->file, (const guint8 *) header, sizeof header);
}

/* Appends a frame at the given time (microseconds from 1700000000 s) and frees it. */
static void
capture_add (Capture *capture, gint64 at_us, GByteArray *frame)
{
  guint32 record[4] = { 1700000000 + at_us / G_USEC_PER_SEC, at_us % G_USEC_PER_SEC,
                        frame->len, frame->len };
  g_byte_array_append (capture->file, (const guint8 *) record, sizeof record);
  g_byte_array_append (capture->file, frame->data, frame->len);
  g_byte_array_unref (frame);
}

typedef struct {
  GPtrArray *causes; /* char *: cause name, then " ", then detail */
} Seen;

static void
collect (CcConversation *conversation, gpointer user_data)
{
  Seen *seen = user_data;
  g_ptr_array_add (seen->causes, g_strdup_printf ("%s %s", cc_cause_get (conversation->cause)->name,
                                                  conversation->detail->str));
}

static Seen *
read_capture (Capture *capture, const CcCaptureOptions *options, CcCaptureStats *stats,
              gboolean *ok)
{
  static const CcCaptureOptions defaults = { 0 };
  Seen *seen = g_new0 (Seen, 1);
  g_autoptr (GError) error = NULL;
  FILE *stream = fmemopen (capture->file->data, capture->file->len, "r");

  seen->causes = g_ptr_array_new_with_free_func (g_free);
  *ok = cc_capture_judge_stream (stream, options ? options : &defaults, NULL, collect, seen, stats,
                                &error);
  return seen;
}

static void
seen_free (Seen *seen)
{
  g_ptr_array_unref (seen->causes);
  g_free (seen);
}

static const char *
cause_of (Seen *seen, guint i)
{
  ck_assert_uint_gt (seen->causes->len, i);
  return g_ptr_array_index (seen->causes, i);
}

static void
assert_prefix (const char *text, const char *prefix)
{
  ck_assert_msg (g_str_has_prefix (text, prefix), "'%s' does not start with '%s'", text, prefix);
}

/* ---- decode ---- */

START_TEST (test_decode_tcp_over_ethernet_and_vlan)
{
  GByteArray *f = tcp_frame (TRUE, 40000, 80, 7, CC_TCP_SYN, "hi");
  CcFrame frame;
  GByteArray *tagged = g_byte_array_new ();
  static const guint8 tag[4] = { 0x81, 0x00, 0x00, 0x05 };

  ck_assert_int_eq (cc_decode_frame (DLT_EN10MB, f->data, f->len, &frame), CC_FRAME_TCP);
  ck_assert_int_eq (frame.segment.family, AF_INET);
  ck_assert_uint_eq (frame.segment.source.port, 40000);
  ck_assert_uint_eq (frame.segment.destination.port, 80);
  ck_assert_uint_eq (frame.segment.seq, 7);
  ck_assert_uint_eq (frame.segment.length, 2);
  ck_assert_int_eq (memcmp (frame.segment.payload, "hi", 2), 0);

  g_byte_array_append (tagged, f->data, 12);
  g_byte_array_append (tagged, tag, 4);
  g_byte_array_append (tagged, f->data + 12, f->len - 12);
  ck_assert_int_eq (cc_decode_frame (DLT_EN10MB, tagged->data, tagged->len, &frame), CC_FRAME_TCP);
  ck_assert_uint_eq (frame.segment.destination.port, 80);
  /* Raw IP: the same frame without its 14 link bytes. */
  ck_assert_int_eq (cc_decode_frame (DLT_RAW, f->data + 14, f->len - 14, &frame), CC_FRAME_TCP);
  g_byte_array_unref (tagged);
  g_byte_array_unref (f);
}
END_TEST

START_TEST (test_decode_icmp_quotes_the_client_segment)
{
  GByteArray *f = icmp_frame (13, 40000, 443, 99);
  CcFrame frame;

  ck_assert_int_eq (cc_decode_frame (DLT_EN10MB, f->data, f->len, &frame), CC_FRAME_ICMP_ERROR);
  ck_assert_uint_eq (frame.icmp_code, 13);
  ck_assert_uint_eq (frame.segment.source.port, 40000);
  ck_assert_uint_eq (frame.segment.destination.port, 443);
  ck_assert_int_eq (memcmp (frame.icmp_sender, server_ip, 4), 0);
  g_byte_array_unref (f);
}
END_TEST

START_TEST (test_decode_rejects_every_truncation)
{
  GByteArray *f = tcp_frame (TRUE, 40000, 80, 7, CC_TCP_SYN, NULL);
  CcFrame frame;

  /* Every prefix shorter than the headers is refused without reading past its end. */
  for (guint len = 0; len < f->len; len++)
    {
      guint8 *copy = g_memdup2 (f->data, len);
      ck_assert_int_ne (cc_decode_frame (DLT_EN10MB, copy, len, &frame), CC_FRAME_TCP);
      g_free (copy);
    }
  f->data[14] = 0x4f; /* IHL 60 bytes: more than the frame holds */
  ck_assert_int_eq (cc_decode_frame (DLT_EN10MB, f->data, f->len, &frame), CC_FRAME_MALFORMED);
  g_byte_array_unref (f);
}
END_TEST

/* ---- requests ---- */

START_TEST (test_request_kinds)
{
  static const char ws[] = "GET /ws HTTP/1.1\r\nHost: a\r\nUPGRADE: WebSocket\r\n\r\n";
  static const char http[] = "POST /x HTTP/1.0\r\n\r\n";
  static const guint8 hello[] = { 0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00 };

  ck_assert_str_eq (cc_request_identify ((const guint8 *) ws, strlen (ws))->name, "websocket");
  ck_assert_str_eq (cc_request_identify ((const guint8 *) http, strlen (http))->name, "http");
  ck_assert_str_eq (cc_request_identify (hello, sizeof hello)->name, "tls");
  ck_assert_str_eq (cc_request_identify ((const guint8 *) "SSH-2.0-x\r\n", 11)->name, "ssh");
  ck_assert_str_eq (cc_request_identify ((const guint8 *) "PRI * HTTP/2.0\r\n", 16)->name,
                    "http2");
  ck_assert_str_eq (cc_request_identify ((const guint8 *) "*1\r\n$4\r\nPING\r\n", 14)->name,
                    "redis");
  ck_assert_ptr_null (cc_request_identify ((const guint8 *) "*\r\n$4\r\n", 7));
  ck_assert_ptr_null (cc_request_identify ((const guint8 *) "*1\r\n", 4));
  ck_assert_ptr_null (cc_request_identify ((const guint8 *) "get / http/1.1\r\n", 16));
  ck_assert_ptr_null (cc_request_identify ((const guint8 *) "GET", 3));
  ck_assert_ptr_null (cc_request_identify (NULL, 0));
}
END_TEST

/* ---- conversations ---- */

START_TEST (test_refused_timeout_and_icmp)
{
  Capture capture;
  CcCaptureStats stats;
  gboolean ok;
  Seen *seen;

  capture_init (&capture);
  capture_add (&capture, 0, tcp_frame (TRUE, 1001, 9, 10, CC_TCP_SYN, NULL));
  capture_add (&capture, 50, tcp_frame (FALSE, 1001, 9, 0, CC_TCP_RST | CC_TCP_ACK, NULL));
  capture_add (&capture, 100, tcp_frame (TRUE, 1002, 81, 20, CC_TCP_SYN, NULL));
  capture_add (&capture, 1000100, tcp_frame (TRUE, 1002, 81, 20, CC_TCP_SYN, NULL));
  capture_add (&capture, 3000100, tcp_frame (TRUE, 1002, 81, 20, CC_TCP_SYN, NULL));
  capture_add (&capture, 3000200, tcp_frame (TRUE, 1003, 82, 30, CC_TCP_SYN, NULL));
  capture_add (&capture, 3000300, icmp_frame (1, 1003, 82, 30));
  capture_add (&capture, 3000400, tcp_frame (TRUE, 1004, 83, 40, CC_TCP_SYN, NULL));
  capture_add (&capture, 3000500, icmp_frame (13, 1004, 83, 40));
  capture_add (&capture, 3000510, tcp_frame (TRUE, 1006, 85, 60, CC_TCP_SYN, NULL));
  capture_add (&capture, 3000520, icmp_frame (3, 1006, 85, 60));
  capture_add (&capture, 3000600, tcp_frame (TRUE, 1005, 84, 50, CC_TCP_SYN, NULL));
  seen = read_capture (&capture, NULL, &stats, &ok);
  ck_assert (ok);
  ck_assert_uint_eq (seen->causes->len, 6);
  assert_prefix (cause_of (seen, 0), "refused.not_listening connection refused: the host, or a firewall in "
                "front of it, answered with a reset (RST) on port 9");
  assert_prefix (cause_of (seen, 1), "timeout.no_answer connection timed out: 3 SYNs over 3.00 s");
  assert_prefix (cause_of (seen, 2), "unreachable.host ICMP host unreachable from 127.0.0.2");
  assert_prefix (cause_of (seen, 3), "unreachable.prohibited rejected by a firewall at 127.0.0.2");
  assert_prefix (cause_of (seen, 4), "refused.firewall_reject rejected by a firewall at 127.0.0.2: ICMP port unreachable");
  /* The capture stops right after this SYN: no verdict rather than a false timeout. */
  assert_prefix (cause_of (seen, 5), "ok not judged: the capture ends 0.0 ms after the SYN");
  ck_assert_uint_eq (stats.frames, 12);
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

/* Connected: SYN, SYN-ACK, then request and reply payloads. */
static void
add_exchange (Capture *capture, gint64 at, guint16 port, guint16 server_port,
              const char *request, const char *reply)
{
  capture_add (capture, at, tcp_frame (TRUE, port, server_port, 100, CC_TCP_SYN, NULL));
  capture_add (capture, at + 10, tcp_frame (FALSE, port, server_port, 500,
                                            CC_TCP_SYN | CC_TCP_ACK, NULL));
  capture_add (capture, at + 20, tcp_frame (TRUE, port, server_port, 101, CC_TCP_ACK, request));
  if (reply != NULL)
    capture_add (capture, at + 30, tcp_frame (FALSE, port, server_port, 501, CC_TCP_ACK, reply));
}

START_TEST (test_protocol_verdicts)
{
  Capture capture;
  CcCaptureStats stats;
  gboolean ok;
  Seen *seen;
  static const char ws[] = "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  static const char get[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

  capture_init (&capture);
  add_exchange (&capture, 0, 2001, 8080, ws, "HTTP/1.1 400 Bad Request\r\nServer: x\r\n\r\n");
  add_exchange (&capture, 100, 2002, 22, get, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  add_exchange (&capture, 200, 2003, 80, get, "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
  add_exchange (&capture, 300, 2004, 80, get, NULL);
  capture_add (&capture, 400, tcp_frame (FALSE, 2004, 80, 501, CC_TCP_FIN | CC_TCP_ACK, NULL));
  /* A TLS handshake record (0x16 0x03 0x03, 5 bytes long) to a plain HTTP request. */
  add_exchange (&capture, 500, 2005, 443, get, "\x16\x03\x03\x00\x05\x02\x01\x01\x01\x01");
  seen = read_capture (&capture, NULL, &stats, &ok);
  ck_assert (ok);
  ck_assert_uint_eq (seen->causes->len, 5);
  ck_assert_str_eq (cause_of (seen, 0), "protocol.mismatch WebSocket handshake failed: server "
                    "answered HTTP 400 Bad Request (it speaks plain HTTP here, not WebSocket)");
  ck_assert_str_eq (cause_of (seen, 1), "protocol.mismatch not an HTTP server: it sent an "
                    "SSH-2.0 banner (OpenSSH 9.2)");
  ck_assert_str_eq (cause_of (seen, 2), "ok connected, server speaks http");
  assert_prefix (cause_of (seen, 3), "conn.reset the server closed the connection");
  ck_assert_str_eq (cause_of (seen, 4), "tls.on_plain_port HTTP request sent, but the server "
                    "speaks TLS here");
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

START_TEST (test_retransmitted_payload_is_kept_once)
{
  Capture capture;
  CcCaptureStats stats;
  gboolean ok;
  Seen *seen;

  capture_init (&capture);
  add_exchange (&capture, 0, 3001, 22, "GET / HTTP/1.1\r\n", NULL);
  capture_add (&capture, 25, tcp_frame (TRUE, 3001, 22, 101, CC_TCP_ACK, "GET / HTTP/1.1\r\n"));
  capture_add (&capture, 30, tcp_frame (FALSE, 3001, 22, 501, CC_TCP_ACK, "SSH-2.0-"));
  capture_add (&capture, 31, tcp_frame (FALSE, 3001, 22, 501, CC_TCP_ACK, "SSH-2.0-"));
  capture_add (&capture, 32, tcp_frame (FALSE, 3001, 22, 509, CC_TCP_ACK, "OpenSSH_8.0\r\n"));
  seen = read_capture (&capture, NULL, &stats, &ok);
  ck_assert (ok);
  ck_assert_str_eq (cause_of (seen, 0), "protocol.mismatch not an HTTP server: it sent an "
                    "SSH-2.0 banner (OpenSSH 8.0)");
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

/* Memory follows the conversations open at once: past the limit the oldest is judged. */
START_TEST (test_open_conversations_are_bounded)
{
  Capture capture;
  CcCaptureStats stats;
  CcCaptureOptions options = { .max_open = 8 };
  gboolean ok;
  Seen *seen;

  capture_init (&capture);
  for (guint i = 0; i < 100; i++)
    capture_add (&capture, i, tcp_frame (TRUE, 4000 + i, 81, i, CC_TCP_SYN, NULL));
  seen = read_capture (&capture, &options, &stats, &ok);
  ck_assert (ok);
  ck_assert_uint_eq (seen->causes->len, 100);
  ck_assert_uint_eq (stats.open_peak, 8);
  ck_assert_uint_eq (stats.evicted, 92);
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

START_TEST (test_idle_conversations_expire)
{
  Capture capture;
  CcCaptureStats stats;
  CcCaptureOptions options = { .idle_us = G_USEC_PER_SEC };
  gboolean ok;
  Seen *seen;

  capture_init (&capture);
  /* One SYN a second for 2048 s: each is over before the next few begin. */
  for (guint i = 0; i < 2048; i++)
    capture_add (&capture, (gint64) i * G_USEC_PER_SEC, tcp_frame (TRUE, 5000 + i, 81, i, CC_TCP_SYN, NULL));
  seen = read_capture (&capture, &options, &stats, &ok);
  ck_assert (ok);
  ck_assert_uint_eq (seen->causes->len, 2048);
  ck_assert_uint_le (stats.open_peak, 1030);
  ck_assert_uint_eq (stats.evicted, 0);
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

/* A fatal certificate_expired alert (45) to a ClientHello: a capture and a live check
 * name it from the one alert table (knowledge/dissect/tls.c). */
START_TEST (test_tls_alert_named_alike_live_and_captured)
{
  static const char alert[] = "\x15\x03\x03\x00\x02\x02\x2d";
  /* The start of a ClientHello record: what cc_request_identify needs to say TLS. */
  static const char hello[] = "\x16\x03\x01\x01\x05\x01\x03\x03";
  static const guint8 nonce[16];
  Capture capture;
  CcCaptureStats stats;
  gboolean ok;
  Seen *seen;
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (CcExchange) exchange = NULL;
  int sockets[2];

  ck_assert_str_eq (cc_tls_alert_name (45), "certificate_expired");
  capture_init (&capture);
  add_exchange (&capture, 0, 2101, 443, hello, NULL);
  capture_add (&capture, 30, tcp_frame_len (FALSE, 2101, 443, 501, CC_TCP_ACK, alert,
                                            sizeof alert - 1));
  seen = read_capture (&capture, NULL, &stats, &ok);
  ck_assert (ok);
  ck_assert_str_eq (cause_of (seen, 0), "tls.alert TLS handshake failed: the server sent the "
                    "fatal alert certificate_expired (45)");

  ck_assert (cc_endpoint_set_host (endpoint, "127.0.0.1", NULL));
  endpoint->port = 40001;
  ck_assert (cc_endpoint_set_protocol (endpoint, "tls", NULL));
  exchange = cc_exchange_new (endpoint, nonce);
  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sockets), 0);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  ck_assert_int_eq (send (sockets[1], alert, sizeof alert - 1, 0), sizeof alert - 1);
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_TLS_ALERT);
  ck_assert_str_eq (cc_exchange_detail (exchange)->str, "TLS handshake failed: the server sent "
                    "the fatal alert certificate_expired (45)");
  close (sockets[0]);
  close (sockets[1]);
  seen_free (seen);
  g_byte_array_unref (capture.file);
}
END_TEST

/* ---- outputs ---- */

START_TEST (test_peer_bytes_are_escaped)
{
  Capture capture;
  CcCaptureStats stats;
  g_autoptr (CcCaptureSummary) summary = cc_capture_summary_new (2, TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *nagios = NULL;
  g_autofree char *json = NULL;
  FILE *stream;

  capture_init (&capture);
  add_exchange (&capture, 0, 6001, 80, "GET / HTTP/1.1\r\n\r\n",
                "\x1b[31m|\"evil\"\\ \xff\r\n");
  stream = fmemopen (capture.file->data, capture.file->len, "r");
  ck_assert (cc_capture_judge_stream (stream, &(CcCaptureOptions) { 0 }, NULL, cc_capture_summary_add,
                                     summary, &stats, &error));
  nagios = cc_capture_render_nagios (summary, &stats, "x.pcap", NULL);
  json = cc_capture_render_json (summary, &stats, "x.pcap", NULL);
  ck_assert_ptr_nonnull (strstr (nagios, "\\x1b[31m\\x7c\"evil\"\\\\ \\xff"));
  ck_assert_ptr_null (strchr (nagios, 0x1b));
  ck_assert_ptr_nonnull (strstr (json, "\\\\x1b[31m\\\\x7c\\\"evil\\\"\\\\\\\\ \\\\xff"));
  ck_assert_ptr_nonnull (strstr (nagios, "(protocol.unknown)"));
  ck_assert_int_eq (cc_capture_summary_state (summary, NULL), CC_STATE_CRITICAL);
  g_byte_array_unref (capture.file);
}
END_TEST

static Suite *
capture_suite (void)
{
  Suite *suite = suite_create ("capture");
  TCase *decode = tcase_create ("decode");
  TCase *request = tcase_create ("request");
  TCase *conversations = tcase_create ("conversations");
  TCase *output = tcase_create ("output");

  tcase_add_test (decode, test_decode_tcp_over_ethernet_and_vlan);
  tcase_add_test (decode, test_decode_icmp_quotes_the_client_segment);
  tcase_add_test (decode, test_decode_rejects_every_truncation);
  tcase_add_test (request, test_request_kinds);
  tcase_add_test (conversations, test_refused_timeout_and_icmp);
  tcase_add_test (conversations, test_protocol_verdicts);
  tcase_add_test (conversations, test_tls_alert_named_alike_live_and_captured);
  tcase_add_test (conversations, test_retransmitted_payload_is_kept_once);
  tcase_add_test (conversations, test_open_conversations_are_bounded);
  tcase_add_test (conversations, test_idle_conversations_expire);
  tcase_add_test (output, test_peer_bytes_are_escaped);
  suite_add_tcase (suite, decode);
  suite_add_tcase (suite, request);
  suite_add_tcase (suite, conversations);
  suite_add_tcase (suite, output);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (capture_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
