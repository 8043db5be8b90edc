/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A /proc-shaped fixture tree (see proc_fixture.h). */
#include <check.h>
#include <glib/gstdio.h>

#include "proc_fixture.h"

char *
proc_fixture_new (const char *name_template)
{
  char *root = g_dir_make_tmp (name_template, NULL);
  g_autofree char *net = NULL;
  g_autofree char *ipv4 = NULL;

  ck_assert_ptr_nonnull (root);
  net = g_build_filename (root, "proc/net", NULL);
  ipv4 = g_build_filename (root, "proc/sys/net/ipv4", NULL);
  ck_assert_int_eq (g_mkdir_with_parents (net, 0700), 0);
  ck_assert_int_eq (g_mkdir_with_parents (ipv4, 0700), 0);
  return root;
}

void
proc_fixture_write (const char *root, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  ck_assert (g_file_set_contents (path, contents, -1, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
proc_fixture_remove (char *root)
{
  remove_tree (root);
  g_free (root);
}
