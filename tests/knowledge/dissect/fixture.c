/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "knowledge/dissect/internal.h"

const CcProbeContext *
fixture_context (void)
{
  static const guint8 nonce[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  static const CcProbeContext context = {
    .host = "localhost", .port = 80, .nonce = nonce,
  };
  return &context;
}

GBytes *
fixture_load (const char *name)
{
  g_autofree char *path = g_build_filename (FIXTURE_DIR, name, NULL);
  g_autoptr (GError) error = NULL;
  char *data;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &error))
    ck_abort_msg ("fixture %s: %s", name, error->message);
  return g_bytes_new_take (data, size);
}

static const CcDissector *
find (const char *name)
{
  const CcDissector *dissector = cc_dissector_find (name);
  ck_assert_msg (dissector != NULL, "no dissector %s", name);
  return dissector;
}

int
fixture_score (const char *dissector, GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  return find (dissector)->score (data, size, fixture_context ());
}

int
fixture_score_text (const char *dissector, const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, strlen (text));
  return fixture_score (dissector, bytes);
}

char *
fixture_field (const char *dissector, GBytes *bytes, const char *field)
{
  g_autoptr (GPtrArray) fields = cc_fields_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  find (dissector)->describe (data, size, fields);
  for (guint i = 0; i < fields->len; i++)
    {
      CcField *f = g_ptr_array_index (fields, i);
      if (strcmp (f->name, field) == 0)
        return g_strdup (f->value);
    }
  return NULL;
}

char *
fixture_field_text (const char *dissector, const char *text, const char *field)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, strlen (text));
  return fixture_field (dissector, bytes, field);
}

int
fixture_run (Suite *const *suites, gsize count)
{
  SRunner *runner = srunner_create (suites[0]);
  int failed;

  for (gsize i = 1; i < count; i++)
    srunner_add_suite (runner, suites[i]);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
