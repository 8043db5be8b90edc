/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The nftables ruleset reader against a ruleset recorded from nft 1.0.6 (nft/host.json,
 * made by nft/record.sh), and against malformed and hostile input. */
#include <check.h>
#include <string.h>
#include <sys/socket.h>

#include "knowledge/evidence/nft_ruleset.h"

static CcNftRuleset *recorded;

static void
load_recorded (void)
{
  g_autofree char *json = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  ck_assert (g_file_get_contents (FIXTURE_DIR "/host.json", &json, &length, NULL));
  recorded = cc_nft_ruleset_parse (json, length, &error);
  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (recorded);
}

static void
free_recorded (void)
{
  g_clear_pointer (&recorded, cc_nft_ruleset_free);
}

static GPtrArray *
find (const char *address, guint16 port)
{
  CcAddress destination;

  ck_assert (cc_address_parse (&destination, address, port));
  return cc_nft_ruleset_find (recorded, &destination);
}

static const CcNftFinding *
finding (GPtrArray *found, guint i)
{
  ck_assert_uint_gt (found->len, i);
  return found->pdata[i];
}

START_TEST (test_reject_rule_named)
{
  g_autoptr (GPtrArray) found = find ("127.0.0.1", 42010);

  ck_assert_uint_eq (found->len, 1);
  ck_assert_str_eq (finding (found, 0)->text,
                    "table inet filter chain input: tcp dport 42010 reject with tcp reset "
                    "(handle 6)");
  ck_assert_str_eq (finding (found, 0)->command, "nft delete rule inet filter input handle 6");
  ck_assert_int_eq (finding (found, 0)->stop, CC_NFT_REJECT);
  ck_assert (finding (found, 0)->certain);
}
END_TEST

START_TEST (test_sets_ranges_and_jumps)
{
  g_autoptr (GPtrArray) ranged = find ("10.1.2.3", 42013);
  g_autoptr (GPtrArray) jumped = find ("::1", 42080);
  g_autoptr (GPtrArray) named_set_miss = find ("127.0.0.1", 42443);

  ck_assert_str_eq (finding (ranged, 0)->text,
                    "table inet filter chain input: tcp dport { 42011-42015 } counter drop "
                    "(handle 8)");
  ck_assert_int_eq (finding (ranged, 0)->stop, CC_NFT_DROP);
  ck_assert_str_eq (finding (jumped, 0)->text,
                    "table inet filter chain web: tcp dport 42080 reject with tcp reset "
                    "(handle 14)");
  /* In the set, so the jump is taken, but the web chain rejects only 42080; then the
   * saddr rule may match, and the strict table's policy drops what it does not accept. */
  ck_assert_uint_eq (named_set_miss->len, 2);
  ck_assert (!finding (named_set_miss, 0)->certain);
  ck_assert_str_eq (finding (named_set_miss, 1)->text,
                    "table ip strict chain input: policy drop");
  ck_assert_ptr_null (finding (named_set_miss, 1)->command);
}
END_TEST

START_TEST (test_address_and_family)
{
  g_autoptr (GPtrArray) v4 = find ("127.0.0.2", 42016);
  g_autoptr (GPtrArray) other_v4 = find ("127.0.0.1", 42016);
  g_autoptr (GPtrArray) v6 = find ("::1", 42017);
  g_autoptr (GPtrArray) v6_other_port = find ("::1", 42016);

  ck_assert_str_eq (finding (v4, 0)->text,
                    "table inet filter chain input: ip daddr 127.0.0.2 tcp dport 42016 reject "
                    "with icmp port-unreachable (handle 9)");
  ck_assert (finding (v4, 0)->certain);
  /* 127.0.0.1 is not 127.0.0.2: only the saddr rule may match; the strict table accepts. */
  ck_assert_uint_eq (other_v4->len, 1);
  ck_assert (!finding (other_v4, 0)->certain);
  ck_assert_str_eq (finding (v6, 0)->text,
                    "table inet filter chain input: ip6 daddr ::1 tcp dport 42017 reject with "
                    "icmpx admin-prohibited (handle 10)");
  /* The strict table is ip only; nothing stops IPv6 to 42016. */
  ck_assert_uint_eq (v6_other_port->len, 0);
}
END_TEST

START_TEST (test_accept_and_unknowns)
{
  /* iif "lo" accept: a request to this host's own address comes in on lo. */
  g_autoptr (GPtrArray) accepted = find ("192.0.2.1", 42001);
  /* udp dport cannot match TCP; ip saddr is not known: the rule may match. */
  g_autoptr (GPtrArray) maybe = find ("192.0.2.1", 42050);
  g_autoptr (GPtrArray) exempt = find ("192.0.2.1", 42019);

  ck_assert_uint_eq (accepted->len, 0);
  ck_assert_uint_eq (maybe->len, 1);
  ck_assert_str_eq (finding (maybe, 0)->text,
                    "table inet filter chain input: tcp dport != 42019 ip saddr 10.0.0.0/8 drop "
                    "(handle 13)");
  ck_assert (!finding (maybe, 0)->certain);
  ck_assert_uint_eq (exempt->len, 0);
}
END_TEST

static void
assert_refused (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcNftRuleset) ruleset = cc_nft_ruleset_parse (json, strlen (json), &error);

  ck_assert_ptr_null (ruleset);
  ck_assert_ptr_nonnull (error);
  ck_assert_ptr_nonnull (strstr (error->message, CC_NFT_RULESET_ORIGIN));
}

START_TEST (test_malformed_refused)
{
  g_autofree char *deep = g_strnfill (100000, '[');

  assert_refused ("");
  assert_refused ("[]");
  assert_refused ("{\"nftables\": 5}");
  assert_refused ("{\"nftables\": [");
  assert_refused (deep);
}
END_TEST

/* Every field with the wrong type, unknown statements, dangling jumps, self-jumps: no
 * warning, no crash, and nothing certain that was not understood. */
START_TEST (test_hostile_ruleset)
{
  static const char json[] =
    "{\"nftables\": [1, \"x\", {\"chain\": 7}, {\"rule\": {\"chain\": 5}},"
    "{\"table\": {\"family\": \"inet\", \"name\": \"t\"}},"
    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\", \"hook\": \"input\","
    "  \"prio\": \"high\", \"policy\": \"drop\"}},"
    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"loop\"}},"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"loop\", \"handle\": 2,"
    "  \"expr\": [{\"jump\": {\"target\": \"loop\"}}]}},"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"handle\": \"h\","
    "  \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\","
    "  \"field\": \"dport\"}}, \"right\": {\"set\": [{\"range\": [1]}, {\"prefix\": 3},"
    "  {\"elem\": {\"val\": null}}, \"@nosuchset\", [[[]]]]}}}, {\"jump\": {\"target\": \"loop\"}},"
    "  {\"reject\": 5}]}},"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"handle\": 9,"
    "  \"expr\": [{\"xt\": {}}, {\"match\": {\"op\": \">\", \"left\": {\"meta\": {}},"
    "  \"right\": \"lo\"}}, {\"drop\": null}, {}]}},"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"handle\": 10,"
    "  \"expr\": [{\"jump\": {\"target\": \"nowhere\"}}]}}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (CcNftRuleset) ruleset = cc_nft_ruleset_parse (json, sizeof json - 1, &error);
  g_autoptr (GPtrArray) found = NULL;
  CcAddress destination;

  ck_assert_ptr_null (error);
  ck_assert (cc_address_parse (&destination, "127.0.0.1", 80));
  found = cc_nft_ruleset_find (ruleset, &destination);
  ck_assert_uint_ge (found->len, 2);
  for (guint i = 0; i + 1 < found->len; i++)
    ck_assert (!finding (found, i)->certain);
}
END_TEST

/* 200 rules that each jump back to their own chain, and a set that holds itself 2,000
 * times: JSON can say what the kernel refuses; the walk still ends (the case's timeout
 * catches a walk that does not). */
START_TEST (test_self_reference_bounded)
{
  g_autoptr (GString) json = g_string_new (
    "{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\","
    " \"hook\": \"input\"}}, {\"set\": {\"family\": \"inet\", \"table\": \"t\","
    " \"name\": \"s\", \"elem\": [");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcNftRuleset) ruleset = NULL;
  g_autoptr (GPtrArray) found = NULL;
  CcAddress destination;

  for (guint i = 0; i < 2000; i++)
    g_string_append (json, i > 0 ? ", \"@s\"" : "\"@s\"");
  g_string_append (json, "]}}");
  for (guint i = 0; i < 200; i++)
    g_string_append (json, ", {\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\","
                     " \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\":"
                     " {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": \"@s\"}},"
                     " {\"jump\": {\"target\": \"c\"}}]}}");
  g_string_append (json, "]}");
  ruleset = cc_nft_ruleset_parse (json->str, json->len, &error);
  ck_assert_ptr_null (error);
  ck_assert (cc_address_parse (&destination, "127.0.0.1", 80));
  found = cc_nft_ruleset_find (ruleset, &destination);
  ck_assert_uint_eq (found->len, 0);
}
END_TEST

static Suite *
nft_ruleset_suite (void)
{
  Suite *suite = suite_create ("nft_ruleset");
  TCase *recorded_case = tcase_create ("recorded");
  TCase *hostile = tcase_create ("hostile");

  tcase_add_checked_fixture (recorded_case, load_recorded, free_recorded);
  tcase_set_timeout (hostile, 30);
  tcase_add_test (recorded_case, test_reject_rule_named);
  tcase_add_test (recorded_case, test_sets_ranges_and_jumps);
  tcase_add_test (recorded_case, test_address_and_family);
  tcase_add_test (recorded_case, test_accept_and_unknowns);
  tcase_add_test (hostile, test_malformed_refused);
  tcase_add_test (hostile, test_hostile_ruleset);
  tcase_add_test (hostile, test_self_reference_bounded);
  suite_add_tcase (suite, recorded_case);
  suite_add_tcase (suite, hostile);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (nft_ruleset_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
