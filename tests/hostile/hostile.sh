#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hardening: check_conn against six hostile servers on loopback (a byte per second
# forever, a 100 MB banner, random binary, silence, a reset in mid-answer, and bytes with
# |, newlines, NUL, invalid UTF-8 and terminal escapes). Each run must end by -t + 0.2 s,
# print one status line (plus long output) whose perfdata parses, no raw control or
# non-ASCII byte, and stay under 16 MiB peak RSS.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

[ -x /usr/bin/time ] || skip "needs GNU time (apt-get install time)"
HERE=$top_srcdir/tests/hostile
TIMEOUT=2
LIMIT=$(echo "$TIMEOUT + 0.2" | bc)
RSS_LIMIT_KB=16384
# A sanitizer build maps its shadow memory and the run time of every library it loads
# (OpenSSL's too): its RSS is not the shipped binary's, which the plain build's run judges.
SANITIZED=
nm -D "$CHECK_CONN" 2>/dev/null | grep -q __asan_init && SANITIZED=1

# judge FILE CODE: the strict output and perfdata checker, proven strict first.
judge () { python3 "$HERE/judge.py" "$@"; }
judge_rejects () {
  printf '%b' "$1" > "$TEST_TMP/sample"
  if judge "$TEST_TMP/sample" "$2" >/dev/null; then fail "judge accepts $3"; else pass "judge rejects $3"; fi
}
printf 'CONN OK - a:1 connected | time=0.1s;;;0 '"'"'time ::1'"'"'=0.2s;0.5;~:1;0\nadvice: x\n' > "$TEST_TMP/sample"
judge "$TEST_TMP/sample" 0 >/dev/null && pass "judge accepts good output" || fail "judge rejects good output"
judge_rejects 'CONN OK - x | time=abc\n' 0 "a non-numeric value"
judge_rejects 'CONN OK - x | time=1s;;;0;;\n' 0 "too many fields"
judge_rejects 'CONN OK - x | a b=1\n' 0 "an unquoted label with a space"
judge_rejects 'CONN OK - x | time=1parsecs\n' 0 "an unknown unit"
judge_rejects 'CONN OK - x\nCONN OK - y\n' 0 "two status lines"
judge_rejects 'CONN OK - x\033[2J\n' 0 "an escape byte"
judge_rejects 'CONN OK - x\nevidence: a|b\n' 0 "a | in long output"
judge_rejects 'CONN OK - x\n' 2 "a state word that contradicts the exit code"
judge_rejects 'CONN OK - \377\n' 0 "a non-ASCII byte"
judge_rejects '' 0 "no output"

MODES="drip flood random mute reset nasty"
# shellcheck disable=SC2086 # one mode per word
timeout 300 python3 "$HERE/server.py" 240 "$TEST_TMP/ports" $MODES &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do [ -s "$TEST_TMP/ports" ] && break; sleep 0.1; done
[ -s "$TEST_TMP/ports" ] || { fail "hostile servers did not start within 10 s"; finish; }
while read -r mode port; do eval "PORT_$mode=$port"; done < "$TEST_TMP/ports"

# hostile_run NAME ARGS...: one check, judged.
hostile_run () {
  name=$1; shift
  set +e
  # shellcheck disable=SC2086 # the wrapper is a command line
  /usr/bin/time -f '%e %M' -o "$TEST_TMP/time" timeout 60 $CHECK_CONN_WRAPPER "$CHECK_CONN" "$@" \
    > "$TEST_TMP/out" 2>&1
  code=$?
  set -e
  # GNU time puts "Command exited with non-zero status N" first: the figures are last.
  read -r elapsed rss_kb <<< "$(tail -n 1 "$TEST_TMP/time")" || { fail "$name: no timing"; return; }
  if [ "$code" -gt 3 ]; then
    fail "$name: exit $code: $(cat -v "$TEST_TMP/out")"
    return
  fi
  verdict=$(judge "$TEST_TMP/out" "$code") \
    && pass "$name: exit $code, one status line: $(head -n 1 "$TEST_TMP/out")" \
    || fail "$name: $verdict; output: $(cat -v "$TEST_TMP/out" | head -c 2000)"
  if [ -n "$CHECK_CONN_WRAPPER" ]; then
    echo "note: $name: time and RSS not judged under $CHECK_CONN_WRAPPER"
    return
  fi
  if awk -v e="$elapsed" -v l="$LIMIT" 'BEGIN { exit !(e <= l) }'; then
    pass "$name: done in ${elapsed}s <= ${LIMIT}s"
  else
    fail "$name: took ${elapsed}s, limit ${LIMIT}s"
  fi
  if [ -n "$SANITIZED" ]; then
    echo "note: $name: peak RSS ${rss_kb} KiB not judged in a sanitizer build"
    return
  fi
  if [ "$rss_kb" -lt "$RSS_LIMIT_KB" ]; then
    pass "$name: peak RSS ${rss_kb} KiB < ${RSS_LIMIT_KB} KiB"
  else
    fail "$name: peak RSS ${rss_kb} KiB, limit ${RSS_LIMIT_KB} KiB"
  fi
}

for mode in $MODES; do
  eval "port=\$PORT_$mode"
  hostile_run "$mode plain" -H 127.0.0.1 -p "$port" -t "$TIMEOUT"
  hostile_run "$mode plain -vv" -H 127.0.0.1 -p "$port" -t "$TIMEOUT" -vv
  hostile_run "$mode --identify" -H 127.0.0.1 -p "$port" -t "$TIMEOUT" --identify -vv
  hostile_run "$mode --protocol http" -H 127.0.0.1 -p "$port" -t "$TIMEOUT" --protocol http -vv
done
finish
