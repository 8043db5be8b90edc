/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <check.h>
#include <glib/gstdio.h>
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

/* ---- --extra-opts: an ini file written to a private folder, read by the parser. ---- */

static char *ini_dir;

static void
make_ini_dir (void)
{
  ini_dir = g_dir_make_tmp ("cc-extra-opts-XXXXXX", NULL);
  ck_assert_ptr_nonnull (ini_dir);
}

static void
remove_ini_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (ini_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ini_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (ini_dir);
  g_clear_pointer (&ini_dir, g_free);
}

static char *
write_ini (const char *name, const char *text)
{
  char *path = g_build_filename (ini_dir, name, NULL);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

START_TEST (test_extra_opts_first_command_line_wins)
{
  g_autofree char *ini = write_ini ("plugins.ini", "[check_conn]\nhostname = 127.0.0.1\n"
                                    "port = 22\ntimeout = 3\nipv4\n\n[db]\nport = 5432\n");
  g_autofree char *line = g_strdup_printf ("-p 80 --extra-opts=@%s --extra-opts db@%s -v",
                                           ini, ini);
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (parse (line, &options, &error), "%s", error ? error->message : "");
  ck_assert_str_eq (options->endpoint->host, "127.0.0.1");
  ck_assert_int_eq (options->endpoint->port, 80);
  ck_assert_double_eq (options->endpoint->timeout_s, 3);
  ck_assert_int_eq (options->endpoint->family, CC_FAMILY_IPV4);
  ck_assert_int_eq (options->verbosity, 1);
}
END_TEST

START_TEST (test_extra_opts_default_file_from_mp_config_path)
{
  g_autofree char *ini = write_ini ("monitoring-plugins.ini", "[web]\nhostname = ::1\n"
                                    "port = 443\n");
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  g_setenv ("MP_CONFIG_PATH", ini_dir, TRUE);
  ck_assert_msg (parse ("--extra-opts web", &options, &error), "%s",
                 error ? error->message : "");
  g_unsetenv ("MP_CONFIG_PATH");
  ck_assert_str_eq (options->endpoint->host, "::1");
  ck_assert_int_eq (options->endpoint->port, 443);
}
END_TEST

/* A file's mistake names the file and its line. */
static const struct {
  const char *text;
  guint line;
} bad_inis[] = {
  { "[check_conn]\nport = 70000\n", 2 },
  { "# c\n[check_conn]\nport = 1\nport = 2\n", 4 },
  { "[check_conn]\nport = 1\ncolour = blue\n", 3 },
  { "[check_conn]\nport = 1\n[broken\n", 3 },
  { "port = 1\n[check_conn]\n", 1 },
  { "[check_conn]\nextra-opts = other\n", 2 },
  { "[check_conn]\nport[de] = 1\n", 2 },
};

START_TEST (test_extra_opts_errors_name_the_line)
{
  g_autofree char *ini = write_ini ("bad.ini", bad_inis[_i].text);
  g_autofree char *line = g_strdup_printf ("--extra-opts=@%s", ini);
  g_autofree char *where = g_strdup_printf ("%s:%u: ", ini, bad_inis[_i].line);
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (!parse (line, &options, &error), "accepted: %s", bad_inis[_i].text);
  ck_assert (error->domain == CC_OPTIONS_ERROR);
  ck_assert_msg (g_str_has_prefix (error->message, where), "%s: wanted %s", error->message,
                 where);
}
END_TEST

START_TEST (test_extra_opts_missing_section_or_file)
{
  g_autofree char *ini = write_ini ("plugins.ini", "[check_conn]\nport = 1\n");
  g_autofree char *line = g_strdup_printf ("--extra-opts=nosuch@%s", ini);
  g_autoptr (CcOptions) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) missing = NULL;

  ck_assert (!parse (line, &options, &error));
  ck_assert (error->domain == CC_OPTIONS_ERROR);
  ck_assert_ptr_nonnull (strstr (error->message, ": no section 'nosuch'"));
  g_clear_pointer (&options, cc_options_free);
  ck_assert (!parse ("--extra-opts=@/nonexistent/plugins.ini", &options, &missing));
  ck_assert (missing->domain == CC_OPTIONS_ERROR);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("options");
  TCase *good = tcase_create ("accepted");
  TCase *bad = tcase_create ("rejected");
  TCase *extra_opts = tcase_create ("extra-opts");
  SRunner *runner;
  int failed;

  tcase_add_test (good, test_full_command_line);
  tcase_add_test (good, test_long_options_and_defaults);
  tcase_add_test (good, test_help_and_version_need_nothing_else);
  tcase_add_loop_test (bad, test_bad_command_lines, 0, G_N_ELEMENTS (bad_lines));
  tcase_add_checked_fixture (extra_opts, make_ini_dir, remove_ini_dir);
  tcase_add_test (extra_opts, test_extra_opts_first_command_line_wins);
  tcase_add_test (extra_opts, test_extra_opts_default_file_from_mp_config_path);
  tcase_add_loop_test (extra_opts, test_extra_opts_errors_name_the_line, 0,
                       G_N_ELEMENTS (bad_inis));
  tcase_add_test (extra_opts, test_extra_opts_missing_section_or_file);
  suite_add_tcase (suite, good);
  suite_add_tcase (suite, bad);
  suite_add_tcase (suite, extra_opts);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
