/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Client requests: HTTP/1.x (RFC 9112) with or without a WebSocket upgrade (RFC 6455),
 * the HTTP/2 preface (RFC 9113), a TLS ClientHello (RFC 8446), an SSH client
 * identification line (RFC 4253) and a Redis command (RESP: an array of bulk strings). */
#include "knowledge/dissect/request.h"

#include <string.h>

static const CcRequestKind kinds[] = {
  { "websocket", "WebSocket", "a" },
  { "http", "HTTP", "an" },
  { "http2", "HTTP/2", "an" },
  { "tls", "TLS", "a" },
  { "ssh", "SSH", "an" },
  { "redis", "Redis", "a" },
};

enum { KIND_WEBSOCKET, KIND_HTTP, KIND_HTTP2, KIND_TLS, KIND_SSH, KIND_REDIS };

static gboolean
starts_with (const guint8 *bytes, gsize length, const char *prefix)
{
  gsize size = strlen (prefix);
  return length >= size && memcmp (bytes, prefix, size) == 0;
}

/* "GET /path HTTP/1.1": an upper-case token, a space, and HTTP/1. on the same line. */
static gboolean
is_http_request (const guint8 *bytes, gsize length)
{
  const guint8 *line_end = memchr (bytes, '\n', length);
  gsize line = line_end != NULL ? (gsize) (line_end - bytes) : length;
  gsize method = 0;

  while (method < line && method < 16 && g_ascii_isupper (bytes[method]))
    method++;
  if (method == 0 || method >= line || bytes[method] != ' ')
    return FALSE;
  for (gsize i = method; i + 8 <= line; i++)
    if (memcmp (bytes + i, " HTTP/1.", 8) == 0)
      return TRUE;
  return FALSE;
}

/* "*2\r\n$3\r\nGET...": how every Redis client sends a command; digits, then CRLF, then
 * the first bulk string's "$". */
static gboolean
is_redis_command (const guint8 *bytes, gsize length)
{
  gsize i = 1;

  if (length < 5 || bytes[0] != '*')
    return FALSE;
  while (i < length && i < 8 && g_ascii_isdigit (bytes[i]))
    i++;
  return i > 1 && i + 2 < length && bytes[i] == '\r' && bytes[i + 1] == '\n'
         && bytes[i + 2] == '$';
}

/* An "Upgrade: websocket" header line, in any letter case, before the blank line. */
static gboolean
asks_websocket (const guint8 *bytes, gsize length)
{
  static const char header[] = "\nupgrade:";
  gsize size = sizeof header - 1;

  for (gsize i = 0; i + size <= length; i++)
    {
      if (g_ascii_strncasecmp ((const char *) bytes + i, header, size) != 0)
        continue;
      for (gsize j = i + size; j < length && bytes[j] != '\n'; j++)
        if (length - j >= 9 && g_ascii_strncasecmp ((const char *) bytes + j, "websocket", 9) == 0)
          return TRUE;
    }
  return FALSE;
}

const CcRequestKind *
cc_request_identify (const guint8 *bytes, gsize length)
{
  if (length == 0)
    return NULL;
  if (length >= 6 && bytes[0] == 0x16 && bytes[1] == 0x03 && bytes[5] == 0x01)
    return &kinds[KIND_TLS];
  if (starts_with (bytes, length, "SSH-"))
    return &kinds[KIND_SSH];
  if (starts_with (bytes, length, "PRI * HTTP/2.0\r\n"))
    return &kinds[KIND_HTTP2];
  if (is_redis_command (bytes, length))
    return &kinds[KIND_REDIS];
  if (is_http_request (bytes, length))
    return asks_websocket (bytes, length) ? &kinds[KIND_WEBSOCKET] : &kinds[KIND_HTTP];
  return NULL;
}
