#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tshark loads the plugin and lists its fields for display filters (verdicts.sh runs its
# statistics tap). tshark -G plugins and -z help hang at exit under AddressSanitizer's
# run time (a sanitizer build preloads it): they are not asked here.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tshark_lib.sh"

fields=$(plugin_tshark -G fields) || true
grep -Eq $'^P\tcheck_conn: why a connection failed\tcheck_conn$' <<<"$fields" \
  && pass "the check_conn protocol is registered" || fail "no check_conn protocol in -G fields"
for field in cause state summary detail advice client server identified expected evidence; do
  grep -Eq $'^F\t[^\t]+\tcheck_conn\\.'"$field"$'\tFT_STRING\tcheck_conn\t' <<<"$fields" \
    && pass "check_conn.$field is a string field" \
    || fail "check_conn.$field missing from tshark -G fields"
done

finish
