# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard (issue "bounded whatever comes in"), shared by the tables in
# tests/hostile/*_cases.sh. Source after tests/lib.sh. Each row of a table is one call:
#
#   guard EXIT "what it proves" ARGS...
#
# runs check_conn ARGS... (under GNU time, in the namespace $GUARD_NETNS when set, with
# the descriptor limit $GUARD_NOFILE when set) and asserts, whatever the input:
# - it exits EXIT (0 to 3; "any" for any of them);
# - it ends within its -t (default 10 s) + 0.2 s, reading files included;
# - its output is one well-formed status line (tests/hostile/judge.py) plus long output;
# - with EXIT 3 for bad input (a status line that names no cause id), that line is the
#   whole output and at most 1,024 characters; an UNKNOWN verdict that names its cause
#   ("... (local.bad_source)", a bulk run's "(1 local.resources)") may have long output;
# - peak RSS stays under 64 MiB.
# GUARD_PATTERN, when set for one row, is an extended regex the status line must match.
# GUARD_UTF8=1, when set for one row, lets the output hold UTF-8 text (GLib's words, such
# as its quotes) besides ASCII; control characters and invalid UTF-8 still fail.

[ -x /usr/bin/time ] || skip "needs GNU time (apt-get install time)"
GUARD_RSS_LIMIT_KB=65536
# A sanitizer build's allocator keeps freed memory in quarantine and pads every block: its
# RSS is not the shipped binary's, which the plain build's run judges (as hostile.sh does).
GUARD_SANITIZED=
nm -D "$CHECK_CONN" 2>/dev/null | grep -q __asan_init && GUARD_SANITIZED=1
GUARD_NETNS=${GUARD_NETNS:-}
GUARD_NOFILE=${GUARD_NOFILE:-}
GUARD_PATTERN=${GUARD_PATTERN:-}
GUARD_UTF8=${GUARD_UTF8:-}

# The -t value of a command line, or check_conn's default.
guard_timeout () {
  local t=10
  while [ $# -gt 0 ]; do
    case $1 in
      -t|--timeout) t=$2; shift ;;
      --timeout=*) t=${1#--timeout=} ;;
    esac
    shift
  done
  echo "$t"
}

guard () {
  local want=$1 what=$2 limit code elapsed rss_kb lines first verdict prefix=()
  shift 2
  limit=$(echo "$(guard_timeout "$@") + 0.2" | bc)
  [ -z "$GUARD_NETNS" ] || prefix=(ip netns exec "$GUARD_NETNS")
  set +e
  # shellcheck disable=SC2086 # the wrapper is a command line
  "${prefix[@]}" /usr/bin/time -f '%e %M' -o "$TEST_TMP/guard.time" \
    bash -c '[ -z "$1" ] || ulimit -n "$1"; shift; exec timeout 60 "$@"' guard \
    "$GUARD_NOFILE" $CHECK_CONN_WRAPPER "$CHECK_CONN" "$@" > "$TEST_TMP/guard.out" 2>&1
  code=$?
  set -e
  read -r elapsed rss_kb <<< "$(tail -n 1 "$TEST_TMP/guard.time")"
  first=$(head -n 1 "$TEST_TMP/guard.out" | cut -c 1-300)
  lines=$(wc -l < "$TEST_TMP/guard.out")
  if [ "$want" != any ] && [ "$code" != "$want" ]; then
    fail "$what: exit $code, wanted $want: $(head -c 600 "$TEST_TMP/guard.out" | cat -v)"
    return
  fi
  if [ "$code" -gt 3 ]; then
    fail "$what: exit $code: $(head -c 600 "$TEST_TMP/guard.out" | cat -v)"
    return
  fi
  if ! verdict=$(python3 "$top_srcdir/tests/hostile/judge.py" "$TEST_TMP/guard.out" "$code" \
                 ${GUARD_UTF8:+--utf8}); then
    fail "$what: $verdict: $(head -c 600 "$TEST_TMP/guard.out" | cat -v)"
    return
  fi
  if [ "$code" -eq 3 ] && ! printf '%s\n' "$first" | grep -Eq ' \(([0-9]+ )?[a-z]+\.[a-z_]+[,)]' \
     && { [ "$lines" -ne 1 ] || [ "$(head -n 1 "$TEST_TMP/guard.out" | wc -c)" -gt 1025 ]; }; then
    fail "$what: UNKNOWN must be one line of at most 1,024 characters: $lines lines, first $(head -n 1 "$TEST_TMP/guard.out" | wc -c) bytes"
    return
  fi
  if [ -n "$GUARD_PATTERN" ] && ! printf '%s\n' "$first" | grep -Eq -- "$GUARD_PATTERN"; then
    fail "$what: status line does not match /$GUARD_PATTERN/: $first"
    return
  fi
  if [ -z "$CHECK_CONN_WRAPPER" ]; then
    if ! awk -v e="$elapsed" -v l="$limit" 'BEGIN { exit !(e <= l) }'; then
      fail "$what: took ${elapsed}s, limit ${limit}s: $first"
      return
    fi
    if [ -z "$GUARD_SANITIZED" ] && [ "$rss_kb" -ge "$GUARD_RSS_LIMIT_KB" ]; then
      fail "$what: peak RSS ${rss_kb} KiB, limit ${GUARD_RSS_LIMIT_KB} KiB"
      return
    fi
  fi
  pass "$what: exit $code in ${elapsed}s, ${rss_kb} KiB: $first"
}
