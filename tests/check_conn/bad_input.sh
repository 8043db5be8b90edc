#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad command lines and configuration files: each must end with exit 3 (UNKNOWN) and
# exactly one output line, "CONN UNKNOWN - what is wrong".
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

LONG_HOST=$(printf 'a%.0s' $(seq 254))
NEWLINE_HOST=$(printf 'web\nCONN OK - fake')
CASES=0

# bad DESCRIPTION ARGS...: one row of the table.
bad () {
  what=$1; shift
  CASES=$((CASES + 1))
  run_check "$@"
  judge_one "$what"
}

# judge_one DESCRIPTION: the last run gave exit 3 and one readable line. Nagios keeps 8 KiB
# of plugin output and a status line is read by people: a message quoting a whole bad
# input (a 50 MB line) is not one line in any useful sense.
MAX_LINE=1024
judge_one () {
  local lines length shown
  lines=$(printf '%s\n' "$OUT" | wc -l)
  length=${#OUT}
  shown=$(printf '%s' "$OUT" | head -c 300)
  if [ "$RC" -eq 3 ] && [ "$lines" -eq 1 ] && [ "$length" -le "$MAX_LINE" ] \
      && printf '%s\n' "$OUT" | grep -Eq '^CONN UNKNOWN - .{10,}$'; then
    pass "$1: $shown"
  else
    fail "$1: exit $RC, $lines line(s) of $length characters (at most $MAX_LINE): $shown"
  fi
}

bad "no arguments at all"
bad "no port" -H 127.0.0.1
bad "no host" -p 80
bad "port 0" -H 127.0.0.1 -p 0
bad "port 65536" -H 127.0.0.1 -p 65536
bad "port 70000 (check_tcp accepts it)" -H 127.0.0.1 -p 70000
bad "negative port" -H 127.0.0.1 -p -1
bad "port is a word" -H 127.0.0.1 -p http
bad "port with trailing garbage" -H 127.0.0.1 -p 80x
bad "empty port" -H 127.0.0.1 -p ""
bad "port with a leading space" -H 127.0.0.1 -p " 80"
bad "empty host" -H "" -p 80
bad "host with a space" -H "bad host" -p 80
bad "host of 254 characters" -H "$LONG_HOST" -p 80
bad "host with a |" -H "a|b" -p 80
bad "host with a newline and a fake status line" -H "$NEWLINE_HOST" -p 80
bad "unbalanced IPv6 bracket" -H "[::1" -p 80
bad "timeout 0" -H 127.0.0.1 -p 80 -t 0
bad "negative timeout" -H 127.0.0.1 -p 80 -t -1
bad "timeout is a word" -H 127.0.0.1 -p 80 -t soon
bad "timeout above one day" -H 127.0.0.1 -p 80 -t 100000
bad "timeout nan" -H 127.0.0.1 -p 80 -t nan
bad "timeout 1e999" -H 127.0.0.1 -p 80 -t 1e999
bad "warning range not a number" -H 127.0.0.1 -p 80 -w abc
bad "critical range start above end" -H 127.0.0.1 -p 80 -c 20:10
bad "warning range @ alone" -H 127.0.0.1 -p 80 -w @
bad "critical range ~:x" -H 127.0.0.1 -p 80 -c "~:x"
bad "-4 and -6 together" -H 127.0.0.1 -p 80 -4 -6
bad "-4 with an IPv6 literal" -4 -H ::1 -p 80
bad "-6 with an IPv4 literal" -6 -H 127.0.0.1 -p 80
bad "unknown long option" -H 127.0.0.1 -p 80 --no-such-option
bad "unknown short option" -H 127.0.0.1 -p 80 -x
bad "stray argument" -H 127.0.0.1 -p 80 extra
bad "-H without its value" -p 80 -H
bad "-p without its value" -H 127.0.0.1 -p
bad "--timeout-result with an unknown state" -H 127.0.0.1 -p 80 --timeout-result=maybe
bad "--timeout-result empty" -H 127.0.0.1 -p 80 --timeout-result=
bad "--timeout-result as a number" -H 127.0.0.1 -p 80 --timeout-result 3
bad "--timeout-result without its value" -H 127.0.0.1 -p 80 --timeout-result

bad "unknown protocol" -H 127.0.0.1 -p 80 --protocol gopher2
bad "--protocol without its value" -H 127.0.0.1 -p 80 --protocol
bad "--expect-address not an address" -H 127.0.0.1 -p 80 --expect-address 300.1.2.3
bad "--expect-address with prefix /33" -H 127.0.0.1 -p 80 --expect-address 10.0.0.0/33
bad "--state with an unknown cause" -H 127.0.0.1 -p 80 --state nosuch.cause=warning
bad "--state with an unknown state" -H 127.0.0.1 -p 80 --state timeout=maybe
bad "--state without =" -H 127.0.0.1 -p 80 --state timeout
bad "--ephemeral-warn above 100" -H 127.0.0.1 -p 80 --ephemeral-warn 150
bad "--front-proxy-cidrs file missing" -H 127.0.0.1 -p 80 \
  --front-proxy-cidrs "$TEST_TMP/no-such-file"
bad "--format xml" --config "$TEST_TMP/no-such.ini" --format xml
bad "--parallel 0" --config "$TEST_TMP/no-such.ini" --parallel 0
bad "--warning-count not a range" --config "$TEST_TMP/no-such.ini" --warning-count abc

# Configuration files that are not configuration files.
: > "$TEST_TMP/empty.ini"
head -c 4096 /dev/urandom > "$TEST_TMP/binary.ini"
head -c 52428800 /dev/zero | tr '\0' 'a' > "$TEST_TMP/huge.ini"
printf '[defaults]\ntimeout = 3\n' > "$TEST_TMP/unreadable.ini"
chmod 000 "$TEST_TMP/unreadable.ini"
bad "config file missing" --config "$TEST_TMP/no-such.ini"
bad "config file is a directory" --config "$TEST_TMP"
bad "config file empty" --config "$TEST_TMP/empty.ini"
bad "config file binary" --config "$TEST_TMP/binary.ini"
bad "config file of 50 MB" --config "$TEST_TMP/huge.ini"
if [ "$(id -u)" -eq 0 ]; then
  # root reads any file: run the plugin as nobody to meet a permission error.
  chmod 755 "$TEST_TMP"
  CASES=$((CASES + 1))
  set +e
  OUT=$(timeout 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$CHECK_CONN" --config "$TEST_TMP/unreadable.ini" 2>&1)
  RC=$?
  set -e
  judge_one "config file unreadable"
else
  bad config "config file unreadable" --config "$TEST_TMP/unreadable.ini"
fi
bad "--config with -H" --config "$TEST_TMP/empty.ini" -H 127.0.0.1 -p 80
bad "--check-config on a binary file" --config "$TEST_TMP/binary.ini" --check-config

[ "$CASES" -ge 30 ] && pass "$CASES cases in the table" || fail "only $CASES cases"
finish
