#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One escaping, whatever the output: a hostile server's reply quoted in a verdict must read
# the same in a single check, in bulk (Nagios, JSON, CSV) and in a capture of the same
# conversation (Nagios, JSON), once each format's own quoting is undone. Escaping twice
# ("\\x01") or not at all, or losing what follows a NUL byte, all show up here.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd python3

# One server, two ports: the reply with a control byte, '\', '|' and CR LF; then the same
# with a NUL byte in place of the control byte. Each connection gets its reply once the
# request is in (or after 1 s), then is closed.
python3 - "$TEST_TMP/ports" <<'PY' &
import socket, sys, threading, time
REPLIES = {"ctrl": b"ZZ\x01q\\weird|x\r\n", "nul": b"ZZ\x00q\\weird|x\r\n"}

def serve(conn, reply):
    conn.settimeout(1)
    try:
        conn.recv(4096)
    except OSError:
        pass
    conn.sendall(reply)
    conn.close()

def accept(listener, reply):
    while True:
        conn = listener.accept()[0]
        threading.Thread(target=serve, args=(conn, reply), daemon=True).start()

lines = []
for name, reply in REPLIES.items():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    lines.append("%s %d\n" % (name, listener.getsockname()[1]))
    threading.Thread(target=accept, args=(listener, reply), daemon=True).start()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.writelines(lines)
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(120)
PY
at_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do [ -e "$TEST_TMP/ports" ] && break; sleep 0.1; done
[ -e "$TEST_TMP/ports" ] || { echo "FAIL: the hostile server did not start"; exit 1; }
declare -A PORT
while read -r name port; do PORT[$name]=$port; done < "$TEST_TMP/ports"

# The reply as the live check quotes it: all 14 bytes, escaped once.
declare -A LIVE_QUOTE=([ctrl]='ZZ\x01q\\weird\x7cx\x0d\x0a' [nul]='ZZ\x00q\\weird\x7cx\x0d\x0a')
# A capture verdict quotes the reply's first line: the same escaping, up to the CR.
declare -A CAPTURE_QUOTE=([ctrl]='ZZ\x01q\\weird\x7cx' [nul]='ZZ\x00q\\weird\x7cx')

# quote FORMAT FILE: the quoted reply in a verdict, after undoing FORMAT's own quoting
# (nagios: as is; json: string decoding; csv: RFC 4180 unquoting). Prints one line per
# verdict found, "missing" when there is none.
quote () {
  python3 - "$1" "$2" <<'PY'
import csv, json, re, sys
fmt, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="ascii").read()
if fmt == "json":
    report = json.loads(text)
    details = [r["detail"] for r in report.get("results", report.get("conversations", []))]
elif fmt == "csv":
    details = [row["detail"] for row in csv.DictReader(text.splitlines(keepends=True))]
else:
    details = text.splitlines()
found = []
for detail in details:
    m = re.search(r'(?:probe for http: |it sent )"(.*)"(?: \(\d+ bytes\)| \(protocol|$)', detail)
    if m:
        found.append(m.group(1))
print("\n".join(found) if found else "missing")
PY
}

# same WHAT GOT WANTED
same () {
  if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: got '$2', wanted '$3'"; fi
}

CONFIG=$TEST_TMP/hostile.ini
printf '[group hostile]\nendpoints = 127.0.0.1:%s/http, 127.0.0.1:%s/http\n' \
  "${PORT[ctrl]}" "${PORT[nul]}" > "$CONFIG"

for variant in ctrl nul; do
  run_check -H 127.0.0.1 -p "${PORT[$variant]}" --protocol http
  printf '%s\n' "$OUT" | head -n 1 > "$TEST_TMP/single.txt"
  same "$variant: single check" "$(quote nagios "$TEST_TMP/single.txt")" "${LIVE_QUOTE[$variant]}"
done

for format in nagios json csv; do
  run_check --config "$CONFIG" --format "$format"
  printf '%s\n' "$OUT" > "$TEST_TMP/bulk.$format"
  got=$(quote "$format" "$TEST_TMP/bulk.$format" | paste -sd' ' -)
  same "bulk --format $format" "$got" "${LIVE_QUOTE[ctrl]} ${LIVE_QUOTE[nul]}"
done

# The capture: tcpdump on lo while a client sends one HTTP request to each port.
CAPTURE_OK=yes
if ! command -v tcpdump >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ] \
   || ! "$CHECK_CONN" --pcap /dev/null 2>&1 | grep -vq "not built"; then
  CAPTURE_OK="no tcpdump, no root, or check_conn without libpcap"
fi
if [ "$CAPTURE_OK" = yes ]; then
  CAPTURE=$TEST_TMP/hostile.pcap
  tcpdump --immediate-mode -i lo -n -U -w "$CAPTURE" \
    "tcp port ${PORT[ctrl]} or tcp port ${PORT[nul]}" 2> "$TEST_TMP/tcpdump.err" &
  TCPDUMP=$!
  at_exit "kill $TCPDUMP 2>/dev/null"
  for _ in $(seq 100); do grep -q listening "$TEST_TMP/tcpdump.err" && break; sleep 0.1; done
  if grep -q listening "$TEST_TMP/tcpdump.err"; then
    for variant in ctrl nul; do
      timeout 10 python3 - "${PORT[$variant]}" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 3)
s.settimeout(2)
s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
while s.recv(65536):
    pass
s.close()
PY
    done
    sleep 0.5
    kill -INT "$TCPDUMP"
    wait "$TCPDUMP" || true
  else
    CAPTURE_OK="tcpdump cannot capture on lo: $(cat "$TEST_TMP/tcpdump.err")"
  fi
fi
if [ "$CAPTURE_OK" = yes ]; then
  run_check --pcap "$CAPTURE"
  printf '%s\n' "$OUT" | tail -n +2 > "$TEST_TMP/capture.nagios"
  same "capture, nagios" "$(quote nagios "$TEST_TMP/capture.nagios" | paste -sd' ' -)" \
    "${CAPTURE_QUOTE[ctrl]} ${CAPTURE_QUOTE[nul]}"
  run_check --pcap "$CAPTURE" --pcap-format json
  printf '%s\n' "$OUT" > "$TEST_TMP/capture.json"
  same "capture, json" "$(quote json "$TEST_TMP/capture.json" | paste -sd' ' -)" \
    "${CAPTURE_QUOTE[ctrl]} ${CAPTURE_QUOTE[nul]}"
  finish
fi
[ "$FAILURES" -eq 0 ] || finish
skip "the live and bulk parts passed; the capture part needs $CAPTURE_OK"
