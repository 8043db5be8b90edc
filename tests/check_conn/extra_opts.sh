#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --extra-opts[=[SECTION][@FILE]] as monitoring-plugins read it, with real checks of a
# loopback listener and a closed port: the section's keys are long options, a bare key is
# a flag, the command line wins wherever --extra-opts stands, MP_CONFIG_PATH finds the
# file, and every mistake in the file is UNKNOWN naming FILE:LINE.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd python3

OPEN=47020
CLOSED=47021
timeout 120 python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); time.sleep(120)' "$OPEN" &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do ss -ltn "sport = :$OPEN" | grep -q LISTEN && break; sleep 0.1; done

mkdir "$TEST_TMP/etc"
INI=$TEST_TMP/etc/plugins.ini
cat > "$INI" <<INI
# options for check_conn
[check_conn]
hostname = 127.0.0.1
port = $OPEN

[closed]
hostname = 127.0.0.1
port = $CLOSED
timeout = 2

[json]
hostname = 127.0.0.1
port = $OPEN
ipv4
format = json

[bad_port]
hostname = 127.0.0.1
port = 70000

[unknown]
hostname = 127.0.0.1
colour = blue

[twice]
port = 1
port = 2
INI

run_check "--extra-opts=@$INI"
expect 0 "^CONN OK - 127\.0\.0\.1:$OPEN connected" "default section [check_conn] of FILE"
run_check --extra-opts "closed@$INI"
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CLOSED .*\(refused\.not_listening\)" \
  "--extra-opts SECTION@FILE as a separate argument"
run_check "--extra-opts=@$INI" -p "$CLOSED"
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CLOSED " "the command line wins over the file"
run_check -p "$CLOSED" "--extra-opts=@$INI"
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CLOSED " "... wherever --extra-opts stands"
run_check "--extra-opts=closed@$INI" "--extra-opts=@$INI"
expect 0 "^CONN OK - 127\.0\.0\.1:$OPEN " "two sections: read in order, the later wins"
run_check "--extra-opts=json@$INI"
if [ "$RC" -eq 0 ] && printf '%s' "$OUT" | python3 -c 'import json, sys
d = json.load(sys.stdin); sys.exit(0 if d["cause"] == "ok" and d["addresses"][0]["family"] == "ipv4" else 1)'; then
  pass "a bare key is a flag (ipv4), format = json is --format json"
else
  fail "bare flag and format: exit $RC: $OUT"
fi

# The default file: MP_CONFIG_PATH's directories, as monitoring-plugins search them.
export MP_CONFIG_PATH="$TEST_TMP/nowhere:$TEST_TMP/etc"
run_check --extra-opts
expect 0 "^CONN OK - 127\.0\.0\.1:$OPEN " "no FILE: plugins.ini found through MP_CONFIG_PATH"
run_check --extra-opts closed
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$CLOSED " "--extra-opts SECTION: the default file's section"
unset MP_CONFIG_PATH

# Mistakes: UNKNOWN, with the file and the line.
run_check "--extra-opts=bad_port@$INI"
expect 3 "^CONN UNKNOWN - $INI:19: --port: port '70000' is not a number" "a bad value: FILE:LINE"
run_check "--extra-opts=unknown@$INI"
expect 3 "^CONN UNKNOWN - $INI:23: keys are check_conn's long option names" "an unknown key: FILE:LINE"
run_check "--extra-opts=twice@$INI"
expect 3 "^CONN UNKNOWN - $INI:27: 'port' is already set on line 26" "a key twice: FILE:LINE"
run_check "--extra-opts=nosuch@$INI"
expect 3 "^CONN UNKNOWN - $INI: no section 'nosuch'" "a missing section"
printf '[check_conn]\nport = 1\n[broken\n' > "$TEST_TMP/broken.ini"
run_check "--extra-opts=@$TEST_TMP/broken.ini"
expect 3 "^CONN UNKNOWN - $TEST_TMP/broken\.ini:3: " "a line GKeyFile refuses: FILE:LINE"
printf '[check_conn]\nextra-opts = other@%s\n' "$INI" > "$TEST_TMP/loop.ini"
run_check "--extra-opts=@$TEST_TMP/loop.ini"
expect 3 "^CONN UNKNOWN - $TEST_TMP/loop\.ini:2: extra-opts cannot be read from an options file" \
  "no --extra-opts inside the file"
export MP_CONFIG_PATH="$TEST_TMP/nowhere"
run_check --extra-opts
unset MP_CONFIG_PATH
if [ -e /etc/nagios/plugins.ini ] || [ -e /etc/monitoring-plugins.ini ]; then
  pass "no FILE and none found: not testable here, this host has a standard plugins.ini"
else
  expect 3 "^CONN UNKNOWN - --extra-opts: no options file" "no FILE and none found"
fi
finish
