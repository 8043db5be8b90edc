/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clear part of a TLS handshake, read back from a capture: the ClientHello's server
 * name, and the server's flight (ServerHello, Certificate, CertificateRequest, an alert)
 * reassembled across records, as RFC 5246 5.2.1 lets a message span them. */
#include "knowledge/dissect/tls_handshake.h"

#include "knowledge/dissect/cursor.h"

enum {
  RECORD_ALERT = 21,
  RECORD_HANDSHAKE = 22,
  HANDSHAKE_CLIENT_HELLO = 1,
  HANDSHAKE_SERVER_HELLO = 2,
  HANDSHAKE_CERTIFICATE = 11,
  HANDSHAKE_CERTIFICATE_REQUEST = 13,
  EXT_SERVER_NAME = 0,
  EXT_SUPPORTED_VERSIONS = 43,
  NAME_TYPE_HOST = 0,
  MAX_HOST_NAME = 255,
};

#define RECORD_HEADER 5
#define MAX_RECORD (16384 + 2048) /* RFC 8446 5.2: TLSCiphertext limit */
#define RANDOM_BYTES 32

/* The next record at cursor, its payload whole; FALSE at the end of the bytes, in a cut
 * record, or at bytes that are no TLS record. */
static gboolean
next_record (CcCursor *cursor, guint8 *type, CcCursor *payload)
{
  guint32 version;
  guint32 size;
  const guint8 *body;

  if (!cc_cursor_u8 (cursor, type) || !cc_cursor_uint_be (cursor, 2, &version)
      || !cc_cursor_uint_be (cursor, 2, &size) || (version >> 8) != 3 || size == 0
      || size > MAX_RECORD || !cc_cursor_bytes (cursor, size, &body))
    return FALSE;
  *payload = cc_cursor_make (body, size);
  return TRUE;
}

/* Skips a vector whose length takes width bytes. */
static gboolean
skip_vector (CcCursor *cursor, guint width)
{
  guint32 size;

  return cc_cursor_uint_be (cursor, width, &size) && cc_cursor_skip (cursor, size);
}

/* From the hello's fixed start to its extensions: version, random, session id, then
 * for a ServerHello the cipher and compression, for a ClientHello their lists. */
static gboolean
skip_to_extensions (CcCursor *hello, gboolean from_client, CcCursor *extensions)
{
  guint32 size;

  if (!cc_cursor_skip (hello, 2 + RANDOM_BYTES) || !skip_vector (hello, 1))
    return FALSE;
  if (from_client ? !skip_vector (hello, 2) || !skip_vector (hello, 1)
                  : !cc_cursor_skip (hello, 2 + 1))
    return FALSE;
  if (!cc_cursor_uint_be (hello, 2, &size))
    return FALSE;
  *extensions = cc_cursor_make (cc_cursor_here (hello), MIN (size, cc_cursor_remaining (hello)));
  return TRUE;
}

/* The next extension of the list at cursor. */
static gboolean
next_extension (CcCursor *extensions, guint32 *type, CcCursor *body)
{
  guint32 size;
  const guint8 *bytes;

  if (!cc_cursor_uint_be (extensions, 2, type) || !cc_cursor_uint_be (extensions, 2, &size)
      || !cc_cursor_bytes (extensions, size, &bytes))
    return FALSE;
  *body = cc_cursor_make (bytes, size);
  return TRUE;
}

/* The version a ServerHello chose: its supported_versions extension (TLS 1.3), else its
 * legacy version field. */
static guint16
server_hello_version (const guint8 *body, gsize size)
{
  CcCursor version = cc_cursor_make (body, size);
  CcCursor hello = cc_cursor_make (body, size);
  CcCursor extensions;
  CcCursor extension;
  guint32 legacy;
  guint32 type;
  guint32 chosen;

  if (!cc_cursor_uint_be (&version, 2, &legacy))
    return 0;
  if (!skip_to_extensions (&hello, FALSE, &extensions))
    return (guint16) legacy;
  while (next_extension (&extensions, &type, &extension))
    if (type == EXT_SUPPORTED_VERSIONS && cc_cursor_uint_be (&extension, 2, &chosen))
      return (guint16) chosen;
  return (guint16) legacy;
}

static const char *const malformed = "the server's Certificate message is malformed";

/* RFC 5246 7.4.2: a 24-bit list length, then each certificate with a 24-bit length. */
static void
read_certificates (const guint8 *body, gsize size, CcTlsServerFlight *flight)
{
  CcCursor cursor = cc_cursor_make (body, size);
  g_autoptr (GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint32 list_size;
  guint32 one;
  const guint8 *der;

  if (!cc_cursor_uint_be (&cursor, 3, &list_size) || list_size != cc_cursor_remaining (&cursor))
    {
      flight->no_certificates = malformed;
      return;
    }
  while (cc_cursor_remaining (&cursor) > 0)
    {
      if (chain->len == CC_TLS_MAX_CHAIN)
        {
          flight->no_certificates = "the server sent more than "
                                    G_STRINGIFY (CC_TLS_MAX_CHAIN) " certificates";
          return;
        }
      if (!cc_cursor_uint_be (&cursor, 3, &one) || one == 0
          || !cc_cursor_bytes (&cursor, one, &der))
        {
          flight->no_certificates = malformed;
          return;
        }
      g_ptr_array_add (chain, g_bytes_new (der, one));
    }
  flight->certificates = g_steal_pointer (&chain);
}

static void
read_messages (const guint8 *data, gsize length, CcTlsServerFlight *flight)
{
  CcCursor cursor = cc_cursor_make (data, length);
  gboolean certificate_read = FALSE;
  guint8 type;
  guint32 size;
  const guint8 *body;

  while (cc_cursor_u8 (&cursor, &type) && cc_cursor_uint_be (&cursor, 3, &size)
         && cc_cursor_bytes (&cursor, size, &body))
    if (type == HANDSHAKE_SERVER_HELLO && flight->version == 0)
      flight->version = server_hello_version (body, size);
    else if (type == HANDSHAKE_CERTIFICATE && !certificate_read)
      {
        certificate_read = TRUE;
        read_certificates (body, size, flight);
      }
    else if (type == HANDSHAKE_CERTIFICATE_REQUEST)
      flight->certificate_request = TRUE;
  if (!certificate_read)
    flight->no_certificates = "the capture does not hold the server's Certificate message";
}

void
cc_tls_server_flight_read (const guint8 *reply, gsize length, CcTlsServerFlight *flight)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  g_autoptr (GByteArray) handshake = g_byte_array_new ();
  CcCursor payload;
  guint8 type;

  memset (flight, 0, sizeof *flight);
  while (next_record (&cursor, &type, &payload))
    {
      if (type == RECORD_HANDSHAKE)
        {
          g_byte_array_append (handshake, payload.data, (guint) payload.length);
          continue;
        }
      if (type == RECORD_ALERT && payload.length == 2)
        {
          flight->has_alert = TRUE;
          flight->alert_level = payload.data[0];
          flight->alert = payload.data[1];
        }
      break;
    }
  read_messages (handshake->data, handshake->len, flight);
}

void
cc_tls_server_flight_clear (CcTlsServerFlight *flight)
{
  g_clear_pointer (&flight->certificates, g_ptr_array_unref);
  memset (flight, 0, sizeof *flight);
}

gboolean
cc_tls_server_flight_continues (const guint8 *reply, gsize length, gsize *checked)
{
  while (*checked + RECORD_HEADER <= length)
    {
      const guint8 *header = reply + *checked;

      if (header[0] != RECORD_HANDSHAKE || header[1] != 3)
        return FALSE;
      *checked += RECORD_HEADER + ((gsize) header[3] << 8 | header[4]);
    }
  return TRUE;
}

/* A DNS name as SNI carries it: letters, digits, '-', '.', '_'; nothing a verifier or a
 * reader could mistake. */
static gboolean
is_host_name (const guint8 *name, gsize length)
{
  if (length == 0 || length > MAX_HOST_NAME)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '.' && name[i] != '_')
      return FALSE;
  return TRUE;
}

static char *
server_name (CcCursor *extension)
{
  guint32 list_size;
  guint8 name_type;
  guint32 size;
  const guint8 *name;

  if (cc_cursor_uint_be (extension, 2, &list_size) && cc_cursor_u8 (extension, &name_type)
      && name_type == NAME_TYPE_HOST && cc_cursor_uint_be (extension, 2, &size)
      && cc_cursor_bytes (extension, size, &name) && is_host_name (name, size))
    return g_strndup ((const char *) name, size);
  return NULL;
}

char *
cc_tls_client_hello_name (const guint8 *request, gsize length)
{
  CcCursor cursor = cc_cursor_make (request, length);
  CcCursor hello;
  CcCursor extensions;
  CcCursor extension;
  guint8 record_type;
  guint32 record_version;
  guint32 record_size;
  guint8 type;
  guint32 size;
  guint32 extension_type;

  /* The hello may go on in records the capture did not keep: read what is there. */
  if (!cc_cursor_u8 (&cursor, &record_type) || record_type != RECORD_HANDSHAKE
      || !cc_cursor_uint_be (&cursor, 2, &record_version) || (record_version >> 8) != 3
      || !cc_cursor_uint_be (&cursor, 2, &record_size) || !cc_cursor_u8 (&cursor, &type)
      || type != HANDSHAKE_CLIENT_HELLO || !cc_cursor_uint_be (&cursor, 3, &size))
    return NULL;
  hello = cc_cursor_make (cc_cursor_here (&cursor), MIN (size, cc_cursor_remaining (&cursor)));
  if (!skip_to_extensions (&hello, TRUE, &extensions))
    return NULL;
  while (next_extension (&extensions, &extension_type, &extension))
    if (extension_type == EXT_SERVER_NAME)
      return server_name (&extension);
  return NULL;
}
