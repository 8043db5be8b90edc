#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bulk engine benchmark, all figures from one run on this machine:
#   1. 10,000 loopback endpoints (half open, half closed): check_conn --config vs
#      nmap -sT -Pn -n over the same ports (goal: wall time <= nmap's);
#   2. 20,000 endpoints: time relative to 10,000 (goal <= 2.2x), and peak RSS of both
#      (goal <= 64 MiB, /usr/bin/time -v);
#   3. 1,000 endpoints dropped by nftables in a namespace, -t 1 (goal <= 1.5 s); the same
#      with diagnose = true, side probes included (goal <= 3.5 s);
#   4. 1,000 endpoints: a shell loop of check_tcp vs one check_conn --config (ratio);
#   5. 20,000 endpoints under ulimit -n 64: wall time (goal <= 1.2 x 3.24 s, the figure
#      before the engine kept deadlines while waiting for sockets) and the verdicts;
#   6. peak RSS per endpoint at 20,000 and 50,000 endpoints (goal <= 1.5 KiB);
#   7. the 10,000 of part 1 with local evidence read for every failure (diagnose = true)
#      vs nmap -sT -Pn -n over the same ports (goal: wall time <= nmap's);
#   8. 5,000 refused endpoints while 5,000 other ports listen: diagnose = true vs the same
#      run without evidence (diagnose = false) (goal <= 1.2x);
#   9. 1,000 distinct silent hosts (every port dropped) behind the namespace of part 3,
#      diagnose = true, -t 1, default --parallel: 5,000 sockets wanted at once (a connect
#      and 4 side probes each) against the default budget of 4,096 (goal <= 3.5 s, every
#      endpoint timeout.host_down).
# With CHECK_CONN_BASE=/path/to/an/older/check_conn, parts 1, 5 and 6 also run it, in
# the same rounds, for before/after figures from one session.
# As root, parts 1, 2 and 4 run on the loopback of a namespace of their own, with the
# servers' ports outside the ephemeral range: on the host, 20,000 server ports would sit
# in the ephemeral range and every connect() would spend most of its time searching past
# them for a free local port (measured: 40 % of the run in __inet_hash_connect). Without
# root they run on the host's loopback, with that cost for both tools alike.
# Usage: bench/bulk.sh [RUNS] (default 15); from a built tree or with CHECK_CONN set.
# Needs hyperfine, nmap, time, python3, monitoring-plugins-basic (.ci/packages.d/bench.txt
# and test-servers.txt).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
. "$top/bench/lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
check_tcp=/usr/lib/nagios/plugins/check_tcp
base=${CHECK_CONN_BASE:-}
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
for tool in hyperfine nmap python3 /usr/bin/time "$check_tcp"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see .ci/packages.d/test-servers.txt and bench.txt)"; exit 1; }
done

work=$(mktemp -d /tmp/cc-bench-bulk.XXXXXX)
ns=ccbench-$$
namespaces=()
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# in_ns: the command prefix that runs in the loopback namespace ("" on the host).
in_ns=""
first_open=() first_closed=()
if [ "$(id -u)" -eq 0 ] && ip netns add "$ns-lo" 2>/dev/null; then
  namespaces+=("$ns-lo")
  ip -n "$ns-lo" link set lo up
  in_ns="ip netns exec $ns-lo"
  first_open=(--first 1024)
  first_closed=(--first 11024)
fi

# listen N_OPEN N_CLOSED DIR PREFIX HOST [OPTIONS]: ports through the tests' helper.
listen () {
  local counts=("$1" "$2") dir=$3 host=$5
  local -a prefix
  read -r -a prefix <<< "$4"
  shift 5
  mkdir -p "$dir"
  mkfifo "$dir/hold"
  "${prefix[@]}" python3 "$top/tests/modes/bulk/listeners.py" "$host" "${counts[@]}" "$dir" "$@" \
    < "$dir/hold" &
  pids+=($!)
  exec {hold}>"$dir/hold"
  for _ in $(seq 400); do [ -e "$dir/ready" ] && return; sleep 0.05; done
  echo "listeners did not start"; exit 1
}

# config FILE GROUP PORTFILE...: one group listing 127.0.0.1:PORT for every port.
config () {
  local file=$1 group=$2
  shift 2
  { echo "[group $group]"; printf 'endpoints = '; cat "$@" | sed 's/^/127.0.0.1:/' | paste -sd, -; } > "$file"
}

ratio () { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
verdict () { python3 -c "import sys; print('met' if float(sys.argv[1]) <= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }
median () { python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }

# alternate COMMAND...: runs the commands in turn, RUNS rounds after two warm-up rounds,
# so that load from other processes on the machine falls on all of them alike; prints
# the median wall time of each.
alternate () {
  python3 - "$runs" "$@" <<'PY'
import os, shlex, statistics, sys, time
runs, commands = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
devnull = os.open(os.devnull, os.O_WRONLY)
times = [[] for _ in commands]
for round in range(runs + 2):
    for i, argv in enumerate(commands):
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        os.waitpid(pid, 0)
        if round >= 2:
            times[i].append(time.perf_counter() - start)
print(" ".join("%.4f" % statistics.median(t) for t in times))
PY
}

# alternate_cpu COMMAND...: as alternate, and prints after the wall times the median CPU
# time (user + system) of each: on a machine loaded by others the wall time mostly
# measures waiting for a CPU, the CPU time what each command costs.
alternate_cpu () {
  python3 - "$runs" "$@" <<'PY'
import os, shlex, statistics, sys, time
runs, commands = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]
devnull = os.open(os.devnull, os.O_WRONLY)
wall, cpu = [[] for _ in commands], [[] for _ in commands]
for round in range(runs + 2):
    for i, argv in enumerate(commands):
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, _, usage = os.wait4(pid, 0)
        if round >= 2:
            wall[i].append(time.perf_counter() - start)
            cpu[i].append(usage.ru_utime + usage.ru_stime)
print(" ".join("%.4f" % statistics.median(t) for t in wall + cpu))
PY
}

echo "== machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg), check_conn $("$check_conn" -V | cut -d' ' -f2)"
echo "== loopback: ${in_ns:-on the host, not root: server ports in the ephemeral range}"
# Two helpers: 20,000 sockets in one process may exceed the descriptor limit.
listen 10000 0 "$work/open" "$in_ns" 127.0.0.1 "${first_open[@]}"
listen 0 10000 "$work/closed" "$in_ns" 127.0.0.1 "${first_closed[@]}"
head -n 5000 "$work/open/open.txt" > "$work/open10k"
head -n 5000 "$work/closed/closed.txt" > "$work/closed10k"
config "$work/c10k.ini" bench10k "$work/open10k" "$work/closed10k"
config "$work/c20k.ini" bench20k "$work/open/open.txt" "$work/closed/closed.txt"
# 50,000: the 10,000 of part 1 in five groups.
for g in 1 2 3 4 5; do sed "s/^\[group bench10k\]/[group bench50k-$g]/" "$work/c10k.ini"; done > "$work/c50k.ini"
ports10k=$(cat "$work/open10k" "$work/closed10k" | paste -sd, -)
# with_evidence FILE: the config FILE with every failure diagnosed from local evidence.
with_evidence () { printf '[defaults]\ndiagnose = %s\n' "$2"; cat "$1"; }
with_evidence "$work/c10k.ini" true > "$work/c10k-evidence.ini"
config "$work/refused5k.ini" refused5k "$work/closed10k"
with_evidence "$work/refused5k.ini" true > "$work/refused5k-evidence.ini"
with_evidence "$work/refused5k.ini" false > "$work/refused5k-plain.ini"
{ $in_ns "$check_conn" --config "$work/c10k.ini" || true; } | head -n 1 | cut -c1-120

echo "== 1. 10,000 loopback endpoints vs nmap, median of $runs alternating rounds"
read -r t10 tn tb < <(alternate "$in_ns $check_conn --config $work/c10k.ini" \
                                "$in_ns nmap -sT -Pn -n -p $ports10k 127.0.0.1" \
                                ${base:+"$in_ns $base --config $work/c10k.ini"})
echo "check_conn 10k: ${t10} s   nmap -sT 10k: ${tn} s   ratio check_conn/nmap: $(ratio "$t10" "$tn") (goal <= 1: $(verdict "$t10" "$tn"))"
[ -z "$base" ] || echo "base 10k: ${tb} s   ratio base/nmap: $(ratio "$tb" "$tn")"

echo "== 2. 20,000 vs 10,000 endpoints, median of $runs alternating rounds; peak RSS"
read -r t10 t20 < <(alternate "$in_ns $check_conn --config $work/c10k.ini" \
                              "$in_ns $check_conn --config $work/c20k.ini")
echo "check_conn 10k: ${t10} s   20k: ${t20} s   20k/10k: $(ratio "$t20" "$t10") (goal <= 2.2: $(verdict "$(ratio "$t20" "$t10")" 2.2))"
for n in 10k 20k; do
  rss=$( { $in_ns /usr/bin/time -v "$check_conn" --config "$work/c$n.ini" >/dev/null || true; } 2>&1 | awk '/Maximum resident/ {print $NF}')
  echo "peak RSS $n: $((rss / 1024)) MiB ($rss KiB) (goal <= 64 MiB: $(verdict "$rss" 65536))"
done

echo "== 3. 1,000 endpoints dropped by nftables, -t 1"
if [ -n "$in_ns" ] && ip netns add "$ns-c" 2>/dev/null; then
  namespaces+=("$ns-c" "$ns-s")
  ip netns add "$ns-s"
  ip link add cbb$$c netns "$ns-c" type veth peer name cbb$$s netns "$ns-s"
  ip -n "$ns-c" addr add 10.202.0.1/24 dev cbb$$c
  ip -n "$ns-s" addr add 10.202.0.2/24 dev cbb$$s
  for side in c s; do ip -n "$ns-$side" link set lo up; ip -n "$ns-$side" link set cbb$$$side up; done
  ip netns exec "$ns-s" nft -f - <<'NFT'
table inet ccbench {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 20000-20999 drop
  }
}
NFT
  printf '[group dropped]\nendpoints = 10.202.0.2:20000-20999\n' > "$work/drop.ini"
  { ip netns exec "$ns-c" "$check_conn" --config "$work/drop.ini" -t 1 || true; } | head -n 1 | cut -c1-100
  hyperfine -N -i --runs 5 --export-json "$work/d.json" \
    "ip netns exec $ns-c $check_conn --config $work/drop.ini -t 1" >/dev/null 2>&1
  td=$(median "$work/d.json")
  echo "1,000 dropped endpoints, -t 1: ${td} s median of 5 (goal <= 1.5 s: $(verdict "$td" 1.5))"
  # The same with diagnose = true: side probes to ports 1, 22, 80 and 443 of the host
  # (which resets them) within -t, so every endpoint is told timeout.filtered.
  printf '[group dropped]\ndiagnose = true\nendpoints = 10.202.0.2:20000-20999\n' > "$work/drop_diag.ini"
  { ip netns exec "$ns-c" "$check_conn" --config "$work/drop_diag.ini" -t 1 || true; } | head -n 1 | cut -c1-100
  hyperfine -N -i --runs 5 --export-json "$work/dd.json" \
    "ip netns exec $ns-c $check_conn --config $work/drop_diag.ini -t 1" >/dev/null 2>&1
  tdd=$(median "$work/dd.json")
  echo "1,000 dropped endpoints, diagnose = true, -t 1: ${tdd} s median of 5 (goal <= 3.5 s: $(verdict "$tdd" 3.5)); without: ${td} s, ratio $(ratio "$tdd" "$td")"
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
read -r tl tc < <(runs=5 alternate "$in_ns bash $work/loop.sh" "$in_ns $check_conn --config $work/c1k.ini")
echo "check_tcp loop: ${tl} s   check_conn: ${tc} s   check_tcp/check_conn: $(ratio "$tl" "$tc")x"

echo "== 5. 20,000 endpoints under ulimit -n 64, median of $runs alternating rounds"
low_nofile () { echo "$in_ns bash -c 'ulimit -n 64 && exec \"\$0\" \"\$@\"' $1 --config $work/c20k.ini"; }
# The verdicts: 10,000 OK and 10,000 refused, none put down to this host's limits.
{ $in_ns bash -c 'ulimit -n 64 && exec "$0" "$@"' "$check_conn" --config "$work/c20k.ini" --format json || true; } > "$work/low.json"
python3 - "$work/low.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ok = sum(x["state"] == "OK" for x in r["results"])
right = r["endpoints"] == 20000 and ok == 10000 and r["causes"] == {"refused.not_listening": 10000} \
    and not r.get("host_causes")
print("verdicts under ulimit -n 64: %d endpoints, %d OK, causes %s: %s"
      % (r["endpoints"], ok, r["causes"], "right" if right else "WRONG"))
PY
read -r tl tlb < <(alternate "$(low_nofile "$check_conn")" ${base:+"$(low_nofile "$base")"})
echo "check_conn 20k, ulimit -n 64: ${tl} s (goal <= 1.2 x 3.24 s = 3.89 s: $(verdict "$tl" 3.888))"
[ -z "$base" ] || echo "base 20k, ulimit -n 64: ${tlb} s   after/before: $(ratio "$tl" "$tlb")"

echo "== 6. peak RSS per endpoint (/usr/bin/time -v)"
per_endpoint () {
  local tool=$1 name=$2 n
  for n in 20k 50k; do
    local count=$(( ${n%k} * 1000 )) rss
    rss=$( { $in_ns /usr/bin/time -v "$tool" --config "$work/c$n.ini" >/dev/null || true; } 2>&1 | awk '/Maximum resident/ {print $NF}')
    echo "$name $n: peak RSS $((rss / 1024)) MiB, $(python3 -c "print('%.2f' % ($rss / $count))") KiB per endpoint (goal <= 1.5: $(verdict "$(python3 -c "print($rss / $count)")" 1.5))"
  done
}
per_endpoint "$check_conn" check_conn
[ -z "$base" ] || per_endpoint "$base" base

echo "== 7. 10,000 loopback endpoints with local evidence (diagnose = true) vs nmap, median of $runs alternating rounds"
{ $in_ns "$check_conn" --config "$work/c10k-evidence.ini" || true; } | head -n 1 | cut -c1-120
read -r te tn ce cn < <(alternate_cpu "$in_ns $check_conn --config $work/c10k-evidence.ini" \
                                      "$in_ns nmap -sT -Pn -n -p $ports10k 127.0.0.1")
echo "check_conn 10k with evidence: ${te} s   nmap -sT 10k: ${tn} s   ratio check_conn/nmap: $(ratio "$te" "$tn") (goal <= 1: $(verdict "$te" "$tn"))"
echo "CPU time: check_conn ${ce} s   nmap ${cn} s   ratio: $(ratio "$ce" "$cn")"

echo "== 8. 5,000 refusals, 5,000 listeners: with evidence vs without, median of $runs alternating rounds"
read -r te tp ce cp < <(alternate_cpu "$in_ns $check_conn --config $work/refused5k-evidence.ini" \
                                      "$in_ns $check_conn --config $work/refused5k-plain.ini")
echo "with evidence: ${te} s   without: ${tp} s   ratio: $(ratio "$te" "$tp") (goal <= 1.2: $(verdict "$(ratio "$te" "$tp")" 1.2))"
echo "CPU time: with evidence ${ce} s   without ${cp} s   ratio: $(ratio "$ce" "$cp")"

echo "== 9. 1,000 distinct silent hosts, diagnose = true, -t 1, default --parallel"
if [ -n "$in_ns" ] && ip netns exec "$ns-s" true 2>/dev/null; then
  # Every address of 198.18.0.0/16 is the server namespace's (a local route), behind one
  # gateway, and drops every port.
  ip -n "$ns-c" route add 198.18.0.0/16 via 10.202.0.2
  ip -n "$ns-s" route add local 198.18.0.0/16 dev lo
  ip netns exec "$ns-s" nft add rule inet ccbench input ip daddr 198.18.0.0/16 drop
  python3 - > "$work/hosts.ini" <<'PY'
print("[group hosts]\ndiagnose = true\nendpoints = "
      + ", ".join("198.18.%d.%d:7000" % (1 + i // 250, 1 + i % 250) for i in range(1000)))
PY
  { ip netns exec "$ns-c" "$check_conn" --config "$work/hosts.ini" -t 1 || true; } | head -n 1 | cut -c1-100
  hyperfine -N -i --runs 5 --export-json "$work/h.json" \
    "ip netns exec $ns-c $check_conn --config $work/hosts.ini -t 1" >/dev/null 2>&1
  th=$(median "$work/h.json")
  echo "1,000 silent hosts, diagnose = true, -t 1: ${th} s median of 5 (goal <= 3.5 s: $(verdict "$th" 3.5))"
else
  echo "skipped: needs root and network namespaces"
fi
