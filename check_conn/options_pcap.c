/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_pcap.h"

#include <string.h>

#include "base/escape.h"
#include "options_error.h"

static gboolean
take_format (const char *name, const char *value, gpointer data, GError **error)
{
  CcPcapOptions *pcap = data;

  if (strcmp (value, "json") != 0 && strcmp (value, "nagios") != 0)
    {
      g_autofree char *quoted = cc_escape_value (value);
      g_set_error (error, CC_OPTIONS_ERROR, 0, "%s %s: give nagios or json", name, quoted);
      return FALSE;
    }
  pcap->json = strcmp (value, "json") == 0;
  return TRUE;
}

GOptionGroup *
cc_options_pcap_group (CcPcapOptions *pcap)
{
  const GOptionEntry entries[] = {
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap->file,
      "Diagnose the TCP conversations in a capture file (pcap or pcapng, e.g. from "
      "tcpdump -w) instead of connecting; -H and -p are not needed. A regular file, or - "
      "for standard input (a pipe); read within -t (default 10 s): give a larger -t for a "
      "large capture", "FILE" },
    { "filter", 0, 0, G_OPTION_ARG_FILENAME, &pcap->filter,
      "Only packets matching this tcpdump filter, e.g. 'host 192.0.2.7 and port 443'",
      "BPF" },
    { "pcap-format", 0, CC_OPTION_RAW, G_OPTION_ARG_CALLBACK, take_format,
      "nagios (default): the worst conversation decides the state; json: one object per "
      "conversation", "FORMAT" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("pcap", "Capture file options:",
                                            "Show capture file options", pcap, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
cc_options_pcap_check (const CcPcapOptions *pcap, GError **error)
{
  if (pcap->file != NULL || (pcap->filter == NULL && !pcap->json))
    return TRUE;
  g_set_error (error, CC_OPTIONS_ERROR, 0,
               "--filter and --pcap-format apply to a capture file; add --pcap FILE");
  return FALSE;
}

void
cc_options_pcap_clear (CcPcapOptions *pcap)
{
  g_clear_pointer (&pcap->file, g_free);
  g_clear_pointer (&pcap->filter, g_free);
}
