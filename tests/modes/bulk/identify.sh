#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# protocol = identify in bulk: an inventory of what every endpoint speaks. One run over
# real servers (nginx, sshd, redis-server) and a silent listener; the JSON and the CSV
# report name what answered each endpoint, as a single check with --identify does.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

start_mixed_servers

CONFIG=$TEST_TMP/inventory.ini
cat > "$CONFIG" <<INI
[defaults]
timeout = 5
[group inventory]
protocol = identify
endpoints = 127.0.0.1:$HTTP, 127.0.0.1:$SSH, 127.0.0.1:$REDIS, 127.0.0.1:$SILENT
INI

for format in json csv; do
  set +e
  $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" --format $format \
    > "$TEST_TMP/report.$format"
  RC=$?
  set -e
  [ "$RC" -eq 2 ] && pass "$format: CRITICAL, for the silent listener" \
    || fail "$format: exit $RC, wanted 2"
done
python3 - "$TEST_TMP/report.json" "$TEST_TMP/report.csv" "$HTTP" "$SSH" "$REDIS" \
  "$SILENT" <<'PY' && pass "json and csv: what each endpoint speaks" || fail "inventory"
import csv, json, sys
report = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
http, ssh, redis, silent = (int(p) for p in sys.argv[3:7])
want = {http: "http", ssh: "ssh", redis: "redis", silent: None}
by_port = {r["port"]: r for r in report["results"]}
assert sorted(by_port) == sorted(want), by_port
for port, name in want.items():
    r = by_port[port]
    assert r["protocol"] == "identify", r
    assert r["conversation"]["identified"] == name, r
    if name is not None:
        assert r["state"] == "OK" and r["detail"].startswith("identified " + name), r
    else:
        assert r["state"] == "CRITICAL" and r["cause"] == "protocol.silent", r
rows_by_port = {int(r["port"]): r for r in rows}
for port, name in want.items():
    assert rows_by_port[port]["protocol"] == "identify", rows_by_port[port]
    assert rows_by_port[port]["identified"] == (name or ""), rows_by_port[port]
PY
python3 "$top_srcdir/tests/modes/bulk/validate_json.py" "$top_srcdir/doc/json-schema.json" \
  "$TEST_TMP/report.json" && pass "json: matches doc/json-schema.json" || fail "json schema"

# The single check names the same protocols.
for case in "$HTTP http" "$SSH ssh" "$REDIS redis"; do
  set -- $case
  run_check -H 127.0.0.1 -p "$1" -t 5 --identify
  expect 0 "^CONN OK - 127\.0\.0\.1:$1 identified $2 " "single --identify on port $1: $2, as in bulk"
done
finish
