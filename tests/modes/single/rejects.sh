#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Firewall rejects told apart from a service that is not there: running listeners behind
# nftables reject rules (ICMP port unreachable, admin/host prohibited, over IPv4 and IPv6,
# from the target and from a router), a local "reject with tcp reset" in front of a
# 0.0.0.0 listener, and a listener whose accept queue is full. Each one ends well
# within -t: the ICMP is read from the socket's error queue at once.
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"
. "$(dirname "$0")/rejects_lib.sh"

rejects_setup

run_check_in "$client" -H 10.219.0.2 -p 8001 -t 5 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.2:8001 a firewall rejects port 8001 \(ICMP port unreachable from 10\.219\.0\.2, the target itself\) \(refused\.firewall_reject\)$" \
  "reject with icmp port-unreachable in front of a running service"
expect_line "^evidence: a TCP stack answers a closed port with a reset, not with ICMP" "the ICMP is told from an RST"
expect_line "^advice: open tcp port 8001 in the firewall of 10\.219\.0\.2 or of a firewall in front of it" "advice names the firewall's host"
if printf '%s\n' "$OUT" | grep -q "answered with a reset"; then
  fail "no false RST evidence: $OUT"
else
  pass "no false RST evidence"
fi
expect_within 1 "port unreachable, -t 5"
show

run_check_in "$client" -H 10.219.0.2 -p 8002 -t 5 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.2:8002 a firewall forbids connections to port 8002 \(ICMP administratively prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$" \
  "reject with icmp admin-prohibited (type 3 code 13)"
expect_within 1 "admin-prohibited, -t 5"
show

run_check_in "$client" -H 10.219.0.2 -p 8003 -t 5
expect 2 "^CONN CRITICAL - 10\.219\.0\.2:8003 a firewall forbids connections to port 8003 \(ICMP host prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$" \
  "reject with icmp host-prohibited"
expect_within 1 "host-prohibited, -t 5"

run_check_in "$client" -H 10.219.0.2 -p 8004 -t 5
expect 2 "^CONN CRITICAL - 10\.219\.0\.2:8004 a firewall forbids connections to port 8004 \(ICMP administratively prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$" \
  "reject with icmpx admin-prohibited (firewalld's default)"

run_check_in "$client" -H 10.219.0.2 -p 8007 -t 5
expect 2 "\(ICMP net prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$" \
  "reject with icmp net-prohibited (code 9)"

run_check_in "$client" -H 10.219.2.2 -p 8002 -t 5 -v
expect 2 "^CONN CRITICAL - 10\.219\.2\.2:8002 a firewall forbids connections to port 8002 \(ICMP administratively prohibited from 10\.219\.1\.2, a hop before the target\) \(unreachable\.prohibited\)$" \
  "a router's reject names the router"
expect_line "^evidence: sent by 10\.219\.1\.2, a hop before 10\.219\.2\.2: the firewall is on the path$" "the router is named as the sender"
show

run_check_in "$client" -H fd19::2 -p 8101 -t 1 -v
expect 2 "^CONN CRITICAL - \[fd19::2\]:8101 a firewall forbids connections to port 8101 \(ICMPv6 administratively prohibited from fd19::2, the target itself\) \(unreachable\.prohibited\)$" \
  "IPv6 admin-prohibited from the peer, -t 1: not local.blocked, not a timeout"
expect_within 0.9 "IPv6 reject seen at once, -t 1"
show

run_check_in "$client" -H fd19::2 -p 8102 -t 1
expect 2 "^CONN CRITICAL - \[fd19::2\]:8102 a firewall rejects port 8102 \(ICMPv6 port unreachable from fd19::2, the target itself\) \(refused\.firewall_reject\)$" \
  "IPv6 port-unreachable, -t 1"
expect_within 0.9 "IPv6 port unreachable seen at once, -t 1"

run_check_in "$client" -H fd19::2 -p 8103 -t 1
expect 2 "\(ICMPv6 administratively prohibited from fd19::2, the target itself\) \(unreachable\.prohibited\)$" \
  "IPv6 icmpx admin-prohibited, -t 1"

# --diagnose's side probes meet the same rules: port 1 rejected with ICMP is no reset.
run_check_in "$client" -H 10.219.0.2 -p 8008 -t 1 --diagnose -v
expect 2 "\(timeout\.filtered\)$" "a dropped port, the host's port 1 rejected with ICMP"
expect_line "^evidence: port 1: ICMP error type 3 code 3 from 10\.219\.0\.2$" "the side probe's ICMP is named"
if printf '%s\n' "$OUT" | grep -q "port 1 of 10.219.0.2 answered with a reset"; then
  fail "no false RST evidence for the side probe: $OUT"
else
  pass "no false RST evidence for the side probe"
fi

run_check_in "$server" -H 10.219.0.2 -p 8010 -t 5 -v
expect 2 "\(refused\.not_listening\)$" "a port nobody rejects and nothing listens on stays not_listening"

run_check_in "$client" -H 10.219.0.1 -p 8005 -t 5 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.1:8005 connection refused: a local firewall rule answered RST; port 8005 has a listener on 0\.0\.0\.0 \(refused\.local_rule\)$" \
  "local reject with tcp reset in front of a 0.0.0.0 listener"
expect_line "^evidence: this host's firewall rule \(nft -j list ruleset\): table inet rejects chain input: tcp dport 8005 reject with tcp reset \(handle [0-9]+\)$" "the rule is named from the ruleset"
expect_line "^advice: fix or remove the rule that rejects tcp port 8005: table inet rejects chain input: tcp dport 8005 reject with tcp reset \(handle [0-9]+\) \(nft delete rule inet rejects input handle [0-9]+\)$" "advice names the rule and how to remove it"
show

# Without CAP_NET_ADMIN nft cannot list the ruleset: the verdict stands, the rule unnamed.
if command -v setpriv >/dev/null; then
  CHECK_CONN_WRAPPER="setpriv --reuid 65534 --regid 65534 --clear-groups $CHECK_CONN_WRAPPER" \
    run_check_in "$client" -H 10.219.0.1 -p 8005 -t 5 -v
  expect 2 "\(refused\.local_rule\)$" "as nobody: still a local rule"
  expect_line "^evidence: could not read this host's firewall rules: nft -j list ruleset: Operation not permitted" "as nobody: says why the rule is not named"
  expect_line "^advice: find the rule that rejects tcp port 8005 in this host's firewall \(nft list ruleset" "as nobody: advice points at the local firewall"
fi

run_check_in "$client" -H 10.219.0.1 -p 8009 -t 5 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.1:8009 connection refused: a local firewall rule answered RST; port 8009 has a listener on :: \(refused\.local_rule\)$" \
  "local reset rule in front of a dual-stack :: listener, IPv4 target"

# A local drop rule before a listener: a timeout that only the ruleset explains.
run_check_in "$client" -H 10.219.0.1 -p 8011 -t 1 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.1:8011 connection timed out: this host's firewall drops port 8011 \(table inet rejects chain input: tcp dport 8011 counter drop \(handle [0-9]+\)\) \(timeout\.filtered\)$" \
  "local drop rule in front of a listener, named"
expect_within 1.3 "local drop rule, -t 1"
run_check_in "$client" -H fd19::1 -p 8011 -t 1 -v
expect 2 "this host's firewall drops port 8011 .*\(timeout\.filtered\)$" "local drop rule, IPv6 target"

run_check_in "$client" -H 10.219.0.1 -p 8006 -t 2 -v
expect 2 "^CONN CRITICAL - 10\.219\.0\.1:8006 the service listens on port 8006 but does not accept: its accept queue is full \(2 waiting, backlog 1\) \(timeout\.accept_queue_full\)$" \
  "listen(1), never accepting, queue filled by three connections"
expect_within 2.5 "full accept queue, -t 2"
show
finish
