#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Real loopback listeners: open and closed ports, thresholds, IPv6, address families.
. "$(dirname "$0")/../../lib.sh"

open4=$(free_port 127.0.0.1); listen 127.0.0.1 "$open4"
closed4=$(free_port 127.0.0.1)

run_check -H 127.0.0.1 -p "$open4"
expect 0 "^CONN OK - 127\.0\.0\.1:$open4 connected in [0-9.]+ ms \| time=[0-9.]+s;;;0$" "open port is OK with perfdata"

run_check -H 127.0.0.1 -p "$closed4"
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$closed4 connection refused: nothing listens on port $closed4 \(refused\.not_listening\)$" "closed port is CRITICAL refused"
printf '%s\n' "$OUT" | grep -q '^advice: start the service' && pass "refused gives advice" || fail "no advice line: $OUT"

run_check -H 127.0.0.1 -p "$closed4" -v
printf '%s\n' "$OUT" | grep -Eq "^evidence: connect\(\) to 127\.0\.0\.1:$closed4 failed after [0-9.]+ ms: Connection refused \(ECONNREFUSED\)$" \
  && pass "-v names the system call and errno" || fail "-v evidence missing: $OUT"

run_check -H 127.0.0.1 -p "$open4" -w 0
expect 1 "^CONN WARNING - .* outside the warning range 0 \(response\.slow\) \| time=[0-9.]+s;0;;0$" "-w 0 forces WARNING"
run_check -H 127.0.0.1 -p "$open4" -w 0 -c 0
expect 2 "^CONN CRITICAL - .* outside the critical range 0 \(response\.slow\) \| time=[0-9.]+s;0;0;0$" "-c 0 forces CRITICAL"
run_check -H 127.0.0.1 -p "$open4" -w 5 -c 10
expect 0 "^CONN OK - .*\| time=[0-9.]+s;5;10;0$" "generous thresholds stay OK"
run_check -H 127.0.0.1 -p "$open4" -w @0:5
expect 1 "^CONN WARNING - " "@ range alerts inside"

if python3 -c "import socket; s=socket.socket(socket.AF_INET6); s.bind(('::1',0))" 2>/dev/null; then
  open6=$(free_port ::1); listen ::1 "$open6"
  run_check -H ::1 -p "$open6"
  expect 0 "^CONN OK - \[::1\]:$open6 connected in " "IPv6 literal ::1"
  run_check -H "[::1]" -p "$open6" -6
  expect 0 "^CONN OK - \[::1\]:$open6 connected in " "bracketed IPv6 literal with -6"
  # Free on every address of both families: with a listener on 127.0.0.1 at the same
  # number, check_conn rightly diagnoses refused.wrong_address instead.
  closed6=$(free_port ::)
  run_check -H ::1 -p "$closed6"
  expect 2 "^CONN CRITICAL - \[::1\]:$closed6 connection refused: .*\(refused\.not_listening\)$" "IPv6 closed port"
else
  echo "note: no IPv6 loopback here, IPv6 cases not run"
fi

run_check -H localhost -p "$open4" -4
expect 0 "^CONN OK - localhost \(127\.0\.0\.1:$open4\) connected in " "name with -4 names the address"

# Where localhost has both 127.0.0.1 and ::1, a listener on one of them only is a partial failure.
if getent ahostsv6 localhost 2>/dev/null | grep -q '^::1 ' && getent ahostsv4 localhost | grep -q '^127.0.0.1 '; then
  run_check -H localhost -p "$open4" -vv
  expect 1 "^CONN WARNING - localhost \(\[::1\]:$open4\) 1 of 2 addresses failing: \[::1\]:$open4 connection refused: nothing listens on port $open4 \(refused\.not_listening\) \(addresses\.partial\) \| time=" "dual-stack name with one failing address is WARNING"
  printf '%s\n' "$OUT" | grep -q "^address: 127.0.0.1:$open4 connected in" && pass "-vv lists every address" || fail "-vv address lines missing: $OUT"
fi
finish
