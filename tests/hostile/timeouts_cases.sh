#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for timeouts told apart by the engine's side probes within -t
# (a plain check; --diagnose; --no-diagnose; bulk with diagnose = true), and for the
# options that turn them on and off:
#   client 10.223.0.1 ── server 10.223.0.2 (drops tcp 4444, resets every other SYN; does
#   not forward, so 10.99.7.5 routed to it is a silent private address of another network)
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
need_cmd nft nftables

client=dd-$$-c
server=dd-$$-s
netns_pair "$client" "$server" 10.223.0
ip -n "$client" route add default via 10.223.0.2
ip netns exec "$server" nft -f - <<'NFT'
table inet ddtimeouts {
  chain input {
    type filter hook input priority 0;
    tcp dport 4444 drop
    tcp flags syn reject with tcp reset
  }
}
NFT
GUARD_NETNS=$client

GUARD_PATTERN='port 4444 is silent: a firewall drops it \(timeout\.filtered\)$' \
  guard 2 "a dropped port of a live host, plain check, -t 2" -H 10.223.0.2 -p 4444 -t 2
GUARD_PATTERN='port 4444 is silent: a firewall drops it \(timeout\.filtered\)$' \
  guard 2 "a dropped port of a live host, plain check, -t 1" -H 10.223.0.2 -p 4444 -t 1
GUARD_PATTERN='port 4444 is silent: a firewall drops it \(timeout\.filtered\)$' \
  guard 2 "a dropped port, plain check, -t 0.2: side probes at 0.1 s" -H 10.223.0.2 -p 4444 -t 0.2
GUARD_PATTERN='port 4444 is silent: a firewall drops it \(timeout\.filtered\)$' \
  guard 2 "a dropped port, --diagnose, -t 1: nothing after the deadline" -H 10.223.0.2 -p 4444 -t 1 --diagnose
GUARD_PATTERN='10\.99\.7\.5 is a private address of another network, not reachable from here \(timeout\.private_foreign\)$' \
  guard 2 "a foreign private address, plain check, -t 1" -H 10.99.7.5 -p 4444 -t 1
GUARD_PATTERN='no answer within the 1 s timeout \(timeout\.no_answer\)$' \
  guard 2 "a dropped port, --no-diagnose, -t 1" -H 10.223.0.2 -p 4444 -t 1 --no-diagnose
GUARD_PATTERN='answered with a reset \(RST\) on port 4445 \(refused\.not_listening\)$' \
  guard 2 "a firewall's reset, plain check, -t 1" -H 10.223.0.2 -p 4445 -t 1
GUARD_PATTERN='^CONN UNKNOWN - --diagnose and --no-diagnose exclude each other; give one of them$' \
  guard 3 "--diagnose with --no-diagnose" -H 10.223.0.2 -p 4444 -t 1 --diagnose --no-diagnose
GUARD_PATTERN='^CONN UNKNOWN - --no-diagnose and --config exclude each other' \
  guard 3 "--no-diagnose with --config" --config /dev/null --no-diagnose -t 1

printf '[group dropped]\ndiagnose = true\nendpoints = 10.223.0.2:4400-4499, 10.99.7.5:4444\n' \
  > "$TEST_TMP/dropped.ini"
GUARD_PATTERN='^CONN CRITICAL - dropped: 101 of 101 endpoints failing \(99 refused\.not_listening, 1 timeout\.filtered, 1 timeout\.private_foreign\)' \
  guard 2 "bulk, diagnose = true, -t 1: side probes within -t" --config "$TEST_TMP/dropped.ini" -t 1
finish
