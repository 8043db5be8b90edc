/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagnosis rules on fixture evidence: a /proc tree and an interface list made by the
 * test, and results as the probe would leave them. No network. */
#include <check.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "net/classify.h"
#include "diagnosis/diagnose.h"
#include "knowledge/evidence/interfaces.h"
#include "knowledge/evidence/sockets.h"
#include "render/nagios.h"
#include "../knowledge/evidence/proc_fixture.h"

static char *root;
static GArray *interfaces;

static CcAddress
address_of (const char *text, guint16 port)
{
  CcAddress address;

  ck_assert_msg (cc_address_parse (&address, text, port), "not an address: %s", text);
  return address;
}

static void
add_interface (const char *name, const char *address, guint prefix)
{
  CcInterfaceAddress entry;

  memset (&entry, 0, sizeof entry);
  g_strlcpy (entry.name, name, sizeof entry.name);
  entry.address = address_of (address, 0);
  cc_cidr_from_address (&entry.network, &entry.address, prefix);
  g_array_append_val (interfaces, entry);
}

static void
write_file (const char *relative, const char *contents)
{
  proc_fixture_write (root, relative, contents);
}

/* 127.0.0.1:8081 listens; 192.168.10.5 holds one ESTABLISHED and two TIME_WAIT sockets
 * toward 192.168.10.9:80. Words are printed as the kernel does, in host order. */
static void
write_tcp_fixture (void)
{
  guint32 lo = htonl (0x7f000001), eth = htonl (0xc0a80a05), peer = htonl (0xc0a80a09);
  g_autofree char *tcp = g_strdup_printf ("  sl  local_address rem_address   st\n"
                                          "   0: %08X:1F91 00000000:0000 0A 0\n"
                                          "   1: %08X:9C40 %08X:0050 01 0\n"
                                          "   2: %08X:9C41 %08X:0050 06 0\n"
                                          "   3: %08X:9C42 %08X:0050 06 0\n",
                                          lo, eth, peer, eth, peer, eth, peer);
  write_file ("proc/net/tcp", tcp);
}

static void
setup (void)
{
  root = proc_fixture_new ("cc-diagnose-XXXXXX");
  interfaces = g_array_new (FALSE, TRUE, sizeof (CcInterfaceAddress));
  add_interface ("lo", "127.0.0.1", 8);
  add_interface ("eth0", "192.168.10.5", 24);
  write_tcp_fixture ();
  write_file ("proc/sys/net/ipv4/ip_local_port_range", "40000 40003\n");
  write_file ("proc/sys/net/ipv4/tcp_tw_reuse", "0\n");
}

static void
teardown (void)
{
  g_clear_pointer (&root, proc_fixture_remove);
  g_clear_pointer (&interfaces, g_array_unref);
}

/* A result as cc_check_run leaves it when its single attempt failed with error. */
static CcResult *
failed_result (const CcEndpoint *endpoint, const char *address, int error, const char *call)
{
  CcResult *result = g_new0 (CcResult, 1);
  CcObservation *seen = cc_observation_new (endpoint);
  CcAttempt attempt = { 0 };
  g_autofree char *detail = NULL;

  attempt.address = address_of (address, endpoint->port);
  attempt.error = error;
  attempt.call = call;
  attempt.elapsed_us = 1000;
  attempt.cause = cc_classify_call_errno (call, error);
  seen->resolution = g_new0 (CcResolution, 1);
  seen->resolution->addresses = g_array_new (FALSE, TRUE, sizeof (CcAddress));
  g_array_append_val (seen->resolution->addresses, attempt.address);
  g_array_append_val (seen->attempts, attempt);
  result->seen = seen;
  result->evidence = g_ptr_array_new_with_free_func (g_free);
  result->primary = &g_array_index (seen->attempts, CcAttempt, 0);
  result->cause = attempt.cause;
  result->state = cc_cause_get (attempt.cause)->state;
  detail = cc_attempt_describe (result->primary, endpoint);
  cc_result_set_detail (result, detail, -1);
  return result;
}

static CcEndpoint *
endpoint_for (const char *host, guint16 port)
{
  CcEndpoint *endpoint = cc_endpoint_new ();
  endpoint->host = g_strdup (host);
  endpoint->port = port;
  return endpoint;
}

static gboolean
has_evidence (const CcResult *result, const char *needle)
{
  for (guint i = 0; i < result->evidence->len; i++)
    if (strstr (g_ptr_array_index (result->evidence, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
diagnose (CcResult *result)
{
  char *envp[] = { "PATH=/bin", NULL };
  CcEvidenceSource source = { .root = root, .interfaces = interfaces, .envp = envp };
  cc_diagnose (result, &source);
}

START_TEST (test_loopback_only)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("192.168.10.5", 8081);
  g_autoptr (CcResult) result = failed_result (endpoint, "192.168.10.5", ECONNREFUSED,
                                               "connect");
  diagnose (result);
  ck_assert_str_eq (cc_cause_get (result->cause)->name, "refused.loopback_only");
  ck_assert_int_eq (result->state, CC_STATE_CRITICAL);
  ck_assert (has_evidence (result, "port 8081 listens on 127.0.0.1 only"));
  ck_assert_ptr_nonnull (strstr (result->advice, "0.0.0.0:8081"));
}
END_TEST

START_TEST (test_not_listening_and_wrong_port)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("127.0.0.1", 8080);
  g_autoptr (CcResult) plain = failed_result (endpoint, "127.0.0.1", ECONNREFUSED, "connect");
  g_autoptr (CcResult) moved = NULL;

  diagnose (plain);
  ck_assert_str_eq (cc_cause_get (plain->cause)->name, "refused.not_listening");
  ck_assert (has_evidence (plain, "no socket of this host listens on port 8080"));
  ck_assert (cc_endpoint_add_service_port (endpoint, "8081", NULL));
  moved = failed_result (endpoint, "127.0.0.1", ECONNREFUSED, "connect");
  diagnose (moved);
  ck_assert_str_eq (cc_cause_get (moved->cause)->name, "refused.wrong_port");
}
END_TEST

START_TEST (test_exhausted_counts)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("192.168.10.9", 80);
  g_autoptr (CcResult) result = failed_result (endpoint, "192.168.10.9", EADDRNOTAVAIL,
                                               "connect");
  diagnose (result);
  ck_assert_str_eq (cc_cause_get (result->cause)->name, "local.ephemeral_exhausted");
  ck_assert (has_evidence (result, "net.ipv4.ip_local_port_range = 40000 40003: 4 ports"));
  ck_assert (has_evidence (result, "sockets toward 192.168.10.9:80: 3 (TIME_WAIT 2, "
                                   "ESTABLISHED 1)"));
  ck_assert (has_evidence (result, "net.ipv4.tcp_tw_reuse = 0"));
}
END_TEST

START_TEST (test_exhausted_unreadable_evidence)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("192.168.10.9", 80);
  g_autoptr (CcResult) result = failed_result (endpoint, "192.168.10.9", EADDRNOTAVAIL,
                                               "connect");
  g_autofree char *range = g_build_filename (root, "proc/sys/net/ipv4/ip_local_port_range",
                                             NULL);
  g_unlink (range);
  diagnose (result);
  ck_assert_str_eq (cc_cause_get (result->cause)->name, "local.ephemeral_exhausted");
  ck_assert (has_evidence (result, "could not read the local port usage"));
}
END_TEST

START_TEST (test_bad_source)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("192.168.10.9", 80);
  g_autoptr (CcResult) result = NULL;

  ck_assert (cc_endpoint_set_source (endpoint, "10.1.1.1", NULL));
  result = failed_result (endpoint, "192.168.10.9", EADDRNOTAVAIL, "bind");
  diagnose (result);
  ck_assert_str_eq (cc_cause_get (result->cause)->name, "local.bad_source");
  ck_assert (has_evidence (result, "127.0.0.1, 192.168.10.5"));
}
END_TEST

START_TEST (test_timeout_ranking)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("10.20.0.1", 443);
  g_autoptr (CcEndpoint) local_endpoint = endpoint_for ("192.168.10.77", 443);
  g_autoptr (CcResult) foreign = failed_result (endpoint, "10.20.0.1", ETIMEDOUT, "connect");
  g_autoptr (CcResult) local = failed_result (local_endpoint, "192.168.10.77", ETIMEDOUT,
                                              "connect");
  diagnose (foreign);
  diagnose (local);
  ck_assert_str_eq (cc_cause_get (foreign->cause)->name, "timeout.no_answer");
  ck_assert (has_evidence (foreign, "most likely first: a private address of another network "
                                    "(timeout.private_foreign)"));
  ck_assert (has_evidence (local, "most likely first: a firewall drops the port"));
  ck_assert (!has_evidence (local, "private_foreign"));
}
END_TEST

START_TEST (test_expectations)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("db.example.test", 5432);
  g_autoptr (CcResult) mismatch = NULL;
  g_autoptr (CcResult) literal = NULL;
  g_autoptr (CcEndpoint) by_address = endpoint_for ("192.168.10.9", 5432);

  ck_assert (cc_endpoint_add_expect_address (endpoint, "10.0.0.0/8, 2001:db8::/32", NULL));
  mismatch = failed_result (endpoint, "192.168.10.9", ECONNREFUSED, "connect");
  diagnose (mismatch);
  ck_assert_str_eq (cc_cause_get (mismatch->cause)->name, "dns.mismatch");
  ck_assert_int_eq (mismatch->state, CC_STATE_CRITICAL);
  ck_assert (cc_endpoint_add_expect_address (by_address, "192.168.10.8", NULL));
  literal = failed_result (by_address, "192.168.10.9", ECONNREFUSED, "connect");
  diagnose (literal);
  ck_assert_str_eq (cc_cause_get (literal->cause)->name, "refused.wrong_address");
}
END_TEST

START_TEST (test_evidence_is_escaped)
{
  g_autoptr (CcEndpoint) endpoint = endpoint_for ("127.0.0.1", 8080);
  g_autoptr (CcResult) result = failed_result (endpoint, "127.0.0.1", ECONNREFUSED, "connect");
  g_autofree char *out = NULL;

  g_ptr_array_add (result->evidence, g_strdup ("peer said \"a|b\n\x01\""));
  out = cc_render_nagios (result, 1);
  ck_assert_ptr_nonnull (strstr (out, "\nevidence: peer said \"a\\x7cb\\x0a\\x01\""));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("diagnose");
  TCase *refused = tcase_create ("refused");
  TCase *local = tcase_create ("local ports");
  TCase *timeout = tcase_create ("timeout");
  TCase *names = tcase_create ("expectations");
  TCase *output = tcase_create ("output");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (refused, setup, teardown);
  tcase_add_test (refused, test_loopback_only);
  tcase_add_test (refused, test_not_listening_and_wrong_port);
  tcase_add_checked_fixture (local, setup, teardown);
  tcase_add_test (local, test_exhausted_counts);
  tcase_add_test (local, test_exhausted_unreadable_evidence);
  tcase_add_test (local, test_bad_source);
  tcase_add_checked_fixture (timeout, setup, teardown);
  tcase_add_test (timeout, test_timeout_ranking);
  tcase_add_checked_fixture (names, setup, teardown);
  tcase_add_test (names, test_expectations);
  tcase_add_checked_fixture (output, setup, teardown);
  tcase_add_test (output, test_evidence_is_escaped);
  suite_add_tcase (suite, refused);
  suite_add_tcase (suite, local);
  suite_add_tcase (suite, timeout);
  suite_add_tcase (suite, names);
  suite_add_tcase (suite, output);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
