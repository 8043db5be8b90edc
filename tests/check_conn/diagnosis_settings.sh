#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad diagnosis settings: UNKNOWN (3) with one line saying what is wrong. Table-driven;
# no network, no root.
. "$(dirname "$0")/../lib.sh"

printf '10.0.0.0/8\n# comment\n\n300.1.2.3/8\n' > "$TEST_TMP/bad-address.txt"
printf '10.0.0.0/33\n' > "$TEST_TMP/bad-prefix.txt"
printf '2001:db8::/129\n' > "$TEST_TMP/bad-prefix6.txt"
head -c 300 /dev/zero | tr '\0' 1 > "$TEST_TMP/long-line.txt"
printf '10.0.0.0/8\n' > "$TEST_TMP/unreadable.txt"
chmod 000 "$TEST_TMP/unreadable.txt"

# Each row: the arguments after -H 127.0.0.1 -p 1, then a tab, then the regex the single
# output line must match.
while IFS=$'\t' read -r args pattern; do
  [ -n "$args" ] || continue
  eval "set -- $args"
  run_check -H 127.0.0.1 -p 1 "$@"
  lines=$(printf '%s\n' "$OUT" | wc -l)
  if [ "$lines" -ne 1 ]; then
    fail "$args: $lines lines of output, wanted 1: $OUT"
  else
    expect 3 "^CONN UNKNOWN - $pattern" "$args"
  fi
done <<EOF_TABLE
--expect-address 10.0.0	--expect-address: '10\.0\.0' is not an IPv4 or IPv6 address or prefix
--expect-address 10.0.0.0/40	--expect-address: '10\.0\.0\.0/40': the prefix length must be a number from 0 to 32
--expect-address 2001:db8::/200	--expect-address: '2001:db8::/200': the prefix length must be a number from 0 to 128
--expect-address 10.0.0.0/x	--expect-address: '10\.0\.0\.0/x': the prefix length
--expect-address 127.0.0.1,,::1	--expect-address: '' is not an IPv4
--expect-address example.com	--expect-address: 'example\.com' is not an IPv4 or IPv6 address
--expect-address ''	--expect-address needs at least one address or prefix
--front-proxy-cidrs $TEST_TMP/missing.txt	--front-proxy-cidrs: .*/missing\.txt: cannot open: No such file
--front-proxy-cidrs $TEST_TMP/bad-address.txt	--front-proxy-cidrs: .*bad-address\.txt:4: '300\.1\.2\.3/8' is not an IPv4 or IPv6 address
--front-proxy-cidrs $TEST_TMP/bad-prefix.txt	--front-proxy-cidrs: .*bad-prefix\.txt:1: '10\.0\.0\.0/33': the prefix length
--front-proxy-cidrs $TEST_TMP/bad-prefix6.txt	--front-proxy-cidrs: .*bad-prefix6\.txt:1: '2001:db8::/129': the prefix length
--front-proxy-cidrs $TEST_TMP/long-line.txt	--front-proxy-cidrs: .*long-line\.txt:1: line longer than 256 characters
--front-proxy-cidrs $TEST_TMP	--front-proxy-cidrs: .*
--state bogus=warning	--state: no cause is named 'bogus'
--state timeout.nope=warning	--state: no cause is named 'timeout\.nope'
--state time=warning	--state: no cause is named 'time'
--state ok=warning	--state: no cause is named 'ok'
--state timeout=maybe	--state 'timeout=maybe' is not CAUSE=STATE
--state timeout	--state 'timeout' is not CAUSE=STATE
--state =warning	--state '=warning' is not CAUSE=STATE
--state timeout=warning --state timeout=critical	--state timeout=CRITICAL contradicts --state timeout=WARNING
--source 10.0.0	--source '10\.0\.0' is not an IPv4 or IPv6 address
--source example.com	--source 'example\.com' is not an IPv4 or IPv6 address
--source ::1	--source ::1 and -H 127\.0\.0\.1 are of different address families
-4 --source ::1	--source ::1 is not an IPv4 address; drop -4
--ephemeral-warn 0	--ephemeral-warn '0' is not a whole percentage from 1 to 100
--ephemeral-warn 101	--ephemeral-warn '101' is not a whole percentage
--ephemeral-warn 50%	--ephemeral-warn '50%' is not a whole percentage
--service-port 0	--service-port '0' is not a number from 1 to 65535
--service-port 70000	--service-port '70000' is not a number from 1 to 65535
EOF_TABLE

# Root reads any file: only an unprivileged run can see the permission error.
if [ "$(id -u)" -ne 0 ]; then
  run_check -H 127.0.0.1 -p 1 --front-proxy-cidrs "$TEST_TMP/unreadable.txt"
  expect 3 "^CONN UNKNOWN - --front-proxy-cidrs: Failed to open file .*Permission denied" "unreadable CIDR file"
fi
finish
