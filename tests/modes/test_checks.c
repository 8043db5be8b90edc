/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks run by the engine (modes/checks.h) against real loopback sockets. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine/engine.h"
#include "modes/checks.h"

typedef struct {
  int listener;
  int closed;
  guint16 open_port;
  guint16 closed_port;
} Ports;

static Ports ports;

static guint16
bound_port (int fd)
{
  struct sockaddr_in address;
  socklen_t length = sizeof address;

  ck_assert_int_eq (getsockname (fd, (struct sockaddr *) &address, &length), 0);
  return ntohs (address.sin_port);
}

static int
bind_loopback (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET,
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (bind (fd, (struct sockaddr *) &address, sizeof address), 0);
  return fd;
}

/* A port that is bound but not listening refuses, and nothing else can take it. */
static void
setup (void)
{
  ports.closed = bind_loopback ();
  ports.listener = bind_loopback ();
  ck_assert_int_eq (listen (ports.listener, 4096), 0);
  ports.open_port = bound_port (ports.listener);
  ports.closed_port = bound_port (ports.closed);
}

static void
teardown (void)
{
  close (ports.listener);
  close (ports.closed);
}

static CcEndpoint *
endpoint (const char *host, guint16 port)
{
  CcEndpoint *endpoint = cc_endpoint_new ();
  g_autofree char *text = g_strdup_printf ("%u", port);

  ck_assert (cc_endpoint_set_host (endpoint, host, NULL));
  ck_assert (cc_endpoint_set_port (endpoint, text, NULL));
  endpoint->timeout_s = 5;
  return endpoint;
}

START_TEST (test_single_open_and_closed)
{
  g_autoptr (CcEndpoint) open = endpoint ("127.0.0.1", ports.open_port);
  g_autoptr (CcEndpoint) closed = endpoint ("127.0.0.1", ports.closed_port);
  g_autoptr (CcResult) ok = cc_check_run (open, NULL);
  g_autoptr (CcResult) refused = cc_check_run (closed, NULL);

  ck_assert_int_eq (ok->state, CC_STATE_OK);
  ck_assert_int_eq (ok->cause, CC_CAUSE_NONE);
  ck_assert_int_eq (refused->state, CC_STATE_CRITICAL);
  ck_assert_int_eq (refused->cause, CC_CAUSE_REFUSED_NOT_LISTENING);
  ck_assert_int_eq (refused->primary->error, ECONNREFUSED);
}
END_TEST

START_TEST (test_name_resolves_without_blocking)
{
  /* localhost comes from /etc/hosts: no DNS query leaves the machine. */
  g_autoptr (CcEndpoint) closed = endpoint ("localhost", ports.closed_port);
  g_autoptr (CcResult) refused = NULL;

  closed->family = CC_FAMILY_IPV4;
  refused = cc_check_run (closed, NULL);
  ck_assert_int_eq (refused->seen->resolution->cause, CC_CAUSE_NONE);
  ck_assert_int_eq (refused->cause, CC_CAUSE_REFUSED_NOT_LISTENING);
}
END_TEST

/* Many endpoints in one run: results stay in order, each with its own verdict. */
START_TEST (test_bulk_order)
{
  g_autoptr (GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) cc_endpoint_free);
  g_autoptr (GPtrArray) results = NULL;
  CcCheckOptions options = { .parallel = 7 };

  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (endpoints,
                     endpoint ("127.0.0.1", i % 3 == 0 ? ports.open_port : ports.closed_port));
  results = cc_check_run_all ((const CcEndpoint *const *) endpoints->pdata, endpoints->len,
                           &options, NULL);
  ck_assert_uint_eq (results->len, 300);
  for (guint i = 0; i < 300; i++)
    {
      const CcResult *result = results->pdata[i];
      ck_assert_ptr_eq (result->seen->endpoint, endpoints->pdata[i]);
      ck_assert_int_eq (result->cause,
                        i % 3 == 0 ? CC_CAUSE_NONE : CC_CAUSE_REFUSED_NOT_LISTENING);
    }
}
END_TEST

/* Lowers the descriptor limits; FALSE under valgrind, which keeps the hard limit to
 * itself (tests/modes/bulk/ulimit.sh covers the limit there, through the shell). */
static gboolean
limit_descriptors (const struct rlimit *limit)
{
  if (setrlimit (RLIMIT_NOFILE, limit) == 0)
    return TRUE;
  ck_assert_int_eq (errno, EPERM);
  return FALSE;
}

/* Descriptors taken behind the engine's back: it runs into EMFILE, and must wait and
 * retry rather than report a failure. */
START_TEST (test_out_of_descriptors_is_no_failure)
{
  struct rlimit limit = { 64, 64 };
  g_autoptr (GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) cc_endpoint_free);
  g_autoptr (GPtrArray) results = NULL;
  int hogs[40];

  if (!limit_descriptors (&limit))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (hogs); i++)
    hogs[i] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  for (guint i = 0; i < 500; i++)
    g_ptr_array_add (endpoints,
                     endpoint ("127.0.0.1", i % 2 ? ports.open_port : ports.closed_port));
  results = cc_check_run_all ((const CcEndpoint *const *) endpoints->pdata, endpoints->len,
                           NULL, NULL);
  for (guint i = 0; i < 500; i++)
    ck_assert_int_eq (((CcResult *) results->pdata[i])->cause,
                      i % 2 ? CC_CAUSE_NONE : CC_CAUSE_REFUSED_NOT_LISTENING);
  for (guint i = 0; i < G_N_ELEMENTS (hogs); i++)
    close (hogs[i]);
}
END_TEST

START_TEST (test_budget)
{
  struct rlimit limit = { 100, 200 };

  if (!limit_descriptors (&limit))
    return;
  ck_assert_uint_eq (cc_engine_socket_budget (0, NULL), 200 - 32);
  ck_assert_int_eq (getrlimit (RLIMIT_NOFILE, &limit), 0);
  ck_assert_uint_eq (limit.rlim_cur, 200); /* soft raised to hard */
  ck_assert_uint_eq (cc_engine_socket_budget (10, NULL), 10);
}
END_TEST

/* ---- Conversations: the exchange driven by the engine's loop. ---- */

static const char ssh_banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";

static CcEndpoint *
endpoint_with (guint16 port, const char *protocol, double timeout_s)
{
  CcEndpoint *with = endpoint ("127.0.0.1", port);

  ck_assert (cc_endpoint_set_protocol (with, protocol, NULL));
  with->timeout_s = timeout_s;
  return with;
}

/* For each of n checks in turn: the first connection is closed at once (as Redis does
 * to an HTTP request), the second greets with an SSH banner. */
static gpointer
serve_close_then_banner (gpointer data)
{
  guint n = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < n; i++)
    {
      int first = accept (ports.listener, NULL, NULL);
      int second;

      close (first);
      second = accept (ports.listener, NULL, NULL);
      send (second, ssh_banner, strlen (ssh_banner), MSG_NOSIGNAL);
      close (second);
    }
  return NULL;
}

static void
assert_ssh_after_reconnect (const CcResult *result)
{
  ck_assert_int_eq (result->cause, CC_CAUSE_PROTOCOL_MISMATCH);
  ck_assert_ptr_nonnull (result->seen->exchange);
  ck_assert_str_eq (cc_exchange_identified (result->seen->exchange)->name, "ssh");
  ck_assert_uint_eq (cc_exchange_connections (result->seen->exchange), 2);
  ck_assert_ptr_nonnull (strstr (result->detail->str, "not an HTTP server: it sent an SSH-2.0 "
                                                 "banner (OpenSSH 9.2)"));
}

START_TEST (test_reconnects_for_the_next_probe)
{
  g_autoptr (CcEndpoint) http = endpoint_with (ports.open_port, "http", 5);
  GThread *server = g_thread_new ("server", serve_close_then_banner, GUINT_TO_POINTER (1));
  gint64 started = g_get_monotonic_time ();
  g_autoptr (CcResult) result = cc_check_run (http, NULL);

  g_thread_join (server);
  assert_ssh_after_reconnect (result);
  ck_assert_int_lt (g_get_monotonic_time () - started, 2 * G_USEC_PER_SEC);
}
END_TEST

/* A reconnect is one more socket under the same bound: with --parallel 1 the checks
 * still run one at a time, each with its two connections. */
START_TEST (test_reconnect_within_parallel_bound)
{
  g_autoptr (GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) cc_endpoint_free);
  g_autoptr (GPtrArray) results = NULL;
  CcCheckOptions options = { .parallel = 1 };
  GThread *server = g_thread_new ("server", serve_close_then_banner, GUINT_TO_POINTER (3));

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (endpoints, endpoint_with (ports.open_port, "http", 5));
  results = cc_check_run_all ((const CcEndpoint *const *) endpoints->pdata, endpoints->len,
                           &options, NULL);
  g_thread_join (server);
  for (guint i = 0; i < 3; i++)
    assert_ssh_after_reconnect (results->pdata[i]);
}
END_TEST

START_TEST (test_conversation_ends_at_deadline)
{
  /* Nobody accepts or speaks: the exchange ends at the deadline with what it saw. */
  g_autoptr (CcEndpoint) ssh = endpoint_with (ports.open_port, "ssh", 0.3);
  gint64 started = g_get_monotonic_time ();
  g_autoptr (CcResult) result = cc_check_run (ssh, NULL);

  ck_assert_int_eq (result->cause, CC_CAUSE_PROTOCOL_SILENT);
  ck_assert_int_eq (result->state, CC_STATE_CRITICAL);
  ck_assert_int_lt (g_get_monotonic_time () - started, 600 * 1000);
}
END_TEST

/* Silent servers cost their timeout once for the whole run, not once per endpoint. */
START_TEST (test_silent_conversations_overlap)
{
  g_autoptr (GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) cc_endpoint_free);
  g_autoptr (GPtrArray) results = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (endpoints, endpoint_with (ports.open_port, i % 2 ? "http" : "ssh", 1));
  results = cc_check_run_all ((const CcEndpoint *const *) endpoints->pdata, endpoints->len,
                           NULL, NULL);
  elapsed = g_get_monotonic_time () - started;
  for (guint i = 0; i < 20; i++)
    {
      const CcResult *result = results->pdata[i];
      ck_assert_int_eq (result->cause, CC_CAUSE_PROTOCOL_SILENT);
      ck_assert_int_ge (result->elapsed_us, G_USEC_PER_SEC);
    }
  ck_assert_int_lt (elapsed, 1800 * 1000);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("engine");
  TCase *single = tcase_create ("single endpoint");
  TCase *bulk = tcase_create ("bulk");
  TCase *limits = tcase_create ("limits");
  TCase *talk = tcase_create ("conversation");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (single, setup, teardown);
  tcase_add_checked_fixture (bulk, setup, teardown);
  tcase_add_checked_fixture (limits, setup, teardown);
  tcase_add_test (single, test_single_open_and_closed);
  tcase_add_test (single, test_name_resolves_without_blocking);
  tcase_add_test (bulk, test_bulk_order);
  tcase_add_test (limits, test_budget);
  tcase_add_test (limits, test_out_of_descriptors_is_no_failure);
  tcase_add_checked_fixture (talk, setup, teardown);
  tcase_add_test (talk, test_reconnects_for_the_next_probe);
  tcase_add_test (talk, test_reconnect_within_parallel_bound);
  tcase_add_test (talk, test_conversation_ends_at_deadline);
  tcase_add_test (talk, test_silent_conversations_overlap);
  tcase_set_timeout (talk, 20);
  tcase_set_timeout (single, 20);
  tcase_set_timeout (bulk, 20);
  tcase_set_timeout (limits, 30);
  suite_add_tcase (suite, single);
  suite_add_tcase (suite, bulk);
  suite_add_tcase (suite, limits);
  suite_add_tcase (suite, talk);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
