/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/result.h"

#include <string.h>

#include "render/csv.h"
#include "render/json.h"
#include "modes/audit.h"

const char *
cc_result_protocol (const CcEndpoint *endpoint)
{
  return endpoint->protocol ? endpoint->protocol : endpoint->identify ? "identify" : "tcp";
}

const char *
cc_result_advice (const CcResult *result)
{
  if (result->cause == CC_CAUSE_NONE)
    return NULL;
  return result->advice != NULL ? result->advice : cc_cause_get (result->cause)->advice;
}

void
cc_json_append_seconds (GString *out, gint64 microseconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f",
                                         microseconds / (double) G_USEC_PER_SEC));
}

static void
json_optional_seconds (GString *out, gint64 microseconds)
{
  if (microseconds < 0)
    g_string_append (out, "null");
  else
    cc_json_append_seconds (out, microseconds);
}

static void
json_attempt (GString *out, const CcAttempt *attempt)
{
  g_string_append (out, "{\"address\":");
  cc_json_append_string (out, attempt->address.text);
  g_string_append_printf (out, ",\"port\":%u,\"family\":\"%s\",\"cause\":",
                          cc_address_port (&attempt->address),
                          cc_address_family (&attempt->address) == AF_INET6 ? "ipv6" : "ipv4");
  cc_json_append_string (out, cc_cause_get (attempt->cause)->name);
  g_string_append (out, ",\"call\":");
  cc_json_append_string (out, attempt->call);
  g_string_append (out, ",\"errno\":");
  cc_json_append_string (out, attempt->error != 0 ? strerrorname_np (attempt->error) : NULL);
  g_string_append (out, ",\"error\":");
  cc_json_append_string (out, attempt->error != 0 ? g_strerror (attempt->error) : NULL);
  g_string_append (out, ",\"elapsed_s\":");
  cc_json_append_seconds (out, attempt->elapsed_us);
  g_string_append_c (out, '}');
}

static void
json_evidence (GString *out, const CcResult *result)
{
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  if (result->seen->resolution->cause != CC_CAUSE_NONE)
    {
      cc_json_append_string (out, result->seen->resolution->detail);
      first = FALSE;
    }
  for (guint i = 0; i < result->seen->attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (result->seen->attempts, CcAttempt, i);
      g_autofree char *line = NULL;

      if (attempt->cause == CC_CAUSE_NONE)
        continue;
      line = cc_attempt_evidence (attempt);
      g_string_append (out, first ? "" : ",");
      cc_json_append_string (out, line);
      first = FALSE;
    }
  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      g_string_append (out, first ? "" : ",");
      cc_json_append_string (out, g_ptr_array_index (result->evidence, i));
      first = FALSE;
    }
  g_string_append_c (out, ']');
}

/* The conversation of an endpoint with a protocol that connected; null otherwise. */
static void
json_conversation (GString *out, const CcExchange *exchange)
{
  const CcDissector *identified;

  if (exchange == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  identified = cc_exchange_identified (exchange);
  g_string_append (out, "{\"identified\":");
  cc_json_append_string (out, identified != NULL ? identified->name : NULL);
  g_string_append_printf (out, ",\"connections\":%u,\"bytes\":%" G_GSIZE_FORMAT
                          ",\"first_byte_s\":", cc_exchange_connections (exchange),
                          cc_exchange_bytes_received (exchange));
  json_optional_seconds (out, cc_exchange_first_byte_us (exchange));
  g_string_append (out, ",\"handshake_s\":");
  json_optional_seconds (out, cc_exchange_handshake_us (exchange));
  g_string_append_c (out, '}');
}

void
cc_result_append_json (GString *out, const CcEndpoint *endpoint, const CcResult *result)
{
  const CcAttempt *fastest = cc_fastest_connected (result->seen->attempts);

  g_string_append (out, "\"host\":");
  cc_json_append_string (out, endpoint->host);
  g_string_append_printf (out, ",\"port\":%u,\"protocol\":", endpoint->port);
  cc_json_append_string (out, cc_result_protocol (endpoint));
  g_string_append (out, ",\"state\":");
  cc_json_append_string (out, cc_state_name (result->state));
  g_string_append (out, ",\"cause\":");
  cc_json_append_string (out, cc_cause_get (result->cause)->name);
  g_string_append (out, ",\"detail\":");
  cc_json_append_raw (out, result->detail);
  g_string_append (out, ",\"advice\":");
  cc_json_append_string (out, cc_result_advice (result));
  g_string_append (out, ",\"addresses\":[");
  for (guint i = 0; i < result->seen->attempts->len; i++)
    {
      g_string_append (out, i > 0 ? "," : "");
      json_attempt (out, &g_array_index (result->seen->attempts, CcAttempt, i));
    }
  g_string_append (out, "],\"evidence\":");
  json_evidence (out, result);
  g_string_append (out, ",\"timings\":{\"resolve_s\":");
  cc_json_append_seconds (out, result->seen->resolution->elapsed_us);
  g_string_append (out, ",\"connect_s\":");
  json_optional_seconds (out, fastest != NULL ? fastest->elapsed_us : -1);
  g_string_append (out, ",\"total_s\":");
  cc_json_append_seconds (out, result->elapsed_us);
  g_string_append (out, "},\"conversation\":");
  json_conversation (out, result->seen->exchange);
}

char *
cc_render_result_json (const CcEndpoint *endpoint, const CcResult *result)
{
  GString *out = g_string_new ("{\"check_conn\":\"" PACKAGE_VERSION "\",");

  cc_result_append_json (out, endpoint, result);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

const char cc_result_csv_header[] =
  "group,name,host,port,protocol,state,cause,address,connect_s,total_s,checked,identified,"
  "detail,advice\r\n";

/* What answered the conversation, named by its dissector; NULL without one. */
static const char *
identified_name (const CcResult *result)
{
  const CcDissector *identified = result->seen->exchange != NULL
                                    ? cc_exchange_identified (result->seen->exchange) : NULL;
  return identified != NULL ? identified->name : NULL;
}

void
cc_result_append_csv (GString *out, const CcResultOrigin *origin, const CcEndpoint *endpoint,
                      const CcResult *result)
{
  const CcAttempt *fastest = cc_fastest_connected (result->seen->attempts);
  const CcAttempt *shown = fastest ? fastest : result->primary;
  char port[8], connect_s[G_ASCII_DTOSTR_BUF_SIZE], total_s[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (port, sizeof port, "%u", endpoint->port);
  g_ascii_formatd (connect_s, sizeof connect_s, "%.6f",
                   fastest ? fastest->elapsed_us / (double) G_USEC_PER_SEC : 0);
  g_ascii_formatd (total_s, sizeof total_s, "%.6f",
                   result->elapsed_us / (double) G_USEC_PER_SEC);
  cc_csv_append (out, origin->group, FALSE);
  cc_csv_append (out, origin->name, FALSE);
  cc_csv_append (out, endpoint->host, FALSE);
  cc_csv_append (out, port, FALSE);
  cc_csv_append (out, cc_result_protocol (endpoint), FALSE);
  cc_csv_append (out, cc_state_name (result->state), FALSE);
  cc_csv_append (out, cc_cause_get (result->cause)->name, FALSE);
  cc_csv_append (out, shown ? shown->address.text : NULL, FALSE);
  cc_csv_append (out, fastest ? connect_s : NULL, FALSE);
  cc_csv_append (out, total_s, FALSE);
  cc_csv_append (out, cc_result_is_host_limit (result) ? "no" : "yes", FALSE);
  cc_csv_append (out, identified_name (result), FALSE);
  cc_csv_append_bytes (out, result->detail->str, result->detail->len, FALSE);
  cc_csv_append (out, cc_result_advice (result), TRUE);
}

char *
cc_render_result_csv (const CcEndpoint *endpoint, const CcResult *result)
{
  const CcResultOrigin none = { 0 };
  GString *out = g_string_new (cc_result_csv_header);

  cc_result_append_csv (out, &none, endpoint, result);
  return g_string_free (out, FALSE);
}
