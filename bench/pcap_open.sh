#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Memory for conversations left open: a synthetic capture of N HTTP conversations that
# never close (bench/pcap_synth.py --open; nothing crosses the network), read by
# check_conn --pcap and by tshark -r FILE -q -z conv,tcp; prints the peak RSS and CPU
# time of each and their ratio. Goal: check_conn under 64 MiB for 40,000.
# Usage: bench/pcap_open.sh [N] (default 40000); run from a built tree or set CHECK_CONN.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-40000}
. "$top/bench/lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q tshark >/dev/null

work=$(mktemp -d /tmp/ccpcap-open.XXXXXX)
trap 'rm -rf "$work"' EXIT
capture=$work/open.pcap
python3 "$top/bench/pcap_synth.py" --open "$capture" "$n"

# peak RSS (KiB) and user+sys CPU seconds of one run of CMD...
measure () {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, "%.3f" % (usage.ru_utime + usage.ru_stime))
PY
}
read -r ours_kb ours_cpu <<< "$(measure "$check_conn" --pcap "$capture" -t 60)"
read -r theirs_kb theirs_cpu <<< "$(measure tshark -r "$capture" -q -z conv,tcp)"
{ "$check_conn" --pcap "$capture" -t 60 || true; } | head -n 1 | cut -c1-200
python3 - "$n" "$ours_kb" "$ours_cpu" "$theirs_kb" "$theirs_cpu" <<'PY'
import sys
n, ours, ours_cpu, theirs, theirs_cpu = (int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]),
                                         int(sys.argv[4]), float(sys.argv[5]))
print("%d conversations left open" % n)
print("check_conn --pcap: peak RSS %.1f MiB, %.2f s CPU" % (ours / 1024, ours_cpu))
print("tshark -q -z conv,tcp: peak RSS %.1f MiB, %.2f s CPU" % (theirs / 1024, theirs_cpu))
print("ratio: check_conn uses %.2fx tshark's memory; goal < 64 MiB: %s"
      % (ours / theirs, "met" if ours < 64 * 1024 else "NOT met"))
PY
