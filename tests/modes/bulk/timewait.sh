#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# 100,000 probes in a row (100 groups x 1,000 open loopback ports) leave fewer than 1,000
# client sockets in TIME_WAIT toward those ports: probes close with an RST (SO_LINGER 0).
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3
need_cmd ss iproute2

# The server accepts, and closes when the client does: a client closing gracefully would
# be left in TIME_WAIT for each probe.
start_listeners 1000 0 127.0.0.1 "" --serve
CONFIG=$TEST_TMP/timewait.ini
LIST=$(endpoint_list 127.0.0.1 "$OPEN_PORTS")
for g in $(seq 100); do
  printf '[group g%s]\nendpoints = %s\n' "$g" "$LIST"
done > "$CONFIG"

# Client-side TIME_WAIT sockets whose destination is one of the test's ports.
count_time_wait () {
  ss -Htan state time-wait dst 127.0.0.1 | python3 -c '
import sys
ports = set(l.strip() for l in open(sys.argv[1]))
print(sum(1 for l in sys.stdin if l.split()[-1].rsplit(":", 1)[-1] in ports))' "$OPEN_PORTS"
}

before=$(count_time_wait)
run_check --config "$CONFIG" --parallel 2000
after=$(count_time_wait)
expect 0 "^CONN OK - 100 groups of 100000 endpoints OK \| endpoints=100000;;;0 failing=0;;;0" \
  "100,000 probes, all connected"
expect_within 60 "100,000 probes"
if [ "$after" -lt 1000 ]; then
  pass "client TIME_WAIT toward the test ports: $after (before: $before) < 1000"
else
  fail "client TIME_WAIT toward the test ports: $after (before: $before), limit 1000"
fi
finish
