/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>

#include "model/thresholds.h"

typedef struct {
  const char *text;
  double value;
  gboolean alerts;
} RangeCase;

/* Every range form, at and beyond each boundary (endpoints are inclusive). */
static const RangeCase cases[] = {
  { "10", -0.001, TRUE }, { "10", 0, FALSE }, { "10", 10, FALSE }, { "10", 10.001, TRUE },
  { "10:", 9.999, TRUE }, { "10:", 10, FALSE }, { "10:", 1e9, FALSE },
  { "~:10", -1e9, FALSE }, { "~:10", 10, FALSE }, { "~:10", 10.5, TRUE },
  { "10:20", 9.9, TRUE }, { "10:20", 10, FALSE }, { "10:20", 20, FALSE }, { "10:20", 20.1, TRUE },
  { "@10:20", 9.9, FALSE }, { "@10:20", 10, TRUE }, { "@10:20", 20, TRUE }, { "@10:20", 20.1, FALSE },
  { "0.5", 0.5, FALSE }, { "0.5", 0.5001, TRUE }, { "0", 0, FALSE }, { "0", 0.000001, TRUE },
  { "-5:-1", -3, FALSE }, { "-5:-1", 0, TRUE }, { "~:", 1e12, FALSE }, { "@~:0.1", 0.05, TRUE },
  { "1e-3", 0.0011, TRUE }, { "+2", 2, FALSE }, { ".5", 0.4, FALSE },
};

START_TEST (test_range_alerts)
{
  const RangeCase *c = &cases[_i];
  CcRange range;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (cc_range_parse (c->text, &range, &error), "%s: %s", c->text,
                 error ? error->message : "");
  ck_assert_msg (cc_range_alerts (&range, c->value) == c->alerts, "%s at %g: wanted %s",
                 c->text, c->value, c->alerts ? "alert" : "no alert");
  ck_assert_str_eq (range.text, c->text);
}
END_TEST

typedef struct {
  const char *text;
  int code;
} BadRange;

static const BadRange bad_ranges[] = {
  { "", CC_RANGE_ERROR_SYNTAX }, { "@", CC_RANGE_ERROR_SYNTAX }, { "abc", CC_RANGE_ERROR_SYNTAX },
  { "10:5", CC_RANGE_ERROR_ORDER }, { "@20:10", CC_RANGE_ERROR_ORDER },
  { "1:2:3", CC_RANGE_ERROR_SYNTAX }, { "~", CC_RANGE_ERROR_SYNTAX },
  { "10s", CC_RANGE_ERROR_SYNTAX }, { "1,5", CC_RANGE_ERROR_SYNTAX }, { "nan", CC_RANGE_ERROR_SYNTAX },
  { "inf", CC_RANGE_ERROR_SYNTAX }, { "1e999", CC_RANGE_ERROR_SYNTAX }, { " 5", CC_RANGE_ERROR_SYNTAX },
  { "5 ", CC_RANGE_ERROR_SYNTAX }, { "~:x", CC_RANGE_ERROR_SYNTAX }, { "@@1", CC_RANGE_ERROR_SYNTAX },
  { "0x10", CC_RANGE_ERROR_SYNTAX },
  { "1111111111111111111111111111111111111111111111111111111111111111111", CC_RANGE_ERROR_SYNTAX },
};

START_TEST (test_range_rejects)
{
  CcRange range;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (!cc_range_parse (bad_ranges[_i].text, &range, &error), "'%s' accepted",
                 bad_ranges[_i].text);
  ck_assert (g_error_matches (error, CC_RANGE_ERROR, bad_ranges[_i].code));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("thresholds");
  TCase *forms = tcase_create ("forms");
  TCase *invalid = tcase_create ("invalid");
  SRunner *runner;
  int failed;

  tcase_add_loop_test (forms, test_range_alerts, 0, G_N_ELEMENTS (cases));
  tcase_add_loop_test (invalid, test_range_rejects, 0, G_N_ELEMENTS (bad_ranges));
  suite_add_tcase (suite, forms);
  suite_add_tcase (suite, invalid);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
