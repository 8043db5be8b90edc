# SPDX-License-Identifier: GPL-3.0-or-later
# tests/wireshark: the Wireshark plugin under real tshark.
WIRESHARK_TESTS = tests/wireshark/fields.sh tests/wireshark/verdicts.sh \
	tests/wireshark/fuzz_corpus.sh tests/wireshark/screenshot.sh
if HAVE_WIRESHARK
TESTS += $(WIRESHARK_TESTS)
endif
EXTRA_DIST += $(WIRESHARK_TESTS) tests/wireshark/tshark_lib.sh \
	tests/wireshark/compare_verdicts.py
