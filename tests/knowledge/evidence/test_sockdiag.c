/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The NETLINK_SOCK_DIAG reader against the /proc reader, on the live system, for sockets
 * the test creates itself on loopback: both must give the same sockets in the same order. */
#include <check.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "base/cidr.h"
#include "knowledge/evidence/sockdiag.h"
#include "knowledge/evidence/sockets.h"

/* Loopback answers at once; a second is generous on a loaded machine. */
#define SETTLE_US G_USEC_PER_SEC

static CcAddress
address_of (const char *text, guint16 port)
{
  CcAddress address;

  ck_assert_msg (cc_address_parse (&address, text, port), "not an address: %s", text);
  return address;
}

/* The local end of a socket of ours. */
static CcAddress
local_end (int fd)
{
  struct sockaddr_storage bound;
  socklen_t length = sizeof bound;
  CcAddress address;

  ck_assert_int_eq (getsockname (fd, (struct sockaddr *) &bound, &length), 0);
  cc_address_set (&address, (struct sockaddr *) &bound, length);
  return address;
}

/* A listener on host, on a port the kernel picks; returns the fd, sets *port. */
static int
listen_on (const char *host, guint16 *port)
{
  CcAddress address = address_of (host, 0);
  int fd = socket (cc_address_family (&address), SOCK_STREAM | SOCK_CLOEXEC, 0);
  int v6only = 0;

  ck_assert_int_ge (fd, 0);
  if (cc_address_family (&address) == AF_INET6)
    ck_assert_int_eq (setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only), 0);
  ck_assert_int_eq (bind (fd, (struct sockaddr *) &address.sockaddr, address.length), 0);
  ck_assert_int_eq (listen (fd, 16), 0);
  address = local_end (fd);
  *port = cc_address_port (&address);
  return fd;
}

/* A blocking connect from a socket of family to target (loopback: immediate). */
static int
connect_to (int family, const CcAddress *target)
{
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);

  ck_assert_int_ge (fd, 0);
  ck_assert_msg (connect (fd, (const struct sockaddr *) &target->sockaddr, target->length) == 0,
                 "connect: %s", g_strerror (errno));
  return fd;
}

/* Other programs open and close sockets between the two reads, and reuse the port
 * numbers: only the test's own sockets, known by their local ends, are compared. */
typedef struct {
  const CcAddress *ends;
  guint n_ends;
} Scope;

static gboolean
in_scope (const Scope *scope, const CcSocket *socket)
{
  for (guint i = 0; i < scope->n_ends; i++)
    if (cc_address_port (&socket->local) == cc_address_port (&scope->ends[i])
        && strcmp (socket->local.text, scope->ends[i].text) == 0)
      return TRUE;
  return FALSE;
}

/* The sockets of table in scope, as "local remote state" lines. */
static char *
describe_scope (const CcSocketTable *table, const Scope *scope)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      g_autofree char *local = cc_address_with_port (&socket->local);
      g_autofree char *remote = cc_address_with_port (&socket->remote);
      if (in_scope (scope, socket))
        g_string_append_printf (out, "%s %s %s\n", local, remote,
                                cc_tcp_state_name (socket->state));
    }
  return g_string_free (out, FALSE);
}

/* Both readers, netlink first; asserts they agree within scope and returns the netlink
 * table. */
static CcSocketTable *
read_both (const CcSocketQuery *query, const Scope *scope)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcSocketTable) diag = NULL;
  g_autoptr (CcSocketTable) proc = NULL;
  g_autoptr (CcSocketTable) live = NULL;
  g_autofree char *diag_text = NULL;
  g_autofree char *proc_text = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 diag_us, proc_us;

  diag = cc_sockdiag_query (query, &error);
  ck_assert_msg (diag != NULL, "sock_diag: %s", error != NULL ? error->message : "");
  diag_us = g_get_monotonic_time () - started;
  proc = cc_sockets_proc_query ("/", query, &error);
  ck_assert_ptr_nonnull (proc);
  proc_us = g_get_monotonic_time () - started - diag_us;
  printf ("sock_diag %" G_GINT64_FORMAT " us, /proc %" G_GINT64_FORMAT " us\n", diag_us,
          proc_us);
  ck_assert_str_eq (diag->origin, CC_SOCKDIAG_ORIGIN);
  ck_assert_str_eq (proc->origin, CC_SOCKETS_PROC_ORIGIN);
  ck_assert_uint_eq (diag->malformed, 0);
  diag_text = describe_scope (diag, scope);
  proc_text = describe_scope (proc, scope);
  ck_assert_str_eq (diag_text, proc_text);
  /* The live root goes through netlink. */
  live = cc_sockets_query ("/", query, NULL);
  ck_assert_ptr_nonnull (live);
  ck_assert_str_eq (live->origin, CC_SOCKDIAG_ORIGIN);
  return g_steal_pointer (&diag);
}

static guint
count_listeners (const CcSocketTable *table, const char *host, guint16 port)
{
  guint n = 0;

  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      n += socket->state == CC_TCP_LISTEN && cc_address_port (&socket->local) == port
           && strcmp (socket->local.text, host) == 0;
    }
  return n;
}

START_TEST (test_listeners_by_port)
{
  static const char *const hosts[] = { "127.0.0.1", "::1", "0.0.0.0", "::" };
  guint16 ports[G_N_ELEMENTS (hosts)];
  int fds[G_N_ELEMENTS (hosts)];
  guint16 wanted[2];
  CcSocketQuery query = { .listeners = TRUE, .listen_ports = ports,
                          .n_listen_ports = G_N_ELEMENTS (ports) };
  CcAddress ends[G_N_ELEMENTS (hosts)];
  Scope scope = { ends, G_N_ELEMENTS (ends) };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      fds[i] = listen_on (hosts[i], &ports[i]);
      ends[i] = local_end (fds[i]);
    }
  {
    g_autoptr (CcSocketTable) all = read_both (&query, &scope);
    for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
      ck_assert_msg (count_listeners (all, hosts[i], ports[i]) == 1, "%s port %u", hosts[i],
                     ports[i]);
  }
  /* Only the ports asked for, and in the kernel's order whatever the order asked in. */
  wanted[0] = ports[2];
  wanted[1] = ports[0];
  query.listen_ports = wanted;
  query.n_listen_ports = G_N_ELEMENTS (wanted);
  {
    g_autoptr (CcSocketTable) two = read_both (&query, &scope);
    ck_assert_uint_eq (count_listeners (two, "127.0.0.1", ports[0]), 1);
    ck_assert_uint_eq (count_listeners (two, "0.0.0.0", ports[2]), 1);
    for (guint i = 0; i < two->sockets->len; i++)
      {
        guint16 port = cc_address_port (&g_array_index (two->sockets, CcSocket, i).local);
        ck_assert (port == ports[0] || port == ports[2]);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    close (fds[i]);
  /* Closed: nothing listens there any more. */
  query.listen_ports = ports;
  query.n_listen_ports = G_N_ELEMENTS (ports);
  {
    g_autoptr (CcSocketTable) none = read_both (&query, &scope);
    for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
      ck_assert_uint_eq (count_listeners (none, hosts[i], ports[i]), 0);
  }
}
END_TEST

/* More ports than the filter takes: the kernel sends every listener, userspace keeps
 * those asked for. */
START_TEST (test_listeners_many_ports)
{
  g_autofree guint16 *ports = g_new0 (guint16, 1000);
  guint16 port;
  int fd = listen_on ("127.0.0.1", &port);
  CcSocketQuery query = { .listeners = TRUE, .listen_ports = ports, .n_listen_ports = 1000 };
  CcAddress end = local_end (fd);
  Scope scope = { &end, 1 };

  /* Privileged ports, which other tests do not open and close meanwhile, then ours. */
  for (guint i = 0; i < 999; i++)
    ports[i] = (guint16) (i + 1);
  ports[999] = port;
  {
    g_autoptr (CcSocketTable) table = read_both (&query, &scope);
    ck_assert_uint_eq (count_listeners (table, "127.0.0.1", port), 1);
  }
  close (fd);
}
END_TEST

START_TEST (test_nothing_asked)
{
  CcSocketQuery query = { 0 };
  Scope scope = { 0 };
  g_autoptr (CcSocketTable) table = read_both (&query, &scope);

  ck_assert_uint_eq (table->sockets->len, 0);
}
END_TEST

/* Connections toward a listener of ours: held ones ESTABLISHED, closed ones (client first)
 * in TIME_WAIT on the client side. */
typedef struct {
  const char *listen_host;
  const char *destination_host; /* as the check would name it */
  int client_family;            /* AF_INET6 toward an IPv4 listener: ::ffff:a.b.c.d */
  const char *client_target;
} ConnectionCase;

static const ConnectionCase connection_cases[] = {
  { "127.0.0.1", "127.0.0.1", AF_INET, "127.0.0.1" },
  { "::1", "::1", AF_INET6, "::1" },
  { "127.0.0.1", "127.0.0.1", AF_INET6, "::ffff:127.0.0.1" },
};

#define HELD 3
#define CLOSED 2

/* Sockets of table in state whose local port is one of the client's: other programs'
 * old connections toward the same port number do not count. */
static guint
count_ours (const CcSocketTable *table, const guint16 *client_ports, CcTcpState state)
{
  guint n = 0;

  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      for (guint j = 0; j < HELD + CLOSED; j++)
        n += socket->state == state && cc_address_port (&socket->local) == client_ports[j];
    }
  return n;
}

static guint
wait_for_time_wait (const CcSocketQuery *query, const guint16 *client_ports)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_US;

  for (;;)
    {
      g_autoptr (CcSocketTable) table = cc_sockdiag_query (query, NULL);
      guint n;
      ck_assert_ptr_nonnull (table);
      n = count_ours (table, client_ports, CC_TCP_TIME_WAIT);
      if (n >= CLOSED || g_get_monotonic_time () > deadline)
        return n;
      g_usleep (10000);
    }
}

/* Every socket of the table is a client end toward destination, or (when asked for) a
 * listener. */
static void
assert_only_asked (const CcSocketTable *table, const CcAddress *destination)
{
  CcCidr host;

  cc_cidr_from_address (&host, destination, 128);
  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      ck_assert (socket->state == CC_TCP_LISTEN
                 || (cc_address_port (&socket->remote) == cc_address_port (destination)
                     && cc_cidr_contains (&host, &socket->remote)));
    }
}

START_TEST (test_connections_toward)
{
  const ConnectionCase *c = &connection_cases[_i];
  guint16 port;
  int listener = listen_on (c->listen_host, &port);
  CcAddress target = address_of (c->client_target, port);
  CcAddress destination = address_of (c->destination_host, port);
  CcSocketQuery query = { .destination = &destination };
  CcAddress ends[HELD + CLOSED + 1];
  Scope scope = { ends, G_N_ELEMENTS (ends) };
  int held[HELD], served[HELD + CLOSED];
  guint16 client_ports[HELD + CLOSED];

  ends[HELD + CLOSED] = local_end (listener);
  for (guint i = 0; i < HELD + CLOSED; i++)
    {
      int client = connect_to (c->client_family, &target);
      ends[i] = local_end (client);
      client_ports[i] = cc_address_port (&ends[i]);
      served[i] = accept (listener, NULL, NULL);
      ck_assert_int_ge (served[i], 0);
      if (i < HELD)
        held[i] = client;
      else
        {
          /* The side that closes first ends in TIME_WAIT once the peer closes too. */
          close (client);
          close (served[i]);
        }
    }
  ck_assert_uint_eq (wait_for_time_wait (&query, client_ports), CLOSED);
  {
    g_autoptr (CcSocketTable) table = read_both (&query, &scope);
    ck_assert_uint_eq (count_ours (table, client_ports, CC_TCP_ESTABLISHED), HELD);
    ck_assert_uint_eq (count_ours (table, client_ports, CC_TCP_TIME_WAIT), CLOSED);
    /* Not the listener, not the server's ends of the connections. */
    assert_only_asked (table, &destination);
    ck_assert_uint_eq (count_listeners (table, c->listen_host, port), 0);
  }
  /* Listeners and destination together: on any port (no kernel filter, as
   * cc_sockets_read asks), then on the listener's port only (ports "or" destination). */
  query.listeners = TRUE;
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr (CcSocketTable) table = NULL;
      query.listen_ports = pass == 0 ? NULL : &port;
      query.n_listen_ports = pass == 0 ? 0 : 1;
      table = read_both (&query, &scope);
      ck_assert_uint_eq (count_ours (table, client_ports, CC_TCP_ESTABLISHED), HELD);
      ck_assert_uint_eq (count_ours (table, client_ports, CC_TCP_TIME_WAIT), CLOSED);
      ck_assert_uint_eq (count_listeners (table, c->listen_host, port), 1);
      assert_only_asked (table, &destination);
    }
  for (guint i = 0; i < HELD; i++)
    {
      close (held[i]);
      close (served[i]);
    }
  close (listener);
}
END_TEST

/* The accept queue of a listener that never accepts: both readers see the connections
 * waiting (ss: Recv-Q), only netlink sees the backlog (ss: Send-Q). */
START_TEST (test_accept_queue)
{
  guint16 port;
  int listener = listen_on ("127.0.0.1", &port);
  CcAddress target = address_of ("127.0.0.1", 0);
  CcSocketQuery query = { .listeners = TRUE, .listen_ports = &port, .n_listen_ports = 1 };
  g_autoptr (CcSocketTable) diag = NULL;
  g_autoptr (CcSocketTable) proc = NULL;
  int held[3];

  ck_assert_int_eq (listen (listener, 2), 0);
  target = local_end (listener);
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    held[i] = connect_to (AF_INET, &target);
  diag = cc_sockdiag_query (&query, NULL);
  proc = cc_sockets_proc_query ("/", &query, NULL);
  ck_assert_ptr_nonnull (diag);
  ck_assert_ptr_nonnull (proc);
  ck_assert_uint_eq (diag->sockets->len, 1);
  ck_assert_uint_eq (proc->sockets->len, 1);
  ck_assert_uint_eq (g_array_index (diag->sockets, CcSocket, 0).accept_queue.waiting, 3);
  ck_assert_int_eq (g_array_index (diag->sockets, CcSocket, 0).accept_queue.backlog, 2);
  ck_assert_uint_eq (g_array_index (proc->sockets, CcSocket, 0).accept_queue.waiting, 3);
  ck_assert_int_eq (g_array_index (proc->sockets, CcSocket, 0).accept_queue.backlog, -1);
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    close (held[i]);
  close (listener);
}
END_TEST

/* Whether a :: listener takes IPv4 too: sock_diag says (INET_DIAG_SKV6ONLY), /proc
 * cannot. */
START_TEST (test_v6only)
{
  guint16 ports[3];
  int dual = listen_on ("::", &ports[0]);
  int v4 = listen_on ("127.0.0.1", &ports[1]);
  CcAddress any = address_of ("::", 0);
  int only = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  CcSocketQuery query = { .listeners = TRUE, .listen_ports = ports, .n_listen_ports = 3 };
  g_autoptr (CcSocketTable) diag = NULL;
  g_autoptr (CcSocketTable) proc = NULL;
  gint8 want_diag[3] = { 0, -1, 1 };

  ck_assert_int_eq (setsockopt (only, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on), 0);
  ck_assert_int_eq (bind (only, (struct sockaddr *) &any.sockaddr, any.length), 0);
  ck_assert_int_eq (listen (only, 4), 0);
  any = local_end (only);
  ports[2] = cc_address_port (&any);
  diag = cc_sockdiag_query (&query, NULL);
  proc = cc_sockets_proc_query ("/", &query, NULL);
  ck_assert_ptr_nonnull (diag);
  ck_assert_ptr_nonnull (proc);
  for (guint p = 0; p < 3; p++)
    {
      guint seen = 0;
      for (guint i = 0; i < diag->sockets->len; i++)
        {
          const CcSocket *socket = &g_array_index (diag->sockets, CcSocket, i);
          if (cc_address_port (&socket->local) != ports[p])
            continue;
          ck_assert_msg (socket->v6only == want_diag[p], "port %u: v6only %d", ports[p],
                         socket->v6only);
          seen++;
        }
      ck_assert_uint_eq (seen, 1);
    }
  ck_assert_uint_ge (proc->sockets->len, 3);
  for (guint i = 0; i < proc->sockets->len; i++)
    ck_assert_int_eq (g_array_index (proc->sockets, CcSocket, i).v6only, -1);
  close (only);
  close (v4);
  close (dual);
}
END_TEST

/* A fixture root is read through its files, never through the live kernel, even for a
 * port that listens on the live system. */
START_TEST (test_fixture_root_uses_files)
{
  guint16 port;
  int fd = listen_on ("127.0.0.1", &port);
  g_autofree char *root = g_dir_make_tmp ("cc-sockdiag-XXXXXX", NULL);
  g_autofree char *proc = g_build_filename (root, "proc", NULL);
  g_autofree char *net = g_build_filename (proc, "net", NULL);
  g_autofree char *tcp = g_build_filename (net, "tcp", NULL);
  g_autofree char *lines = g_strdup_printf (
    "  sl  local_address rem_address   st\n   0: 0200000A:%04X 00000000:0000 0A\n", port);
  CcSocketQuery query = { .listeners = TRUE, .listen_ports = &port, .n_listen_ports = 1 };
  g_autoptr (CcSocketTable) table = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (net, 0700), 0);
  ck_assert (g_file_set_contents (tcp, lines, -1, NULL));
  table = cc_sockets_query (root, &query, NULL);
  ck_assert_ptr_nonnull (table);
  ck_assert_str_eq (table->origin, CC_SOCKETS_PROC_ORIGIN);
  ck_assert_uint_eq (table->sockets->len, 1);
  ck_assert_str_eq (g_array_index (table->sockets, CcSocket, 0).local.text, "10.0.0.2");
  g_unlink (tcp);
  g_rmdir (net);
  g_rmdir (proc);
  g_rmdir (root);
  close (fd);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("sockdiag");
  TCase *listeners = tcase_create ("listeners");
  TCase *connections = tcase_create ("connections");
  SRunner *runner;
  int failed;

  tcase_add_test (listeners, test_listeners_by_port);
  tcase_add_test (listeners, test_listeners_many_ports);
  tcase_add_test (listeners, test_nothing_asked);
  tcase_add_test (listeners, test_fixture_root_uses_files);
  tcase_add_test (listeners, test_accept_queue);
  tcase_add_test (listeners, test_v6only);
  tcase_set_timeout (listeners, 20);
  tcase_add_loop_test (connections, test_connections_toward, 0,
                       G_N_ELEMENTS (connection_cases));
  tcase_set_timeout (connections, 20);
  suite_add_tcase (suite, listeners);
  suite_add_tcase (suite, connections);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
