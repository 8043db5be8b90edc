#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# This host's own routing table and neighbour table as evidence, in a "client" namespace
# over veth: blackhole, unreachable and prohibit routes (local.route_discards, named with
# their prefix), and an on-link address no host has (timeout.host_down on the neighbour
# entry, the same verdict whether -t or the kernel's ARP/NDP timing ends the connect).
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"
need_cmd nft nftables

client=$(ns_name c)
peer=$(ns_name p)
make_netns "$client"
make_netns "$peer"
link "$client" 10.216.0.1/24 "$peer" 10.216.0.2/24
ip -n "$client" addr add fd21::1/64 dev "cd$$c" nodad
ip -n "$peer" addr add fd21::2/64 dev "cd$$p" nodad
ip -n "$client" route add blackhole 10.9.0.0/24
ip -n "$client" route add unreachable 10.9.1.0/24
ip -n "$client" route add prohibit 10.9.2.0/24
ip -n "$client" -6 route add blackhole fd99:1::/64

run_check_in "$client" -H 10.9.0.7 -p 80 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.9\.0\.7:80 this host's routing table discards traffic to 10\.9\.0\.7: blackhole route 10\.9\.0\.0/24 \(local\.route_discards\)$" "a blackhole route is local.route_discards, not conn.error"
expect_line "^evidence: route lookup for 10\.9\.0\.7 \(netlink\): blackhole route 10\.9\.0\.0/24$" "the route read is the evidence"
expect_line "^advice: remove or fix the route on this host: ip route del blackhole 10\.9\.0\.0/24$" "the advice names the command"
show

run_check_in "$client" -H 10.9.1.7 -p 80 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.9\.1\.7:80 this host's routing table discards traffic to 10\.9\.1\.7: unreachable route 10\.9\.1\.0/24 \(local\.route_discards\)$" "an unreachable route is local.route_discards, not unreachable.host"
expect_line "^advice: remove or fix the route on this host: ip route del unreachable 10\.9\.1\.0/24$" "its advice"

run_check_in "$client" -H 10.9.2.7 -p 80 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.9\.2\.7:80 this host's routing table discards traffic to 10\.9\.2\.7: prohibit route 10\.9\.2\.0/24 \(local\.route_discards\)$" "a prohibit route is local.route_discards, not local.blocked"

run_check_in "$client" -H fd99:1::7 -p 80 -t 1 -v
expect 2 "blackhole route fd99:1::/64 \(local\.route_discards\)$" "an IPv6 blackhole route too"
expect_line "^advice: remove or fix the route on this host: ip -6 route del blackhole fd99:1::/64$" "with ip -6 in the advice"

# A routing rule, not a route: no prefix to name, the rule is the evidence.
ip -n "$client" rule add to 10.9.4.0/24 blackhole
run_check_in "$client" -H 10.9.4.7 -p 80 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.9\.4\.7:80 this host's routing table discards traffic to 10\.9\.4\.7: blackhole rule \(local\.route_discards\)$" "a blackhole rule is local.route_discards too"
expect_line "^evidence: route lookup for 10\.9\.4\.7 \(netlink\): blackhole, from a routing rule \(ip rule\): no route of that type covers it$" "no route claimed where a rule decided"
expect_line "^advice: remove or fix the routing rule on this host that says blackhole \(ip rule show\)$" "the advice points at the rules"

# dead_host ADDRESS PROTOCOL WHAT ARGS...: one verdict and one evidence line, whatever
# ended the connect. The peer namespace is up and answers ARP for its own address only.
dead_host () {
  local address=$1 protocol=$2 what=$3 quoted
  shift 3
  quoted=$(printf '%s' "$address" | sed 's/\./\\./g')
  run_check_in "$client" -H "$address" -p 80 -v "$@"
  expect 2 "^CONN CRITICAL - \[?$quoted\]?:80 no $protocol answer on the link: nothing answers for $quoted on cd[0-9]+c \(timeout\.host_down\)$" "dead on-link host, $what: timeout.host_down"
  expect_line "^evidence: no $protocol answer from $quoted on cd[0-9]+c: neighbour entry (INCOMPLETE|FAILED)$" "dead on-link host, $what: the neighbour entry is the evidence"
}

dead_host 10.216.0.7 ARP "-t 1 (the deadline ends the connect)" -t 1
expect_within 1.5 "-t 1 holds"
show
dead_host 10.216.0.8 ARP "-t 5 (ARP gives up first: EHOSTUNREACH with an ICMP from this host)" -t 5
expect_line "^evidence: connect\(\) to 10\.216\.0\.8:80 failed after .*EHOSTUNREACH" "the kernel's ARP failure ended it, not -t"
show
dead_host 10.216.0.8 ARP "-t 1 --diagnose right after (the kernel remembers the failure)" -t 1 --diagnose
expect_within 1.5 "no side probes needed: the neighbour entry decides"
dead_host 10.216.0.9 ARP "-t 1 --diagnose" -t 1 --diagnose
dead_host fd21::7 NDP "IPv6, -t 1" -t 1
dead_host fd21::8 NDP "IPv6, -t 5" -t 5
show

# A gateway that never answers ARP is evidence about the gateway, not the target.
ip -n "$client" route add 198.51.100.0/24 via 10.216.0.5
run_check_in "$client" -H 198.51.100.9 -p 80 -t 1 -v
expect 2 "\(timeout\.no_answer\)$" "a silent gateway does not make the target host_down"
expect_line "^evidence: no ARP answer from the gateway 10\.216\.0\.5 on cd[0-9]+c: neighbour entry INCOMPLETE$" "the silent gateway is named"
expect_line "^advice: check the gateway 10\.216\.0\.5 on cd[0-9]+c first \(is it up, is the route right\?\): nothing behind it can be told from here$" "the advice points at the gateway"
show

# A neighbour that answers keeps the other verdicts: the address is there, the port silent.
ip netns exec "$peer" nft -f - <<'NFT'
table inet ccroutes {
  chain input {
    type filter hook input priority 0;
    tcp dport 4444 drop
  }
}
NFT
run_check_in "$client" -H 10.216.0.2 -p 4444 -t 1 -v
expect 2 "\(timeout\.filtered\)$" "a live neighbour with a dropped port is not host_down: its other ports reset (timeout.filtered)"
finish
