#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP answers, the proxy in front and --send/--expect in bulk, from config keys
# (protocol, path, expect-status, expect-body, expect-regex, send, expect), against the
# real servers of tests/modes/front_lib.sh. Each endpoint's verdict in the JSON report
# must be the one a single check gives for the same endpoint, word for word.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/front_lib.sh"

start_front_servers
CONFIG=$TEST_TMP/answers.ini
# group|port|keys (;-separated)|state|cause ("-" for none)|single-check arguments
CASES=(
  "ok|$FRONT|protocol = http;path = /ok;expect-body = all is|OK|-|--protocol http --path /ok --expect-body all\\ is"
  "missing|$FRONT|protocol = http;path = /missing|WARNING|http.client_error|--protocol http --path /missing"
  "broken|$FRONT|protocol = http;path = /broken|CRITICAL|http.server_error|--protocol http --path /broken"
  "status|$FRONT|protocol = http;path = /moved;expect-status = 200,302-303|CRITICAL|http.unexpected_status|--protocol http --path /moved --expect-status 200,302-303"
  "regex|$FRONT|protocol = http;path = /ok;expect-regex = ^nope|CRITICAL|http.body_mismatch|--protocol http --path /ok --expect-regex ^nope"
  "dead|$FRONT|protocol = http;path = /dead/|CRITICAL|proxy.upstream_refused|--protocol http --path /dead/"
  "silent|$FRONT|protocol = http;path = /silent/|CRITICAL|proxy.upstream_timeout|--protocol http --path /silent/"
  "cdn523|$CDN|protocol = http;path = /523|CRITICAL|proxy.origin_unreachable|--protocol http --path /523"
  "cdn525|$CDN|protocol = http;path = /525|CRITICAL|proxy.origin_tls|--protocol http --path /525"
  "malformed|$CDN|protocol = http;path = /malformed|CRITICAL|http.malformed|--protocol http --path /malformed"
  "wsok|$FRONT|protocol = ws;path = /ws/|OK|-|--protocol ws --path /ws/"
  "wsdead|$FRONT|protocol = ws;path = /ws-dead/|CRITICAL|proxy.upstream_refused|--protocol ws --path /ws-dead/"
  "wssilent|$FRONT|protocol = ws;path = /ws-silent/|CRITICAL|proxy.upstream_timeout|--protocol ws --path /ws-silent/"
  "identify|$WS|protocol = identify|OK|-|--identify"
  "sendok|$CDN|send = GET /521 HTTP/1.0\\r\\n\\r\\n;expect = CF-RAY|OK|-|--send GET\\ /521\\ HTTP/1.0\\\\r\\\\n\\\\r\\\\n --expect CF-RAY"
  "sendbad|$CDN|send = GET /521 HTTP/1.0\\r\\n\\r\\n;expect = nginx|CRITICAL|expect.mismatch|--send GET\\ /521\\ HTTP/1.0\\\\r\\\\n\\\\r\\\\n --expect nginx"
)
{
  echo "[defaults]"
  echo "timeout = 5"
  for case in "${CASES[@]}"; do
    IFS='|' read -r group port keys _ <<< "$case"
    echo "[group $group]"
    echo "endpoints = 127.0.0.1:$port"
    tr ';' '\n' <<< "$keys"
  done
} > "$CONFIG"

run_check --config "$CONFIG" --check-config
expect 0 "" "the config with the new keys is valid"
set +e
$CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" --format json > "$TEST_TMP/report.json"
RC=$?
set -e
[ "$RC" -eq 2 ] && pass "json: exit code is the state" || fail "json: exit $RC"
python3 "$top_srcdir/tests/modes/bulk/validate_json.py" "$top_srcdir/doc/json-schema.json" \
  "$TEST_TMP/report.json" && pass "json: matches doc/json-schema.json" || fail "json: schema"

for case in "${CASES[@]}"; do
  IFS='|' read -r group port _ state cause single <<< "$case"
  # shellcheck disable=SC2086 # the single check's arguments, with escaped spaces
  eval "run_check -H 127.0.0.1 -p $port -t 5 $single"
  python3 - "$TEST_TMP/report.json" "$group" "$state" "$cause" "$OUT" <<'PY' \
    && pass "$group: bulk says $state ${cause/-/OK}, as the single check" \
    || fail "$group: bulk and single differ"
import json, sys
report, group, state, cause, single = sys.argv[1:6]
r = [r for r in json.load(open(report))["results"] if r["group"] == group][0]
want_cause = "ok" if cause == "-" else cause
if r["state"] != state or r["cause"] != want_cause:
    sys.exit("bulk: %s %s, wanted %s %s: %s" % (r["state"], r["cause"], state, want_cause, r))
line = single.splitlines()[0]
if not line.startswith("CONN %s - " % state) or (" %s" % r["detail"]) not in line:
    sys.exit("bulk detail %r not in the single check's line %r" % (r["detail"], line))
PY
done

run_check --config "$CONFIG"
expect 2 "^CONN CRITICAL - .*missing: 1 of 1 endpoint warning \(1 http\.client_error\); broken: 1 of 1 endpoint failing \(1 http\.server_error\);" \
  "nagios: a 4xx is a warning, counted by its cause"
finish
