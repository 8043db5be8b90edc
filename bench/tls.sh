#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TLS benchmark against a local nginx (2 workers) serving a chain from a test CA, all
# figures from one run on this machine:
#   1. one https check, whole process: check_conn --protocol https (certificate verified)
#      vs check_http -S (monitoring-plugins, no verification): median wall time, median
#      CPU time (user+sys) and their ratios (goal <= 0.8);
#   2. 1,000 https endpoints (127.0.0.1 to 127.0.3.232, one port, SNI localhost): one
#      check_conn --config vs a shell loop of check_http -S (goal >= 20x faster), and
#      handshakes per second beside openssl s_time's (one connection at a time); with the
#      CPU each side spent per handshake (check_conn's user+sys, nginx's workers'), which
#      says what bounds the figure: check_conn is one thread, nginx two, on the same CPUs.
#      Two rows: the RSA 2048 certificate (the server signs each handshake with RSA), and
#      an ECDSA P-256 one from the same intermediate (cheap signatures), same run;
#   3. peak RSS of that bulk run (RSA), with its 1,000 handshakes in flight (goal <= 64 MiB).
# Usage: bench/tls.sh [RUNS] (default 100); from a built tree or with CHECK_CONN set (the
# TLS module is found beside it, or set CHECK_CONN_TLS_MODULE).
# Needs nginx, openssl, python3, /usr/bin/time, monitoring-plugins-standard (check_http).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-100}
. "$top/bench/lib.sh"
. "$top/tests/modes/single/tls_lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
check_http=/usr/lib/nagios/plugins/check_http
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
for tool in nginx openssl python3 /usr/bin/time "$check_http"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see .ci/packages.d/bench.txt)"; exit 1; }
done

work=$(mktemp -d /tmp/cc-bench-tls.XXXXXX)
nginx_pid=""
cleanup () {
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

make_pki "$work/pki" >/dev/null || { echo "openssl could not make the test PKI"; exit 1; }
# The ECDSA P-256 leaf, signed by the same intermediate with the same extensions.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
  -keyout "$work/pki/ecdsa.key" -out "$work/pki/ecdsa.csr" >/dev/null 2>&1
SAN="DNS:localhost,IP:127.0.0.1" openssl ca -batch -config "$work/pki/inter.cnf" \
  -extensions leaf -days 10 -in "$work/pki/ecdsa.csr" -out "$work/pki/ecdsa.pem" -notext \
  >/dev/null 2>&1 || { echo "openssl could not sign the ECDSA certificate"; exit 1; }
cat "$work/pki/ecdsa.pem" "$work/pki/inter.pem" > "$work/pki/ecdsa.chain.pem"
free_tcp_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(free_tcp_port)
ec_port=$(free_tcp_port)
mkdir -p "$work/html" && echo hello > "$work/html/index.html"
chmod 755 "$work" "$work/html" && chmod 644 "$work/html/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 2; worker_rlimit_nofile 8192; pid $work/nginx.pid; error_log $work/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server { listen $port ssl; root $work/html; ssl_certificate $work/pki/good.chain.pem;
           ssl_certificate_key $work/pki/good.key; }
  server { listen $ec_port ssl; root $work/html; ssl_certificate $work/pki/ecdsa.chain.pem;
           ssl_certificate_key $work/pki/ecdsa.key; } }
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>"$work/nginx.stderr" &
nginx_pid=$!
for p in "$port" "$ec_port"; do
  for _ in $(seq 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$p),0.2)" 2>/dev/null && break
    sleep 0.05
  done
done
root=$work/pki/root.pem
"$check_conn" -H 127.0.0.1 -p "$port" --protocol https --ca-file "$root" | head -n 1
"$check_conn" -H 127.0.0.1 -p "$ec_port" --protocol https --ca-file "$root" | head -n 1
"$check_http" -H 127.0.0.1 -p "$port" -S | head -n 1
# CPU seconds nginx's workers have used so far (utime + stime of each child).
nginx_cpu () {
  local total=0 worker fields
  for worker in $(cat "/proc/$nginx_pid/task/$nginx_pid/children"); do
    read -r -a fields < "/proc/$worker/stat"
    total=$((total + fields[13] + fields[14]))
  done
  echo "$total / $(getconf CLK_TCK)" | bc -l
}

echo "== 1. one https check, whole process, $runs runs each, alternating"
python3 - "$runs" "$check_conn" "$check_http" "$port" "$root" <<'PY'
import os, statistics, sys, time
runs, check_conn, check_http, port, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
devnull = os.open(os.devnull, os.O_WRONLY)
def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, _, usage = os.wait4(pid, 0)
    return (time.perf_counter_ns() - start) / 1e6, (usage.ru_utime + usage.ru_stime) * 1e3
tools = {
    "check_conn --protocol https --ca-file": [check_conn, "-H", "127.0.0.1", "-p", port, "--protocol", "https", "--ca-file", root],
    "check_conn --protocol https --insecure": [check_conn, "-H", "127.0.0.1", "-p", port, "--protocol", "https", "--insecure"],
    "check_http -S": [check_http, "-H", "127.0.0.1", "-p", port, "-S"],
}
times = {name: [] for name in tools}
for _ in range(runs):
    for name, argv in tools.items():
        times[name].append(once(argv))
def medians(name):
    return (statistics.median(t[0] for t in times[name]), statistics.median(t[1] for t in times[name]))
peer_wall, peer_cpu = medians("check_http -S")
for name in tools:
    wall, cpu = medians(name)
    print(f"{name:40} median wall {wall:7.2f} ms (ratio {wall / peer_wall:.2f}), "
          f"CPU {cpu:6.2f} ms (ratio {cpu / peer_cpu:.2f})")
PY

echo "== 2. 1,000 https endpoints, check_conn --config --parallel 256 vs a loop of check_http -S"
python3 -c 'for i in range(1000): print("127.0.%d.%d" % (i // 250, i % 250 + 1))' > "$work/hosts"
# write_bulk_ini PORT: the 1,000 endpoints of the server on PORT, in $work/bulk.ini.
write_bulk_ini () {
  sed 's/^ *//' > "$work/bulk.ini" <<INI
  [defaults]
  timeout = 10
  protocol = https
  sni = localhost
  ca-file = $root
  [group tls]
  endpoints = $(sed "s/\$/:$1/" "$work/hosts" | paste -sd, | sed 's/,/, /g')
INI
}
# bulk_row LABEL PORT: one bulk run and one loop against the server on PORT.
bulk_row () {
  local label=$1 p=$2 before after bulk_s user_s sys_s loop_s stime server_s loop_server_s
  write_bulk_ini "$p"
  # At most 256 handshakes at once: each endpoint's -t runs from its start, and on a
  # small host 1,000 handshakes at once outlast it; part 3 measures them all in flight.
  before=$(nginx_cpu)
  /usr/bin/time -f "%e %M %U %S" -o "$work/bulk.time" "$check_conn" --config "$work/bulk.ini" \
    --parallel 256 > "$work/bulk.out" || true
  after=$(nginx_cpu)
  server_s=$(echo "$after - $before" | bc -l)
  echo "$label: $(head -n 1 "$work/bulk.out" | cut -c 1-100)"
  read -r bulk_s _ user_s sys_s < <(tail -n 1 "$work/bulk.time")
  before=$(nginx_cpu)
  local start
  start=$(date +%s.%N)
  while read -r host; do
    "$check_http" -H "$host" -p "$p" -S --sni >/dev/null 2>&1 || true
  done < "$work/hosts"
  loop_s=$(echo "$(date +%s.%N) - $start" | bc -l)
  after=$(nginx_cpu)
  loop_server_s=$(echo "$after - $before" | bc -l)
  stime=$(timeout 20 openssl s_time -connect "127.0.0.1:$p" -new -time 5 2>/dev/null \
    | sed -n 's/^\([0-9]*\) connections in \([0-9.]*\)s.*/\1 \2/p' | head -n 1)
  python3 - "$label" "$bulk_s" "$user_s" "$sys_s" "$server_s" "$loop_s" "$loop_server_s" \
    "$(nproc)" "$stime" <<'PY'
import sys
label = sys.argv[1]
bulk, user, system, server, loop, loop_server = map(float, sys.argv[2:8])
cpus = int(sys.argv[8])
client_ms, server_ms = (user + system), server
print(f"{label}: check_conn {bulk:.2f} s ({1000 / bulk:.0f} handshakes/s); loop of check_http -S "
      f"{loop:.2f} s; check_conn is {loop / bulk:.1f}x faster")
if sys.argv[9]:
    n, s = sys.argv[9].split()
    print(f"{label}: openssl s_time -new: {int(n) / float(s):.0f} handshakes/s (one at a time)")
# CPU seconds per 1,000 handshakes are milliseconds per handshake.
print(f"{label}: CPU per handshake: check_conn {client_ms:.2f} ms (one thread: at most "
      f"{1000 / client_ms:.0f}/s), nginx {server_ms:.2f} ms (2 workers), "
      f"{client_ms + server_ms:.2f} ms in all ({cpus} CPUs: at most "
      f"{cpus * 1000 / (client_ms + server_ms):.0f}/s); nginx in the loop {loop_server:.2f} ms")
# The lower ceiling is what bounds the run; other load on the machine takes the rest.
ceilings = {"check_conn's one thread": 1000 / client_ms,
            "the CPUs both sides share": cpus * 1000 / (client_ms + server_ms)}
bound = min(ceilings, key=ceilings.get)
print(f"{label}: bound by {bound}: {1000 / bulk:.0f}/s is {100 * 1000 / bulk / ceilings[bound]:.0f}% "
      f"of its {ceilings[bound]:.0f}/s")
PY
}
bulk_row "RSA 2048" "$port"
bulk_row "ECDSA P-256" "$ec_port"

write_bulk_ini "$port"
/usr/bin/time -f "%e %M" -o "$work/all.time" "$check_conn" --config "$work/bulk.ini" \
  > "$work/all.out" || true
read -r all_s bulk_kib < <(tail -n 1 "$work/all.time")
echo "== 3. 1,000 handshakes in flight (RSA, no --parallel): $all_s s, peak RSS $((bulk_kib / 1024)) MiB ($bulk_kib KiB)"
head -n 1 "$work/all.out" | cut -c 1-160
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
