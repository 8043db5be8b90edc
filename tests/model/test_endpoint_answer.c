/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the answer must hold, as the command line and the config file give it: status
 * lists, check_tcp's escapes, lengths and patterns. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/endpoint.h"

typedef struct {
  const char *text;
  gboolean ok;
} StatusCase;

static const StatusCase status_cases[] = {
  { "200", TRUE }, { "200,301-302", TRUE }, { " 200 , 300 - 399 ", TRUE }, { "599", TRUE },
  { "", FALSE }, { "99", FALSE }, { "600", FALSE }, { "302-301", FALSE }, { "200,", FALSE },
  { "2xx", FALSE }, { "-200", FALSE }, { "200-", FALSE }, { "+200", FALSE },
};

START_TEST (test_status_lists)
{
  const StatusCase *c = &status_cases[_i];
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autoptr (GError) error = NULL;

  ck_assert_msg (cc_endpoint_set_expect_status (endpoint, c->text, &error) == c->ok, "%s",
                 c->text);
  ck_assert ((error == NULL) == c->ok);
}
END_TEST

START_TEST (test_status_membership)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();

  ck_assert (cc_endpoint_set_expect_status (endpoint, "200,301-302", NULL));
  ck_assert (cc_endpoint_status_expected (endpoint, 200));
  ck_assert (cc_endpoint_status_expected (endpoint, 301));
  ck_assert (cc_endpoint_status_expected (endpoint, 302));
  ck_assert (!cc_endpoint_status_expected (endpoint, 300));
  ck_assert (!cc_endpoint_status_expected (endpoint, 303));
  /* A later list replaces the earlier one. */
  ck_assert (cc_endpoint_set_expect_status (endpoint, "404", NULL));
  ck_assert (!cc_endpoint_status_expected (endpoint, 200));
}
END_TEST

START_TEST (test_escapes)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  gsize size;
  const guint8 *data;

  ck_assert (cc_endpoint_set_send (endpoint, "a\\r\\n\\t\\\\\\x00\\xfF\\x7f", NULL));
  data = g_bytes_get_data (endpoint->send, &size);
  ck_assert_uint_eq (size, 8);
  ck_assert (memcmp (data, "a\r\n\t\\\x00\xff\x7f", 8) == 0);
  ck_assert (!cc_endpoint_set_send (endpoint, "a\\q", NULL));
  ck_assert (!cc_endpoint_set_send (endpoint, "a\\", NULL));
  ck_assert (!cc_endpoint_set_send (endpoint, "\\x4", NULL));
  ck_assert (!cc_endpoint_set_send (endpoint, "\\xg0", NULL));
  ck_assert (!cc_endpoint_set_expect_reply (endpoint, "", NULL));
}
END_TEST

START_TEST (test_lengths_and_patterns)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  g_autofree char *longest = g_strnfill (CC_EXPECT_MAX_BYTES, 'a');
  g_autofree char *too_long = g_strnfill (CC_EXPECT_MAX_BYTES + 1, 'a');
  g_autoptr (GError) error = NULL;

  ck_assert (cc_endpoint_set_expect_body (endpoint, longest, NULL));
  ck_assert (!cc_endpoint_set_expect_body (endpoint, too_long, NULL));
  ck_assert (!cc_endpoint_set_expect_body (endpoint, "", NULL));
  ck_assert (cc_endpoint_set_expect_regex (endpoint, "^ok\\s+[0-9]+$", NULL));
  ck_assert (!cc_endpoint_set_expect_regex (endpoint, "(unclosed", &error));
  ck_assert_ptr_nonnull (strstr (error->message, "at char"));
}
END_TEST

START_TEST (test_fit_with_protocol)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();

  ck_assert (cc_endpoint_set_expect_status (endpoint, "200", NULL));
  ck_assert (!cc_endpoint_check_answer (endpoint, NULL));
  endpoint->protocol = g_strdup ("HTTP");
  ck_assert (cc_endpoint_check_answer (endpoint, NULL));
  cc_endpoint_clear_answer (endpoint);
  ck_assert (cc_endpoint_set_send (endpoint, "x", NULL));
  ck_assert (!cc_endpoint_check_answer (endpoint, NULL));
  g_clear_pointer (&endpoint->protocol, g_free);
  ck_assert (cc_endpoint_check_answer (endpoint, NULL));
  ck_assert (cc_endpoint_wants_exchange (endpoint));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("endpoint_answer");
  TCase *parsing = tcase_create ("parsing");
  SRunner *runner;
  int failed;

  tcase_add_loop_test (parsing, test_status_lists, 0, G_N_ELEMENTS (status_cases));
  tcase_add_test (parsing, test_status_membership);
  tcase_add_test (parsing, test_escapes);
  tcase_add_test (parsing, test_lengths_and_patterns);
  tcase_add_test (parsing, test_fit_with_protocol);
  suite_add_tcase (suite, parsing);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
