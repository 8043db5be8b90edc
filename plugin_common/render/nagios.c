/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/nagios.h"

#include <string.h>

#include "base/escape.h"
#include "base/format.h"
#include "render/perfdata.h"

/* Days the certificate has left, with --certificate-days as ranges ("30:" alerts below
 * 30), as check_http -C. */
static void
append_certificate_perfdata (GString *perf, const CcExchange *exchange,
                             const CcEndpoint *endpoint)
{
  CcRange warn = { 0 }, crit = { 0 };
  gint64 days;

  if (!cc_exchange_certificate_days (exchange, &days))
    return;
  if (endpoint->has_certificate_days)
    g_snprintf (warn.text, sizeof warn.text, "%d:", endpoint->certificate_warn_days);
  if (endpoint->has_certificate_days && endpoint->certificate_crit_days >= 0)
    g_snprintf (crit.text, sizeof crit.text, "%d:", endpoint->certificate_crit_days);
  cc_perfdata_append (perf, "certificate_days", (double) days, "", &warn, &crit, 0);
}

static void
append_exchange_perfdata (GString *perf, const CcExchange *exchange, const CcEndpoint *endpoint)
{
  gint64 first_byte = cc_exchange_first_byte_us (exchange);
  gint64 handshake = cc_exchange_handshake_us (exchange);

  if (first_byte >= 0)
    cc_perfdata_append (perf, "first_byte_time", first_byte / (double) G_USEC_PER_SEC, "s",
                        NULL, NULL, 0);
  if (handshake >= 0)
    cc_perfdata_append (perf, "handshake_time", handshake / (double) G_USEC_PER_SEC, "s",
                        NULL, NULL, 0);
  cc_perfdata_append (perf, "bytes", (double) cc_exchange_bytes_received (exchange), "B",
                      NULL, NULL, 0);
  append_certificate_perfdata (perf, exchange, endpoint);
}

/* What answered, then its fields like a protocol tree, one line each. */
static void
append_exchange_tree (GString *out, const CcExchange *exchange)
{
  const CcDissector *identified = cc_exchange_identified (exchange);
  GPtrArray *fields = cc_exchange_fields (exchange);

  g_string_append_printf (out, "\nprotocol: %s (%s), %" G_GSIZE_FORMAT " bytes over %u "
                          "connection%s",
                          identified != NULL ? identified->title : "not identified",
                          identified != NULL ? identified->name : "-",
                          cc_exchange_bytes_received (exchange),
                          cc_exchange_connections (exchange),
                          cc_exchange_connections (exchange) == 1 ? "" : "s");
  for (guint i = 0; i < fields->len; i++)
    {
      const CcField *field = g_ptr_array_index (fields, i);
      g_autofree char *name = cc_escape_text (field->name);
      g_autofree char *value = cc_escape_text (field->value);
      g_string_append_printf (out, "\n  %s: %s", name, value);
    }
}

static char *
describe_target (const CcResult *result)
{
  const char *host = result->seen->endpoint->host;
  g_autofree char *at = NULL;

  if (result->primary == NULL)
    return g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u", host,
                            result->seen->endpoint->port);
  at = cc_address_with_port (&result->primary->address);
  if (strcmp (host, result->primary->address.text) == 0)
    return g_steal_pointer (&at);
  return g_strdup_printf ("%s (%s)", host, at);
}

static void
append_time_perfdata (GString *perf, const CcResult *result)
{
  const CcEndpoint *endpoint = result->seen->endpoint;
  const CcRange *warn = endpoint->has_warning ? &endpoint->warning : NULL;
  const CcRange *crit = endpoint->has_critical ? &endpoint->critical : NULL;
  GArray *attempts = result->seen->attempts;
  const CcAttempt *fastest = cc_fastest_connected (attempts);

  if (fastest == NULL)
    return;
  cc_perfdata_append (perf, "time", fastest->elapsed_us / (double) G_USEC_PER_SEC, "s", warn,
                      crit, 0);
  if (attempts->len < 2)
    return;
  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      g_autofree char *label = g_strdup_printf ("time %s", attempt->address.text);
      if (attempt->cause == CC_CAUSE_NONE)
        cc_perfdata_append (perf, label, attempt->elapsed_us / (double) G_USEC_PER_SEC, "s",
                            warn, crit, 0);
    }
}

static void
append_attempt_lines (GString *out, const CcResult *result, int verbosity)
{
  GArray *attempts = result->seen->attempts;

  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      g_autofree char *at = cc_address_with_port (&attempt->address);
      g_autofree char *what = cc_attempt_describe (attempt, result->seen->endpoint);

      if (attempt->cause != CC_CAUSE_NONE)
        {
          g_autofree char *evidence = cc_attempt_evidence (attempt);
          g_string_append_printf (out, "\nevidence: %s", evidence);
        }
      if (verbosity >= 2)
        g_string_append_printf (out, "\naddress: %s %s%s%s", at, what,
                                attempt->cause != CC_CAUSE_NONE ? " " : "",
                                attempt->cause != CC_CAUSE_NONE
                                  ? cc_cause_get (attempt->cause)->name : "");
    }
}

/* Evidence may quote what a server or a file said: escaped like every foreign byte. */
static void
append_evidence_lines (GString *out, const CcResult *result)
{
  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      g_autofree char *line = cc_escape_text (g_ptr_array_index (result->evidence, i));
      g_string_append_printf (out, "\nevidence: %s", line);
    }
}

/* Advice may name what the host holds (a firewall rule, a route): bytes as untrusted as
 * any evidence. */
static void
append_advice (GString *out, const CcResult *result)
{
  g_autofree char *advice = cc_escape_text (result->advice ?: cc_cause_get (result->cause)->advice);

  g_string_append_printf (out, "\nadvice: %s", advice);
}

char *
cc_render_nagios (const CcResult *result, int verbosity)
{
  g_autoptr (GString) perf = g_string_new (NULL);
  g_autofree char *target = describe_target (result);
  g_autofree char *detail = cc_escape_bytes ((const guint8 *) result->detail->str,
                                             result->detail->len);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "CONN %s - %s %s", cc_state_name (result->state), target,
                          detail);
  if (result->cause != CC_CAUSE_NONE)
    g_string_append_printf (out, " (%s)", cc_cause_get (result->cause)->name);
  append_time_perfdata (perf, result);
  if (result->seen->exchange != NULL)
    append_exchange_perfdata (perf, result->seen->exchange, result->seen->endpoint);
  if (perf->len > 0)
    g_string_append_printf (out, " | %s", perf->str);

  if (verbosity >= 1 && result->seen->resolution->cause != CC_CAUSE_NONE)
    g_string_append_printf (out, "\nevidence: %s", detail);
  if (verbosity >= 1)
    append_attempt_lines (out, result, verbosity);
  if (verbosity >= 1 && result->seen->exchange != NULL)
    append_exchange_tree (out, result->seen->exchange);
  if (verbosity >= 1)
    append_evidence_lines (out, result);
  if (result->cause != CC_CAUSE_NONE)
    append_advice (out, result);
  if (verbosity >= 2)
    g_string_append_printf (out, "\ntiming: resolve %s, diagnosis %s, total %s",
                            cc_format_duration (result->seen->resolution->elapsed_us).text,
                            cc_format_duration (result->diagnosis_us).text,
                            cc_format_duration (result->elapsed_us).text);
  return g_string_free (out, FALSE);
}
