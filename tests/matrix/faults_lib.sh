# SPDX-License-Identifier: GPL-3.0-or-later
# The faults of the verdict matrix (tests/matrix/verdicts.tsv), one setup function each
# group of rows names. Source after tests/lib.sh, netns_lib.sh, rejects_lib.sh and
# servers.sh. Each setup runs once however many rows name it (setup_once).
#
#   client mxc0 10.230.0.1 fd30::1 ── mxs0 10.230.0.2 fd30::2 server (listens on 43080)
#          default route via the server, which does not forward
#   client mxc1 10.230.3.1 ── mxs1 (down, in the server) : a link without carrier
#   server mxs2 10.230.5.1 (set down) ── mxc2 10.230.5.2  : the server's interface down
#          (the server has no default route to take over)
#   client mxc3 10.230.7.1 ── 10.230.7.2 router 10.230.8.1 ── 10.230.8.2 far host
#   e1 10.230.4.1 ── 10.230.4.2 server, e2 10.230.6.1 ── 10.230.6.2 server: 10 local ports
#   host (no namespace): nginx, sshd, redis and a silent listener on 127.0.0.1:43060-43082
#
# Rows run "from" a role: host, c (client), s (server), e1, e2; role_ns maps it.

MX_EPHEMERAL_RANGE="43000 43009"

# role_ns ROLE: the namespace a row runs in ("" for the host's own).
role_ns () {
  case $1 in
    host) echo "" ;;
    *) echo "mx$$$1" ;;
  esac
}

# setup_once FUNCTION: runs a setup function the first time a row names it.
setup_once () {
  case " ${MX_DONE:-} " in *" $1 "*) return 0 ;; esac
  MX_DONE="${MX_DONE:-} $1"
  "$1"
  echo "note: $1 done after ${SECONDS}s"
}

base_topology () {
  need_cmd nft nftables
  local role
  for role in c s; do make_netns "$(role_ns $role)"; done
  client=$(role_ns c)
  server=$(role_ns s)
  veth "$client" mxc0 10.230.0.1/24 "$server" mxs0 10.230.0.2/24
  ip -n "$client" addr add fd30::1/64 dev mxc0 nodad
  ip -n "$server" addr add fd30::2/64 dev mxs0 nodad
  ip -n "$client" route add default via 10.230.0.2
  ip -n "$client" -6 route add default via fd30::2
  listen_in "$server" 0.0.0.0 43080
}

# Listeners behind reject rules of every kind nftables offers, over IPv4 and IPv6; one
# port dropped. The other ports of the server refuse, so --diagnose sees a live host.
server_firewall () {
  setup_once base_topology
  listen_in "$server" :: 43001 43002 43003 43004 43005 43006 43007
  ip netns exec "$server" nft -f - <<'NFT'
table inet mxfaults {
  chain input {
    type filter hook input priority 0;
    tcp dport 43000 drop
    meta nfproto ipv4 tcp dport 43001 reject with icmp type port-unreachable
    meta nfproto ipv4 tcp dport 43002 reject with icmp type admin-prohibited
    meta nfproto ipv4 tcp dport 43003 reject with icmp type host-prohibited
    meta nfproto ipv4 tcp dport 43004 reject with icmp type net-prohibited
    meta nfproto ipv4 tcp dport 43005 reject with icmp type host-unreachable
    meta nfproto ipv4 tcp dport 43006 reject with icmp type net-unreachable
    meta nfproto ipv6 tcp dport 43001 reject with icmpv6 type port-unreachable
    meta nfproto ipv6 tcp dport 43002 reject with icmpv6 type admin-prohibited
    meta nfproto ipv6 tcp dport 43003 reject with icmpv6 type policy-fail
    meta nfproto ipv6 tcp dport 43004 reject with icmpv6 type reject-route
    meta nfproto ipv6 tcp dport 43005 reject with icmpv6 type addr-unreachable
    meta nfproto ipv6 tcp dport 43006 reject with icmpv6 type no-route
    tcp dport 43007 reject with tcp reset
  }
}
NFT
}

# A router between the client and a far host rejects one port in its forward chain.
router_reject () {
  setup_once base_topology
  local router far
  router=$(role_ns r)
  far=$(role_ns f)
  make_netns "$router"
  make_netns "$far"
  veth "$client" mxc3 10.230.7.1/24 "$router" mxr0 10.230.7.2/24
  veth "$router" mxr1 10.230.8.1/24 "$far" mxf0 10.230.8.2/24
  ip -n "$client" route add 10.230.8.0/24 via 10.230.7.2
  ip -n "$far" route add default via 10.230.8.1
  ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1
  listen_in "$far" 0.0.0.0 43002
  ip netns exec "$router" nft -f - <<'NFT'
table ip mxrouter {
  chain forward {
    type filter hook forward priority 0;
    tcp dport 43002 reject with icmp type admin-prohibited
  }
}
NFT
}

# Discarding routes of the client's own table, IPv4 and IPv6, and a route through a
# gateway that does not exist.
client_routes () {
  setup_once base_topology
  local kind net=0
  for kind in blackhole unreachable prohibit; do
    ip -n "$client" route add "$kind" "10.9.$net.0/24"
    ip -n "$client" -6 route add "$kind" "fd99:$net::/64"
    net=$((net + 1))
  done
  ip -n "$client" route add 198.51.101.0/24 via 10.230.0.9
}

# A link whose far end is down (no carrier), and an interface set down.
link_faults () {
  setup_once base_topology
  veth "$client" mxc1 10.230.3.1/24 "$server" mxs1 10.230.3.2/24
  ip -n "$server" link set mxs1 down
  veth "$server" mxs2 10.230.5.1/24 "$client" mxc2 10.230.5.2/24
  ip -n "$server" link set mxs2 down
}

# Services of the client host itself: loopback only, one address only, another port, a
# listener behind a local "reject with tcp reset", one whose accept queue is full.
local_listeners () {
  setup_once base_topology
  listen_in "$client" 127.0.0.1 43081
  listen_in "$client" 10.230.0.1 43082
  listen_in "$client" 0.0.0.0 43443 43085
  full_queue_in "$client" 0.0.0.0 43086
  ip netns exec "$client" nft -f - <<'NFT'
table inet mxlocal {
  chain input {
    type filter hook input priority 0;
    tcp dport 43085 reject with tcp reset
  }
}
NFT
}

# dnsmasq in the client namespace answers from a hosts file; every other name under
# .test does not exist. multi.mx.test has a listener on one of its two addresses. The
# server's resolver is silent.
dns_names () {
  setup_once base_topology
  listen_in "$client" 127.0.0.1 43070
  echo "10.230.0.0/30" > "$TEST_TMP/cdn.txt"
  need_cmd dnsmasq dnsmasq-base
  mkdir -p "/etc/netns/$client"
  at_exit "rm -rf /etc/netns/$client"
  echo "nameserver 127.0.0.1" > "/etc/netns/$client/resolv.conf"
  cat > "$TEST_TMP/names" <<'HOSTS'
127.0.0.1 multi.mx.test
127.0.0.2 multi.mx.test
10.230.0.2 moved.mx.test cdn.mx.test
fd30::2 v6only.mx.test
HOSTS
  # The server's resolver never answers: its queries are dropped.
  mkdir -p "/etc/netns/$server"
  at_exit "rm -rf /etc/netns/$server"
  echo "nameserver 127.0.0.1" > "/etc/netns/$server/resolv.conf"
  ip netns exec "$server" nft -f - <<'NFT'
table inet mxdns {
  chain input { type filter hook input priority 0; udp dport 53 drop; tcp dport 53 drop; }
}
NFT
  ip netns exec "$client" dnsmasq --keep-in-foreground --no-resolv --no-hosts \
    --addn-hosts="$TEST_TMP/names" --bind-interfaces --listen-address=127.0.0.1 --port=53 \
    --local=/test/ --user=root --log-facility=- --pid-file="$TEST_TMP/dnsmasq.pid" \
    2>"$TEST_TMP/dnsmasq.log" &
  at_exit "kill $! 2>/dev/null"
  for _ in $(seq 50); do
    ip netns exec "$client" python3 -c "import socket; socket.getaddrinfo('multi.mx.test', 1)" \
      2>/dev/null && return 0
    sleep 0.1
  done
  skip "dnsmasq did not answer: $(cat "$TEST_TMP/dnsmasq.log")"
}

# hold_in NS ADDRESS COUNT: COUNT connections from NS to ADDRESS:43555, held open.
hold_in () {
  ip netns exec "$1" python3 - "$2" "$3" <<'PY' &
import socket, sys, time
held = [socket.create_connection((sys.argv[1], 43555), 2) for _ in range(int(sys.argv[2]))]
time.sleep(300)
PY
  at_exit "kill $! 2>/dev/null"
  local _
  for _ in $(seq 100); do
    [ "$(ip netns exec "$1" ss -Htn state established dst "$2:43555" | wc -l)" -ge "$3" ] && return 0
    sleep 0.05
  done
  fail "$1 never held $3 connections to $2:43555"
}

# Two clients with 10 local ports each: e1 holds all 10 toward its server, e2 holds 9.
ephemeral_ports () {
  setup_once base_topology
  local role net
  for role in e1 e2; do
    net=$([ "$role" = e1 ] && echo 4 || echo 6)
    make_netns "$(role_ns $role)"
    veth "$(role_ns $role)" "mx${role}" "10.230.$net.1/24" "$server" "mxs$role" "10.230.$net.2/24"
    ip netns exec "$(role_ns $role)" sysctl -q -w net.ipv4.ip_local_port_range="$MX_EPHEMERAL_RANGE"
    ip netns exec "$(role_ns $role)" sysctl -q -w net.ipv4.tcp_tw_reuse=0
    listen_in "$server" "10.230.$net.2" 43555
  done
  hold_in "$(role_ns e1)" 10.230.4.2 10
  hold_in "$(role_ns e2)" 10.230.6.2 9
}

# Real servers from Debian on this host's loopback (servers.sh): nginx (HTTP 43080,
# HTTP/2 43081, TLS 43082), sshd 43022, redis 43079, and a listener that never speaks.
real_servers () {
  need_root "servers run with throwaway configurations as root"
  local cmd
  for cmd in nginx /usr/sbin/sshd ssh-keygen redis-server openssl setsid; do need_cmd "$cmd"; done
  on_fixed_ports start_nginx 43080 43081 43082
  on_fixed_ports start_sshd 43022
  on_fixed_ports start_redis 43079
  on_fixed_ports listen 127.0.0.1 43060
}

# on_fixed_ports FUNCTION ARGS...: starts a server on this host's loopback, up to three
# times: a client's ephemeral port can hold one of the matrix's ports for a moment.
on_fixed_ports () {
  local try
  for try in 1 2 3; do
    if "$@"; then return 0; fi
    sleep 1
  done
  echo "FAIL: $1 could not start on its ports after $try tries: ${WHY:-}"
  exit 1
}
