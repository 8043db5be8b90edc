#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refusals told apart on local evidence: a namespace "host" with a non-loopback address
# on a veth, services bound to loopback only, to one address only, or to another port
# (named by --service-port, or nearby: named as evidence).
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"

host=$(ns_name h)
peer=$(ns_name p)
make_netns "$host"
make_netns "$peer"
link "$host" 10.216.0.1/24 "$peer" 10.216.0.2/24
listen_in "$host" 127.0.0.1 8081
listen_in "$host" 10.216.0.1 8082
listen_in "$host" 0.0.0.0 8443
listen_in "$host" 0.0.0.0 9001
ip -n "$host" addr add fd00:216::1/64 dev "cd$$h" nodad
listen_in "$host" ::1 8083

run_check_in "$host" -H 10.216.0.1 -p 8081 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8081 connection refused: port 8081 listens on 127\.0\.0\.1 only, not on 10\.216\.0\.1 \(refused\.loopback_only\)$" "loopback-only listener seen through a LAN address"
expect_line "^advice: bind the service to 0\.0\.0\.0:8081 \(or \[::\]:8081\)" "advice says bind 0.0.0.0"
show

run_check_in "$host" -H fd00:216::1 -p 8083 -v
expect 2 "^CONN CRITICAL - \[fd00:216::1\]:8083 connection refused: port 8083 listens on ::1 only, not on fd00:216::1 \(refused\.loopback_only\)$" "IPv6: listener on ::1 only, seen through a ULA address (/proc/net/tcp6)"
expect_line "^advice: bind the service to 0\.0\.0\.0:8083 \(or \[::\]:8083\) or to \[fd00:216::1\]:8083 in its configuration" \
  "IPv6 advice brackets the address before its port"

run_check_in "$host" -H 127.0.0.1 -p 8082 -v
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:8082 connection refused: port 8082 listens on 10\.216\.0\.1 only, not on 127\.0\.0\.1 \(refused\.wrong_address\)$" "listener on another address of this host"
show

run_check_in "$host" -H 10.216.0.1 -p 8080 --service-port 8443 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8080 connection refused on port 8080: the service listens on port 8443 \(refused\.wrong_port\)$" "the service listens on another port"
show

# --protocol names where its server usually listens: https's ports include 8443.
run_check_in "$host" -H 10.216.0.1 -p 8444 --protocol https -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8444 connection refused on port 8444: the service listens on port 8443 \(refused\.wrong_port\)$" "the expected protocol's port has the listener"

run_check_in "$host" -H 10.216.0.1 -p 8190 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8190 connection refused: nothing listens on port 8190 \(refused\.not_listening\)$" "nothing listens at all, nor within 10 ports"
expect_line "^evidence: no socket of this host listens on port 8190" "the listening sockets were read"
show

# A service one port away is named, as evidence: the cause stays not_listening.
run_check_in "$host" -H 10.216.0.1 -p 9000 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:9000 connection refused: nothing listens on port 9000; port 9001 listens on 0\.0\.0\.0 \(refused\.not_listening\)$" "a listener on the next port is named"
expect_line "^evidence: nearby, port 9001 listens on 0\.0\.0\.0, which covers 10\.216\.0\.1$" "the nearby listener is evidence"
expect_line "^advice: if the service is the one on port 9001, it is configured on 9001 instead of 9000" "the advice asks about the port"
show

# 8081 listens on 127.0.0.1 only, which does not serve 10.216.0.1; 8082 does.
run_check_in "$host" -H 10.216.0.1 -p 8080 -v
expect 2 "nothing listens on port 8080; port 8082 listens on 10\.216\.0\.1 \(refused\.not_listening\)$" "only a neighbour that covers the target is named, the closest first"
expect_line "^evidence: nearby, port 8082 listens on 10\.216\.0\.1, which covers 10\.216\.0\.1$" "8082 named"
if printf '%s\n' "$OUT" | grep -q "port 8081"; then fail "a loopback-only neighbour named for a LAN address: $OUT"; else pass "the loopback-only 8081 is not named"; fi

run_check_in "$peer" -H 10.216.0.1 -p 8090 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8090 connection refused: the host, or a firewall in front of it, answered with a reset \(RST\) on port 8090 \(refused\.not_listening\)$" "a remote host's refusal says only what the RST proves"
expect_line "^evidence: 10\.216\.0\.1, or a firewall in front of it, answered with a reset \(RST\): from here nothing listening on port 8090 and a firewall rule that resets it \(reject with tcp reset\) look alike$" "remote refusal: what the RST proves and what it does not"
expect_line "^advice: check on 10\.216\.0\.1 that the service runs and listens on port 8090 \(ss -ltn\) and read its logs; if it listens, a firewall in front of it resets the port: a capture on the host \(tcpdump -ni any tcp port 8090\) shows whether connection requests arrive$" "remote refusal: the advice says what tells them apart"

run_check_in "$peer" -H 10.216.0.1 -p 8080 --service-port 8443 --diagnose -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8080 connection refused on port 8080: the service answers on port 8443 \(refused\.wrong_port\)$" "remote host, --diagnose: the service answers on its other port"
expect_line "^evidence: port 8080 of 10\.216\.0\.1 refuses, the service's port 8443 accepts connections$" "the other port's answer is the evidence"
show

run_check_in "$peer" -H 10.216.0.1 -p 8080 --service-port 8443 -v
expect 2 "\(refused\.not_listening\)$" "remote host without --diagnose: one connection, no guess"

run_check_in "$peer" -H 10.216.0.1 -p 8443 --expect-address 10.216.0.9 -v
expect 2 "^CONN CRITICAL - 10\.216\.0\.1:8443 the check went to 10\.216\.0\.1, which is not an expected address \(10\.216\.0\.9\) \(refused\.wrong_address\) \| time=" "--expect-address with another literal address"
show

run_check_in "$peer" -H 10.216.0.1 -p 8443 --expect-address 10.216.0.0/24
expect 0 "^CONN OK - " "an address inside the expected prefix is fine"

run_check_in "$host" -H 10.216.0.1 -p 8081 --state refused.loopback_only=warning
expect 1 "\(refused\.loopback_only\)$" "--state routes one cause to WARNING"
finish
