/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evidence readers against fixture /proc trees built by the test, and the address
 * prefixes and settings they are matched with. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <string.h>
#include <time.h>

#include "base/cidr.h"
#include "model/endpoint.h"
#include "knowledge/evidence/proxy.h"
#include "knowledge/evidence/sockets.h"
#include "knowledge/evidence/sysctl.h"
#include "proc_fixture.h"

static char *root;

static void
make_root (void)
{
  root = proc_fixture_new ("cc-evidence-XXXXXX");
}

static void
drop_root (void)
{
  g_clear_pointer (&root, proc_fixture_remove);
}

static void
write_file (const char *relative, const char *contents)
{
  proc_fixture_write (root, relative, contents);
}

/* "0100007F:1F91": what the kernel prints, each 32-bit word in host order. */
static void
append_endpoint (GString *out, const char *address, guint16 port)
{
  guint8 bytes[16];
  guint32 word;
  gboolean ipv6 = strchr (address, ':') != NULL;

  ck_assert_int_eq (inet_pton (ipv6 ? AF_INET6 : AF_INET, address, bytes), 1);
  for (guint i = 0; i < (ipv6 ? 4u : 1u); i++)
    {
      memcpy (&word, bytes + i * 4, 4);
      g_string_append_printf (out, "%08X", word);
    }
  g_string_append_printf (out, ":%04X", port);
}

static void
append_socket (GString *out, guint n, const char *local, guint16 local_port,
               const char *remote, guint16 remote_port, guint state)
{
  g_string_append_printf (out, "%4u: ", n);
  append_endpoint (out, local, local_port);
  g_string_append_c (out, ' ');
  append_endpoint (out, remote, remote_port);
  g_string_append_printf (out, " %02X 00000000:00000000 00:00000000 00000000     0        0 "
                          "12345 1 0000000000000000 100 0 0 10 0\n", state);
}

static const char header[] =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
  "timeout inode\n";

static CcAddress
address_of (const char *text, guint16 port)
{
  CcAddress address;

  ck_assert_msg (cc_address_parse (&address, text, port), "not an address: %s", text);
  return address;
}

static void
write_mixed_fixture (void)
{
  g_autoptr (GString) tcp = g_string_new (header);
  g_autoptr (GString) tcp6 = g_string_new (header);

  append_socket (tcp, 0, "127.0.0.1", 8081, "0.0.0.0", 0, CC_TCP_LISTEN);
  append_socket (tcp, 1, "10.0.0.1", 40000, "10.0.0.2", 5555, CC_TCP_ESTABLISHED);
  append_socket (tcp, 2, "10.0.0.1", 40001, "10.0.0.2", 5555, CC_TCP_TIME_WAIT);
  append_socket (tcp, 3, "10.0.0.1", 40002, "10.0.0.3", 5555, CC_TCP_ESTABLISHED);
  g_string_append (tcp, "   4: not a socket line\n");
  g_string_append (tcp, "   5: 0100000A:ZZZZ 0200000A:15B3 01 0\n");
  g_string_append (tcp, "   6: 0100000A:9C40 0200000A:15B3 7F 0\n");
  g_string_append (tcp, "   7: 0100000A:9C40\n");
  append_socket (tcp6, 0, "::1", 8081, "::", 0, CC_TCP_LISTEN);
  append_socket (tcp6, 1, "::ffff:10.0.0.1", 40003, "::ffff:10.0.0.2", 5555,
                 CC_TCP_TIME_WAIT);
  append_socket (tcp6, 2, "2001:db8::1", 40004, "2001:db8::2", 443, CC_TCP_SYN_SENT);
  g_string_append (tcp6, "   3: 00000000000000000000000001000000:1F91\n");
  write_file ("proc/net/tcp", tcp->str);
  write_file ("proc/net/tcp6", tcp6->str);
}

START_TEST (test_sockets_both_families)
{
  CcAddress destination = address_of ("10.0.0.2", 5555);
  guint counts[CC_TCP_STATE_LAST];
  g_autoptr (GError) error = NULL;
  g_autoptr (CcSocketTable) table = NULL;
  guint listeners = 0;

  write_mixed_fixture ();
  table = cc_sockets_read (root, &destination, &error);
  ck_assert_ptr_nonnull (table);
  ck_assert_int_eq (table->malformed, 5);
  for (guint i = 0; i < table->sockets->len; i++)
    {
      const CcSocket *socket = &g_array_index (table->sockets, CcSocket, i);
      if (socket->state == CC_TCP_LISTEN)
        {
          listeners++;
          ck_assert_uint_eq (cc_address_port (&socket->local), 8081);
          ck_assert (strcmp (socket->local.text, "127.0.0.1") == 0
                     || strcmp (socket->local.text, "::1") == 0);
        }
    }
  ck_assert_uint_eq (listeners, 2);
  /* Only listeners and the destination's sockets are kept. */
  ck_assert_uint_eq (table->sockets->len, 5);
  ck_assert_uint_eq (cc_sockets_count_toward (table, &destination, counts), 3);
  ck_assert_uint_eq (counts[CC_TCP_TIME_WAIT], 2);
  ck_assert_uint_eq (counts[CC_TCP_ESTABLISHED], 1);
}
END_TEST

START_TEST (test_sockets_ipv6_destination)
{
  CcAddress destination = address_of ("2001:db8::2", 443);
  guint counts[CC_TCP_STATE_LAST];
  g_autoptr (CcSocketTable) table = NULL;

  write_mixed_fixture ();
  table = cc_sockets_read (root, &destination, NULL);
  ck_assert_ptr_nonnull (table);
  ck_assert_uint_eq (cc_sockets_count_toward (table, &destination, counts), 1);
  ck_assert_uint_eq (counts[CC_TCP_SYN_SENT], 1);
  ck_assert_str_eq (cc_tcp_state_name (CC_TCP_SYN_SENT), "SYN_SENT");
  ck_assert_str_eq (cc_tcp_state_name (99), "UNKNOWN");
}
END_TEST

/* A run's counts of every connection say what one question per destination says, and a
 * host with more remote ends than the cap is not counted at all. */
START_TEST (test_connection_counts)
{
  const char *destinations[][2] = { { "10.0.0.2", "5555" }, { "10.0.0.3", "5555" },
                                    { "2001:db8::2", "443" }, { "10.0.0.2", "8081" } };
  g_autoptr (CcConnectionCounts) all = cc_connection_counts_new (16);
  g_autoptr (CcConnectionCounts) capped = cc_connection_counts_new (2);
  CcSocketQuery count_all = { .count = all }, count_capped = { .count = capped };
  g_autoptr (CcSocketTable) kept = NULL;
  g_autoptr (CcSocketTable) kept_capped = NULL;

  write_mixed_fixture ();
  kept = cc_sockets_proc_query (root, &count_all, NULL);
  ck_assert_ptr_nonnull (kept);
  ck_assert_uint_eq (kept->sockets->len, 0);
  ck_assert (cc_connection_counts_complete (all));
  for (guint i = 0; i < G_N_ELEMENTS (destinations); i++)
    {
      CcAddress destination = address_of (destinations[i][0], atoi (destinations[i][1]));
      g_autoptr (CcSocketTable) table = cc_sockets_read (root, &destination, NULL);
      guint asked[CC_TCP_STATE_LAST], counted[CC_TCP_STATE_LAST];

      ck_assert_uint_eq (cc_connection_counts_toward (all, &destination, counted),
                         cc_sockets_count_toward (table, &destination, asked));
      ck_assert_mem_eq (counted, asked, sizeof asked);
    }
  kept_capped = cc_sockets_proc_query (root, &count_capped, NULL);
  ck_assert (!cc_connection_counts_complete (capped));
}
END_TEST

START_TEST (test_sockets_missing_files)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcSocketTable) table = NULL;
  g_autoptr (CcSocketTable) without6 = NULL;

  table = cc_sockets_read (root, NULL, &error);
  ck_assert_ptr_null (table);
  ck_assert (g_error_matches (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ));
  /* A kernel without IPv6 has no tcp6: not an error. */
  write_file ("proc/net/tcp", header);
  without6 = cc_sockets_read (root, NULL, NULL);
  ck_assert_ptr_nonnull (without6);
  ck_assert_uint_eq (without6->sockets->len, 0);
}
END_TEST

START_TEST (test_sockets_huge_file)
{
  CcAddress destination = address_of ("10.9.0.2", 80);
  g_autoptr (GString) tcp = g_string_new (header);
  g_autoptr (CcSocketTable) table = NULL;
  guint counts[CC_TCP_STATE_LAST];
  gint64 started;
  char *long_line = g_strnfill (4000, 'A');

  for (guint i = 0; i < 100000; i++)
    append_socket (tcp, i, "10.9.0.1", (guint16) (1024 + i % 60000), "10.9.0.3", 80,
                   CC_TCP_TIME_WAIT);
  for (guint i = 0; i < 3; i++)
    append_socket (tcp, i, "10.9.0.1", (guint16) (2000 + i), "10.9.0.2", 80, CC_TCP_TIME_WAIT);
  g_string_append_printf (tcp, "  99: %s\n", long_line);
  append_socket (tcp, 100, "10.9.0.1", 3000, "10.9.0.2", 80, CC_TCP_ESTABLISHED);
  g_free (long_line);
  write_file ("proc/net/tcp", tcp->str);
  started = g_get_monotonic_time ();
  table = cc_sockets_read (root, &destination, NULL);
  ck_assert_ptr_nonnull (table);
  ck_assert_uint_eq (table->malformed, 1);
  ck_assert_uint_eq (table->sockets->len, 4);
  ck_assert_uint_eq (cc_sockets_count_toward (table, &destination, counts), 4);
  ck_assert_uint_eq (counts[CC_TCP_TIME_WAIT], 3);
  /* The time limit is the TCase timeout; report the figure for the record. */
  printf ("100,003 lines read in %.0f ms\n", (g_get_monotonic_time () - started) / 1000.0);
}
END_TEST

/* The kernel may print a socket twice when /proc/net/tcp is read while sockets come and
 * go (its walk restarts between reads): the same socket counts once, a different one
 * with the same ports in another state does not vanish. */
START_TEST (test_sockets_printed_twice_count_once)
{
  CcAddress destination = address_of ("10.9.0.2", 80);
  g_autoptr (GString) tcp = g_string_new (header);
  g_autoptr (CcSocketTable) table = NULL;
  guint counts[CC_TCP_STATE_LAST];

  append_socket (tcp, 0, "10.9.0.1", 2000, "10.9.0.2", 80, CC_TCP_TIME_WAIT);
  append_socket (tcp, 1, "10.9.0.1", 2001, "10.9.0.2", 80, CC_TCP_TIME_WAIT);
  append_socket (tcp, 2, "10.9.0.1", 2000, "10.9.0.2", 80, CC_TCP_TIME_WAIT);
  append_socket (tcp, 3, "10.9.0.1", 2001, "10.9.0.2", 80, CC_TCP_ESTABLISHED);
  write_file ("proc/net/tcp", tcp->str);
  table = cc_sockets_read (root, &destination, NULL);
  ck_assert_ptr_nonnull (table);
  ck_assert_uint_eq (cc_sockets_count_toward (table, &destination, counts), 3);
  ck_assert_uint_eq (counts[CC_TCP_TIME_WAIT], 2);
  ck_assert_uint_eq (counts[CC_TCP_ESTABLISHED], 1);
}
END_TEST

typedef struct {
  const char *range;
  const char *reuse; /* NULL: file absent */
  gboolean ok;
  guint size;
  int tw_reuse;
} SysctlCase;

static const SysctlCase sysctl_cases[] = {
  { "32768\t60999\n", "2\n", TRUE, 28232, 2 },
  { "40000 40003", "0", TRUE, 4, 0 },
  { "  1024   1024  \n", NULL, TRUE, 1, -1 },
  { "40000 40009", "seven", TRUE, 10, -1 },
  { "60999 32768", "1", FALSE, 0, 0 },
  { "40000", "1", FALSE, 0, 0 },
  { "1 2 3", "1", FALSE, 0, 0 },
  { "0 100", "1", FALSE, 0, 0 },
  { "abc def", "1", FALSE, 0, 0 },
  { "", "1", FALSE, 0, 0 },
  { "1 70000", "1", FALSE, 0, 0 },
};

START_TEST (test_sysctl_table)
{
  const SysctlCase *c = &sysctl_cases[_i];
  CcEphemeralRange range;
  g_autoptr (GError) error = NULL;

  write_file ("proc/sys/net/ipv4/ip_local_port_range", c->range);
  if (c->reuse != NULL)
    write_file ("proc/sys/net/ipv4/tcp_tw_reuse", c->reuse);
  ck_assert_int_eq (cc_ephemeral_read (root, &range, &error), c->ok);
  if (!c->ok)
    {
      ck_assert (g_error_matches (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT));
      return;
    }
  ck_assert_uint_eq (cc_ephemeral_size (&range), c->size);
  ck_assert_int_eq (range.tw_reuse, c->tw_reuse);
}
END_TEST

START_TEST (test_sysctl_missing_and_huge)
{
  CcEphemeralRange range;
  g_autoptr (GError) missing = NULL;
  g_autoptr (GError) huge = NULL;
  g_autofree char *big = g_strnfill (100000, '1');

  ck_assert (!cc_ephemeral_read (root, &range, &missing));
  ck_assert (g_error_matches (missing, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  write_file ("proc/sys/net/ipv4/ip_local_port_range", big);
  ck_assert (!cc_ephemeral_read (root, &range, &huge));
  ck_assert (g_error_matches (huge, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT));
}
END_TEST

typedef struct {
  const char *sockstat;
  const char *sockstat6; /* NULL: file absent (no IPv6) */
  gboolean ok;
  guint sockets;
} SockstatCase;

static const SockstatCase sockstat_cases[] = {
  { "sockets: used 9\nTCP: inuse 5 orphan 1 tw 54 alloc 80 mem 3\nUDP: inuse 2 mem 0\n",
    "TCP6: inuse 7\nUDP6: inuse 1\n", TRUE, 66 },
  { "TCP: inuse 5 orphan 0 tw 0 alloc 80 mem 3\n", NULL, TRUE, 5 },
  { "TCP: inuse 4294967295 orphan 0 tw 4294967295 alloc 1 mem 1\n", "TCP6: inuse 9\n", TRUE,
    G_MAXUINT },
  { "TCP: inuse 5 orphan 0 alloc 80 mem 3\n", NULL, FALSE, 0 },
  { "TCP: inuse five orphan 0 tw 1 alloc 80 mem 3\n", NULL, FALSE, 0 },
  { "UDP: inuse 5 mem 0\n", NULL, FALSE, 0 },
  { "TCP: inuse 5 orphan 0 tw 0 alloc 80 mem 3\n", "TCP6: used 7\n", FALSE, 0 },
  { "", NULL, FALSE, 0 },
};

/* The bound on sockets toward any one destination: TCP and TCP6 in use plus TIME_WAIT. */
START_TEST (test_sockstat_table)
{
  const SockstatCase *c = &sockstat_cases[_i];
  g_autoptr (GError) error = NULL;
  guint sockets = 0;

  write_file ("proc/net/sockstat", c->sockstat);
  if (c->sockstat6 != NULL)
    write_file ("proc/net/sockstat6", c->sockstat6);
  ck_assert_int_eq (cc_tcp_sockets_read (root, &sockets, &error), c->ok);
  if (c->ok)
    ck_assert_uint_eq (sockets, c->sockets);
  else
    ck_assert (g_error_matches (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT));
}
END_TEST

START_TEST (test_sockstat_missing_and_huge)
{
  g_autoptr (GError) missing = NULL;
  g_autoptr (GError) huge = NULL;
  g_autofree char *big = g_strnfill (100000, 'T');
  guint sockets;

  ck_assert (!cc_tcp_sockets_read (root, &sockets, &missing));
  ck_assert (g_error_matches (missing, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  write_file ("proc/net/sockstat", big);
  ck_assert (!cc_tcp_sockets_read (root, &sockets, &huge));
  ck_assert (g_error_matches (huge, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT));
}
END_TEST

START_TEST (test_proxy_variables)
{
  char *envp[] = {
    "PATH=/usr/bin", "http_proxy=http://u:secret@p:3128", "HTTPS_PROXY=http://p:3128",
    "no_proxy=", "ALL_PROXY=socks5://p:1080", "my_http_proxy=x", "ftp_proxy", NULL,
  };
  g_autoptr (GPtrArray) names = cc_proxy_variables (envp);
  g_autoptr (GPtrArray) none = cc_proxy_variables (NULL);

  ck_assert_uint_eq (names->len, 3);
  ck_assert_str_eq (g_ptr_array_index (names, 0), "ALL_PROXY");
  ck_assert_str_eq (g_ptr_array_index (names, 1), "HTTPS_PROXY");
  ck_assert_str_eq (g_ptr_array_index (names, 2), "http_proxy");
  ck_assert_uint_eq (none->len, 0);
}
END_TEST

typedef struct {
  const char *cidr;
  const char *address;
  gboolean contains;
} CidrCase;

static const CidrCase cidr_cases[] = {
  { "10.0.0.0/8", "10.255.1.2", TRUE },
  { "10.0.0.0/8", "11.0.0.1", FALSE },
  { "192.0.2.7", "192.0.2.7", TRUE },
  { "192.0.2.7", "192.0.2.8", FALSE },
  { "100.64.0.0/10", "100.127.255.255", TRUE },
  { "100.64.0.0/10", "100.128.0.0", FALSE },
  { "0.0.0.0/0", "203.0.113.9", TRUE },
  { "0.0.0.0/0", "2001:db8::1", FALSE },
  { "10.0.0.0/8", "::ffff:10.1.2.3", TRUE },
  { "2001:db8::/32", "2001:db8:ffff::1", TRUE },
  { "2001:db8::/32", "2001:db9::1", FALSE },
  { "fd00::/8", "fd12::1", TRUE },
  { "2001:db8::1/127", "2001:db8::0", TRUE },
  { "2001:db8::1/127", "2001:db8::2", FALSE },
};

START_TEST (test_cidr_contains)
{
  const CidrCase *c = &cidr_cases[_i];
  CcCidr cidr;
  CcAddress address = address_of (c->address, 1);

  ck_assert (cc_cidr_parse (c->cidr, &cidr, NULL));
  ck_assert_msg (cc_cidr_contains (&cidr, &address) == c->contains, "%s in %s", c->address,
                 c->cidr);
}
END_TEST

static const char *const bad_cidrs[] = {
  "", "10.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "2001:db8::/129",
  "example.com", "10.0.0.0 /8", "::1/1x", "1.2.3.4.5",
};

START_TEST (test_cidr_rejects)
{
  CcCidr cidr;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (!cc_cidr_parse (bad_cidrs[_i], &cidr, &error), "accepted '%s'", bad_cidrs[_i]);
  ck_assert (g_error_matches (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX));
}
END_TEST

START_TEST (test_cidr_file_names_line)
{
  g_autoptr (GArray) list = g_array_new (FALSE, TRUE, sizeof (CcCidr));
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) missing = NULL;
  g_autofree char *path = g_build_filename (root, "cdn.txt", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:5: ", path);

  write_file ("cdn.txt", "# CDN\n192.0.2.0/24\n\n  2001:db8::/32  # v6\n10.0.0.0/99\n");
  ck_assert (!cc_cidr_list_load (list, path, 0, &error));
  ck_assert (g_str_has_prefix (error->message, expected));
  ck_assert_uint_eq (list->len, 2);
  ck_assert (!cc_cidr_list_load (list, "/nonexistent/cdn.txt", 0, &missing));
  ck_assert (g_error_matches (missing, CC_CIDR_ERROR, CC_CIDR_ERROR_FILE));
}
END_TEST

/* A NUL used to end the text there: the lines after it were silently dropped. */
START_TEST (test_cidr_file_refuses_nul)
{
  g_autoptr (GArray) list = g_array_new (FALSE, TRUE, sizeof (CcCidr));
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (root, "nul.txt", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:2: the line contains a NUL byte", path);

  ck_assert (g_file_set_contents (path, "192.0.2.0/24\n10.0.0.1\0garbage\n", 30, NULL));
  ck_assert (!cc_cidr_list_load (list, path, 0, &error));
  ck_assert (g_error_matches (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX));
  ck_assert_msg (g_str_has_prefix (error->message, expected), "%s", error->message);
}
END_TEST

START_TEST (test_private_and_loopback)
{
  static const char *const private_ones[] = {
    "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.1.1",
    "fd00::1", "fe80::1",
  };
  static const char *const public_ones[] = {
    "172.32.0.1", "192.0.2.1", "100.128.0.1", "8.8.8.8", "2001:db8::1", "127.0.0.1",
    "172.15.255.255", "100.63.255.255", "fbff::1", "fec0::1", "11.0.0.1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (private_ones); i++)
    {
      CcAddress address = address_of (private_ones[i], 1);
      ck_assert_msg (cc_address_is_private (&address), "%s", private_ones[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (public_ones); i++)
    {
      CcAddress address = address_of (public_ones[i], 1);
      ck_assert_msg (!cc_address_is_private (&address), "%s", public_ones[i]);
    }
  CcAddress lo4 = address_of ("127.5.0.1", 1), lo6 = address_of ("::1", 1);
  ck_assert (cc_address_is_loopback (&lo4) && cc_address_is_loopback (&lo6));
  CcAddress not4 = address_of ("128.0.0.1", 1), not6 = address_of ("::2", 1);
  ck_assert (!cc_address_is_loopback (&not4) && !cc_address_is_loopback (&not6));
}
END_TEST

START_TEST (test_state_overrides)
{
  g_autoptr (GArray) overrides = g_array_new (FALSE, TRUE, sizeof (CcStateOverride));
  g_autoptr (GError) error = NULL;

  ck_assert (cc_state_overrides_parse (overrides, "timeout=warning", NULL));
  ck_assert (cc_state_overrides_parse (overrides, "timeout.host_down=ok", NULL));
  ck_assert (cc_state_overrides_parse (overrides, "timeout=WARNING", NULL));
  ck_assert_int_eq (cc_state_overrides_apply (overrides, CC_CAUSE_TIMEOUT_FILTERED,
                                              CC_STATE_CRITICAL), CC_STATE_WARNING);
  ck_assert_int_eq (cc_state_overrides_apply (overrides, CC_CAUSE_TIMEOUT_HOST_DOWN,
                                              CC_STATE_CRITICAL), CC_STATE_OK);
  ck_assert_int_eq (cc_state_overrides_apply (overrides, CC_CAUSE_REFUSED_NOT_LISTENING,
                                              CC_STATE_CRITICAL), CC_STATE_CRITICAL);
  ck_assert_int_eq (cc_state_overrides_apply (NULL, CC_CAUSE_TIMEOUT_FILTERED,
                                              CC_STATE_CRITICAL), CC_STATE_CRITICAL);
  ck_assert (!cc_state_overrides_parse (overrides, "timeout=critical", &error));
  ck_assert (g_error_matches (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("evidence");
  TCase *sockets = tcase_create ("sockets");
  TCase *sysctl = tcase_create ("sysctl");
  TCase *proxy = tcase_create ("proxy");
  TCase *cidr = tcase_create ("cidr");
  TCase *overrides = tcase_create ("overrides");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (sockets, make_root, drop_root);
  tcase_add_test (sockets, test_sockets_both_families);
  tcase_add_test (sockets, test_sockets_ipv6_destination);
  tcase_add_test (sockets, test_connection_counts);
  tcase_add_test (sockets, test_sockets_missing_files);
  tcase_add_test (sockets, test_sockets_huge_file);
  tcase_add_test (sockets, test_sockets_printed_twice_count_once);
  tcase_set_timeout (sockets, 30);
  tcase_add_checked_fixture (sysctl, make_root, drop_root);
  tcase_add_loop_test (sysctl, test_sysctl_table, 0, G_N_ELEMENTS (sysctl_cases));
  tcase_add_test (sysctl, test_sysctl_missing_and_huge);
  tcase_add_loop_test (sysctl, test_sockstat_table, 0, G_N_ELEMENTS (sockstat_cases));
  tcase_add_test (sysctl, test_sockstat_missing_and_huge);
  tcase_add_test (proxy, test_proxy_variables);
  tcase_add_checked_fixture (cidr, make_root, drop_root);
  tcase_add_loop_test (cidr, test_cidr_contains, 0, G_N_ELEMENTS (cidr_cases));
  tcase_add_loop_test (cidr, test_cidr_rejects, 0, G_N_ELEMENTS (bad_cidrs));
  tcase_add_test (cidr, test_cidr_file_names_line);
  tcase_add_test (cidr, test_cidr_file_refuses_nul);
  tcase_add_test (cidr, test_private_and_loopback);
  tcase_add_test (overrides, test_state_overrides);
  suite_add_tcase (suite, sockets);
  suite_add_tcase (suite, sysctl);
  suite_add_tcase (suite, proxy);
  suite_add_tcase (suite, cidr);
  suite_add_tcase (suite, overrides);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
