/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Config loader: inheritance, list syntax, and every error with its line number. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "modes/config_file.h"

static CcConfig *
load (const char *text)
{
  g_autoptr (GError) error = NULL;
  CcConfig *config = cc_config_load_data (text, strlen (text), "test.ini", &error);

  ck_assert_msg (config != NULL, "load failed: %s", error ? error->message : "?");
  return config;
}

static const CcConfigEntry *
entry (const CcConfig *config, guint i)
{
  ck_assert_uint_lt (i, config->entries->len);
  return g_ptr_array_index (config->entries, i);
}

/* Asserts the error's domain, code, line number, and (when given) a fragment. */
static void
expect_error (const char *text, CcConfigError code, guint line, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = cc_config_load_data (text, strlen (text), "test.ini", &error);
  g_autofree char *prefix = g_strdup_printf ("test.ini:%u: ", line);

  ck_assert_ptr_null (config);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == CC_CONFIG_ERROR, "domain %s: %s",
                 g_quark_to_string (error->domain), error->message);
  ck_assert_msg (error->code == (int) code, "code %d, wanted %d: %s", error->code, code,
                 error->message);
  ck_assert_msg (g_str_has_prefix (error->message, prefix), "wanted line %u: %s", line,
                 error->message);
  if (fragment != NULL)
    ck_assert_msg (strstr (error->message, fragment) != NULL, "no '%s' in: %s", fragment,
                   error->message);
}

/* ---- Inheritance ---- */

START_TEST (test_builtin_defaults)
{
  g_autoptr (CcConfig) config = load ("[group web]\nendpoints = 127.0.0.1:80\n");

  ck_assert_uint_eq (config->entries->len, 1);
  ck_assert_str_eq (entry (config, 0)->endpoint->host, "127.0.0.1");
  ck_assert_uint_eq (entry (config, 0)->endpoint->port, 80);
  ck_assert_double_eq (entry (config, 0)->endpoint->timeout_s, CC_DEFAULT_TIMEOUT_S);
  ck_assert_str_eq (entry (config, 0)->protocol, "tcp");
  ck_assert (!entry (config, 0)->group->critical_count.is_set);
  ck_assert_uint_eq (entry (config, 0)->line, 2);
}
END_TEST

START_TEST (test_defaults_to_list)
{
  g_autoptr (CcConfig) config = load ("[defaults]\ntimeout = 3\nwarning = 0.5\n"
                                      "family = ipv4\ncritical-count = 2\n"
                                      "[group web]\nendpoints = a.example:80\n");
  const CcEndpoint *endpoint = entry (config, 0)->endpoint;

  ck_assert_double_eq (endpoint->timeout_s, 3);
  ck_assert (endpoint->has_warning);
  ck_assert_str_eq (endpoint->warning.text, "0.5");
  ck_assert (!endpoint->has_critical);
  ck_assert_int_eq (endpoint->family, CC_FAMILY_IPV4);
  ck_assert (entry (config, 0)->group->critical_count.is_set);
  ck_assert_str_eq (entry (config, 0)->group->critical_count.range.text, "2");
}
END_TEST

START_TEST (test_group_overrides_defaults)
{
  g_autoptr (CcConfig) config = load ("[defaults]\ntimeout = 3\ncritical-count = 2\n"
                                      "[group web]\ntimeout = 1.5\ncritical-count = 10%\n"
                                      "endpoints = h:1\n"
                                      "[group db]\nendpoints = h:2\n");
  const CcConfigGroup *web = entry (config, 0)->group;
  const CcConfigGroup *db = entry (config, 1)->group;

  ck_assert_double_eq (entry (config, 0)->endpoint->timeout_s, 1.5);
  ck_assert_double_eq (entry (config, 1)->endpoint->timeout_s, 3);
  ck_assert (web->critical_count.percent);
  ck_assert_str_eq (web->critical_count.range.text, "10%");
  ck_assert (!db->critical_count.percent);
  ck_assert_str_eq (db->critical_count.range.text, "2");
}
END_TEST

START_TEST (test_endpoint_overrides_group_and_defaults)
{
  g_autoptr (CcConfig) config = load ("[defaults]\ntimeout = 3\nfamily = ipv6\n"
                                      "[group web]\ntimeout = 2\ncritical = 1\n"
                                      "[endpoint web/api]\nhost = api.example\nport = 443\n"
                                      "timeout = 0.5\nfamily = any\n");
  const CcConfigEntry *api = entry (config, 0);

  ck_assert_str_eq (api->name, "api");
  ck_assert_str_eq (api->group->name, "web");
  ck_assert_str_eq (api->endpoint->host, "api.example");
  ck_assert_uint_eq (api->endpoint->port, 443);
  ck_assert_double_eq (api->endpoint->timeout_s, 0.5);
  ck_assert_int_eq (api->endpoint->family, CC_FAMILY_ANY);
  ck_assert (api->endpoint->has_critical);  /* from the group */
  ck_assert_str_eq (api->endpoint->critical.text, "1");
  ck_assert_uint_eq (api->line, 7);
}
END_TEST

START_TEST (test_endpoint_inherits_past_group)
{
  /* The group sets nothing: the endpoint gets the defaults. */
  g_autoptr (CcConfig) config = load ("[defaults]\ntimeout = 4\n[group g]\n"
                                      "[endpoint g/one]\nhost = ::1\nport = 22\n");

  ck_assert_double_eq (entry (config, 0)->endpoint->timeout_s, 4);
  ck_assert_str_eq (entry (config, 0)->endpoint->host, "::1");
}
END_TEST

START_TEST (test_list_then_sections_per_group)
{
  g_autoptr (CcConfig) config = load ("[group a]\nendpoints = h:1\n"
                                      "[endpoint b/x]\nhost = h\nport = 3\n"
                                      "[group b]\nendpoints = h:2\n"
                                      "[endpoint a/y]\nhost = h\nport = 4\n");

  ck_assert_uint_eq (config->groups->len, 2);
  ck_assert_uint_eq (config->entries->len, 4);
  ck_assert_uint_eq (entry (config, 0)->endpoint->port, 1);
  ck_assert_uint_eq (entry (config, 1)->endpoint->port, 4);
  ck_assert_uint_eq (entry (config, 2)->endpoint->port, 2);
  ck_assert_uint_eq (entry (config, 3)->endpoint->port, 3);
}
END_TEST

START_TEST (test_state_rules_accumulate)
{
  g_autoptr (CcConfig) config = load ("[defaults]\nstate = timeout=warning\n"
                                      "timeout-result = unknown\n"
                                      "[group g]\nstate = refused=ok\nendpoints = h:1\n"
                                      "[endpoint g/x]\nhost = 127.0.0.1\nport = 2\n"
                                      "source = 127.0.0.1\n");
  const CcEndpoint *listed = entry (config, 0)->endpoint;
  const CcEndpoint *named = entry (config, 1)->endpoint;

  ck_assert_uint_eq (listed->state_overrides->len, 2);
  ck_assert_int_eq (cc_state_overrides_apply (listed->state_overrides,
                                              CC_CAUSE_TIMEOUT_NO_ANSWER, CC_STATE_CRITICAL),
                    CC_STATE_WARNING);
  ck_assert_int_eq (cc_state_overrides_apply (listed->state_overrides,
                                              CC_CAUSE_REFUSED_NOT_LISTENING,
                                              CC_STATE_CRITICAL),
                    CC_STATE_OK);
  ck_assert_ptr_null (listed->source);
  ck_assert_ptr_nonnull (named->source);
}
END_TEST

START_TEST (test_error_state_rules)
{
  expect_error ("[group g]\nendpoints = h:1\nstate = timeout=maybe\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "[group g] state:");
  expect_error ("[defaults]\ntimeout-result = later\n[group g]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
  expect_error ("[group g]\nsource = 192.0.2.300\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
  /* An IPv4 source cannot reach an IPv6 literal: reported where the endpoint is. */
  expect_error ("[group g]\nsource = 127.0.0.1\n\nendpoints = [::1]:5\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 4, "[group g] endpoints:");
  /* Found by fuzz_config: a host with an empty port. */
  expect_error ("[group g]\nendpoints = h:1, 10-80.:\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, "[group g] endpoints:");
}
END_TEST

/* ---- List syntax ---- */

START_TEST (test_list_forms)
{
  g_autoptr (CcConfig) config
    = load ("[group g]\nendpoints = 127.0.0.1:80/tcp, [::1]:443 ,host-1.example:22,"
            "[fd00::1]:8000-8002/tcp 10.0.0.1:9\n");

  ck_assert_uint_eq (config->entries->len, 7);
  ck_assert_str_eq (entry (config, 0)->endpoint->host, "127.0.0.1");
  ck_assert_str_eq (entry (config, 1)->endpoint->host, "::1");
  ck_assert_uint_eq (entry (config, 1)->endpoint->port, 443);
  ck_assert_str_eq (entry (config, 2)->endpoint->host, "host-1.example");
  ck_assert_str_eq (entry (config, 3)->endpoint->host, "fd00::1");
  ck_assert_uint_eq (entry (config, 3)->endpoint->port, 8000);
  ck_assert_uint_eq (entry (config, 5)->endpoint->port, 8002);
  ck_assert_uint_eq (entry (config, 6)->endpoint->port, 9);
}
END_TEST

START_TEST (test_same_endpoint_in_two_groups)
{
  g_autoptr (CcConfig) config = load ("[group a]\nendpoints = h:1\n[group b]\nendpoints = h:1\n");
  ck_assert_uint_eq (config->entries->len, 2);
}
END_TEST

START_TEST (test_comments_and_crlf)
{
  g_autoptr (CcConfig) config = load ("# audit\r\n\r\n[group g]\r\n  # inner\r\n"
                                      "endpoints = h:1\r\n");
  ck_assert_uint_eq (config->entries->len, 1);
}
END_TEST

/* ---- Errors, each with its line ---- */

START_TEST (test_error_parse)
{
  expect_error ("[group g]\nendpoints = h:1\nthis is no key\n", CC_CONFIG_ERROR_PARSE, 3,
                "this is no key");
  expect_error ("[group g\nendpoints = h:1\n", CC_CONFIG_ERROR_PARSE, 1, NULL);
  expect_error ("[group g]x\n", CC_CONFIG_ERROR_PARSE, 1, NULL);
  expect_error ("\n\n = 1\n", CC_CONFIG_ERROR_PARSE, 3, NULL);
  expect_error ("[group g]\nendpoints = h:1,\n  h:2\n", CC_CONFIG_ERROR_PARSE, 3,
                "cannot continue");
}
END_TEST

START_TEST (test_error_messages_bounded)
{
  g_autoptr (GString) text = g_string_new ("[group g]\nendpoints = h:1\nfamily = ");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, 'x');
  config = cc_config_load_data (text->str, text->len, "test.ini", &error);
  ck_assert_ptr_null (config);
  ck_assert_int_eq (error->code, CC_CONFIG_ERROR_INVALID_VALUE);
  ck_assert_uint_le (strlen (error->message), 450);
  /* The value is cut where it is quoted, saying how long it was (base/escape.h). */
  ck_assert_msg (strstr (error->message, "...' (100000 characters) is not a family") != NULL,
                 "%s", error->message);
}
END_TEST

START_TEST (test_error_key_before_section)
{
  expect_error ("# c\ntimeout = 1\n[group g]\n", CC_CONFIG_ERROR_PARSE, 2, "[defaults]");
}
END_TEST

START_TEST (test_error_encoding)
{
  expect_error ("[group g]\nendpoints = h:1\n# caf\xe9\n", CC_CONFIG_ERROR_PARSE, 3, "UTF-8");
}
END_TEST

START_TEST (test_error_nul_byte)
{
  static const char text[] = "[group g]\nendpoints = h:1\nx\0y\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = cc_config_load_data (text, sizeof text - 1, "test.ini", &error);

  ck_assert_ptr_null (config);
  ck_assert_int_eq (error->code, CC_CONFIG_ERROR_PARSE);
  ck_assert (g_str_has_prefix (error->message, "test.ini:3: "));
}
END_TEST

START_TEST (test_error_duplicate_key)
{
  expect_error ("[group g]\nendpoints = h:1\ntimeout = 1\ntimeout = 2\n",
                CC_CONFIG_ERROR_DUPLICATE_KEY, 4, "line 3");
}
END_TEST

START_TEST (test_error_duplicate_section)
{
  expect_error ("[group g]\nendpoints = h:1\n\n[group g]\ntimeout = 1\n",
                CC_CONFIG_ERROR_DUPLICATE_SECTION, 4, "line 1");
}
END_TEST

START_TEST (test_error_unknown_section)
{
  expect_error ("[grop web]\nendpoints = h:1\n", CC_CONFIG_ERROR_UNKNOWN_SECTION, 1,
                "did you mean 'group'?");
  expect_error ("[group g]\nendpoints = h:1\n[whatever]\n", CC_CONFIG_ERROR_UNKNOWN_SECTION,
                3, NULL);
  expect_error ("[group]\n", CC_CONFIG_ERROR_UNKNOWN_SECTION, 1, NULL);
  expect_error ("[group a b]\n", CC_CONFIG_ERROR_UNKNOWN_SECTION, 1, "one word");
  expect_error ("[endpoint api]\nhost = h\nport = 1\n", CC_CONFIG_ERROR_UNKNOWN_SECTION, 1,
                "GROUP/NAME");
}
END_TEST

START_TEST (test_error_unknown_key)
{
  expect_error ("[defaults]\ntimout = 1\n", CC_CONFIG_ERROR_UNKNOWN_KEY, 2,
                "[defaults] timout: unknown key; did you mean 'timeout'?");
  expect_error ("[group g]\nendpoint = h:1\n", CC_CONFIG_ERROR_UNKNOWN_KEY, 2,
                "did you mean 'endpoints'?");
  expect_error ("[group g]\nendpoints = h:1\ncolour = red\n", CC_CONFIG_ERROR_UNKNOWN_KEY, 3,
                NULL);
}
END_TEST

START_TEST (test_error_misplaced_key)
{
  expect_error ("[group g]\nhost = h\n", CC_CONFIG_ERROR_MISPLACED_KEY, 2, "[endpoint");
  expect_error ("[defaults]\nendpoints = h:1\n", CC_CONFIG_ERROR_MISPLACED_KEY, 2, NULL);
  expect_error ("[group g]\n[endpoint g/x]\nhost = h\nport = 1\ncritical-count = 1\n",
                CC_CONFIG_ERROR_MISPLACED_KEY, 5, NULL);
}
END_TEST

START_TEST (test_error_invalid_values)
{
  expect_error ("[defaults]\n\ntimeout = soon\n[group g]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "[defaults] timeout:");
  expect_error ("[group g]\nendpoints = h:1\nwarning = 5:1\n", CC_CONFIG_ERROR_INVALID_VALUE,
                3, NULL);
  expect_error ("[group g]\nendpoints = h:1\nfamily = ipv5\n", CC_CONFIG_ERROR_INVALID_VALUE,
                3, "ipv4");
  expect_error ("[group g]\nendpoints = h:1\nprotocol = gopher\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, NULL);
  expect_error ("[group g]\nendpoints = h:1\ncritical-count = x%\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, NULL);
  expect_error ("[defaults]\nwarning-count = 150%\n[group g]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, "[defaults] warning-count: '150%'");
  expect_error ("[group g]\nendpoints = h:1\ncritical-count = 50:101%\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "at most 100%");
  expect_error ("[group g]\nendpoints = h:1\ntimeout = 1\\q\n", CC_CONFIG_ERROR_INVALID_VALUE,
                3, "[group g] timeout: '\\q' is no escape");
  /* Two bad escapes in one value made GLib 2.74 warn on stderr (found by fuzz_config). */
  expect_error ("#p\n[group 2]\nendpoints =2\\1:812:94\\\n", CC_CONFIG_ERROR_INVALID_VALUE,
                3, "[group 2] endpoints: '\\1' is no escape");
  expect_error ("[group g]\nendpoints = h:1\\\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "the value ends in a backslash");
  expect_error ("[group g]\nendpoints = h:1\\\xc3\xa9\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "'\\\xc3\xa9' is no escape");
  /* Settings are checked even where no endpoint inherits them. */
  expect_error ("[group g]\ntimeout = -1\n[endpoint g/x]\nhost = h\nport = 1\ntimeout = 1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
}
END_TEST

START_TEST (test_error_list_items)
{
  expect_error ("[group g]\n\nendpoints = h:1, h\n", CC_CONFIG_ERROR_INVALID_VALUE, 3, "'h'");
  expect_error ("[group g]\nendpoints = ::1:80\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "brackets");
  expect_error ("[group g]\nendpoints = h:70000\n", CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
  expect_error ("[group g]\nendpoints = h:90-80\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "backwards");
  expect_error ("[group g]\nendpoints = h:80/gopher\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "gopher");
  expect_error ("[group g]\nendpoints = h*st:80\n", CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
  expect_error ("[group g]\nendpoints = [::1:80\n", CC_CONFIG_ERROR_INVALID_VALUE, 2, NULL);
}
END_TEST

START_TEST (test_error_endpoint_section)
{
  expect_error ("[group g]\n\n[endpoint g/x]\nhost = h\n", CC_CONFIG_ERROR_MISSING_KEY, 3,
                "port");
  expect_error ("[group g]\n[endpoint g/x]\nport = 1\n", CC_CONFIG_ERROR_MISSING_KEY, 2,
                "host");
  expect_error ("[group g]\n[endpoint g/x]\nhost = h\nport = zero\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 4, "[endpoint g/x] port:");
}
END_TEST

START_TEST (test_error_unknown_group)
{
  expect_error ("[group web]\nendpoints = h:1\n[endpoint wbe/x]\nhost = h\nport = 1\n",
                CC_CONFIG_ERROR_UNKNOWN_GROUP, 3, "did you mean 'web'?");
}
END_TEST

START_TEST (test_error_duplicate_endpoint)
{
  expect_error ("[group g]\nendpoints = h:1, H:1\n", CC_CONFIG_ERROR_DUPLICATE_ENDPOINT, 2,
                "line 2");
  expect_error ("[group g]\nendpoints = h:1-5, h:3\n", CC_CONFIG_ERROR_DUPLICATE_ENDPOINT, 2,
                NULL);
  expect_error ("[group g]\nendpoints = [::1]:5\n\n[endpoint g/x]\nhost = ::1\nport = 5\n",
                CC_CONFIG_ERROR_DUPLICATE_ENDPOINT, 4, "[::1]:5/tcp");
}
END_TEST

START_TEST (test_error_empty)
{
  expect_error ("[group g]\ntimeout = 1\n", CC_CONFIG_ERROR_EMPTY, 1, NULL);
  expect_error ("# nothing\n[defaults]\n", CC_CONFIG_ERROR_EMPTY, 1, NULL);
  expect_error ("", CC_CONFIG_ERROR_EMPTY, 1, NULL);
}
END_TEST

START_TEST (test_error_read)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = cc_config_load_file ("/nonexistent/check_conn.ini", NULL,
                                                     &error);

  ck_assert_ptr_null (config);
  ck_assert (g_error_matches (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_READ));
}
END_TEST

/* GKeyFile reads KEY[LOCALE] as a translation and drops it unless the locale is ours, so
 * these passed --check-config and then did nothing. */
START_TEST (test_error_locale_suffix)
{
  expect_error ("[group web]\nendpoints = h:80\nprotocol[de] = http\n",
                CC_CONFIG_ERROR_UNKNOWN_KEY, 3, "[group web] protocol[de]: a key has no "
                "[LOCALE] suffix");
  expect_error ("[defaults]\ntimout[x] = 1\n[group web]\nendpoints = h:80\n",
                CC_CONFIG_ERROR_UNKNOWN_KEY, 2, "write timout = VALUE");
  expect_error ("[group web]\nendpoints = h:80\n[endpoint web/a]\nhost[C] = h\nport = 1\n",
                CC_CONFIG_ERROR_UNKNOWN_KEY, 4, "host[C]");
}
END_TEST

/* GKeyFile skips a form feed before a key, the line index did not: the key's line was
 * looked up under "\fendpoints" and came out as 0. */
START_TEST (test_error_line_after_form_feed)
{
  expect_error ("[group web]\n\fendpoints = bad\n", CC_CONFIG_ERROR_INVALID_VALUE, 2,
                "[group web] endpoints: 'bad'");
  expect_error ("[group web]\nendpoints = h:1\n[endpoint web/a]\n\fhost = a b\nport = 1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 4, "[endpoint web/a] host");
}
END_TEST

static const char sixteen_ranges[] =
  "[group big]\nendpoints = 10.0.0.1:1-65535, 10.0.0.2:1-65535, 10.0.0.3:1-65535, "
  "10.0.0.4:1-65535, 10.0.0.5:1-65535, 10.0.0.6:1-65535, 10.0.0.7:1-65535, "
  "10.0.0.8:1-65535, 10.0.0.9:1-65535, 10.0.0.10:1-65535, 10.0.0.11:1-65535, "
  "10.0.0.12:1-65535, 10.0.0.13:1-65535, 10.0.0.14:1-65535, 10.0.0.15:1-65535, "
  "10.0.0.16:1-65535\n";

/* 1,048,560 endpoints from one line used to be built (683 MB) before anything said no. */
START_TEST (test_error_too_many_endpoints)
{
  gint64 started = g_get_monotonic_time ();

  expect_error (sixteen_ranges, CC_CONFIG_ERROR_TOO_MANY, 2,
                "more than 100000 endpoints (a port range counts one per port); raise "
                "max-endpoints in [defaults] or give --max-endpoints N");
  /* Refused from a count, before a single endpoint is built. */
  ck_assert_int_lt (g_get_monotonic_time () - started, G_USEC_PER_SEC);
  expect_error ("[defaults]\nmax-endpoints = 3\n[group a]\nendpoints = h:1-4\n",
                CC_CONFIG_ERROR_TOO_MANY, 4, "more than 3 endpoints");
  expect_error ("[defaults]\nmax-endpoints = 3\n[group a]\nendpoints = h:1-3\n"
                "[endpoint a/x]\nhost = h\nport = 9\n", CC_CONFIG_ERROR_TOO_MANY, 5,
                "[endpoint a/x]: the file has more than 3 endpoints");
  expect_error ("[defaults]\nmax-endpoints = 0\n[group a]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, "is not a number from 1 to 10000000");
  expect_error ("[group a]\nmax-endpoints = 5\nendpoints = h:1\n",
                CC_CONFIG_ERROR_MISPLACED_KEY, 2, "in [defaults]");
}
END_TEST

/* The command line's cap wins over the file's, both ways. */
START_TEST (test_max_endpoints_from_command_line)
{
  g_autofree char *dir = g_dir_make_tmp ("cc-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cap.ini", NULL);
  CcConfigLimits four = { .max_endpoints = 4 };
  CcConfigLimits two = { .max_endpoints = 2 };
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = NULL;

  ck_assert (g_file_set_contents (path, "[defaults]\nmax-endpoints = 3\n[group a]\n"
                                  "endpoints = h:1-3\n", -1, NULL));
  config = cc_config_load_file (path, &four, &error);
  ck_assert_msg (config != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (config->entries->len, 3);
  g_clear_pointer (&config, cc_config_free);
  config = cc_config_load_file (path, &two, &error);
  ck_assert_ptr_null (config);
  ck_assert (g_error_matches (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_TOO_MANY));
  ck_assert_int_eq (g_remove (path), 0);
  ck_assert_int_eq (g_rmdir (dir), 0);
}
END_TEST

/* A FIFO with no writer used to block open() for ever; a device was read without end. */
START_TEST (test_error_read_not_regular)
{
  g_autofree char *dir = g_dir_make_tmp ("cc-config-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.ini", NULL);
  const char *const paths[] = { fifo, "/dev/zero", dir };
  const char *const kinds[] = { "is a FIFO", "is a character device", "is a directory" };

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CcConfig) config = cc_config_load_file (paths[i], NULL, &error);

      ck_assert_ptr_null (config);
      ck_assert (g_error_matches (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_READ));
      ck_assert_msg (strstr (error->message, kinds[i]) != NULL, "%s", error->message);
    }
  ck_assert_int_eq (g_remove (fifo), 0);
  ck_assert_int_eq (g_rmdir (dir), 0);
}
END_TEST

/* ---- Group selection ---- */

START_TEST (test_select_groups)
{
  g_autoptr (CcConfig) config = load ("[group web]\nendpoints = h:1, h:2\n"
                                      "[group db]\nendpoints = h:3\n[group mail]\n"
                                      "endpoints = h:4\n");
  const char *names[] = { "mail", "web", NULL };
  g_autoptr (GError) error = NULL;

  ck_assert (cc_config_select_groups (config, names, &error));
  ck_assert_uint_eq (config->groups->len, 2);
  ck_assert_uint_eq (config->entries->len, 3);
  ck_assert_uint_eq (entry (config, 2)->endpoint->port, 4);
}
END_TEST

START_TEST (test_select_unknown_group)
{
  g_autoptr (CcConfig) config = load ("[group web]\nendpoints = h:1\n");
  const char *names[] = { "wbe", NULL };
  g_autoptr (GError) error = NULL;

  ck_assert (!cc_config_select_groups (config, names, &error));
  ck_assert (g_error_matches (error, CC_CONFIG_ERROR, CC_CONFIG_ERROR_UNKNOWN_GROUP));
  ck_assert_ptr_nonnull (strstr (error->message, "did you mean 'web'?"));
}
END_TEST

/* ---- Size ---- */

START_TEST (test_twenty_thousand)
{
  g_autoptr (GString) text = g_string_new ("[defaults]\ntimeout = 2\n");
  g_autoptr (CcConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started;

  /* 100 groups: 50 compact lists of 199 items plus a port range, 50 with sections. */
  for (guint g = 0; g < 50; g++)
    {
      g_string_append_printf (text, "[group list%u]\nendpoints =", g);
      for (guint i = 0; i < 199; i++)
        g_string_append_printf (text, " 10.%u.%u.%u:%u,", g, i / 200, i % 200, 1000 + i);
      g_string_append_printf (text, " [fd00::%x]:2000-2000\n", g);
    }
  for (guint g = 0; g < 50; g++)
    {
      g_string_append_printf (text, "[group sect%u]\ntimeout = 1\n", g);
      for (guint i = 0; i < 200; i++)
        g_string_append_printf (text, "[endpoint sect%u/e%u]\nhost = 10.200.%u.%u\nport = %u\n",
                                g, i, g, i, 3000 + i);
    }
  started = g_get_monotonic_time ();
  config = cc_config_load_data (text->str, text->len, "big.ini", &error);
  ck_assert_msg (config != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (config->entries->len, 20000);
  ck_assert_uint_eq (config->groups->len, 100);
  ck_assert_double_eq (entry (config, 0)->endpoint->timeout_s, 2);
  ck_assert_double_eq (entry (config, 19999)->endpoint->timeout_s, 1);
  /* Loose enough for valgrind; tests/modes/bulk/config_cli.sh holds the CLI to 5 s. */
  ck_assert_msg (g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC,
                 "loading 20,000 endpoints took %.2f s",
                 (g_get_monotonic_time () - started) / 1e6);
}
END_TEST

/* ---- Diagnosis keys ---- */

static guint16
service_port (const CcEndpoint *endpoint, guint i)
{
  ck_assert_ptr_nonnull (endpoint->service_ports);
  ck_assert_uint_lt (i, endpoint->service_ports->len);
  return g_array_index (endpoint->service_ports, guint16, i);
}

/* An inner section's expected addresses and service ports replace the outer ones. */
START_TEST (test_diagnosis_keys_inherit)
{
  g_autoptr (CcConfig) config = load (
    "[defaults]\nexpect-address = 192.0.2.0/24, 2001:db8::1\nservice-port = 8443, 9443\n"
    "ephemeral-warn = 60\ndiagnose = true\n"
    "[group web]\nendpoints = a:1\n"
    "[endpoint web/x]\nhost = b\nport = 2\nexpect-address = 198.51.100.7\n"
    "service-port = 22\ndiagnose = false\n");
  const CcEndpoint *listed = entry (config, 0)->endpoint;
  const CcEndpoint *own = entry (config, 1)->endpoint;

  ck_assert_uint_eq (listed->expect->len, 2);
  ck_assert_uint_eq (service_port (listed, 0), 8443);
  ck_assert_uint_eq (service_port (listed, 1), 9443);
  ck_assert (listed->has_ephemeral_warn);
  ck_assert_uint_eq (listed->ephemeral_warn_pct, 60);
  ck_assert (listed->diagnose);
  ck_assert_uint_eq (own->expect->len, 1);
  ck_assert_uint_eq (own->service_ports->len, 1);
  ck_assert_uint_eq (service_port (own, 0), 22);
  ck_assert (own->has_ephemeral_warn);
  ck_assert (!own->diagnose);
}
END_TEST

/* The file is read once; every endpoint holds the same ranges. */
START_TEST (test_front_proxy_cidrs_shared)
{
  g_autofree char *dir = g_dir_make_tmp ("config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cdn.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr (CcConfig) config = NULL;

  ck_assert (g_file_set_contents (path, "# cdn\n192.0.2.0/24\n2001:db8::/32\n", -1, NULL));
  text = g_strdup_printf ("[defaults]\nfront-proxy-cidrs = %s\n"
                          "[group web]\nendpoints = a:1-3\n", path);
  config = load (text);
  ck_assert_uint_eq (config->entries->len, 3);
  ck_assert_uint_eq (entry (config, 0)->endpoint->front_proxies->len, 2);
  ck_assert_ptr_eq (entry (config, 0)->endpoint->front_proxies,
                    entry (config, 2)->endpoint->front_proxies);
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_protocol_identify)
{
  g_autoptr (CcConfig) config = load ("[group g]\nprotocol = identify\nendpoints = a:1, a:1/http, "
                                      "a:2/tcp\n");

  ck_assert (entry (config, 0)->endpoint->identify);
  ck_assert_ptr_null (entry (config, 0)->endpoint->protocol);
  ck_assert_str_eq (entry (config, 0)->protocol, "identify");
  ck_assert (!entry (config, 1)->endpoint->identify);
  ck_assert_str_eq (entry (config, 1)->protocol, "http");
  ck_assert (!entry (config, 2)->endpoint->identify);
  ck_assert_str_eq (entry (config, 2)->protocol, "tcp");
}
END_TEST

START_TEST (test_error_diagnosis_keys)
{
  expect_error ("[defaults]\nexpect-address = 192.0.2.0/33\n[group g]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 2, "[defaults] expect-address:");
  expect_error ("[group g]\nendpoints = h:1\nexpect-address =\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "[group g] expect-address:");
  expect_error ("[group g]\nendpoints = h:1\nservice-port = 22, 70000\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "70000");
  expect_error ("[group g]\nendpoints = h:1\nservice-port =\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "[group g] service-port:");
  expect_error ("[group g]\nendpoints = h:1\n[endpoint g/x]\nhost = h\nport = 2\n"
                "ephemeral-warn = 101\n", CC_CONFIG_ERROR_INVALID_VALUE, 6,
                "[endpoint g/x] ephemeral-warn:");
  expect_error ("[group g]\nendpoints = h:1\nfront-proxy-cidrs = /nonexistent/cdn.txt\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "[group g] front-proxy-cidrs:");
  expect_error ("[group g]\nendpoints = h:1\ndiagnose = yes please\n",
                CC_CONFIG_ERROR_INVALID_VALUE, 3, "'yes please' is not true or false");
}
END_TEST

/* ---- Every error, not only the first (--check-config) ---- */

/* Loads text and asserts its errors: their codes and lines, in the order found. */
static void
expect_errors (const char *text, const CcConfigError *codes, const guint *lines, guint n)
{
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (CcConfig) config = cc_config_load_data_all (text, strlen (text), "test.ini",
                                                         errors);

  ck_assert_ptr_null (config);
  ck_assert_uint_eq (errors->len, n);
  for (guint i = 0; i < n; i++)
    {
      const GError *error = g_ptr_array_index (errors, i);
      g_autofree char *prefix = g_strdup_printf ("test.ini:%u: ", lines[i]);

      ck_assert_msg (g_error_matches (error, CC_CONFIG_ERROR, (int) codes[i]),
                     "error %u: code %d, wanted %d: %s", i, error->code, codes[i],
                     error->message);
      ck_assert_msg (g_str_has_prefix (error->message, prefix), "error %u: wanted line %u: %s",
                     i, lines[i], error->message);
    }
}

START_TEST (test_errors_all_listed)
{
  static const CcConfigError codes[] = {
    CC_CONFIG_ERROR_UNKNOWN_KEY, CC_CONFIG_ERROR_INVALID_VALUE, CC_CONFIG_ERROR_INVALID_VALUE,
    CC_CONFIG_ERROR_UNKNOWN_SECTION, CC_CONFIG_ERROR_UNKNOWN_GROUP,
    CC_CONFIG_ERROR_INVALID_VALUE, CC_CONFIG_ERROR_DUPLICATE_ENDPOINT,
  };
  static const guint lines[] = { 2, 3, 4, 12, 9, 6, 6 };

  expect_errors ("[defaults]\ntimout = 1\nfamily = ipv5\nwarning-count = 150%\n"
                 "[group web]\nendpoints = 127.0.0.1:80, h, h:2, H:2\n"
                 "[group db]\nendpoints = 127.0.0.1:5432\n"
                 "[endpoint wbe/x]\nhost = h\nport = 1\n"
                 "[grop x]\n", codes, lines, G_N_ELEMENTS (codes));
}
END_TEST

/* Bad lines are all listed; the keys under a bad section header are skipped, not taken
 * for keys of the section before. */
START_TEST (test_errors_all_lines)
{
  static const CcConfigError codes[] = {
    CC_CONFIG_ERROR_PARSE, CC_CONFIG_ERROR_PARSE, CC_CONFIG_ERROR_DUPLICATE_KEY,
  };
  static const guint lines[] = { 3, 4, 8 };

  expect_errors ("[group g]\nendpoints = h:1\nnonsense\n[group h] x\nendpoints = h:1\n"
                 "[group i]\nendpoints = h:2\nendpoints = h:3\n", codes, lines,
                 G_N_ELEMENTS (codes));
}
END_TEST

/* A file of bad lines stops at CC_CONFIG_MAX_ERRORS. */
START_TEST (test_errors_capped)
{
  g_autoptr (GString) text = g_string_new ("[group g]\nendpoints = h:1\n");
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (CcConfig) config = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "nonsense\n");
  config = cc_config_load_data_all (text->str, text->len, "test.ini", errors);
  ck_assert_ptr_null (config);
  ck_assert_uint_eq (errors->len, CC_CONFIG_MAX_ERRORS);
}
END_TEST

/* The single-error entry point gives the first one. */
START_TEST (test_errors_first)
{
  expect_error ("[defaults]\ntimout = 1\nfamily = ipv5\n[group g]\nendpoints = h:1\n",
                CC_CONFIG_ERROR_UNKNOWN_KEY, 2, "did you mean 'timeout'?");
}
END_TEST

static Suite *
config_suite (void)
{
  Suite *suite = suite_create ("config");
  TCase *inherit = tcase_create ("inheritance");
  TCase *syntax = tcase_create ("list syntax");
  TCase *errors = tcase_create ("errors with line numbers");
  TCase *select = tcase_create ("group selection");
  TCase *size = tcase_create ("size");
  TCase *diagnosis = tcase_create ("diagnosis keys");
  TCase *all = tcase_create ("every error");

  tcase_add_test (inherit, test_builtin_defaults);
  tcase_add_test (inherit, test_defaults_to_list);
  tcase_add_test (inherit, test_group_overrides_defaults);
  tcase_add_test (inherit, test_endpoint_overrides_group_and_defaults);
  tcase_add_test (inherit, test_endpoint_inherits_past_group);
  tcase_add_test (inherit, test_list_then_sections_per_group);
  tcase_add_test (inherit, test_state_rules_accumulate);
  tcase_add_test (syntax, test_list_forms);
  tcase_add_test (syntax, test_same_endpoint_in_two_groups);
  tcase_add_test (syntax, test_comments_and_crlf);
  tcase_add_test (errors, test_error_parse);
  tcase_add_test (errors, test_error_key_before_section);
  tcase_add_test (errors, test_error_messages_bounded);
  tcase_add_test (errors, test_error_encoding);
  tcase_add_test (errors, test_error_nul_byte);
  tcase_add_test (errors, test_error_duplicate_key);
  tcase_add_test (errors, test_error_duplicate_section);
  tcase_add_test (errors, test_error_unknown_section);
  tcase_add_test (errors, test_error_unknown_key);
  tcase_add_test (errors, test_error_misplaced_key);
  tcase_add_test (errors, test_error_invalid_values);
  tcase_add_test (errors, test_error_list_items);
  tcase_add_test (errors, test_error_endpoint_section);
  tcase_add_test (errors, test_error_unknown_group);
  tcase_add_test (errors, test_error_duplicate_endpoint);
  tcase_add_test (errors, test_error_empty);
  tcase_add_test (errors, test_error_read);
  tcase_add_test (errors, test_error_locale_suffix);
  tcase_add_test (errors, test_error_line_after_form_feed);
  tcase_add_test (errors, test_error_too_many_endpoints);
  tcase_add_test (errors, test_max_endpoints_from_command_line);
  tcase_add_test (errors, test_error_read_not_regular);
  tcase_add_test (errors, test_error_state_rules);
  tcase_add_test (select, test_select_groups);
  tcase_add_test (select, test_select_unknown_group);
  tcase_add_test (diagnosis, test_diagnosis_keys_inherit);
  tcase_add_test (diagnosis, test_front_proxy_cidrs_shared);
  tcase_add_test (diagnosis, test_protocol_identify);
  tcase_add_test (diagnosis, test_error_diagnosis_keys);
  tcase_add_test (all, test_errors_all_listed);
  tcase_add_test (all, test_errors_all_lines);
  tcase_add_test (all, test_errors_capped);
  tcase_add_test (all, test_errors_first);
  tcase_add_test (size, test_twenty_thousand);
  tcase_set_timeout (size, 60);
  suite_add_tcase (suite, inherit);
  suite_add_tcase (suite, syntax);
  suite_add_tcase (suite, errors);
  suite_add_tcase (suite, select);
  suite_add_tcase (suite, size);
  suite_add_tcase (suite, diagnosis);
  suite_add_tcase (suite, all);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (config_suite ());
  int failed;

  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
