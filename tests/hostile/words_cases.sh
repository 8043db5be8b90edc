#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for the wrong words and the --timeout-result flip (issue
# "bounded whatever comes in"): each case runs for real, in two namespaces this test makes
# (a client with its own /etc/hosts and a dnsmasq, a server whose firewall drops one
# port), and must end by -t + 0.2 s with one well-formed status line naming its cause.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
. "$top_srcdir/tests/modes/single/netns_lib.sh"

need_cmd nft nftables
need_cmd dnsmasq dnsmasq-base
client=$(ns_name c)
server=$(ns_name s)
make_netns "$client"
make_netns "$server"
link "$client" 10.219.0.1/24 "$server" 10.219.0.2/24
ip -n "$client" addr add fd00:219::1/64 dev "cd$$c" nodad
ip netns exec "$server" nft -f - <<'NFT'
table inet ccwords {
  chain input {
    type filter hook input priority 0;
    tcp dport 4711 drop
  }
}
NFT

# The client's names: a hosts file listing one name twice over, and a DNS server of its
# own for a name with an IPv6 address only. No query leaves the namespace.
mkdir -p "/etc/netns/$client"
at_exit "rm -rf /etc/netns/$client"
cat > "/etc/netns/$client/hosts" <<'HOSTS'
127.0.0.1 localhost
127.0.0.2 twice.ccwords.test
127.0.0.1 twice.ccwords.test
127.0.0.2 twice.ccwords.test
127.0.0.1 twice.ccwords.test
HOSTS
echo "nameserver 127.0.0.1" > "/etc/netns/$client/resolv.conf"
ip netns exec "$client" dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces \
  --listen-address=127.0.0.1 --port=53 --local=/test/ \
  --address=/v6only.ccwords.test/fd00:219::5 --pid-file="$TEST_TMP/dnsmasq.pid" &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do
  ip netns exec "$client" python3 -c "import socket; socket.getaddrinfo('v6only.ccwords.test', 1)" \
    2>/dev/null && break
  sleep 0.1
done

listen_in "$client" 127.0.0.1 7001
listen_in "$client" ::1 8083
# A server whose first line is blank, then an HTML document (HTTP/0.9 style).
ip netns exec "$client" timeout 120 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 8090)); s.listen(8)
while True:
    c = s.accept()[0]
    try:
        c.recv(4096); c.sendall(b"\r\n<html>\x1b[2Jx</html>")
    except OSError:
        pass
    c.close()
' &
at_exit "kill $! 2>/dev/null"
ip netns exec "$client" bash -c "$(declare -f wait_port); wait_port 127.0.0.1 8090"

GUARD_NETNS=$client

# --timeout-result applies only when the deadline ended the check.
GUARD_PATTERN='^CONN CRITICAL - 10\.219\.0\.2:4712 connection refused.*\(refused\.[a-z_]+\)$'
guard 2 "a refusal stays CRITICAL after --diagnose's side probe of a dropped port used up -t" \
  -H 10.219.0.2 -p 4712 -t 1 --diagnose --service-port 4711 --timeout-result ok
GUARD_PATTERN='^CONN CRITICAL - 127\.0\.0\.1:7009 connection refused.*\(refused\.not_listening\)$'
guard 2 "a refusal stays CRITICAL under -t 0.0003 --timeout-result ok" \
  -H 127.0.0.1 -p 7009 -t 0.0003 --timeout-result ok
GUARD_PATTERN='^CONN OK - 10\.219\.0\.2:4711 connection timed out.*\(timeout\.[a-z_]+\)$'
guard 0 "a connect the deadline ended still takes --timeout-result" \
  -H 10.219.0.2 -p 4711 -t 0.5 --timeout-result ok

# Wrong words.
GUARD_PATTERN='^CONN CRITICAL - \[fd00:219::1\]:8083 connection refused: port 8083 listens on ::1 only, not on fd00:219::1 \(refused\.loopback_only\)$'
guard 2 "IPv6 loopback-only listener (the advice's brackets: tests/modes/single/refused.sh)" \
  -H fd00:219::1 -p 8083 -t 2
GUARD_PATTERN='^CONN UNKNOWN - 127\.0\.0\.1:8093 cannot bind to source address 10\.219\.0\.77: .*\(local\.bad_source\)$'
guard 3 "a --source not on this host (its bind evidence: tests/modes/single/local_ports.sh)" \
  -H 127.0.0.1 -p 8093 -t 2 --source 10.219.0.77
GUARD_PATTERN='^CONN CRITICAL - 127\.0\.0\.1:8090 not an HTTP server: it answered a document without an HTTP status line \(HTTP/0\.9 style\): "\\x0d\\x0a<html>\\x1b\[2Jx</html>" \(protocol\.mismatch\) \|'
guard 2 "a reply whose first line is blank is quoted from its first byte, escaped" \
  -H 127.0.0.1 -p 8090 -t 2 --protocol websocket
GUARD_PATTERN="^CONN WARNING - twice\.ccwords\.test \(127\.0\.0\.2:7001\) 1 of 2 addresses failing: .*\(addresses\.partial\) \| time=[0-9.]+s;;;0 'time 127\.0\.0\.1'=[0-9.]+s;;;0$"
guard 1 "a name listed twice in /etc/hosts: each address tried and labelled once" \
  -H twice.ccwords.test -p 7001 -t 2
GUARD_PATTERN='^CONN CRITICAL - v6only\.ccwords\.test:7001 name v6only\.ccwords\.test has no IPv4 address \(no A record\), only IPv6: fd00:219::5 \(dns\.no_address_family\)$'
guard 2 "-4 on a name with an AAAA record only is dns.no_address_family, not dns.nxdomain" \
  -4 -H v6only.ccwords.test -p 7001 -t 2

# Hostile HTTP answers (a CDN-like origin on loopback, tests/modes/front_lib.sh): a status
# line and headers with control bytes and a 100 kB Via line, a 70 kB body of control
# bytes. The proxy's name and the body's verdict stay escaped, capped and on one line.
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/front_lib.sh"
GUARD_NETNS=
start_on 1 start_cdn || skip "$WHY"
CDN=$PORTS
HOSTILE_502='nginx \(Server: nginx\\x01\\x7cevil\\x1b\[2J\) answered HTTP 502 Bad\\x1b\[31m Gateway\\x7c\\x00: the proxy is up, but its upstream refused or broke the connection \(proxy\.upstream_refused\) \|'
GUARD_PATTERN="^CONN CRITICAL - 127\.0\.0\.1:$CDN $HOSTILE_502"
guard 2 "a 502 with control bytes in its status line and Server header, a 100 kB Via" \
  -H 127.0.0.1 -p "$CDN" -t 2 --protocol http --path /hostile -vv
GUARD_PATTERN="^CONN CRITICAL - 127\.0\.0\.1:$CDN WebSocket handshake failed: $HOSTILE_502"
guard 2 "the same 502 to a WebSocket upgrade" -H 127.0.0.1 -p "$CDN" -t 2 --protocol ws \
  --path /hostile
GUARD_PATTERN="^CONN CRITICAL - 127\.0\.0\.1:$CDN the server answered HTTP 200 OK for /body-hostile, but the body \([0-9]+ bytes read, the most we read\) does not contain \"\\\\x1b\\\\x7c\" \(http\.body_mismatch\) \|"
guard 2 "a 70 kB body of control bytes, read up to the cap" -H 127.0.0.1 -p "$CDN" -t 2 \
  --protocol http --path /body-hostile --expect-body $'\x1b|'
GUARD_PATTERN="^CONN CRITICAL - 127\.0\.0\.1:$CDN an HTTP server, but its status line is malformed \(no space after the status code\): \"HTTP/1\.1 200\\\\x01OK\" \(http\.malformed\) \|"
guard 2 "a control byte for the space after the status code" -H 127.0.0.1 -p "$CDN" -t 2 \
  --protocol http --path /malformed -vv
GUARD_PATTERN="^CONN OK - 127\.0\.0\.1:$CDN speaks http"
guard 0 "a regex over a body of control bytes and invalid UTF-8" -H 127.0.0.1 -p "$CDN" -t 2 \
  --protocol http --path /body-hostile --expect-regex '^<html>\x00\x1b\[31m\|\xff+'
GUARD_PATTERN="^CONN CRITICAL - 127\.0\.0\.1:$CDN expected \"nope\", the server sent \"HTTP/1\.1 502 Bad\\\\x1b\[31m Gateway\\\\x7c\\\\x00\\\\x0d\\\\x0aServer: nginx\\\\x01\\\\x7c\"\.\.\. \(16384 bytes\) \(expect\.mismatch\) \|"
guard 2 "--send/--expect on a hostile answer" -H 127.0.0.1 -p "$CDN" -t 2 \
  --send 'GET /hostile HTTP/1.0\r\n\r\n' --expect nope
finish
