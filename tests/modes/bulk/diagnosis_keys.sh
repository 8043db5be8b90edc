#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The diagnosis keys in a real bulk run: expect-address and front-proxy-cidrs are judged
# for every endpoint (no I/O), service-port, ephemeral-warn and diagnose = true give their
# endpoint the single check's local diagnosis, and each verdict is the single check's.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

need_cmd python3
read -r OPEN CLOSED <<< "$(free_ports 2)"
listen 127.0.0.1 "$OPEN"
printf '# loopback stands for a CDN\n127.0.0.0/8\n::1/128\n' > "$TEST_TMP/cdn.txt"

CONFIG=$TEST_TMP/keys.ini
cat > "$CONFIG" <<INI
[defaults]
timeout = 3
[group plain]
endpoints = 127.0.0.1:$CLOSED
[group moved]
service-port = 1, $OPEN
endpoints = 127.0.0.1:$CLOSED
[group pinned]
expect-address = 127.0.0.2
endpoints = 127.0.0.1:$OPEN
[group cdn]
front-proxy-cidrs = $TEST_TMP/cdn.txt
endpoints = localhost:$OPEN
[group diag]
diagnose = true
endpoints = 127.0.0.1:$CLOSED
INI

run_check --config "$CONFIG" --format json
[ "$RC" -eq 2 ] && pass "json: CRITICAL overall" || fail "json: exit $RC: $OUT"
printf '%s\n' "$OUT" > "$TEST_TMP/report.json"
python3 - "$TEST_TMP/report.json" "$CLOSED" "$OPEN" <<'PY' \
  && pass "json: each group's cause and evidence" || fail "json: verdicts"
import json, sys
report = json.load(open(sys.argv[1]))
closed, open_port = sys.argv[2], sys.argv[3]
by = {r["group"]: r for r in report["results"]}
def verdict(group, state, cause):
    r = by[group]
    assert r["state"] == state and r["cause"] == cause, r
    return r
plain = verdict("plain", "CRITICAL", "refused.not_listening")
# No diagnosis: no line of local evidence.
assert not any("listens" in line for line in plain["evidence"]), plain
r = verdict("moved", "CRITICAL", "refused.wrong_port")
assert "no socket listens on port %s; the service's port %s does" % (closed, open_port) \
    in r["evidence"], r
r = verdict("pinned", "CRITICAL", "refused.wrong_address")
assert "expected address: 127.0.0.2" in r["evidence"], r
r = verdict("cdn", "WARNING", "dns.front_proxy")
assert any("inside the front-proxy range" in line for line in r["evidence"]), r
r = verdict("diag", "CRITICAL", "refused.not_listening")
assert any(line.startswith("no socket of this host listens on port %s" % closed)
           for line in r["evidence"]), r
PY

# Each verdict is the single check's.
run_check -t 3 -H 127.0.0.1 -p "$CLOSED" --service-port 1 --service-port "$OPEN"
expect 2 "\(refused\.wrong_port\)" "single check with --service-port: as in bulk"
run_check -t 3 -H 127.0.0.1 -p "$OPEN" --expect-address 127.0.0.2
expect 2 "\(refused\.wrong_address\)" "single check with --expect-address: as in bulk"
run_check -t 3 -H localhost -p "$OPEN" --front-proxy-cidrs "$TEST_TMP/cdn.txt"
expect 1 "\(dns\.front_proxy\)" "single check with --front-proxy-cidrs: as in bulk"
finish
