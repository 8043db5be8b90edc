/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/format.h"

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

void
cc_format_number (GString *out, double value)
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
