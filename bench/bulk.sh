#!/bin/bash
# Bulk engine benchmark, all figures from one run on this machine:
#   1. 10,000 loopback endpoints (half open, half closed): check_conn --config vs
#      nmap -sT -Pn -n over the same ports (goal: wall time <= nmap's), and peak RSS
#      (goal <= 64 MiB, /usr/bin/time -v);
#   2. 20,000 endpoints: time relative to 10,000 (goal <= 2.2x);
#   3. 1,000 endpoints dropped by nftables in a namespace, -t 1 (goal <= 1.5 s; root);
#   4. 1,000 endpoints: a shell loop of check_tcp vs one check_conn --config (ratio).
# Usage: bench/bulk.sh [RUNS] (default 15), as root for part 3; from a built tree or with
# CHECK_CONN set. Needs hyperfine, nmap, time, python3, monitoring-plugins-basic.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
check_conn=${CHECK_CONN:-$top/check_conn/check_conn}
check_tcp=/usr/lib/nagios/plugins/check_tcp
[ -x "$check_conn" ] || { echo "build check_conn first (or set CHECK_CONN)"; exit 1; }
for tool in hyperfine nmap python3 /usr/bin/time "$check_tcp"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see .ci/packages.d/bulk.txt)"; exit 1; }
done

work=$(mktemp -d /tmp/cc-bench-bulk.XXXXXX)
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "${ns:-}" ] || { ip netns del "$ns-c" 2>/dev/null; ip netns del "$ns-s" 2>/dev/null; } || true
  rm -rf "$work"
}
trap cleanup EXIT

# listen N_OPEN N_CLOSED DIR [NAMESPACE HOST]: ports through the tests' helper.
listen () {
  local prefix=() host=127.0.0.1 extra=()
  mkdir -p "$3"
  if [ -n "${4:-}" ]; then prefix=(ip netns exec "$4"); host=$5; extra=(--first 21000); fi
  mkfifo "$3/hold"
  "${prefix[@]}" python3 "$top/tests/bulk/listeners.py" "$host" "$1" "$2" "$3" "${extra[@]}" \
    < "$3/hold" &
  pids+=($!)
  exec {hold}>"$3/hold"
  for _ in $(seq 400); do [ -e "$3/ready" ] && return; sleep 0.05; done
  echo "listeners did not start"; exit 1
}

# config FILE GROUP PORTFILE...: one group listing 127.0.0.1:PORT for every port.
config () {
  local file=$1 group=$2
  shift 2
  { echo "[group $group]"; printf 'endpoints = '; cat "$@" | sed 's/^/127.0.0.1:/' | paste -sd, -; } > "$file"
}

median () { python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$@"; }
ratio () { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
verdict () { python3 -c "import sys; print('met' if float(sys.argv[1]) <= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }

echo "== machine: $(nproc) CPUs, $(uname -r), check_conn $("$check_conn" -V | cut -d' ' -f2)"
# Two helpers: 20,000 sockets in one process may exceed the descriptor limit.
listen 10000 0 "$work/open"
listen 0 10000 "$work/closed"
head -n 5000 "$work/open/open.txt" > "$work/open10k"
head -n 5000 "$work/closed/closed.txt" > "$work/closed10k"
config "$work/c10k.ini" bench10k "$work/open10k" "$work/closed10k"
config "$work/c20k.ini" bench20k "$work/open/open.txt" "$work/closed/closed.txt"
ports10k=$(cat "$work/open10k" "$work/closed10k" | paste -sd, -)
{ "$check_conn" --config "$work/c10k.ini" || true; } | head -n 1 | cut -c1-120

echo "== 1+2. 10,000 and 20,000 loopback endpoints, median of $runs runs (hyperfine)"
hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/h.json" \
  "$check_conn --config $work/c10k.ini" \
  "nmap -sT -Pn -n -p $ports10k 127.0.0.1" \
  "$check_conn --config $work/c20k.ini" >/dev/null
t10=$(median "$work/h.json" 0); tn=$(median "$work/h.json" 1); t20=$(median "$work/h.json" 2)
echo "check_conn 10k: ${t10} s   nmap -sT 10k: ${tn} s   ratio check_conn/nmap: $(ratio "$t10" "$tn") (goal <= 1: $(verdict "$t10" "$tn"))"
echo "check_conn 20k: ${t20} s   20k/10k: $(ratio "$t20" "$t10") (goal <= 2.2: $(verdict "$(ratio "$t20" "$t10")" 2.2))"
for n in 10k 20k; do
  rss=$( { /usr/bin/time -v "$check_conn" --config "$work/c$n.ini" >/dev/null || true; } 2>&1 | awk '/Maximum resident/ {print $NF}')
  echo "peak RSS $n: $((rss / 1024)) MiB ($rss KiB) (goal <= 64 MiB: $(verdict "$rss" 65536))"
done

echo "== 3. 1,000 endpoints dropped by nftables, -t 1"
if [ "$(id -u)" -eq 0 ] && ip netns add "ccbench-$$-c" 2>/dev/null; then
  ns=ccbench-$$
  ip netns add "$ns-s"
  ip link add cbb$$c netns "$ns-c" type veth peer name cbb$$s netns "$ns-s"
  ip -n "$ns-c" addr add 10.202.0.1/24 dev cbb$$c
  ip -n "$ns-s" addr add 10.202.0.2/24 dev cbb$$s
  for side in c s; do ip -n "$ns-$side" link set lo up; ip -n "$ns-$side" link set cbb$$$side up; done
  echo 'table inet ccbench { chain input { type filter hook input priority 0; policy accept; tcp dport 20000-20999 drop; } }' \
    | ip netns exec "$ns-s" nft -f -
  printf '[group dropped]\nendpoints = 10.202.0.2:20000-20999\n' > "$work/drop.ini"
  { ip netns exec "$ns-c" "$check_conn" --config "$work/drop.ini" -t 1 || true; } | head -n 1 | cut -c1-100
  hyperfine -N -i --runs 5 --export-json "$work/d.json" \
    "ip netns exec $ns-c $check_conn --config $work/drop.ini -t 1" >/dev/null
  td=$(median "$work/d.json" 0)
  echo "1,000 dropped endpoints, -t 1: ${td} s (goal <= 1.5 s: $(verdict "$td" 1.5))"
else
  echo "skipped: needs root and network namespaces"
fi

echo "== 4. 1,000 endpoints (500 open, 500 closed): shell loop of check_tcp vs check_conn"
head -n 500 "$work/open10k" > "$work/open1k"
head -n 500 "$work/closed10k" > "$work/closed1k"
config "$work/c1k.ini" bench1k "$work/open1k" "$work/closed1k"
cat "$work/open1k" "$work/closed1k" > "$work/ports1k"
cat > "$work/loop.sh" <<LOOP
while read -r port; do $check_tcp -H 127.0.0.1 -p "\$port" >/dev/null 2>&1 || true; done < $work/ports1k
LOOP
hyperfine -N -i --warmup 1 --runs 5 --export-json "$work/l.json" \
  "bash $work/loop.sh" "$check_conn --config $work/c1k.ini" >/dev/null
tl=$(median "$work/l.json" 0); tc=$(median "$work/l.json" 1)
echo "check_tcp loop: ${tl} s   check_conn: ${tc} s   check_tcp/check_conn: $(ratio "$tl" "$tc")x"
