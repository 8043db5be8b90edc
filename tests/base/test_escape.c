/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Escaping: values quoted and cut for error messages, whole lines made safe to print. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"

START_TEST (test_value_short)
{
  g_autofree char *plain = cc_escape_value ("80x");
  g_autofree char *hostile = cc_escape_value ("a|b\nCONN OK\\");

  ck_assert_str_eq (plain, "'80x'");
  ck_assert_str_eq (hostile, "'a\\x7cb\\x0aCONN OK\\\\'");
}
END_TEST

START_TEST (test_value_long_is_cut)
{
  g_autofree char *long_value = g_strnfill (100000, 'a');
  g_autofree char *quoted = cc_escape_value (long_value);
  g_autofree char *expected = g_strdup_printf ("'%.*s...' (100000 characters)",
                                               CC_ESCAPE_VALUE_MAX, long_value);

  ck_assert_str_eq (quoted, expected);
}
END_TEST

START_TEST (test_value_counts_characters)
{
  /* 40 full-width digits: 120 bytes, 40 characters. */
  GString *digits = g_string_new (NULL);
  g_autofree char *quoted = NULL;

  for (int i = 0; i < 40; i++)
    g_string_append (digits, "\xef\xbc\x91");
  quoted = cc_escape_value (digits->str);
  ck_assert_msg (g_str_has_prefix (quoted, "'\\xef\\xbc\\x91"), "%s", quoted);
  ck_assert_msg (g_str_has_suffix (quoted, "...' (40 characters)"), "%s", quoted);
  g_string_free (digits, TRUE);
}
END_TEST

START_TEST (test_line_keeps_words)
{
  /* GLib's own quotes and an already quoted value pass as they are. */
  const char *message = "Failed to open file \xe2\x80\x9c/x\xe2\x80\x9d: 'a\\x0a' b";
  g_autofree char *line = cc_escape_line (message, 1000);

  ck_assert_str_eq (line, message);
}
END_TEST

START_TEST (test_line_escapes_layout)
{
  /* A newline, a pipe, a bidi override (U+202E), C1 NEL (U+0085), an invalid byte. */
  g_autofree char *line = cc_escape_line ("a\nb|c\xe2\x80\xae" "d\xc2\x85" "e\xff", 1000);

  ck_assert_str_eq (line, "a\\x0ab\\x7cc\\xe2\\x80\\xaed\\xc2\\x85e\\xff");
}
END_TEST

START_TEST (test_line_is_cut)
{
  g_autofree char *long_text = g_strnfill (5000, '\n');
  g_autofree char *line = cc_escape_line (long_text, 1009);

  ck_assert_uint_le (strlen (line), 1009);
  ck_assert_msg (g_str_has_suffix (line, "\\x0a..."), "%s", line);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("escape");
  TCase *value = tcase_create ("value");
  TCase *line = tcase_create ("line");
  SRunner *runner;
  int failed;

  tcase_add_test (value, test_value_short);
  tcase_add_test (value, test_value_long_is_cut);
  tcase_add_test (value, test_value_counts_characters);
  tcase_add_test (line, test_line_keeps_words);
  tcase_add_test (line, test_line_escapes_layout);
  tcase_add_test (line, test_line_is_cut);
  suite_add_tcase (suite, value);
  suite_add_tcase (suite, line);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
