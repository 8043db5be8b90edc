#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Protocol identification and the seed mismatch cases against real web servers: nginx
# (HTTP/1.1, HTTP/2 by prior knowledge, TLS, a location without WebSocket support),
# websocketd, sshd and openssl s_server, all on loopback high ports.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

need_root "servers run with throwaway configurations as root"
for cmd in nginx websocketd /usr/sbin/sshd openssl ssh-keygen setsid; do need_cmd $cmd; done

start_on 3 start_nginx || skip "$WHY"
read -r HTTP H2C HTTPS <<< "$PORTS"
start_on 1 start_websocketd || skip "$WHY"
WS=$PORTS
start_on 1 start_sshd || skip "$WHY"
SSH=$PORTS
start_on 1 start_openssl || skip "$WHY"
TLS=$PORTS
start_on 1 start_openssl -servername good.example -cert2 "$TEST_TMP/cert.pem" \
  -key2 "$TEST_TMP/key.pem" -servername_fatal || skip "$WHY"
SNI=$PORTS
T="-H 127.0.0.1 -t 5"

# The seed cases, exact cause and message.
run_check $T -p "$HTTP" --protocol ws --path /ws/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$HTTP WebSocket handshake failed: server answered HTTP 200 OK \(it speaks plain HTTP here, not WebSocket\) \(protocol\.mismatch\) \|" \
  "ws:// to an nginx location without WebSocket: 200"
run_check $T -p "$WS" --protocol ws --path /nothing-here
expect 0 "^CONN OK - 127\.0\.0\.1:$WS speaks websocket \(WebSocket\): HTTP/1\.1 101 Switching Protocols" \
  "ws:// to websocketd: 101 with the right accept"
run_check $T -p "$WS" --protocol http
expect 1 "^CONN WARNING - 127\.0\.0\.1:$WS the server answered HTTP 404 Not Found for / \(http\.client_error\) \|" \
  "websocketd answers a plain GET with 404: a client error, WARNING as check_http says"
SSH_VERSION=$(/usr/sbin/sshd -V 2>&1 | sed -n 's/^OpenSSH_\([0-9.]*\).*/\1/p' | head -n 1)
run_check $T -p "$SSH" --protocol ws
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SSH not an HTTP server: it sent an SSH-2\.0 banner \(OpenSSH $SSH_VERSION\) \(protocol\.mismatch\) \|" \
  "ws:// to sshd"
run_check $T -p "$SSH" --protocol http
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SSH not an HTTP server: it sent an SSH-2\.0 banner \(OpenSSH $SSH_VERSION\) \(protocol\.mismatch\) \|" \
  "http:// to sshd"
expect_within 1 "the SSH banner costs no wait"

# What answers, with no expectation (inside TLS too: s_server -www answers HTTP).
for case in "$HTTP http" "$H2C http2" "$HTTPS https" "$WS websocket" "$SSH ssh" "$TLS https"; do
  set -- $case
  expect_identified "$1" "$2"
done

# TLS problems.
run_check $T -p "$HTTPS" --protocol https
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$HTTPS TLS certificate is self-signed \(for CN localhost\) and not in the trusted store \(tls\.self_signed\)" \
  "https:// to nginx TLS with a self-signed certificate"
run_check $T -p "$HTTPS" --protocol https --insecure
expect 0 "^CONN OK - 127\.0\.0\.1:$HTTPS speaks https \(HTTP/1\.x over TLS 1\.[23], ALPN http/1\.1\): HTTP/1\.1 200 OK" \
  "https:// to nginx TLS, certificate not verified: HTTP inside TLS checked"
run_check $T -p "$HTTP" --protocol wss
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$HTTP TLS handshake failed: the server answered in plain text \(it answered HTTP 400 Bad Request\) \(tls\.plaintext_reply\)" \
  "wss:// to a plain nginx port"
run_check $T -p "$HTTPS" --protocol http
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$HTTPS not an HTTP server: it speaks TLS on this port \(use https\) \(tls\.on_plain_port\)" \
  "http:// to nginx's TLS port"
run_check $T -p "$TLS" --protocol ws
expect 2 "\(tls\.on_plain_port\)" "ws:// to openssl s_server"
run_check $T -p "$SNI" --protocol tls --sni bad.example
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SNI TLS handshake failed: the server sent the fatal alert unrecognized_name \(112\) \(tls\.alert\)" \
  "TLS with a server name s_server refuses"
run_check $T -p "$SNI" --protocol tls --sni good.example --insecure
expect 0 "^CONN OK - " "TLS with the server name s_server wants"

# Servers that say nothing, reset, or send bytes no protocol has.
SILENT=$(free_ports 1)
listen 127.0.0.1 "$SILENT"
start_on 1 start_odd garbage || skip "$WHY"
GARBAGE=$PORTS
start_on 1 start_odd reset || skip "$WHY"
RESET=$PORTS
run_check -H 127.0.0.1 -t 1.5 -p "$SILENT" --protocol http
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SILENT not an HTTP server: connected, but the server sent nothing in 1\.[0-9]{2} s and ignored 1 probe \(protocol\.silent\) \|" \
  "a server that accepts and stays silent"
expect_within 2 "silence ends at the -t deadline"
run_check $T -p "$GARBAGE" --identify
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$GARBAGE unrecognised banner: \"\\\\x00\\\\x01evil\\\\x7c\\\\x0d\\\\x0aline two\\\\x7f\\\\xff\" \(19 bytes\) \(protocol\.unknown\) \|" \
  "unknown bytes shown escaped"
run_check $T -p "$RESET" --protocol ws
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$RESET not an HTTP server: the server reset the connection without sending a byte \(conn\.reset\) \|" \
  "a server that resets at once"

# -v shows the protocol tree, escaped.
run_check $T -p "$HTTP" --protocol http -v
if printf '%s\n' "$OUT" | grep -q "^  http.status: 200$"; then pass "-v tree"; else fail "-v tree: $OUT"; fi
finish
