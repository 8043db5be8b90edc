/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Icinga 2 passive results: service names and process-check-result bodies, on real
 * results from loopback. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/icinga.h"
#include "bulk_fixture.h"

/* Group web: the open port as a list item, the closed one as [endpoint web/admin]. */
static CcBulkReport *
run (CcConfig **config_out)
{
  g_autofree char *text = g_strdup_printf (
    "[group web]\nendpoints = 127.0.0.1:%u\n[endpoint web/admin]\nhost = 127.0.0.1\nport = %u\n",
    open_port, closed_port);
  static const CcCountRange unset = { 0 };

  return bulk_fixture_run (text, "i.ini", &unset, &unset, config_out);
}

/* Named as the audit names them: GROUP HOST:PORT, GROUP/NAME HOST:PORT. */
START_TEST (test_service_names)
{
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = run (&config);
  g_autofree char *listed = cc_render_icinga_service_name (config->entries->pdata[0]);
  g_autofree char *named = cc_render_icinga_service_name (config->entries->pdata[1]);
  g_autofree char *want_listed = g_strdup_printf ("web 127.0.0.1:%u", open_port);
  g_autofree char *want_named = g_strdup_printf ("web/admin 127.0.0.1:%u", closed_port);

  ck_assert_str_eq (listed, want_listed);
  ck_assert_str_eq (named, want_named);
}
END_TEST

/* The status line's text without its perfdata, the long output with real newlines in
 * JSON, the perfdata as a list, the state as exit_status. */
START_TEST (test_check_result_bodies)
{
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (CcBulkReport) report = run (&config);
  g_autofree char *ok = cc_render_icinga_check_result (report->results->pdata[0], "h\"x", "web",
                                                       "me", 0);
  g_autofree char *refused = cc_render_icinga_check_result (report->results->pdata[1], "h",
                                                            "web/admin", "me", 0);
  g_autofree char *ok_head = g_strdup_printf (
    "{\"type\":\"Service\",\"service\":\"h\\\"x!web\",\"exit_status\":0,"
    "\"plugin_output\":\"CONN OK - 127.0.0.1:%u connected in ", open_port);
  g_autofree char *refused_head = g_strdup_printf (
    "{\"type\":\"Service\",\"service\":\"h!web/admin\",\"exit_status\":2,"
    "\"plugin_output\":\"CONN CRITICAL - 127.0.0.1:%u connection refused: nothing listens on "
    "port %u (refused.not_listening)\\nadvice: ", closed_port, closed_port);

  ck_assert_msg (g_str_has_prefix (ok, ok_head), "%s", ok);
  ck_assert_msg (strstr (ok, " | ") == NULL, "%s", ok);
  ck_assert_msg (strstr (ok, "\",\"performance_data\":[\"time=") != NULL, "%s", ok);
  ck_assert_msg (g_str_has_suffix (ok, "s;;;0\"],\"check_source\":\"me\"}"), "%s", ok);
  ck_assert_msg (g_str_has_prefix (refused, refused_head), "%s", refused);
  ck_assert_msg (g_str_has_suffix (refused, "\",\"performance_data\":[],\"check_source\":\"me\"}"),
                 "%s", refused);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("icinga");
  TCase *results = tcase_create ("passive results");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (results, loopback_ports_setup, loopback_ports_teardown);
  tcase_add_test (results, test_service_names);
  tcase_add_test (results, test_check_result_bodies);
  tcase_set_timeout (results, 20);
  suite_add_tcase (suite, results);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
