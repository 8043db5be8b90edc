#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Classifies a synthetic ~1 GB capture of mixed traffic (bench/pcap_synth.py writes the
# records directly: nothing crosses the network) with check_conn --pcap and with
# tshark -r FILE -q -z conv,tcp; prints the MB/s of each, the ratio and check_conn's
# peak memory. The capture lives in a temporary directory under /tmp, removed at exit.
# Usage: bench/pcap.sh [SIZE_MB] (default 1000) [RUNS] (default 3); run from a built tree
# or set CHECK_CONN.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-1000}
runs=${2:-3}
. "$top/bench/lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q tshark >/dev/null

work=$(mktemp -d /tmp/ccpcap-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
capture=$work/mixed.pcap
python3 "$(dirname "$0")/pcap_synth.py" "$capture" "$size_mb"
bytes=$(stat -c %s "$capture")
cat "$capture" >/dev/null  # both tools read it from the page cache

# best_of RUNS CMD...: the fastest wall time in seconds over RUNS runs.
best_of () {
  local n=$1 best="" start end t
  shift
  for _ in $(seq "$n"); do
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || [ $? -le 3 ]
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
  done
  echo "$best"
}

ours=$(best_of "$runs" "$check_conn" --pcap "$capture")
theirs=$(best_of 1 tshark -r "$capture" -q -z conv,tcp)
rss_kb=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$check_conn" --pcap "$capture")
{ "$check_conn" --pcap "$capture" || true; } | head -n 1 | cut -c1-300
python3 - "$bytes" "$ours" "$theirs" "$rss_kb" <<'PY'
import sys
size, ours, theirs, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
mb = size / 1e6
print("capture: %.0f MB" % mb)
print("check_conn --pcap: %.2f s, %.0f MB/s (best of runs), peak RSS %.1f MB" % (ours, mb / ours, rss / 1024))
print("tshark -q -z conv,tcp: %.2f s, %.0f MB/s" % (theirs, mb / theirs))
print("ratio: check_conn is %.1fx tshark's speed; goal >= 500 MB/s: %s"
      % (theirs / ours, "met" if mb / ours >= 500 else "NOT met"))
PY
