/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/json.h"

#include <string.h>

#include "base/escape.h"

void
cc_json_append_bytes (GString *out, const guint8 *bytes, gsize length)
{
  g_autofree char *safe = cc_escape_bytes (bytes, length);

  g_string_append_c (out, '"');
  for (const char *p = safe; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
cc_json_append_string (GString *out, const char *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    cc_json_append_bytes (out, (const guint8 *) text, strlen (text));
}

void
cc_json_append_raw (GString *out, const GString *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    cc_json_append_bytes (out, (const guint8 *) text->str, text->len);
}
