#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --timeout-result against real deadlines: a server namespace whose firewall drops one TCP
# port and all DNS, reached over a veth pair from a client namespace.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd nft nftables
CLIENT=ccship-$$-c
SERVER=ccship-$$-s
make_netns "$CLIENT"
make_netns "$SERVER"
ip link add ccship$$c netns "$CLIENT" type veth peer name ccship$$s netns "$SERVER"
ip -n "$CLIENT" addr add 10.213.1.1/24 dev ccship$$c
ip -n "$SERVER" addr add 10.213.1.2/24 dev ccship$$s
ip -n "$CLIENT" link set ccship$$c up
ip -n "$SERVER" link set ccship$$s up
ip netns exec "$SERVER" nft -f - <<'NFT'
table inet ccship {
  chain input {
    type filter hook input priority 0;
    tcp dport 4711 drop
    udp dport 53 drop
  }
}
NFT
# The client's resolver asks only the server namespace, which drops the query.
mkdir -p "/etc/netns/$CLIENT"
at_exit "rm -rf /etc/netns/$CLIENT"
echo "nameserver 10.213.1.2" > "/etc/netns/$CLIENT/resolv.conf"

in_client () { run_check_in "$CLIENT" "$@"; }

in_client -H 10.213.1.2 -p 4711 -t 1
expect 2 '^CONN CRITICAL - .*\(timeout\.[a-z_]+\)' "connect timeout is CRITICAL by default"
expect_within 1.5 "default timeout ends at -t"

for pair in ok:0:OK warning:1:WARNING critical:2:CRITICAL unknown:3:UNKNOWN UNKNOWN:3:UNKNOWN; do
  value=${pair%%:*}; rest=${pair#*:}; code=${rest%%:*}; word=${rest#*:}
  in_client -H 10.213.1.2 -p 4711 -t 1 --timeout-result="$value"
  expect "$code" "^CONN $word - .*\(timeout\.[a-z_]+\)" "connect timeout with --timeout-result=$value"
  expect_within 1.5 "--timeout-result=$value ends at -t"
done

in_client -H unanswered.ccship.test -p 80 -t 1 --timeout-result=unknown
expect 3 '^CONN UNKNOWN - .*did not finish before the timeout.*\(dns\.failure\)' \
  "resolution timeout with --timeout-result=unknown"
expect_within 1.5 "resolution timeout ends at -t"

in_client -H unanswered.ccship.test -p 80 -t 1 --timeout-result=warning
expect 1 '^CONN WARNING - .*\(dns\.failure\)' "resolution timeout with --timeout-result=warning"

# A verdict reached before the deadline keeps its own state.
in_client -H 10.213.1.2 -p 4712 -t 1 --timeout-result=unknown
expect 2 '^CONN CRITICAL - .*\(refused\.not_listening\)' "refusal is not a timeout"

# The refusal came at once; --diagnose's side probe of the dropped service port then used
# up -t. The check did not end at its deadline, so the refusal keeps its state.
in_client -H 10.213.1.2 -p 4712 -t 1 --diagnose --service-port 4711 --timeout-result=ok
expect 2 '^CONN CRITICAL - .*\(refused\.[a-z_]+\)' \
  "refusal stays CRITICAL after --diagnose's side probe used up -t"
# A deadline shorter than the refusal takes to be read does not make it a timeout.
run_check -H 127.0.0.1 -p "$(free_port)" -t 0.0003 --timeout-result=ok
expect 2 '^CONN CRITICAL - .*\(refused\.[a-z_]+\)' "refused loopback port with -t 0.0003"

# A server that accepts and never answers: the deadline ends the protocol exchange.
ip netns exec "$SERVER" timeout 60 python3 -c '
import socket, time
s = socket.socket(); s.bind(("10.213.1.2", 4713)); s.listen(8)
held = []
while True:
    held.append(s.accept()[0])
' &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do
  ip netns exec "$SERVER" ss -Hltn 'sport = :4713' | grep -q . && break
  sleep 0.1
done
in_client -H 10.213.1.2 -p 4713 -t 1 --protocol http --timeout-result=unknown
expect 3 '^CONN UNKNOWN - .*\(protocol\.silent\)' "silent server, --protocol http, --timeout-result=unknown"
expect_within 1.5 "the exchange ends at -t"
in_client -H 10.213.1.2 -p 4713 -t 1 --protocol http
expect 2 '^CONN CRITICAL - .*\(protocol\.silent\)' "silent server, --protocol http, default"

in_client -H 10.213.1.2 -p 4711 -t 1 --timeout-result=maybe
expect 3 '^CONN UNKNOWN - --timeout-result: .*ok, warning, critical, unknown' \
  "bad --timeout-result value"
finish
