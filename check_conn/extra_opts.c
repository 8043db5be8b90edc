/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "extra_opts.h"

#include <string.h>

#include "base/escape.h"
#include "base/file.h"
#include "options_error.h"

#define OPTION "--extra-opts"
#define DEFAULT_SECTION "check_conn"
/* An options file is a few lines; a bigger one is not what the user meant. */
#define MAX_FILE_BYTES (1024 * 1024)
#define READ_DEADLINE_US (2 * G_USEC_PER_SEC)

/* monitoring-plugins' search order: MP_CONFIG_PATH's directories, then these files. */
static const char *const file_names[] = {
  "monitoring-plugins.ini", "plugins.ini", "nagios-plugins.ini",
};
static const char *const default_paths[] = {
  "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
  "/usr/local/etc/monitoring-plugins.ini",
  "/etc/monitoring-plugins/monitoring-plugins.ini",
  "/etc/monitoring-plugins.ini",
  "/etc/nagios/plugins.ini",
  "/usr/local/nagios/etc/plugins.ini",
  "/usr/local/etc/nagios/plugins.ini",
  "/etc/opt/nagios/plugins.ini",
  "/etc/nagios-plugins.ini",
  "/usr/local/etc/nagios-plugins.ini",
  "/etc/opt/nagios-plugins.ini",
};

static char *
find_default_file (GError **error)
{
  const char *dirs = g_getenv ("MP_CONFIG_PATH");
  g_auto (GStrv) split = g_strsplit (dirs != NULL ? dirs : "", ":", -1);

  for (guint d = 0; split[d] != NULL; d++)
    for (guint n = 0; *split[d] != '\0' && n < G_N_ELEMENTS (file_names); n++)
      {
        char *path = g_build_filename (split[d], file_names[n], NULL);
        if (g_file_test (path, G_FILE_TEST_EXISTS))
          return path;
        g_free (path);
      }
  for (guint i = 0; i < G_N_ELEMENTS (default_paths); i++)
    if (g_file_test (default_paths[i], G_FILE_TEST_EXISTS))
      return g_strdup (default_paths[i]);
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               OPTION ": no options file in MP_CONFIG_PATH, /etc/monitoring-plugins.ini, "
               "/etc/nagios/plugins.ini or the other standard places; name one: "
               OPTION "=[SECTION]@FILE");
  return NULL;
}

typedef struct {
  char *path;
  GHashTable *lines;    /* key of the wanted section -> its line number */
  guint section_line;   /* 0: the section is not in the file */
} Source;

static void
source_clear (Source *source)
{
  g_free (source->path);
  g_clear_pointer (&source->lines, g_hash_table_unref);
}

static gboolean
fail_at (GError **error, const Source *source, guint line, const char *what)
{
  g_autofree char *path = cc_escape_text (source->path);
  g_set_error (error, CC_OPTIONS_ERROR, 0, "%s:%u: %s", path, line, what);
  return FALSE;
}

/* Where a line's key ends: its '=', or the end of a key written bare (a flag, as
 * monitoring-plugins allow). */
static char *
key_of (const char *line)
{
  const char *equals = strchr (line, '=');
  return g_strstrip (g_strndup (line, equals != NULL ? (gsize) (equals - line) : strlen (line)));
}

/* A [section] line: whether it opens the wanted section, noting where it first does. */
static gboolean
opens_wanted (Source *source, const char *start, guint number, const char *wanted)
{
  const char *end = strchr (start, ']');
  gboolean is_wanted = end != NULL && end - start - 1 == (gssize) strlen (wanted)
                       && strncmp (start + 1, wanted, end - start - 1) == 0;

  if (is_wanted && source->section_line == 0)
    source->section_line = number;
  return is_wanted;
}

/* A key of the wanted section: noted with its line, once. */
static gboolean
note_key (Source *source, const char *start, guint number, GError **error)
{
  g_autofree char *key = key_of (start);
  guint first = GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
  g_autofree char *quoted = NULL;
  g_autofree char *what = NULL;

  /* GKeyFile would take "port[de]" as a translation and list no key: refused here,
   * rather than accepted and ignored. */
  if (strchr (key, '[') != NULL)
    {
      quoted = cc_escape_value (key);
      what = g_strdup_printf ("%s is no option name; keys are check_conn's long option "
                              "names (see --help)", quoted);
      return fail_at (error, source, number, what);
    }
  if (first == 0)
    {
      g_hash_table_insert (source->lines, g_steal_pointer (&key), GUINT_TO_POINTER (number));
      return TRUE;
    }
  quoted = cc_escape_value (key);
  what = g_strdup_printf ("%s is already set on line %u; give each option once", quoted,
                          first);
  return fail_at (error, source, number, what);
}

/* One line into text, a bare key given the '=' GKeyFile wants; notes the wanted
 * section's keys and their lines. */
static gboolean
scan_line (Source *source, GString *text, const char *line, guint number, const char *wanted,
           gboolean *in_wanted, GError **error)
{
  const char *start = line + strspn (line, " \t");
  gboolean is_key = *start != '\0' && *start != '#' && *start != ';' && *start != '[';

  g_string_append (text, line);
  g_string_append (text, is_key && strchr (start, '=') == NULL ? "=\n" : "\n");
  if (*start == '[')
    *in_wanted = opens_wanted (source, start, number, wanted);
  return !is_key || !*in_wanted || note_key (source, start, number, error);
}

/* The first line GKeyFile refuses: loading stops at it, so every longer prefix fails
 * too and a bisection finds it. */
static guint
first_bad_line (char **lines, guint n)
{
  guint good = 0, bad = n;

  while (bad - good > 1)
    {
      guint mid = (good + bad) / 2;
      g_autoptr (GKeyFile) keys = g_key_file_new ();
      g_autofree char *prefix = NULL;
      char *saved = lines[mid];

      lines[mid] = NULL;
      prefix = g_strjoinv ("\n", lines);
      lines[mid] = saved;
      if (g_key_file_load_from_data (keys, prefix, -1, G_KEY_FILE_NONE, NULL))
        good = mid;
      else
        bad = mid;
    }
  return bad;
}

static GKeyFile *
load (Source *source, const char *wanted, GError **error)
{
  gsize length;
  g_autoptr (GError) local = NULL;
  g_autofree char *content = cc_file_read (source->path, MAX_FILE_BYTES,
                                           g_get_monotonic_time () + READ_DEADLINE_US,
                                           &length, &local);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  gboolean in_wanted = FALSE;
  guint n;

  if (content == NULL)
    {
      g_set_error (error, CC_OPTIONS_ERROR, 0, OPTION ": %s", local->message);
      return NULL;
    }
  if (strlen (content) != length)
    {
      fail_at (error, source, 1, "the file holds a NUL byte; it is no text file");
      return NULL;
    }
  lines = g_strsplit (content, "\n", -1);
  n = g_strv_length (lines);
  for (guint i = 0; i < n; i++)
    if (!scan_line (source, text, lines[i], i + 1, wanted, &in_wanted, error))
      return NULL;
  if (!g_key_file_load_from_data (keys, text->str, text->len, G_KEY_FILE_NONE, &local))
    {
      g_auto (GStrv) rewritten = g_strsplit (text->str, "\n", -1);
      fail_at (error, source, first_bad_line (rewritten, g_strv_length (rewritten)),
               local->message);
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* SPEC is [SECTION][@FILE]; an empty part is the default. */
static gboolean
parse_spec (const char *spec, Source *source, char **section, GError **error)
{
  const char *at = strchr (spec, '@');
  g_autofree char *name = g_strndup (spec, at != NULL ? (gsize) (at - spec) : strlen (spec));

  *section = g_strdup (*name != '\0' ? name : DEFAULT_SECTION);
  source->path = at != NULL && at[1] != '\0' ? g_strdup (at + 1) : find_default_file (error);
  source->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return source->path != NULL;
}

static gboolean
add_option (GPtrArray *args, const Source *source, const char *key, const char *value,
            CcExtraOptsCheck check_one, GError **error)
{
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
  g_autofree char *arg = *value != '\0' ? g_strdup_printf ("--%s=%s", key, value)
                                        : g_strdup_printf ("--%s", key);
  g_autoptr (GError) local = NULL;

  if (strcmp (key, "extra-opts") == 0)
    return fail_at (error, source, line, "extra-opts cannot be read from an options file");
  if (!check_one (arg, &local))
    {
      if (g_error_matches (local, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION))
        g_prefix_error (&local, "keys are check_conn's long option names (see --help): ");
      return fail_at (error, source, line, local->message);
    }
  g_ptr_array_add (args, g_steal_pointer (&arg));
  return TRUE;
}

static gboolean
read_section (const char *spec, GPtrArray *args, CcExtraOptsCheck check_one, GError **error)
{
  Source source = { 0 };
  g_autofree char *section = NULL;
  g_autoptr (GKeyFile) keys = NULL;
  g_auto (GStrv) names = NULL;
  gboolean ok = parse_spec (spec, &source, &section, error)
                && (keys = load (&source, section, error)) != NULL;

  if (ok && source.section_line == 0)
    {
      g_autofree char *path = cc_escape_text (source.path);
      g_autofree char *quoted = cc_escape_value (section);
      g_set_error (error, CC_OPTIONS_ERROR, 0, "%s: no section %s; add it, or name "
                   "another with " OPTION "=SECTION@FILE", path, quoted);
      ok = FALSE;
    }
  if (ok)
    names = g_key_file_get_keys (keys, section, NULL, NULL);
  for (guint i = 0; ok && names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (keys, section, names[i], NULL);
      ok = add_option (args, &source, names[i], value, check_one, error);
    }
  source_clear (&source);
  return ok;
}

char **
cc_extra_opts_expand (char **argv, CcExtraOptsCheck check_one, GError **error)
{
  g_autoptr (GPtrArray) from_files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  GPtrArray *out;

  for (guint i = 1; argv[i] != NULL; i++)
    {
      const char *spec = NULL;

      if (g_str_has_prefix (argv[i], OPTION "="))
        spec = argv[i] + strlen (OPTION "=");
      else if (strcmp (argv[i], OPTION) == 0)
        spec = argv[i + 1] != NULL && argv[i + 1][0] != '-' ? argv[++i] : "";
      else
        g_ptr_array_add (rest, argv[i]);
      if (spec != NULL && !read_section (spec, from_files, check_one, error))
        return NULL;
    }
  out = g_ptr_array_new ();
  g_ptr_array_add (out, g_strdup (argv[0]));
  for (guint i = 0; i < from_files->len; i++)
    g_ptr_array_add (out, g_strdup (from_files->pdata[i]));
  for (guint i = 0; i < rest->len; i++)
    g_ptr_array_add (out, g_strdup (rest->pdata[i]));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}
