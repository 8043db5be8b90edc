/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target, built once per dissector and once for cc_range_parse: FUZZ_TARGET is
 * the program name, "fuzz_<dissector>" or "fuzz_range". Each input is scored with and
 * without a probe context, described, identified, and used as host, SNI and path for the
 * dissector's probe, so both directions of a dissector see arbitrary bytes, and as the
 * answer to each step of its TLS upgrade; fuzz_http also judges each input as an HTTP
 * answer, fuzz_tls reads it as a server's clear handshake and as a ClientHello, as
 * captures are read. */
#include <stdint.h>
#include <string.h>

#include "knowledge/dissect/dissect.h"
#include "knowledge/dissect/http_answer.h"
#include "knowledge/dissect/tls_handshake.h"
#include "model/thresholds.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_range (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  CcRange range;

  if (cc_range_parse (text, &range, &error))
    {
      g_assert_no_error (error);
      cc_range_alerts (&range, 0.5);
    }
  else
    g_assert_nonnull (error);
}

/* HTTP answers are judged past their status line: headers, body, the proxy in front. */
static void
fuzz_http_answer (const uint8_t *data, size_t size)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GString) words = g_string_new (NULL);

  cc_http_answer_complete (data, size, TRUE);
  cc_http_answer_judge (data, size, NULL, words);
  g_assert_true (cc_endpoint_set_expect_status (endpoint, "200,300-399", NULL));
  g_assert_true (cc_endpoint_set_expect_body (endpoint, "ok", NULL));
  g_assert_true (cc_endpoint_set_expect_regex (endpoint, "^o.+k$", NULL));
  cc_http_answer_judge (data, size, endpoint, words);
}

static void
fuzz_tls_handshake (const uint8_t *data, size_t size)
{
  g_autofree char *name = cc_tls_client_hello_name (data, size);
  CcTlsServerFlight flight;
  gsize checked = 0;

  cc_tls_server_flight_read (data, size, &flight);
  g_assert_true (flight.certificates != NULL || flight.no_certificates != NULL);
  cc_tls_server_flight_clear (&flight);
  for (gsize end = 0; end <= size; end += 1 + end / 4)
    if (!cc_tls_server_flight_continues (data, end, &checked))
      break;
}

static void
fuzz_dissector (const CcDissector *dissector, const uint8_t *data, size_t size)
{
  static const guint8 nonce[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  g_autofree char *text = g_strndup ((const char *) data, MIN (size, 300));
  CcProbeContext context = { .host = "localhost", .port = 443, .nonce = nonce };
  CcProbeContext hostile = { .host = text, .sni = text, .path = text, .port = size & 0xffff };
  g_autoptr (GPtrArray) fields = cc_fields_new ();
  int score;

  score = dissector->score (data, size, NULL);
  g_assert_cmpint (score, <=, CC_SCORE_CERTAIN);
  score = dissector->score (data, size, &context);
  g_assert_cmpint (score, <=, CC_SCORE_CERTAIN);
  dissector->describe (data, size, fields);
  for (guint i = 0; i < fields->len; i++)
    {
      CcField *field = g_ptr_array_index (fields, i);
      g_assert_nonnull (field->name);
      g_assert_nonnull (field->value);
    }
  cc_dissect_identify (data, size, dissector->ports[0], &context, &score);
  if (dissector->build_probe != NULL)
    {
      g_autoptr (GBytes) probe = dissector->build_probe (&hostile);
      g_assert_cmpuint (g_bytes_get_size (probe), >, 0);
    }
  /* Every step of a TLS upgrade reads the input as the server's answer. */
  for (guint step = 0; step < dissector->starttls_steps; step++)
    {
      CcStarttlsAnswer answer = dissector->starttls_answer (step, data, size);
      g_assert_cmpint (answer, >=, CC_STARTTLS_MORE);
      g_assert_cmpint (answer, <=, CC_STARTTLS_REFUSED);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *name = &FUZZ_TARGET[strlen ("fuzz_")];
  const CcDissector *dissector;

  if (strcmp (name, "range") == 0)
    {
      fuzz_range (data, size);
      return 0;
    }
  dissector = cc_dissector_find (name);
  g_assert_nonnull (dissector);
  fuzz_dissector (dissector, data, size);
  if (strcmp (name, "http") == 0)
    fuzz_http_answer (data, size);
  if (strcmp (name, "tls") == 0)
    fuzz_tls_handshake (data, size);
  return 0;
}
