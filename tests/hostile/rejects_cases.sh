#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for firewall rejects (tests/modes/single/rejects_lib.sh):
# ICMP port unreachable and prohibited over IPv4 and IPv6, from the target and from a
# router, a local tcp-reset rule before a 0.0.0.0 listener, a full accept queue, a local
# drop rule and a rule holding a forged status line, both read from nft's ruleset; each
# with its cause id and bounded by -t + 0.2 s.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
. "$top_srcdir/tests/modes/single/netns_lib.sh"
. "$top_srcdir/tests/modes/single/rejects_lib.sh"

rejects_setup
GUARD_NETNS=$client

GUARD_PATTERN='\(ICMP port unreachable from 10\.219\.0\.2, the target itself\) \(refused\.firewall_reject\)$'
guard 2 "reject with icmp port-unreachable before a running service" -H 10.219.0.2 -p 8001 -t 1
GUARD_PATTERN='\(ICMP administratively prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$'
guard 2 "reject with icmp admin-prohibited" -H 10.219.0.2 -p 8002 -t 1
guard 2 "reject with icmpx admin-prohibited" -H 10.219.0.2 -p 8004 -t 1
GUARD_PATTERN='\(ICMP host prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$'
guard 2 "reject with icmp host-prohibited" -H 10.219.0.2 -p 8003 -t 1
GUARD_PATTERN='\(ICMP net prohibited from 10\.219\.0\.2, the target itself\) \(unreachable\.prohibited\)$'
guard 2 "reject with icmp net-prohibited" -H 10.219.0.2 -p 8007 -t 1
GUARD_PATTERN='\(ICMP administratively prohibited from 10\.219\.1\.2, a hop before the target\) \(unreachable\.prohibited\)$'
guard 2 "a router rejects with admin-prohibited" -H 10.219.2.2 -p 8002 -t 1
GUARD_PATTERN='\(ICMPv6 administratively prohibited from fd19::2, the target itself\) \(unreachable\.prohibited\)$'
guard 2 "IPv6 reject with icmpv6 admin-prohibited, -t 1" -H fd19::2 -p 8101 -t 1
guard 2 "IPv6 reject with icmpx admin-prohibited, -t 1" -H fd19::2 -p 8103 -t 1
GUARD_PATTERN='\(ICMPv6 port unreachable from fd19::2, the target itself\) \(refused\.firewall_reject\)$'
guard 2 "IPv6 reject with icmpv6 port-unreachable, -t 1" -H fd19::2 -p 8102 -t 1
GUARD_PATTERN='a local firewall rule answered RST; port 8005 has a listener on 0\.0\.0\.0 \(refused\.local_rule\)$'
guard 2 "local reject with tcp reset before a 0.0.0.0 listener" -H 10.219.0.1 -p 8005 -t 1
GUARD_PATTERN='a local firewall rule answered RST; port 8009 has a listener on :: \(refused\.local_rule\)$'
guard 2 "local reject with tcp reset before a dual-stack :: listener" -H 10.219.0.1 -p 8009 -t 1
GUARD_PATTERN="this host's firewall drops port 8011 \\(table inet rejects chain input: tcp dport 8011 counter drop \\(handle [0-9]+\\)\\) \\(timeout\\.filtered\\)$"
guard 2 "a local drop rule before a listener, named after -t 1 within the bound" -H 10.219.0.1 -p 8011 -t 1 -v
GUARD_PATTERN='a local firewall rule answered RST; port 8012 has a listener on 0\.0\.0\.0 \(refused\.local_rule\)$'
guard 2 "a local rule holding a forged status line, named in escaped evidence" -H 10.219.0.1 -p 8012 -t 1 -v
GUARD_PATTERN='its accept queue is full \(2 waiting, backlog 1\) \(timeout\.accept_queue_full\)$'
guard 2 "a full accept queue" -H 10.219.0.1 -p 8006 -t 1
finish
