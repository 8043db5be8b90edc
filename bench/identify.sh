#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times check_conn --identify against nmap -sV --version-light on the same real servers in
# the same run, port by port, and prints per-port and overall ratios and whether both name
# the same protocol. Needs root (servers start as in tests/modes/single) and nmap.
# Usage: bench/identify.sh [CHECK_CONN] [RUNS]   (RUNS of check_conn per port, default 5)
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
top_builddir=$(bench_builddir "$top_srcdir")
CHECK_CONN=${1:-${CHECK_CONN:-$top_builddir/check_conn/check_conn}}
RUNS=${2:-5}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

need_root "servers run with throwaway configurations as root"
need_cmd nmap
[ -x "$CHECK_CONN" ] || { echo "no check_conn at $CHECK_CONN; build first" >&2; exit 1; }

# NAME PORT pairs of what runs, in the order started.
CASES=""
add () { CASES="$CASES $1:$2"; }
try () { name=$1; shift; "$@" && return 0; echo "note: $name not benchmarked: $WHY" >&2; return 1; }

try nginx start_on 3 start_nginx && { set -- $PORTS; add http "$1"; add http2 "$2"; add tls "$3"; }
try websocketd start_on 1 start_websocketd && add websocketd "$PORTS"
try sshd start_on 1 start_sshd && add ssh "$PORTS"
try s_server start_on 1 start_openssl && add tls "$PORTS"
try redis start_on 1 start_redis && add redis "$PORTS"
try memcached start_on 1 start_memcached && add memcached "$PORTS"
try mosquitto start_on 1 start_mosquitto && add mqtt "$PORTS"
try vsftpd start_on 1 start_vsftpd && add ftp "$PORTS"
try dovecot start_on 2 start_dovecot && { set -- $PORTS; add imap "$1"; add pop3 "$2"; }
try exim start_on 1 start_exim && add smtp "$PORTS"
try postgresql start_on 1 start_postgresql && add postgresql "$PORTS"
try mariadb start_on 1 start_mariadb && add mysql "$PORTS"
[ "${CC_BENCH_RABBITMQ:-1}" = 1 ] && try rabbitmq start_on 1 start_rabbitmq && add amqp "$PORTS"

now_us () { python3 -c 'import time; print(int(time.monotonic() * 1e6))'; }

# nmap's service names, in ours.
nmap_name () {
  case "$1" in
    http|http-proxy|http-alt) echo http ;;
    ssl/*|https*|ssl) echo tls ;;
    mysql) echo mysql ;;
    *) echo "$1" ;;
  esac
}

printf '%-11s %5s  %-11s %9s  %-11s %9s  %7s  %s\n' server port check_conn ms nmap ms ratio same
TOTAL_OURS=0; TOTAL_NMAP=0; SAME=0; N=0
for case in $CASES; do
  server=${case%%:*}; port=${case##*:}
  start=$(now_us)
  i=0
  while [ $i -lt "$RUNS" ]; do
    out=$("$CHECK_CONN" -H 127.0.0.1 -p "$port" -t 10 --identify 2>&1 | head -n 1)
    i=$((i + 1))
  done
  ours_us=$(( ($(now_us) - start) / RUNS ))
  ours=$(printf '%s\n' "$out" | sed -n 's/.* identified \([a-z0-9]*\) .*/\1/p')
  [ -n "$ours" ] || echo "note: $server: $out" >&2
  start=$(now_us)
  service=$(nmap -sV --version-light -Pn -n -p "$port" 127.0.0.1 2>/dev/null \
              | awk -v p="$port/tcp" '$1 == p { print $3 }')
  nmap_us=$(( $(now_us) - start ))
  theirs=$(nmap_name "$service")
  same=no; [ -n "$ours" ] && [ "$ours" = "$theirs" ] && { same=yes; SAME=$((SAME + 1)); }
  N=$((N + 1)); TOTAL_OURS=$((TOTAL_OURS + ours_us)); TOTAL_NMAP=$((TOTAL_NMAP + nmap_us))
  printf '%-11s %5s  %-11s %9.1f  %-11s %9.1f  %6.0fx  %s\n' "$server" "$port" "${ours:--}" \
    "$(echo "$ours_us / 1000" | bc -l)" "${service:--}" "$(echo "$nmap_us / 1000" | bc -l)" \
    "$(echo "$nmap_us / $ours_us" | bc -l)" "$same"
done
printf 'overall: %d ports, check_conn %.1f ms, nmap %.1f ms, ratio %.0fx, same answer %d/%d\n' \
  "$N" "$(echo "$TOTAL_OURS / 1000" | bc -l)" "$(echo "$TOTAL_NMAP / 1000" | bc -l)" \
  "$(echo "$TOTAL_NMAP / $TOTAL_OURS" | bc -l)" "$SAME" "$N"
