/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/1.x (RFC 9112): status line, status code, reason phrase and the headers that say
 * who answered (Server) and whether it switches protocols (Upgrade, Connection). Also
 * names HTTP/0.9-style replies, a bare HTML document without any status line. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 http_ports[] = { 80, 8080, 8000, 8008, 8888, 3000, 5000, 0 };

/* Headers worth a line in the protocol tree, in the order they are shown. */
static const struct {
  const char *header;
  const char *field;
} shown_headers[] = {
  { "Server", "server" },
  { "Upgrade", "upgrade" },
  { "Connection", "connection" },
  { "Content-Type", "content_type" },
  { "Location", "location" },
  { NULL, NULL },
};

#define STATUS_LINE_MIN 12 /* "HTTP/1.1 200" */
#define HTTP09_SCORE 60    /* a document with no status line: HTTP, but only by its looks */
#define UPGRADE_SCORE 90   /* a 101 to WebSocket: HTTP, but websocket is the better name */
#define SAID_LINE_MAX 80   /* longest status line (or HTTP/0.9 first line) quoted in words */

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

int
cc_http_parse_status (const guint8 *reply, gsize length, CcHttpStatus *status)
{
  int prefix = cc_match_prefix (reply, length, "HTTP/1.");
  CcCursor cursor;
  const guint8 *line;
  gsize line_length, reason_start;

  if (prefix != CC_SCORE_CERTAIN)
    return prefix;
  if (length < STATUS_LINE_MIN)
    {
      /* Reject a near-miss as soon as the bytes we have disagree with the shape. */
      static const char shape[] = "HTTP/1.d ddd";
      for (gsize i = 7; i < length; i++)
        if (shape[i] == 'd' ? !is_digit (reply[i]) : reply[i] != (guint8) shape[i])
          return CC_SCORE_NONE;
      return -(int) (STATUS_LINE_MIN - length);
    }
  if (!is_digit (reply[7]) || reply[8] != ' ' || !is_digit (reply[9]) || !is_digit (reply[10])
      || !is_digit (reply[11]) || reply[9] < '1' || reply[9] > '5')
    return CC_SCORE_NONE;
  /* A fourth digit makes it no status code; any other byte there is an HTTP server's
   * malformed status line. */
  if (length > STATUS_LINE_MIN && is_digit (reply[12]))
    return CC_SCORE_NONE;

  memset (status, 0, sizeof *status);
  status->minor_version = reply[7] - '0';
  status->status = (reply[9] - '0') * 100 + (reply[10] - '0') * 10 + (reply[11] - '0');
  status->malformed = length > STATUS_LINE_MIN && reply[12] != ' ' && reply[12] != '\r'
                      && reply[12] != '\n';
  reason_start = status->malformed ? STATUS_LINE_MIN : STATUS_LINE_MIN + 1;
  cursor = cc_cursor_make (reply, length);
  if (cc_cursor_line (&cursor, &line, &line_length))
    {
      if (line_length > reason_start)
        {
          status->reason = line + reason_start;
          status->reason_length = line_length - reason_start;
        }
      status->headers = cc_cursor_here (&cursor);
      status->headers_length = cc_cursor_remaining (&cursor);
    }
  else
    {
      /* Status line not finished yet: take the reason we have, no headers. */
      status->reason = reply + MIN (length, reason_start);
      status->reason_length = length - MIN (length, reason_start);
    }
  return CC_SCORE_CERTAIN;
}

gboolean
cc_http_find_header (const CcHttpStatus *status, const char *name, const guint8 **value,
                     gsize *value_length)
{
  CcCursor cursor = cc_cursor_make (status->headers, status->headers_length);
  gsize name_length = strlen (name);
  const guint8 *line;
  gsize line_length;

  while (cc_cursor_line (&cursor, &line, &line_length) && line_length > 0)
    {
      gsize start = name_length + 1;
      gsize end = line_length;

      if (line_length < start || line[name_length] != ':'
          || !cc_span_has_prefix (line, line_length, name))
        continue;
      while (start < end && (line[start] == ' ' || line[start] == '\t'))
        start++;
      while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        end--;
      *value = line + start;
      *value_length = end - start;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_ipv6_literal (const char *host)
{
  return strchr (host, ':') != NULL;
}

GString *
cc_http_request_start (const CcProbeContext *context)
{
  const char *host = context->host_header != NULL ? context->host_header : context->host;
  GString *request = g_string_new (NULL);

  g_string_append_printf (request, "GET %s HTTP/1.1\r\nHost: ",
                          context->path != NULL && context->path[0] != '\0' ? context->path
                                                                            : "/");
  if (host == NULL || host[0] == '\0')
    host = "localhost";
  /* An explicit Host header is sent as given; a derived one carries the port. */
  if (context->host_header != NULL)
    g_string_append (request, host);
  else
    {
      g_string_append_printf (request, is_ipv6_literal (host) ? "[%s]" : "%s", host);
      if (context->port != 0 && context->port != 80)
        g_string_append_printf (request, ":%u", context->port);
    }
  g_string_append (request, "\r\nUser-Agent: check_conn/" PACKAGE_VERSION
                            "\r\nAccept: */*\r\n");
  return request;
}

void
cc_http_describe_status (const CcHttpStatus *status, const char *prefix, GPtrArray *fields)
{
  g_autofree char *name = NULL;

  name = g_strconcat (prefix, ".version", NULL);
  cc_field_addf (fields, name, "1.%u", status->minor_version);
  g_free (name);
  name = g_strconcat (prefix, ".status", NULL);
  cc_field_addf (fields, name, "%u", status->status);
  if (status->reason_length > 0)
    {
      g_free (name);
      name = g_strconcat (prefix, ".reason", NULL);
      cc_field_add (fields, name, status->reason, status->reason_length);
    }
  for (guint i = 0; shown_headers[i].header != NULL; i++)
    {
      const guint8 *value;
      gsize value_length;

      if (!cc_http_find_header (status, shown_headers[i].header, &value, &value_length))
        continue;
      g_free (name);
      name = g_strconcat (prefix, ".", shown_headers[i].field, NULL);
      cc_field_add (fields, name, value, value_length);
    }
}

/* HTTP/0.9 has no status line: the reply to a GET is the document itself. */
static gboolean
looks_like_http09 (const guint8 *reply, gsize length)
{
  gsize start = 0;

  while (start < length && g_ascii_isspace (reply[start]))
    start++;
  return length - start >= 5 && reply[start] == '<'
         && (cc_span_has_prefix (reply + start, length - start, "<!doctype html")
             || cc_span_has_prefix (reply + start, length - start, "<html"));
}

static GBytes *
http_build_probe (const CcProbeContext *context)
{
  GString *request = cc_http_request_start (context);
  g_string_append (request, "Connection: close\r\n\r\n");
  return g_string_free_to_bytes (request);
}

static gboolean
is_websocket_upgrade (const CcHttpStatus *status)
{
  const guint8 *value;
  gsize value_length;

  return status->status == 101 && cc_http_find_header (status, "Upgrade", &value, &value_length)
         && value_length == strlen ("websocket")
         && cc_span_has_prefix (value, value_length, "websocket");
}

static int
http_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  CcHttpStatus status;
  int score = cc_http_parse_status (reply, length, &status);

  if (score == CC_SCORE_CERTAIN)
    return is_websocket_upgrade (&status) ? UPGRADE_SCORE : CC_SCORE_CERTAIN;
  if (score == CC_SCORE_NONE && looks_like_http09 (reply, length))
    return HTTP09_SCORE;
  return score;
}

void
cc_http_said (const guint8 *reply, gsize length, GString *out)
{
  CcHttpStatus status;

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN)
    return;
  g_string_append_printf (out, "HTTP %u", status.status);
  if (status.reason_length > 0)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, (const char *) status.reason,
                           MIN (status.reason_length, SAID_LINE_MAX - STATUS_LINE_MIN - 1));
    }
}

/* "HTTP 400 Bad Request", or for HTTP/0.9 the start of the document it sent instead:
 * from its first byte (blank lines and control bytes before the document included, for
 * the renderer to show escaped) to the end of its first line that is not blank. */
static void
http_said (const guint8 *reply, gsize length, GString *out)
{
  gsize end = 0;

  if (cc_http_parse_status (reply, length, &(CcHttpStatus) { 0 }) == CC_SCORE_CERTAIN)
    {
      cc_http_said (reply, length, out);
      return;
    }
  while (end < length && end < SAID_LINE_MAX && g_ascii_isspace (reply[end]))
    end++;
  while (end < length && end < SAID_LINE_MAX && reply[end] != '\r' && reply[end] != '\n')
    end++;
  g_string_append (out, "a document without an HTTP status line (HTTP/0.9 style): \"");
  g_string_append_len (out, (const char *) reply, end);
  g_string_append (out, end < length ? "\"..." : "\"");
}

/* nginx answers plain HTTP on a TLS port with a plain 400 saying so. */
static gboolean
http_asks_for_tls (const guint8 *reply, gsize length)
{
  static const char said[] = "plain HTTP request was sent to HTTPS port";

  return memmem (reply, length, said, strlen (said)) != NULL;
}

static void
http_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcHttpStatus status;

  if (cc_http_parse_status (reply, length, &status) == CC_SCORE_CERTAIN)
    cc_http_describe_status (&status, "http", fields);
  else if (looks_like_http09 (reply, length))
    cc_field_addf (fields, "http.version", "0.9 (no status line)");
}

const CcDissector cc_dissector_http = {
  .name = "http",
  .title = "HTTP/1.x",
  .kind = "an HTTP",
  .tls_scheme = "https",
  .ports = http_ports,
  .server_speaks_first = FALSE,
  .probe_order = 1,
  .build_probe = http_build_probe,
  .score = http_score,
  .describe = http_describe,
  .said = http_said,
  .asks_for_tls = http_asks_for_tls,
};
