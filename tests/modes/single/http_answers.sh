#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP answers and the proxy in front, as single checks against real servers on loopback
# (tests/modes/front_lib.sh): nginx's 200/301/404/500 locations, nginx proxying to a dead
# upstream (502) and to a silent one (504), a CDN-like origin answering Cloudflare's 52x,
# WebSocket upgrades through nginx to websocketd, to the dead and to the silent upstream.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/front_lib.sh"

start_front_servers
T="-H 127.0.0.1 -t 5"
NGINX="nginx \(Server: nginx/[0-9.]+\)"
CLOUDFLARE="Cloudflare \(CF-RAY: 8a1b2c3d4e5f6a7b-FRA\)"

# check_http's default states.
run_check $T -p "$FRONT" --protocol http --path /ok
expect 0 "^CONN OK - 127\.0\.0\.1:$FRONT speaks http \(HTTP/1\.x\): HTTP/1\.1 200 OK \|" "200 is OK"
run_check $T -p "$FRONT" --protocol http --path /moved
expect 0 "^CONN OK - 127\.0\.0\.1:$FRONT speaks http \(HTTP/1\.x\): HTTP/1\.1 301 Moved Permanently \|" \
  "301 is OK"
run_check $T -p "$FRONT" --protocol http --path /missing
expect 1 "^CONN WARNING - 127\.0\.0\.1:$FRONT the server answered HTTP 404 Not Found for /missing \(http\.client_error\) \|" \
  "404 is WARNING"
run_check $T -p "$FRONT" --protocol http --path /broken
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT the server answered HTTP 500 Internal Server Error for /broken \(http\.server_error\) \|" \
  "500 is CRITICAL"
run_check $T -p "$FRONT" --protocol http --path /missing --state http.client_error=ok
expect 0 "\(http\.client_error\)" "--state routes the new causes like any other"

# --expect-status.
run_check $T -p "$FRONT" --protocol http --path /moved --expect-status 200,301
expect 0 "^CONN OK - .* 301 Moved Permanently \|" "301 listed"
run_check $T -p "$FRONT" --protocol http --path /moved --expect-status 200,300-308
expect 0 "^CONN OK - .* 301 Moved Permanently \|" "301 inside a listed range"
run_check $T -p "$FRONT" --protocol http --path /moved --expect-status 200,302-303
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT the server answered HTTP 301 Moved Permanently for /moved, not an expected status \(200,302-303\) \(http\.unexpected_status\) \|" \
  "301 not listed"
run_check $T -p "$FRONT" --protocol http --path /missing --expect-status 404
expect 0 "^CONN OK - .* 404 Not Found \|" "an expected 404 is OK"
run_check $T -p "$FRONT" --protocol http --path /ok --expect-status 404
expect 2 "HTTP 200 OK for /ok, not an expected status \(404\) \(http\.unexpected_status\)" \
  "an unexpected 200 is CRITICAL"

# --expect-body and --expect-regex.
run_check $T -p "$FRONT" --protocol http --path /ok --expect-body "all is"
expect 0 "^CONN OK - .* 200 OK \|" "body holds the text"
run_check $T -p "$FRONT" --protocol http --path /ok --expect-body "all is lost"
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT the server answered HTTP 200 OK for /ok, but the body \(12 bytes\) does not contain \"all is lost\" \(http\.body_mismatch\) \|" \
  "body lacks the text"
run_check $T -p "$FRONT" --protocol http --path /ok --expect-regex '^all is w[ae]ll$'
expect 0 "^CONN OK - .* 200 OK \|" "body matches the regex"
run_check $T -p "$FRONT" --protocol http --path /ok --expect-regex '^w[ae]ll'
expect 2 "the body \(12 bytes\) does not match the regex \"\^w\[ae\]ll\" \(http\.body_mismatch\)" \
  "body does not match the regex"
run_check $T -p "$FRONT" --protocol http --path /ok --expect-body "all" --expect-regex 'lost'
expect 2 "does not match the regex \"lost\" \(http\.body_mismatch\)" "both must hold; the regex fails"
run_check $T -p "$FRONT" --protocol http --path /missing --expect-body "all is well"
expect 1 "\(http\.client_error\)" "a 404 is judged by its status before its body"
run_check $T -p "$CDN" --protocol http --path /body-hostile --expect-body "</html>"
expect 2 "but the body \([0-9]+ bytes read, the most we read\) does not contain \"</html>\" \(http\.body_mismatch\)" \
  "a 70 kB body is read up to the cap, not beyond"
expect_within 1 "the capped body ends the read at once"
run_check $T -p "$CDN" --protocol http --path /malformed -v
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CDN an HTTP server, but its status line is malformed \(no space after the status code\): \"HTTP/1\.1 200\\\\x01OK\" \(http\.malformed\) \|" \
  "a control byte after the status code: an HTTP server's malformed status line, escaped"
printf '%s\n' "$OUT" | grep -qx '  http.reason: \\x01OK' && pass "its reason, escaped, in the protocol tree" \
  || fail "no escaped http.reason: $OUT"

# The proxy in front: nginx's upstream dead (502) or silent (504).
run_check $T -p "$FRONT" --protocol http --path /dead/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT $NGINX answered HTTP 502 Bad Gateway: the proxy is up, but its upstream refused or broke the connection \(proxy\.upstream_refused\) \|" \
  "nginx, upstream dead: 502"
run_check $T -p "$FRONT" --protocol http --path /silent/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT $NGINX answered HTTP 504 Gateway Time-out: the proxy is up, but its upstream did not answer in time \(proxy\.upstream_timeout\) \|" \
  "nginx, upstream silent: 504 after proxy_read_timeout"
run_check $T -p "$FRONT" --protocol http --path /dead/ --expect-status 502
expect 0 "^CONN OK - .* 502 Bad Gateway \|" "an expected 502 is OK"

# A CDN in front (Cloudflare's 52x), straight and through nginx (which keeps CF-RAY).
for case in "502 Bad Gateway:upstream_refused" "503 Service Unavailable:no_upstream" \
            "504 Gateway Timeout:upstream_timeout" "521 Web Server Is Down:upstream_refused" \
            "522 Connection Timed Out:upstream_timeout" "523 Origin Is Unreachable:origin_unreachable" \
            "524 A Timeout Occurred:upstream_timeout" "525 SSL Handshake Failed:origin_tls" \
            "526 Invalid SSL Certificate:origin_tls"; do
  status=${case%% *} words=${case%:*} cause=${case##*:}
  run_check $T -p "$CDN" --protocol http --path "/$status"
  expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CDN $CLOUDFLARE answered HTTP $words: .* \(proxy\.$cause\) \|" \
    "Cloudflare $status: proxy.$cause"
done
run_check $T -p "$FRONT" --protocol http --path /cdn/523
expect 2 "$CLOUDFLARE answered HTTP 523 Origin Is Unreachable: the CDN is up, but cannot reach the origin \(proxy\.origin_unreachable\)" \
  "Cloudflare's 523 through nginx"
run_check $T -p "$CDN" --protocol http --path /520
expect 2 "the server answered HTTP 520 Unknown Error for /520 \(http\.server_error\)" \
  "a 52x without an upstream meaning is the server's own error"

# WebSocket upgrades through the proxy.
run_check $T -p "$FRONT" --protocol ws --path /ws/
expect 0 "^CONN OK - 127\.0\.0\.1:$FRONT speaks websocket \(WebSocket\): HTTP/1\.1 101 Switching Protocols \|" \
  "ws through nginx to websocketd"
run_check $T -p "$FRONT" --protocol ws --path /ws-dead/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT WebSocket handshake failed: $NGINX answered HTTP 502 Bad Gateway: the proxy is up, but its upstream refused or broke the connection \(proxy\.upstream_refused\) \|" \
  "ws through nginx, upstream dead: the proxy's cause, not protocol.mismatch"
run_check $T -p "$FRONT" --protocol ws --path /ws-silent/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT WebSocket handshake failed: $NGINX answered HTTP 504 Gateway Time-out: the proxy is up, but its upstream did not answer in time \(proxy\.upstream_timeout\) \|" \
  "ws through nginx, upstream silent"
run_check $T -p "$FRONT" --protocol ws --path /static/
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FRONT WebSocket handshake failed: server answered HTTP 200 OK \(it speaks plain HTTP here, not WebSocket\) \(protocol\.mismatch\) \|" \
  "ws to a static location stays a protocol mismatch"

# --identify names a WebSocket endpoint at the --path.
run_check $T -p "$WS" --identify
expect 0 "^CONN OK - 127\.0\.0\.1:$WS identified websocket \(WebSocket\): HTTP/1\.1 101 Switching Protocols \|" \
  "websocketd is a WebSocket endpoint, not plain http"
run_check $T -p "$FRONT" --identify --path /ws/
expect 0 "^CONN OK - 127\.0\.0\.1:$FRONT identified websocket \(WebSocket\)" "nginx's /ws/ to websocketd"
run_check $T -p "$FRONT" --identify --path /static/
expect 0 "^CONN OK - 127\.0\.0\.1:$FRONT identified http \(HTTP/1\.x\): HTTP/1\.1 200 OK \|" \
  "nginx's static location is plain http"

# Settings that do not fit.
run_check $T -p "$FRONT" --expect-status 200
expect 3 "^CONN UNKNOWN - --expect-status, --expect-body and --expect-regex judge an HTTP answer; add --protocol http" \
  "HTTP expectations without --protocol http"
run_check $T -p "$FRONT" --protocol ws --expect-body x
expect 3 "judge an HTTP answer" "HTTP expectations with --protocol ws"
finish
