# SPDX-License-Identifier: GPL-3.0-or-later
# Bulk audits of config files: loopback listeners, limits, silent hosts, real servers.
BULK_TESTS = tests/modes/bulk/loopback.sh tests/modes/bulk/config_cli.sh \
	tests/modes/bulk/ulimit.sh tests/modes/bulk/timewait.sh tests/modes/bulk/filtered.sh \
	tests/modes/bulk/conversations.sh
BULK_TESTS += tests/modes/bulk/host_limits.sh
BULK_TESTS += tests/modes/bulk/diagnosis_keys.sh
BULK_TESTS += tests/modes/bulk/identify.sh
BULK_TESTS += tests/modes/bulk/timeouts.sh
BULK_TESTS += tests/modes/bulk/http_answers.sh
BULK_TESTS += tests/modes/bulk/tls.sh
TESTS += $(BULK_TESTS)
EXTRA_DIST += $(BULK_TESTS) tests/modes/bulk/common.sh tests/modes/bulk/listeners.py \
	tests/modes/bulk/validate_json.py
BULK_TESTS += tests/modes/bulk/silent_hosts.sh
