#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP answers and the proxy in front, from a capture: tcpdump on loopback records the
# live checks against the real servers of tests/modes/front_lib.sh (nginx with its
# upstream dead or silent, a WebSocket upgrade through it, a CDN-like origin's 523), then
# check_conn --pcap must name, conversation by conversation, the cause the live check
# named.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/front_lib.sh"

need_cmd tcpdump
"$CHECK_CONN" --help | grep -q -- '--pcap' || skip "built without libpcap"
start_front_servers
CAPTURE=$TEST_TMP/front.pcap
timeout 60 tcpdump -i lo --immediate-mode -U -w "$CAPTURE" \
  "tcp port $FRONT or tcp port $CDN" 2>"$TEST_TMP/tcpdump.log" &
TCPDUMP=$!
at_exit "kill $TCPDUMP 2>/dev/null"
for _ in $(seq 50); do grep -q listening "$TEST_TMP/tcpdump.log" && break; sleep 0.1; done

LIVE=()
for check in "$FRONT --protocol http --path /dead/" "$FRONT --protocol http --path /silent/" \
             "$FRONT --protocol http --path /missing" "$FRONT --protocol http --path /ok" \
             "$FRONT --protocol ws --path /ws-dead/" "$FRONT --protocol ws --path /ws-silent/" \
             "$FRONT --protocol ws --path /static/" "$CDN --protocol http --path /523" \
             "$CDN --protocol http --path /malformed"; do
  # shellcheck disable=SC2086
  run_check -H 127.0.0.1 -t 5 -p $check
  cause=$(printf '%s\n' "$OUT" | head -n 1 | sed -n 's/.* (\([a-z_.]*\)) |.*/\1/p')
  LIVE+=("${cause:-ok}")
done
sleep 0.3
kill "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null || true
[ "${LIVE[*]}" = "proxy.upstream_refused proxy.upstream_timeout http.client_error ok proxy.upstream_refused proxy.upstream_timeout protocol.mismatch proxy.origin_unreachable http.malformed" ] \
  && pass "the live checks' causes" || fail "live causes: ${LIVE[*]}"

run_check --pcap "$CAPTURE" --pcap-format json
python3 - "$OUT" "${LIVE[@]}" <<'PY' && pass "the capture names each live check's cause, in order" \
  || fail "capture and live checks differ"
import json, sys
conversations = json.loads(sys.argv[1])["conversations"]
seen = [c["cause"] for c in conversations]
if seen != sys.argv[2:]:
    sys.exit("capture %s, live %s" % (seen, sys.argv[2:]))
words = conversations[4]["detail"]
assert words.startswith("WebSocket handshake failed: nginx (Server: nginx/"), words
assert words.endswith("answered HTTP 502 Bad Gateway: the proxy is up, but its upstream "
                      "refused or broke the connection"), words
words = conversations[8]["detail"]
assert words == ("an HTTP server, but its status line is malformed (no space after the "
                 "status code): \"HTTP/1.1 200\\x01OK\""), words
PY
run_check --pcap "$CAPTURE"
expect 2 "^CONN CRITICAL - capture .*: 8 of 9 TCP conversations failed; first of the worst: .* answered HTTP 502 Bad Gateway: .* \(proxy\.upstream_refused\)" \
  "nagios output from the capture"
finish
