/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target over every file of its corpus (CORPUS_DIR), without libFuzzer: the
 * corpus stays a regression test under any compiler, sanitizers and valgrind. */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (CORPUS_DIR, 0, &error);
  const char *name;
  guint count = 0;

  LLVMFuzzerInitialize (NULL, NULL);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (CORPUS_DIR, name, NULL);
      g_autofree char *data = NULL;
      gsize size;

      if (!g_file_get_contents (path, &data, &size, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
      count++;
    }
  printf ("%u corpus files replayed\n", count);
  return count > 0 ? 0 : 1;
}
