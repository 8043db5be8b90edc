# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile servers: every run bounded, one status line, nothing raw in the output.
TESTS += tests/hostile/hostile.sh
TESTS += tests/hostile/routes_cases.sh
EXTRA_DIST += tests/hostile/hostile.sh tests/hostile/server.py tests/hostile/judge.py \
	tests/hostile/guard_lib.sh
TESTS += tests/hostile/words_cases.sh
EXTRA_DIST += tests/hostile/words_cases.sh
EXTRA_DIST += tests/hostile/routes_cases.sh
TESTS += tests/hostile/rejects_cases.sh
EXTRA_DIST += tests/hostile/rejects_cases.sh
