#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for the engine: a check ends by its -t deadline whatever
# this host's limits, and says so when the limits kept it from trying everything.
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
need_cmd nft nftables
need_cmd bc

# A name with 70 addresses, all silent: the server namespace holds them and drops SYNs to
# port 9999. ip netns exec mounts /etc/netns/NS/{hosts,host.conf} over /etc; with
# "multi on" glibc returns every line of the hosts file for the name.
CLIENT=ccguard-$$-c
SERVER=ccguard-$$-s
make_netns "$CLIENT"
make_netns "$SERVER"
ip link add cge$$c netns "$CLIENT" type veth peer name cge$$s netns "$SERVER" \
  || skip "cannot create veth pairs here"
ip -n "$CLIENT" addr add 10.205.1.200/24 dev cge$$c
for i in $(seq 1 70); do ip -n "$SERVER" addr add "10.205.1.$i/24" dev cge$$s; done
ip -n "$CLIENT" link set cge$$c up
ip -n "$SERVER" link set cge$$s up
ip netns exec "$SERVER" nft -f - <<'NFT'
table inet ccguard {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 9999 drop
  }
}
NFT
mkdir -p "/etc/netns/$CLIENT"
at_exit "rm -rf /etc/netns/$CLIENT"
for i in $(seq 1 70); do echo "10.205.1.$i many.test"; done > "/etc/netns/$CLIENT/hosts"
echo "multi on" > "/etc/netns/$CLIENT/host.conf"
[ "$(ip netns exec "$CLIENT" getent ahostsv4 many.test | awk '$2 == "STREAM"' | wc -l)" -eq 70 ] \
  || skip "the resolver does not return 70 addresses for many.test"
printf '[group many]\nendpoints = many.test:9999\n' > "$TEST_TMP/many.ini"

# More silent addresses than descriptors: the check ends by -t and names the count.
GUARD_NETNS=$CLIENT GUARD_NOFILE=64 \
GUARD_PATTERN='^CONN UNKNOWN - many\.test .* [0-9]+ of 70 addresses tried before the deadline.*\(local\.resources\)$' \
  guard 3 "single: 70 silent addresses, ulimit -n 64, -t 2" -H many.test -p 9999 -t 2
GUARD_NETNS=$CLIENT GUARD_NOFILE=64 \
GUARD_PATTERN='^CONN UNKNOWN - many: 0 of 1 endpoint OK, 1 not checked; this host could not check 1 of 1 endpoints \(1 local\.resources\)' \
  guard 3 "bulk: 70 silent addresses, ulimit -n 64, -t 2" --config "$TEST_TMP/many.ini" -t 2
if grep -Eq '^this host: could not check 1 of 1 endpoints; first, many many\.test:9999: [0-9]+ of 70 addresses tried before the deadline' "$TEST_TMP/guard.out"; then
  pass "bulk: the count of addresses tried, as this host's condition"
else
  fail "bulk: no line gives the count of addresses tried: $(cat "$TEST_TMP/guard.out")"
fi
# diagnose = true in bulk: the engine's side probes, begun while the connects are silent,
# tell the eight dropped ports timeout.filtered, and every endpoint ends by -t (probes
# made in the loop's callback took up to 1 s each, one after another, and held up every
# other endpoint meanwhile).
printf '[group silent]\ndiagnose = true\nendpoints = ' > "$TEST_TMP/silent.ini"
for i in $(seq 1 8); do printf '10.205.1.%s:9999 ' "$i"; done >> "$TEST_TMP/silent.ini"
echo >> "$TEST_TMP/silent.ini"
GUARD_NETNS=$CLIENT \
GUARD_PATTERN='^CONN CRITICAL - silent: 8 of 8 endpoints failing \(8 timeout\.filtered\)' \
  guard 2 "bulk, diagnose = true: eight silent endpoints end by -t" --config "$TEST_TMP/silent.ini" -t 1

finish
