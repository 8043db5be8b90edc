/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_error.h"

#include <stdio.h>
#include <string.h>

#include "base/escape.h"

G_DEFINE_QUARK (cc-options-error-quark, cc_options_error)

gboolean
cc_options_name_error (const char *option, gboolean ok, GError **error)
{
  if (!ok)
    g_prefix_error (error, "%s: ", option);
  return ok;
}

/* Nagios keeps 8 KiB of plugin output; a status line is read by people. */
#define UNKNOWN_LINE_MAX 1024
#define UNKNOWN_PREFIX "CONN UNKNOWN - "

int
cc_print_unknown (const char *message)
{
  return cc_print_unknown_with (message, "");
}

int
cc_print_unknown_with (const char *message, const char *suffix)
{
  g_autofree char *line = cc_escape_line (message, UNKNOWN_LINE_MAX - strlen (UNKNOWN_PREFIX)
                                                     - strlen (suffix));
  printf ("%s%s%s\n", UNKNOWN_PREFIX, line, suffix);
  return CC_STATE_UNKNOWN;
}

void
cc_print_line (const char *message)
{
  g_autofree char *line = cc_escape_line (message, UNKNOWN_LINE_MAX);
  printf ("%s\n", line);
}

void
cc_print_output (const char *output)
{
  fputs (output, stdout);
  if (!g_str_has_suffix (output, "\n"))
    fputc ('\n', stdout);
}
