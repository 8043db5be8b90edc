#!/bin/bash
# The client side runs out, for real: ip_local_port_range is per network namespace, so a
# client namespace gets 10 ports; connections held open (and TIME_WAIT ones) toward one
# destination use them up. Also a --source address that is not on the host.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.sh"

client=$(ns_name c)
server=$(ns_name s)
make_netns "$client"
make_netns "$server"
link "$client" 10.217.0.1/24 "$server" 10.217.0.2/24
ip netns exec "$client" sysctl -q -w net.ipv4.ip_local_port_range="40000 40009"
ip netns exec "$client" sysctl -q -w net.ipv4.tcp_tw_reuse=0
listen_in "$server" 10.217.0.2 5555

# hold COUNT [close]: COUNT connections from the client namespace to the server, held
# open, or closed at once by the client so that each lingers in TIME_WAIT.
hold () {
  ip netns exec "$client" python3 - "$@" <<'PY' &
import socket, sys, time
count, close = int(sys.argv[1]), len(sys.argv) > 2
held = [socket.create_connection(("10.217.0.2", 5555), 2) for _ in range(count)]
if close:
    for s in held:
        s.close()
    held = []
time.sleep(300)
PY
  at_exit "kill $! 2>/dev/null"
}

# wait_sockets COUNT: until the client namespace has COUNT sockets toward the server.
wait_sockets () {
  for _ in $(seq 100); do
    [ "$(ip netns exec "$client" ss -Htan dst 10.217.0.2:5555 | wc -l)" -ge "$1" ] && return
    sleep 0.05
  done
  fail "never saw $1 sockets toward the server"
}

hold 7
wait_sockets 7
run_check_in "$client" -H 10.217.0.2 -p 5555 --ephemeral-warn 80 -v
expect 0 "^CONN OK - " "7 of 10 ports in use stays OK at --ephemeral-warn 80"

hold 2 close
wait_sockets 9
run_check_in "$client" -H 10.217.0.2 -p 5555 --ephemeral-warn 80 -v
expect 1 "^CONN WARNING - 10\.217\.0\.2:5555 connected, but 9 of 10 local ports toward 10\.217\.0\.2:5555 are in use \(90%, warning at 80%\) \(local\.ephemeral_pressure\)" "9 of 10 ports in use is local.ephemeral_pressure"
expect_line "^evidence: sockets toward 10\.217\.0\.2:5555: 9 \(TIME_WAIT 2, ESTABLISHED 7\)$" "sockets counted by state, TIME_WAIT first"
show
run_check_in "$client" -H 10.217.0.2 -p 5555
expect 0 "^CONN OK - " "without --ephemeral-warn or --diagnose, usage is not checked on success"

hold 1
wait_sockets 10
run_check_in "$client" -H 10.217.0.2 -p 5555 -v
expect 2 "^CONN CRITICAL - 10\.217\.0\.2:5555 cannot assign requested address: 10 sockets toward 10\.217\.0\.2:5555 hold the 10 local ports of the ephemeral range \(local\.ephemeral_exhausted\)$" "all 10 ports in use is local.ephemeral_exhausted"
expect_line "^evidence: net\.ipv4\.ip_local_port_range = 40000 40009: 10 ports$" "the range is evidence"
expect_line "^evidence: sockets toward 10\.217\.0\.2:5555: 10 \(TIME_WAIT 2, ESTABLISHED 8\)$" "the counts are right"
expect_line "^evidence: net\.ipv4\.tcp_tw_reuse = 0 " "tcp_tw_reuse is evidence"
expect_line "^advice: widen net\.ipv4\.ip_local_port_range .*sysctl -p; enable net\.ipv4\.tcp_tw_reuse" "sysctl advice"
show

run_check_in "$client" -H 10.217.0.2 -p 5555 --source 10.217.0.77 -v
expect 3 "^CONN UNKNOWN - 10\.217\.0\.2:5555 cannot bind to source address 10\.217\.0\.77: it is not an address of this host \(local\.bad_source\)$" "a source not on this host is local.bad_source"
show
finish
