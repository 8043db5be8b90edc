/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The route and neighbour reader against real routes: each test runs in a network
 * namespace of its own (unshare), where a veth pair, discarding routes and a default
 * route are set up with ip(8). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/neighbour.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "knowledge/evidence/routes.h"

static const char *const setup_commands[] = {
  "ip link set lo up",
  "ip link add ccr0 type veth peer name ccr1",
  "ip link set ccr0 up",
  "ip link set ccr1 up",
  "ip addr add 10.8.0.1/24 dev ccr0",
  "ip addr add fd98::1/64 dev ccr0 nodad",
  "ip route add default via 10.8.0.2",
  "ip route add blackhole 10.9.0.0/16",
  "ip route add blackhole 10.9.0.0/24",
  "ip route add unreachable 10.9.1.0/24",
  "ip route add prohibit 10.9.2.0/24 table 100",
  "ip rule add to 10.9.2.0/24 table 100",
  "ip -6 route add blackhole fd99:1::/64",
  "ip -6 route add prohibit fd99:2::/64",
  "ip neigh add 10.8.0.5 lladdr 02:00:00:00:00:05 dev ccr0 nud permanent",
  "ip link add ccr2 type veth peer name ccr3",
  "ip link set ccr2 up",
};

static void
run_or_fail (const char *command)
{
  ck_assert_msg (system (command) == 0, "failed: %s", command);
}

/* A namespace of the test's own: nothing of the host's routes shows, nothing is left. */
static void
setup (void)
{
  ck_assert_msg (unshare (CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s (run as root)",
                 g_strerror (errno));
  for (guint i = 0; i < G_N_ELEMENTS (setup_commands); i++)
    run_or_fail (setup_commands[i]);
}

static CcRoute
lookup (const char *text)
{
  g_autoptr (GError) error = NULL;
  CcAddress destination;
  CcRoute route;

  ck_assert (cc_address_parse (&destination, text, 0));
  ck_assert_msg (cc_route_lookup (&destination, &route, &error), "%s: %s", text,
                 error != NULL ? error->message : "");
  return route;
}

static void
assert_discards (const char *destination, CcRouteKind kind, const char *prefix,
                 const char *command)
{
  CcRoute route = lookup (destination);
  g_autofree char *text = NULL;
  g_autofree char *delete = cc_route_delete_command (&route);

  ck_assert_int_eq (route.kind, kind);
  ck_assert (cc_route_discards (&route));
  ck_assert (route.has_prefix);
  text = cc_cidr_to_string (&route.prefix);
  ck_assert_str_eq (text, prefix);
  ck_assert_str_eq (delete, command);
}

START_TEST (test_blackhole_most_specific)
{
  assert_discards ("10.9.0.7", CC_ROUTE_BLACKHOLE, "10.9.0.0/24",
                   "ip route del blackhole 10.9.0.0/24");
  assert_discards ("10.9.7.7", CC_ROUTE_BLACKHOLE, "10.9.0.0/16",
                   "ip route del blackhole 10.9.0.0/16");
  ck_assert_str_eq (cc_route_kind_name (CC_ROUTE_BLACKHOLE), "blackhole");
}
END_TEST

START_TEST (test_unreachable_and_prohibit)
{
  assert_discards ("10.9.1.7", CC_ROUTE_UNREACHABLE, "10.9.1.0/24",
                   "ip route del unreachable 10.9.1.0/24");
  assert_discards ("10.9.2.7", CC_ROUTE_PROHIBIT, "10.9.2.0/24",
                   "ip route del prohibit 10.9.2.0/24 table 100");
}
END_TEST

START_TEST (test_ipv6_discards)
{
  assert_discards ("fd99:1::7", CC_ROUTE_BLACKHOLE, "fd99:1::/64",
                   "ip -6 route del blackhole fd99:1::/64");
  assert_discards ("fd99:2::7", CC_ROUTE_PROHIBIT, "fd99:2::/64",
                   "ip -6 route del prohibit fd99:2::/64");
}
END_TEST

START_TEST (test_forwarding)
{
  CcRoute on_link = lookup ("10.8.0.7");
  CcRoute routed = lookup ("192.0.2.1");
  CcRoute own = lookup ("10.8.0.1");
  CcRoute nowhere = lookup ("fd77::1");

  ck_assert_int_eq (on_link.kind, CC_ROUTE_FORWARD);
  ck_assert (!on_link.via_gateway);
  ck_assert_str_eq (on_link.next_hop.text, "10.8.0.7");
  ck_assert_str_eq (on_link.interface, "ccr0");
  ck_assert_int_eq (routed.kind, CC_ROUTE_FORWARD);
  ck_assert (routed.via_gateway);
  ck_assert_str_eq (routed.next_hop.text, "10.8.0.2");
  ck_assert_str_eq (routed.interface, "ccr0");
  ck_assert (!cc_route_discards (&routed));
  ck_assert_int_eq (own.kind, CC_ROUTE_LOCAL);
  ck_assert_int_eq (nowhere.kind, CC_ROUTE_NONE);
}
END_TEST

static CcNeighbour
neighbour_of (const char *text, int ifindex)
{
  g_autoptr (GError) error = NULL;
  CcAddress address;
  CcNeighbour neighbour;

  ck_assert (cc_address_parse (&address, text, 0));
  ck_assert_msg (cc_neighbour_lookup (&address, ifindex, &neighbour, &error), "%s: %s", text,
                 error != NULL ? error->message : "");
  return neighbour;
}

/* A connect to an on-link address makes the kernel ask ARP or NDP for it. */
static void
start_connect (const char *text)
{
  CcAddress address;
  int fd;

  ck_assert (cc_address_parse (&address, text, 9));
  fd = socket (cc_address_family (&address), SOCK_STREAM | SOCK_NONBLOCK, 0);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (connect (fd, (struct sockaddr *) &address.sockaddr, address.length), -1);
  ck_assert_int_eq (errno, EINPROGRESS);
  close (fd);
}

START_TEST (test_neighbours)
{
  int ifindex = lookup ("10.8.0.7").ifindex;
  CcNeighbour known = neighbour_of ("10.8.0.5", ifindex);
  CcNeighbour unknown = neighbour_of ("10.8.0.9", ifindex);
  CcNeighbour asked, asked6;

  ck_assert (known.found);
  ck_assert_str_eq (cc_neighbour_state_name (known.state), "PERMANENT");
  ck_assert (!cc_neighbour_unanswered (&known));
  ck_assert (!unknown.found);
  ck_assert (!cc_neighbour_unanswered (&unknown));
  start_connect ("10.8.0.7");
  start_connect ("fd98::7");
  asked = neighbour_of ("10.8.0.7", ifindex);
  asked6 = neighbour_of ("fd98::7", ifindex);
  ck_assert (asked.found && asked6.found);
  ck_assert_str_eq (cc_neighbour_state_name (asked.state), "INCOMPLETE");
  ck_assert_str_eq (cc_neighbour_state_name (asked6.state), "INCOMPLETE");
  ck_assert (cc_neighbour_unanswered (&asked));
  ck_assert (cc_neighbour_unanswered (&asked6));
  ck_assert_str_eq (cc_neighbour_state_name (NUD_FAILED), "FAILED");
}
END_TEST

/* ccr0's peer is up, ccr2's is down: no carrier. */
START_TEST (test_links)
{
  g_autoptr (GError) error = NULL;
  CcLink up, cut, none;

  ck_assert (cc_link_lookup ((int) if_nametoindex ("ccr0"), &up, &error));
  ck_assert (cc_link_lookup ((int) if_nametoindex ("ccr2"), &cut, &error));
  ck_assert (cc_link_lookup (99999, &none, &error));
  ck_assert (up.found && up.carrier);
  ck_assert (cut.found && !cut.carrier);
  ck_assert (!none.found);
}
END_TEST

static Suite *
routes_suite (void)
{
  Suite *suite = suite_create ("routes");
  TCase *discards = tcase_create ("discarding routes");
  TCase *forwarding = tcase_create ("forwarding routes");
  TCase *neighbours = tcase_create ("neighbours");

  tcase_add_checked_fixture (discards, setup, NULL);
  tcase_add_test (discards, test_blackhole_most_specific);
  tcase_add_test (discards, test_unreachable_and_prohibit);
  tcase_add_test (discards, test_ipv6_discards);
  tcase_add_checked_fixture (forwarding, setup, NULL);
  tcase_add_test (forwarding, test_forwarding);
  tcase_add_checked_fixture (neighbours, setup, NULL);
  tcase_add_test (neighbours, test_neighbours);
  tcase_add_test (neighbours, test_links);
  tcase_set_timeout (discards, 20);
  tcase_set_timeout (forwarding, 20);
  tcase_set_timeout (neighbours, 20);
  suite_add_tcase (suite, discards);
  suite_add_tcase (suite, forwarding);
  suite_add_tcase (suite, neighbours);
  return suite;
}

int
main (void)
{
  SRunner *runner;
  int failed;

  /* Without root there is no namespace to make: skip, as the shell tests do. */
  if (geteuid () != 0)
    return 77;
  runner = srunner_create (routes_suite ());
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
