#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tshark loads the plugin and lists its fields for display filters and its statistics tap.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tshark_lib.sh"

plugins=$(plugin_tshark -G plugins) || true
grep -Eq '^check_conn\.so[[:space:]].*dissector' <<<"$plugins" \
  && pass "tshark -G plugins lists check_conn.so as a dissector" \
  || fail "tshark -G plugins: $(grep -i check <<<"$plugins"; cat "$TEST_TMP/tshark.err")"

fields=$(plugin_tshark -G fields) || true
grep -Eq $'^P\tcheck_conn: why a connection failed\tcheck_conn$' <<<"$fields" \
  && pass "the check_conn protocol is registered" || fail "no check_conn protocol in -G fields"
for field in cause state summary detail advice client server identified expected evidence; do
  grep -Eq $'^F\t[^\t]+\tcheck_conn\\.'"$field"$'\tFT_STRING\tcheck_conn\t' <<<"$fields" \
    && pass "check_conn.$field is a string field" \
    || fail "check_conn.$field missing from tshark -G fields"
done

# tshark writes the list of -z statistics to stderr.
plugin_tshark -z help >/dev/null || true
grep -q 'check_conn,causes' "$TEST_TMP/tshark.err" && pass "tshark -z help lists check_conn,causes" \
  || fail "tshark -z help does not list check_conn,causes"
finish
