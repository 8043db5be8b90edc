/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_pcap.h"

#include "options_error.h"

GOptionGroup *
cc_options_pcap_group (CcPcapOptions *pcap)
{
  const GOptionEntry entries[] = {
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap->file,
      "Diagnose the TCP conversations in a capture file (pcap or pcapng, e.g. from "
      "tcpdump -w) instead of connecting; -H and -p are not needed. A regular file, or - "
      "for standard input (a pipe); read within -t (default 10 s): give a larger -t for a "
      "large capture. --ca-file, --insecure and --certificate-days judge the certificates "
      "it holds in clear (TLS 1.2 and older)", "FILE" },
    { "filter", 0, 0, G_OPTION_ARG_FILENAME, &pcap->filter,
      "Only packets matching this tcpdump filter, e.g. 'host 192.0.2.7 and port 443'",
      "BPF" },
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
  if (pcap->file != NULL || pcap->filter == NULL)
    return TRUE;
  g_set_error (error, CC_OPTIONS_ERROR, 0, "--filter applies to a capture file; add --pcap FILE");
  return FALSE;
}

void
cc_options_pcap_clear (CcPcapOptions *pcap)
{
  g_clear_pointer (&pcap->file, g_free);
  g_clear_pointer (&pcap->filter, g_free);
}
