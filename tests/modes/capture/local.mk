# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn --pcap on captures the tests make, and on broken files.
CAPTURE_TESTS = tests/modes/capture/classify.sh tests/modes/capture/bad_files.sh
if HAVE_PCAP
TESTS += $(CAPTURE_TESTS)
endif
EXTRA_DIST += $(CAPTURE_TESTS)
if HAVE_PCAP
TESTS += tests/modes/capture/http_answers.sh tests/modes/capture/tls_certificates.sh
endif
EXTRA_DIST += tests/modes/capture/http_answers.sh tests/modes/capture/tls_certificates.sh
