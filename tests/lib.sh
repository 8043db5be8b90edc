# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the shell integration tests. Source it; it sets -eu.
# Tests run under automake: exit 0 pass, 1 fail, 77 skip (with a SKIP line saying why).
set -eu

: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
CHECK_CONN=${CHECK_CONN:-$top_builddir/check_conn/check_conn}
# e.g. "valgrind -q --error-exitcode=99 --leak-check=full": runs every check under it.
CHECK_CONN_WRAPPER=${CHECK_CONN_WRAPPER:-}
TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cc-$TEST_NAME.XXXXXX")
CLEANUPS=""
FAILURES=0

# Runs registered cleanups in reverse order, whatever happened.
at_exit () { CLEANUPS="$*; $CLEANUPS"; }
run_cleanups () { eval "$CLEANUPS" >/dev/null 2>&1 || true; rm -rf "$TEST_TMP"; }
trap run_cleanups EXIT
# bash runs no EXIT trap when a signal kills it: a test that timeout or the harness stops
# must still stop its servers and remove its namespaces.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

skip () { echo "SKIP: $TEST_NAME: $*"; exit 77; }
fail () { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
pass () { echo "ok: $*"; }
finish () { [ "$FAILURES" -eq 0 ] || { echo "$FAILURES assertion(s) failed"; exit 1; }; exit 0; }

need_root () { [ "$(id -u)" -eq 0 ] || skip "needs root ($1)"; }
need_cmd () { command -v "$1" >/dev/null 2>&1 || skip "needs $1 (apt-get install ${2:-$1})"; }

# run_check ARGS...: runs check_conn, sets OUT, RC and ELAPSED (seconds, decimal).
run_check () { run_check_in "" "$@"; }

# run_check_in NAMESPACE ARGS...: the same, inside a network namespace ("" for none).
run_check_in () {
  local start end ns=$1 prefix=()
  shift
  [ -z "$ns" ] || prefix=(ip netns exec "$ns")
  start=$(date +%s.%N)
  set +e
  # shellcheck disable=SC2086 # the wrapper is a command line
  OUT=$(timeout 60 "${prefix[@]}" $CHECK_CONN_WRAPPER "$CHECK_CONN" "$@" 2>&1)
  RC=$?
  set -e
  end=$(date +%s.%N)
  ELAPSED=$(echo "$end - $start" | bc -l 2>/dev/null || python3 -c "print($end - $start)")
}

# expect RC_WANTED PATTERN DESCRIPTION: asserts the last run's exit code and that its
# first line matches the extended regex PATTERN.
expect () {
  local line
  line=$(printf '%s\n' "$OUT" | head -n 1)
  if [ "$RC" -ne "$1" ]; then
    fail "$3: exit $RC, wanted $1; output: $OUT"
  elif ! printf '%s\n' "$line" | grep -Eq -- "$2"; then
    fail "$3: first line does not match /$2/: $line"
  else
    pass "$3"
  fi
}

# expect_within SECONDS DESCRIPTION: asserts the last run took at most SECONDS.
expect_within () {
  if [ -n "$CHECK_CONN_WRAPPER" ]; then
    echo "note: $2: time not asserted under $CHECK_CONN_WRAPPER (took ${ELAPSED}s)"
  elif python3 -c "import sys; sys.exit(0 if $ELAPSED <= $1 else 1)"; then
    pass "$2 (${ELAPSED}s <= $1s)"
  else
    fail "$2: took ${ELAPSED}s, limit $1s"
  fi
}

# free_port [HOST]: a TCP port nothing listens on right now.
free_port () {
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET); s.bind((sys.argv[1],0)); print(s.getsockname()[1])" "${1:-127.0.0.1}"
}

# start_http_server DIR [SECONDS]: python3's http.server (a real HTTP server, which does
# not speak WebSocket) serving DIR for SECONDS (120) at most, on a loopback port the kernel
# picks (a port chosen beforehand could be taken by another test's connection); sets
# HTTP_PORT. Its backlog is 256: Icinga starts every check at once, and a backlog of 5
# would drop SYNs and add 1 s retries.
start_http_server () {
  timeout "${2:-120}" python3 - "$1" "$TEST_TMP/http.port" <<'PY' >/dev/null 2>&1 &
import functools, http.server, os, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
http.server.ThreadingHTTPServer.request_queue_size = 256
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as out:
    out.write("%d\n" % server.server_address[1])
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
PY
  at_exit "kill $! 2>/dev/null"
  for _ in $(seq 100); do [ -s "$TEST_TMP/http.port" ] && break; sleep 0.1; done
  HTTP_PORT=$(cat "$TEST_TMP/http.port" 2>/dev/null) || { fail "http.server did not start"; finish; }
}

# listen HOST PORT: starts a listener that accepts and holds connections, for the
# test's lifetime (it stops on its own after 300 s in any case).
listen () {
  python3 - "$1" "$2" <<'PY' &
import socket, sys, time, select
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, port)); s.listen(128)
held, end = [], time.time() + 300
while time.time() < end:
    if select.select([s], [], [], 1)[0]:
        held.append(s.accept()[0])
PY
  at_exit "kill $! 2>/dev/null"
  wait_port "$1" "$2"
}

# wait_port HOST PORT: waits up to 10 s for something to listen on HOST:PORT.
wait_port () {
  python3 - "$1" "$2" <<'PY'
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
for _ in range(200):
    try:
        socket.create_connection((host, port), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("nothing listens on %s:%d after 10 s" % (host, port))
PY
}

# make_netns NAME: creates a network namespace removed at exit; skips when impossible.
make_netns () {
  need_root "network namespaces"
  need_cmd ip iproute2
  ip netns add "$1" 2>/dev/null || skip "cannot create network namespaces here"
  # What still runs inside (a listener started through ip netns exec bash -c, whose own
  # cleanup never ran) would keep the namespace alive after its name is gone.
  at_exit "ip netns pids $1 | xargs -r kill; ip netns del $1"
  ip -n "$1" link set lo up
}

# netns_pair CLIENT SERVER NET: namespaces CLIENT and SERVER (made as make_netns makes
# them) joined by a veth pair, CLIENT at NET.1/24 and SERVER at NET.2/24; the pair's
# ends are named vc$$ and vs$$ inside them.
netns_pair () {
  make_netns "$1"
  make_netns "$2"
  ip link add "vc$$" netns "$1" type veth peer name "vs$$" netns "$2" \
    || skip "cannot create veth pairs here"
  ip -n "$1" addr add "$3.1/24" dev "vc$$"
  ip -n "$2" addr add "$3.2/24" dev "vs$$"
  ip -n "$1" link set "vc$$" up
  ip -n "$2" link set "vs$$" up
}
