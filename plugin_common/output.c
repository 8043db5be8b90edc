#include "output.h"

#include <string.h>

CcDurationText
cc_format_duration (gint64 microseconds)
{
  CcDurationText out;
  if (microseconds < G_USEC_PER_SEC)
    g_snprintf (out.text, sizeof out.text, "%.1f ms", microseconds / 1000.0);
  else
    g_snprintf (out.text, sizeof out.text, "%.2f s", microseconds / (double) G_USEC_PER_SEC);
  return out;
}

char *
cc_escape_bytes (const guint8 *bytes, gsize length)
{
  GString *out = g_string_sized_new (length + 8);
  for (gsize i = 0; i < length; i++)
    {
      guint8 c = bytes[i];
      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c >= 0x20 && c < 0x7f && c != '|')
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  return g_string_free (out, FALSE);
}

char *
cc_escape_text (const char *text)
{
  return cc_escape_bytes ((const guint8 *) text, strlen (text));
}

static gboolean
label_needs_quotes (const char *label)
{
  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return TRUE;
  return FALSE;
}

/* Perfdata labels cannot hold '=' or line breaks; a quote inside quotes is doubled. */
static void
append_label (GString *out, const char *label)
{
  gboolean quoted = label_needs_quotes (label);
  if (quoted)
    g_string_append_c (out, '\'');
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (out, "''");
      else if (*p == '=' || *p == '|' || (guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_c (out, '_');
      else
        g_string_append_c (out, *p);
    }
  if (quoted)
    g_string_append_c (out, '\'');
}

/* Fixed notation, microsecond precision, no trailing zeros: every grapher parses it. */
static void
append_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.6f", value);
  end = buf + strlen (buf) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  g_string_append (out, buf);
}

void
cc_perfdata_append (GString *out, const char *label, double value, const char *uom,
                    const CcRange *warn, const CcRange *crit, double min)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  append_label (out, label);
  g_string_append_c (out, '=');
  append_number (out, value);
  g_string_append_printf (out, "%s;%s;%s;", uom, warn ? warn->text : "", crit ? crit->text : "");
  append_number (out, min);
}

static char *
describe_target (const CcResult *result)
{
  const char *host = result->endpoint->host;
  g_autofree char *at = NULL;

  if (result->primary == NULL)
    return g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u", host,
                            result->endpoint->port);
  at = cc_address_with_port (&result->primary->address);
  if (strcmp (host, result->primary->address.text) == 0)
    return g_steal_pointer (&at);
  return g_strdup_printf ("%s (%s)", host, at);
}

static void
append_time_perfdata (GString *perf, const CcResult *result)
{
  const CcEndpoint *endpoint = result->endpoint;
  const CcRange *warn = endpoint->has_warning ? &endpoint->warning : NULL;
  const CcRange *crit = endpoint->has_critical ? &endpoint->critical : NULL;
  GArray *attempts = result->attempts;
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
  GArray *attempts = result->attempts;

  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      g_autofree char *at = cc_address_with_port (&attempt->address);
      g_autofree char *what = cc_attempt_describe (attempt, result->endpoint);

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
  for (guint i = 0; i < result->evidence->len; i++)
    {
      g_autofree char *line = cc_escape_text (g_ptr_array_index (result->evidence, i));
      g_string_append_printf (out, "\nevidence: %s", line);
    }
}

char *
cc_render_nagios (const CcResult *result, int verbosity)
{
  g_autoptr (GString) perf = g_string_new (NULL);
  g_autofree char *target = describe_target (result);
  /* The exchange's verdict escapes its peer bytes itself (exchange.h): escaping it again
   * would double every backslash of its \xNN sequences. */
  gboolean escaped = result->exchange != NULL
                     && g_strcmp0 (result->detail, cc_exchange_detail (result->exchange)) == 0;
  g_autofree char *detail = escaped ? g_strdup (result->detail)
                                    : cc_escape_text (result->detail);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "CONN %s - %s %s", cc_state_name (result->state), target,
                          detail);
  if (result->cause != CC_CAUSE_NONE)
    g_string_append_printf (out, " (%s)", cc_cause_get (result->cause)->name);
  append_time_perfdata (perf, result);
  if (result->exchange != NULL)
    cc_exchange_append_perfdata (perf, result->exchange);
  if (perf->len > 0)
    g_string_append_printf (out, " | %s", perf->str);

  if (verbosity >= 1 && result->resolution->cause != CC_CAUSE_NONE)
    g_string_append_printf (out, "\nevidence: %s", detail);
  if (verbosity >= 1)
    append_attempt_lines (out, result, verbosity);
  if (verbosity >= 1 && result->exchange != NULL)
    cc_exchange_append_tree (out, result->exchange);
  if (verbosity >= 1)
    append_evidence_lines (out, result);
  if (result->cause != CC_CAUSE_NONE)
    g_string_append_printf (out, "\nadvice: %s",
                            result->advice ?: cc_cause_get (result->cause)->advice);
  if (verbosity >= 2)
    g_string_append_printf (out, "\ntiming: resolve %s, diagnosis %s, total %s",
                            cc_format_duration (result->resolution->elapsed_us).text,
                            cc_format_duration (result->diagnosis_us).text,
                            cc_format_duration (result->elapsed_us).text);
  return g_string_free (out, FALSE);
}
