#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One --format for single checks, bulk runs and captures: real checks of a loopback
# listener and a closed port, and a capture file. JSON and CSV say the same state, cause,
# detail and advice for every endpoint or conversation; the OpenMetrics output passes
# `promtool check metrics` and carries the same verdicts as labels; the exit code does
# not depend on the format.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd python3
need_cmd promtool prometheus

OPEN=47010
CLOSED=47011
timeout 120 python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); time.sleep(120)' "$OPEN" &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do ss -ltn "sport = :$OPEN" | grep -q LISTEN && break; sleep 0.1; done

# agree KIND JSON CSV OPENMETRICS RC: the three outputs of one run say the same thing.
agree () {
  python3 - "$@" "$top_srcdir/tests/modes/bulk/validate_json.py" \
    "$top_srcdir/doc/json-schema.json" <<'PY'
import csv, io, json, re, subprocess, sys
kind, json_path, csv_path, om_path, rc, validator, schema = sys.argv[1:8]
STATES = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}

def samples(text):
    """name -> list of (labels, value); a strict reading of the lines promtool accepted."""
    out = {}
    lines = text.split("\n")
    assert lines[-2:] == ["# EOF", ""], lines[-2:]
    for line in lines[:-2]:
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        m = re.fullmatch(r'([a-z_]+)(?:\{(.*)\})? (\S+)', line)
        assert m, line
        labels = {}
        for k, v in re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""):
            labels[k] = re.sub(r'\\(.)', lambda e: {"n": "\n"}.get(e.group(1), e.group(1)), v)
        out.setdefault(m.group(1), []).append((labels, float(m.group(3))))
    return out

report = json.load(open(json_path))
rows = list(csv.DictReader(open(csv_path, newline="")))
om = samples(open(om_path).read())
if kind == "capture":
    conversations = report["conversations"]
    assert len(rows) == len(conversations) > 0, (len(rows), len(conversations))
    for r, c in zip(rows, conversations):
        for key in ("client", "server", "state", "cause", "detail"):
            assert r[key] == str(c[key]), (key, r, c)
        assert (r["advice"] == "") == (c["cause"] == "ok"), r
    by_cause = {}
    for c in conversations:
        by_cause[c["cause"]] = by_cause.get(c["cause"], 0) + 1
    got = {l["cause"]: v for l, v in om["check_conn_capture_cause_conversations"]}
    assert got == by_cause, (got, by_cause)
    [(labels, value)] = om["check_conn_capture_state"]
    assert labels["capture"] == report["capture"] and labels["state"] == report["state"], labels
    assert value == STATES[report["state"]] == int(rc), (value, rc)
    sys.exit(0)
top = ["check"] if kind == "single" else []
subprocess.run([sys.executable, validator, schema, json_path] + top, check=True)
results = [report] if kind == "single" else report["results"]
assert len(rows) == len(results), (rows, results)
states = om["check_conn_endpoint_state"]
connects = om.get("check_conn_endpoint_connect_seconds", [])
assert len(states) == len(results)
# Each format is its own run: times in the words differ.
untimed = lambda text: re.sub(r"[0-9.]+ (ms|s)\b", "T", text)
for r, j, (labels, value) in zip(rows, results, states):
    for key in ("host", "port", "protocol", "state", "cause"):
        assert r[key] == str(j[key]) == labels.get(key, r[key]), (key, r, j, labels)
    assert untimed(r["detail"]) == untimed(j["detail"]), (r, j)
    assert r["advice"] == (j["advice"] or ""), (r, j)
    assert (j["cause"] == "ok") == (j["advice"] is None), j
    assert value == STATES[j["state"]], (labels, value)
    endpoint = {k: v for k, v in labels.items() if k not in ("state", "cause")}
    connected = [l for l, v in connects if l == endpoint]
    assert len(connected) == (j["timings"]["connect_s"] is not None), (connected, j)
if kind == "single":
    assert STATES[report["state"]] == int(rc), (report["state"], rc)
else:
    for g in report["groups"]:
        got = {l["cause"]: v for l, v in om["check_conn_group_cause_endpoints"]
               if l["group"] == g["name"]}
        assert got == g["causes"], (got, g)
    assert om["check_conn_run_state"][0][1] == STATES[report["state"]] == int(rc)
PY
}

# outputs KIND ARGS...: runs check_conn in each format, checks promtool and agreement.
outputs () {
  local kind=$1 format rcs=""
  shift
  for format in nagios json csv openmetrics; do
    run_check "$@" --format "$format"
    printf '%s\n' "$OUT" > "$TEST_TMP/out.$format"
    rcs="$rcs $RC"
  done
  if [ "$(echo $rcs | tr ' ' '\n' | sort -u | wc -l)" -ne 1 ]; then
    fail "$kind $*: the exit code depends on the format:$rcs"
  else
    pass "$kind $*: one exit code ($RC) in every format"
  fi
  if timeout 20 promtool check metrics < "$TEST_TMP/out.openmetrics" > "$TEST_TMP/promtool" 2>&1; then
    pass "$kind $*: promtool check metrics accepts the OpenMetrics output"
  else
    fail "$kind $*: promtool: $(cat "$TEST_TMP/promtool"): $(cat "$TEST_TMP/out.openmetrics")"
  fi
  if agree "$kind" "$TEST_TMP/out.json" "$TEST_TMP/out.csv" "$TEST_TMP/out.openmetrics" "$RC" \
       > "$TEST_TMP/agree" 2>&1; then
    pass "$kind $*: JSON, CSV and OpenMetrics agree"
  else
    fail "$kind $*: $(cat "$TEST_TMP/agree")"
  fi
}

outputs single -H 127.0.0.1 -p "$OPEN"
outputs single -H 127.0.0.1 -p "$CLOSED"

cat > "$TEST_TMP/bulk.ini" <<INI
[group web]
endpoints = 127.0.0.1:$OPEN, 127.0.0.1:$CLOSED

[group db]
endpoints = 127.0.0.1:$CLOSED

[endpoint db/primary]
host = 127.0.0.1
port = $OPEN
INI
outputs bulk --config "$TEST_TMP/bulk.ini"

if "$CHECK_CONN" --pcap /dev/null 2>&1 | grep -q "not built"; then
  finish
fi
# A file name is the user's bytes: quotes, a backslash and a line break must reach the
# capture label escaped, and promtool must still read one sample per line.
CAPTURE="$TEST_TMP/a\"b\\c
d.pcap"
timeout 60 python3 "$top_srcdir/bench/pcap_synth.py" "$CAPTURE" 0.2 20 > /dev/null
outputs capture --pcap "$CAPTURE"
finish
