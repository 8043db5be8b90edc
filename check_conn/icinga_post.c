/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "icinga_post.h"

#include <string.h>

#include "base/escape.h"
#include "base/file.h"
#include "options_error.h"
#include "render/icinga.h"

#ifdef HAVE_CURL
#include <curl/curl.h>
#include <gmodule.h>

/* libcurl and the dozen libraries it needs are loaded when a run posts, not at every
 * start: linked, they cost each single check more than the check itself. */
#define LIBCURL_SONAME "libcurl.so.4"
/* Longest password file read; the password is its first line. */
#define PASSWORD_MAX_BYTES 4096
/* Most bytes of an API answer kept for an error message. */
#define ANSWER_MAX_BYTES 65536

/* The libcurl functions this file calls, resolved from the loaded library. */
typedef struct {
  typeof (curl_global_init) *global_init;
  typeof (curl_global_cleanup) *global_cleanup;
  typeof (curl_easy_init) *easy_init;
  typeof (curl_easy_setopt) *easy_setopt;
  typeof (curl_easy_perform) *easy_perform;
  typeof (curl_easy_getinfo) *easy_getinfo;
  typeof (curl_easy_strerror) *easy_strerror;
  typeof (curl_easy_escape) *easy_escape;
  typeof (curl_easy_cleanup) *easy_cleanup;
  typeof (curl_slist_append) *slist_append;
  typeof (curl_slist_free_all) *slist_free_all;
} Curl;

typedef struct {
  const Curl *lib;
  CURL *curl;
  const CcIcingaOptions *options;
  GString *answer;
  gint64 deadline_us;   /* monotonic: every request ends by then */
  char detail[CURL_ERROR_SIZE];
} Api;

static size_t
keep_answer (char *bytes, size_t size, size_t count, void *data)
{
  GString *answer = data;
  gsize room = answer->len < ANSWER_MAX_BYTES ? ANSWER_MAX_BYTES - answer->len : 0;

  g_string_append_len (answer, bytes, MIN (room, size * count));
  return size * count;
}

static char *
read_password (const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *content = cc_file_read (path, PASSWORD_MAX_BYTES, 0, &length, error);

  if (content == NULL)
    return NULL;
  content[strcspn (content, "\r\n")] = '\0';
  return g_steal_pointer (&content);
}

/* Sends one request; returns the HTTP status, or 0 with error set when none came. */
static long
request (Api *api, const char *method, const char *path, const char *body, GError **error)
{
  g_autofree char *url = g_strdup_printf ("%s%s", api->options->api, path);
  gint64 left_ms = (api->deadline_us - g_get_monotonic_time ()) / 1000;
  long status = 0;
  CURLcode code;

  api->lib->easy_setopt (api->curl, CURLOPT_URL, url);
  api->lib->easy_setopt (api->curl, CURLOPT_CUSTOMREQUEST, method);
  api->lib->easy_setopt (api->curl, CURLOPT_POSTFIELDS, body);
  g_string_truncate (api->answer, 0);
  api->detail[0] = '\0';
  api->lib->easy_setopt (api->curl, CURLOPT_TIMEOUT_MS, (long) MAX (left_ms, 1));
  code = api->lib->easy_perform (api->curl);
  if (code != CURLE_OK)
    {
      g_autofree char *where = cc_escape_value (api->options->api);
      g_autofree char *detail = cc_escape_line (api->detail, 200);
      g_set_error (error, CC_OPTIONS_ERROR, 0, "Icinga 2 API %s: %s%s%s", where,
                   api->lib->easy_strerror (code), *api->detail ? ": " : "", detail);
      return 0;
    }
  api->lib->easy_getinfo (api->curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

static void
set_http_error (Api *api, long status, const char *what, const char *service, GError **error)
{
  g_autofree char *where = cc_escape_value (api->options->api);
  g_autofree char *name = cc_escape_value (service);
  g_autofree char *answer = cc_escape_line (api->answer->str, 200);

  g_set_error (error, CC_OPTIONS_ERROR, 0, "Icinga 2 API %s: HTTP %ld %s service %s: %s",
               where, status, what, name, answer);
}

static gboolean
post_result (Api *api, const char *service, const char *body, GError **error)
{
  g_autofree char *full_name = g_strdup_printf ("%s!%s", api->options->host, service);
  g_autofree char *escaped = api->lib->easy_escape (api->curl, full_name, 0);
  g_autofree char *object_path = g_strdup_printf ("/v1/objects/services/%s", escaped);
  static const char passive_service[] =
    "{\"attrs\":{\"check_command\":\"dummy\",\"enable_active_checks\":false,"
    "\"max_check_attempts\":1}}";
  long status = request (api, "POST", "/v1/actions/process-check-result", body, error);

  if (status != 404)
    goto done;
  /* The first result of this endpoint: its service does not exist yet. */
  status = request (api, "PUT", object_path, passive_service, error);
  if (status == 0)
    return FALSE;
  if (status != 200)
    {
      set_http_error (api, status, "creating", service, error);
      return FALSE;
    }
  status = request (api, "POST", "/v1/actions/process-check-result", body, error);
done:
  if (status == 0)
    return FALSE;
  if (status == 200)
    return TRUE;
  set_http_error (api, status, "filing the result of", service, error);
  return FALSE;
}

static gboolean
post_all (Api *api, const CcBulkReport *report, int verbosity, GError **error)
{
  const char *source = g_get_host_name ();

  for (guint i = 0; i < report->results->len; i++)
    {
      const CcConfigEntry *entry = report->config->entries->pdata[i];
      g_autofree char *service = cc_render_icinga_service_name (entry);
      g_autofree char *body = cc_render_icinga_check_result (report->results->pdata[i],
                                                             api->options->host, service,
                                                             source, verbosity);
      if (!post_result (api, service, body, error))
        return FALSE;
    }
  return TRUE;
}

/* Resolves every function of Curl from libcurl, loaded for the rest of the process:
 * libcurl's own dependencies may not be unloaded once started. */
static gboolean
load_curl (Curl *lib, GError **error)
{
#define CURL_SYMBOL(field) { "curl_" #field, G_STRUCT_OFFSET (Curl, field) }
  static const struct {
    const char *name;
    glong offset;
  } symbols[] = {
    CURL_SYMBOL (global_init), CURL_SYMBOL (global_cleanup), CURL_SYMBOL (easy_init),
    CURL_SYMBOL (easy_setopt), CURL_SYMBOL (easy_perform), CURL_SYMBOL (easy_getinfo),
    CURL_SYMBOL (easy_strerror), CURL_SYMBOL (easy_escape), CURL_SYMBOL (easy_cleanup),
    CURL_SYMBOL (slist_append), CURL_SYMBOL (slist_free_all),
  };
#undef CURL_SYMBOL
  GModule *module = g_module_open (LIBCURL_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      g_autofree char *reason = cc_escape_line (g_module_error (), 200);
      g_set_error (error, CC_OPTIONS_ERROR, 0, "--icinga-api needs libcurl (%s, Debian "
                   "package libcurl4), which cannot be loaded: %s", LIBCURL_SONAME, reason);
      return FALSE;
    }
  g_module_make_resident (module);
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (!g_module_symbol (module, symbols[i].name,
                          G_STRUCT_MEMBER_P (lib, symbols[i].offset)))
      {
        g_set_error (error, CC_OPTIONS_ERROR, 0, "--icinga-api: %s has no %s",
                     LIBCURL_SONAME, symbols[i].name);
        g_module_close (module);
        return FALSE;
      }
  g_module_close (module);
  return TRUE;
}

gboolean
cc_icinga_post_report (const CcIcingaOptions *icinga, const CcBulkReport *report,
                       int verbosity, double timeout_s, GError **error)
{
  g_autofree char *password = read_password (icinga->password_file, error);
  struct curl_slist *headers = NULL;
  g_autoptr (GString) answer = g_string_new (NULL);
  Curl lib;
  Api api = { &lib, NULL, icinga, answer,
              g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC, "" };
  gboolean posted;

  if (password == NULL || !load_curl (&lib, error))
    return FALSE;
  if (lib.global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK || (api.curl = lib.easy_init ()) == NULL)
    {
      g_set_error (error, CC_OPTIONS_ERROR, 0, "Icinga 2 API: libcurl cannot start");
      return FALSE;
    }
  headers = lib.slist_append (headers, "Accept: application/json");
  headers = lib.slist_append (headers, "Content-Type: application/json");
  lib.easy_setopt (api.curl, CURLOPT_HTTPHEADER, headers);
  lib.easy_setopt (api.curl, CURLOPT_USERNAME, icinga->user);
  lib.easy_setopt (api.curl, CURLOPT_PASSWORD, password);
  lib.easy_setopt (api.curl, CURLOPT_PROTOCOLS_STR, "https,http");
  lib.easy_setopt (api.curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt (api.curl, CURLOPT_ERRORBUFFER, api.detail);
  lib.easy_setopt (api.curl, CURLOPT_WRITEFUNCTION, keep_answer);
  lib.easy_setopt (api.curl, CURLOPT_WRITEDATA, answer);
  if (icinga->ca_file != NULL)
    lib.easy_setopt (api.curl, CURLOPT_CAINFO, icinga->ca_file);
  posted = post_all (&api, report, verbosity, error);
  lib.slist_free_all (headers);
  lib.easy_cleanup (api.curl);
  lib.global_cleanup ();
  return posted;
}

#else

gboolean
cc_icinga_post_report (const CcIcingaOptions *icinga, const CcBulkReport *report,
                       int verbosity, double timeout_s, GError **error)
{
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               "--icinga-api: this check_conn was built without libcurl "
               "(configure --with-curl, libcurl4-openssl-dev)");
  return FALSE;
}

#endif
