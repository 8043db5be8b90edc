# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile servers and the standing guard: whatever comes in (a server, a file, a command
# line, a network fault, this host's limits), every run ends by -t + 0.2 s with one
# status line and nothing raw in the output. One table of cases per concern, each row a
# call of guard (guard_lib.sh).
HOSTILE_TESTS = \
	tests/hostile/hostile.sh \
	tests/hostile/cli_cases.sh \
	tests/hostile/files_cases.sh \
	tests/hostile/engine_cases.sh \
	tests/hostile/words_cases.sh \
	tests/hostile/routes_cases.sh \
	tests/hostile/rejects_cases.sh \
	tests/hostile/bulkkeys_cases.sh \
	tests/hostile/timeouts_cases.sh \
	tests/hostile/starttls_cases.sh
TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS) tests/hostile/guard_lib.sh tests/hostile/server.py \
	tests/hostile/judge.py tests/hostile/tls_captures.py
