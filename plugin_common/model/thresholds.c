/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/thresholds.h"

#include <math.h>
#include <string.h>
#include "base/escape.h"

G_DEFINE_QUARK (cc-range-error-quark, cc_range_error)

/* Parses the whole of [text, text+len) as a finite number in the C locale. */
static gboolean
parse_number (const char *text, gsize len, double *value)
{
  char buf[64];
  char *end;

  if (len == 0 || len >= sizeof buf || strspn (text, "0123456789.eE+-") < len)
    return FALSE;
  memcpy (buf, text, len);
  buf[len] = '\0';
  *value = g_ascii_strtod (buf, &end);
  return *end == '\0' && isfinite (*value);
}

gboolean
cc_range_parse (const char *text, CcRange *range, GError **error)
{
  const char *body = text;
  const char *colon;
  g_autofree char *quoted = NULL;

  memset (range, 0, sizeof *range);
  if (strlen (text) >= sizeof range->text)
    {
      quoted = cc_escape_value (text);
      g_set_error (error, CC_RANGE_ERROR, CC_RANGE_ERROR_SYNTAX,
                   "range %s is too long", quoted);
      return FALSE;
    }
  g_strlcpy (range->text, text, sizeof range->text);

  if (*body == '@')
    {
      range->alert_inside = TRUE;
      body++;
    }
  colon = strchr (body, ':');
  if (colon == NULL)
    {
      range->start = 0;
      if (!parse_number (body, strlen (body), &range->end))
        goto syntax;
    }
  else
    {
      if (colon - body == 1 && body[0] == '~')
        range->start_infinite = TRUE;
      else if (colon == body)
        range->start = 0;
      else if (!parse_number (body, colon - body, &range->start))
        goto syntax;
      if (colon[1] == '\0')
        range->end_infinite = TRUE;
      else if (!parse_number (colon + 1, strlen (colon + 1), &range->end))
        goto syntax;
    }

  if (!range->start_infinite && !range->end_infinite && range->start > range->end)
    {
      quoted = cc_escape_value (text);
      g_set_error (error, CC_RANGE_ERROR, CC_RANGE_ERROR_ORDER,
                   "range %s starts above its end; write START:END with START <= END",
                   quoted);
      return FALSE;
    }
  return TRUE;

syntax:
  quoted = cc_escape_value (text);
  g_set_error (error, CC_RANGE_ERROR, CC_RANGE_ERROR_SYNTAX,
               "%s is not a range; use N, N:, ~:N, N:M or @N:M (numbers in seconds)",
               quoted);
  return FALSE;
}

gboolean
cc_range_alerts (const CcRange *range, double value)
{
  gboolean inside = (range->start_infinite || value >= range->start)
                    && (range->end_infinite || value <= range->end);
  return range->alert_inside ? inside : !inside;
}

/* A share of a group's endpoints never exceeds 100%: "150%" would never alert, and
 * silently so. */
static gboolean
percent_in_bounds (const char *text, const CcRange *range, GError **error)
{
  g_autofree char *quoted = NULL;

  if ((range->start_infinite || range->start <= 100) && (range->end_infinite || range->end <= 100))
    return TRUE;
  quoted = cc_escape_value (text);
  g_set_error (error, CC_RANGE_ERROR, CC_RANGE_ERROR_PERCENT,
               "%s: a percentage of the endpoints is at most 100%%", quoted);
  return FALSE;
}

gboolean
cc_count_range_parse (const char *text, CcCountRange *count, GError **error)
{
  gsize len = strlen (text);
  g_autofree char *range = NULL;

  count->percent = len > 0 && text[len - 1] == '%';
  range = g_strndup (text, count->percent ? len - 1 : len);
  count->is_set = cc_range_parse (range, &count->range, error)
                  && (!count->percent || percent_in_bounds (text, &count->range, error));
  if (count->is_set)
    g_strlcpy (count->range.text, text, sizeof count->range.text);
  return count->is_set;
}

gboolean
cc_count_range_alerts (const CcCountRange *count, guint failing, guint total)
{
  double value = count->percent ? (total > 0 ? 100.0 * failing / total : 0) : failing;
  return count->is_set && cc_range_alerts (&count->range, value);
}
