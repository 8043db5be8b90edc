/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pcap_run.h"

#include <stdio.h>

#ifdef HAVE_PCAP
#include "modes/capture.h"
#include "render/capture.h"

CcState
cc_pcap_run (const CcPcapOptions *pcap, int verbosity)
{
  CcCaptureOptions options = { .filter = pcap->filter };
  g_autoptr (CcCaptureSummary) summary = cc_capture_summary_new (verbosity, pcap->json);
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  CcCaptureStats stats;

  cc_capture_judge_path (pcap->file, &options, cc_capture_summary_add, summary, &stats, &error);
  output = pcap->json ? cc_capture_render_json (summary, &stats, pcap->file, error)
                      : cc_capture_render_nagios (summary, &stats, pcap->file, error);
  puts (output);
  return cc_capture_summary_state (summary, error);
}
#else
CcState
cc_pcap_run (const CcPcapOptions *pcap, int verbosity)
{
  puts ("CONN UNKNOWN - this check_conn was built without libpcap: install libpcap-dev and "
        "configure --with-pcap");
  return CC_STATE_UNKNOWN;
}
#endif
