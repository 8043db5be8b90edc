/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/escape.h"

#include <string.h>

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
