#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Name-level causes, with names from a hosts file private to a test namespace (ip netns
# exec mounts /etc/netns/NS/hosts over /etc/hosts; resolv.conf points at the namespace's
# own loopback, so no query can leave): dns.mismatch, dns.front_proxy, client.proxy, and
# a name with a working and a failing address (addresses.partial).
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"

host=$(ns_name h)
peer=$(ns_name p)
make_netns "$host"
make_netns "$peer"
link "$host" 10.218.0.1/24 "$peer" 10.218.0.2/24
mkdir -p "/etc/netns/$host"
at_exit "rm -rf /etc/netns/$host"
cat > "/etc/netns/$host/hosts" <<'HOSTS'
127.0.0.1 localhost
127.0.0.1 good.ccdiag.test
10.218.0.2 moved.ccdiag.test
10.218.0.2 cdn.ccdiag.test
127.0.0.1 multi.ccdiag.test
127.0.0.2 multi.ccdiag.test
127.0.0.2 twice.ccdiag.test
127.0.0.1 twice.ccdiag.test
127.0.0.2 twice.ccdiag.test
127.0.0.1 twice.ccdiag.test
HOSTS
echo "nameserver 127.0.0.1" > "/etc/netns/$host/resolv.conf"
printf '# CDN ranges\n192.0.2.0/24\n\n10.218.0.0/30  # the test CDN\n' > "$TEST_TMP/cdn.txt"
listen_in "$host" 127.0.0.1 7001
listen_in "$peer" 10.218.0.2 7001

run_check_in "$host" -H good.ccdiag.test -p 7001 --expect-address 127.0.0.1,::1
expect 0 "^CONN OK - good\.ccdiag\.test \(127\.0\.0\.1:7001\) connected" "name resolving to the expected address"

run_check_in "$host" -H moved.ccdiag.test -p 7001 --expect-address 127.0.0.0/8 -v
expect 2 "^CONN CRITICAL - moved\.ccdiag\.test \(10\.218\.0\.2:7001\) moved\.ccdiag\.test resolves to 10\.218\.0\.2, not to the expected 127\.0\.0\.0/8 \(dns\.mismatch\)" "name resolving elsewhere is dns.mismatch, even though it connects"
show

run_check_in "$host" -H cdn.ccdiag.test -p 7001 --front-proxy-cidrs "$TEST_TMP/cdn.txt" -v
expect 1 "^CONN WARNING - cdn\.ccdiag\.test \(10\.218\.0\.2:7001\) cdn\.ccdiag\.test goes to a CDN or proxy \(10\.218\.0\.2 is in 10\.218\.0\.0/30\), not straight to the server \(dns\.front_proxy\)" "name resolving into a front-proxy range is dns.front_proxy"
show

run_check_in "$host" -H cdn.ccdiag.test -p 7002 --front-proxy-cidrs "$TEST_TMP/cdn.txt" --expect-address 127.0.0.1 -v
expect 2 "\(dns\.front_proxy\)$" "unexpected address explained by the CDN, connection refused: CRITICAL"

run_check_in "$host" -H multi.ccdiag.test -p 7001 -v
expect 1 "^CONN WARNING - multi\.ccdiag\.test \(127\.0\.0\.2:7001\) 1 of 2 addresses failing: 127\.0\.0\.2:7001 connection refused: nothing listens on port 7001 \(refused\.not_listening\) \(addresses\.partial\) \| time=[0-9.]+s;;;0 'time 127\.0\.0\.1'=[0-9.]+s;;;0$" "one address of two failing is addresses.partial, perfdata per address"
expect_line "^evidence: 127\.0\.0\.1:7001: connected in .* \(ok\)$" "verdict for the working address"
expect_line "^evidence: 127\.0\.0\.2:7001: connection refused: nothing listens on port 7001 \(refused\.not_listening\)$" "verdict for the failing address"
show

export http_proxy=http://user:secret@proxy.invalid:3128 HTTPS_PROXY=http://proxy.invalid:3128
run_check_in "$host" -H good.ccdiag.test -p 7001 --diagnose -v
expect 1 "^CONN WARNING - good\.ccdiag\.test \(127\.0\.0\.1:7001\) connected directly, but proxy variables are set \(HTTPS_PROXY, http_proxy\): clients using them go through a proxy, not straight here \(client\.proxy\)" "proxy variables set is client.proxy"
if printf '%s\n' "$OUT" | grep -q secret; then fail "a proxy password reached the output"; else pass "proxy values (passwords) never printed"; fi
show
run_check_in "$host" -H good.ccdiag.test -p 7001
expect 0 "^CONN OK - " "without --diagnose a working check ignores proxy variables"
run_check_in "$host" -H good.ccdiag.test -p 7009 -v
expect 2 "\(refused\.not_listening\)$" "a failing check keeps its own cause"
expect_line "^evidence: proxy variables set: HTTPS_PROXY, http_proxy; check_conn ignores them and connects directly" "and names the proxy variables as evidence"
unset http_proxy HTTPS_PROXY

# Each address listed twice in the hosts file is still one address: tried once, one
# perfdata label, in the resolver's order.
run_check_in "$host" -H twice.ccdiag.test -p 7001 -v
expect 1 "^CONN WARNING - twice\.ccdiag\.test \(127\.0\.0\.2:7001\) 1 of 2 addresses failing: 127\.0\.0\.2:7001 connection refused: nothing listens on port 7001 \(refused\.not_listening\) \(addresses\.partial\) \| time=[0-9.]+s;;;0 'time 127\.0\.0\.1'=[0-9.]+s;;;0$" \
  "a name listed twice in the hosts file: each address once"
finish
