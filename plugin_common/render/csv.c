/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/csv.h"

#include <string.h>

#include "base/escape.h"

void
cc_csv_append_bytes (GString *out, const char *text, gsize length, gboolean last)
{
  g_autofree char *safe = cc_escape_bytes ((const guint8 *) text, length);

  if (strpbrk (safe, ",\"") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = safe; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, safe);
  g_string_append (out, last ? "\r\n" : ",");
}

void
cc_csv_append (GString *out, const char *text, gboolean last)
{
  cc_csv_append_bytes (out, text != NULL ? text : "", text != NULL ? strlen (text) : 0, last);
}
