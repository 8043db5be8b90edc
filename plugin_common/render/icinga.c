/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "icinga.h"

#include <string.h>

#include "base/escape.h"
#include "render/json.h"
#include "render/nagios.h"

char *
cc_render_icinga_service_name (const CcConfigEntry *entry)
{
  const CcEndpoint *endpoint = entry->endpoint;
  const char *open = strchr (endpoint->host, ':') ? "[" : "";
  const char *close = *open ? "]" : "";
  g_autofree char *label = NULL;

  if (entry->name != NULL)
    label = g_strdup_printf ("%s/%s %s%s%s:%u", entry->group->name, entry->name, open,
                             endpoint->host, close, endpoint->port);
  else
    label = g_strdup_printf ("%s %s%s%s:%u", entry->group->name, open, endpoint->host, close,
                             endpoint->port);
  return g_strdelimit (cc_escape_text (label), "!", '_');
}

/* Appends text that cc_render_nagios made printable, line by line, as one JSON string:
 * its newlines stay newlines (cc_json_append_string would spell them out). */
static void
append_json_lines (GString *out, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  g_string_append_c (out, '"');
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GString) line = g_string_new (NULL);
      cc_json_append_string (line, lines[i]);
      if (i > 0)
        g_string_append (out, "\\n");
      g_string_append_len (out, line->str + 1, line->len - 2);
    }
  g_string_append_c (out, '"');
}

/* Appends the perfdata of the status line ("label=value;warn;crit;min;max ...", labels
 * with spaces quoted) as a JSON list of one string per value. */
static void
append_perfdata_list (GString *out, const char *perf)
{
  gboolean first = TRUE;
  const char *at = perf;

  g_string_append_c (out, '[');
  while (*at != '\0')
    {
      const char *end = at;
      g_autofree char *item = NULL;

      if (*at == ' ')
        {
          at++;
          continue;
        }
      if (*end == '\'')
        end = strchr (end + 1, '\'') ?: end + strlen (end);
      end += strcspn (end, " ");
      item = g_strndup (at, end - at);
      if (!first)
        g_string_append_c (out, ',');
      cc_json_append_string (out, item);
      first = FALSE;
      at = end;
    }
  g_string_append_c (out, ']');
}

char *
cc_render_icinga_check_result (const CcResult *result, const char *host, const char *service,
                               const char *check_source, int verbosity)
{
  g_autofree char *text = cc_render_nagios (result, verbosity);
  g_autofree char *full_name = g_strdup_printf ("%s!%s", host, service);
  char *line_end = strchr (text, '\n');
  g_autoptr (GString) output = g_string_new (NULL);
  const char *perf = "";
  char *bar;
  GString *out = g_string_new ("{\"type\":\"Service\",\"service\":");

  /* The status line's only "|" is the one before the perfdata: cc_escape_* never
   * lets one through from the bytes a server or a file gave. */
  if (line_end != NULL)
    *line_end = '\0';
  bar = strstr (text, " | ");
  if (bar != NULL)
    {
      *bar = '\0';
      perf = bar + 3;
    }
  g_string_append (output, text);
  if (line_end != NULL)
    g_string_append_printf (output, "\n%s", line_end + 1);

  cc_json_append_string (out, full_name);
  g_string_append_printf (out, ",\"exit_status\":%d,\"plugin_output\":", (int) result->state);
  append_json_lines (out, output->str);
  g_string_append (out, ",\"performance_data\":");
  append_perfdata_list (out, perf);
  g_string_append (out, ",\"check_source\":");
  cc_json_append_string (out, check_source);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
