#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Timeouts told apart in bulk with diagnose = true, as a single check tells them: the
# engine's side probes, begun while the connects are silent, end by -t.
#   client 10.207.0.1 ── server 10.207.0.2: drops tcp 20000-20099, resets every other
#   SYN; it does not forward, so 10.99.7.0/24 (private, of no local network) and
#   198.51.100.0/24 routed to it are silent on every port. 10.207.0.3 has no host (no ARP).
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3
need_cmd nft nftables

CLIENT=ccdd-$$-c
SERVER=ccdd-$$-s
netns_pair "$CLIENT" "$SERVER" 10.207.0
ip -n "$CLIENT" route add 10.99.7.0/24 via 10.207.0.2
ip -n "$CLIENT" route add 198.51.100.0/24 via 10.207.0.2
ip netns exec "$SERVER" nft -f - <<'NFT'
table inet ccdd {
  counter side_syns { }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 20000-20099 drop
    tcp dport { 1, 22, 80, 443 } tcp flags syn counter name "side_syns"
    tcp flags syn reject with tcp reset
  }
}
NFT

CONFIG=$TEST_TMP/timeouts.ini
cat > "$CONFIG" <<INI
[defaults]
diagnose = true

[group dropped]
endpoints = 10.207.0.2:20000-20099

[group foreign]
endpoints = 10.99.7.5:4444, 10.99.7.6:4444

[group down]
endpoints = 198.51.100.7:4444, 10.207.0.3:4444

[group plain]
diagnose = false
endpoints = 10.207.0.2:20000-20009
INI

run_check_in "$CLIENT" --config "$CONFIG" -t 1
expect 2 "^CONN CRITICAL - dropped: 100 of 100 endpoints failing \(100 timeout\.filtered\); foreign: 2 of 2 endpoints failing \(2 timeout\.private_foreign\); down: 2 of 2 endpoints failing \(2 timeout\.host_down\); plain: 10 of 10 endpoints failing \(10 timeout\.no_answer\) \|" \
  "diagnose = true tells dropped ports, a foreign private network and absent hosts apart; without it they stay timeout.no_answer"
expect_within 1.5 "114 silent endpoints with -t 1, side probes included"
# The 100 dropped ports share one host: its side probes are made once, not 100 times.
syns=$(ip netns exec "$SERVER" nft list counter inet ccdd side_syns | awk '/packets/ {print $2}')
[ "$syns" = 4 ] && pass "one side probe per port of the host for 100 endpoints: $syns SYNs" \
  || fail "side-probe SYNs at the host: $syns, wanted 4"

# The same verdicts as single checks of the same endpoints.
for target in "10.207.0.2 20000 timeout.filtered" "10.99.7.5 4444 timeout.private_foreign" \
              "198.51.100.7 4444 timeout.host_down"; do
  read -r host port cause <<< "$target"
  run_check_in "$CLIENT" -H "$host" -p "$port" -t 1
  expect 2 "\($(printf '%s' "$cause" | sed 's/\./\\./g')\)$" "single check of $host:$port: $cause, as in bulk"
done

set +e
ip netns exec "$CLIENT" $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" -t 1 --format json \
  > "$TEST_TMP/report.json"
set -e
python3 - "$TEST_TMP/report.json" <<'PY' && pass "json: the side probes' evidence per endpoint" || fail "json evidence: $(head -c 2000 "$TEST_TMP/report.json")"
import json, sys
report = json.load(open(sys.argv[1]))
by_host = {}
for r in report["results"]:
    by_host.setdefault(r["group"], r)
ev = " | ".join(by_host["dropped"]["evidence"])
assert "port 1 of 10.207.0.2 answered with a reset (RST)" in ev, ev
ev = " | ".join(by_host["foreign"]["evidence"])
assert "no answer on ports 1, 22, 80, 443 either, and no ICMP error" in ev, ev
ev = " | ".join(by_host["plain"]["evidence"] or [])
assert "answered with a reset" not in ev, ev
PY
finish
