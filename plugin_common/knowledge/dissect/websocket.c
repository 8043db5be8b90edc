/* SPDX-License-Identifier: GPL-3.0-or-later */
/* WebSocket (RFC 6455, section 4): the opening handshake is an HTTP/1.1 Upgrade. Only a
 * 101 whose Sec-WebSocket-Accept is base64(SHA-1(key + GUID)) for the key we sent is a
 * WebSocket server; any other HTTP answer is described so the caller can say what the
 * server said instead ("server answered HTTP 400 Bad Request"). */
#include "knowledge/dissect/internal.h"

#include <string.h>

static const guint16 websocket_ports[] = { 80, 8080, 8000, 8765, 9001, 0 };

static const char websocket_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

#define NONCE_LENGTH 16
#define ACCEPT_LENGTH 28 /* base64 of a 20-byte SHA-1 */
#define BASE64_BUFFER 33 /* g_base64_encode_step's need for 20 bytes, and a NUL */
/* A 101 to WebSocket with an accept we cannot check: no context, so no key. */
#define UNVERIFIED_SCORE 60

/* base64 into a caller's buffer: scoring a reply allocates nothing but GChecksum's state. */
static void
base64_into (const guint8 *data, gsize length, char out[BASE64_BUFFER])
{
  gint state = 0;
  gint save = 0;
  gsize n = g_base64_encode_step (data, length, FALSE, out, &state, &save);

  n += g_base64_encode_close (FALSE, out + n, &state, &save);
  out[n] = '\0';
}

static void
websocket_key (const CcProbeContext *context, char key[BASE64_BUFFER])
{
  static const guint8 no_nonce[NONCE_LENGTH];
  base64_into (context != NULL && context->nonce != NULL ? context->nonce : no_nonce,
               NONCE_LENGTH, key);
}

static void
accept_for_key (const char *key, char accept[BASE64_BUFFER])
{
  g_autoptr (GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize size = sizeof digest;

  g_checksum_update (sha1, (const guchar *) key, strlen (key));
  g_checksum_update (sha1, (const guchar *) websocket_guid, strlen (websocket_guid));
  g_checksum_get_digest (sha1, digest, &size);
  base64_into (digest, size, accept);
}

char *
cc_websocket_accept (const char *key)
{
  char accept[BASE64_BUFFER];
  accept_for_key (key, accept);
  return g_strdup (accept);
}

static GBytes *
websocket_build_probe (const CcProbeContext *context)
{
  GString *request = cc_http_request_start (context);
  char key[BASE64_BUFFER];

  websocket_key (context, key);
  g_string_append_printf (request,
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n",
                          key);
  return g_string_free_to_bytes (request);
}

static gboolean
header_is (const CcHttpStatus *status, const char *name, const char *word)
{
  const guint8 *value;
  gsize value_length;

  return cc_http_find_header (status, name, &value, &value_length)
         && cc_span_contains (value, value_length, word);
}

static int
websocket_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  CcHttpStatus status;
  int score = cc_http_parse_status (reply, length, &status);
  const guint8 *accept;
  gsize accept_length;
  char key[BASE64_BUFFER];
  char expected[BASE64_BUFFER];

  if (score < 0)
    return score;
  if (score != CC_SCORE_CERTAIN || status.status != 101
      || !header_is (&status, "Upgrade", "websocket")
      || !cc_http_find_header (&status, "Sec-WebSocket-Accept", &accept, &accept_length)
      || accept_length != ACCEPT_LENGTH)
    return CC_SCORE_NONE;
  if (context == NULL)
    return UNVERIFIED_SCORE;
  websocket_key (context, key);
  accept_for_key (key, expected);
  return memcmp (accept, expected, ACCEPT_LENGTH) == 0 ? CC_SCORE_CERTAIN : CC_SCORE_NONE;
}

static void
websocket_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcHttpStatus status;
  static const char *const shown[] = { "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
                                       "Sec-WebSocket-Extensions", NULL };

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN)
    return;
  cc_http_describe_status (&status, "websocket", fields);
  for (guint i = 0; shown[i] != NULL; i++)
    {
      const guint8 *value;
      gsize value_length;
      g_autofree char *suffix = NULL;
      g_autofree char *name = NULL;

      if (!cc_http_find_header (&status, shown[i], &value, &value_length))
        continue;
      suffix = g_ascii_strdown (shown[i] + strlen ("Sec-WebSocket-"), -1);
      name = g_strconcat ("websocket.", suffix, NULL);
      cc_field_add (fields, name, value, value_length);
    }
}

/* Any other HTTP answer to the upgrade: a 101 that failed our key, or plain HTTP. */
static gboolean
websocket_mismatch (const guint8 *reply, gsize length, GString *out)
{
  CcHttpStatus status;

  if (cc_http_parse_status (reply, length, &status) != CC_SCORE_CERTAIN)
    return FALSE;
  g_string_append (out, "WebSocket handshake failed: server answered ");
  cc_http_said (reply, length, out);
  g_string_append (out, status.status == 101
                          ? " without the Sec-WebSocket-Accept our key requires"
                          : " (it speaks plain HTTP here, not WebSocket)");
  return TRUE;
}

const CcDissector cc_dissector_websocket = {
  .name = "websocket",
  .title = "WebSocket",
  .kind = "an HTTP",
  .tls_scheme = "wss",
  .ports = websocket_ports,
  .server_speaks_first = FALSE,
  .probe_order = CC_PROBE_COVERED,
  .build_probe = websocket_build_probe,
  .score = websocket_score,
  .describe = websocket_describe,
  .said = cc_http_said,
  .mismatch = websocket_mismatch,
};
