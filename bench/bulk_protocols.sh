#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Conversations in bulk, all figures from one run on this machine:
#   1. 200 endpoints with /http against one nginx (one group each: one endpoint may not
#      appear twice in a group), wall time with hyperfine;
#   2. 20 silent endpoints (a listener that accepts and never speaks) with /http and -t 1:
#      the conversations overlap, so the run takes about 1 s, not 20.
# Usage: bench/bulk_protocols.sh [RUNS] (default 10), as root (nginx runs with a throwaway
# configuration); from a built tree or with CHECK_CONN set. Needs nginx-light, hyperfine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
. "$top/bench/lib.sh"
top_builddir=$(bench_builddir "$top")
export top_srcdir=$top top_builddir
CHECK_CONN=${CHECK_CONN:-$top_builddir/check_conn/check_conn}
[ -x "$CHECK_CONN" ] || { echo "build check_conn first: no $CHECK_CONN (or set CHECK_CONN)"; exit 1; }
command -v hyperfine >/dev/null || { echo "missing hyperfine"; exit 1; }
# The tests' helpers start the servers and stop them at exit.
. "$top/tests/lib.sh"
. "$top/tests/modes/single/servers.sh"
set +e

start_on 3 start_nginx || { echo "nginx: $WHY"; exit 1; }
read -r HTTP _ _ <<< "$PORTS"
SILENT=$(free_ports 1)
listen 127.0.0.1 "$SILENT"

for i in $(seq 200); do
  printf '[group web%s]\nendpoints = 127.0.0.1:%s/http\n' "$i" "$HTTP"
done > "$TEST_TMP/http.ini"
for i in $(seq 20); do
  printf '[group silent%s]\nendpoints = 127.0.0.1:%s/http\n' "$i" "$SILENT"
done > "$TEST_TMP/silent.ini"

"$CHECK_CONN" --config "$TEST_TMP/http.ini" | head -c 200; echo
hyperfine -N -i --warmup 2 --runs "$runs" \
  -n "200 x /http against nginx" "$CHECK_CONN --config $TEST_TMP/http.ini" \
  -n "20 silent x /http, -t 1" "$CHECK_CONN --config $TEST_TMP/silent.ini -t 1"
