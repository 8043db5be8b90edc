/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_conn --pcap: diagnoses a capture file and prints the plugin output. */
#pragma once

#include "options_output.h"
#include "options_pcap.h"
#include "model/endpoint.h"
#include "model/state.h"

/* settings: -t bounds the reading; --ca-file, --insecure and --certificate-days judge
 * the certificates the capture holds. */
CcState cc_pcap_run (const CcPcapOptions *pcap, const CcEndpoint *settings, CcFormat format,
                     int verbosity);
