/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP answers judged: the proxies and CDNs named by their headers (those no test can
 * run here: Fastly, Akamai, CloudFront, Varnish, Envoy, HAProxy, Apache), the statuses
 * that say the upstream failed, check_http's defaults and the user's expectations, and
 * when an answer is whole enough to judge. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/dissect/http_answer.h"
#include "model/causes.h"

static CcCauseId
gateway (const char *reply, GString *words)
{
  return cc_http_answer_gateway ((const guint8 *) reply, strlen (reply), words);
}

typedef struct {
  const char *reply;
  const char *cause;
  const char *words; /* the start of the verdict's words */
} GatewayCase;

static const GatewayCase gateway_cases[] = {
  { "HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\n\r\n", "proxy.upstream_refused",
    "nginx (Server: nginx/1.22.1) answered HTTP 502 Bad Gateway: the proxy is up" },
  { "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\n\r\n<html><body><h1>503 "
    "Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>",
    "proxy.no_upstream", "HAProxy (by its error page) answered HTTP 503" },
  { "HTTP/1.1 503 Service Unavailable\r\nserver: envoy\r\n\r\nupstream connect error or "
    "disconnect/reset before headers. reset reason: connection failure",
    "proxy.no_upstream", "Envoy (Server: envoy) answered HTTP 503" },
  { "HTTP/1.1 504 Gateway Timeout\r\nX-Amz-Cf-Id: abc==\r\nVia: 1.1 f.cloudfront.net "
    "(CloudFront)\r\n\r\n", "proxy.upstream_timeout", "Amazon CloudFront (X-Amz-Cf-Id: abc==)" },
  { "HTTP/1.1 503 backend read error\r\nX-Varnish: 32770\r\nServer: Varnish\r\n\r\n",
    "proxy.no_upstream", "Varnish (X-Varnish: 32770)" },
  { "HTTP/1.1 503 Service Unavailable\r\nServer: Varnish\r\nX-Fastly-Request-ID: f00\r\n\r\n",
    "proxy.no_upstream", "Fastly (X-Fastly-Request-ID: f00)" },
  { "HTTP/1.1 504 Gateway Time-out\r\nServer: AkamaiGHost\r\n\r\n", "proxy.upstream_timeout",
    "Akamai (Server: AkamaiGHost)" },
  { "HTTP/1.1 502 Proxy Error\r\nServer: Apache/2.4.57 (Debian)\r\n\r\n",
    "proxy.upstream_refused", "Apache httpd (Server: Apache/2.4.57 (Debian)) answered HTTP 502 Proxy Error" },
  { "HTTP/1.1 502 Bad Gateway\r\nVia: 1.1 squid-proxy\r\n\r\n", "proxy.upstream_refused",
    "a proxy (Via: 1.1 squid-proxy)" },
  { "HTTP/1.1 523 Origin Is Unreachable\r\nServer: cloudflare\r\n\r\n",
    "proxy.origin_unreachable", "Cloudflare (Server: cloudflare)" },
  { "HTTP/1.1 526 Invalid SSL Certificate\r\ncf-ray: 1-AMS\r\n\r\n", "proxy.origin_tls",
    "Cloudflare (CF-RAY: 1-AMS)" },
  /* No proxy named, or no gateway status: not the proxy's cause. */
  { "HTTP/1.1 502 Bad Gateway\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\n\r\n", "ok", "" },
  { "HTTP/1.1 500 Internal Server Error\r\nServer: nginx\r\n\r\n", "ok", "" },
  { "HTTP/1.1 520 Unknown Error\r\nServer: cloudflare\r\n\r\n", "ok", "" },
  { "SSH-2.0-OpenSSH_9.2\r\n", "ok", "" },
};

START_TEST (test_gateway_names_the_proxy)
{
  const GatewayCase *c = &gateway_cases[_i];
  g_autoptr (GString) words = g_string_new (NULL);

  ck_assert_str_eq (cc_cause_get (gateway (c->reply, words))->name, c->cause);
  ck_assert_msg (g_str_has_prefix (words->str, c->words), "%s", words->str);
}
END_TEST

START_TEST (test_gateway_caps_header_values)
{
  g_autofree char *long_server = g_strnfill (5000, 'x');
  g_autofree char *reply = g_strdup_printf ("HTTP/1.1 502 Bad Gateway\r\nVia: %s\r\n\r\n",
                                            long_server);
  g_autoptr (GString) words = g_string_new (NULL);

  ck_assert_int_eq (gateway (reply, words), CC_CAUSE_PROXY_UPSTREAM_REFUSED);
  ck_assert_uint_lt (words->len, 200);
  ck_assert_ptr_nonnull (strstr (words->str, "xxx...)"));
}
END_TEST

static CcCauseId
judge (const char *reply, const CcEndpoint *endpoint, GString *words)
{
  return cc_http_answer_judge ((const guint8 *) reply, strlen (reply), endpoint, words);
}

START_TEST (test_default_states)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GString) words = g_string_new (NULL);

  ck_assert_int_eq (judge ("HTTP/1.1 204 No Content\r\n\r\n", endpoint, words), CC_CAUSE_NONE);
  ck_assert_int_eq (judge ("HTTP/1.1 302 Found\r\n\r\n", endpoint, words), CC_CAUSE_NONE);
  ck_assert_int_eq (judge ("HTTP/1.1 401 Unauthorized\r\n\r\n", endpoint, words),
                    CC_CAUSE_HTTP_CLIENT_ERROR);
  ck_assert_str_eq (words->str, "the server answered HTTP 401 Unauthorized for /");
  g_string_truncate (words, 0);
  ck_assert_int_eq (judge ("HTTP/1.0 503 Service Unavailable\r\n\r\n", NULL, words),
                    CC_CAUSE_HTTP_SERVER_ERROR);
  ck_assert_str_eq (words->str, "the server answered HTTP 503 Service Unavailable");
  ck_assert_int_eq (cc_cause_get (CC_CAUSE_HTTP_CLIENT_ERROR)->state, CC_STATE_WARNING);
  ck_assert_int_eq (cc_cause_get (CC_CAUSE_HTTP_SERVER_ERROR)->state, CC_STATE_CRITICAL);
}
END_TEST

START_TEST (test_expected_body)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GString) words = g_string_new (NULL);
  /* The body ends at Content-Length: what follows is not searched. */
  const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloworld";

  ck_assert (cc_endpoint_set_expect_body (endpoint, "hell", NULL));
  ck_assert_int_eq (judge (reply, endpoint, words), CC_CAUSE_NONE);
  ck_assert (cc_endpoint_set_expect_body (endpoint, "world", NULL));
  ck_assert_int_eq (judge (reply, endpoint, words), CC_CAUSE_HTTP_BODY_MISMATCH);
  ck_assert_str_eq (words->str, "the server answered HTTP 200 OK for /, but the body "
                                "(5 bytes) does not contain \"world\"");
  g_clear_pointer (&endpoint->expect_body, g_free);
  ck_assert (cc_endpoint_set_expect_regex (endpoint, "^h.l+o$", NULL));
  ck_assert_int_eq (judge (reply, endpoint, words), CC_CAUSE_NONE);
  /* A body with a NUL is searched whole. */
  ck_assert (cc_endpoint_set_expect_regex (endpoint, "after", NULL));
  ck_assert_int_eq (cc_http_answer_judge ((const guint8 *) "HTTP/1.1 200 OK\r\n\r\nx\0after",
                                          26, endpoint, words),
                    CC_CAUSE_NONE);
}
END_TEST

START_TEST (test_expected_status_outranks_gateway)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GString) words = g_string_new (NULL);
  const char reply[] = "HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\n\r\n";

  ck_assert (cc_endpoint_set_expect_status (endpoint, "200,500-502", NULL));
  ck_assert_int_eq (judge (reply, endpoint, words), CC_CAUSE_NONE);
  ck_assert (cc_endpoint_set_expect_status (endpoint, "200", NULL));
  ck_assert_int_eq (judge (reply, endpoint, words), CC_CAUSE_PROXY_UPSTREAM_REFUSED);
  g_string_truncate (words, 0);
  ck_assert_int_eq (judge ("HTTP/1.1 404 Not Found\r\n\r\n", endpoint, words),
                    CC_CAUSE_HTTP_UNEXPECTED_STATUS);
  ck_assert_str_eq (words->str, "the server answered HTTP 404 Not Found for /, not an "
                                "expected status (200)");
}
END_TEST

/* A control byte for the space after the code: HTTP all the same, its line quoted raw and
 * capped; a malformed line outranks even an expected status. */
START_TEST (test_malformed_status_line)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GString) words = g_string_new (NULL);
  g_autofree char *long_reason = g_strdup_printf ("HTTP/1.1 200\x01%0100d\r\n\r\n", 0);

  ck_assert (cc_endpoint_set_expect_status (endpoint, "200", NULL));
  ck_assert_int_eq (judge ("HTTP/1.1 200\x01OK\r\n\r\n", endpoint, words), CC_CAUSE_HTTP_MALFORMED);
  ck_assert_str_eq (words->str, "an HTTP server, but its status line is malformed (no space "
                                "after the status code): \"HTTP/1.1 200\x01OK\"");
  g_string_truncate (words, 0);
  ck_assert_int_eq (judge ("HTTP/1.1 404OK", NULL, words), CC_CAUSE_HTTP_MALFORMED);
  ck_assert (g_str_has_suffix (words->str, ": \"HTTP/1.1 404OK\""));
  g_string_truncate (words, 0);
  ck_assert_int_eq (judge (long_reason, NULL, words), CC_CAUSE_HTTP_MALFORMED);
  ck_assert (g_str_has_suffix (words->str, "000...\""));
  ck_assert_int_eq (judge ("HTTP/1.1 2000 OK\r\n\r\n", NULL, words), CC_CAUSE_NONE);
}
END_TEST

static gboolean
complete (const char *reply, gboolean with_body)
{
  return cc_http_answer_complete ((const guint8 *) reply, strlen (reply), with_body);
}

START_TEST (test_complete)
{
  ck_assert (!complete ("HTTP/1.1 200 OK\r\nServer: ng", FALSE));
  ck_assert (complete ("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n", FALSE));
  ck_assert (complete ("HTTP/1.1 200 OK\n\n", FALSE));
  ck_assert (!complete ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", TRUE));
  ck_assert (complete ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", TRUE));
  /* Without a length the body ends when the server closes. */
  ck_assert (!complete ("HTTP/1.1 200 OK\r\n\r\nhello", TRUE));
  ck_assert (complete ("SSH-2.0-OpenSSH_9.2\r\n", TRUE));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("http_answer");
  TCase *proxies = tcase_create ("proxies");
  TCase *expectations = tcase_create ("expectations");
  SRunner *runner;
  int failed;

  tcase_add_loop_test (proxies, test_gateway_names_the_proxy, 0, G_N_ELEMENTS (gateway_cases));
  tcase_add_test (proxies, test_gateway_caps_header_values);
  tcase_add_test (expectations, test_default_states);
  tcase_add_test (expectations, test_expected_body);
  tcase_add_test (expectations, test_expected_status_outranks_gateway);
  tcase_add_test (expectations, test_complete);
  tcase_add_test (expectations, test_malformed_status_line);
  suite_add_tcase (suite, proxies);
  suite_add_tcase (suite, expectations);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
