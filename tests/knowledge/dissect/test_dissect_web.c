/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/1.x, WebSocket, TLS and HTTP/2 dissectors over replies recorded from nginx,
 * websocketd and openssl s_server, and hand-built edge cases. */
#include <string.h>

#include "fixture.h"
#include "knowledge/dissect/internal.h"

#define ck_assert_field(dissector, bytes, field, expected)                                  \
  do                                                                                        \
    {                                                                                       \
      g_autofree char *value_ = fixture_field (dissector, bytes, field);                    \
      ck_assert_msg (value_ != NULL, "%s: no field %s", dissector, field);                  \
      ck_assert_str_eq (value_, expected);                                                  \
    }                                                                                       \
  while (0)

/* --- HTTP --- */

START_TEST (http_nginx_replies)
{
  g_autoptr (GBytes) ok = fixture_load ("http-nginx-200.bin");
  g_autoptr (GBytes) missing = fixture_load ("http-nginx-404.bin");
  g_autoptr (GBytes) https = fixture_load ("http-nginx-plain-to-tls-400.bin");

  ck_assert_int_eq (fixture_score ("http", ok), CC_SCORE_CERTAIN);
  ck_assert_field ("http", ok, "http.version", "1.1");
  ck_assert_field ("http", ok, "http.status", "200");
  ck_assert_field ("http", ok, "http.reason", "OK");
  ck_assert_field ("http", ok, "http.server", "nginx/1.22.1");
  ck_assert_field ("http", ok, "http.content_type", "text/html");
  ck_assert_int_eq (fixture_score ("http", missing), CC_SCORE_CERTAIN);
  ck_assert_field ("http", missing, "http.status", "404");
  ck_assert_field ("http", missing, "http.reason", "Not Found");
  ck_assert_field ("http", https, "http.status", "400");
  ck_assert_field ("http", https, "http.reason", "Bad Request");
  ck_assert_field ("http", https, "http.connection", "close");
}
END_TEST

START_TEST (http_truncated)
{
  ck_assert_int_eq (fixture_score_text ("http", ""), -7);
  ck_assert_int_eq (fixture_score_text ("http", "HTT"), -4);
  ck_assert_int_eq (fixture_score_text ("http", "HTTP/1.1 2"), -2);
  ck_assert_int_eq (fixture_score_text ("http", "HTTP/1.1 200"), CC_SCORE_CERTAIN);
  ck_assert_int_eq (fixture_score_text ("http", "HTTP/1.1 200\x01"), CC_SCORE_CERTAIN);
  {
    g_autofree char *reason = fixture_field_text ("http", "HTTP/1.1 200\x01OK\r\n", "http.reason");
    ck_assert_str_eq (reason, "\x01OK");
  }
  ck_assert_int_eq (fixture_score_text ("http", "HTTP/1.0 503 Service Unav"), CC_SCORE_CERTAIN);
  {
    g_autofree char *reason = fixture_field_text ("http", "HTTP/1.0 503 Service Unav", "http.reason");
    ck_assert_str_eq (reason, "Service Unav");
  }
}
END_TEST

START_TEST (http_near_misses)
{
  static const char *const not_http[] = {
    "HTTP/2 200\r\n\r\n", "HTTP/1.1 2OO OK\r\n", "HTTP/1.1 600 Odd\r\n", "HTTP/1.1 099 x\r\n",
    "HTTP/1.1200 OK\r\n", "HTTP/1.1 2000 OK\r\n", "http/1.1 200 OK\r\n", "HTTP/1.x",
    "SSH-2.0-OpenSSH_9.2p1\r\n", "\x16\x03\x03\x00\x02\x02\x28", "<?xml version=\"1.0\"?>",
    NULL,
  };
  for (guint i = 0; not_http[i] != NULL; i++)
    ck_assert_msg (fixture_score_text ("http", not_http[i]) == CC_SCORE_NONE, "%s scored",
                   not_http[i]);
}
END_TEST

START_TEST (http_09)
{
  const char *doc = "<!DOCTYPE html>\n<html><body>hi</body></html>\n";
  int score = fixture_score_text ("http", doc);
  g_autofree char *version = fixture_field_text ("http", doc, "http.version");

  ck_assert_int_ge (score, CC_SCORE_THRESHOLD);
  ck_assert_int_lt (score, CC_SCORE_CERTAIN);
  ck_assert_str_eq (version, "0.9 (no status line)");
  ck_assert_int_ge (fixture_score_text ("http", "  <HTML><HEAD>"), CC_SCORE_THRESHOLD);
  ck_assert_int_eq (fixture_score_text ("http", "<html"), CC_SCORE_THRESHOLD + 10);
  ck_assert_int_eq (fixture_score_text ("http", "<htm"), CC_SCORE_NONE);
}
END_TEST

/* What an HTTP/0.9 reply said is quoted from its first byte: blank lines before the
 * document are shown, not an empty quote. */
START_TEST (http_09_said)
{
  static const struct {
    const char *reply;
    const char *said;
  } cases[] = {
    { "\r\n<html>x</html>", "a document without an HTTP status line (HTTP/0.9 style): "
                             "\"\r\n<html>x</html>\"" },
    { "\x0b\x0c<html>\x1b[2J\r\nmore", "a document without an HTTP status line (HTTP/0.9 "
                                       "style): \"\x0b\x0c<html>\x1b[2J\"..." },
    { "<!DOCTYPE html>\n<html>", "a document without an HTTP status line (HTTP/0.9 style): "
                                 "\"<!DOCTYPE html>\"..." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) said = g_string_new (NULL);

      cc_dissector_http.said ((const guint8 *) cases[i].reply, strlen (cases[i].reply), said);
      ck_assert_str_eq (said->str, cases[i].said);
    }
}
END_TEST

START_TEST (http_headers_bounded)
{
  /* A header block cut mid-line: only whole lines count, the half line is ignored. */
  const char *cut = "HTTP/1.1 200 OK\r\nServer: ngi";
  g_autofree char *server = fixture_field_text ("http", cut, "http.server");
  g_autofree char *folded = fixture_field_text ("http", "HTTP/1.1 200 OK\r\nServer:\t a b \r\n\r\n",
                                                "http.server");
  g_autofree char *after_body = fixture_field_text (
    "http", "HTTP/1.1 200 OK\r\n\r\nServer: body\r\n", "http.server");

  ck_assert_ptr_null (server);
  ck_assert_str_eq (folded, "a b");
  ck_assert_ptr_null (after_body);
}
END_TEST

START_TEST (http_probe)
{
  CcProbeContext context = { .host = "example.test", .port = 8080, .path = "/health" };
  CcProbeContext v6 = { .host = "::1", .port = 80 };
  CcProbeContext header = { .host = "::1", .port = 81, .host_header = "vhost.test" };
  g_autoptr (GBytes) a = cc_dissector_http.build_probe (&context);
  g_autoptr (GBytes) b = cc_dissector_http.build_probe (&v6);
  g_autoptr (GBytes) c = cc_dissector_http.build_probe (&header);
  g_autofree char *ta = g_strndup (g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_autofree char *tb = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_autofree char *tc = g_strndup (g_bytes_get_data (c, NULL), g_bytes_get_size (c));

  ck_assert (g_str_has_prefix (ta, "GET /health HTTP/1.1\r\nHost: example.test:8080\r\n"));
  ck_assert (g_str_has_suffix (ta, "Connection: close\r\n\r\n"));
  ck_assert (g_str_has_prefix (tb, "GET / HTTP/1.1\r\nHost: [::1]\r\n"));
  ck_assert (g_str_has_prefix (tc, "GET / HTTP/1.1\r\nHost: vhost.test\r\n"));
}
END_TEST

static Suite *
http_suite (void)
{
  Suite *suite = suite_create ("http");
  TCase *recorded = tcase_create ("recorded");
  TCase *edges = tcase_create ("edges");
  TCase *probe = tcase_create ("probe");

  tcase_add_test (recorded, http_nginx_replies);
  tcase_add_test (edges, http_truncated);
  tcase_add_test (edges, http_near_misses);
  tcase_add_test (edges, http_09);
  tcase_add_test (edges, http_09_said);
  tcase_add_test (edges, http_headers_bounded);
  tcase_add_test (probe, http_probe);
  suite_add_tcase (suite, recorded);
  suite_add_tcase (suite, edges);
  suite_add_tcase (suite, probe);
  return suite;
}

/* --- WebSocket --- */

START_TEST (websocket_rfc_vector)
{
  g_autofree char *accept = cc_websocket_accept ("dGhlIHNhbXBsZSBub25jZQ==");
  ck_assert_str_eq (accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}
END_TEST

START_TEST (websocket_probe)
{
  g_autoptr (GBytes) probe = cc_dissector_websocket.build_probe (fixture_context ());
  g_autofree char *text = g_strndup (g_bytes_get_data (probe, NULL), g_bytes_get_size (probe));

  /* base64 of the bytes 0..15 */
  ck_assert_ptr_nonnull (strstr (text, "\r\nSec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\n"));
  ck_assert_ptr_nonnull (strstr (text, "\r\nUpgrade: websocket\r\n"));
  ck_assert_ptr_nonnull (strstr (text, "\r\nSec-WebSocket-Version: 13\r\n"));
  ck_assert (g_str_has_suffix (text, "\r\n\r\n"));
}
END_TEST

START_TEST (websocket_websocketd_101)
{
  g_autoptr (GBytes) reply = fixture_load ("websocket-websocketd-101.bin");
  g_autofree char *expected = cc_websocket_accept ("AAECAwQFBgcICQoLDA0ODw==");
  gsize size;
  const guint8 *data = g_bytes_get_data (reply, &size);

  ck_assert_int_eq (fixture_score ("websocket", reply), CC_SCORE_CERTAIN);
  ck_assert_int_lt (fixture_score ("http", reply), CC_SCORE_CERTAIN);
  ck_assert_field ("websocket", reply, "websocket.status", "101");
  ck_assert_field ("websocket", reply, "websocket.accept", expected);
  /* Without our key the accept cannot be checked: plausible, never certain. */
  ck_assert_int_lt (cc_dissector_websocket.score (data, size, NULL), CC_SCORE_CERTAIN);
}
END_TEST

START_TEST (websocket_wrong_accept)
{
  const char *reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  const char *no_accept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
  const char *h2c = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n"
                    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

  ck_assert_int_eq (fixture_score_text ("websocket", reply), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("websocket", no_accept), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("websocket", h2c), CC_SCORE_NONE);
}
END_TEST

START_TEST (websocket_plain_http_answers)
{
  g_autoptr (GBytes) nginx = fixture_load ("http-nginx-websocket-probe-200.bin");
  g_autoptr (GBytes) websocketd = fixture_load ("http-websocketd-404.bin");
  g_autoptr (GBytes) https = fixture_load ("http-nginx-plain-to-tls-400.bin");

  ck_assert_int_eq (fixture_score ("websocket", nginx), CC_SCORE_NONE);
  ck_assert_field ("websocket", nginx, "websocket.status", "200");
  ck_assert_field ("websocket", nginx, "websocket.server", "nginx/1.22.1");
  ck_assert_int_eq (fixture_score ("websocket", websocketd), CC_SCORE_NONE);
  ck_assert_field ("websocket", websocketd, "websocket.status", "404");
  ck_assert_field ("websocket", websocketd, "websocket.reason", "Not Found");
  ck_assert_int_eq (fixture_score ("websocket", https), CC_SCORE_NONE);
  ck_assert_field ("websocket", https, "websocket.status", "400");
  ck_assert_field ("websocket", https, "websocket.reason", "Bad Request");
  ck_assert_int_eq (fixture_score_text ("websocket", "HTTP/1.1 1"), -2);
  ck_assert_int_eq (fixture_score_text ("websocket", "SSH-2.0-x\r\n"), CC_SCORE_NONE);
}
END_TEST

static Suite *
websocket_suite (void)
{
  Suite *suite = suite_create ("websocket");
  TCase *accept = tcase_create ("accept");
  TCase *recorded = tcase_create ("recorded");

  tcase_add_test (accept, websocket_rfc_vector);
  tcase_add_test (accept, websocket_probe);
  tcase_add_test (accept, websocket_wrong_accept);
  tcase_add_test (recorded, websocket_websocketd_101);
  tcase_add_test (recorded, websocket_plain_http_answers);
  suite_add_tcase (suite, accept);
  suite_add_tcase (suite, recorded);
  return suite;
}

/* --- TLS --- */

START_TEST (tls_server_hellos)
{
  g_autoptr (GBytes) nginx13 = fixture_load ("tls-nginx-serverhello-13.bin");
  g_autoptr (GBytes) nginx12 = fixture_load ("tls-nginx-serverhello-12.bin");
  g_autoptr (GBytes) openssl = fixture_load ("tls-openssl-serverhello.bin");
  g_autoptr (GBytes) retry = fixture_load ("tls-openssl-hello-retry.bin");

  ck_assert_int_eq (fixture_score ("tls", nginx13), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", nginx13, "tls.handshake", "ServerHello");
  ck_assert_field ("tls", nginx13, "tls.version", "TLS 1.3");
  ck_assert_field ("tls", nginx13, "tls.cipher", "TLS_AES_128_GCM_SHA256");
  ck_assert_field ("tls", nginx13, "tls.record_version", "TLS 1.2");
  ck_assert_int_eq (fixture_score ("tls", nginx12), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", nginx12, "tls.version", "TLS 1.2");
  ck_assert_field ("tls", nginx12, "tls.cipher", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  ck_assert_int_eq (fixture_score ("tls", openssl), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", openssl, "tls.version", "TLS 1.3");
  ck_assert_int_eq (fixture_score ("tls", retry), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", retry, "tls.handshake", "HelloRetryRequest");
  ck_assert_field ("tls", retry, "tls.version", "TLS 1.3");
}
END_TEST

START_TEST (tls_alerts)
{
  g_autoptr (GBytes) failure = fixture_load ("tls-openssl-alert-handshake-failure.bin");
  g_autoptr (GBytes) warning = g_bytes_new_static ("\x15\x03\x01\x00\x02\x01\x70", 7);
  g_autoptr (GBytes) odd = g_bytes_new_static ("\x15\x03\x03\x00\x02\x02\xfe", 7);

  ck_assert_int_eq (fixture_score ("tls", failure), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", failure, "tls.alert_level", "fatal");
  ck_assert_field ("tls", failure, "tls.alert", "handshake_failure (40)");
  ck_assert_int_eq (fixture_score ("tls", warning), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", warning, "tls.alert_level", "warning");
  ck_assert_field ("tls", warning, "tls.alert", "unrecognized_name (112)");
  ck_assert_field ("tls", warning, "tls.record_version", "TLS 1.0");
  ck_assert_field ("tls", odd, "tls.alert", "254");
}
END_TEST

START_TEST (tls_edges)
{
  g_autoptr (GBytes) bad_level = g_bytes_new_static ("\x15\x03\x03\x00\x02\x07\x28", 7);
  g_autoptr (GBytes) long_alert = g_bytes_new_static ("\x15\x03\x03\x00\x03\x02\x28\x00", 8);
  g_autoptr (GBytes) future = g_bytes_new_static ("\x16\x03\x05\x00\x10\x02", 6);
  g_autoptr (GBytes) sslv2ish = g_bytes_new_static ("\x16\x02\x00\x00\x10\x02", 6);
  g_autoptr (GBytes) oversized = g_bytes_new_static ("\x16\x03\x03\xff\xff\x02", 6);
  g_autoptr (GBytes) certificate = g_bytes_new_static ("\x16\x03\x03\x00\x10\x0b", 6);
  g_autoptr (GBytes) header_only = g_bytes_new_static ("\x16\x03\x03\x00\x10", 5);
  g_autoptr (GBytes) cut_hello = g_bytes_new_static ("\x16\x03\x03\x00\x61\x02\x00\x00\x5d\x03", 10);

  ck_assert_int_eq (fixture_score_text ("tls", ""), -5);
  ck_assert_int_eq (fixture_score_text ("tls", "\x16\x03"), -3);
  ck_assert_int_eq (fixture_score ("tls", bad_level), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("tls", long_alert), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("tls", future), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("tls", sslv2ish), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("tls", oversized), CC_SCORE_NONE);
  ck_assert_int_ge (fixture_score ("tls", certificate), CC_SCORE_THRESHOLD);
  ck_assert_int_lt (fixture_score ("tls", certificate), CC_SCORE_CERTAIN);
  ck_assert_int_eq (fixture_score ("tls", header_only), -1);
  ck_assert_int_eq (fixture_score ("tls", cut_hello), CC_SCORE_CERTAIN);
  ck_assert_field ("tls", cut_hello, "tls.record_version", "TLS 1.2");
  ck_assert_int_eq (fixture_score_text ("tls", "HTTP/1.1 400 Bad Request\r\n"), CC_SCORE_NONE);
}
END_TEST

/* Walks a ClientHello's extensions and returns the body of type, or NULL. */
static const guint8 *
find_extension (const guint8 *hello, gsize size, guint type, gsize *length)
{
  gsize at = 5 + 4 + 2 + 32;
  gsize end;

  at += 1 + hello[at];                          /* session id */
  at += 2 + (hello[at] << 8 | hello[at + 1]);   /* cipher suites */
  at += 1 + hello[at];                          /* compression */
  end = at + 2 + (hello[at] << 8 | hello[at + 1]);
  ck_assert_uint_eq (end, size);
  for (at += 2; at + 4 <= end;)
    {
      guint t = hello[at] << 8 | hello[at + 1];
      gsize l = hello[at + 2] << 8 | hello[at + 3];
      if (t == type)
        {
          *length = l;
          return hello + at + 4;
        }
      at += 4 + l;
    }
  return NULL;
}

START_TEST (tls_client_hello)
{
  CcProbeContext named = *fixture_context ();
  CcProbeContext literal = *fixture_context ();
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  const guint8 *hello;
  const guint8 *ext;
  gsize size;
  gsize length;

  named.host = "203.0.113.9";
  named.sni = "www.example.test";
  literal.host = "203.0.113.9";
  a = cc_dissector_tls.build_probe (&named);
  hello = g_bytes_get_data (a, &size);
  ck_assert_uint_eq (hello[0], 0x16);
  ck_assert_uint_eq ((gsize) (hello[3] << 8 | hello[4]) + 5, size);
  ck_assert_uint_eq ((gsize) (hello[6] << 16 | hello[7] << 8 | hello[8]) + 9, size);
  ext = find_extension (hello, size, 0, &length);
  ck_assert_ptr_nonnull (ext);
  ck_assert_uint_eq (length, 5 + strlen ("www.example.test"));
  ck_assert (memcmp (ext + 5, "www.example.test", length - 5) == 0);
  ext = find_extension (hello, size, 43, &length);
  ck_assert_uint_eq (length, 5);
  ck_assert (memcmp (ext, "\x04\x03\x04\x03\x03", 5) == 0);
  ext = find_extension (hello, size, 51, &length);
  ck_assert_uint_eq (length, 2 + 4 + 32);
  ck_assert_ptr_nonnull (find_extension (hello, size, 13, &length));
  ck_assert_ptr_nonnull (find_extension (hello, size, 10, &length));

  b = cc_dissector_tls.build_probe (&literal);
  hello = g_bytes_get_data (b, &size);
  ck_assert_ptr_null (find_extension (hello, size, 0, &length));
}
END_TEST

static Suite *
tls_suite (void)
{
  Suite *suite = suite_create ("tls");
  TCase *recorded = tcase_create ("recorded");
  TCase *edges = tcase_create ("edges");
  TCase *probe = tcase_create ("probe");

  tcase_add_test (recorded, tls_server_hellos);
  tcase_add_test (recorded, tls_alerts);
  tcase_add_test (edges, tls_edges);
  tcase_add_test (probe, tls_client_hello);
  suite_add_tcase (suite, recorded);
  suite_add_tcase (suite, edges);
  suite_add_tcase (suite, probe);
  return suite;
}

/* --- HTTP/2 --- */

START_TEST (http2_nginx)
{
  g_autoptr (GBytes) settings = fixture_load ("http2-nginx-settings.bin");
  g_autoptr (GBytes) goaway = fixture_load ("http2-nginx-goaway-to-http1.bin");

  ck_assert_int_eq (fixture_score ("http2", settings), CC_SCORE_CERTAIN);
  ck_assert_field ("http2", settings, "http2.settings.max_concurrent_streams", "128");
  ck_assert_field ("http2", settings, "http2.settings.initial_window_size", "65536");
  ck_assert_int_eq (fixture_score ("http2", goaway), CC_SCORE_CERTAIN);
  ck_assert_field ("http2", goaway, "http2.goaway", "PROTOCOL_ERROR");
  ck_assert_int_eq (fixture_score ("http", settings), CC_SCORE_NONE);
}
END_TEST

START_TEST (http2_edges)
{
  g_autoptr (GBytes) on_stream = g_bytes_new_static ("\x00\x00\x00\x04\x00\x00\x00\x00\x01", 9);
  g_autoptr (GBytes) odd_length = g_bytes_new_static ("\x00\x00\x05\x04\x00\x00\x00\x00\x00", 9);
  g_autoptr (GBytes) ack_payload = g_bytes_new_static ("\x00\x00\x06\x04\x01\x00\x00\x00\x00", 9);
  g_autoptr (GBytes) empty = g_bytes_new_static ("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);
  g_autoptr (GBytes) cut = g_bytes_new_static ("\x00\x00\x06\x04\x00\x00\x00\x00\x00\x00\x03", 11);
  g_autoptr (GBytes) start = g_bytes_new_static ("\x00\x00\x06\x04", 4);

  ck_assert_int_eq (fixture_score ("http2", on_stream), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("http2", odd_length), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("http2", ack_payload), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score ("http2", empty), CC_SCORE_CERTAIN);
  ck_assert_int_eq (fixture_score ("http2", cut), CC_SCORE_CERTAIN);
  ck_assert_ptr_null (fixture_field ("http2", cut, "http2.settings.max_concurrent_streams"));
  ck_assert_int_eq (fixture_score ("http2", start), -5);
  ck_assert_int_eq (fixture_score_text ("http2", "HTTP/1.1 400 Bad"), CC_SCORE_NONE);
}
END_TEST

START_TEST (http2_probe)
{
  g_autoptr (GBytes) probe = cc_dissector_http2.build_probe (fixture_context ());
  gsize size;
  const guint8 *data = g_bytes_get_data (probe, &size);

  ck_assert_uint_eq (size, 24 + 9);
  ck_assert (memcmp (data, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24) == 0);
  ck_assert (memcmp (data + 24, "\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9) == 0);
}
END_TEST

static Suite *
http2_suite (void)
{
  Suite *suite = suite_create ("http2");
  TCase *recorded = tcase_create ("recorded");
  TCase *edges = tcase_create ("edges");

  tcase_add_test (recorded, http2_nginx);
  tcase_add_test (edges, http2_edges);
  tcase_add_test (edges, http2_probe);
  suite_add_tcase (suite, recorded);
  suite_add_tcase (suite, edges);
  return suite;
}

int
main (void)
{
  Suite *suites[] = { http_suite (), websocket_suite (), tls_suite (), http2_suite () };
  return fixture_run (suites, G_N_ELEMENTS (suites));
}
