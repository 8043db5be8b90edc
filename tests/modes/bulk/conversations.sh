#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Conversations in bulk: one run over real servers (nginx, sshd, redis-server) and silent
# listeners, every endpoint with a protocol. Asserts each endpoint's verdict in the JSON
# report (what answered, the mismatch message, silence), that a verdict in bulk is the
# one a single check gives, and that the conversations overlap in the engine's one loop:
# 20 silent servers with a 1 s timeout cost about 1 s, not 20.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

start_mixed_servers
N_SILENT=20

CONFIG=$TEST_TMP/conversations.ini
{
  echo "[defaults]"
  echo "timeout = 5"
  echo "[group web]"
  echo "endpoints = 127.0.0.1:$HTTP/http, 127.0.0.1:$SSH/http, 127.0.0.1:$REDIS/http, 127.0.0.1:$HTTP/ssh"
  echo "[group services]"
  echo "endpoints = 127.0.0.1:$SSH/ssh, 127.0.0.1:$REDIS/redis"
  # The same endpoint may not appear twice in one group: one group each.
  for i in $(seq "$N_SILENT"); do
    echo "[group silent$i]"
    echo "timeout = 1"
    echo "endpoints = 127.0.0.1:$SILENT/http"
  done
} > "$CONFIG"

run_check --config "$CONFIG"
expect 2 "^CONN CRITICAL - web: 3 of 4 endpoints failing \(3 protocol\.mismatch\); silent1: 1 of 1 endpoint failing \(1 protocol\.silent\); .*; silent20: 1 of 1 endpoint failing \(1 protocol\.silent\); 1 group of 26 endpoints OK \| endpoints=26;;;0 failing=23;;;0 warnings=0;;;0 protocol\.silent=20;;;0 protocol\.mismatch=3;;;0 " \
  "bulk with protocols: mismatches and silence counted per group"
# The slowest conversation waits 2 s for an SSH banner from nginx; the 20 silent ones
# overlap with it.
expect_within 3 "26 conversations, 20 of them silent for their 1 s timeout"

set +e
$CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" --format json > "$TEST_TMP/report.json"
RC=$?
set -e
[ "$RC" -eq 2 ] && pass "json: exit code is the state" || fail "json: exit $RC"
if python3 "$top_srcdir/tests/modes/bulk/validate_json.py" "$top_srcdir/doc/json-schema.json" \
     "$TEST_TMP/report.json"; then
  pass "json: parses and matches doc/json-schema.json"
else
  fail "json: schema check failed"
fi
SSH_VERSION=$(/usr/sbin/sshd -V 2>&1 | sed -n 's/^OpenSSH_\([0-9.]*\).*/\1/p' | head -n 1)
python3 - "$TEST_TMP/report.json" "$HTTP" "$SSH" "$REDIS" "$SILENT" "$SSH_VERSION" <<'PY' \
  && pass "json: each endpoint's verdict and what answered" || fail "json: verdicts"
import json, re, sys
report = json.load(open(sys.argv[1]))
http, ssh, redis, silent = (int(p) for p in sys.argv[2:6])
ssh_version = sys.argv[6]
by = {(r["group"] if not r["group"].startswith("silent") else "silent", r["port"],
       r["protocol"]): r for r in report["results"]}
def verdict(group, port, protocol, state, cause, identified):
    r = by[(group, port, protocol)]
    assert r["state"] == state and r["cause"] == cause, r
    assert r["conversation"]["identified"] == identified, r
    return r
r = verdict("web", http, "http", "OK", "ok", "http")
assert r["detail"].startswith("speaks http (HTTP/1.x): HTTP/1.1 200 OK"), r
assert r["conversation"]["connections"] == 1 and r["conversation"]["bytes"] > 0, r
r = verdict("web", ssh, "http", "CRITICAL", "protocol.mismatch", "ssh")
assert r["detail"] == "not an HTTP server: it sent an SSH-2.0 banner (OpenSSH %s)" % ssh_version, r
r = verdict("web", redis, "http", "CRITICAL", "protocol.mismatch", "redis")
assert r["detail"] == ("not an HTTP server: it speaks Redis (it dropped the connection at "
                       "our request without a word)"), r
assert r["conversation"]["connections"] >= 2, r  # Redis drops the HTTP probe: reconnected
r = verdict("web", http, "ssh", "CRITICAL", "protocol.mismatch", "http")
assert r["detail"] == "not an SSH server: it answered HTTP 200 OK", r
verdict("services", ssh, "ssh", "OK", "ok", "ssh")
verdict("services", redis, "redis", "OK", "ok", "redis")
silent_results = [r for r in report["results"] if r["group"].startswith("silent")]
assert len(silent_results) == 20
for r in silent_results:
    assert r["state"] == "CRITICAL" and r["cause"] == "protocol.silent", r
    # The wait counts from the connection, after the connect: just under 1 s or just over.
    assert re.fullmatch(r"not an HTTP server: connected, but the server sent nothing in "
                        r"(1\.\d\d s|(9\d\d|1000)\.\d ms) and ignored 1 probe", r["detail"]), r
    assert r["conversation"] == {"identified": None, "connections": 1, "bytes": 0,
                                 "first_byte_s": None, "handshake_s": None}, r
    assert 0.99 <= r["timings"]["total_s"] < 1.5, r["timings"]
PY

# A verdict in bulk is the single check's verdict.
for case in "$SSH http" "$REDIS http" "$HTTP ssh" "$HTTP http"; do
  set -- $case
  detail=$(python3 -c "import json,sys; r=[r for r in json.load(open(sys.argv[1]))['results'] if r['group'] in ('web','services') and r['port']==int(sys.argv[2]) and r['protocol']==sys.argv[3]][0]; print(r['detail'])" \
    "$TEST_TMP/report.json" "$1" "$2")
  run_check -H 127.0.0.1 -p "$1" -t 5 --protocol "$2"
  if first_line=$(printf '%s\n' "$OUT" | head -n 1) \
     && [[ "$first_line" == "CONN "*" - 127.0.0.1:$1 $detail "* ]]; then
    pass "single check of $2 on port $1 says what bulk says"
  else
    fail "single check of $2 on port $1: '$first_line', bulk: '$detail'"
  fi
done

# Only the silent ones, the timeout from the command line.
run_check --config "$CONFIG" $(for i in $(seq "$N_SILENT"); do echo "--group silent$i"; done) -t 1
expect 2 "^CONN CRITICAL - silent1: 1 of 1 endpoint failing \(1 protocol\.silent\);" \
  "$N_SILENT silent endpoints"
expect_within 1.6 "$N_SILENT silent endpoints with -t 1 overlap"
finish
