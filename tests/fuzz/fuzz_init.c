/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The LLVMFuzzerInitialize of every fuzz target and corpus replay. A GLib warning or
 * critical is a broken precondition, so it must end the run as a crash libFuzzer reports
 * and saves the input of. GLib's own fatal path is a breakpoint trap, which libFuzzer does
 * not catch: the run dies with status 133 and neither the message nor the input survive.
 * So the message is written first and the process aborts. */
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

static GLogWriterOutput
abort_on_warning (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                  gpointer user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_writer_func (abort_on_warning, NULL, NULL);
  return 0;
}
