#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# 10,000 endpoints under ulimit -n 256: the engine stays under the descriptor limit and
# running short of descriptors never turns into an endpoint failure.
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3

start_listeners 5000 5000
CONFIG=$TEST_TMP/ulimit.ini
{
  echo "[group audit]"
  echo "endpoints = $(endpoint_list 127.0.0.1 "$OPEN_PORTS" "$CLOSED_PORTS")"
} > "$CONFIG"

OUT=$( (ulimit -n 256 && timeout 120 $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" --format json) 2>"$TEST_TMP/stderr" > "$TEST_TMP/report.json"; echo $?)
RC=$OUT
[ "$RC" -eq 2 ] && pass "exit CRITICAL (5,000 closed ports)" || fail "exit $RC: $(head -c 300 "$TEST_TMP/stderr")"
python3 - "$TEST_TMP/report.json" <<'PY' && pass "ulimit -n 256: 10,000 verdicts, none local.resources" || fail "verdicts under ulimit -n 256"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["endpoints"] == 10000, report["endpoints"]
assert report["causes"] == {"refused.not_listening": 5000}, report["causes"]
assert sum(r["state"] == "OK" for r in report["results"]) == 5000
PY

# Fewer descriptors than the engine's own reserve still works, one socket at a time.
set +e
OUT=$( (ulimit -n 24 && timeout 120 $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG") 2>&1)
RC=$?
set -e
expect 2 "^CONN CRITICAL - audit: 5000 of 10000 endpoints failing \(5000 refused\.not_listening\)" \
  "ulimit -n 24: same verdicts"
finish
