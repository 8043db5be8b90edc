#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --format openmetrics as Prometheus users take it: the files of a single check, a bulk run
# and a capture (named with a quote and a backslash) in one directory, read by a real
# node_exporter's textfile collector on loopback. It must report no scrape error and
# serve every family with the labels check_conn wrote; a file with a bad escape, written
# here as a control, must make it report one.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd python3
need_cmd prometheus-node-exporter prometheus-node-exporter

OPEN=47050
CLOSED=47051
EXPORTER=47052
timeout 120 python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); time.sleep(120)' "$OPEN" &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do ss -ltn "sport = :$OPEN" | grep -q LISTEN && break; sleep 0.1; done

DIR=$TEST_TMP/textfile
mkdir "$DIR"
printf '[group web]\nendpoints = 127.0.0.1:%s, 127.0.0.1:%s\n' "$OPEN" "$CLOSED" > "$TEST_TMP/bulk.ini"
# write NAME ARGS...: check_conn's OpenMetrics into NAME.prom, renamed into place whole.
write () {
  local name=$1
  shift
  timeout 60 "$CHECK_CONN" "$@" --format openmetrics > "$DIR/.$name.tmp" || true
  mv "$DIR/.$name.tmp" "$DIR/$name.prom"
}
write single -H 127.0.0.1 -p "$CLOSED"
write bulk --config "$TEST_TMP/bulk.ini"
if ! "$CHECK_CONN" --pcap /dev/null 2>&1 | grep -q "not built"; then
  CAPTURE="$TEST_TMP/a\"b\\c.pcap"
  timeout 60 python3 "$top_srcdir/bench/pcap_synth.py" "$CAPTURE" 0.1 10 > /dev/null
  write capture --pcap "$CAPTURE"
fi

# scrape: starts node_exporter with the textfile collector only, prints /metrics once.
scrape () {
  timeout 30 prometheus-node-exporter --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$DIR" --web.listen-address="127.0.0.1:$EXPORTER" \
    > "$TEST_TMP/exporter.log" 2>&1 &
  local pid=$!
  timeout 20 python3 - "$EXPORTER" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        print(urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=2).read().decode())
        break
    except OSError:
        time.sleep(0.1)
PY
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

scrape > "$TEST_TMP/metrics"
if grep -q '^node_textfile_scrape_error 0$' "$TEST_TMP/metrics"; then
  pass "node_exporter reads the single, bulk and capture files without a scrape error"
else
  fail "node_exporter: $(grep -E 'textfile|level=' "$TEST_TMP/metrics" "$TEST_TMP/exporter.log")"
fi
python3 - "$TEST_TMP/metrics" "$OPEN" "$CLOSED" "${CAPTURE:-}" <<'PY' && pass "the families and labels arrive as written" || fail "families and labels: see above"
import re, sys
text, open_port, closed_port, capture = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
def has(pattern):
    assert re.search(pattern, text, re.M), pattern
has(r'^check_conn_endpoint_state\{cause="refused.not_listening",host="127.0.0.1",port="%s",protocol="tcp",state="CRITICAL"\} 2$' % closed_port)
has(r'^check_conn_endpoint_state\{cause="ok",group="web",host="127.0.0.1",name="",port="%s",protocol="tcp",state="OK"\} 0$' % open_port)
has(r'^check_conn_endpoint_connect_seconds\{group="web",host="127.0.0.1",name="",port="%s",protocol="tcp"\} ' % open_port)
has(r'^check_conn_group_cause_endpoints\{cause="refused.not_listening",group="web"\} 1$')
has(r'^check_conn_run_state 2$')
if capture:
    # The exposition escapes the label's backslashes once more: \\ on disk reads \\\\ here.
    label = capture.replace("\\", "\\\\\\\\").replace('"', '\\"')
    has(r'^check_conn_capture_state\{capture="%s",state="CRITICAL"\} 2$' % re.escape(label))
PY

# The control: a raw \x in a label is no valid escape; node_exporter must say so.
printf 'check_conn_control{capture="a\\x0ab"} 1\n' > "$DIR/control.prom"
scrape > "$TEST_TMP/metrics"
if grep -q '^node_textfile_scrape_error 1$' "$TEST_TMP/metrics"; then
  pass "control: node_exporter reports a scrape error for a bad escape"
else
  fail "control: node_exporter accepted a bad escape: $(grep textfile "$TEST_TMP/metrics")"
fi
finish
