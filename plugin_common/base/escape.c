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

char *
cc_escape_value (const char *text)
{
  gsize length = strlen (text);
  /* Counted as the user typed it: UTF-8 characters, or bytes when it is not UTF-8. */
  glong characters = g_utf8_validate (text, length, NULL) ? g_utf8_strlen (text, length)
                                                          : (glong) length;
  g_autofree char *shown = NULL;

  if (length <= CC_ESCAPE_VALUE_MAX)
    {
      shown = cc_escape_bytes ((const guint8 *) text, length);
      return g_strdup_printf ("'%s'", shown);
    }
  shown = cc_escape_bytes ((const guint8 *) text, CC_ESCAPE_VALUE_MAX);
  return g_strdup_printf ("'%s...' (%ld characters)", shown, characters);
}

/* A character a terminal or a monitoring core would read as layout or control. */
static gboolean
is_safe_character (gunichar c)
{
  return c != '|' && g_unichar_isprint (c) && (c == ' ' || !g_unichar_isspace (c))
         && g_unichar_type (c) != G_UNICODE_FORMAT;
}

char *
cc_escape_line (const char *text, gsize max_bytes)
{
  static const char cut_mark[] = "...";
  GString *out = g_string_sized_new (MIN (strlen (text), max_bytes) + 8);
  const char *p = text;

  while (*p != '\0')
    {
      const char *next = g_utf8_find_next_char (p, NULL);
      gunichar c = g_utf8_get_char_validated (p, next - p);
      gsize before = out->len;

      if (c < (gunichar) -2 && is_safe_character (c))
        g_string_append_len (out, p, next - p);
      else
        for (const char *byte = p; byte < next; byte++)
          g_string_append_printf (out, "\\x%02x", (guint8) *byte);
      if (out->len > max_bytes - (sizeof cut_mark - 1))
        {
          g_string_truncate (out, before);
          g_string_append (out, cut_mark);
          break;
        }
      p = next;
    }
  return g_string_free (out, FALSE);
}
