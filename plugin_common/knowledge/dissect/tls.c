/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS (RFC 8446 for 1.3, RFC 5246 for 1.2): a ClientHello with SNI offering TLS 1.2 and
 * 1.3, then the first record of the reply: a ServerHello (or HelloRetryRequest) names the
 * version and cipher the server picked, an alert names why it refused. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

/* Where the IANA registry puts a protocol inside TLS from the first byte: https, imaps,
 * pop3s, submissions, ldaps, DNS over TLS, ftps, secure-mqtt, amqps. */
static const guint16 tls_ports[] = { 443, 8443, 993, 995, 465, 636, 853, 990, 8883, 5671, 0 };

enum {
  RECORD_ALERT = 21,
  RECORD_HANDSHAKE = 22,
  HANDSHAKE_CLIENT_HELLO = 1,
  HANDSHAKE_SERVER_HELLO = 2,
  EXT_SERVER_NAME = 0,
  EXT_SUPPORTED_GROUPS = 10,
  EXT_EC_POINT_FORMATS = 11,
  EXT_SIGNATURE_ALGORITHMS = 13,
  EXT_EXTENDED_MASTER_SECRET = 23,
  EXT_SUPPORTED_VERSIONS = 43,
  EXT_PSK_KEY_EXCHANGE_MODES = 45,
  EXT_KEY_SHARE = 51,
  EXT_RENEGOTIATION_INFO = 0xff01,
  GROUP_X25519 = 0x001d,
};

#define RECORD_HEADER 5
#define MAX_RECORD (16384 + 2048) /* RFC 8446 5.2: TLSCiphertext limit */
#define HANDSHAKE_SCORE 60         /* a handshake record, but not the message we expect */

/* TLS 1.3 suites first, then ECDHE with AEAD, then the RSA fallbacks old servers need. */
static const guint16 offered_ciphers[] = {
  0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
  0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
};

static const guint16 offered_versions[] = { 0x0304, 0x0303 };

static const guint16 offered_groups[] = { GROUP_X25519, 0x0017, 0x0018, 0x0019 };

static const guint16 offered_signatures[] = {
  0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0203, 0x0201,
};

/* SHA-256("HelloRetryRequest"): RFC 8446 4.1.3, a ServerHello with this random is an HRR. */
static const guint8 hello_retry_random[32] = {
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

typedef struct {
  guint16 id;
  const char *name;
} Named;

static const Named versions[] = {
  { 0x0300, "SSL 3.0" },
  { 0x0301, "TLS 1.0" },
  { 0x0302, "TLS 1.1" },
  { 0x0303, "TLS 1.2" },
  { 0x0304, "TLS 1.3" },
  { 0, NULL },
};

static const Named cipher_names[] = {
  { 0x1301, "TLS_AES_128_GCM_SHA256" },
  { 0x1302, "TLS_AES_256_GCM_SHA384" },
  { 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
  { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
  { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
  { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
  { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
  { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
  { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
  { 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" },
  { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" },
  { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA" },
  { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA" },
  { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
  { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
  { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
  { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
  { 0, NULL },
};

/* RFC 8446 6.2 and the TLS Alert registry. */
static const Named alert_names[] = {
  { 0, "close_notify" },
  { 10, "unexpected_message" },
  { 20, "bad_record_mac" },
  { 22, "record_overflow" },
  { 40, "handshake_failure" },
  { 42, "bad_certificate" },
  { 43, "unsupported_certificate" },
  { 44, "certificate_revoked" },
  { 45, "certificate_expired" },
  { 46, "certificate_unknown" },
  { 47, "illegal_parameter" },
  { 48, "unknown_ca" },
  { 49, "access_denied" },
  { 50, "decode_error" },
  { 51, "decrypt_error" },
  { 70, "protocol_version" },
  { 71, "insufficient_security" },
  { 80, "internal_error" },
  { 86, "inappropriate_fallback" },
  { 90, "user_canceled" },
  { 109, "missing_extension" },
  { 110, "unsupported_extension" },
  { 112, "unrecognized_name" },
  { 113, "bad_certificate_status_response" },
  { 115, "unknown_psk_identity" },
  { 116, "certificate_required" },
  { 120, "no_application_protocol" },
  { 0, NULL },
};

static const char *
lookup (const Named *table, guint id)
{
  for (; table->name != NULL; table++)
    if (table->id == id)
      return table->name;
  return NULL;
}

const char *
cc_tls_alert_name (guint8 description)
{
  return lookup (alert_names, description);
}

#define ALERT_HANDSHAKE_FAILURE 40
#define ALERT_PROTOCOL_VERSION 70
#define ALERT_CERTIFICATE_REQUIRED 116

CcCauseId
cc_tls_alert_cause (guint8 description)
{
  switch (description)
    {
    case ALERT_PROTOCOL_VERSION:
      return CC_CAUSE_TLS_VERSION;
    case ALERT_CERTIFICATE_REQUIRED:
      return CC_CAUSE_TLS_CLIENT_CERT_REQUIRED;
    default:
      return CC_CAUSE_TLS_ALERT;
    }
}

void
cc_tls_alert_describe (GString *out, guint8 level, guint8 description)
{
  const char *name = cc_tls_alert_name (description);

  g_string_append_printf (out, "TLS handshake failed: the server sent the %salert %s (%u)",
                          level == 2 ? "fatal " : level == 1 ? "warning " : "",
                          name != NULL ? name : "of unknown kind", description);
}

CcCauseId
cc_tls_alert_verdict (GString *out, guint8 level, guint8 description,
                      gboolean client_certificate_asked)
{
  cc_tls_alert_describe (out, level, description);
  /* A server that asked for a certificate and got none may say only that the handshake
   * failed. */
  if (client_certificate_asked && description == ALERT_HANDSHAKE_FAILURE)
    {
      g_string_append (out, " after asking for a client certificate");
      return CC_CAUSE_TLS_CLIENT_CERT_REQUIRED;
    }
  return cc_tls_alert_cause (description);
}

/* Appends a 16-bit length placeholder and returns where it is, to be filled by close. */
static gsize
open_vector (GByteArray *out, guint width)
{
  static const guint8 zeros[3];
  gsize at = out->len;
  g_byte_array_append (out, zeros, width);
  return at;
}

static void
close_vector (GByteArray *out, gsize at, guint width)
{
  gsize length = out->len - at - width;
  for (guint i = 0; i < width; i++)
    out->data[at + i] = (guint8) (length >> (8 * (width - 1 - i)));
}

static void
put_u8 (GByteArray *out, guint8 value)
{
  g_byte_array_append (out, &value, 1);
}

static void
put_u16 (GByteArray *out, guint16 value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };
  g_byte_array_append (out, bytes, 2);
}

static void
put_u16_list (GByteArray *out, const guint16 *values, gsize count, guint length_width)
{
  gsize at = open_vector (out, length_width);
  for (gsize i = 0; i < count; i++)
    put_u16 (out, values[i]);
  close_vector (out, at, length_width);
}

/* SNI is a DNS name (RFC 6066 3): none for an address literal or an empty name. */
static const char *
server_name (const CcProbeContext *context)
{
  const char *name = context->sni != NULL ? context->sni : context->host;
  if (name == NULL || name[0] == '\0' || g_hostname_is_ip_address (name))
    return NULL;
  return name;
}

static void
put_extensions (GByteArray *out, const CcProbeContext *context)
{
  const char *name = server_name (context);
  guint8 key_share[32];
  gsize at;
  gsize inner;
  gsize list;
  gsize shares;

  at = open_vector (out, 2);
  if (name != NULL)
    {
      put_u16 (out, EXT_SERVER_NAME);
      inner = open_vector (out, 2);
      list = open_vector (out, 2);
      put_u8 (out, 0); /* host_name */
      put_u16 (out, MIN (strlen (name), 255));
      g_byte_array_append (out, (const guint8 *) name, MIN (strlen (name), 255));
      close_vector (out, list, 2);
      close_vector (out, inner, 2);
    }
  put_u16 (out, EXT_SUPPORTED_GROUPS);
  inner = open_vector (out, 2);
  put_u16_list (out, offered_groups, G_N_ELEMENTS (offered_groups), 2);
  close_vector (out, inner, 2);

  put_u16 (out, EXT_EC_POINT_FORMATS);
  put_u16 (out, 2);
  put_u8 (out, 1);
  put_u8 (out, 0); /* uncompressed */

  put_u16 (out, EXT_SIGNATURE_ALGORITHMS);
  inner = open_vector (out, 2);
  put_u16_list (out, offered_signatures, G_N_ELEMENTS (offered_signatures), 2);
  close_vector (out, inner, 2);

  put_u16 (out, EXT_EXTENDED_MASTER_SECRET);
  put_u16 (out, 0);

  put_u16 (out, EXT_SUPPORTED_VERSIONS);
  inner = open_vector (out, 2);
  put_u16_list (out, offered_versions, G_N_ELEMENTS (offered_versions), 1);
  close_vector (out, inner, 2);

  put_u16 (out, EXT_PSK_KEY_EXCHANGE_MODES);
  put_u16 (out, 2);
  put_u8 (out, 1);
  put_u8 (out, 1); /* psk_dhe_ke */

  /* Any 32 bytes are an X25519 public key; the nonce makes them fresh per probe. */
  put_u16 (out, EXT_KEY_SHARE);
  inner = open_vector (out, 2);
  shares = open_vector (out, 2);
  put_u16 (out, GROUP_X25519);
  put_u16 (out, sizeof key_share);
  cc_derive_bytes (context, "tls key share", key_share);
  g_byte_array_append (out, key_share, sizeof key_share);
  close_vector (out, shares, 2);
  close_vector (out, inner, 2);

  put_u16 (out, EXT_RENEGOTIATION_INFO);
  put_u16 (out, 1);
  put_u8 (out, 0);
  close_vector (out, at, 2);
}

static GBytes *
tls_build_probe (const CcProbeContext *context)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (512);
  guint8 random[32];
  guint8 session_id[32];
  gsize record;
  gsize handshake;

  put_u8 (out, RECORD_HANDSHAKE);
  put_u16 (out, 0x0301); /* record version 1.0, as every client sends for compatibility */
  record = open_vector (out, 2);
  put_u8 (out, HANDSHAKE_CLIENT_HELLO);
  handshake = open_vector (out, 3);
  put_u16 (out, 0x0303);
  cc_derive_bytes (context, "tls random", random);
  g_byte_array_append (out, random, sizeof random);
  /* A session id makes 1.3 servers take the middlebox-compatible path (RFC 8446 D.4). */
  cc_derive_bytes (context, "tls session id", session_id);
  put_u8 (out, sizeof session_id);
  g_byte_array_append (out, session_id, sizeof session_id);
  put_u16_list (out, offered_ciphers, G_N_ELEMENTS (offered_ciphers), 2);
  put_u8 (out, 1);
  put_u8 (out, 0); /* null compression */
  put_extensions (out, context);
  close_vector (out, handshake, 3);
  close_vector (out, record, 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct {
  guint8 type;
  guint16 version;
  CcCursor body; /* the part of the record's payload that was received */
} Record;

/* Reads the first record header; the score of what it shows. */
static int
read_record (const guint8 *reply, gsize length, Record *record)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  guint32 version;
  guint32 payload;

  if (length == 0)
    return -RECORD_HEADER;
  if (reply[0] != RECORD_ALERT && reply[0] != RECORD_HANDSHAKE)
    return CC_SCORE_NONE;
  if (length >= 2 && reply[1] != 0x03)
    return CC_SCORE_NONE;
  if (length >= 3 && reply[2] > 0x04)
    return CC_SCORE_NONE;
  if (!cc_cursor_u8 (&cursor, &record->type) || !cc_cursor_uint_be (&cursor, 2, &version)
      || !cc_cursor_uint_be (&cursor, 2, &payload))
    return -(int) (RECORD_HEADER - length);
  record->version = version;
  if (payload == 0 || payload > MAX_RECORD)
    return CC_SCORE_NONE;
  record->body = cc_cursor_make (cc_cursor_here (&cursor),
                                 MIN (payload, cc_cursor_remaining (&cursor)));
  if (record->type == RECORD_ALERT && payload != 2)
    return CC_SCORE_NONE;
  return CC_SCORE_CERTAIN;
}

static int
tls_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  Record record;
  int score = read_record (reply, length, &record);
  guint8 first;

  if (score != CC_SCORE_CERTAIN)
    return score;
  if (record.type == RECORD_ALERT)
    {
      guint8 level;
      if (!cc_cursor_u8 (&record.body, &level))
        return -2;
      return level == 1 || level == 2 ? CC_SCORE_CERTAIN : CC_SCORE_NONE;
    }
  if (!cc_cursor_u8 (&record.body, &first))
    return -1;
  return first == HANDSHAKE_SERVER_HELLO ? CC_SCORE_CERTAIN : HANDSHAKE_SCORE;
}

static void
describe_version (GPtrArray *fields, const char *name, guint version)
{
  const char *text = lookup (versions, version);
  if (text != NULL)
    cc_field_addf (fields, name, "%s", text);
  else
    cc_field_addf (fields, name, "0x%04x", version);
}

/* The selected version of a 1.3 ServerHello lives in its supported_versions extension. */
static gboolean
selected_version (CcCursor *extensions, guint32 *version)
{
  guint32 type;
  guint32 size;
  const guint8 *body;

  while (cc_cursor_uint_be (extensions, 2, &type) && cc_cursor_uint_be (extensions, 2, &size)
         && cc_cursor_bytes (extensions, size, &body))
    if (type == EXT_SUPPORTED_VERSIONS && size == 2)
      {
        *version = (body[0] << 8) | body[1];
        return TRUE;
      }
  return FALSE;
}

static void
describe_server_hello (CcCursor *body, GPtrArray *fields)
{
  guint8 type;
  guint32 handshake_length;
  guint32 version;
  const guint8 *random;
  guint8 session_length;
  guint32 cipher;
  guint32 extensions_length;
  const char *cipher_name;

  if (!cc_cursor_u8 (body, &type) || type != HANDSHAKE_SERVER_HELLO
      || !cc_cursor_uint_be (body, 3, &handshake_length) || !cc_cursor_uint_be (body, 2, &version)
      || !cc_cursor_bytes (body, 32, &random))
    return;
  cc_field_addf (fields, "tls.handshake", "%s",
                 memcmp (random, hello_retry_random, 32) == 0 ? "HelloRetryRequest"
                                                              : "ServerHello");
  if (!cc_cursor_u8 (body, &session_length) || !cc_cursor_skip (body, session_length)
      || !cc_cursor_uint_be (body, 2, &cipher) || !cc_cursor_skip (body, 1))
    {
      describe_version (fields, "tls.version", version);
      return;
    }
  if (cc_cursor_uint_be (body, 2, &extensions_length))
    {
      CcCursor extensions = cc_cursor_make (cc_cursor_here (body),
                                            MIN (extensions_length, cc_cursor_remaining (body)));
      selected_version (&extensions, &version);
    }
  describe_version (fields, "tls.version", version);
  cipher_name = lookup (cipher_names, cipher);
  if (cipher_name != NULL)
    cc_field_addf (fields, "tls.cipher", "%s", cipher_name);
  else
    cc_field_addf (fields, "tls.cipher", "0x%04x", cipher);
}

static void
tls_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  Record record;
  guint8 level;
  guint8 description;
  const char *name;

  if (read_record (reply, length, &record) != CC_SCORE_CERTAIN)
    return;
  describe_version (fields, "tls.record_version", record.version);
  if (record.type == RECORD_HANDSHAKE)
    {
      describe_server_hello (&record.body, fields);
      return;
    }
  if (!cc_cursor_u8 (&record.body, &level) || !cc_cursor_u8 (&record.body, &description))
    return;
  if (level == 1 || level == 2)
    cc_field_addf (fields, "tls.alert_level", "%s", level == 1 ? "warning" : "fatal");
  else
    cc_field_addf (fields, "tls.alert_level", "%u", level);
  name = cc_tls_alert_name (description);
  if (name != NULL)
    cc_field_addf (fields, "tls.alert", "%s (%u)", name, description);
  else
    cc_field_addf (fields, "tls.alert", "%u", description);
}

const CcDissector cc_dissector_tls = {
  .name = "tls",
  .title = "TLS",
  .kind = "a TLS",
  .ports = tls_ports,
  .server_speaks_first = FALSE,
  .probe_order = 4,
  .build_probe = tls_build_probe,
  .score = tls_score,
  .describe = tls_describe,
};
