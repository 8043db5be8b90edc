#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End to end under a real Nagios 4: services run check_conn against loopback endpoints
# (open, refused, protocol mismatch, a protocol spoken, an audit), one service at least per
# command definition of contrib/nagios/check_conn.cfg; the test forces the checks through the external
# command pipe and reads states and plugin output back from status.dat.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/contrib/nagios_lib.sh"

chmod 755 "$TEST_TMP"
mkdir "$TEST_TMP/www"
start_http_server "$TEST_TMP/www"
CLOSED_PORT=$(free_port)

NAGIOS=$TEST_TMP/nagios
nagios_config "$NAGIOS"
SERVICES="open refused mismatch protocol audit"
nagios_service "$NAGIOS" open "check_conn!$HTTP_PORT"
nagios_service "$NAGIOS" refused "check_conn_verbose!$CLOSED_PORT"
nagios_service "$NAGIOS" mismatch "check_conn_websocket!$HTTP_PORT!/"
nagios_service "$NAGIOS" protocol "check_conn_protocol!$HTTP_PORT!http!--path /"
printf '[group e2e]\nendpoints = 127.0.0.1:%s, 127.0.0.1:%s\n' "$HTTP_PORT" "$CLOSED_PORT" \
  > "$TEST_TMP/audit.ini"
nagios_service "$NAGIOS" audit "check_conn_audit!$TEST_TMP/audit.ini!e2e"

timeout 30 nagios4 -v "$NAGIOS/nagios.cfg" >/dev/null 2>&1 || fail "nagios4 -v refused the config"
# Every command definition is used by a service above.
for command in $(sed -n 's/^ *command_name *//p' "$top_srcdir/contrib/nagios/check_conn.cfg"); do
  grep -Eq "check_command +$command(!|\$)" "$NAGIOS/objects.cfg" \
    && pass "a service runs $command" || fail "no service runs command $command"
done
timeout 10 nagios4 -d "$NAGIOS/nagios.cfg" || fail "nagios4 -d did not start"
at_exit "[ -s $NAGIOS/nagios.lock ] && kill \$(cat $NAGIOS/nagios.lock)"

# The command pipe appears once the daemon runs.
for _ in $(seq 100); do [ -p "$NAGIOS/nagios.cmd" ] && break; sleep 0.1; done
[ -p "$NAGIOS/nagios.cmd" ] || { fail "no command pipe after 10 s: $(tail -5 "$NAGIOS/nagios.log")"; finish; }
now=$(date +%s)
for service in $SERVICES; do
  echo "[$now] SCHEDULE_FORCED_SVC_CHECK;loopback;$service;$now" > "$NAGIOS/nagios.cmd"
done

# status.dat: one servicestatus block per service; wait until all were checked.
read_status () {
  python3 - "$NAGIOS/status.dat" "$@" <<'PY'
import sys
path, wanted = sys.argv[1], sys.argv[2:]
blocks, cur = {}, None
try:
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
except FileNotFoundError:
    sys.exit(1)
for line in lines:
    line = line.strip()
    if line == "servicestatus {":
        cur = {}
    elif line == "}" and cur is not None:
        blocks[cur.get("service_description")] = cur
        cur = None
    elif cur is not None and "=" in line:
        key, value = line.split("=", 1)
        cur[key] = value
if any(blocks.get(s, {}).get("has_been_checked") != "1" for s in wanted):
    sys.exit(1)
for s in wanted:
    b = blocks[s]
    print("%s\t%s\t%s\t%s" % (s, b["current_state"], b["plugin_output"], b["performance_data"]))
PY
}
STATUS=""
for _ in $(seq 300); do
  STATUS=$(read_status $SERVICES) && break
  sleep 0.1
done
[ -n "$STATUS" ] || { fail "checks not done after 30 s: $(tail -5 "$NAGIOS/nagios.log")"; finish; }
printf '%s\n' "$STATUS"

field () { printf '%s\n' "$STATUS" | awk -F '\t' -v s="$1" -v f="$2" '$1 == s { print $f }'; }
assert_service () {
  state=$(field "$1" 2); output=$(field "$1" 3)
  if [ "$state" = "$2" ] && printf '%s\n' "$output" | grep -Eq -- "$3"; then
    pass "nagios service $1: state $state, output $output"
  else
    fail "nagios service $1: state $state (wanted $2), output $output (wanted /$3/)"
  fi
}
assert_service open 0 "^CONN OK - 127\.0\.0\.1:$HTTP_PORT connected in "
perf=$(field open 4)
printf '%s\n' "$perf" | grep -Eq '^time=[0-9.]+s;;;0$' \
  && pass "nagios kept the perfdata: $perf" || fail "perfdata in status.dat: '$perf'"
assert_service refused 2 "^CONN CRITICAL - 127\.0\.0\.1:$CLOSED_PORT .*\(refused\.not_listening\)"
case " $SERVICES " in
  *" mismatch "*) assert_service mismatch 2 '\(protocol\.mismatch\)' ;;
esac
assert_service protocol 0 "^CONN OK - 127\.0\.0\.1:$HTTP_PORT speaks http .*200"
case " $SERVICES " in
  *" audit "*)
    assert_service audit 2 '^CONN CRITICAL - e2e: 1 of 2 endpoints failing \(1 refused\.not_listening\)' ;;
esac
finish
