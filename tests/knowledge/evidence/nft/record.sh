#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Records host.json, the ruleset test_nft_ruleset reads, from a real nft in a namespace of
# its own (root): bash tests/knowledge/evidence/nft/record.sh > host.json
set -euo pipefail
ns=lt-record-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip netns exec "$ns" nft -f - <<'NFT'
table inet filter {
  set webports { type inet_service; elements = { 42080, 42443 } }
  chain input {
    type filter hook input priority 0; policy accept;
    ct state established,related accept
    iif "lo" tcp dport 42001 accept
    tcp dport 42010 reject with tcp reset
    tcp dport { 42011, 42012-42015 } counter drop
    ip daddr 127.0.0.2 tcp dport 42016 reject
    ip6 daddr ::1 tcp dport 42017 reject with icmpx type admin-prohibited
    tcp dport @webports jump web
    udp dport 42018 drop
    tcp dport != 42019 ip saddr 10.0.0.0/8 drop
  }
  chain web {
    tcp dport 42080 reject with tcp reset
  }
}
table ip strict {
  chain input {
    type filter hook input priority 10; policy drop;
    tcp dport { 42001, 42010-42099 } accept
  }
}
NFT
ip netns exec "$ns" nft -j list ruleset
