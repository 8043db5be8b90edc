/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "modes/config_file.h"

#include <string.h>

#include "base/escape.h"
#include "base/file.h"
#include "knowledge/dissect/dissect.h"

G_DEFINE_QUARK (cc-config-error-quark, cc_config_error)

#define DEFAULTS_SECTION "defaults"
#define GROUP_PREFIX "group "
#define ENDPOINT_PREFIX "endpoint "

/* The longest message; a quoted value is cut shorter (base/escape.h). */
#define MAX_MESSAGE 400

/* Names a near-miss may be corrected to: at most this many edits away. */
#define MAX_SUGGESTION_DISTANCE 2

/* The largest max-endpoints a file or the command line may ask for. */
#define MAX_MAX_ENDPOINTS 10000000

typedef enum {
  SCOPE_DEFAULTS = 1 << 0,
  SCOPE_GROUP = 1 << 1,
  SCOPE_ENDPOINT = 1 << 2,
} Scope;

/* What a setting is applied to; a key fills in one of them. */
/* The front-proxy files read so far: each is read once, by the deadline of the whole
 * config file. */
typedef struct {
  GHashTable *ranges; /* path -> GArray of CcCidr */
  GHashTable *ca_files; /* paths checked once as CA files, so that a thousand endpoints
                         * sharing [defaults] read it once */
  gint64 deadline_us; /* monotonic; 0: none */
} CidrFiles;

typedef struct {
  CcEndpoint *endpoint;
  CcConfigGroup *group;
  CidrFiles *cidr_files;
} Target;

typedef gboolean (*ApplyFunc) (Target *target, const char *value, GError **error);

typedef struct {
  const char *name;
  guint scopes;
  ApplyFunc apply;   /* NULL: read by the loader itself (endpoints, host, port) */
  const char *where; /* for misplaced keys: where it belongs */
} KeyRule;

static gboolean
apply_timeout (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_timeout (target->endpoint, value, error);
}

static gboolean
apply_warning (Target *target, const char *value, GError **error)
{
  target->endpoint->has_warning = cc_range_parse (value, &target->endpoint->warning, error);
  return target->endpoint->has_warning;
}

static gboolean
apply_critical (Target *target, const char *value, GError **error)
{
  target->endpoint->has_critical = cc_range_parse (value, &target->endpoint->critical, error);
  return target->endpoint->has_critical;
}

static gboolean
apply_family (Target *target, const char *value, GError **error)
{
  static const struct { const char *name; CcFamily family; } families[] = {
    { "any", CC_FAMILY_ANY }, { "ipv4", CC_FAMILY_IPV4 }, { "ipv6", CC_FAMILY_IPV6 },
  };
  g_autofree char *quoted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (strcmp (value, families[i].name) == 0)
      {
        target->endpoint->family = families[i].family;
        return TRUE;
      }
  quoted = cc_escape_value (value);
  g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_INVALID_VALUE,
               "%s is not a family; use any, ipv4 or ipv6", quoted);
  return FALSE;
}

/* "tcp" means connecting is all: no conversation after it; "identify" names whatever
 * answers (--identify). */
static gboolean
apply_protocol (Target *target, const char *value, GError **error)
{
  gboolean connect_only = strcmp (value, "tcp") == 0;
  gboolean identify = strcmp (value, "identify") == 0;

  target->endpoint->identify = identify;
  if (!connect_only && !identify)
    return cc_endpoint_set_protocol (target->endpoint, value, error);
  g_clear_pointer (&target->endpoint->protocol, g_free);
  return TRUE;
}

static gboolean
apply_path (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_path (target->endpoint, value, error);
}

static gboolean
apply_host_header (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_host_header (target->endpoint, value, error);
}

static gboolean
apply_sni (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_sni (target->endpoint, value, error);
}

static gboolean
apply_expect_status (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_expect_status (target->endpoint, value, error);
}

static gboolean
apply_expect_body (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_expect_body (target->endpoint, value, error);
}

static gboolean
apply_expect_regex (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_expect_regex (target->endpoint, value, error);
}

static gboolean
apply_send (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_send (target->endpoint, value, error);
}

static gboolean
apply_expect (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_expect_reply (target->endpoint, value, error);
}

static gboolean
apply_ca_file (Target *target, const char *value, GError **error)
{
  if (g_hash_table_contains (target->cidr_files->ca_files, value))
    {
      g_free (target->endpoint->ca_file);
      target->endpoint->ca_file = g_strdup (value);
      return TRUE;
    }
  if (!cc_endpoint_set_ca_file (target->endpoint, value, error))
    return FALSE;
  g_hash_table_add (target->cidr_files->ca_files, g_strdup (value));
  return TRUE;
}

static gboolean
apply_certificate_days (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_certificate_days (target->endpoint, value, error);
}

static gboolean
apply_tls_max (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_tls_max (target->endpoint, value, error);
}

static gboolean
apply_warning_count (Target *target, const char *value, GError **error)
{
  return cc_count_range_parse (value, &target->group->warning_count, error);
}

static gboolean
apply_critical_count (Target *target, const char *value, GError **error)
{
  return cc_count_range_parse (value, &target->group->critical_count, error);
}

static gboolean
apply_source (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_source (target->endpoint, value, error);
}

/* Adds to what outer sections gave: the longest matching cause wins (--state). */
static gboolean
apply_state (Target *target, const char *value, GError **error)
{
  return cc_endpoint_add_state_override (target->endpoint, value, error);
}

static gboolean
apply_timeout_result (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_timeout_result (target->endpoint, value, error);
}

/* The diagnosis keys replace what an outer section gave: an endpoint's own expected
 * addresses are the whole list, not an addition to the group's. */
static gboolean
apply_expect_address (Target *target, const char *value, GError **error)
{
  g_clear_pointer (&target->endpoint->expect, g_array_unref);
  return cc_endpoint_add_expect_address (target->endpoint, value, error);
}

/* A comma separated list: "8443, 9443". */
static gboolean
apply_service_port (Target *target, const char *value, GError **error)
{
  g_auto (GStrv) ports = g_strsplit (value, ",", -1);

  g_clear_pointer (&target->endpoint->service_ports, g_array_unref);
  if (ports[0] == NULL) /* an empty value: refused as no port */
    return cc_endpoint_add_service_port (target->endpoint, value, error);
  for (guint i = 0; ports[i] != NULL; i++)
    if (!cc_endpoint_add_service_port (target->endpoint, g_strstrip (ports[i]), error))
      return FALSE;
  return TRUE;
}

static gboolean
apply_ephemeral_warn (Target *target, const char *value, GError **error)
{
  return cc_endpoint_set_ephemeral_warn (target->endpoint, value, error);
}

/* Every endpoint shares the ranges read once: a group of 100,000 must not read the file
 * 100,000 times. */
static gboolean
apply_front_proxy_cidrs (Target *target, const char *value, GError **error)
{
  GArray *ranges = g_hash_table_lookup (target->cidr_files->ranges, value);

  if (ranges == NULL)
    {
      g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (CcCidr));

      if (!cc_cidr_list_load (read, value, target->cidr_files->deadline_us, error))
        return FALSE;
      ranges = read;
      g_hash_table_insert (target->cidr_files->ranges, g_strdup (value),
                           g_steal_pointer (&read));
    }
  g_clear_pointer (&target->endpoint->front_proxies, g_array_unref);
  target->endpoint->front_proxies = g_array_ref (ranges);
  return TRUE;
}

static gboolean
parse_true_false (const char *value, gboolean *out, GError **error)
{
  g_autofree char *quoted = NULL;

  if (strcmp (value, "true") == 0 || strcmp (value, "false") == 0)
    {
      *out = strcmp (value, "true") == 0;
      return TRUE;
    }
  quoted = cc_escape_value (value);
  g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_INVALID_VALUE,
               "%s is not true or false", quoted);
  return FALSE;
}

static gboolean
apply_diagnose (Target *target, const char *value, GError **error)
{
  if (!parse_true_false (value, &target->endpoint->diagnose, error))
    return FALSE;
  target->endpoint->side_probes = target->endpoint->diagnose;
  return TRUE;
}

static gboolean
apply_insecure (Target *target, const char *value, GError **error)
{
  return parse_true_false (value, &target->endpoint->insecure, error);
}

static gboolean
apply_starttls (Target *target, const char *value, GError **error)
{
  return parse_true_false (value, &target->endpoint->starttls, error);
}

static gboolean
apply_implicit_tls (Target *target, const char *value, GError **error)
{
  return parse_true_false (value, &target->endpoint->implicit_tls, error);
}

#define ALL (SCOPE_DEFAULTS | SCOPE_GROUP | SCOPE_ENDPOINT)
#define SHARED (SCOPE_DEFAULTS | SCOPE_GROUP)

/* Adding a key is adding a row. */
static const KeyRule key_rules[] = {
  { "host", SCOPE_ENDPOINT, NULL, "in [endpoint GROUP/NAME] sections" },
  { "port", SCOPE_ENDPOINT, NULL, "in [endpoint GROUP/NAME] sections" },
  { "endpoints", SCOPE_GROUP, NULL, "in [group NAME] sections" },
  { "max-endpoints", SCOPE_DEFAULTS, NULL, "in [defaults]" },
  { "timeout", ALL, apply_timeout, NULL },
  { "warning", ALL, apply_warning, NULL },
  { "critical", ALL, apply_critical, NULL },
  { "family", ALL, apply_family, NULL },
  { "protocol", ALL, apply_protocol, NULL },
  { "path", ALL, apply_path, NULL },
  { "host-header", ALL, apply_host_header, NULL },
  { "sni", ALL, apply_sni, NULL },
  { "expect-status", ALL, apply_expect_status, NULL },
  { "expect-body", ALL, apply_expect_body, NULL },
  { "expect-regex", ALL, apply_expect_regex, NULL },
  { "send", ALL, apply_send, NULL },
  { "expect", ALL, apply_expect, NULL },
  { "ca-file", ALL, apply_ca_file, NULL },
  { "insecure", ALL, apply_insecure, NULL },
  { "certificate-days", ALL, apply_certificate_days, NULL },
  { "tls-max", ALL, apply_tls_max, NULL },
  { "starttls", ALL, apply_starttls, NULL },
  { "tls", ALL, apply_implicit_tls, NULL },
  { "source", ALL, apply_source, NULL },
  { "state", ALL, apply_state, NULL },
  { "timeout-result", ALL, apply_timeout_result, NULL },
  { "expect-address", ALL, apply_expect_address, NULL },
  { "service-port", ALL, apply_service_port, NULL },
  { "ephemeral-warn", ALL, apply_ephemeral_warn, NULL },
  { "front-proxy-cidrs", ALL, apply_front_proxy_cidrs, NULL },
  { "diagnose", ALL, apply_diagnose, NULL },
  { "warning-count", SHARED, apply_warning_count, "in [defaults] or [group NAME]" },
  { "critical-count", SHARED, apply_critical_count, "in [defaults] or [group NAME]" },
};

/* Endpoint-level keys are read into a scratch endpoint to validate them; group-level
 * keys into the group. */
static gboolean
rule_targets_group (const KeyRule *rule)
{
  return (rule->scopes & SCOPE_ENDPOINT) == 0;
}

/* ---- Line numbers: GKeyFile keeps none, so the loader finds its own. ---- */

typedef struct {
  const char *path;
  GHashTable *lines; /* "section" and "section\x1fkey" -> line number */
} LineIndex;

static char *
index_key (const char *section, const char *key)
{
  return key != NULL ? g_strconcat (section, "\x1f", key, NULL) : g_strdup (section);
}

static guint
line_of (const LineIndex *index, const char *section, const char *key)
{
  g_autofree char *name = index_key (section, key);
  return GPOINTER_TO_UINT (g_hash_table_lookup (index->lines, name));
}

static gboolean G_GNUC_PRINTF (5, 6)
fail_at (GError **error, CcConfigError code, const LineIndex *index, guint line,
         const char *format, ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Values quoted from a hostile file can be megabytes long; one line must stay one. */
  if (strlen (what) > MAX_MESSAGE)
    strcpy (g_utf8_find_prev_char (what, what + MAX_MESSAGE - 3), "...");
  if (line == 0) /* not tied to a line: "FILE:0:" would send the reader to a line 0 */
    g_set_error (error, CC_CONFIG_ERROR, code, "%s: %s", index->path, what);
  else
    g_set_error (error, CC_CONFIG_ERROR, code, "%s:%u: %s", index->path, line, what);
  return FALSE;
}

/* Keeps *error (taking it, so the same variable can take the next one) so that the loader
 * can go on and find the others; FALSE when the list is full and the loader must stop. */
static gboolean
carry_on (GPtrArray *errors, GError **error)
{
  g_ptr_array_add (errors, g_steal_pointer (error));
  return errors->len < CC_CONFIG_MAX_ERRORS;
}

/* GKeyFile's rule: '[' name ']' with only blanks after it. */
static gboolean
scan_section (const char *line, char **name)
{
  const char *end = strchr (line, ']');

  if (line[0] != '[' || end == NULL || end == line + 1)
    return FALSE;
  for (const char *p = end + 1; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t')
      return FALSE;
  *name = g_strndup (line + 1, end - line - 1);
  return TRUE;
}

/* send and expect keep their backslashes: check_tcp's escapes (\xHH among them) are
 * theirs to read, as on the command line, and a request's final CR LF is no space to
 * strip. */
static gboolean
keeps_escapes (const char *key)
{
  return strcmp (key, "send") == 0 || strcmp (key, "expect") == 0;
}

/* The first backslash that starts no escape GKeyFile knows, or NULL. GLib 2.74 sets its
 * GError again on a second bad escape in one value and warns on stderr, so bad escapes
 * are caught here, with their line, before GKeyFile reads the value. */
static const char *
find_bad_escape (const char *value)
{
  for (const char *p = strchr (value, '\\'); p != NULL; p = strchr (p + 2, '\\'))
    if (p[1] == '\0' || strchr ("stnr\\", p[1]) == NULL)
      return p;
  return NULL;
}

static gboolean
bad_escape (const LineIndex *index, guint number, const char *section, const char *key,
            const char *escape, GError **error)
{
  if (escape[1] == '\0')
    return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, index, number,
                    "[%s] %s: the value ends in a backslash; write a backslash as \\\\",
                    section, key);
  return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, index, number,
                  "[%s] %s: '\\%.*s' is no escape; a value may use \\s \\t \\n \\r and "
                  "\\\\", section, key, (int) (g_utf8_next_char (escape + 1) - escape - 1),
                  escape + 1);
}

/* Where GKeyFile starts reading a line: after the same blanks, or the line numbers of
 * "\fport = 1" (form feed) would be looked up under another key and come out as 0. */
static const char *
skip_blanks (const char *line)
{
  while (g_ascii_isspace (*line))
    line++;
  return line;
}

static gboolean
scan_line (LineIndex *index, const char *line, guint number, char **section,
           GError **error)
{
  const char *start = skip_blanks (line);
  const char *equals = strchr (start, '=');
  const char *escape;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  if (!g_utf8_validate (line, -1, NULL))
    return fail_at (error, CC_CONFIG_ERROR_PARSE, index, number,
                    "the line is not valid UTF-8");
  if (*start == '\0' || *start == '#')
    return TRUE;
  if (start != line && (*start == '[' || equals == NULL))
    return fail_at (error, CC_CONFIG_ERROR_PARSE, index, number,
                    "an indented line that is no KEY = VALUE: a value cannot continue on "
                    "the next line; keep it on one line (or use port ranges, or more "
                    "groups)");
  if (*start == '[')
    {
      if (!scan_section (start, &name))
        return fail_at (error, CC_CONFIG_ERROR_PARSE, index, number,
                        "a section header is written [NAME], with nothing after ]");
      if (line_of (index, name, NULL) != 0)
        return fail_at (error, CC_CONFIG_ERROR_DUPLICATE_SECTION, index, number,
                        "[%s]: section already started on line %u; merge the two",
                        name, line_of (index, name, NULL));
      g_hash_table_insert (index->lines, g_strdup (name), GUINT_TO_POINTER (number));
      g_free (*section);
      *section = g_steal_pointer (&name);
      return TRUE;
    }
  if (equals == NULL || equals == start)
    {
      g_autofree char *quoted = cc_escape_value (start);
      return fail_at (error, CC_CONFIG_ERROR_PARSE, index, number,
                      "%s is not a section header, a KEY = VALUE line or a # comment",
                      quoted);
    }
  if (*section == NULL)
    return fail_at (error, CC_CONFIG_ERROR_PARSE, index, number,
                    "a key before any section: start with a [defaults] or [group NAME] "
                    "line");
  key = g_strchomp (g_strndup (start, equals - start));
  if (strpbrk (key, "[]") != NULL)
    return fail_at (error, CC_CONFIG_ERROR_UNKNOWN_KEY, index, number,
                    "[%s] %s: a key has no [LOCALE] suffix, check_conn has no translated "
                    "values; write %.*s = VALUE", *section, key, (int) strcspn (key, "[]"),
                    key);
  if (line_of (index, *section, key) != 0)
    return fail_at (error, CC_CONFIG_ERROR_DUPLICATE_KEY, index, number,
                    "[%s] %s: key already set on line %u; keep one", *section, key,
                    line_of (index, *section, key));
  if (!keeps_escapes (key) && (escape = find_bad_escape (equals + 1)) != NULL)
    return bad_escape (index, number, *section, key, escape, error);
  g_hash_table_insert (index->lines, index_key (*section, key), GUINT_TO_POINTER (number));
  return TRUE;
}

/* Goes on after a bad line; after a bad section header, up to the next header, as the
 * keys under it would be taken for keys of the section before. */
static gboolean
scan (LineIndex *index, const char *data, gsize length, GPtrArray *errors)
{
  g_autofree char *copy = g_strndup (data, length);
  g_autofree char *section = NULL;
  char *line = copy;
  guint number = 1;
  gboolean skipping = FALSE;
  GError *error = NULL;

  if (strlen (copy) != length)
    {
      const char *nul = memchr (data, '\0', length);
      for (const char *p = data; p < nul; p++)
        number += *p == '\n';
      fail_at (&error, CC_CONFIG_ERROR_PARSE, index, number,
               "the line contains a NUL byte; this is not a text file");
      carry_on (errors, &error);
      return FALSE;
    }
  for (; line != NULL; number++)
    {
      char *next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (next != NULL && next > line + 1 && next[-2] == '\r')
        next[-2] = '\0';
      skipping = skipping && *skip_blanks (line) != '[';
      if (!skipping && !scan_line (index, line, number, &section, &error))
        {
          skipping = *skip_blanks (line) == '[';
          if (!carry_on (errors, &error))
            return FALSE;
        }
      line = next;
    }
  return errors->len == 0;
}

/* ---- "Did you mean": edit distance between short names. ---- */

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * neighbours ("wbe" for "web") each count one. */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b), width = lb + 1;
  g_autofree guint *d = g_new (guint, (la + 1) * width);

  for (gsize i = 0; i <= la; i++)
    for (gsize j = 0; j <= lb; j++)
      {
        guint best;
        if (i == 0 || j == 0)
          {
            d[i * width + j] = (guint) (i + j);
            continue;
          }
        best = d[(i - 1) * width + j - 1]
               + (g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]));
        best = MIN (best, d[(i - 1) * width + j] + 1);
        best = MIN (best, d[i * width + j - 1] + 1);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, d[(i - 2) * width + j - 2] + 1);
        d[i * width + j] = best;
      }
  return d[la * width + lb];
}

/* "; did you mean 'x'?" for the nearest candidate, or "" when none is near. */
static char *
suggest (const char *word, const char *const *candidates, guint n)
{
  const char *best = NULL;
  guint best_distance = MAX_SUGGESTION_DISTANCE + 1;

  for (guint i = 0; i < n; i++)
    {
      guint distance = edit_distance (word, candidates[i]);
      if (distance < best_distance && distance <= MAX (strlen (candidates[i]) / 3, 1))
        {
          best = candidates[i];
          best_distance = distance;
        }
    }
  return best != NULL ? g_strdup_printf ("; did you mean '%s'?", best) : g_strdup ("");
}

/* ---- Sections and their settings. ---- */

typedef struct {
  const KeyRule *rule;
  char *value;
  guint line;
} Setting;

typedef struct {
  char *header;       /* as written between the brackets */
  Scope scope;
  char *name;         /* group name, or endpoint NAME */
  char *group_name;   /* for endpoint sections */
  guint line;
  GArray *settings;   /* Setting, the ones with an apply function */
  char *endpoints;    /* the endpoints list as read, group sections only */
  const char *host;   /* borrowed from the key file, endpoint sections only */
  const char *port;
  guint host_line, port_line;
} Section;

static void
setting_clear (gpointer data)
{
  g_free (((Setting *) data)->value);
}

static void
section_free (Section *section)
{
  g_free (section->header);
  g_free (section->name);
  g_free (section->group_name);
  g_free (section->endpoints);
  g_array_unref (section->settings);
  g_free (section);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Section, section_free)

typedef struct {
  LineIndex index;
  GKeyFile *keys;
  Section *defaults;
  GPtrArray *groups;     /* Section * */
  GPtrArray *endpoints;  /* Section * */
  CcConfig *config;
  CidrFiles cidr_files;
  GPtrArray *errors;      /* GError *, in the order found; borrowed */
  guint max_endpoints;   /* --max-endpoints, else the file's max-endpoints, else default */
  gboolean cap_from_command_line;
} Loader;

static const KeyRule *
find_rule (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_rules); i++)
    if (strcmp (key_rules[i].name, key) == 0)
      return &key_rules[i];
  return NULL;
}

static gboolean
unknown_key (Loader *loader, const Section *section, const char *key, guint line,
             GError **error)
{
  const char *names[G_N_ELEMENTS (key_rules)];
  guint n = 0;
  g_autofree char *hint = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (key_rules); i++)
    if (key_rules[i].scopes & section->scope)
      names[n++] = key_rules[i].name;
  hint = suggest (key, names, n);
  return fail_at (error, CC_CONFIG_ERROR_UNKNOWN_KEY, &loader->index, line,
                  "[%s] %s: unknown key%s", section->header, key, hint);
}

static Section *
section_new (const char *header, Scope scope, guint line)
{
  Section *section = g_new0 (Section, 1);
  section->header = g_strdup (header);
  section->scope = scope;
  section->line = line;
  section->settings = g_array_new (FALSE, FALSE, sizeof (Setting));
  g_array_set_clear_func (section->settings, setting_clear);
  return section;
}

/* Applies a setting to a scratch target at once, so a bad value is reported where it is
 * written even when no endpoint inherits it. */
static gboolean
validate (Loader *loader, const Section *section, const Setting *setting, GError **error)
{
  g_autoptr (CcEndpoint) endpoint = cc_endpoint_new ();
  CcConfigGroup group = { 0 };
  Target target = { endpoint, &group, &loader->cidr_files };
  g_autoptr (GError) local = NULL;

  if (setting->rule->apply (&target, setting->value, &local))
    return TRUE;
  return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, setting->line,
                  "[%s] %s: %s", section->header, setting->rule->name, local->message);
}

/* The command line's --max-endpoints, when given, wins over the file's. */
static gboolean
read_max_endpoints (Loader *loader, const Section *section, const char *value, guint line,
                    GError **error)
{
  guint64 cap;

  if (!g_ascii_string_to_unsigned (value, 10, 1, MAX_MAX_ENDPOINTS, &cap, NULL))
    return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, line,
                    "[%s] max-endpoints: '%s' is not a number from 1 to %d",
                    section->header, value, MAX_MAX_ENDPOINTS);
  if (!loader->cap_from_command_line)
    loader->max_endpoints = (guint) cap;
  return TRUE;
}

static gboolean
read_key (Loader *loader, Section *section, const char *key, GError **error)
{
  const KeyRule *rule = find_rule (key);
  guint line = line_of (&loader->index, section->header, key);
  g_autoptr (GError) local = NULL;
  g_autofree char *value = NULL;
  Setting setting;

  if (rule == NULL)
    return unknown_key (loader, section, key, line, error);
  if ((rule->scopes & section->scope) == 0)
    return fail_at (error, CC_CONFIG_ERROR_MISPLACED_KEY, &loader->index, line,
                    "[%s] %s: this key belongs %s", section->header, key, rule->where);
  value = keeps_escapes (key) ? g_key_file_get_value (loader->keys, section->header, key, &local)
                               : g_key_file_get_string (loader->keys, section->header, key, &local);
  if (value == NULL)
    return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, line,
                    "[%s] %s: %s", section->header, key, local->message);
  if (strcmp (key, "endpoints") == 0)
    {
      /* Read once here for the count and the build; its items are split on blanks. */
      section->endpoints = g_steal_pointer (&value);
      return TRUE;
    }
  g_strstrip (value);
  if (strcmp (key, "max-endpoints") == 0)
    return read_max_endpoints (loader, section, value, line, error);
  if (rule->apply == NULL)
    {
      /* The loader reads these itself once every section is known. */
      if (strcmp (key, "host") == 0)
        section->host_line = line;
      else if (strcmp (key, "port") == 0)
        section->port_line = line;
      return TRUE;
    }
  setting = (Setting) { rule, g_steal_pointer (&value), line };
  if (!validate (loader, section, &setting, error))
    {
      setting_clear (&setting);
      return FALSE;
    }
  g_array_append_val (section->settings, setting);
  return TRUE;
}

/* A bad key is kept in the error list, and the section's other keys are read. */
static void
read_keys (Loader *loader, Section *section)
{
  g_auto (GStrv) keys = g_key_file_get_keys (loader->keys, section->header, NULL, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      GError *error = NULL;
      if (!read_key (loader, section, keys[i], &error) && !carry_on (loader->errors, &error))
        return;
    }
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
bad_name (Loader *loader, const char *header, guint line, const char *what, GError **error)
{
  return fail_at (error, CC_CONFIG_ERROR_UNKNOWN_SECTION, &loader->index, line,
                  "[%s]: %s (letters, digits, '-', '_' and '.')", header, what);
}

static gboolean
unknown_section (Loader *loader, const char *header, guint line, GError **error)
{
  static const char *const kinds[] = { "defaults", "group", "endpoint" };
  g_autofree char *first = g_strndup (header, strcspn (header, " "));
  g_autofree char *hint = suggest (first, kinds, G_N_ELEMENTS (kinds));

  return fail_at (error, CC_CONFIG_ERROR_UNKNOWN_SECTION, &loader->index, line,
                  "[%s]: unknown section; use [defaults], [group NAME] or "
                  "[endpoint GROUP/NAME]%s", header, hint);
}

static gboolean
classify_section (Loader *loader, const char *header, GError **error)
{
  guint line = line_of (&loader->index, header, NULL);
  g_autoptr (Section) section = NULL;

  if (strcmp (header, DEFAULTS_SECTION) == 0)
    section = section_new (header, SCOPE_DEFAULTS, line);
  else if (g_str_has_prefix (header, GROUP_PREFIX))
    {
      section = section_new (header, SCOPE_GROUP, line);
      section->name = g_strdup (header + strlen (GROUP_PREFIX));
      if (!valid_name (section->name))
        return bad_name (loader, header, line, "a group name is one word", error);
    }
  else if (g_str_has_prefix (header, ENDPOINT_PREFIX))
    {
      const char *full = header + strlen (ENDPOINT_PREFIX);
      const char *slash = strchr (full, '/');

      section = section_new (header, SCOPE_ENDPOINT, line);
      if (slash == NULL)
        return bad_name (loader, header, line,
                         "name the group and the endpoint as GROUP/NAME", error);
      section->group_name = g_strndup (full, slash - full);
      section->name = g_strdup (slash + 1);
      if (!valid_name (section->group_name) || !valid_name (section->name))
        return bad_name (loader, header, line,
                         "GROUP and NAME in GROUP/NAME are one word each", error);
    }
  else
    return unknown_section (loader, header, line, error);

  read_keys (loader, section);
  if (section->scope == SCOPE_DEFAULTS)
    loader->defaults = g_steal_pointer (&section);
  else if (section->scope == SCOPE_GROUP)
    g_ptr_array_add (loader->groups, g_steal_pointer (&section));
  else
    g_ptr_array_add (loader->endpoints, g_steal_pointer (&section));
  return TRUE;
}

/* ---- Building groups and endpoints with inheritance. ---- */

static void
apply_section (const Section *section, Target *target, gboolean group_level)
{
  if (section == NULL)
    return;
  for (guint i = 0; i < section->settings->len; i++)
    {
      const Setting *setting = &g_array_index (section->settings, Setting, i);
      if (rule_targets_group (setting->rule) == group_level)
        setting->rule->apply (target, setting->value, NULL); /* validated on reading */
    }
}

static CcConfigEntry *
entry_new (Loader *loader, CcConfigGroup *group, const Section *group_section,
           guint line)
{
  CcConfigEntry *entry = g_new0 (CcConfigEntry, 1);
  Target target = { cc_endpoint_new (), group, &loader->cidr_files };

  entry->endpoint = target.endpoint;
  entry->group = group;
  entry->line = line;
  apply_section (loader->defaults, &target, FALSE);
  apply_section (group_section, &target, FALSE);
  return entry;
}

static void
entry_free (CcConfigEntry *entry)
{
  if (entry == NULL)
    return;
  cc_endpoint_free (entry->endpoint);
  g_free (entry->name);
  g_free (entry);
}

static void
group_free (CcConfigGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group);
}

/* Endpoints are the same when host (in any case), port and protocol are: twice in one
 * group is a copy-and-paste slip. The entries themselves are the keys of the group's
 * table of those seen: a key built per entry would cost an allocation each. */
static guint
entry_hash (gconstpointer key)
{
  const CcConfigEntry *entry = key;
  guint hash = entry->endpoint->port;

  for (const char *p = entry->endpoint->host; *p != '\0'; p++)
    hash = hash * 31 + (guchar) (g_ascii_isupper (*p) ? *p - 'A' + 'a' : *p);
  return hash * 31 + g_str_hash (entry->protocol);
}

static gboolean
entry_equal (gconstpointer a, gconstpointer b)
{
  const CcConfigEntry *one = a, *other = b;

  return one->endpoint->port == other->endpoint->port
         && strcmp (one->protocol, other->protocol) == 0
         && g_ascii_strcasecmp (one->endpoint->host, other->endpoint->host) == 0;
}

static gboolean
check_duplicate (Loader *loader, GHashTable *seen, CcConfigEntry *entry,
                 const char *section, const char *key, GError **error)
{
  guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, entry));
  g_autofree char *host = NULL;

  if (first == 0)
    {
      g_hash_table_insert (seen, entry, GUINT_TO_POINTER (entry->line));
      return TRUE;
    }
  host = g_ascii_strdown (entry->endpoint->host, -1);
  return fail_at (error, CC_CONFIG_ERROR_DUPLICATE_ENDPOINT, &loader->index, entry->line,
                  "[%s] %s: endpoint %s%s%s:%u/%s is listed twice in group %s (first on "
                  "line %u)", section, key, strchr (host, ':') ? "[" : "", host,
                  strchr (host, ':') ? "]" : "", entry->endpoint->port, entry->protocol,
                  entry->group->name, first);
}

/* A finished entry: its settings agree with each other (a source of the host's family),
 * and it is not a copy of another one. */
static gboolean
check_entry (Loader *loader, GHashTable *seen, CcConfigEntry *entry,
             const char *section, const char *key, GError **error)
{
  g_autoptr (GError) local = NULL;

  entry->protocol = entry->endpoint->protocol ? entry->endpoint->protocol
                    : entry->endpoint->identify ? "identify" : "tcp";
  if (!cc_endpoint_check_diagnosis (entry->endpoint, &local)
      || !cc_endpoint_check_answer (entry->endpoint, &local)
      || !cc_endpoint_check_starttls (entry->endpoint, &local))
    return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, entry->line,
                    "[%s] %s: %s", section, key, local->message);
  return check_duplicate (loader, seen, entry, section, key, error);
}

/* One list item: HOST:PORT, [IPV6]:PORT, a port range PORT-PORT, and /PROTOCOL. */
typedef struct {
  char *host;
  char *ports;
  char *protocol;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->host);
  g_free (item->ports);
  g_free (item->protocol);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Item, item_clear)

static gboolean
not_an_item (const char *text, GError **error)
{
  g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_INVALID_VALUE,
               "'%s' is not HOST:PORT, [IPV6]:PORT or HOST:PORT-PORT, optionally followed "
               "by /PROTOCOL", text);
  return FALSE;
}

static gboolean
split_item (const char *text, Item *item, GError **error)
{
  const char *slash = strrchr (text, '/');
  const char *end = slash ? slash : text + strlen (text);
  const char *colon;

  if (slash != NULL)
    item->protocol = g_strdup (slash + 1);
  if (text[0] == '[')
    {
      const char *close = memchr (text, ']', end - text);
      if (close == NULL || close[1] != ':')
        return not_an_item (text, error);
      item->host = g_strndup (text + 1, close - text - 1);
      colon = close + 1;
    }
  else
    {
      colon = memchr (text, ':', end - text);
      if (colon == NULL)
        return not_an_item (text, error);
      if (memchr (colon + 1, ':', end - colon - 1) != NULL)
        {
          g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_INVALID_VALUE,
                       "'%s': write IPv6 addresses in brackets, as [2001:db8::1]:443",
                       text);
          return FALSE;
        }
      item->host = g_strndup (text, colon - text);
    }
  item->ports = g_strndup (colon + 1, end - colon - 1);
  return TRUE;
}

static gboolean
parse_ports (const char *text, guint16 *first, guint16 *last, GError **error)
{
  const char *dash = strchr (text, '-');
  g_autofree char *low = dash != NULL ? g_strndup (text, dash - text) : NULL;

  if (!cc_port_parse (low != NULL ? low : text, first, error))
    return FALSE;
  *last = *first;
  if (dash == NULL)
    return TRUE;
  if (!cc_port_parse (dash + 1, last, error))
    return FALSE;
  if (*last >= *first)
    return TRUE;
  g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_INVALID_VALUE,
               "port range %s runs backwards; write the lower port first", text);
  return FALSE;
}

/* Checks the item once, then adds one endpoint per port of its range. */
static gboolean
add_item (Loader *loader, const Section *section, CcConfigGroup *group, GHashTable *seen,
          const char *text, guint line, GError **error)
{
  g_auto (Item) item = { 0 };
  g_autoptr (GError) local = NULL;
  g_autoptr (CcEndpoint) checked = cc_endpoint_new ();
  Target target = { checked, group, &loader->cidr_files };
  guint16 first, last;

  if (!split_item (text, &item, &local) || !parse_ports (item.ports, &first, &last, &local)
      || !cc_endpoint_set_host (checked, item.host, &local)
      || (item.protocol != NULL && !apply_protocol (&target, item.protocol, &local)))
    return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, line,
                    "[%s] endpoints: %s", section->header, local->message);
  for (guint port = first; port <= last; port++)
    {
      CcConfigEntry *entry = entry_new (loader, group, section, line);
      Target own = { entry->endpoint, group, &loader->cidr_files };

      g_ptr_array_add (loader->config->entries, entry);
      entry->endpoint->host = g_strdup (checked->host);
      entry->endpoint->port = (guint16) port;
      if (item.protocol != NULL)
        apply_protocol (&own, item.protocol, NULL); /* checked above */
      if (!check_entry (loader, seen, entry, section->header, "endpoints", error))
        return FALSE;
    }
  return TRUE;
}

/* The next item of an endpoints list, where commas and blanks separate items, copied
 * into item; NULL after the last. One buffer serves a list of 100,000 items. */
static const char *
next_item (const char **cursor, GString *item)
{
  const char *start = *cursor + strspn (*cursor, ", \t");
  gsize length = strcspn (start, ", \t");

  if (length == 0)
    return NULL;
  g_string_truncate (item, 0);
  g_string_append_len (item, start, length);
  *cursor = start + length;
  return item->str;
}

/* A bad item is kept in the error list, and the others are added; FALSE when the list is
 * full. */
static gboolean
add_list (Loader *loader, const Section *section, CcConfigGroup *group, GHashTable *seen)
{
  guint line = line_of (&loader->index, section->header, "endpoints");
  g_autoptr (GString) item = g_string_new (NULL);
  const char *cursor = section->endpoints;
  const char *text;

  if (cursor == NULL)
    return TRUE;
  while ((text = next_item (&cursor, item)) != NULL)
    {
      GError *error = NULL;
      if (!add_item (loader, section, group, seen, text, line, &error)
          && !carry_on (loader->errors, &error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
endpoint_key (Loader *loader, const Section *section, const char *key, guint line,
              gboolean (*set) (CcEndpoint *, const char *, GError **), CcEndpoint *endpoint,
              GError **error)
{
  g_autofree char *value = g_key_file_get_string (loader->keys, section->header, key, NULL);
  g_autoptr (GError) local = NULL;

  if (value == NULL)
    return fail_at (error, CC_CONFIG_ERROR_MISSING_KEY, &loader->index, section->line,
                    "[%s]: no %s given; add %s = ...", section->header, key, key);
  if (set (endpoint, g_strstrip (value), &local))
    return TRUE;
  return fail_at (error, CC_CONFIG_ERROR_INVALID_VALUE, &loader->index, line, "[%s] %s: %s",
                  section->header, key, local->message);
}

static gboolean
add_section_endpoint (Loader *loader, const Section *section, const Section *group_section,
                      CcConfigGroup *group, GHashTable *seen, GError **error)
{
  CcConfigEntry *entry = entry_new (loader, group, group_section, section->line);
  Target target = { entry->endpoint, group, &loader->cidr_files };

  g_ptr_array_add (loader->config->entries, entry);
  entry->name = g_strdup (section->name);
  apply_section (section, &target, FALSE);
  return endpoint_key (loader, section, "host", section->host_line, cc_endpoint_set_host,
                       entry->endpoint, error)
         && endpoint_key (loader, section, "port", section->port_line, cc_endpoint_set_port,
                          entry->endpoint, error)
         && check_entry (loader, seen, entry, section->header, "host", error);
}

static gboolean
unknown_group (Loader *loader, const Section *section, GError **error)
{
  g_autofree const char **names = g_new (const char *, loader->groups->len + 1);
  g_autofree char *hint = NULL;

  for (guint i = 0; i < loader->groups->len; i++)
    names[i] = ((Section *) g_ptr_array_index (loader->groups, i))->name;
  hint = suggest (section->group_name, names, loader->groups->len);
  return fail_at (error, CC_CONFIG_ERROR_UNKNOWN_GROUP, &loader->index, section->line,
                  "[%s]: there is no [group %s] section%s", section->header,
                  section->group_name, hint);
}

/* FALSE when the error list is full. */
static gboolean
build_group (Loader *loader, const Section *section)
{
  CcConfigGroup *group = g_new0 (CcConfigGroup, 1);
  Target target = { NULL, group, &loader->cidr_files };
  g_autoptr (GHashTable) seen = g_hash_table_new (entry_hash, entry_equal);
  guint before = loader->config->entries->len;
  guint errors_before = loader->errors->len;
  GError *error = NULL;

  group->name = g_strdup (section->name);
  group->line = section->line;
  g_ptr_array_add (loader->config->groups, group);
  apply_section (loader->defaults, &target, TRUE);
  apply_section (section, &target, TRUE);
  if (!add_list (loader, section, group, seen))
    return FALSE;
  for (guint i = 0; i < loader->endpoints->len; i++)
    {
      const Section *endpoint = g_ptr_array_index (loader->endpoints, i);
      if (strcmp (endpoint->group_name, section->name) == 0
          && !add_section_endpoint (loader, endpoint, section, group, seen, &error)
          && !carry_on (loader->errors, &error))
        return FALSE;
    }
  /* A group whose endpoints were all wrong is not empty: that is said already. */
  if (loader->config->entries->len > before || loader->errors->len > errors_before)
    return TRUE;
  fail_at (&error, CC_CONFIG_ERROR_EMPTY, &loader->index, section->line,
           "[%s]: the group has no endpoints; add endpoints = HOST:PORT, ... or "
           "[endpoint %s/NAME] sections", section->header, section->name);
  return carry_on (loader->errors, &error);
}

/* How many endpoints a list item stands for: one per port of its range; 0 for an item
 * the build will refuse with its own message. */
static guint
item_size (const char *text)
{
  g_auto (Item) item = { 0 };
  guint16 first, last;

  if (!split_item (text, &item, NULL) || !parse_ports (item.ports, &first, &last, NULL))
    return 0;
  return last - first + 1u;
}

static gboolean
too_many (Loader *loader, const char *header, const char *key, guint line, GError **error)
{
  return fail_at (error, CC_CONFIG_ERROR_TOO_MANY, &loader->index, line,
                  "[%s]%s%s: the file has more than %u endpoints (a port range counts one "
                  "per port); raise max-endpoints in [defaults] or give --max-endpoints N",
                  header, key != NULL ? " " : "", key != NULL ? key : "",
                  loader->max_endpoints);
}

/* Counts the endpoints before any is built: 16 port ranges in 332 bytes would otherwise
 * allocate a million endpoints before a cap is seen. */
static gboolean
check_count (Loader *loader, GError **error)
{
  g_autoptr (GString) item = g_string_new (NULL);
  guint64 total = 0;

  for (guint i = 0; i < loader->groups->len; i++)
    {
      const Section *section = g_ptr_array_index (loader->groups, i);
      const char *cursor = section->endpoints != NULL ? section->endpoints : "";
      const char *text;

      while ((text = next_item (&cursor, item)) != NULL)
        if ((total += item_size (text)) > loader->max_endpoints)
          return too_many (loader, section->header, "endpoints",
                           line_of (&loader->index, section->header, "endpoints"), error);
    }
  for (guint i = 0; i < loader->endpoints->len; i++)
    if (++total > loader->max_endpoints)
      {
        const Section *section = g_ptr_array_index (loader->endpoints, i);
        return too_many (loader, section->header, NULL, section->line, error);
      }
  return TRUE;
}

/* Errors go to the error list; the count is checked before anything is built, and
 * stops the build. */
static void
build (Loader *loader)
{
  GError *error = NULL;

  for (guint i = 0; i < loader->endpoints->len; i++)
    {
      const Section *endpoint = g_ptr_array_index (loader->endpoints, i);
      gboolean found = FALSE;

      for (guint j = 0; j < loader->groups->len && !found; j++)
        found = strcmp (((Section *) g_ptr_array_index (loader->groups, j))->name,
                        endpoint->group_name) == 0;
      if (found)
        continue;
      unknown_group (loader, endpoint, &error);
      if (!carry_on (loader->errors, &error))
        return;
    }
  if (!check_count (loader, &error))
    {
      carry_on (loader->errors, &error);
      return;
    }
  for (guint i = 0; i < loader->groups->len; i++)
    if (!build_group (loader, g_ptr_array_index (loader->groups, i)))
      return;
  if (loader->groups->len > 0 || loader->errors->len > 0)
    return;
  fail_at (&error, CC_CONFIG_ERROR_EMPTY, &loader->index, 1,
           "no endpoints: add a [group NAME] section with endpoints = HOST:PORT, ...");
  carry_on (loader->errors, &error);
}

/* ---- Entry points. ---- */

static CcConfig *
config_new (const char *path)
{
  CcConfig *config = g_new0 (CcConfig, 1);
  config->path = g_strdup (path);
  config->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  config->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return config;
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->index.lines, g_hash_table_unref);
  g_clear_pointer (&loader->cidr_files.ranges, g_hash_table_unref);
  g_clear_pointer (&loader->cidr_files.ca_files, g_hash_table_unref);
  g_clear_pointer (&loader->keys, g_key_file_unref);
  g_clear_pointer (&loader->defaults, section_free);
  g_clear_pointer (&loader->groups, g_ptr_array_unref);
  g_clear_pointer (&loader->endpoints, g_ptr_array_unref);
  g_clear_pointer (&loader->config, cc_config_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

/* NULL when the file has errors; they are all in errors (GError *), up to
 * CC_CONFIG_MAX_ERRORS. */
static CcConfig *
load_data (const char *data, gsize length, const char *path, guint max_endpoints,
           gint64 deadline_us, GPtrArray *errors)
{
  g_auto (Loader) loader = { 0 };
  g_autoptr (GError) parse = NULL;
  GError *error = NULL;
  g_auto (GStrv) headers = NULL;

  loader.max_endpoints = max_endpoints != 0 ? max_endpoints : CC_CONFIG_DEFAULT_MAX_ENDPOINTS;
  loader.cap_from_command_line = max_endpoints != 0;
  loader.errors = errors;
  loader.index.path = path;
  loader.index.lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.cidr_files.ranges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_array_unref);
  loader.cidr_files.deadline_us = deadline_us;
  loader.cidr_files.ca_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!scan (&loader.index, data, length, errors))
    return NULL;
  loader.keys = g_key_file_new ();
  if (!g_key_file_load_from_data (loader.keys, data, length, G_KEY_FILE_NONE, &parse))
    {
      /* The scan above accepts only what GKeyFile accepts; this is a safety net. */
      fail_at (&error, CC_CONFIG_ERROR_PARSE, &loader.index, 0, "%s", parse->message);
      carry_on (errors, &error);
      return NULL;
    }
  loader.groups = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  loader.endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  loader.config = config_new (path);
  headers = g_key_file_get_groups (loader.keys, NULL);
  for (guint i = 0; headers[i] != NULL && errors->len < CC_CONFIG_MAX_ERRORS; i++)
    if (!classify_section (&loader, headers[i], &error))
      carry_on (errors, &error);
  if (errors->len < CC_CONFIG_MAX_ERRORS)
    build (&loader);
  if (errors->len > 0)
    return NULL;
  return g_steal_pointer (&loader.config);
}

/* The first error of errors, for the callers that report one. */
static CcConfig *
first_error (CcConfig *config, GPtrArray *errors, GError **error)
{
  if (config == NULL)
    g_propagate_error (error, g_ptr_array_steal_index (errors, 0));
  return config;
}

static GPtrArray *
error_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

CcConfig *
cc_config_load_data_all (const char *data, gsize length, const char *path, GPtrArray *errors)
{
  return load_data (data, length, path, 0, 0, errors);
}

CcConfig *
cc_config_load_data (const char *data, gsize length, const char *path, GError **error)
{
  g_autoptr (GPtrArray) errors = error_list_new ();
  return first_error (load_data (data, length, path, 0, 0, errors), errors, error);
}

CcConfig *
cc_config_load_file_all (const char *path, const CcConfigLimits *limits, GPtrArray *errors)
{
  static const CcConfigLimits none = { 0 };
  g_autofree char *data = NULL;
  gsize length;
  GError *local = NULL;

  limits = limits != NULL ? limits : &none;
  data = cc_file_read (path, CC_CONFIG_MAX_BYTES, limits->deadline_us, &length, &local);
  if (data == NULL)
    {
      g_ptr_array_add (errors, g_error_new (CC_CONFIG_ERROR, CC_CONFIG_ERROR_READ, "%s",
                                            local->message));
      g_error_free (local);
      return NULL;
    }
  return load_data (data, length, path, limits->max_endpoints, limits->deadline_us, errors);
}

CcConfig *
cc_config_load_file (const char *path, const CcConfigLimits *limits, GError **error)
{
  g_autoptr (GPtrArray) errors = error_list_new ();
  return first_error (cc_config_load_file_all (path, limits, errors), errors, error);
}

void
cc_config_free (CcConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_ptr_array_unref (config->entries);
  g_ptr_array_unref (config->groups);
  g_free (config);
}

static gboolean
name_listed (const char *name, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
entry_group_name (gconstpointer entry)
{
  return ((const CcConfigEntry *) entry)->group->name;
}

static const char *
group_name (gconstpointer group)
{
  return ((const CcConfigGroup *) group)->name;
}

/* Filters into a new array: removing one by one from 20,000 would be quadratic. */
static void
keep_selected (GPtrArray **items, gpointer free_func, const char *(*name_of) (gconstpointer),
               const char *const *names)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) free_func);

  for (guint i = 0; i < (*items)->len; i++)
    if (name_listed (name_of ((*items)->pdata[i]), names))
      {
        g_ptr_array_add (kept, (*items)->pdata[i]);
        (*items)->pdata[i] = NULL;
      }
  g_ptr_array_unref (*items);
  *items = kept;
}

gboolean
cc_config_select_groups (CcConfig *config, const char *const *names, GError **error)
{
  g_autofree const char **known = g_new (const char *, config->groups->len + 1);

  if (names == NULL || names[0] == NULL)
    return TRUE;
  for (guint i = 0; i < config->groups->len; i++)
    known[i] = ((CcConfigGroup *) g_ptr_array_index (config->groups, i))->name;
  known[config->groups->len] = NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (!name_listed (names[i], known))
      {
        g_autofree char *hint = suggest (names[i], known, config->groups->len);
        g_autofree char *quoted = cc_escape_value (names[i]);
        g_set_error (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_UNKNOWN_GROUP,
                     "%s: there is no group %s%s", config->path, quoted, hint);
        return FALSE;
      }
  keep_selected (&config->entries, entry_free, entry_group_name, names);
  keep_selected (&config->groups, group_free, group_name, names);
  return TRUE;
}
