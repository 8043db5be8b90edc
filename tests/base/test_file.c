/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading named files: regular files only, never blocking in open(), capped, by a
 * deadline. Real FIFOs, devices, directories and files in a scratch directory. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"

static char *scratch;

static void
make_scratch (void)
{
  scratch = g_dir_make_tmp ("cc-test-file-XXXXXX", NULL);
  ck_assert_ptr_nonnull (scratch);
}

static void
remove_scratch (void)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", scratch);
  ck_assert_int_eq (system (command), 0);
  g_clear_pointer (&scratch, g_free);
}

static char *
scratch_path (const char *name)
{
  return g_build_filename (scratch, name, NULL);
}

/* Asserts cc_file_read fails on path with code, a message starting with the path and
 * holding fragment, within a second. */
static void
expect_refused (const char *path, gsize max_bytes, gint64 deadline_us, CcFileError code,
                const char *fragment)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *text = cc_file_read (path, max_bytes, deadline_us, NULL, &error);

  ck_assert_ptr_null (text);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == CC_FILE_ERROR && error->code == (int) code,
                 "code %d, wanted %d: %s", error->code, code, error->message);
  ck_assert_msg (g_str_has_prefix (error->message, path), "%s", error->message);
  ck_assert_msg (strstr (error->message, fragment) != NULL, "no '%s' in: %s", fragment,
                 error->message);
  ck_assert_int_lt (g_get_monotonic_time () - start, G_USEC_PER_SEC);
}

START_TEST (test_reads_regular_file)
{
  g_autofree char *path = scratch_path ("ok.txt");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  ck_assert (g_file_set_contents (path, "a\0b\n", 4, NULL));
  text = cc_file_read (path, 4, 0, &length, &error);
  ck_assert_msg (text != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (length, 4);
  ck_assert_mem_eq (text, "a\0b\n", 5);
}
END_TEST

/* /proc files say 0 bytes and are read to their end. */
START_TEST (test_reads_proc_file)
{
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *text = cc_file_read ("/proc/self/status", 1 << 20, 0, &length, &error);

  ck_assert_msg (text != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_gt (length, 0);
  ck_assert_ptr_nonnull (strstr (text, "Name:"));
}
END_TEST

/* A FIFO with no writer: open() without O_NONBLOCK would wait for ever. */
START_TEST (test_refuses_fifo)
{
  g_autofree char *path = scratch_path ("fifo");

  ck_assert_int_eq (mkfifo (path, 0600), 0);
  expect_refused (path, 1024, 0, CC_FILE_ERROR_NOT_REGULAR, "is a FIFO, not a regular file");
}
END_TEST

START_TEST (test_refuses_devices_and_directories)
{
  expect_refused ("/dev/zero", 1024, 0, CC_FILE_ERROR_NOT_REGULAR, "a character device");
  expect_refused ("/dev/urandom", 1024, 0, CC_FILE_ERROR_NOT_REGULAR, "a character device");
  expect_refused (scratch, 1024, 0, CC_FILE_ERROR_NOT_REGULAR, "is a directory");
}
END_TEST

/* Refused from its size, before reading: 100 MB sparse, no disk used. */
START_TEST (test_refuses_big_file)
{
  g_autofree char *path = scratch_path ("big");
  int fd = open (path, O_WRONLY | O_CREAT, 0600);

  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (ftruncate (fd, 100 * 1000 * 1000), 0);
  close (fd);
  expect_refused (path, 16 << 20, 0, CC_FILE_ERROR_TOO_BIG, "larger than 16 MiB");
}
END_TEST

START_TEST (test_one_byte_over_is_refused)
{
  g_autofree char *path = scratch_path ("five");

  ck_assert (g_file_set_contents (path, "12345", 5, NULL));
  expect_refused (path, 4, 0, CC_FILE_ERROR_TOO_BIG, "larger than 4 bytes");
}
END_TEST

START_TEST (test_missing_file)
{
  g_autofree char *path = scratch_path ("missing");

  expect_refused (path, 4, 0, CC_FILE_ERROR_OPEN, "No such file or directory");
}
END_TEST

START_TEST (test_deadline)
{
  g_autofree char *path = scratch_path ("late");

  ck_assert (g_file_set_contents (path, "x", 1, NULL));
  expect_refused (path, 4, g_get_monotonic_time () - 1, CC_FILE_ERROR_DEADLINE,
                  "stopped at the deadline");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("file");
  TCase *reading = tcase_create ("reading");
  TCase *refusing = tcase_create ("refusing");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (reading, make_scratch, remove_scratch);
  tcase_add_checked_fixture (refusing, make_scratch, remove_scratch);
  tcase_set_timeout (refusing, 5);
  tcase_add_test (reading, test_reads_regular_file);
  tcase_add_test (reading, test_reads_proc_file);
  tcase_add_test (refusing, test_refuses_fifo);
  tcase_add_test (refusing, test_refuses_devices_and_directories);
  tcase_add_test (refusing, test_refuses_big_file);
  tcase_add_test (refusing, test_one_byte_over_is_refused);
  tcase_add_test (refusing, test_missing_file);
  tcase_add_test (refusing, test_deadline);
  suite_add_tcase (suite, reading);
  suite_add_tcase (suite, refusing);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
