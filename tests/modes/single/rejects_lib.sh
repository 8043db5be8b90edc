# SPDX-License-Identifier: GPL-3.0-or-later
# Firewall rejects in front of running services, shared by rejects.sh and the guard table
# tests/hostile/rejects_cases.sh; source after tests/lib.sh and netns_lib.sh.
#
#   client 10.219.0.1 fd19::1 ── server 10.219.0.2 fd19::2   (listeners behind reject rules)
#   client 10.219.1.1 ── router 10.219.1.2 | 10.219.2.1 ── far 10.219.2.2  (router rejects)
#
# On the client itself: a 0.0.0.0 listener behind a local "reject with tcp reset" (8005), a
# dual-stack :: one behind the same (8009), one behind a local "drop" (8011), one behind a
# reset rule whose interface set holds a forged status line (8012),
# and one with listen(1) that never accepts, its queue filled by three connections (8006).

# veth NS_A IF_A ADDR_A NS_B IF_B ADDR_B: a veth pair with explicit interface names.
veth () {
  ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
}

# full_queue_in NS HOST PORT: a listener with backlog 1 that never accepts, and three
# connections that fill its accept queue (the third waits in SYN_SENT).
full_queue_in () {
  ip netns exec "$1" python3 - "$2" "$3" <<'PY' &
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, port)); s.listen(1)
held = []
for _ in range(3):
    c = socket.socket(); c.setblocking(False)
    c.connect_ex((host, port)); held.append(c)
time.sleep(300)
PY
  at_exit "kill $! 2>/dev/null"
  ip netns exec "$1" python3 - "$3" <<'PY'
import subprocess, sys, time
for _ in range(200):
    out = subprocess.run(["ss", "-Htln", "sport = :" + sys.argv[1]], capture_output=True,
                         text=True).stdout.split()
    if len(out) > 1 and out[1] == "2":
        sys.exit(0)
    time.sleep(0.05)
sys.exit("the accept queue of port %s did not fill" % sys.argv[1])
PY
}

rejects_setup () {
  need_cmd nft nftables
  client=$(ns_name c)
  server=$(ns_name s)
  router=$(ns_name r)
  far=$(ns_name f)
  for ns in "$client" "$server" "$router" "$far"; do make_netns "$ns"; done
  veth "$client" "rj$$c" 10.219.0.1/24 "$server" "rj$$s" 10.219.0.2/24
  ip -n "$client" addr add fd19::1/64 dev "rj$$c" nodad
  ip -n "$server" addr add fd19::2/64 dev "rj$$s" nodad
  veth "$client" "rj$$cr" 10.219.1.1/24 "$router" "rj$$rc" 10.219.1.2/24
  veth "$router" "rj$$rf" 10.219.2.1/24 "$far" "rj$$fr" 10.219.2.2/24
  ip -n "$client" route add 10.219.2.0/24 via 10.219.1.2
  ip -n "$far" route add default via 10.219.2.1
  ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1
  for port in 8001 8002 8003 8004 8007; do listen_in "$server" 0.0.0.0 "$port"; done
  for port in 8101 8102 8103; do listen_in "$server" :: "$port"; done
  listen_in "$far" 0.0.0.0 8002
  listen_in "$client" 0.0.0.0 8005
  listen_in "$client" :: 8009
  listen_in "$client" 0.0.0.0 8011
  listen_in "$client" 0.0.0.0 8012
  full_queue_in "$client" 0.0.0.0 8006
  ip netns exec "$server" nft -f - <<'NFT'
table inet rejects {
  chain input {
    type filter hook input priority 0;
    meta nfproto ipv4 tcp dport 8001 reject with icmp type port-unreachable
    meta nfproto ipv4 tcp dport 8002 reject with icmp type admin-prohibited
    meta nfproto ipv4 tcp dport 8003 reject with icmp type host-prohibited
    tcp dport 8004 reject with icmpx type admin-prohibited
    meta nfproto ipv4 tcp dport 8007 reject with icmp type net-prohibited
    tcp dport 8008 drop
    meta nfproto ipv4 tcp dport 1 reject with icmp type port-unreachable
    meta nfproto ipv6 tcp dport 8101 reject with icmpv6 type admin-prohibited
    meta nfproto ipv6 tcp dport 8102 reject with icmpv6 type port-unreachable
    tcp dport 8103 reject with icmpx type admin-prohibited
  }
}
NFT
  ip netns exec "$router" nft -f - <<'NFT'
table ip rejects {
  chain forward {
    type filter hook forward priority 0;
    tcp dport 8002 reject with icmp type admin-prohibited
  }
}
NFT
  ip netns exec "$client" nft -f - <<'NFT'
table inet rejects {
  chain input {
    type filter hook input priority 0;
    tcp dport 8005 reject with tcp reset
    tcp dport 8009 reject with tcp reset
    tcp dport 8011 counter drop
    iifname { "lo", "x|CONN OK - x" } tcp dport 8012 reject with tcp reset
  }
}
NFT
}
