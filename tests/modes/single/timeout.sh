#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A real timeout: two namespaces joined by a veth pair, the server side drops SYNs to one
# port with nftables, the other ports reset. The check must say timeout.filtered (its side
# probes find the resets) within -t + 0.2 s.
. "$(dirname "$0")/../../lib.sh"
need_cmd nft nftables

client=ccf-cli-$$
server=ccf-srv-$$
make_netns "$client"
make_netns "$server"
ip link add "cc$$c" netns "$client" type veth peer name "cc$$s" netns "$server"
ip -n "$client" addr add 10.213.0.1/24 dev "cc$$c"
ip -n "$server" addr add 10.213.0.2/24 dev "cc$$s"
ip -n "$client" link set "cc$$c" up
ip -n "$server" link set "cc$$s" up
ip netns exec "$server" nft -f - <<'NFT'
table inet cc_test {
  chain input { type filter hook input priority 0; tcp dport 4444 drop; }
}
NFT

run_check_in "$client" -H 10.213.0.2 -p 4444 -t 1
expect 2 "^CONN CRITICAL - 10\.213\.0\.2:4444 connection timed out: the host answers on other ports, but port 4444 is silent: a firewall drops it \(timeout\.filtered\)$" "dropped SYN on a live host is timeout.filtered"
expect_within 1.2 "timeout bounded by -t 1 + 0.2 s"

run_check_in "$client" -H 10.213.0.2 -p 4444 -t 0.5 -v
expect 2 "\(timeout\.filtered\)$" "decimal -t: the side probes begin at -t / 2"
expect_within 0.7 "timeout bounded by -t 0.5 + 0.2 s"
printf '%s\n' "$OUT" | grep -q '^advice: open the port in the host firewall' && pass "timeout advice names the firewall" || fail "advice: $OUT"

run_check_in "$client" -H 10.213.0.2 -p 4445 -t 1
# The server's firewall resets 4445 (reject with tcp reset): from the client that looks
# like a closed port, and the words say no more than that.
expect 2 "connection refused: the host, or a firewall in front of it, answered with a reset \(RST\) on port 4445 \(refused\.not_listening\)$" "a firewall's reset of a remote port is not called 'nothing listens'"
finish
