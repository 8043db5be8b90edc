# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers of the diagnosis integration tests; source after tests/lib.sh.
# Namespaces are named ccdiag-<test>-$$-<role> so parallel runs never collide.

ns_name () { echo "ccdiag-$TEST_NAME-$$-$1" | cut -c1-40; }

# link NS_A ADDR_A NS_B ADDR_B: a veth pair between two namespaces, addresses with prefix.
link () {
  local a="cd$$${1: -1}" b="cd$$${3: -1}"
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$3"
  ip -n "$1" addr add "$2" dev "$a"
  ip -n "$3" addr add "$4" dev "$b"
  ip -n "$1" link set "$a" up
  ip -n "$3" link set "$b" up
}

# listen_in NS HOST PORT...: listeners inside NS (one process for all the ports) that
# accept and hold every connection until the client closes it, then close too (so the
# client's side ends in TIME_WAIT).
listen_in () {
  ip netns exec "$1" python3 - "${@:2}" <<'PY' &
import socket, sys, time, select
host, listeners = sys.argv[1], []
for port in sys.argv[2:]:
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port))); s.listen(128)
    listeners.append(s)
held, end = [], time.time() + 300
while time.time() < end:
    for r in select.select(listeners + held, [], [], 1)[0]:
        if r in listeners:
            held.append(r.accept()[0])
        else:
            try:
                data = r.recv(4096)
            except OSError:      # check_conn's abortive close resets
                data = b""
            if not data:
                held.remove(r)
                r.close()
PY
  at_exit "kill $! 2>/dev/null"
  ip netns exec "$1" bash -c "$(declare -f wait_port); for port in ${*:3}; do wait_port $2 \$port; done"
}

# expect_line PATTERN DESCRIPTION: some line of the last output matches the regex.
expect_line () {
  if printf '%s\n' "$OUT" | grep -Eq -- "$1"; then
    pass "$2"
  else
    fail "$2: no line matches /$1/; output: $OUT"
  fi
}

# show: the last output, for the log (and the documentation of each cause).
show () { printf '%s\n' "$OUT" | sed 's/^/    | /'; }
