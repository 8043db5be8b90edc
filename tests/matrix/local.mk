# SPDX-License-Identifier: GPL-3.0-or-later
# The verdict matrix: every fault checked as a single check, in bulk and from a capture,
# and the README's cause sections compared with its run.
if HAVE_PCAP
TESTS += tests/matrix/verdicts.sh
endif
EXTRA_DIST += tests/matrix/verdicts.sh tests/matrix/verdicts.tsv tests/matrix/faults_lib.sh \
	tests/matrix/readme_causes.py
