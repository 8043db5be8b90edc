/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP answers judged (RFC 9110, section 15): check_http's default states, the statuses
 * and body a user expects, and a gateway's 502/503/504 (or a CDN's 521 to 526) told
 * apart from the server's own errors by the headers that name the proxy in front. */
#include "knowledge/dissect/http_answer.h"

#include <stdlib.h>
#include <string.h>

#include "knowledge/dissect/internal.h"

/* Longest header value quoted when naming a proxy. */
#define SHOWN_VALUE_MAX 48

/* How a proxy or CDN shows itself: a header that is there (word NULL) or that holds
 * word, or, with header NULL, its own error page's words. A CDN rewrites the headers of
 * whatever it fronts, so CDNs come first. */
static const struct {
  const char *header;
  const char *word;
  const char *name;
} proxy_signs[] = {
  { "CF-RAY", NULL, "Cloudflare" },
  { "Server", "cloudflare", "Cloudflare" },
  { "X-Amz-Cf-Id", NULL, "Amazon CloudFront" },
  { "Via", "CloudFront", "Amazon CloudFront" },
  { "X-Fastly-Request-ID", NULL, "Fastly" },
  { "Server", "AkamaiGHost", "Akamai" },
  { "X-Varnish", NULL, "Varnish" },
  { "Via", "varnish", "Varnish" },
  { "Server", "envoy", "Envoy" },
  { "Server", "haproxy", "HAProxy" },
  { "Server", "openresty", "OpenResty" },
  { "Server", "nginx", "nginx" },
  { "Server", "Apache", "Apache httpd" },
  { "Server", "Caddy", "Caddy" },
  { "Server", "Varnish", "Varnish" },
  { NULL, "No server is available to handle this request", "HAProxy" },
  { NULL, "upstream connect error or disconnect/reset before headers", "Envoy" },
  { "Via", NULL, "a proxy" },
  { NULL, NULL, NULL },
};

/* What a gateway status says about the upstream or origin behind the proxy. */
static const struct {
  guint status;
  CcCauseId cause;
  const char *what;
} gateway_statuses[] = {
  { 502, CC_CAUSE_PROXY_UPSTREAM_REFUSED,
    "the proxy is up, but its upstream refused or broke the connection" },
  { 503, CC_CAUSE_PROXY_NO_UPSTREAM,
    "the proxy is up, but has no upstream available (or its upstream answered 503)" },
  { 504, CC_CAUSE_PROXY_UPSTREAM_TIMEOUT,
    "the proxy is up, but its upstream did not answer in time" },
  { 521, CC_CAUSE_PROXY_UPSTREAM_REFUSED,
    "the CDN is up, but the origin refused its connection" },
  { 522, CC_CAUSE_PROXY_UPSTREAM_TIMEOUT,
    "the CDN is up, but its connection to the origin timed out" },
  { 523, CC_CAUSE_PROXY_ORIGIN_UNREACHABLE, "the CDN is up, but cannot reach the origin" },
  { 524, CC_CAUSE_PROXY_UPSTREAM_TIMEOUT,
    "the CDN connected to the origin, but the origin did not answer in time" },
  { 525, CC_CAUSE_PROXY_ORIGIN_TLS, "the CDN's TLS handshake with the origin failed" },
  { 526, CC_CAUSE_PROXY_ORIGIN_TLS, "the CDN found the origin's certificate invalid" },
  { 0, CC_CAUSE_NONE, NULL },
};

/* The body: after the blank line that ends the header block; NULL while it has not
 * ended. */
static const guint8 *
body_start (const guint8 *reply, gsize length)
{
  const guint8 *crlf = memmem (reply, length, "\r\n\r\n", 4);
  const guint8 *lf = memmem (reply, length, "\n\n", 2);

  if (crlf != NULL && (lf == NULL || crlf < lf))
    return crlf + 4;
  return lf != NULL ? lf + 2 : NULL;
}

/* The Content-Length the answer announces, or -1. */
static gint64
content_length (const CcHttpStatus *status)
{
  const guint8 *value;
  gsize value_length;
  char digits[20];
  guint64 parsed;

  if (!cc_http_find_header (status, "Content-Length", &value, &value_length)
      || value_length == 0 || value_length >= sizeof digits)
    return -1;
  memcpy (digits, value, value_length);
  digits[value_length] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &parsed, NULL))
    return -1;
  return (gint64) parsed;
}

/* The body as far as it came, cut at its announced length. */
static gsize
body_length (const CcHttpStatus *status, const guint8 *body, const guint8 *reply,
             gsize length)
{
  gsize have = length - (gsize) (body - reply);
  gint64 announced = content_length (status);

  return announced >= 0 && (guint64) announced < have ? (gsize) announced : have;
}

gboolean
cc_http_answer_complete (const guint8 *reply, gsize length, gboolean with_body)
{
  CcHttpStatus status;
  const guint8 *body;
  gint64 announced;

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN
      || length >= CC_HTTP_ANSWER_MAX_BYTES)
    return TRUE;
  body = body_start (reply, length);
  if (body == NULL || !with_body)
    return body != NULL;
  announced = content_length (&status);
  /* Without a length the body ends when the server closes: we asked it to. */
  return announced >= 0 && (guint64) (length - (gsize) (body - reply)) >= (guint64) announced;
}

static void
append_capped (GString *out, const guint8 *value, gsize length)
{
  g_string_append_len (out, (const char *) value, MIN (length, SHOWN_VALUE_MAX));
  if (length > SHOWN_VALUE_MAX)
    g_string_append (out, "...");
}

/* Names the proxy the answer shows, with the header that tells it, into out. */
static gboolean
append_proxy (const CcHttpStatus *status, const guint8 *reply, gsize length, GString *out)
{
  for (guint i = 0; proxy_signs[i].name != NULL; i++)
    {
      const guint8 *value;
      gsize value_length;

      if (proxy_signs[i].header == NULL)
        {
          if (memmem (reply, length, proxy_signs[i].word, strlen (proxy_signs[i].word)) == NULL)
            continue;
          g_string_append_printf (out, "%s (by its error page)", proxy_signs[i].name);
          return TRUE;
        }
      if (!cc_http_find_header (status, proxy_signs[i].header, &value, &value_length)
          || (proxy_signs[i].word != NULL
              && !cc_span_contains (value, value_length, proxy_signs[i].word)))
        continue;
      g_string_append_printf (out, "%s (%s: ", proxy_signs[i].name, proxy_signs[i].header);
      append_capped (out, value, value_length);
      g_string_append_c (out, ')');
      return TRUE;
    }
  return FALSE;
}

CcCauseId
cc_http_answer_gateway (const guint8 *reply, gsize length, GString *detail)
{
  CcHttpStatus status;
  g_autoptr (GString) proxy = g_string_new (NULL);
  guint i = 0;

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN)
    return CC_CAUSE_NONE;
  while (gateway_statuses[i].status != 0 && gateway_statuses[i].status != status.status)
    i++;
  if (gateway_statuses[i].status == 0 || !append_proxy (&status, reply, length, proxy))
    return CC_CAUSE_NONE;
  g_string_append_len (detail, proxy->str, proxy->len);
  g_string_append (detail, " answered ");
  cc_http_said (reply, length, detail);
  g_string_append_printf (detail, ": %s", gateway_statuses[i].what);
  return gateway_statuses[i].cause;
}

/* " for /path", or nothing when the request is not ours (a capture's). */
static void
append_path (GString *out, const CcEndpoint *endpoint)
{
  if (endpoint != NULL)
    g_string_append_printf (out, " for %s", endpoint->path != NULL ? endpoint->path : "/");
}

static void
append_expected_statuses (const CcEndpoint *endpoint, GString *out)
{
  for (guint i = 0; i < endpoint->expect_status->len; i++)
    {
      const CcStatusRange *range = &g_array_index (endpoint->expect_status, CcStatusRange, i);
      g_string_append_printf (out, "%s%u", i > 0 ? "," : "", range->low);
      if (range->high != range->low)
        g_string_append_printf (out, "-%u", range->high);
    }
}

/* The status's verdict: expected, or else a gateway's, or check_http's defaults. */
static CcCauseId
judge_status (const CcHttpStatus *status, const guint8 *reply, gsize length,
              const CcEndpoint *endpoint, GString *detail)
{
  gboolean listed = endpoint != NULL && endpoint->expect_status != NULL;
  CcCauseId cause;

  if (listed && cc_endpoint_status_expected (endpoint, status->status))
    return CC_CAUSE_NONE;
  cause = cc_http_answer_gateway (reply, length, detail);
  if (cause != CC_CAUSE_NONE)
    return cause;
  if (listed)
    cause = CC_CAUSE_HTTP_UNEXPECTED_STATUS;
  else if (status->status >= 500)
    cause = CC_CAUSE_HTTP_SERVER_ERROR;
  else if (status->status >= 400)
    cause = CC_CAUSE_HTTP_CLIENT_ERROR;
  else
    return CC_CAUSE_NONE;
  g_string_append (detail, "the server answered ");
  cc_http_said (reply, length, detail);
  append_path (detail, endpoint);
  if (cause == CC_CAUSE_HTTP_UNEXPECTED_STATUS)
    {
      g_string_append (detail, ", not an expected status (");
      append_expected_statuses (endpoint, detail);
      g_string_append_c (detail, ')');
    }
  return cause;
}

static gboolean
body_matches (const CcEndpoint *endpoint, const guint8 *body, gsize length)
{
  g_autoptr (GRegex) regex = NULL;

  if (endpoint->expect_body != NULL
      && memmem (body, length, endpoint->expect_body, strlen (endpoint->expect_body)) == NULL)
    return FALSE;
  if (endpoint->expect_regex == NULL)
    return TRUE;
  /* Checked when it was set; compiled here, per answer, so a bulk run of thousands of
   * endpoints holds no compiled pattern per endpoint. */
  regex = g_regex_new (endpoint->expect_regex, G_REGEX_RAW, 0, NULL);
  return regex != NULL
         && g_regex_match_full (regex, (const char *) body, (gssize) length, 0, 0, NULL, NULL);
}

static CcCauseId
judge_body (const CcHttpStatus *status, const guint8 *reply, gsize length,
            const CcEndpoint *endpoint, GString *detail)
{
  const guint8 *body = body_start (reply, length);
  gsize size;

  if (endpoint == NULL || (endpoint->expect_body == NULL && endpoint->expect_regex == NULL))
    return CC_CAUSE_NONE;
  if (body == NULL) /* the header block never ended: no body came */
    body = reply + length;
  size = body_length (status, body, reply, length);
  if (body_matches (endpoint, body, size))
    return CC_CAUSE_NONE;
  g_string_append (detail, "the server answered ");
  cc_http_said (reply, length, detail);
  append_path (detail, endpoint);
  g_string_append_printf (detail, ", but the body (%" G_GSIZE_FORMAT " bytes%s) ", size,
                          length >= CC_HTTP_ANSWER_MAX_BYTES ? " read, the most we read" : "");
  if (endpoint->expect_body != NULL
      && memmem (body, size, endpoint->expect_body, strlen (endpoint->expect_body)) == NULL)
    g_string_append_printf (detail, "does not contain \"%s\"", endpoint->expect_body);
  else
    g_string_append_printf (detail, "does not match the regex \"%s\"", endpoint->expect_regex);
  return CC_CAUSE_HTTP_BODY_MISMATCH;
}

/* "HTTP/1.1 200\x01OK": HTTP by its version and code, whatever the reason says; the line
 * is quoted as sent, for the renderer to escape. */
static CcCauseId
judge_malformed (const CcHttpStatus *status, const guint8 *reply, GString *detail)
{
  gsize line_length = (gsize) (status->reason + status->reason_length - reply);

  g_string_append (detail, "an HTTP server, but its status line is malformed (no space "
                           "after the status code): \"");
  append_capped (detail, reply, line_length);
  g_string_append_c (detail, '"');
  return CC_CAUSE_HTTP_MALFORMED;
}

CcCauseId
cc_http_answer_judge (const guint8 *reply, gsize length, const CcEndpoint *endpoint,
                      GString *detail)
{
  CcHttpStatus status;
  CcCauseId cause;

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN)
    return CC_CAUSE_NONE;
  if (status.malformed)
    return judge_malformed (&status, reply, detail);
  cause = judge_status (&status, reply, length, endpoint, detail);
  if (cause != CC_CAUSE_NONE)
    return cause;
  return judge_body (&status, reply, length, endpoint, detail);
}
