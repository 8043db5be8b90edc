#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Classifies a synthetic ~1 GB capture of mixed traffic (bench/pcap_synth.py writes the
# records directly: nothing crosses the network) with check_conn --pcap and with
# tshark -r FILE -q -z conv,tcp; prints the MB/s of each, the ratio and check_conn's
# peak memory. The capture lives in a temporary directory under /tmp, removed at exit.
# When the Wireshark plugin is built (wireshark/check_conn.so), tshark -r FILE (one line
# per packet, to /dev/null) runs with it and without it on the same capture, in one pass
# and in two (-2), and the ratio of their times is printed (goal: at most 1.3).
# Usage: bench/pcap.sh [SIZE_MB] (default 1000) [RUNS] (default 3); run from a built tree
# or set CHECK_CONN.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-1000}
runs=${2:-3}
. "$top/bench/lib.sh"
check_conn=${CHECK_CONN:-$(bench_builddir "$top")/check_conn/check_conn}
plugin=$(bench_builddir "$top")/wireshark/check_conn.so
[ -x "$check_conn" ] || { echo "build check_conn first: no $check_conn (or set CHECK_CONN)"; exit 1; }
command -v tshark >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q tshark >/dev/null

work=$(mktemp -d /tmp/ccpcap-bench.XXXXXX)
chmod a+rx "$work"  # tshark runs as nobody with the plugin: see below
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

[ -f "$plugin" ] || { echo "no Wireshark plugin built ($plugin): tshark with it not measured"; exit 0; }
# Wireshark loads a user's plugins only without privileges: as root, tshark runs as nobody,
# with the plugin in its home; without it, the same user and home with the plugin disabled.
mkdir -p "$work/home/.local/lib/wireshark/plugins/4.0/epan"
cp "$plugin" "$work/home/.local/lib/wireshark/plugins/4.0/epan/"
chmod -R a+rX "$work"
as_user=()
[ "$(id -u)" -ne 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
plugin_tshark () { "${as_user[@]}" env HOME="$work/home" tshark "$@"; }
plugin_tshark -r "$capture" -q -z check_conn,causes 2>/dev/null | sed -n '/^Cause/,/^Total/p'
# -q alone would let tshark skip dissection: the packet lines make it dissect every frame.
# -n: no name lookups, whose waits would drown what is measured.
without=$(best_of "$runs" plugin_tshark --disable-protocol check_conn -n -r "$capture")
with=$(best_of "$runs" plugin_tshark -n -r "$capture")
without2=$(best_of "$runs" plugin_tshark --disable-protocol check_conn -n -2 -r "$capture")
with2=$(best_of "$runs" plugin_tshark -n -2 -r "$capture")
python3 - "$without" "$with" "$without2" "$with2" <<'PY'
import sys
without, with_, without2, with2 = map(float, sys.argv[1:])
for label, a, b in (("tshark -n -r", without, with_), ("tshark -n -2 -r", without2, with2)):
    ratio = b / a
    print("%s: %.2f s without the plugin, %.2f s with it: %.2fx; goal <= 1.3x: %s"
          % (label, a, b, ratio, "met" if ratio <= 1.3 else "NOT met"))
PY
