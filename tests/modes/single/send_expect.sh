#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --send and --expect (check_tcp's -s and -e, with its escapes) against real servers on
# loopback: sshd's banner, redis's PING, an echo server for the escapes, and servers that
# stay silent, reset, or send control bytes.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/front_lib.sh"

need_root "servers run with throwaway configurations as root"
for cmd in /usr/sbin/sshd ssh-keygen redis-server python3 setsid; do need_cmd $cmd; done
start_on 1 start_sshd || skip "$WHY"
SSH=$PORTS
start_on 1 start_redis || skip "$WHY"
REDIS=$PORTS
start_on 1 start_odd reset || skip "$WHY"
RESET=$PORTS
start_on 1 start_odd garbage || skip "$WHY"
GARBAGE=$PORTS
start_on 1 start_silent || skip "no listener on loopback"
SILENT=$PORTS

# start_echo PORT: answers each connection's first read with "echo:" and the bytes.
start_echo () {
  setsid python3 - "$1" <<'PY' >/dev/null 2>&1 &
import socketserver, sys
class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(4096)
        self.request.sendall(b"echo:" + data)
class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
Server(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
PY
  started "echo server" $! "$1"
}
start_on 1 start_echo || skip "$WHY"
ECHO=$PORTS
T="-H 127.0.0.1 -t 5"

# A banner: --expect alone listens.
run_check $T -p "$SSH" --expect 'SSH-2.0-'
expect 0 "^CONN OK - 127\.0\.0\.1:$SSH the reply holds the expected \"SSH-2\.0-\" \|" "sshd's banner"
expect_within 1 "a banner that matches ends the wait"
run_check $T -p "$SSH" --expect 'SSH-1.5-'
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SSH expected \"SSH-1\.5-\", the server sent \"SSH-2\.0-OpenSSH_[^\"]*\\\\x0d\\\\x0a\" \([0-9]+ bytes\) \(expect\.mismatch\) \|" \
  "a banner that does not match, shown escaped"
expect_within 1 "a whole line that does not match ends the wait"

# A request and its answer, with escapes.
run_check $T -p "$REDIS" --send 'PING\r\n' --expect '+PONG\r\n'
expect 0 "^CONN OK - 127\.0\.0\.1:$REDIS the reply holds the expected \"\+PONG\\\\x0d\\\\x0a\" \|" \
  "redis PING with \\r\\n escapes"
run_check $T -p "$REDIS" --send 'PING\r\n' --expect '+PANG'
expect 2 "expected \"\+PANG\", the server sent \"\+PONG\\\\x0d\\\\x0a\" \(7 bytes\) \(expect\.mismatch\)" \
  "redis PING, wrong expectation"
run_check $T -p "$ECHO" --send 'a\tb\x7f\\c\n' --expect 'echo:a\tb\x7F\\c'
expect 0 "^CONN OK - .* the reply holds the expected \"echo:a\\\\x09b\\\\x7f\\\\\\\\c\" \|" \
  "\\t, \\xHH and \\\\ reach the server as bytes"
run_check $T -p "$ECHO" --send 'hello\n'
expect 0 "^CONN OK - 127\.0\.0\.1:$ECHO the server answered \"echo:hello\\\\x0a\" \(11 bytes\) \|" \
  "--send alone reports the answer"

# Servers that do not answer as expected.
run_check -H 127.0.0.1 -t 5 -p "$SILENT" --send 'HELLO\r\n' --expect 'OK'
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SILENT connected, but the server sent nothing in 2\.[0-9]+ s \(protocol\.silent\) \|" \
  "a silent server"
expect_within 3 "silence ends with the reply window"
run_check $T -p "$RESET" --expect 'OK'
expect 2 "the server (reset|closed) the connection without sending a byte \(conn\.reset\)" "a server that resets"
run_check $T -p "$GARBAGE" --expect 'OK'
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$GARBAGE expected \"OK\", the server sent \"\\\\x00\\\\x01evil\\\\x7c\\\\x0d\\\\x0aline two\\\\x7f\\\\xff\" \(19 bytes\) \(expect\.mismatch\) \|" \
  "control bytes, | and line breaks come back escaped"

# Settings that do not fit.
run_check $T -p "$REDIS" --send 'PING\r\n' --protocol redis
expect 3 "^CONN UNKNOWN - --send and --expect are for protocols check_conn does not know" "--send with --protocol"
run_check $T -p "$REDIS" --send 'PING\q'
expect 3 "^CONN UNKNOWN - --send: a backslash must start" "an unknown escape"
run_check $T -p "$REDIS" --expect 'x\x4'
expect 3 "^CONN UNKNOWN - --expect: a backslash must start" "a short \\x escape"
finish
