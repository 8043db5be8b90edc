/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>
#include <string.h>

#include "check_conn/options.h"

/* Parses a space-separated command line (no quoting needed in these cases). */
static gboolean
parse (const char *line, CcOptions **options, GError **error)
{
  g_autofree char *full = g_strconcat ("check_conn ", line, NULL);
  g_auto (GStrv) argv = g_strsplit (full, " ", -1);

  *options = cc_options_new ();
  return cc_options_parse (*options, (int) g_strv_length (argv), argv, error);
}

START_TEST (test_full_command_line)
{
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert (parse ("-H db.example.com -p 5432 -t 2.5 -w 0.1 -c 0.5 -4 -v -v", &options, &error));
  ck_assert_str_eq (options->endpoint->host, "db.example.com");
  ck_assert_int_eq (options->endpoint->port, 5432);
  ck_assert_double_eq (options->endpoint->timeout_s, 2.5);
  ck_assert (options->endpoint->has_warning && options->endpoint->has_critical);
  ck_assert_str_eq (options->endpoint->critical.text, "0.5");
  ck_assert_int_eq (options->endpoint->family, CC_FAMILY_IPV4);
  ck_assert_int_eq (options->verbosity, 2);
}
END_TEST

START_TEST (test_long_options_and_defaults)
{
  g_autoptr (CcOptions) options = NULL;

  ck_assert (parse ("--hostname=[::1] --port=22", &options, NULL));
  ck_assert_str_eq (options->endpoint->host, "::1");
  ck_assert_double_eq (options->endpoint->timeout_s, CC_DEFAULT_TIMEOUT_S);
  ck_assert (!options->endpoint->has_warning);
  ck_assert_int_eq (options->endpoint->family, CC_FAMILY_ANY);
  ck_assert_int_eq (options->verbosity, 0);
}
END_TEST

START_TEST (test_help_and_version_need_nothing_else)
{
  g_autoptr (CcOptions) help = NULL;
  g_autoptr (CcOptions) version = NULL;

  ck_assert (parse ("-h", &help, NULL) && help->show_help);
  ck_assert (parse ("--version", &version, NULL) && version->show_version);
}
END_TEST

typedef struct {
  const char *line;
  const char *domain; /* quark name of the expected error domain */
} BadLine;

static const BadLine bad_lines[] = {
  { "-p 22", "cc-options-error-quark" },
  { "-H localhost", "cc-options-error-quark" },
  { "-H localhost -p 0", "cc-endpoint-error-quark" },
  { "-H localhost -p 70000", "cc-endpoint-error-quark" },
  { "-H localhost -p abc", "cc-endpoint-error-quark" },
  { "-H localhost -p -1", "cc-endpoint-error-quark" },
  { "-H localhost -p 22x", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -t -1", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -t 0", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -t abc", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -t nan", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -t 99999999", "cc-endpoint-error-quark" },
  { "-H localhost -p 22 -w 10:5", "cc-range-error-quark" },
  { "-H localhost -p 22 -c @", "cc-range-error-quark" },
  { "-H localhost -p 22 -w x", "cc-range-error-quark" },
  { "-H localhost -p 22 --frobnicate", "g-option-context-error-quark" },
  { "-H localhost -p 22 -x", "g-option-context-error-quark" },
  { "-H", "g-option-context-error-quark" },
  { "-H localhost -p 22 extra", "cc-options-error-quark" },
  { "-H localhost -p 22 -4 -6", "cc-options-error-quark" },
  { "-H ::1 -p 22 -4", "cc-options-error-quark" },
  { "-H 127.0.0.1 -p 22 -6", "cc-options-error-quark" },
  { "-H bad/host -p 22", "cc-endpoint-error-quark" },
  { "-H [] -p 22", "cc-endpoint-error-quark" },
};

START_TEST (test_bad_command_lines)
{
  const BadLine *bad = &bad_lines[_i];
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (!parse (bad->line, &options, &error), "accepted: %s", bad->line);
  ck_assert_str_eq (g_quark_to_string (error->domain), bad->domain);
  ck_assert_msg (strchr (error->message, '\n') == NULL, "multi-line: %s", error->message);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("options");
  TCase *good = tcase_create ("accepted");
  TCase *bad = tcase_create ("rejected");
  SRunner *runner;
  int failed;

  tcase_add_test (good, test_full_command_line);
  tcase_add_test (good, test_long_options_and_defaults);
  tcase_add_test (good, test_help_and_version_need_nothing_else);
  tcase_add_loop_test (bad, test_bad_command_lines, 0, G_N_ELEMENTS (bad_lines));
  suite_add_tcase (suite, good);
  suite_add_tcase (suite, bad);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
