#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for this host's routes and neighbours: discarding routes
# (local.route_discards) and an on-link address no host has (timeout.host_down), each
# bounded by -t + 0.2 s, in a client namespace over veth.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
. "$top_srcdir/tests/modes/single/netns_lib.sh"

client=$(ns_name c)
peer=$(ns_name p)
make_netns "$client"
make_netns "$peer"
link "$client" 10.218.0.1/24 "$peer" 10.218.0.2/24
ip -n "$client" addr add fd22::1/64 dev "cd$$c" nodad
ip -n "$peer" addr add fd22::2/64 dev "cd$$p" nodad
ip -n "$client" route add blackhole 10.9.0.0/24
ip -n "$client" route add unreachable 10.9.1.0/24
ip -n "$client" route add prohibit 10.9.2.0/24
ip -n "$client" -6 route add blackhole fd99:1::/64
ip -n "$client" rule add to 10.9.4.0/24 blackhole
GUARD_NETNS=$client

GUARD_PATTERN='blackhole route 10\.9\.0\.0/24 \(local\.route_discards\)$'
guard 2 "blackhole route" -H 10.9.0.7 -p 80 -t 1
GUARD_PATTERN='unreachable route 10\.9\.1\.0/24 \(local\.route_discards\)$'
guard 2 "unreachable route" -H 10.9.1.7 -p 80 -t 1
GUARD_PATTERN='prohibit route 10\.9\.2\.0/24 \(local\.route_discards\)$'
guard 2 "prohibit route" -H 10.9.2.7 -p 80 -t 1
GUARD_PATTERN='blackhole rule \(local\.route_discards\)$'
guard 2 "blackhole routing rule" -H 10.9.4.7 -p 80 -t 1
GUARD_PATTERN='blackhole route fd99:1::/64 \(local\.route_discards\)$'
guard 2 "IPv6 blackhole route" -H fd99:1::7 -p 80 -t 1 --diagnose

GUARD_PATTERN='no ARP answer on the link: nothing answers for 10\.218\.0\.7 on cd[0-9]+c \(timeout\.host_down\)$'
guard 2 "dead on-link host, -t 1" -H 10.218.0.7 -p 80 -t 1
GUARD_PATTERN='no ARP answer on the link: nothing answers for 10\.218\.0\.8 on cd[0-9]+c \(timeout\.host_down\)$'
guard 2 "dead on-link host, -t 5 (ARP fails first)" -H 10.218.0.8 -p 80 -t 5
guard 2 "dead on-link host, -t 1 --diagnose after the ARP failure" -H 10.218.0.8 -p 80 -t 1 --diagnose
GUARD_PATTERN='no ARP answer on the link: nothing answers for 10\.218\.0\.9 on cd[0-9]+c \(timeout\.host_down\)$'
guard 2 "dead on-link host, -t 1 --diagnose" -H 10.218.0.9 -p 80 -t 1 --diagnose
GUARD_PATTERN='no NDP answer on the link: nothing answers for fd22::7 on cd[0-9]+c \(timeout\.host_down\)$'
guard 2 "dead on-link IPv6 host, -t 1" -H fd22::7 -p 80 -t 1
GUARD_PATTERN='no NDP answer on the link: nothing answers for fd22::8 on cd[0-9]+c \(timeout\.host_down\)$'
guard 2 "dead on-link IPv6 host, -t 5 (NDP fails first)" -H fd22::8 -p 80 -t 5
finish
