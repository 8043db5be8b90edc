/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/perfdata.h"

#include "base/format.h"

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

void
cc_perfdata_append (GString *out, const char *label, double value, const char *uom,
                    const CcRange *warn, const CcRange *crit, double min)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  append_label (out, label);
  g_string_append_c (out, '=');
  cc_format_number (out, value);
  g_string_append_printf (out, "%s;%s;%s;", uom, warn ? warn->text : "", crit ? crit->text : "");
  cc_format_number (out, min);
}
