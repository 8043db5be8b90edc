/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bulk report: count ranges, group verdicts and the Nagios summary, on real results. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/causes.h"
#include "render/audit.h"
#include "bulk_fixture.h"

/* One open and three refusing endpoints in group web, one open in group db. */
static CcBulkReport *
run (const char *group_settings, const CcCountRange *warning, const CcCountRange *critical,
     CcConfig **config_out)
{
  g_autofree char *text = g_strdup_printf (
    "[group web]\n%s\nendpoints = 127.0.0.1:%u, 127.0.0.1:%u, [::1]:%u, localhost:%u\n"
    "[group db]\nendpoints = 127.0.0.1:%u\n", group_settings, open_port, closed_port,
    closed_port, closed_port, open_port);

  return bulk_fixture_run (text, "r.ini", warning, critical, config_out);
}

START_TEST (test_count_ranges)
{
  CcCountRange count;

  ck_assert (cc_count_range_parse ("5", &count, NULL));
  ck_assert (!count.percent);
  ck_assert (!cc_count_range_alerts (&count, 5, 100));
  ck_assert (cc_count_range_alerts (&count, 6, 100));
  ck_assert (cc_count_range_parse ("10%", &count, NULL));
  ck_assert (count.percent);
  ck_assert_str_eq (count.range.text, "10%");
  ck_assert (!cc_count_range_alerts (&count, 1, 10));
  ck_assert (cc_count_range_alerts (&count, 2, 10));
  ck_assert (cc_count_range_parse ("@1:2", &count, NULL));
  ck_assert (cc_count_range_alerts (&count, 2, 10));
  ck_assert (!cc_count_range_parse ("%", &count, NULL));
  ck_assert (!cc_count_range_parse ("3:1", &count, NULL));
  ck_assert (cc_count_range_parse ("100%", &count, NULL));
  ck_assert (cc_count_range_parse ("150", &count, NULL)); /* a count, not a share */
}
END_TEST

/* A share beyond 100% could never alert. */
START_TEST (test_count_ranges_over_100_percent)
{
  static const char *const over[] = { "150%", "101%", "50:101%", "@0:200%", "~:101%" };
  CcCountRange count;

  for (guint i = 0; i < G_N_ELEMENTS (over); i++)
    {
      g_autoptr (GError) error = NULL;
      ck_assert_msg (!cc_count_range_parse (over[i], &count, &error), "%s accepted", over[i]);
      ck_assert (g_error_matches (error, CC_RANGE_ERROR, CC_RANGE_ERROR_PERCENT));
      ck_assert (!count.is_set);
    }
}
END_TEST

START_TEST (test_default_any_failure_critical)
{
  CcCountRange unset = { 0 };
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = run ("", &unset, &unset, &config);
  g_autofree char *text = cc_render_bulk_nagios (report, 0);
  const CcGroupVerdict *web = &g_array_index (report->groups, CcGroupVerdict, 0);
  const CcGroupVerdict *db = &g_array_index (report->groups, CcGroupVerdict, 1);

  ck_assert_uint_eq (web->total, 4);
  ck_assert_uint_eq (web->failing, 3);
  ck_assert_uint_eq (web->causes[CC_CAUSE_REFUSED_NOT_LISTENING], 3);
  ck_assert_int_eq (web->state, CC_STATE_CRITICAL);
  ck_assert_int_eq (db->state, CC_STATE_OK);
  ck_assert_int_eq (report->all.state, CC_STATE_CRITICAL);
  ck_assert_msg (g_str_has_prefix (text, "CONN CRITICAL - web: 3 of 4 endpoints failing "
                                         "(3 refused.not_listening); 1 group of 5 "
                                         "endpoints OK | endpoints=5;;;0 failing=3;;;0 "),
                 "%s", text);
  ck_assert_ptr_nonnull (strstr (text, "\nCRITICAL web [::1]:"));
}
END_TEST

START_TEST (test_group_ranges)
{
  CcCountRange unset = { 0 };
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = run ("warning-count = 1\ncritical-count = 80%", &unset,
                                         &unset, &config);

  /* 3 failing: above 1 (WARNING), 75 % is not above 80 % (no CRITICAL). */
  ck_assert_int_eq (g_array_index (report->groups, CcGroupVerdict, 0).state, CC_STATE_WARNING);
  ck_assert_int_eq (report->all.state, CC_STATE_WARNING);
}
END_TEST

START_TEST (test_command_line_ranges_win)
{
  CcCountRange warning = { 0 }, critical;
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = NULL;

  ck_assert (cc_count_range_parse ("3", &critical, NULL));
  report = run ("critical-count = 0", &warning, &critical, &config);
  ck_assert_int_eq (report->all.state, CC_STATE_OK);
}
END_TEST

START_TEST (test_csv_rows)
{
  CcCountRange unset = { 0 };
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = run ("", &unset, &unset, &config);
  g_autofree char *csv = cc_render_bulk_csv (report);
  g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 7); /* header, 5 rows, empty tail */
  ck_assert_str_eq (lines[0], "group,name,host,port,protocol,state,cause,address,connect_s,"
                              "total_s,checked,identified,detail,advice");
  ck_assert (g_str_has_prefix (lines[2], "web,,127.0.0.1,"));
  ck_assert_ptr_nonnull (strstr (lines[2], ",tcp,CRITICAL,refused.not_listening,127.0.0.1,,"));
  /* the advice is the cause table's, quoted as RFC 4180 asks for a field with commas */
  g_autofree char *advice = g_strdup_printf (",\"%s\"",
                                             cc_cause_find ("refused.not_listening")->advice);
  ck_assert_msg (g_str_has_suffix (lines[2], advice), "%s", lines[2]);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("report");
  TCase *ranges = tcase_create ("count ranges");
  TCase *verdicts = tcase_create ("group verdicts");
  SRunner *runner;
  int failed;

  tcase_add_test (ranges, test_count_ranges);
  tcase_add_test (ranges, test_count_ranges_over_100_percent);
  tcase_add_checked_fixture (verdicts, loopback_ports_setup, loopback_ports_teardown);
  tcase_add_test (verdicts, test_default_any_failure_critical);
  tcase_add_test (verdicts, test_group_ranges);
  tcase_add_test (verdicts, test_command_line_ranges_win);
  tcase_add_test (verdicts, test_csv_rows);
  tcase_set_timeout (verdicts, 20);
  suite_add_tcase (suite, ranges);
  suite_add_tcase (suite, verdicts);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
