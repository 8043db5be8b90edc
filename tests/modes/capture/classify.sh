#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn --pcap on captures this test makes itself: two namespaces joined by a veth
# pair, tcpdump on the client's side, real failures provoked by the live check_conn and
# by python3 clients against real nginx and sshd. The capture must name the same cause
# the live check named for each condition.
. "$(dirname "$0")/../../lib.sh"

need_cmd tcpdump
need_cmd nft nftables
need_cmd nginx nginx-light
need_cmd ssh-keygen openssh-client
[ -x /usr/sbin/sshd ] || skip "needs sshd (apt-get install openssh-server)"
NS_C=ccpcap-$$-c
NS_S=ccpcap-$$-s
make_netns "$NS_C"
make_netns "$NS_S"
ip link add "ccpcap-$$c" netns "$NS_C" type veth peer name "ccpcap-$$s" netns "$NS_S" \
  || skip "cannot create veth pairs here"
ip -n "$NS_C" addr add 10.77.0.1/24 dev "ccpcap-$$c"
ip -n "$NS_S" addr add 10.77.0.2/24 dev "ccpcap-$$s"
ip -n "$NS_C" addr add fd00:77::1/64 dev "ccpcap-$$c" nodad
ip -n "$NS_S" addr add fd00:77::2/64 dev "ccpcap-$$s" nodad
ip -n "$NS_C" link set "ccpcap-$$c" up
ip -n "$NS_S" link set "ccpcap-$$s" up
SERVER=10.77.0.2

# Port 81 drops, 82 rejects with host-unreachable, 83 with admin-prohibited.
ip netns exec "$NS_S" nft -f - <<EOF
table inet ccpcap {
  chain input {
    type filter hook input priority 0;
    tcp dport 81 drop
    meta nfproto ipv4 tcp dport 82 reject with icmp type host-unreachable
    meta nfproto ipv6 tcp dport 82 reject with icmpv6 type addr-unreachable
    meta nfproto ipv4 tcp dport 83 reject with icmp type admin-prohibited
  }
}
EOF

# nginx serving static files on 8080: it answers a WebSocket upgrade with 200 or 404.
mkdir -p "$TEST_TMP/www"
chmod a+rx "$TEST_TMP"  # nginx workers run as nobody
echo hello >"$TEST_TMP/www/index.html"
cat >"$TEST_TMP/nginx.conf" <<EOF
daemon off;
pid $TEST_TMP/nginx.pid;
error_log $TEST_TMP/nginx.err;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $TEST_TMP/body;
  proxy_temp_path $TEST_TMP/proxy;
  fastcgi_temp_path $TEST_TMP/fastcgi;
  uwsgi_temp_path $TEST_TMP/uwsgi;
  scgi_temp_path $TEST_TMP/scgi;
  server { listen $SERVER:8080; root $TEST_TMP/www; }
}
EOF
ip netns exec "$NS_S" nginx -c "$TEST_TMP/nginx.conf" -e "$TEST_TMP/nginx.err" &
at_exit "kill $!"
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/hostkey"
mkdir -p /run/sshd
ip netns exec "$NS_S" /usr/sbin/sshd -D -f /dev/null -h "$TEST_TMP/hostkey" \
  -o ListenAddress="$SERVER:2222" -o PidFile=none -E "$TEST_TMP/sshd.log" &
at_exit "kill $!"
# 7001 accepts and resets at once; 7002 accepts and never answers.
ip netns exec "$NS_S" timeout 120 python3 - "$SERVER" <<'PY' &
import socket, struct, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 7001)); s.listen(8)
while True:
    c = s.accept()[0]
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
PY
at_exit "kill $!"
ip netns exec "$NS_S" bash -c "$(declare -f listen wait_port at_exit); listen $SERVER 7002; wait" &
at_exit "kill $!"
# openssl s_server speaks TLS 1.3 only on 4433: a TLS 1.2 client gets an alert.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=ccpcap -days 1 -keyout "$TEST_TMP/key.pem" \
  -out "$TEST_TMP/cert.pem" 2>/dev/null
ip netns exec "$NS_S" timeout 120 openssl s_server -quiet -accept "$SERVER:4433" -tls1_3 \
  -cert "$TEST_TMP/cert.pem" -key "$TEST_TMP/key.pem" </dev/null >/dev/null 2>&1 &
at_exit "kill $!"
for port in 8080 2222 7001 7002 4433; do
  ip netns exec "$NS_C" bash -c "$(declare -f wait_port); wait_port $SERVER $port"
done

CAPTURE=$TEST_TMP/failures.pcap
# ip netns exec forks: the shell writes tcpdump's own pid so the test can stop it cleanly.
ip netns exec "$NS_C" sh -c 'echo $$ >"$1"; exec tcpdump --immediate-mode -i "$2" -n -U -w "$3" "tcp or icmp or icmp6"' \
  sh "$TEST_TMP/tcpdump.pid" "ccpcap-$$c" "$CAPTURE" 2>"$TEST_TMP/tcpdump.err" &
TCPDUMP=$!
at_exit "kill \$(cat $TEST_TMP/tcpdump.pid)"
for _ in $(seq 100); do grep -q listening "$TEST_TMP/tcpdump.err" && break; sleep 0.1; done
grep -q listening "$TEST_TMP/tcpdump.err" || { cat "$TEST_TMP/tcpdump.err"; exit 1; }

# live ADDRESS PORT [ARGS]: the live check from the client namespace; prints its cause id.
live () {
  local host=$1 port=$2
  shift 2
  run_check_in "$NS_C" -H "$host" -p "$port" "$@"
  printf '%s\n' "$OUT" | head -n 1 | grep -Eo '\([a-z_]+\.[a-z_.]+\)' | tail -n 1 | tr -d '()'
}

# send PORT FILE: a python3 client that sends FILE's bytes, reads what comes within 2 s
# and closes; the conversation lands in the capture.
send () {
  ip netns exec "$NS_C" timeout 10 python3 - "$SERVER" "$1" "$2" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(1.5)
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
    s.sendall(open(sys.argv[3], "rb").read())
    s.recv(65536)
except OSError:
    pass
s.close()
PY
}

# tls PORT [MAX_VERSION]: a python3 TLS client handshake, errors ignored.
tls () {
  ip netns exec "$NS_C" timeout 10 python3 - "$SERVER" "$1" "${2:-}" <<'PY'
import socket, ssl, sys
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
if sys.argv[3]:
    context.maximum_version = getattr(ssl.TLSVersion, sys.argv[3])
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 3)
s.settimeout(1.5)
try:
    context.wrap_socket(s, server_hostname="ccpcap").close()
except (OSError, ssl.SSLError):
    s.close()
PY
}

declare -A LIVE
LIVE[9]=$(live "$SERVER" 9)
# --no-diagnose: the live check's side probes would add conversations of their own to
# the capture, and a capture alone cannot yet tell a dropped port from a host that is down.
LIVE[81]=$(live "$SERVER" 81 -t 3.5 --no-diagnose)
LIVE[82]=$(live "$SERVER" 82)
LIVE[83]=$(live "$SERVER" 83)
LIVE[v6-82]=$(live fd00:77::2 82)

printf 'GET / HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' \
  "$SERVER" >"$TEST_TMP/ws.req"
sed 's|GET / |GET /missing |' "$TEST_TMP/ws.req" >"$TEST_TMP/ws404.req"
printf 'GET / HTTP/1.1\r\nHost: %s\r\n\r\n' "$SERVER" >"$TEST_TMP/http.req"
send 8080 "$TEST_TMP/ws.req"
send 8080 "$TEST_TMP/ws404.req"
send 2222 "$TEST_TMP/http.req"
send 7001 "$TEST_TMP/http.req"
send 7002 "$TEST_TMP/http.req"
tls 8080
tls 4433 TLSv1_2

# Let the last packets reach the file, then stop the capture.
sleep 0.5
kill -INT "$(cat "$TEST_TMP/tcpdump.pid")"
wait "$TCPDUMP" || true
# tests/wireshark/verdicts.sh runs the plugin on this same capture.
[ -z "${CC_KEEP_CAPTURE:-}" ] || cp "$CAPTURE" "$CC_KEEP_CAPTURE"

run_check --pcap "$CAPTURE" --pcap-format json
JSON=$OUT
[ "$RC" -eq 2 ] && pass "capture exits CRITICAL" || fail "capture exit $RC, wanted 2: $OUT"

# verdict SERVER PORT [NTH]: cause id and detail of the NTH conversation to that server port.
verdict () {
  printf '%s' "$JSON" | python3 -c '
import json, sys
convs = [c for c in json.load(sys.stdin)["conversations"]
         if c["server"] == sys.argv[1] and c["server_port"] == int(sys.argv[2])]
n = int(sys.argv[3])
print(convs[n]["cause"] + " " + convs[n]["detail"] + " " + " / ".join(convs[n]["evidence"])
      if len(convs) > n else "missing")' "$1" "$2" "${3:-0}"
}

# same_as_live KEY SERVER PORT WANTED: live cause, capture cause and WANTED all agree.
same_as_live () {
  local got
  got=$(verdict "$2" "$3")
  if [ "${LIVE[$1]}" != "$4" ]; then
    fail "live check on port $3 said '${LIVE[$1]}', wanted $4"
  elif [ "${got%% *}" != "$4" ]; then
    fail "capture of port $3: '$got', live check said $4"
  else
    pass "port $3 ($2): capture and live check both say $4: ${got#* }"
  fi
}

same_as_live 9 "$SERVER" 9 refused.not_listening
same_as_live 81 "$SERVER" 81 timeout.no_answer
same_as_live 82 "$SERVER" 82 unreachable.host
same_as_live 83 "$SERVER" 83 unreachable.prohibited
same_as_live v6-82 fd00:77::2 82 unreachable.host

got=$(verdict "$SERVER" 81)
if printf '%s' "$got" | grep -Eq 'SYN sent [2-9] times \([1-9] retransmissions?\) over [0-9.]+ (ms|s)'; then
  pass "timeout evidence counts the retransmissions and their span"
else
  fail "timeout evidence lacks retransmission count or span: $got"
fi
printf '%s' "$(verdict "$SERVER" 83)" | grep -q 'rejected by a firewall' \
  && pass "admin-prohibited is worded as a firewall rejection" \
  || fail "admin-prohibited wording: $(verdict "$SERVER" 83)"

# Protocol mismatches: the live check can compare only when it has --protocol.
expect_capture () {
  local got
  got=$(verdict "$SERVER" "$1" "$2")
  if [ "${got%% *}" = "$3" ] && printf '%s' "$got" | grep -q -- "$4"; then
    pass "port $1 #$2: $got"
  else
    fail "port $1 #$2: '$got', wanted $3 with '$4'"
  fi
}
expect_capture 8080 0 protocol.mismatch "WebSocket handshake failed: server answered HTTP 200 OK"
expect_capture 8080 1 protocol.mismatch "server answered HTTP 404 Not Found"
expect_capture 2222 0 protocol.mismatch "not an HTTP server: it sent an SSH-2.0 banner (OpenSSH"
fields=$(printf '%s' "$JSON" | python3 -c '
import json, sys
for c in json.load(sys.stdin)["conversations"]:
    if c["server_port"] == 2222:
        print(c["client_speaks"], c["server_speaks"], c["fields"].get("ssh.software"))')
[[ $fields =~ ^http\ ssh\ OpenSSH_[0-9] ]] && pass "JSON carries protocols and dissected fields: $fields" \
  || fail "JSON protocols/fields for the sshd conversation: '$fields'"
expect_capture 7001 0 conn.reset "the server reset the connection"
expect_capture 7002 0 protocol.silent "the server said nothing in 1.5"
expect_capture 8080 2 tls.plaintext_reply "TLS expected, but the server answered in plain text: HTTP 400 Bad Request"
expect_capture 4433 0 tls.version "TLS handshake failed: the server sent the fatal alert protocol_version (70)"
# live_protocol PORT PROTOCOL WANTED: the live --protocol check names the capture's cause.
live_protocol () {
  local l
  l=$(live "$SERVER" "$1" --protocol "$2" -t 3)
  [ "$l" = "$3" ] && pass "live --protocol $2 on port $1 agrees: $l" \
    || fail "live --protocol $2 on port $1 said '$l', the capture $3"
}
if "$CHECK_CONN" --help | grep -q -- '--protocol'; then
  live_protocol 8080 ws protocol.mismatch
  live_protocol 2222 http protocol.mismatch
  live_protocol 7001 http conn.reset
  live_protocol 7002 http protocol.silent
  live_protocol 8080 https tls.plaintext_reply
else
  echo "note: this check_conn has no --protocol yet; protocol causes checked on the capture only"
fi

# The Nagios form: worst state, one long-output line per failing conversation, perfdata.
run_check --pcap "$CAPTURE"
expect 2 "^CONN CRITICAL - capture .*: [0-9]+ of [0-9]+ TCP conversations failed.*\| conversations=" \
  "Nagios status line"
lines=$(printf '%s\n' "$OUT" | sed 1d | grep -c ' -> ' || true)
failing=$(printf '%s\n' "$OUT" | head -n 1 | grep -Eo '[0-9]+ of' | cut -d' ' -f1)
[ "$lines" -eq "$failing" ] && pass "one long-output line per failing conversation ($lines)" \
  || fail "$lines long-output lines for $failing failing conversations"
printf '%s\n' "$OUT" | head -n 1 | grep -q "'refused.not_listening'=1;;;0\|refused.not_listening=1;;;0" \
  && pass "perfdata counts per cause" || fail "no per-cause perfdata: $(printf '%s' "$OUT" | head -n 1)"

# --filter narrows to one conversation.
run_check --pcap "$CAPTURE" --filter "tcp port 9"
expect 2 "capture .*: 1 of 1 TCP conversations failed.*refused.not_listening" "--filter 'tcp port 9'"
run_check --pcap "$CAPTURE" --filter "tcp port 12345"
expect 3 "^CONN UNKNOWN - capture .*no TCP conversation" "a filter matching nothing is UNKNOWN"
run_check --pcap "$CAPTURE" --filter "tcp port nonsense"
expect 3 "^CONN UNKNOWN - .*filter 'tcp port nonsense' is not valid" "a bad filter is UNKNOWN"

# pcapng: the same conversations, the same verdicts.
if command -v editcap >/dev/null; then
  editcap -F pcapng "$CAPTURE" "$TEST_TMP/failures.pcapng"
  run_check --pcap "$CAPTURE"
  classic=$OUT
  run_check --pcap "$TEST_TMP/failures.pcapng"
  if [ "$(printf '%s\n' "$OUT" | sed 1d)" = "$(printf '%s\n' "$classic" | sed 1d)" ] && [ "$RC" -eq 2 ]; then
    pass "pcapng gives the same verdicts"
  else
    fail "pcapng differs: $OUT"
  fi
else
  echo "note: editcap (wireshark-common) missing; pcapng comparison not run"
fi
[ "$FAILURES" -eq 0 ] || printf '%s\n' "$JSON"
finish
