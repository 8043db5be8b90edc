#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --config on the command line: --check-config, errors with file and line as UNKNOWN,
# option conflicts, the shipped examples, and a generated 20,000-endpoint file.
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"

BAD=$TEST_TMP/bad.ini
printf '[defaults]\ntimeout = 2\n\n[group web]\nendpoints = 127.0.0.1:1\ntimout = 3\n' > "$BAD"
run_check --config "$BAD"
expect 3 "^CONN UNKNOWN - $BAD:6: \[group web\] timout: unknown key; did you mean 'timeout'\?$" \
  "unknown key: file, line, section, key and a suggestion"
run_check --config "$BAD" --check-config
expect 3 "^CONN UNKNOWN - $BAD:6: " "--check-config reports the same error"

printf '[group web]\nendpoints = 127.0.0.1:1\n[group web]\n' > "$BAD"
run_check --config "$BAD" --check-config
expect 3 "^CONN UNKNOWN - $BAD:3: \[group web\]: section already started on line 1" \
  "duplicate section"

printf '[group web]\nendpoints = 127.0.0.1:1, 127.0.0.1:1\n' > "$BAD"
run_check --config "$BAD" --check-config
expect 3 "^CONN UNKNOWN - $BAD:2: .*127\.0\.0\.1:1/tcp is listed twice" "duplicate endpoint"

# Every error: a run names the first and counts the others on its one line;
# --check-config lists them all, one a line.
printf '[defaults]\ntimout = 1\nfamily = ipv5\nwarning-count = 150%%\n[group web]\nendpoints = 127.0.0.1:80, h\n[grop x]\n' > "$BAD"
run_check --config "$BAD"
expect 3 "^CONN UNKNOWN - $BAD:2: \[defaults\] timout: unknown key; did you mean 'timeout'\? \(and 4 more errors; run --check-config\)$" \
  "a run: the first error and how many more"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] && pass "a run: one line" \
  || fail "a run: more than one line: $OUT"
run_check --config "$BAD" --check-config
expect 3 "^CONN UNKNOWN - $BAD:2: \[defaults\] timout: unknown key; did you mean 'timeout'\? \(and 4 more errors\)$" \
  "--check-config: the first error and how many more"
if [ "$(printf '%s\n' "$OUT" | sed -n '2,$p')" = "$BAD:3: [defaults] family: 'ipv5' is not a family; use any, ipv4 or ipv6
$BAD:4: [defaults] warning-count: '150%': a percentage of the endpoints is at most 100%
$BAD:7: [grop x]: unknown section; use [defaults], [group NAME] or [endpoint GROUP/NAME]; did you mean 'group'?
$BAD:6: [group web] endpoints: 'h' is not HOST:PORT, [IPV6]:PORT or HOST:PORT-PORT, optionally followed by /PROTOCOL" ]; then
  pass "--check-config: every other error on its own line, with file and line"
else
  fail "--check-config lists: $OUT"
fi
{ echo "[group web]"; echo "endpoints = 127.0.0.1:80"; for i in $(seq 500); do echo "bad$i"; done; } > "$BAD"
run_check --config "$BAD" --check-config
expect 3 "^CONN UNKNOWN - $BAD:3: .* \(and 99 or more errors\)$" \
  "--check-config stops after 100 errors"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 100 ] && pass "--check-config: 100 lines" \
  || fail "--check-config: $(printf '%s\n' "$OUT" | wc -l) lines"

run_check --config "$TEST_TMP/missing.ini"
expect 3 "^CONN UNKNOWN - .*missing\.ini" "missing file"

GOOD=$TEST_TMP/good.ini
printf '[group web]\nendpoints = 127.0.0.1:1-3\n[group db]\nendpoints = [::1]:4\n' > "$GOOD"
run_check --config "$GOOD" --check-config
expect 0 "^CONN OK - $GOOD is valid: 4 endpoints in 2 groups$" "--check-config counts"
run_check --config "$GOOD" --check-config --group db
expect 0 "is valid: 1 endpoint in 1 group$" "--check-config with --group"
run_check --config "$GOOD" --group dbb
expect 3 "^CONN UNKNOWN - $GOOD: there is no group 'dbb'; did you mean 'db'\?$" "unknown --group"

run_check --config "$GOOD" -H 127.0.0.1
expect 3 "^CONN UNKNOWN - -H/-p and --config exclude each other" "-H with --config"
run_check -H 127.0.0.1 -p 1 --group db
expect 3 "need --config FILE" "--group without --config"
run_check --config "$GOOD" --format xml
expect 3 "^CONN UNKNOWN - --format 'xml' is not a format" "bad --format"
run_check --config "$GOOD" --critical-count 5:1
expect 3 "^CONN UNKNOWN - --critical-count: " "bad --critical-count"

for example in "$top_srcdir"/contrib/examples/*.ini; do
  run_check --config "$example" --check-config
  expect 0 "^CONN OK - .* is valid: [0-9]+ endpoints" "example $(basename "$example") is valid"
done

# A generated 20,000-endpoint file: 40 groups of 500, half as lists, half as sections.
BIG=$TEST_TMP/big.ini
python3 - "$BIG" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("[defaults]\ntimeout = 2\ncritical-count = 5%\n")
    for g in range(20):
        items = ", ".join("10.%d.%d.%d:%d" % (g, i // 250, i % 250, 1000 + i) for i in range(500))
        f.write("[group list%d]\nendpoints = %s\n" % (g, items))
    for g in range(20):
        f.write("[group sect%d]\ntimeout = 1\n" % g)
        for i in range(500):
            f.write("[endpoint sect%d/e%d]\nhost = fd00::%x:%x\nport = %d\n" % (g, i, g, i, 443))
PY
run_check --config "$BIG" --check-config
expect 0 "is valid: 20000 endpoints in 40 groups$" "20,000-endpoint config"
expect_within 5 "validating 20,000 endpoints"
finish
