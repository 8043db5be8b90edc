#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Timeouts told apart on evidence, by a plain check (side probes begun by the engine while
# the connect is silent, ended by -t) and with --diagnose: a "server" namespace over veth whose
# nftables drops one port and resets the others (timeout.filtered), an address on the veth
# subnet with no host behind it (timeout.host_down), a private address of another network
# routed into a namespace that does not forward (timeout.private_foreign). Also ICMP
# errors (unreachable.host) and a missing route (unreachable.net).
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"
need_cmd nft nftables

client=$(ns_name c)
server=$(ns_name s)
make_netns "$client"
make_netns "$server"
link "$client" 10.214.0.1/24 "$server" 10.214.0.2/24
ip -n "$client" route add default via 10.214.0.2
ip netns exec "$server" nft -f - <<'NFT'
table inet ccdiag {
  chain input {
    type filter hook input priority 0;
    tcp dport 4444 drop
    tcp dport 4445 reject with icmp type host-unreachable
    tcp flags syn reject with tcp reset
  }
}
NFT

run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.214\.0\.2:4444 connection timed out: the host answers on other ports, but port 4444 is silent: a firewall drops it \(timeout\.filtered\)$" "a plain check names a dropped port timeout.filtered"
expect_line "^evidence: port 1 of 10\.214\.0\.2 answered with a reset \(RST\)" "the side probe's RST, made within -t, is the evidence"
expect_within 1.2 "a plain check's diagnosis ends by -t"
show

run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --diagnose -v
expect 2 "^CONN CRITICAL - 10\.214\.0\.2:4444 connection timed out: the host answers on other ports, but port 4444 is silent: a firewall drops it \(timeout\.filtered\)$" "dropped port on a live host is timeout.filtered"
expect_line "^evidence: port 1 of 10\.214\.0\.2 answered with a reset \(RST\)" "the RST from another port is the evidence"
expect_within 1.5 "filtered diagnosis costs little beyond -t (RST answers at once)"
show

run_check_in "$client" -H 10.214.0.3 -p 4444 -t 1 --diagnose -v
expect 2 "^CONN CRITICAL - 10\.214\.0\.3:4444 no ARP answer on the link: nothing answers for 10\.214\.0\.3 on cd[0-9]+c \(timeout\.host_down\)$" "on-link address without a host is timeout.host_down (routes.sh has the variants)"
expect_line "^evidence: no ARP answer from 10\.214\.0\.3 on cd[0-9]+c: neighbour entry INCOMPLETE$" "the neighbour entry is the evidence"
expect_within 1.5 "the neighbour entry decides without side probes"
# A public address routed into a namespace that does not forward: the gateway answers
# ARP, nothing answers beyond it, on any port.
run_check_in "$client" -H 198.51.100.7 -p 4444 -t 1 -v
expect 2 "^CONN CRITICAL - 198\.51\.100\.7:4444 connection timed out: nothing answers at 198\.51\.100\.7 on any probed port \(timeout\.host_down\)$" "a silent routed host is timeout.host_down, by a plain check"
expect_line "^evidence: no answer on ports 1, 22, 80, 443 either, and no ICMP error$" "silence on every probed port"
expect_within 1.2 "host_down by -t: the side probes ran while the connect was silent"
show
run_check_in "$client" -H 10.99.7.5 -p 4444 -t 1 --diagnose -vv
expect_line "^timing: resolve [0-9.]+ ms, diagnosis [0-9.]+ ms, total 1\.[0-9]+ s$" "-vv: the side probes ran within -t, the diagnosis adds milliseconds"
show

run_check_in "$client" -H 10.99.7.5 -p 4444 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.99\.7\.5:4444 connection timed out: 10\.99\.7\.5 is a private address of another network, not reachable from here \(timeout\.private_foreign\)$" "a plain check names a foreign private address timeout.private_foreign"
expect_within 1.2 "by -t"
show

run_check_in "$client" -H 10.99.7.5 -p 4444 -t 1 --diagnose -v
expect 2 "^CONN CRITICAL - 10\.99\.7\.5:4444 connection timed out: 10\.99\.7\.5 is a private address of another network, not reachable from here \(timeout\.private_foreign\)$" "foreign private address is timeout.private_foreign"
expect_line "^evidence: 10\.99\.7\.5 is a private address and no interface of this host is in its network$" "no local network holds it"
expect_line "^evidence: the connection request left from 10\.214\.0\.1 on interface cd" "the local end of the request (the default route's interface) is evidence"
show

# --no-diagnose: no connect to any other port; the causes are ranked and the evidence
# says what is missing.
run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --no-diagnose -v
expect 2 "^CONN CRITICAL - 10\.214\.0\.2:4444 connection timed out: no answer within the 1 s timeout \(timeout\.no_answer\)$" "--no-diagnose keeps a dropped port timeout.no_answer"
expect_line "^evidence: possible causes, most likely first: a firewall drops the port \(timeout\.filtered\), the host is down \(timeout\.host_down\); side probes to other ports, which tell them apart, are off \(--no-diagnose" "the evidence names what --no-diagnose hid"
expect_line "^advice: likely a firewall dropping the port" "the advice of timeout.no_answer"
printf '%s\n' "$OUT" | grep -q "answered with a reset" && fail "--no-diagnose made a side probe: $OUT" || pass "no side probe was made"
expect_within 1.2 "by -t"
show
run_check_in "$client" -H 10.99.7.5 -p 4444 -t 1 --no-diagnose -v
expect 2 "\(timeout\.no_answer\)$" "--no-diagnose: a foreign private address stays timeout.no_answer"
expect_line "^evidence: possible causes, most likely first: a private address of another network \(timeout\.private_foreign\)" "private_foreign ranked first"
run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --diagnose --no-diagnose
expect 3 "^CONN UNKNOWN - --diagnose and --no-diagnose exclude each other; give one of them$" "--diagnose and --no-diagnose contradict"

# A host name: the engine probes the address it resolved to.
mkdir -p "/etc/netns/$client"
at_exit "rm -rf /etc/netns/$client"
echo "10.214.0.2 dropper.test" > "/etc/netns/$client/hosts"
run_check_in "$client" -H dropper.test -p 4444 -t 1 -v
expect 2 "^CONN CRITICAL - dropper\.test \(10\.214\.0\.2:4444\) connection timed out: the host answers on other ports, but port 4444 is silent: a firewall drops it \(timeout\.filtered\)$" "a host name is told apart within -t too"
expect_within 1.2 "by -t"
show

run_check_in "$client" -H 10.214.0.2 -p 4445 -t 2 -v
expect 2 "\(unreachable\.host\)$" "ICMP host-unreachable is unreachable.host"
show

run_check_in "$client" -H 10.214.0.2 -p 4445 -t 2 --diagnose -v
expect 2 "\(unreachable\.host\)$" "with --diagnose too"
expect_line "^evidence: port 4445: ICMP error type 3 code 1 from 10\.214\.0\.2$" "the ICMP error and its sender are evidence (IP_RECVERR)"

run_check_in "$server" -H 10.215.9.9 -p 80 -t 1 -v
expect 2 "\(unreachable\.net\)$" "no route at all is unreachable.net"
show

run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --diagnose --state timeout=warning
expect 1 "\(timeout\.filtered\)$" "--state timeout=warning routes every timeout to WARNING"
run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --diagnose --state timeout=warning --state timeout.filtered=critical
expect 2 "\(timeout\.filtered\)$" "the longest matching --state wins"
run_check_in "$client" -H 10.214.0.2 -p 4444 -t 1 --timeout-result unknown --state timeout.filtered=warning
expect 1 "\(timeout\.filtered\)$" "--state for the cause outranks --timeout-result"
finish
