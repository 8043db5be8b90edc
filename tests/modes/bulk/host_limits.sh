#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# This host's own limits are its condition, not an endpoint's failure: in a namespace
# whose ephemeral range is four ports, all four held by connections to one listener, a
# bulk run cannot connect to that healthy listener (EADDRNOTAVAIL). It must say so once,
# count it in no group's failing count, and exit UNKNOWN unless a group fails for real.
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3

NS=ccbulk-$$-host
make_netns "$NS"
ip netns exec "$NS" sysctl -qw net.ipv4.ip_local_port_range="40000 40003"
# Two listening ports (the first is the one whose local ports run out), one refusing.
start_listeners 2 1 127.0.0.1 "$NS" --first 21000
read -r FULL OK_PORT < <(paste -sd' ' "$OPEN_PORTS")
CLOSED=$(cat "$CLOSED_PORTS")
ip netns exec "$NS" python3 - "$FULL" "$TEST_TMP/held" <<'PY' &
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(4)]
open(sys.argv[2], "w").close()
time.sleep(120)
PY
at_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do [ -e "$TEST_TMP/held" ] && break; sleep 0.05; done
[ -e "$TEST_TMP/held" ] || { fail "the four local ports were not taken"; finish; }

printf '[group web]\nendpoints = 127.0.0.1:%s, 127.0.0.1:%s\n' "$FULL" "$OK_PORT" > "$TEST_TMP/web.ini"
cp "$TEST_TMP/web.ini" "$TEST_TMP/both.ini"
printf '[group db]\nendpoints = 127.0.0.1:%s\n' "$CLOSED" >> "$TEST_TMP/both.ini"

run_check_in "$NS" --config "$TEST_TMP/web.ini" -t 2
expect 3 "^CONN UNKNOWN - web: 1 of 2 endpoints OK, 1 not checked; this host could not check 1 of 2 endpoints \(1 local\.ephemeral_exhausted\) \| endpoints=2;;;0 failing=0;;;0 warnings=0;;;0 unchecked=1;;;0 'web failing'=0;;;0 " \
  "a healthy group with a port this host could not reach: UNKNOWN, nothing failing"
if printf '%s\n' "$OUT" | grep -Eq "^this host: could not check 1 of 2 endpoints; first, web 127\.0\.0\.1:$FULL: .*\(local\.ephemeral_exhausted\)$"; then
  pass "this host's condition in one line"
else
  fail "this host's condition in one line: $OUT"
fi
if printf '%s\n' "$OUT" | grep -q "^CRITICAL"; then fail "no endpoint line says CRITICAL: $OUT"; else pass "no endpoint line says CRITICAL"; fi

run_check_in "$NS" --config "$TEST_TMP/both.ini" -t 2
expect 2 "^CONN CRITICAL - web: 1 of 2 endpoints OK, 1 not checked; db: 1 of 1 endpoint failing \(1 refused\.not_listening\); this host could not check 1 of 3 endpoints \(1 local\.ephemeral_exhausted\) \| endpoints=3;;;0 failing=1;;;0 " \
  "a real failure elsewhere still makes the run CRITICAL"

run_check_in "$NS" --config "$TEST_TMP/both.ini" -t 2 --format json
printf '%s\n' "$OUT" > "$TEST_TMP/report.json"
python3 "$BULK_DIR/validate_json.py" "$top_srcdir/doc/json-schema.json" "$TEST_TMP/report.json" \
  && pass "json: valid against the schema" || fail "json does not validate"
python3 - "$TEST_TMP/report.json" <<'PY' && pass "json: unchecked and host_causes, in no group's failing" || fail "json counts: $OUT"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["state"] == "CRITICAL" and r["unchecked"] == 1 and r["failing"] == 1, r
assert r["host_causes"] == {"local.ephemeral_exhausted": 1}, r["host_causes"]
assert r["causes"] == {"refused.not_listening": 1}, r["causes"]
web = r["groups"][0]
assert (web["name"], web["state"], web["failing"], web["unchecked"], web["causes"]) == ("web", "UNKNOWN", 0, 1, {}), web
PY

run_check_in "$NS" --config "$TEST_TMP/both.ini" -t 2 --format csv
printf '%s\n' "$OUT" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
assert [(r["cause"], r["checked"]) for r in rows] == [("local.ephemeral_exhausted", "no"), ("ok", "yes"), ("refused.not_listening", "yes")], rows
' && pass "csv: the checked column" || fail "csv: $OUT"
finish
