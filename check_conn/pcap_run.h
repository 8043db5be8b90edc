/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_conn --pcap: diagnoses a capture file and prints the plugin output. */
#pragma once

#include "options_output.h"
#include "options_pcap.h"
#include "model/state.h"

CcState cc_pcap_run (const CcPcapOptions *pcap, CcFormat format, double timeout_s,
                     int verbosity);
