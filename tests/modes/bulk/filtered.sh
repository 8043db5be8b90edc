#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Timeouts in bulk: a server namespace drops SYNs to 1,000 ports (nftables) while other
# ports refuse or listen; a client namespace audits them all with -t 1, and the run ends
# when the deadlines do, not 1,000 timeouts later.
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3
need_cmd nft nftables

CLIENT=ccbulk-$$-c
SERVER=ccbulk-$$-s
netns_pair "$CLIENT" "$SERVER" 10.201.0
ip netns exec "$SERVER" nft -f - <<'NFT'
table inet ccbulk {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 20000-20999 drop
  }
}
NFT

# 10 listening ports from 21000, then 100 closed ones (bound, not listening).
start_listeners 10 100 10.201.0.2 "$SERVER" --first 21000
CONFIG=$TEST_TMP/filtered.ini
cat > "$CONFIG" <<INI
[defaults]
timeout = 10

[group dropped]
endpoints = 10.201.0.2:20000-20999

[group mixed]
endpoints = 10.201.0.2:21000-21109
INI

run_check_in "$CLIENT" --config "$CONFIG" -t 1
expect 2 "^CONN CRITICAL - dropped: 1000 of 1000 endpoints failing \(1000 timeout\.no_answer\); mixed: 100 of 110 endpoints failing \(100 refused\.not_listening\) \|" \
  "1,000 dropped ports time out, closed ports refuse, open ones connect"
expect_within 2.5 "1,110 endpoints with -t 1"

set +e
ip netns exec "$CLIENT" $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" -t 1 --format json \
  > "$TEST_TMP/report.json"
set -e
# Under a valgrind wrapper times are not judged (as in expect_within): no upper bound there.
python3 - "$TEST_TMP/report.json" "${CHECK_CONN_WRAPPER:+inf}" <<'PY' && pass "json: each timeout after about 1 s, ETIMEDOUT" || fail "json timings"
import json, sys
report = json.load(open(sys.argv[1]))
upper = float(sys.argv[2] or 1.5)
for r in report["results"]:
    if r["group"] != "dropped":
        continue
    a = r["addresses"][0]
    assert r["cause"] == "timeout.no_answer" and a["errno"] == "ETIMEDOUT", r
    assert 0.99 <= r["timings"]["total_s"] < upper, r["timings"]
PY
finish
