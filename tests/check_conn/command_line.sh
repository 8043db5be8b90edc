#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every bad command line exits 3 with exactly one line that says what is wrong; -V and
# --help print the version line and licence the way monitoring-plugins plugins do.
. "$(dirname "$0")/../lib.sh"

while IFS= read -r row; do
  args=${row%% => *} pattern=${row#* => }
  eval "set -- $args"
  run_check "$@"
  lines=$(printf '%s\n' "$OUT" | wc -l)
  if [ "$RC" -ne 3 ] || [ "$lines" -ne 1 ]; then
    fail "[$args]: exit $RC, $lines lines: $OUT"
  elif ! printf '%s\n' "$OUT" | grep -Eq "^CONN UNKNOWN - .*$pattern"; then
    fail "[$args]: message does not match /$pattern/: $OUT"
  else
    pass "[$args] -> $OUT"
  fi
done <<'TABLE'
 => no host given
-p 22 => no host given; add -H
-H 127.0.0.1 => no port given; add -p
-H 127.0.0.1 -p 0 => port '0' is not a number from 1 to 65535
-H 127.0.0.1 -p 70000 => port '70000' is not a number
-H 127.0.0.1 -p abc => port 'abc' is not a number
-H 127.0.0.1 -p -5 => port '-5' is not a number
-H 127.0.0.1 -p '' => port '' is not a number
-H 127.0.0.1 -p 22 -t -1 => timeout '-1' is not a number of seconds
-H 127.0.0.1 -p 22 -t abc => timeout 'abc'
-H 127.0.0.1 -p 22 -t 0 => timeout '0'
-H 127.0.0.1 -p 22 -t 1e400 => timeout '1e400'
-H 127.0.0.1 -p 22 -w 10:5 => -w: range '10:5' starts above its end
-H 127.0.0.1 -p 22 -c @ => -c: '@' is not a range
-H 127.0.0.1 -p 22 -w '~' => -w: '~' is not a range
-H 127.0.0.1 -p 22 -c 1:2:3 => -c: '1:2:3' is not a range
-H 127.0.0.1 -p 22 --bogus => Unknown option --bogus; see check_conn --help
-H 127.0.0.1 -p 22 -Z => Unknown option -Z
-H => Missing argument for -H
-H 127.0.0.1 -p 22 -4 -6 => -4 and -6 exclude each other
-H ::1 -p 22 -4 => -H ::1 is not an IPv4 address
-H 127.0.0.1 -p 22 -6 => -H 127.0.0.1 is not an IPv6 address
-H 'a b' -p 22 => contains a character not allowed
-H 'x|y' -p 22 => contains a character not allowed
-H 127.0.0.1 -p 22 stray => unexpected argument 'stray'
TABLE

# -V and --version: exit 0 and one line shaped as monitoring-plugins' print_revision (),
# "PROGNAME vREVISION (PACKAGE VERSION)", like "check_tcp v2.3.3 (monitoring-plugins 2.3.3)".
revision='^check_conn v([0-9]+\.[0-9]+\.[0-9]+) \(check_conn \1\)$'
for option in -V --version; do
  run_check "$option"
  if [ "$RC" -eq 0 ] && [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] \
      && printf '%s\n' "$OUT" | grep -Eq "$revision"; then
    pass "[$option] -> $OUT"
  else
    fail "[$option]: exit $RC, wanted 0 and one line matching /$revision/: $OUT"
  fi
done
version_line=$OUT
# The same shape as a monitoring-plugins plugin's own -V, read from the real one.
check_tcp=/usr/lib/nagios/plugins/check_tcp
shape='^([^ ]+) v([^ ]+) \(([^ ]+) \2\)$'
if [ -x "$check_tcp" ]; then
  tcp_line=$(timeout 10 "$check_tcp" -V) || true  # it exits 3 (UNKNOWN) after -V
  if printf '%s\n' "$tcp_line" | grep -Eq "$shape" && printf '%s\n' "$version_line" | grep -Eq "$shape"; then
    pass "-V has check_tcp's shape: '$version_line' like '$tcp_line'"
  else
    fail "-V shapes differ: '$version_line' and check_tcp's '$tcp_line'"
  fi
fi

# --help starts with the same line, then the copyright and the GPL-3.0-or-later licence.
run_check --help
[ "$RC" -eq 0 ] && pass "--help exits 0" || fail "--help: exit $RC"
first=$(printf '%s\n' "$OUT" | head -n 1)
[ "$first" = "$version_line" ] && pass "--help line 1 is the -V line: $first" \
  || fail "--help line 1 is not the -V line ($version_line): $first"
n=1
while IFS= read -r want; do
  n=$((n + 1))
  line=$(printf '%s\n' "$OUT" | sed -n "${n}p")
  if printf '%s\n' "$line" | grep -Eq -- "$want"; then
    pass "--help line $n: $line"
  else
    fail "--help line $n does not match /$want/: $line"
  fi
done <<'HEADER'
^Copyright \(c\) [0-9]{4} the check_conn authors$
^License GPL-3\.0-or-later: GNU GPL version 3 or later <https://gnu\.org/licenses/gpl\.html>$
^This is free software; it comes with ABSOLUTELY NO WARRANTY\.$
^$
^Usage:$
HEADER
finish
