#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Side probes of many silent hosts share the socket budget: 1,200 distinct addresses in a
# server namespace, 200 of them dropping one port (the others reset) and 1,000 dropping
# everything, audited with diagnose = true and the default --parallel. Each silent host
# needs its own side probes (four ports each: more than the default budget for all of
# them at once); with the budget shared fairly every endpoint still gets the verdict its
# probes say, by -t: timeout.filtered where other ports answer, timeout.host_down where
# none does, and none is left at "no socket was free for the side probes". -t 2 rather
# than 1: on a machine loaded by others, a run that waits half a second for a CPU would
# reach some deadlines before those side probes were due (bench/bulk.sh part 9 times the
# same case with -t 1).
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/bulk/common.sh"
need_cmd python3
need_cmd nft nftables

CLIENT=ep$$-c
SERVER=ep$$-s
netns_pair "$CLIENT" "$SERVER" 10.233.0
# Every address of 198.18.0.0/16 is the server's (a local route), behind one gateway.
ip -n "$CLIENT" route add 198.18.0.0/16 via 10.233.0.2
ip -n "$SERVER" route add local 198.18.0.0/16 dev lo
ip netns exec "$SERVER" nft -f - <<'NFT'
table inet epsilent {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr 198.18.0.0/24 tcp dport 7000 drop
    ip daddr 198.18.0.0/16 ip daddr != 198.18.0.0/24 drop
  }
}
NFT

CONFIG=$TEST_TMP/silent.ini
python3 - > "$CONFIG" <<'PY'
print("[defaults]\ndiagnose = true\n")
print("[group filtered]\nendpoints = " + ", ".join("198.18.0.%d:7000" % i for i in range(1, 201)))
print("[group down]\nendpoints = "
      + ", ".join("198.18.%d.%d:7000" % (1 + i // 250, 1 + i % 250) for i in range(1000)))
PY

run_check_in "$CLIENT" --config "$CONFIG" -t 2
expect 2 "^CONN CRITICAL - filtered: 200 of 200 endpoints failing \(200 timeout\.filtered\); down: 1000 of 1000 endpoints failing \(1000 timeout\.host_down\) \|" \
  "1,200 silent hosts: each told filtered or down by its own side probes"
expect_within 4.5 "1,200 silent hosts, diagnose = true, -t 2"

# A budget that holds every connect and one side probe per host, not four: shared fairly,
# each host still gets its first probe (port 1); taken first come, first served, the
# first hosts would take four sockets each and the last ones none.
set +e
timeout 60 ip netns exec "$CLIENT" $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" -t 2 \
  --parallel 2500 --format json > "$TEST_TMP/report.json"
set -e
python3 - "$TEST_TMP/report.json" <<'PY' && pass "--parallel 2500: every host probed, none left without a socket for its side probes" || fail "json evidence"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["causes"] == {"timeout.filtered": 200, "timeout.host_down": 1000}, report["causes"]
for r in report["results"]:
    evidence = " ".join(r["evidence"])
    assert "no socket was free" not in evidence, r
    if r["group"] == "down":
        # Port 1 first: every silent host gets its first probe; the others only while
        # sockets stay free for the first probes of the rest.
        assert "no answer on ports 1" in evidence, r
    else:
        assert "answered with a reset (RST)" in evidence, r
PY
finish
