#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The refused and local-port verdicts are the same whether the sockets come from
# NETLINK_SOCK_DIAG or, on a kernel that refuses those sockets (a seccomp filter makes it
# so, see without_sockdiag.py), from /proc/net/tcp and tcp6; and every verdict drawn from
# local evidence is the same in a bulk run (diagnose = true) as in a single check. A
# namespace "host" with a LAN address on a veth, listeners on loopback only, on all
# addresses, on another port, behind its own nftables reset and drop rules, one with a
# full accept queue; and a client namespace with 10 ephemeral ports, connections held and
# in TIME_WAIT.
. "$(dirname "$0")/../../lib.sh"
. "$(dirname "$0")/netns_lib.sh"
. "$(dirname "$0")/rejects_lib.sh"

need_cmd python3
host=$(ns_name h)
peer=$(ns_name p)
make_netns "$host"
make_netns "$peer"
link "$host" 10.218.0.1/24 "$peer" 10.218.0.2/24
ip -n "$host" addr add fd00:218::1/64 dev "cd$$h" nodad
listen_in "$host" 127.0.0.1 8081
listen_in "$host" ::1 8083
listen_in "$host" 0.0.0.0 8443
listen_in "$host" 10.218.0.1 8082
ip netns exec "$peer" sysctl -q -w net.ipv4.ip_local_port_range="40000 40009"
listen_in "$host" 10.218.0.1 5555

without="python3 $top_srcdir/tests/modes/single/without_sockdiag.py"
ip netns exec "$host" $without "$CHECK_CONN" --version >/dev/null 2>&1 \
  || skip "cannot install a seccomp filter here"

# both NS PATTERN DESCRIPTION ARGS...: the check through netlink and through /proc; both
# must match PATTERN on their first line and say the same, but for where the sockets were
# read and the times measured.
both () {
  local ns=$1 pattern=$2 what=$3 netlink fallback saved=$CHECK_CONN_WRAPPER
  shift 3
  run_check_in "$ns" "$@"
  expect 2 "$pattern" "$what (NETLINK_SOCK_DIAG)"
  netlink=$OUT
  CHECK_CONN_WRAPPER="$without $saved"
  run_check_in "$ns" "$@"
  CHECK_CONN_WRAPPER=$saved
  expect 2 "$pattern" "$what (/proc fallback)"
  fallback=$OUT
  if [ "$(normalise <<<"$netlink")" = "$(normalise <<<"$fallback")" ]; then
    pass "$what: same output from both readers"
  else
    fail "$what: the readers differ: netlink: $netlink /proc: $fallback"
  fi
  NETLINK_OUT=$netlink
  FALLBACK_OUT=$fallback
}
normalise () {
  sed -e 's/after [0-9.]* [mu]*s/after T/g' -e 's/time=[^ ]*//g' \
      -e 's|(NETLINK_SOCK_DIAG)|(SOURCE)|' -e 's|(/proc/net/tcp, tcp6)|(SOURCE)|'
}

both "$host" "connection refused: port 8081 listens on 127\.0\.0\.1 only, not on 10\.218\.0\.1 \(refused\.loopback_only\)$" \
  "loopback-only listener" -H 10.218.0.1 -p 8081 -v
both "$host" "connection refused: port 8083 listens on ::1 only, not on fd00:218::1 \(refused\.loopback_only\)$" \
  "IPv6 loopback-only listener" -H fd00:218::1 -p 8083 -v
both "$host" "connection refused: port 8082 listens on 10\.218\.0\.1 only, not on 127\.0\.0\.1 \(refused\.wrong_address\)$" \
  "listener on another address" -H 127.0.0.1 -p 8082 -v
both "$host" "connection refused on port 8080: the service listens on port 8443 \(refused\.wrong_port\)$" \
  "the service on another port" -H 10.218.0.1 -p 8080 --service-port 8443 -v
both "$host" "connection refused: nothing listens on port 8190 \(refused\.not_listening\)$" \
  "nothing listens" -H 10.218.0.1 -p 8190 --service-port 8191 -v
OUT=$NETLINK_OUT
expect_line "^evidence: no socket of this host listens on port 8190 \(NETLINK_SOCK_DIAG\)$" "the live system is read through netlink"
OUT=$FALLBACK_OUT
expect_line "^evidence: no socket of this host listens on port 8190 \(/proc/net/tcp, tcp6\)$" "without netlink, through /proc"

# Ephemeral ports: 7 held and 3 in TIME_WAIT (the client closes first) use all 10.
ip netns exec "$peer" python3 - <<'PY' &
import socket, time
held = [socket.create_connection(("10.218.0.1", 5555), 2) for _ in range(10)]
for s in held[7:]:
    s.close()
time.sleep(300)
PY
at_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do
  [ "$(ip netns exec "$peer" ss -Htan state time-wait dst 10.218.0.1:5555 | wc -l)" -ge 3 ] && break
  sleep 0.05
done
both "$peer" "cannot assign requested address: 10 sockets toward 10\.218\.0\.1:5555 hold the 10 local ports of the ephemeral range \(local\.ephemeral_exhausted\)$" \
  "ephemeral ports exhausted" -H 10.218.0.1 -p 5555 -v
expect_line "^evidence: sockets toward 10\.218\.0\.1:5555: 10 \(TIME_WAIT 3, ESTABLISHED 7\)$" "counts by state"
# In bulk the first endpoint asks the kernel about its destination, the second is answered
# from one count of every connection of the host: the same figures.
printf '[defaults]\ntimeout = 2\ndiagnose = true\n[group a]\nendpoints = 10.218.0.1:5555\n[group b]\nendpoints = 10.218.0.1:5555\n' > "$TEST_TMP/ports.ini"
run_check_in "$peer" --config "$TEST_TMP/ports.ini" --format json
printf '%s\n' "$OUT" > "$TEST_TMP/ports.json"
python3 - "$TEST_TMP/ports.json" <<'PY' && pass "bulk: both endpoints count the same sockets" || fail "bulk port usage: $OUT"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
assert len(results) == 2, results
for r in results:
    assert r["cause"] == "local.ephemeral_exhausted", r
    assert "sockets toward 10.218.0.1:5555: 10 (TIME_WAIT 3, ESTABLISHED 7)" in r["evidence"], r
PY

# Bulk parity: each endpoint checked alone and all of them in one bulk run give the same
# cause, evidence and advice; the bulk run reads the host once for all of them.
need_cmd nft nftables
listen_in "$host" 0.0.0.0 8005
listen_in "$host" 0.0.0.0 8011
listen_in "$host" 0.0.0.0 8450
full_queue_in "$host" 0.0.0.0 8006
ip netns exec "$host" nft -f - <<'NFT'
table inet local {
  chain input {
    type filter hook input priority 0;
    tcp dport 8005 reject with tcp reset
    tcp dport 8011 drop
  }
}
NFT
# host port service-port cause
cases="10.218.0.1 8081 - refused.loopback_only
fd00:218::1 8083 - refused.loopback_only
127.0.0.1 8082 - refused.wrong_address
10.218.0.1 8080 8443 refused.wrong_port
10.218.0.1 8452 - refused.not_listening
10.218.0.1 8005 - refused.local_rule
10.218.0.1 8011 - timeout.filtered
10.218.0.1 8006 - timeout.accept_queue_full"
CONFIG=$TEST_TMP/parity.ini
printf '[defaults]\ntimeout = 1\ndiagnose = true\n[group parity]\n' > "$CONFIG"
mkdir -p "$TEST_TMP/single"
n=0
while read -r address port service cause; do
  n=$((n + 1))
  printf '[endpoint parity/e%s]\nhost = %s\nport = %s\n' "$n" "$address" "$port" >> "$CONFIG"
  extra=()
  if [ "$service" != - ]; then
    printf 'service-port = %s\n' "$service" >> "$CONFIG"
    extra=(--service-port "$service")
  fi
  run_check_in "$host" -H "$address" -p "$port" -t 1 -v "${extra[@]}"
  expect 2 "\($cause\)$" "single check of $address port $port: $cause"
  printf '%s\n' "$OUT" > "$TEST_TMP/single/$address-$port"
done <<< "$cases"
run_check_in "$host" --config "$CONFIG" --format json
[ "$RC" -eq 2 ] && pass "bulk: CRITICAL" || fail "bulk: exit $RC: $OUT"
printf '%s\n' "$OUT" > "$TEST_TMP/bulk.json"
python3 - "$TEST_TMP/bulk.json" "$TEST_TMP/single" <<'PY' && pass "bulk: the single checks' causes, evidence and advice" || fail "bulk differs from the single checks"
import json, os, re, sys
def normal(line):
    return re.sub(r"after [0-9.]+ [mu]?s", "after T", line)
report = json.load(open(sys.argv[1]))
assert len(report["results"]) == 8, report
for r in report["results"]:
    single = open(os.path.join(sys.argv[2], "%s-%s" % (r["host"], r["port"]))).read().splitlines()
    cause = re.search(r"\(([a-z_.]+)\)$", single[0]).group(1)
    evidence = [normal(l[len("evidence: "):]) for l in single if l.startswith("evidence: ")]
    advice = [l[len("advice: "):] for l in single if l.startswith("advice: ")]
    assert r["cause"] == cause, (r["host"], r["port"], r["cause"], cause)
    assert [normal(l) for l in r["evidence"]] == evidence, (r["evidence"], evidence)
    assert [r["advice"]] == advice, (r["advice"], advice)
    print(r["host"], r["port"], r["cause"], "same")
PY
expect_within 2.9 "bulk: both timeouts in one second"
# One snapshot of the host for the whole run: one sock_diag socket, one nft, where each
# diagnosis used to open its own.
if command -v strace >/dev/null; then
  ip netns exec "$host" strace -f -qq -e trace=socket,execve -o "$TEST_TMP/trace" \
    "$CHECK_CONN" --config "$CONFIG" >/dev/null || true
  sockdiag=$(grep -c NETLINK_SOCK_DIAG "$TEST_TMP/trace" || true)
  nft=$(grep -c 'execve("[^"]*/nft"' "$TEST_TMP/trace" || true)
  if [ "$sockdiag" -eq 1 ] && [ "$nft" -eq 1 ]; then
    pass "bulk: 8 diagnoses read the sockets once and the ruleset once"
  else
    fail "bulk: $sockdiag sock_diag sockets and $nft nft runs for 8 diagnoses"
  fi
fi
finish
