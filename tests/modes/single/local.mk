# SPDX-License-Identifier: GPL-3.0-or-later
# Single checks run as a user runs them: loopback listeners, real servers from Debian
# packages, and real faults in network namespaces (the scripts skip what needs root).
SINGLE_TESTS = \
	tests/modes/single/connect.sh tests/modes/single/dns.sh tests/modes/single/timeout.sh \
	tests/modes/single/refused.sh tests/modes/single/diagnose_timeout.sh \
	tests/modes/single/local_ports.sh tests/modes/single/names.sh \
	tests/modes/single/same_verdicts.sh tests/modes/single/timeout_result.sh \
	tests/modes/single/web.sh tests/modes/single/services.sh tests/modes/single/databases.sh \
	tests/modes/single/routes.sh
TESTS += $(SINGLE_TESTS)
EXTRA_DIST += $(SINGLE_TESTS) tests/modes/single/netns_lib.sh tests/modes/single/servers.sh \
	tests/modes/single/without_sockdiag.py
TESTS += tests/modes/single/rejects.sh
EXTRA_DIST += tests/modes/single/rejects.sh tests/modes/single/rejects_lib.sh
TESTS += tests/modes/single/http_answers.sh tests/modes/single/send_expect.sh
EXTRA_DIST += tests/modes/single/http_answers.sh tests/modes/single/send_expect.sh \
	tests/modes/front_lib.sh
TESTS += tests/modes/single/tls.sh tests/modes/single/starttls.sh
EXTRA_DIST += tests/modes/single/tls.sh tests/modes/single/starttls.sh tests/modes/single/tls_lib.sh
TESTS += tests/modes/single/mail_ftp_tls.sh
EXTRA_DIST += tests/modes/single/mail_ftp_tls.sh
TESTS += tests/modes/single/broker_tls.sh
EXTRA_DIST += tests/modes/single/broker_tls.sh
