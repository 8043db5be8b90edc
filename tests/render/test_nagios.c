/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>
#include <string.h>

#include "base/escape.h"
#include "base/format.h"
#include "render/nagios.h"
#include "render/perfdata.h"

static GString *
perfdata (const char *label, double value, const char *uom, const char *warn, const char *crit)
{
  GString *out = g_string_new (NULL);
  CcRange w, c;

  if (warn)
    g_assert (cc_range_parse (warn, &w, NULL));
  if (crit)
    g_assert (cc_range_parse (crit, &c, NULL));
  cc_perfdata_append (out, label, value, uom, warn ? &w : NULL, crit ? &c : NULL, 0);
  return out;
}

START_TEST (test_perfdata_plain_label)
{
  g_autoptr (GString) out = perfdata ("time", 0.000412, "s", "1", "2");
  ck_assert_str_eq (out->str, "time=0.000412s;1;2;0");
}
END_TEST

START_TEST (test_perfdata_empty_thresholds)
{
  g_autoptr (GString) out = perfdata ("time", 1.5, "s", NULL, NULL);
  ck_assert_str_eq (out->str, "time=1.5s;;;0");
}
END_TEST

START_TEST (test_perfdata_quotes_label)
{
  g_autoptr (GString) out = perfdata ("time ::1", 2, "s", "~:0.5", "@1:2");
  ck_assert_str_eq (out->str, "'time ::1'=2s;~:0.5;@1:2;0");
}
END_TEST

START_TEST (test_perfdata_doubles_quote_and_drops_separators)
{
  g_autoptr (GString) out = perfdata ("it's=a|b\nc", 3, "", NULL, NULL);
  ck_assert_str_eq (out->str, "'it''s_a_b_c'=3;;;0");
}
END_TEST

START_TEST (test_perfdata_separates_items)
{
  g_autoptr (GString) out = perfdata ("a", 1, "", NULL, NULL);
  cc_perfdata_append (out, "b", 0.25, "ms", NULL, NULL, 0);
  ck_assert_str_eq (out->str, "a=1;;;0 b=0.25ms;;;0");
}
END_TEST

START_TEST (test_perfdata_c_locale_rounding)
{
  g_autoptr (GString) out = perfdata ("t", 0.0000004, "s", NULL, NULL);
  ck_assert_str_eq (out->str, "t=0s;;;0");
}
END_TEST

START_TEST (test_escape_keeps_printable)
{
  g_autofree char *out = cc_escape_text ("HTTP/1.1 400 Bad Request");
  ck_assert_str_eq (out, "HTTP/1.1 400 Bad Request");
}
END_TEST

START_TEST (test_escape_neutralises_separators_and_controls)
{
  static const guint8 hostile[] = { 'a', '|', 'b', '\n', '\r', 0, 0x1b, '[', '2', 'J', 0xff,
                                    0xc3, '\\', 't' };
  g_autofree char *out = cc_escape_bytes (hostile, sizeof hostile);
  ck_assert_str_eq (out, "a\\x7cb\\x0a\\x0d\\x00\\x1b[2J\\xff\\xc3\\\\t");
  ck_assert_ptr_null (strpbrk (out, "|\n\r"));
}
END_TEST

START_TEST (test_duration_units)
{
  ck_assert_str_eq (cc_format_duration (412).text, "0.4 ms");
  ck_assert_str_eq (cc_format_duration (999949).text, "999.9 ms");
  ck_assert_str_eq (cc_format_duration (1500000).text, "1.50 s");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("output");
  TCase *perf = tcase_create ("perfdata");
  TCase *escape = tcase_create ("escaping");
  TCase *units = tcase_create ("units");
  SRunner *runner;
  int failed;

  tcase_add_test (perf, test_perfdata_plain_label);
  tcase_add_test (perf, test_perfdata_empty_thresholds);
  tcase_add_test (perf, test_perfdata_quotes_label);
  tcase_add_test (perf, test_perfdata_doubles_quote_and_drops_separators);
  tcase_add_test (perf, test_perfdata_separates_items);
  tcase_add_test (perf, test_perfdata_c_locale_rounding);
  tcase_add_test (escape, test_escape_keeps_printable);
  tcase_add_test (escape, test_escape_neutralises_separators_and_controls);
  tcase_add_test (units, test_duration_units);
  suite_add_tcase (suite, perf);
  suite_add_tcase (suite, escape);
  suite_add_tcase (suite, units);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
