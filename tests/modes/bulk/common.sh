# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers for the bulk tests; sourced after tests/lib.sh.
# shellcheck shell=bash
BULK_DIR=$top_srcdir/tests/modes/bulk

# start_listeners N_OPEN N_CLOSED [HOST [NAMESPACE [OPTIONS...]]]: opens ports through
# listeners.py (OPTIONS: --serve, --first PORT); sets OPEN_PORTS and CLOSED_PORTS (files,
# one port a line).
start_listeners () {
  local host=${3:-127.0.0.1} ns=${4:-} dir=$TEST_TMP/ports.$RANDOM prefix=()
  local counts=("$1" "$2")
  shift $(($# < 4 ? $# : 4))
  mkdir -p "$dir"
  [ -z "$ns" ] || prefix=(ip netns exec "$ns")
  mkfifo "$dir/hold"
  "${prefix[@]}" python3 "$BULK_DIR/listeners.py" "$host" "${counts[@]}" "$dir" "$@" \
    < "$dir/hold" &
  at_exit "kill $! 2>/dev/null"
  exec {hold_fd}>"$dir/hold"   # the helper lives while this stays open
  for _ in $(seq 200); do [ -e "$dir/ready" ] && break; sleep 0.05; done
  [ -e "$dir/ready" ] || { echo "FAIL: listeners did not start"; exit 1; }
  OPEN_PORTS=$dir/open.txt
  CLOSED_PORTS=$dir/closed.txt
}

# endpoint_list HOST FILE...: "HOST:PORT, ..." for every port in the files.
endpoint_list () {
  local host=$1
  shift
  cat "$@" | sed "s/^/$host:/" | paste -sd, - | sed 's/,/, /g'
}

# first_line: the first line of the last run's output.
first_line () { printf '%s\n' "$OUT" | head -n 1; }
