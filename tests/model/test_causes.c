/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "model/causes.h"
#include "net/classify.h"

START_TEST (test_table_is_indexed_by_id)
{
  for (int id = 0; id < CC_CAUSE_LAST; id++)
    {
      const CcCause *cause = cc_cause_get (id);
      ck_assert_int_eq (cause->id, id);
      ck_assert_ptr_nonnull (cause->name);
      ck_assert_ptr_nonnull (cause->summary);
      ck_assert_ptr_nonnull (cause->advice);
      ck_assert_ptr_eq (cc_cause_find (cause->name), cause);
      ck_assert_msg (id == CC_CAUSE_NONE || strlen (cause->advice) > 0, "%s has no advice",
                     cause->name);
    }
}
END_TEST

START_TEST (test_names_are_dotted_ids)
{
  for (int id = 1; id < CC_CAUSE_LAST; id++)
    {
      const char *name = cc_cause_get (id)->name;
      ck_assert_msg (strchr (name, '.') != NULL, "%s", name);
      ck_assert_msg (strspn (name, "abcdefghijklmnopqrstuvwxyz._") == strlen (name), "%s", name);
    }
  ck_assert_ptr_null (cc_cause_find ("refused"));
  ck_assert_ptr_null (cc_cause_find (""));
}
END_TEST

typedef struct {
  int error;
  const char *cause;
} ErrnoCase;

static const ErrnoCase errno_cases[] = {
  { 0, "ok" },
  { ECONNREFUSED, "refused.not_listening" },
  { ETIMEDOUT, "timeout.no_answer" },
  { EHOSTUNREACH, "unreachable.host" },
  { ENETUNREACH, "unreachable.net" },
  { ECONNRESET, "conn.reset" },
  { EADDRNOTAVAIL, "local.ephemeral_exhausted" },
  { EPERM, "local.blocked" },
  { EACCES, "local.blocked" },
  { EMFILE, "local.resources" },
  { EIO, "conn.error" },
};

START_TEST (test_errno_to_cause)
{
  const ErrnoCase *c = &errno_cases[_i];
  ck_assert_str_eq (cc_cause_get (cc_classify_connect_errno (c->error))->name, c->cause);
}
END_TEST

START_TEST (test_default_states)
{
  ck_assert_int_eq (cc_cause_find ("refused.not_listening")->state, CC_STATE_CRITICAL);
  ck_assert_int_eq (cc_cause_find ("dns.nxdomain")->state, CC_STATE_CRITICAL);
  ck_assert_int_eq (cc_cause_find ("local.ephemeral_pressure")->state, CC_STATE_WARNING);
  ck_assert_int_eq (cc_cause_find ("addresses.partial")->state, CC_STATE_WARNING);
}
END_TEST

START_TEST (test_state_order)
{
  CcState state;
  ck_assert_int_eq (cc_state_worst (CC_STATE_OK, CC_STATE_WARNING), CC_STATE_WARNING);
  ck_assert_int_eq (cc_state_worst (CC_STATE_UNKNOWN, CC_STATE_CRITICAL), CC_STATE_CRITICAL);
  ck_assert_int_eq (cc_state_worst (CC_STATE_UNKNOWN, CC_STATE_WARNING), CC_STATE_UNKNOWN);
  ck_assert (cc_state_parse ("warning", &state) && state == CC_STATE_WARNING);
  ck_assert (!cc_state_parse ("warn", &state));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("causes");
  TCase *table = tcase_create ("table");
  TCase *classify = tcase_create ("classify");
  SRunner *runner;
  int failed;

  tcase_add_test (table, test_table_is_indexed_by_id);
  tcase_add_test (table, test_names_are_dotted_ids);
  tcase_add_test (table, test_default_states);
  tcase_add_test (table, test_state_order);
  tcase_add_loop_test (classify, test_errno_to_cause, 0, G_N_ELEMENTS (errno_cases));
  suite_add_tcase (suite, table);
  suite_add_tcase (suite, classify);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
