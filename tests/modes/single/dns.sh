#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Name resolution against a real DNS server (dnsmasq) inside a namespace the test makes:
# NXDOMAIN, a working name, and a resolver that never answers (bounded by -t).
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"
need_cmd dnsmasq dnsmasq-base

ns=ccf-dns-$$
silent=ccf-dnsx-$$
make_netns "$ns"
make_netns "$silent"
# ip netns exec bind-mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf.
for n in "$ns" "$silent"; do
  mkdir -p "/etc/netns/$n"
  echo "nameserver 127.0.0.1" > "/etc/netns/$n/resolv.conf"
  at_exit "rm -rf /etc/netns/$n"
done

ip netns exec "$ns" dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces \
  --listen-address=127.0.0.1 --port=53 --local=/invalid/ --local=/test/ \
  --address=/up.test/127.0.0.1 --address=/v6only.test/fd00:219::5 --pid-file="$TEST_TMP/dnsmasq.pid" &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do
  ip netns exec "$ns" python3 -c "import socket; socket.getaddrinfo('up.test', 1)" 2>/dev/null && break
  sleep 0.1
done


run_check_in "$ns" -H no-such-host.invalid -p 80
expect 2 "^CONN CRITICAL - no-such-host\.invalid:80 name no-such-host\.invalid does not exist \(NXDOMAIN\) \(dns\.nxdomain\)$" ".invalid name is dns.nxdomain"

port=$(ip netns exec "$ns" python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
run_check_in "$ns" -H up.test -p "$port"
expect 2 "^CONN CRITICAL - up\.test \(127\.0\.0\.1:$port\) connection refused: .*\(refused\.not_listening\)$" "resolved name, closed port names the address"

# A name that exists with an address of one family only, checked over the other: the
# name is there, the family is missing; not dns.nxdomain ("the name does not exist").
run_check_in "$ns" -4 -H v6only.test -p "$port" -v
expect 2 "^CONN CRITICAL - v6only\.test:$port name v6only\.test has no IPv4 address \(no A record\), only IPv6: fd00:219::5 \(dns\.no_address_family\)$" \
  "-4 on an IPv6-only name is dns.no_address_family"
expect_line "^advice: drop -4/-6" "advice: drop -4, or add the record"
show
run_check_in "$ns" -6 -H up.test -p "$port"
expect 2 "^CONN CRITICAL - up\.test:$port name up\.test has no IPv6 address \(no AAAA record\), only IPv4: 127\.0\.0\.1 \(dns\.no_address_family\)$" \
  "-6 on an IPv4-only name is dns.no_address_family"
run_check_in "$ns" -4 -H no-such-host.invalid -p 80
expect 2 "\(dns\.nxdomain\)$" "-4 on a name that does not exist is still dns.nxdomain"

# In the second namespace nothing answers on port 53 and nftables drops the queries, so the
# resolver would wait for its own timeouts (5 s x attempts); -t must cut that short.
need_cmd nft nftables
ip netns exec "$silent" nft -f - <<'NFT'
table inet cc_test {
  chain input { type filter hook input priority 0; udp dport 53 drop; tcp dport 53 drop; }
}
NFT
run_check_in "$silent" -H slow.test -p 80 -t 1
expect 2 "^CONN CRITICAL - slow\.test:80 resolving slow\.test did not finish before the timeout \(dns\.failure\)$" "silent resolver is dns.failure"
expect_within 1.2 "silent resolver bounded by -t 1"
finish
