/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>

#include "render/openmetrics.h"

/* A label reads back (after the format's own unescaping) as the escaped text every other
 * output shows: \xNN and doubled backslashes, quotes escaped for the format. */
START_TEST (test_label_escaping)
{
  g_autoptr (GString) labels = g_string_new (NULL);

  cc_openmetrics_label (labels, "capture", "a\"b\\c\nd|e");
  ck_assert_str_eq (labels->str, "capture=\"a\\\"b\\\\\\\\c\\\\x0ad\\\\x7ce\"");
  cc_openmetrics_label (labels, "cause", NULL);
  ck_assert_str_eq (labels->str, "capture=\"a\\\"b\\\\\\\\c\\\\x0ad\\\\x7ce\",cause=\"\"");
}
END_TEST

START_TEST (test_family_and_samples)
{
  g_autoptr (GString) out = g_string_new (NULL);

  cc_openmetrics_family (out, "check_conn_x_seconds", "A time");
  cc_openmetrics_seconds (out, "check_conn_x_seconds", "host=\"a\"", 1500);
  cc_openmetrics_count (out, "check_conn_x_seconds", "", 3);
  cc_openmetrics_end (out);
  ck_assert_str_eq (out->str, "# HELP check_conn_x_seconds A time\n"
                              "# TYPE check_conn_x_seconds gauge\n"
                              "check_conn_x_seconds{host=\"a\"} 0.001500\n"
                              "check_conn_x_seconds 3\n"
                              "# EOF\n");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("openmetrics");
  TCase *text = tcase_create ("text");
  SRunner *runner;
  int failed;

  tcase_add_test (text, test_label_escaping);
  tcase_add_test (text, test_family_and_samples);
  suite_add_tcase (suite, text);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
