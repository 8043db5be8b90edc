#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times check_conn against check_tcp (monitoring-plugins-basic) on the same open and closed
# loopback ports: many runs, alternating, median wall time of each and the ratio.
# Usage: bench/single.sh [RUNS] (default 300); run from a built tree or set CHECK_CONN.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-300}
. "$top/bench/lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
check_tcp=/usr/lib/nagios/plugins/check_tcp
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
if [ ! -x "$check_tcp" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q monitoring-plugins-basic >/dev/null
fi

python3 - "$runs" "$check_conn" "$check_tcp" <<'PY'
import os, socket, statistics, sys, time

runs, check_conn, check_tcp = int(sys.argv[1]), sys.argv[2], sys.argv[3]
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(4096)
open_port = listener.getsockname()[1]
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
closed_port = probe.getsockname()[1]   # bound, never listening: refuses
devnull = os.open(os.devnull, os.O_WRONLY)

def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    try:                                 # keep the backlog empty
        listener.setblocking(False)
        while True:
            listener.accept()[0].close()
    except BlockingIOError:
        pass
    return elapsed / 1e6

print(f"{runs} runs each, alternating; median wall time per check (ms)")
for label, port in (("open", open_port), ("closed", closed_port)):
    ours = [check_conn, "-H", "127.0.0.1", "-p", str(port)]
    theirs = [check_tcp, "-H", "127.0.0.1", "-p", str(port)]
    a, b = [], []
    for _ in range(runs):
        a.append(once(ours))
        b.append(once(theirs))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{label:6} port: check_conn {ma:.3f} ms  check_tcp {mb:.3f} ms  ratio {ma / mb:.2f}")
PY
