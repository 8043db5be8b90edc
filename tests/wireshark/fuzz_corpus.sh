#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tshark with the plugin over every capture of the fuzz corpus (tests/fuzz/corpus/capture:
# cut, header-only, mid-stream and real captures), in one pass and in two: tshark may
# refuse a broken file, but never crashes, hangs or trips a sanitizer. In a build
# configured with --enable-sanitizers the plugin runs under AddressSanitizer and UBSan.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tshark_lib.sh"

[ -n "$TSHARK_PRELOAD" ] && echo "note: the plugin runs under AddressSanitizer and UBSan"
count=0
for capture in "$top_srcdir"/tests/fuzz/corpus/capture/*; do
  copy=$(readable "$capture")
  for passes in "" -2; do
    set +e
    # shellcheck disable=SC2086 # no option, or -2
    plugin_tshark $passes -r "$copy" -V -z check_conn,causes >"$TEST_TMP/tshark.out"
    rc=$?
    set -e
    count=$((count + 1))
    if [ "$rc" -ge 124 ] || grep -Eq 'Sanitizer|runtime error|Segmentation|Aborted' "$TEST_TMP/tshark.err"; then
      fail "$(basename "$capture") ${passes:-one pass}: exit $rc: $(head -c 2000 "$TEST_TMP/tshark.err")"
    fi
    # The plugin did run: the real failures get their tree.
    if [ "$passes" = -2 ] && [ "$(basename "$capture")" = netns-failures.pcap ]; then
      trees=$(grep -c '^\[check_conn: ' "$TEST_TMP/tshark.out" || true)
      [ "$trees" -eq 8 ] && pass "netns-failures.pcap: 8 check_conn trees" \
        || fail "netns-failures.pcap: $trees check_conn trees, wanted 8"
    fi
  done
done
[ "$count" -gt 0 ] && pass "$count tshark runs over the capture corpus ended without a crash" \
  || fail "no capture in tests/fuzz/corpus/capture"
finish
