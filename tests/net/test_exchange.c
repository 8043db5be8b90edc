/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exchange state machine, driven by hand over socketpairs (the engine drives it over
 * real sockets: tests/engine/test_engine.c). */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/escape.h"
#include "net/exchange.h"

static const guint8 nonce[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const char ssh_banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";

/* RFC 6455, 4.2.2: base64 (SHA-1 (key + GUID)). */
static char *
websocket_accept (const char *key)
{
  g_autofree char *keyed = g_strconcat (key, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", NULL);
  g_autoptr (GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize size = sizeof digest;

  g_checksum_update (sha1, (const guchar *) keyed, strlen (keyed));
  g_checksum_get_digest (sha1, digest, &size);
  return g_base64_encode (digest, size);
}

static CcEndpoint *
endpoint_for (const char *protocol)
{
  CcEndpoint *endpoint = cc_endpoint_new ();
  ck_assert (cc_endpoint_set_host (endpoint, "127.0.0.1", NULL));
  endpoint->port = 40001; /* no protocol's default port: no hint */
  if (protocol != NULL)
    ck_assert (cc_endpoint_set_protocol (endpoint, protocol, NULL));
  else
    endpoint->identify = TRUE;
  return endpoint;
}

/* sockets[0] is the exchange's end (non-blocking), sockets[1] the server's. */
static void
make_pair (int sockets[2])
{
  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                                sockets), 0);
}

static void
close_pair (int sockets[2])
{
  close (sockets[0]);
  close (sockets[1]);
}

static void
server_says (int fd, const char *text)
{
  ck_assert_int_eq (send (fd, text, strlen (text), MSG_NOSIGNAL), (ssize_t) strlen (text));
}

/* What the exchange sent, as a string. */
static char *
server_hears (int fd)
{
  char buffer[4096];
  ssize_t n = recv (fd, buffer, sizeof buffer - 1, 0);
  ck_assert_int_gt (n, 0);
  return g_strndup (buffer, (gsize) n);
}

START_TEST (test_banner_identifies_without_probe)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for (NULL);
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  int sockets[2];
  char buffer[16];

  make_pair (sockets);
  server_says (sockets[1], ssh_banner);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_NONE);
  ck_assert_str_eq (cc_exchange_identified (exchange)->name, "ssh");
  ck_assert_uint_eq (cc_exchange_bytes_received (exchange), strlen (ssh_banner));
  ck_assert_int_ge (cc_exchange_first_byte_us (exchange), 0);
  ck_assert_int_gt (cc_exchange_fields (exchange)->len, 0);
  /* A banner costs no round trip: nothing was sent. */
  ck_assert_int_eq (recv (sockets[1], buffer, sizeof buffer, MSG_DONTWAIT), -1);
  ck_assert_int_eq (errno, EAGAIN);
  close_pair (sockets);
}
END_TEST

/* When the banner window passes in silence, the likeliest probe goes out on the same
 * connection. */
START_TEST (test_silent_banner_window_then_probe)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for (NULL);
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  g_autofree char *request = NULL;
  int sockets[2];

  make_pair (sockets);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  ck_assert_int_gt (cc_exchange_wake_at (exchange), g_get_monotonic_time ());
  ck_assert_int_eq (cc_exchange_wake (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  request = server_hears (sockets[1]);
  ck_assert (g_str_has_prefix (request, "GET / HTTP/1.1\r\n"));
  server_says (sockets[1], "HTTP/1.1 204 No Content\r\n\r\n");
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_NONE);
  ck_assert_str_eq (cc_exchange_detail (exchange)->str, "identified http (HTTP/1.x): HTTP/1.1 204 "
                                                   "No Content");
  ck_assert_uint_eq (cc_exchange_connections (exchange), 1);
  close_pair (sockets);
}
END_TEST

START_TEST (test_websocket_to_plain_http)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("ws");
  g_autoptr (CcExchange) exchange = NULL;
  g_autofree char *request = NULL;
  int sockets[2];

  ck_assert (cc_endpoint_set_path (endpoint, "/chat", NULL));
  exchange = cc_exchange_new (endpoint, nonce);
  make_pair (sockets);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  request = server_hears (sockets[1]);
  ck_assert (g_str_has_prefix (request, "GET /chat HTTP/1.1\r\n"));
  ck_assert_ptr_nonnull (strstr (request, "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"));
  server_says (sockets[1], "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_PROTOCOL_MISMATCH);
  ck_assert_str_eq (cc_exchange_detail (exchange)->str,
                    "WebSocket handshake failed: server answered HTTP 400 Bad Request (it "
                    "speaks plain HTTP here, not WebSocket)");
  ck_assert_str_eq (cc_exchange_identified (exchange)->name, "http");
  close_pair (sockets);
}
END_TEST

START_TEST (test_websocket_accept_checked)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("websocket");
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  g_autofree char *request = NULL;
  g_autofree char *accept = websocket_accept ("AQIDBAUGBwgJCgsMDQ4PEA==");
  g_autofree char *reply = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\n"
                                            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                            "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
  int sockets[2];

  make_pair (sockets);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  request = server_hears (sockets[1]);
  server_says (sockets[1], reply);
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_NONE);
  ck_assert_str_eq (cc_exchange_identified (exchange)->name, "websocket");
  ck_assert_int_ge (cc_exchange_handshake_us (exchange), 0);
  close_pair (sockets);
}
END_TEST

/* A server that closes on our request without a word (Redis does so on HTTP) gets a new
 * connection, which listens for a banner first. */
START_TEST (test_silent_close_reconnects)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("http");
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  int first[2], second[2];

  make_pair (first);
  ck_assert_int_eq (cc_exchange_start (exchange, first[0]), CC_EXCHANGE_WANT_READ);
  g_free (server_hears (first[1]));
  close (first[1]);
  ck_assert_int_eq (cc_exchange_step (exchange, first[0]), CC_EXCHANGE_RECONNECT);
  close (first[0]);

  make_pair (second);
  ck_assert_int_eq (cc_exchange_start (exchange, second[0]), CC_EXCHANGE_WANT_READ);
  ck_assert_int_gt (cc_exchange_wake_at (exchange), 0);
  server_says (second[1], ssh_banner);
  ck_assert_int_eq (cc_exchange_step (exchange, second[0]), CC_EXCHANGE_DONE);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_PROTOCOL_MISMATCH);
  ck_assert_str_eq (cc_exchange_detail (exchange)->str,
                    "not an HTTP server: it sent an SSH-2.0 banner (OpenSSH 9.2) (it dropped "
                    "the connection at our request without a word)");
  ck_assert_uint_eq (cc_exchange_connections (exchange), 2);
  close_pair (second);
}
END_TEST

START_TEST (test_silent_server)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("http");
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  int sockets[2];

  make_pair (sockets);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  cc_exchange_expire (exchange);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_PROTOCOL_SILENT);
  ck_assert_ptr_null (cc_exchange_identified (exchange));
  ck_assert_int_eq (cc_exchange_first_byte_us (exchange), -1);
  close_pair (sockets);
}
END_TEST

START_TEST (test_reset_without_bytes)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("http");
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  int sockets[2];

  make_pair (sockets);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  close (sockets[1]);
  ck_assert_int_eq (cc_exchange_step (exchange, sockets[0]), CC_EXCHANGE_RECONNECT);
  cc_exchange_expire (exchange);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_CONN_RESET);
  close (sockets[0]);
}
END_TEST

/* Unknown bytes are quoted raw, with their length, for the renderer to escape (shown
 * escaped, on one line), and no more than the cap is ever read. */
START_TEST (test_unknown_bytes_capped_and_escaped)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for (NULL);
  g_autoptr (CcExchange) exchange = cc_exchange_new (endpoint, nonce);
  g_autofree char *flood = g_malloc (CC_EXCHANGE_MAX_BYTES + 4096);
  int sockets[2];
  int size = 64 * 1024;
  CcExchangeWant want;
  const GString *detail;
  g_autofree char *shown = NULL;

  memset (flood, 'z', CC_EXCHANGE_MAX_BYTES + 4096);
  memcpy (flood, "\x01|\n", 3);
  make_pair (sockets);
  ck_assert_int_eq (setsockopt (sockets[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof size), 0);
  ck_assert_int_eq (send (sockets[1], flood, CC_EXCHANGE_MAX_BYTES + 4096, MSG_NOSIGNAL),
                    CC_EXCHANGE_MAX_BYTES + 4096);
  ck_assert_int_eq (cc_exchange_start (exchange, sockets[0]), CC_EXCHANGE_WANT_READ);
  want = cc_exchange_step (exchange, sockets[0]);
  ck_assert_int_eq (want, CC_EXCHANGE_RECONNECT);
  ck_assert_uint_eq (cc_exchange_bytes_received (exchange), CC_EXCHANGE_MAX_BYTES);
  cc_exchange_expire (exchange);
  ck_assert_int_eq (cc_exchange_cause (exchange), CC_CAUSE_PROTOCOL_UNKNOWN);
  detail = cc_exchange_detail (exchange);
  ck_assert_ptr_nonnull (strstr (detail->str, "\"\x01|\nzzz"));
  shown = cc_escape_bytes ((const guint8 *) detail->str, detail->len);
  ck_assert_ptr_nonnull (strstr (shown, "\"\\x01\\x7c\\x0azzz"));
  ck_assert_ptr_null (strchr (shown, '\n'));
  ck_assert_ptr_null (strchr (shown, '|'));
  close_pair (sockets);
}
END_TEST

static Suite *
exchange_suite (void)
{
  Suite *suite = suite_create ("exchange");
  TCase *banner = tcase_create ("banner");
  TCase *mismatch = tcase_create ("mismatch");
  TCase *failures = tcase_create ("failures");

  tcase_add_test (banner, test_banner_identifies_without_probe);
  tcase_add_test (banner, test_silent_banner_window_then_probe);
  tcase_add_test (mismatch, test_websocket_to_plain_http);
  tcase_add_test (mismatch, test_websocket_accept_checked);
  tcase_add_test (mismatch, test_silent_close_reconnects);
  tcase_add_test (failures, test_silent_server);
  tcase_add_test (failures, test_reset_without_bytes);
  tcase_add_test (failures, test_unknown_bytes_capped_and_escaped);
  suite_add_tcase (suite, banner);
  suite_add_tcase (suite, mismatch);
  suite_add_tcase (suite, failures);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (exchange_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
