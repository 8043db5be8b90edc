/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registry: every dissector is complete, and cc_dissect_identify names the right
 * protocol for every recorded fixture (the file name's first word is the protocol). */
#include <string.h>

#include "fixture.h"

START_TEST (registry_complete)
{
  const CcDissector *const *all = cc_dissectors ();
  guint count = 0;

  for (const CcDissector *const *d = all; *d != NULL; d++, count++)
    {
      ck_assert_ptr_nonnull ((*d)->name);
      ck_assert_ptr_nonnull ((*d)->title);
      ck_assert_ptr_nonnull ((*d)->kind);
      ck_assert_ptr_nonnull ((*d)->ports);
      ck_assert_uint_ne ((*d)->ports[0], 0);
      ck_assert_ptr_nonnull ((*d)->score);
      ck_assert_ptr_nonnull ((*d)->describe);
      /* A banner protocol needs no probe; every other one must have one. */
      ck_assert_msg ((*d)->server_speaks_first || (*d)->build_probe != NULL, "%s", (*d)->name);
      ck_assert_ptr_eq (cc_dissector_find ((*d)->name), *d);
      for (const CcDissector *const *e = all; e != d; e++)
        ck_assert_str_ne ((*e)->name, (*d)->name);
    }
  ck_assert_uint_ge (count, EXPECTED_DISSECTORS);
  ck_assert_ptr_null (cc_dissector_find ("gopher"));
  ck_assert_ptr_eq (cc_dissector_find ("SSH"), cc_dissector_find ("ssh"));
}
END_TEST

/* Identification probes: text probes first in their declared order, the rest in registry
 * order, each once; WebSocket's upgrade is covered by HTTP's request. */
START_TEST (registry_probe_order)
{
  static const char *const first[] = { "http", "redis", "memcached", "tls", "postgresql",
                                       "mqtt", "amqp", "http2" };
  const CcDissector *probes[32];
  guint n = cc_identification_probes (probes, G_N_ELEMENTS (probes));
  guint with_probe = 0;

  for (const CcDissector *const *d = cc_dissectors (); *d != NULL; d++)
    with_probe += (*d)->build_probe != NULL && (*d)->probe_order != CC_PROBE_COVERED;
  ck_assert_uint_eq (n, with_probe);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    ck_assert_str_eq (probes[i]->name, first[i]);
  for (guint i = 0; i < n; i++)
    {
      ck_assert_str_ne (probes[i]->name, "websocket");
      for (guint j = 0; j < i; j++)
        ck_assert_ptr_ne (probes[i], probes[j]);
    }
  ck_assert_uint_eq (cc_identification_probes (probes, 3), 3);
  ck_assert_str_eq (probes[2]->name, "memcached");
}
END_TEST

/* The implicit-TLS ports are TLS's: identifying there starts with a ClientHello. */
START_TEST (registry_tls_ports)
{
  static const guint16 implicit_tls[] = { 465, 993, 995, 990, 8883, 5671 };
  const CcDissector *tls = cc_dissector_find ("tls");

  for (guint i = 0; i < G_N_ELEMENTS (implicit_tls); i++)
    {
      ck_assert_msg (cc_dissector_has_port (tls, implicit_tls[i]), "%u", implicit_tls[i]);
      for (const CcDissector *const *d = cc_dissectors (); *d != NULL; d++)
        ck_assert_msg (*d == tls || !cc_dissector_has_port (*d, implicit_tls[i]), "%s %u",
                       (*d)->name, implicit_tls[i]);
    }
}
END_TEST

START_TEST (registry_probes_build)
{
  CcProbeContext bare = { .host = "localhost" };

  for (const CcDissector *const *d = cc_dissectors (); *d != NULL; d++)
    {
      g_autoptr (GBytes) with_nonce = NULL;
      g_autoptr (GBytes) without = NULL;

      if ((*d)->build_probe == NULL)
        continue;
      with_nonce = (*d)->build_probe (fixture_context ());
      without = (*d)->build_probe (&bare);
      ck_assert_uint_gt (g_bytes_get_size (with_nonce), 0);
      ck_assert_uint_gt (g_bytes_get_size (without), 0);
    }
}
END_TEST

START_TEST (identify_fixtures)
{
  g_autoptr (GDir) dir = g_dir_open (FIXTURE_DIR, 0, NULL);
  const char *name;
  guint checked = 0;

  ck_assert_ptr_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr (GBytes) bytes = NULL;
      g_autofree char *expected = NULL;
      const CcDissector *found;
      const guint8 *data;
      gsize size;
      int score = -1000;

      if (!g_str_has_suffix (name, ".bin"))
        continue;
      expected = g_strndup (name, strcspn (name, "-"));
      bytes = fixture_load (name);
      data = g_bytes_get_data (bytes, &size);
      found = cc_dissect_identify (data, size, 0, fixture_context (), &score);
      if (strcmp (expected, "none") == 0)
        ck_assert_msg (found == NULL, "%s: identified as %s", name, found->name);
      else
        {
          ck_assert_msg (found != NULL, "%s: not identified (score %d)", name, score);
          ck_assert_msg (strcmp (found->name, expected) == 0, "%s: identified as %s", name,
                         found->name);
          ck_assert_int_ge (score, CC_SCORE_THRESHOLD);
        }
      checked++;
    }
  ck_assert_uint_ge (checked, 15);
}
END_TEST

START_TEST (identify_edges)
{
  static const guint8 garbage[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03 };
  const char *upgrade = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  int score = 1;

  ck_assert_ptr_null (cc_dissect_identify (garbage, sizeof garbage, 0, NULL, &score));
  ck_assert_int_eq (score, CC_SCORE_NONE);
  ck_assert_ptr_null (cc_dissect_identify (NULL, 0, 0, NULL, &score));
  ck_assert_int_lt (score, 0);
  ck_assert_ptr_null (cc_dissect_identify ((const guint8 *) "SSH-2.", 6, 22, NULL, &score));
  ck_assert_int_eq (score, -1);
  /* A 101 with an accept for another key is plain HTTP, not WebSocket. */
  ck_assert_str_eq (cc_dissect_identify ((const guint8 *) upgrade, strlen (upgrade), 0,
                                         fixture_context (), NULL)->name,
                    "http");
}
END_TEST

START_TEST (identify_port_hint)
{
  /* "220 ready" alone could be SMTP or FTP: below the threshold, whatever the port. */
  const char *ready = "220 ready\r\n";
  const char *settings = "\x00\x00\x00\x04\x00\x00\x00\x00\x00";
  int score;

  ck_assert_ptr_null (cc_dissect_identify ((const guint8 *) ready, strlen (ready), 25, NULL,
                                           &score));
  ck_assert_int_gt (score, CC_SCORE_NONE);
  ck_assert_int_lt (score, CC_SCORE_THRESHOLD);
  ck_assert_str_eq (cc_dissect_identify ((const guint8 *) settings, 9, 443, NULL, &score)->name,
                    "http2");
}
END_TEST

START_TEST (identify_garbage)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  guint8 buffer[512];

  /* Random bytes are nobody's protocol: every dissector must stay below the threshold. */
  for (guint round = 0; round < 2000; round++)
    {
      gsize length = g_rand_int_range (rand, 8, sizeof buffer + 1);
      int score;

      for (gsize i = 0; i < length; i++)
        buffer[i] = g_rand_int_range (rand, 0, 256);
      ck_assert_msg (cc_dissect_identify (buffer, length, 0, fixture_context (), &score) == NULL,
                     "round %u: random bytes identified (score %d)", round, score);
    }
}
END_TEST

START_TEST (identify_oversized)
{
  gsize size = 1024 * 1024;
  g_autofree guint8 *flood = g_malloc (size);
  g_autoptr (GString) headers = g_string_new ("HTTP/1.1 200 OK\r\n");
  const CcDissector *found;
  int score;

  /* A megabyte of one byte, then of newlines: scanned to the end, never past it. */
  memset (flood, 'A', size);
  ck_assert_ptr_null (cc_dissect_identify (flood, size, 0, fixture_context (), &score));
  memset (flood, '\n', size);
  ck_assert_ptr_null (cc_dissect_identify (flood, size, 0, fixture_context (), &score));
  while (headers->len < size)
    g_string_append (headers, "X-Filler: 0123456789abcdef0123456789abcdef\r\n");
  g_string_append (headers, "Server: late\r\n\r\n");
  found = cc_dissect_identify ((const guint8 *) headers->str, headers->len, 0,
                               fixture_context (), &score);
  ck_assert_str_eq (found->name, "http");
  ck_assert_int_eq (score, CC_SCORE_CERTAIN);
}
END_TEST

/* The STARTTLS dialogues: each step's answer, whole or cut short, yes or no. */
static CcStarttlsAnswer
answer (const char *name, guint step, const char *reply, gsize length)
{
  const CcDissector *dissector = cc_dissector_find (name);

  return dissector->starttls_answer (step, (const guint8 *) reply, length);
}

START_TEST (starttls_answers)
{
  static const char ehlo[] = "250-mx.example Hello\r\n250-SIZE 52428800\r\n250-STARTTLS\r\n"
                             "250 HELP\r\n";
  static const char ehlo_plain[] = "250-mx.example Hello\r\n250 HELP\r\n";

  ck_assert_int_eq (answer ("smtp", 0, "220 mx ESMTP\r\n", 14), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("smtp", 0, "220 mx", 6), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("smtp", 0, "554 go away\r\n", 13), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("smtp", 0, "HTTP/1.1 400 Bad\r\n", 19), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("smtp", 1, ehlo, sizeof ehlo - 1), CC_STARTTLS_GO);
  /* The last line is missing: a multi-line reply is judged only when whole. */
  ck_assert_int_eq (answer ("smtp", 1, ehlo, sizeof ehlo - 11), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("smtp", 1, ehlo_plain, sizeof ehlo_plain - 1), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("smtp", 2, "220 2.0.0 Ready\r\n", 17), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("smtp", 2, "454 TLS not available\r\n", 24), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("postgresql", 0, "S", 1), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("postgresql", 0, "N", 1), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("postgresql", 0, "", 0), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("postgresql", 0, "SX", 2), CC_STARTTLS_REFUSED);
}
END_TEST

START_TEST (starttls_answers_imap_pop3_ftp)
{
  static const char capability[] = "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK done\r\n";
  static const char capability_plain[] = "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n";
  static const char capa[] = "+OK\r\nTOP\r\nSTLS\r\nUIDL\r\n.\r\n";
  static const char capa_plain[] = "+OK\r\nTOP\r\nUIDL\r\n.\r\n";

  ck_assert_int_eq (answer ("imap", 0, "* OK ready\r\n", 12), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("imap", 0, "* OK rea", 8), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("imap", 0, "* PREAUTH hi\r\n", 15), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("imap", 0, "+OK POP3\r\n", 10), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("imap", 1, capability, sizeof capability - 1), CC_STARTTLS_GO);
  /* The tagged completion is missing: the answer is judged only when whole. */
  ck_assert_int_eq (answer ("imap", 1, capability, sizeof capability - 12), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("imap", 1, capability_plain, sizeof capability_plain - 1),
                    CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("imap", 1, "a1 BAD no\r\n", 11), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("imap", 2, "a2 OK Begin TLS\r\n", 17), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("imap", 2, "a2 NO later\r\n", 14), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("imap", 2, "HTTP/1.1 400\r\n", 15), CC_STARTTLS_REFUSED);

  ck_assert_int_eq (answer ("pop3", 0, "+OK ready\r\n", 11), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("pop3", 0, "+OK rea", 7), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("pop3", 0, "-ERR busy\r\n", 11), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("pop3", 1, capa, sizeof capa - 1), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("pop3", 1, capa, sizeof capa - 4), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("pop3", 1, capa_plain, sizeof capa_plain - 1), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("pop3", 1, "-ERR no CAPA\r\n", 14), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("pop3", 2, "+OK Begin TLS\r\n", 15), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("pop3", 2, "-ERR no\r\n", 9), CC_STARTTLS_REFUSED);

  ck_assert_int_eq (answer ("ftp", 0, "220 (vsFTPd 3.0.3)\r\n", 20), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("ftp", 0, "220-welcome\r\n", 14), CC_STARTTLS_MORE);
  ck_assert_int_eq (answer ("ftp", 0, "220 mx ESMTP Exim\r\n", 19), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("ftp", 0, "220 ftp.example ESMTP FTP gateway\r\n", 35),
                    CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("ftp", 1, "234 AUTH TLS OK.\r\n", 18), CC_STARTTLS_GO);
  ck_assert_int_eq (answer ("ftp", 1, "530 Please login with USER and PASS.\r\n", 38),
                    CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("smtp", 0, "220 (vsFTPd 3.0.3)\r\n", 20), CC_STARTTLS_REFUSED);
  ck_assert_int_eq (answer ("smtp", 0, "220 ftp.example ESMTP\r\n", 23), CC_STARTTLS_GO);
}
END_TEST

/* One table for live checks and captures: the causes alerts name. */
START_TEST (tls_alert_causes)
{
  g_autoptr (GString) words = g_string_new (NULL);

  ck_assert_int_eq (cc_tls_alert_cause (70), CC_CAUSE_TLS_VERSION);
  ck_assert_int_eq (cc_tls_alert_cause (116), CC_CAUSE_TLS_CLIENT_CERT_REQUIRED);
  ck_assert_int_eq (cc_tls_alert_cause (45), CC_CAUSE_TLS_ALERT);
  cc_tls_alert_describe (words, 2, 112);
  ck_assert_str_eq (words->str, "TLS handshake failed: the server sent the fatal alert "
                    "unrecognized_name (112)");
  g_string_truncate (words, 0);
  cc_tls_alert_describe (words, 9, 200);
  ck_assert_str_eq (words->str, "TLS handshake failed: the server sent the alert of unknown "
                    "kind (200)");
}
END_TEST

static Suite *
registry_suite (void)
{
  Suite *suite = suite_create ("registry");
  TCase *table = tcase_create ("table");
  TCase *identify = tcase_create ("identify");

  tcase_add_test (table, registry_complete);
  tcase_add_test (table, registry_probe_order);
  tcase_add_test (table, registry_tls_ports);
  tcase_add_test (table, registry_probes_build);
  tcase_add_test (identify, identify_fixtures);
  tcase_add_test (identify, identify_edges);
  tcase_add_test (identify, identify_port_hint);
  tcase_add_test (identify, identify_garbage);
  tcase_add_test (identify, identify_oversized);
  tcase_add_test (table, starttls_answers);
  tcase_add_test (table, starttls_answers_imap_pop3_ftp);
  tcase_add_test (table, tls_alert_causes);
  suite_add_tcase (suite, table);
  suite_add_tcase (suite, identify);
  return suite;
}

int
main (void)
{
  Suite *suites[] = { registry_suite () };
  return fixture_run (suites, G_N_ELEMENTS (suites));
}
