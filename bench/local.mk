# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks: each measures check_conn and its peer in the same run and prints the ratio.
EXTRA_DIST += bench/single.sh bench/bulk.sh bench/bulk_protocols.sh bench/identify.sh \
	bench/pcap.sh bench/pcap_synth.py bench/tls.sh bench/pcap_open.sh
