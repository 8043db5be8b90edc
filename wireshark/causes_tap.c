/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "wireshark/causes_tap.h"

/* Wireshark's own headers expect its base header first. */
#include <wireshark.h>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <stdio.h>
#include <string.h>

#include "render/capture.h"

#define CLI_STRING "check_conn,causes"

typedef struct {
  CcFrameVerdicts **file_verdicts;
  char *filter;  /* the display filter after CLI_STRING ",", or NULL */
  guint64 per_cause[CC_CAUSE_LAST];
} CausesTap;

static void
count_verdict (gpointer data, gpointer user_data)
{
  const CcFrameVerdict *verdict = data;
  CausesTap *tap = user_data;

  tap->per_cause[verdict->cause]++;
}

static void
causes_reset (void *data)
{
  CausesTap *tap = data;

  memset (tap->per_cause, 0, sizeof tap->per_cause);
}

static tap_packet_status
causes_packet (void *data, packet_info *pinfo, epan_dissect_t *edt, const void *verdict,
               tap_flags_t flags)
{
  count_verdict ((gpointer) verdict, data);
  return TAP_PACKET_REDRAW;
}

/* tshark without -2 dissects each frame once, before any conversation is judged: the
 * verdicts are settled here, at the end, and counted all, unfiltered. Returns whether it
 * counted them. */
static gboolean
count_single_pass (CausesTap *tap)
{
  CcFrameVerdicts *verdicts = *tap->file_verdicts;

  if (verdicts == NULL || !cc_frame_verdicts_reading (verdicts))
    return FALSE;
  cc_frame_verdicts_settle (verdicts);
  cc_frame_verdicts_foreach (verdicts, count_verdict, tap);
  return TRUE;
}

static void
causes_draw (void *data)
{
  CausesTap *tap = data;
  g_autofree char *filter = NULL;
  g_autofree char *table = NULL;

  if (count_single_pass (tap) && tap->filter != NULL)
    filter = g_strdup_printf ("%s (not applied: it needs tshark -2)", tap->filter);
  else
    filter = g_strdup (tap->filter);
  table = cc_capture_render_cause_counts (tap->per_cause, filter);
  fputs (table, stdout);
}

static void
causes_finish (void *data)
{
  CausesTap *tap = data;

  g_free (tap->filter);
  g_free (tap);
}

static void
causes_init (const char *argument, void *user_data)
{
  CausesTap *tap = g_new0 (CausesTap, 1);
  GString *error;

  tap->file_verdicts = user_data;
  if (g_str_has_prefix (argument, CLI_STRING ","))
    tap->filter = g_strdup (argument + strlen (CLI_STRING ","));
  error = register_tap_listener ("check_conn", tap, tap->filter, 0, causes_reset,
                                 causes_packet, causes_draw, causes_finish);
  if (error != NULL)
    {
      fprintf (stderr, "tshark: -z " CLI_STRING ": %s\n", error->str);
      g_string_free (error, TRUE);
      causes_finish (tap);
    }
}

void
cc_causes_tap_register (CcFrameVerdicts **file_verdicts)
{
  static stat_tap_ui causes_ui = { REGISTER_STAT_GROUP_GENERIC, NULL, CLI_STRING, causes_init,
                                   0, NULL };

  register_stat_tap_ui (&causes_ui, file_verdicts);
}
