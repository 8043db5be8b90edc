/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clear TLS handshake read back from captured bytes: a Certificate message spanning
 * records, the version a ServerHello chose, an alert after a CertificateRequest, where
 * the clear part ends, and the ClientHello's server name. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/dissect/tls_handshake.h"

static void
put_u8 (GByteArray *out, guint8 value)
{
  g_byte_array_append (out, &value, 1);
}

static void
put_uint (GByteArray *out, guint32 value, guint width)
{
  for (guint i = 0; i < width; i++)
    put_u8 (out, (guint8) (value >> (8 * (width - 1 - i))));
}

static void
put_bytes (GByteArray *out, const void *bytes, gsize length)
{
  g_byte_array_append (out, bytes, (guint) length);
}

/* data cut into records of type at most size bytes long, appended to out. */
static void
put_records (GByteArray *out, guint8 type, const GByteArray *data, gsize size)
{
  for (gsize at = 0; at < data->len; at += size)
    {
      gsize part = MIN (size, data->len - at);
      put_u8 (out, type);
      put_uint (out, 0x0303, 2);
      put_uint (out, (guint32) part, 2);
      put_bytes (out, data->data + at, part);
    }
}

static void
put_server_hello (GByteArray *out, guint16 supported_version)
{
  guint8 random[32] = { 0 };

  put_u8 (out, 2);
  put_uint (out, 2 + 32 + 1 + 2 + 1 + 2 + (supported_version ? 6 : 0), 3);
  put_uint (out, 0x0303, 2);
  put_bytes (out, random, sizeof random);
  put_u8 (out, 0);
  put_uint (out, 0xc02f, 2);
  put_u8 (out, 0);
  put_uint (out, supported_version ? 6 : 0, 2);
  if (supported_version)
    {
      put_uint (out, 43, 2);
      put_uint (out, 2, 2);
      put_uint (out, supported_version, 2);
    }
}

/* A Certificate message of count entries "DER1", "DER2"... */
static void
put_certificate (GByteArray *out, guint count)
{
  put_u8 (out, 11);
  put_uint (out, 3 + count * 7, 3);
  put_uint (out, count * 7, 3);
  for (guint i = 0; i < count; i++)
    {
      char der[5];
      g_snprintf (der, sizeof der, "DER%u", (i + 1) % 10);
      put_uint (out, 4, 3);
      put_bytes (out, der, 4);
    }
}

static GByteArray *
flight (guint count, gsize record_size)
{
  g_autoptr (GByteArray) messages = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();

  put_server_hello (messages, 0);
  put_certificate (messages, count);
  put_u8 (messages, 14);
  put_uint (messages, 0, 3);
  put_records (out, 22, messages, record_size);
  return out;
}

START_TEST (test_certificate_across_records)
{
  g_autoptr (GByteArray) bytes = flight (3, 5);
  CcTlsServerFlight read;
  gsize size;

  cc_tls_server_flight_read (bytes->data, bytes->len, &read);
  ck_assert_uint_eq (read.version, 0x0303);
  ck_assert_ptr_null (read.no_certificates);
  ck_assert_uint_eq (read.certificates->len, 3);
  ck_assert_mem_eq (g_bytes_get_data (g_ptr_array_index (read.certificates, 2), &size), "DER3", 4);
  ck_assert_uint_eq (size, 4);
  ck_assert (!read.has_alert);
  cc_tls_server_flight_clear (&read);
}
END_TEST

START_TEST (test_cut_or_malformed)
{
  g_autoptr (GByteArray) bytes = flight (2, 16384);
  g_autoptr (GByteArray) long_chain = flight (CC_TLS_MAX_CHAIN + 1, 16384);
  CcTlsServerFlight read;

  cc_tls_server_flight_read (bytes->data, bytes->len - 12, &read);
  ck_assert_ptr_null (read.certificates);
  ck_assert_str_eq (read.no_certificates, "the capture does not hold the server's Certificate message");
  cc_tls_server_flight_clear (&read);
  /* The list says one byte more than its entries hold. */
  bytes->data[5 + 42 + 6]++;
  cc_tls_server_flight_read (bytes->data, bytes->len, &read);
  ck_assert_ptr_null (read.certificates);
  ck_assert_str_eq (read.no_certificates, "the server's Certificate message is malformed");
  cc_tls_server_flight_clear (&read);
  cc_tls_server_flight_read (long_chain->data, long_chain->len, &read);
  ck_assert_ptr_null (read.certificates);
  ck_assert_str_eq (read.no_certificates, "the server sent more than 16 certificates");
  cc_tls_server_flight_clear (&read);
}
END_TEST

START_TEST (test_alert_after_request)
{
  g_autoptr (GByteArray) messages = g_byte_array_new ();
  g_autoptr (GByteArray) alert = g_byte_array_new ();
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  CcTlsServerFlight read;

  put_server_hello (messages, 0);
  put_u8 (messages, 13);
  put_uint (messages, 0, 3);
  put_records (bytes, 22, messages, 16384);
  put_uint (alert, 0x0228, 2);
  put_records (bytes, 21, alert, 2);
  cc_tls_server_flight_read (bytes->data, bytes->len, &read);
  ck_assert (read.certificate_request);
  ck_assert (read.has_alert);
  ck_assert_uint_eq (read.alert_level, 2);
  ck_assert_uint_eq (read.alert, 40);
  cc_tls_server_flight_clear (&read);
}
END_TEST

START_TEST (test_tls13_and_where_clear_ends)
{
  g_autoptr (GByteArray) hello = g_byte_array_new ();
  g_autoptr (GByteArray) change = g_byte_array_new ();
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  CcTlsServerFlight read;
  gsize checked = 0;

  put_server_hello (hello, 0x0304);
  put_records (bytes, 22, hello, 16384);
  ck_assert (cc_tls_server_flight_continues (bytes->data, 3, &checked));
  ck_assert_uint_eq (checked, 0);
  ck_assert (cc_tls_server_flight_continues (bytes->data, bytes->len, &checked));
  ck_assert_uint_eq (checked, bytes->len);
  put_u8 (change, 1);
  put_records (bytes, 20, change, 1);
  ck_assert (!cc_tls_server_flight_continues (bytes->data, bytes->len, &checked));
  cc_tls_server_flight_read (bytes->data, bytes->len, &read);
  ck_assert_uint_eq (read.version, 0x0304);
  ck_assert_ptr_null (read.certificates);
  cc_tls_server_flight_clear (&read);
}
END_TEST

static GByteArray *
client_hello (const char *name, gsize name_length)
{
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GByteArray) message = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 random[32] = { 0 };

  put_uint (body, 0x0303, 2);
  put_bytes (body, random, sizeof random);
  put_u8 (body, 0);
  put_uint (body, 2, 2);
  put_uint (body, 0xc02f, 2);
  put_u8 (body, 1);
  put_u8 (body, 0);
  put_uint (body, 4 + 5 + name_length, 2);
  put_uint (body, 0, 2);
  put_uint (body, 5 + name_length, 2);
  put_uint (body, 3 + name_length, 2);
  put_u8 (body, 0);
  put_uint (body, (guint32) name_length, 2);
  put_bytes (body, name, name_length);
  put_u8 (message, 1);
  put_uint (message, body->len, 3);
  put_bytes (message, body->data, body->len);
  put_records (out, 22, message, 16384);
  return out;
}

START_TEST (test_client_hello_name)
{
  g_autoptr (GByteArray) good = client_hello ("www.example.org", 15);
  g_autoptr (GByteArray) control = client_hello ("a\nb\0c", 5);
  g_autofree char *name = cc_tls_client_hello_name (good->data, good->len);

  ck_assert_str_eq (name, "www.example.org");
  ck_assert_ptr_null (cc_tls_client_hello_name (control->data, control->len));
  /* Cut inside the name: no name, not a read past the end. */
  ck_assert_ptr_null (cc_tls_client_hello_name (good->data, good->len - 3));
  ck_assert_ptr_null (cc_tls_client_hello_name ((const guint8 *) "GET / HTTP/1.1\r\n", 16));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("tls_handshake");
  TCase *server = tcase_create ("server flight");
  TCase *client = tcase_create ("client hello");
  SRunner *runner;
  int failed;

  tcase_add_test (server, test_certificate_across_records);
  tcase_add_test (server, test_cut_or_malformed);
  tcase_add_test (server, test_alert_after_request);
  tcase_add_test (server, test_tls13_and_where_clear_ends);
  tcase_add_test (client, test_client_hello_name);
  suite_add_tcase (suite, server);
  suite_add_tcase (suite, client);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
