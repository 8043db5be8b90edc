/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pcap_run.h"

#include <stdio.h>

#include "options_error.h"

#ifdef HAVE_PCAP
#include "modes/capture.h"
#include "render/capture.h"

typedef char *(*CaptureRender) (const CcCaptureSummary *summary,
                                 const CcCaptureStats *stats, const char *label,
                                 const GError *error);

/* In CcFormat order. */
static const CaptureRender renders[] = {
  cc_capture_render_nagios, cc_capture_render_json, cc_capture_render_csv,
  cc_capture_render_openmetrics,
};
G_STATIC_ASSERT (G_N_ELEMENTS (renders) == CC_FORMAT_OPENMETRICS + 1);

CcState
cc_pcap_run (const CcPcapOptions *pcap, const CcEndpoint *settings, CcFormat format,
             int verbosity)
{
  /* -t bounds the reading: a capture of gigabytes, or a pipe that goes quiet, ends by it. */
  CcCaptureOptions options = {
    .filter = pcap->filter,
    .deadline_us = g_get_monotonic_time () + (gint64) (settings->timeout_s * G_USEC_PER_SEC),
  };
  CcCaptureListing listing = format == CC_FORMAT_JSON ? CC_CAPTURE_LISTING_JSON
                             : format == CC_FORMAT_CSV ? CC_CAPTURE_LISTING_CSV
                             : CC_CAPTURE_LISTING_NONE;
  g_autoptr (CcCaptureSummary) summary = cc_capture_summary_new (verbosity, listing);
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  CcCaptureStats stats;

  cc_capture_judge_path (pcap->file, &options, settings, cc_capture_summary_add, summary,
                         &stats, &error);
  output = renders[format] (summary, &stats, pcap->file, error);
  cc_print_output (output);
  return cc_capture_summary_state (summary, error);
}
#else
CcState
cc_pcap_run (const CcPcapOptions *pcap, const CcEndpoint *settings, CcFormat format,
             int verbosity)
{
  puts ("CONN UNKNOWN - this check_conn was built without libpcap: install libpcap-dev and "
        "configure --with-pcap");
  return CC_STATE_UNKNOWN;
}
#endif
