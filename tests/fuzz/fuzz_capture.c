/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the capture reader, from file header to verdicts and every output.
 * configure --enable-fuzzers && make fuzzers; tests/fuzz/run.sh SECONDS capture. `make
 * check` replays the corpus through it (tests/fuzz/capture_replay). */
#include <stdint.h>
#include <stdio.h>

#include "modes/capture.h"
#include "render/capture.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* A small table, so that eviction runs too. */
  CcCaptureOptions options = { .max_open = 16, .idle_us = G_USEC_PER_SEC };
  g_autoptr (CcCaptureSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *nagios = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *metrics = NULL;
  CcCaptureStats stats;
  FILE *stream;

  if (size == 0)
    return 0;
  /* The last byte picks the listing, so the corpus reaches the JSON and the CSV rows. */
  summary = cc_capture_summary_new (2, data[size - 1] & 1 ? CC_CAPTURE_LISTING_CSV
                                                          : CC_CAPTURE_LISTING_JSON);
  stream = fmemopen ((void *) data, size, "r");
  if (stream == NULL)
    return 0;
  cc_capture_judge_stream (stream, &options, NULL, cc_capture_summary_add, summary, &stats, &error);
  nagios = cc_capture_render_nagios (summary, &stats, "fuzz", error);
  listing = summary->listing == CC_CAPTURE_LISTING_CSV
              ? cc_capture_render_csv (summary, &stats, "fuzz", error)
              : cc_capture_render_json (summary, &stats, "fuzz", error);
  metrics = cc_capture_render_openmetrics (summary, &stats, "fuzz", error);
  return 0;
}
