#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TLS benchmark against a local nginx serving a chain from a test CA, all figures from
# one run on this machine:
#   1. one https check, whole process: check_conn --protocol https (certificate verified)
#      vs check_http -S (monitoring-plugins, no verification): median wall time and ratio
#      (goal <= 0.8);
#   2. 1,000 https endpoints (127.0.0.1 to 127.0.3.232, one port, SNI localhost): one
#      check_conn --config vs a shell loop of check_http -S (goal >= 20x faster), and
#      handshakes per second beside openssl s_time's (one connection at a time);
#   3. peak RSS of that bulk run, with its 1,000 handshakes in flight (goal <= 64 MiB).
# Usage: bench/tls.sh [RUNS] (default 100); from a built tree or with CHECK_CONN set.
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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/html" && echo hello > "$work/html/index.html"
chmod 755 "$work" "$work/html" && chmod 644 "$work/html/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 2; worker_rlimit_nofile 8192; pid $work/nginx.pid; error_log $work/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server { listen $port ssl; root $work/html; ssl_certificate $work/pki/good.chain.pem;
           ssl_certificate_key $work/pki/good.key; } }
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>"$work/nginx.stderr" &
nginx_pid=$!
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
  sleep 0.05
done
root=$work/pki/root.pem
"$check_conn" -H 127.0.0.1 -p "$port" --protocol https --ca-file "$root" | head -n 1
"$check_http" -H 127.0.0.1 -p "$port" -S | head -n 1

echo "== 1. one https check, whole process, $runs runs each, alternating"
python3 - "$runs" "$check_conn" "$check_http" "$port" "$root" <<'PY'
import os, statistics, sys, time
runs, check_conn, check_http, port, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
devnull = os.open(os.devnull, os.O_WRONLY)
def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    os.waitpid(pid, 0)
    return (time.perf_counter_ns() - start) / 1e6
tools = {
    "check_conn --protocol https --ca-file": [check_conn, "-H", "127.0.0.1", "-p", port, "--protocol", "https", "--ca-file", root],
    "check_conn --protocol https --insecure": [check_conn, "-H", "127.0.0.1", "-p", port, "--protocol", "https", "--insecure"],
    "check_http -S": [check_http, "-H", "127.0.0.1", "-p", port, "-S"],
}
times = {name: [] for name in tools}
for _ in range(runs):
    for name, argv in tools.items():
        times[name].append(once(argv))
peer = statistics.median(times["check_http -S"])
for name, t in times.items():
    m = statistics.median(t)
    print(f"{name:40} median {m:7.2f} ms  ratio to check_http -S {m / peer:.2f}")
PY

echo "== 2. 1,000 https endpoints"
python3 - "$port" "$root" > "$work/bulk.ini" <<'PY'
import sys
port, root = sys.argv[1], sys.argv[2]
hosts = ["127.0.%d.%d" % (i // 250, i % 250 + 1) for i in range(1000)]
print("[defaults]\ntimeout = 10\nprotocol = https\nsni = localhost\nca-file = %s" % root)
print("[group tls]\nendpoints = " + ", ".join("%s:%s" % (h, port) for h in hosts))
PY
# At most 256 handshakes at once: each endpoint's -t runs from its start, and on a small
# host 1,000 handshakes at once outlast it; part 3 measures them all in flight.
/usr/bin/time -f "%e %M" -o "$work/bulk.time" "$check_conn" --config "$work/bulk.ini" \
  --parallel 256 > "$work/bulk.out" || true
head -n 1 "$work/bulk.out" | cut -c 1-160
read -r bulk_s _ < <(tail -n 1 "$work/bulk.time")
/usr/bin/time -f "%e %M" -o "$work/all.time" "$check_conn" --config "$work/bulk.ini" \
  > "$work/all.out" || true
read -r all_s bulk_kib < <(tail -n 1 "$work/all.time")
start=$(date +%s.%N)
python3 -c 'for i in range(1000): print("127.0.%d.%d" % (i // 250, i % 250 + 1))' > "$work/hosts"
while read -r host; do
  "$check_http" -H "$host" -p "$port" -S --sni >/dev/null 2>&1 || true
done < "$work/hosts"
loop_s=$(echo "$(date +%s.%N) - $start" | bc -l)
stime=$(timeout 20 openssl s_time -connect "127.0.0.1:$port" -new -time 5 2>/dev/null \
  | sed -n 's/^\([0-9]*\) connections in \([0-9.]*\)s.*/\1 \2/p' | head -n 1)
python3 - "$bulk_s" "$loop_s" "$stime" <<'PY'
import sys
bulk, loop = float(sys.argv[1]), float(sys.argv[2])
print(f"check_conn --config --parallel 256: {bulk:.2f} s ({1000 / bulk:.0f} handshakes/s)")
print(f"shell loop of check_http -S: {loop:.2f} s; check_conn is {loop / bulk:.1f}x faster")
if sys.argv[3]:
    n, s = sys.argv[3].split()
    print(f"openssl s_time -new: {int(n) / float(s):.0f} handshakes/s (one at a time)")
PY
echo "== 3. 1,000 handshakes in flight (no --parallel): $all_s s, peak RSS $((bulk_kib / 1024)) MiB ($bulk_kib KiB)"
head -n 1 "$work/all.out" | cut -c 1-160
