#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/nagios/check_conn.cfg validated by the real Nagios 4 (nagios4 -v).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/plugin_lib.sh"
. "$top_srcdir/tests/contrib/nagios_lib.sh"

chmod 755 "$TEST_TMP"
NAGIOS=$TEST_TMP/nagios
nagios_config "$NAGIOS"
nagios_service "$NAGIOS" plain 'check_conn!22'
nagios_service "$NAGIOS" verbose 'check_conn_verbose!22!-t 3'
nagios_service "$NAGIOS" protocol 'check_conn_protocol!80!http'
nagios_service "$NAGIOS" websocket 'check_conn_websocket!80!/ws'
nagios_service "$NAGIOS" audit 'check_conn_audit!/etc/check_conn/audit.ini!web'

defined=$(grep -c '^define command' "$top_srcdir/contrib/nagios/check_conn.cfg")
[ "$defined" -eq 5 ] && pass "5 command definitions" || fail "$defined command definitions, wanted 5"

set +e
out=$(timeout 30 nagios4 -v "$NAGIOS/nagios.cfg" 2>&1)
rc=$?
set -e
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -Eq 'Total Errors: +0' \
    && printf '%s\n' "$out" | grep -Eq 'Checked 5 services'; then
  pass "nagios4 -v accepts the command definitions with 5 services using them"
else
  fail "nagios4 -v (exit $rc): $out"
fi

# The validator is real: a service with an undefined command must be refused.
nagios_service "$NAGIOS" broken 'check_conn_nonexistent!22'
set +e
out=$(timeout 30 nagios4 -v "$NAGIOS/nagios.cfg" 2>&1)
rc=$?
set -e
if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q 'check_conn_nonexistent'; then
  pass "nagios4 -v refuses an undefined command"
else
  fail "nagios4 -v accepted an undefined command (exit $rc)"
fi

# Every option the definitions pass must be one check_conn knows.
for option in $(grep -o -- ' --[a-z-]*' "$top_srcdir/contrib/nagios/check_conn.cfg" | sort -u); do
  name=${option#*--}
  has_option "$name" && pass "check_conn knows --$name" \
    || fail "--$name in the command definitions: check_conn --help does not list it"
done
finish
