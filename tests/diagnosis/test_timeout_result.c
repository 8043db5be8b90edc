/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of --timeout-result: parsing, and which verdicts the deadline takes over.
 * The real deadlines (DROP, unanswered DNS) are in tests/modes/single/timeout_result.sh. */
#include <check.h>

#include "diagnosis/timeout_result.h"

START_TEST (test_default_is_critical)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  ck_assert_int_eq (endpoint->timeout_result, CC_STATE_CRITICAL);
}
END_TEST

static const struct {
  const char *text;
  CcState state;
} good[] = {
  { "ok", CC_STATE_OK },
  { "warning", CC_STATE_WARNING },
  { "critical", CC_STATE_CRITICAL },
  { "unknown", CC_STATE_UNKNOWN },
  { "UNKNOWN", CC_STATE_UNKNOWN },
  { "Warning", CC_STATE_WARNING },
};

START_TEST (test_parse_good)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GError) error = NULL;

  ck_assert (cc_endpoint_set_timeout_result (endpoint, good[_i].text, &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (endpoint->timeout_result, good[_i].state);
}
END_TEST

static const char *const bad[] = { "", "0", "3", "warn", "crit", "okay", "ok ", " unknown",
                                   "critical,unknown" };

START_TEST (test_parse_bad)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GError) error = NULL;

  ck_assert (!cc_endpoint_set_timeout_result (endpoint, bad[_i], &error));
  ck_assert (g_error_matches (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_TIMEOUT_RESULT));
  ck_assert_int_eq (endpoint->timeout_result, CC_STATE_CRITICAL);
}
END_TEST

typedef struct {
  CcCauseId cause;
  CcState state;
  gboolean deadline_hit; /* the engine expired the lookup, a connect or the exchange */
  gint64 elapsed_us;
  CcState expected; /* with timeout_result UNKNOWN and -t 0.001 */
} ApplyCase;

static const ApplyCase apply_cases[] = {
  { CC_CAUSE_TIMEOUT_NO_ANSWER, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_UNKNOWN },
  { CC_CAUSE_TIMEOUT_FILTERED, CC_STATE_CRITICAL, TRUE, 1500, CC_STATE_UNKNOWN },
  { CC_CAUSE_TIMEOUT_HOST_DOWN, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_UNKNOWN },
  { CC_CAUSE_DNS_FAILURE, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_UNKNOWN },
  { CC_CAUSE_PROTOCOL_SILENT, CC_STATE_CRITICAL, TRUE, 1001, CC_STATE_UNKNOWN },
  /* Before the deadline the verdict is the check's own. */
  { CC_CAUSE_REFUSED_NOT_LISTENING, CC_STATE_CRITICAL, FALSE, 999, CC_STATE_CRITICAL },
  { CC_CAUSE_DNS_NXDOMAIN, CC_STATE_CRITICAL, FALSE, 10, CC_STATE_CRITICAL },
  /* A refusal seen in time stays one when --diagnose's side probes or a tiny -t make
   * the whole check last past the deadline. */
  { CC_CAUSE_REFUSED_NOT_LISTENING, CC_STATE_CRITICAL, FALSE, 5000, CC_STATE_CRITICAL },
  { CC_CAUSE_DNS_FAILURE, CC_STATE_CRITICAL, FALSE, 5000, CC_STATE_CRITICAL },
  /* The kernel's own connect timeout, ended by no deadline of ours. */
  { CC_CAUSE_TIMEOUT_NO_ANSWER, CC_STATE_CRITICAL, FALSE, 5000, CC_STATE_CRITICAL },
  /* The deadline passed, but the verdict rests on what was seen before it. */
  { CC_CAUSE_REFUSED_NOT_LISTENING, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_CRITICAL },
  { CC_CAUSE_DNS_NXDOMAIN, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_CRITICAL },
  { CC_CAUSE_UNREACHABLE_HOST, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_CRITICAL },
  { CC_CAUSE_PROTOCOL_UNKNOWN, CC_STATE_CRITICAL, TRUE, 1000, CC_STATE_CRITICAL },
  /* Success, or a verdict from the addresses that answered, is no timeout. */
  { CC_CAUSE_NONE, CC_STATE_OK, TRUE, 1000, CC_STATE_OK },
  { CC_CAUSE_ADDRESSES_PARTIAL, CC_STATE_WARNING, TRUE, 1000, CC_STATE_WARNING },
};

START_TEST (test_apply)
{
  const ApplyCase *c = &apply_cases[_i];
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  CcObservation seen = { .endpoint = endpoint, .deadline_hit = c->deadline_hit };
  CcResult result = { .seen = &seen, .cause = c->cause, .state = c->state,
                      .elapsed_us = c->elapsed_us };

  endpoint->timeout_s = 0.001;
  endpoint->timeout_result = CC_STATE_UNKNOWN;
  cc_result_apply_timeout_result (&result);
  ck_assert_int_eq (result.state, c->expected);
  ck_assert_int_eq (result.cause, c->cause);
}
END_TEST

static Suite *
timeout_result_suite (void)
{
  Suite *suite = suite_create ("timeout_result");
  TCase *parse = tcase_create ("parse");
  TCase *apply = tcase_create ("apply");

  tcase_add_test (parse, test_default_is_critical);
  tcase_add_loop_test (parse, test_parse_good, 0, G_N_ELEMENTS (good));
  tcase_add_loop_test (parse, test_parse_bad, 0, G_N_ELEMENTS (bad));
  tcase_add_loop_test (apply, test_apply, 0, G_N_ELEMENTS (apply_cases));
  suite_add_tcase (suite, parse);
  suite_add_tcase (suite, apply);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (timeout_result_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
