#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Options with --config: none is accepted and then ignored. Run-wide policies
# (--timeout-result, --state) apply to every endpoint and give the single check's verdict;
# options that describe one endpoint, or need a single check's side probes, exit 3 saying
# what to use instead.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
need_cmd nft nftables

# A namespace whose loopback drops SYNs to port 9, refuses port 1, and has a silent
# listener on port 8000.
NS=ccbulkopt-$$
make_netns "$NS"
ip netns exec "$NS" nft -f - <<'NFT'
table inet ccbulkopt {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 9 drop
  }
}
NFT
ip netns exec "$NS" bash -c "$(declare -f listen wait_port at_exit); listen 127.0.0.1 8000" \
  || fail "listener on 8000"
# The listener's python must end with the test; it stops on its own after 300 s anyway.
at_exit "ip netns pids $NS | xargs -r kill"

CONFIG=$TEST_TMP/bulk.ini
printf '[group web]\ntimeout = 1\nendpoints = 127.0.0.1:8000\n' > "$CONFIG"
DROPPED=$TEST_TMP/dropped.ini
printf '[group web]\ntimeout = 1\nendpoints = 127.0.0.1:9\n' > "$DROPPED"
REFUSED=$TEST_TMP/refused.ini
printf '[group web]\nstate = refused.not_listening=ok\nendpoints = 127.0.0.1:1\n' > "$REFUSED"

# --- run-wide policies: the bulk verdict is the single check's ---
run_check_in "$NS" -H 127.0.0.1 -p 9 -t 1 --timeout-result ok
expect 0 "^CONN OK - " "single check: --timeout-result ok makes a timeout OK"
run_check_in "$NS" --config "$DROPPED" --timeout-result ok
expect 0 "^CONN OK - web: " "bulk: --timeout-result ok applies to every endpoint"
printf '[group web]\ntimeout = 1\ntimeout-result = ok\nendpoints = 127.0.0.1:9\n' \
  > "$TEST_TMP/lenient.ini"
run_check_in "$NS" --config "$TEST_TMP/lenient.ini" --timeout-result critical
expect 2 "^CONN CRITICAL - web: .*timeout" "bulk: --timeout-result overrides the file's key"

run_check_in "$NS" -H 127.0.0.1 -p 1 --state refused=warning
expect 1 "^CONN WARNING - .*refused.not_listening" "single check: --state refused=warning"
run_check_in "$NS" --config "$REFUSED" --state refused=warning
expect 1 "^CONN WARNING - web: .*refused.not_listening" \
  "bulk: --state replaces the file's state list, as the single check's verdict"
run_check_in "$NS" --config "$REFUSED"
expect 0 "^CONN OK - " "bulk without --state: the file's state key decides"

# --- options that describe one endpoint: each would change the verdict, each is refused ---
run_check_in "$NS" --config "$CONFIG"
expect 0 "^CONN OK - web: " "bulk: the silent listener alone is OK"
run_check_in "$NS" -H 127.0.0.1 -p 8000 -t 1 --protocol ssh
expect 2 "^CONN CRITICAL - .*protocol" "single check: --protocol ssh makes it CRITICAL"
run_check_in "$NS" -H 127.0.0.1 -p 8000 -t 1 --source 192.0.2.9
expect 3 "^CONN UNKNOWN - .*local.bad_source" "single check: --source makes it UNKNOWN"

# refused OPTION REMEDY ARGS...: the bulk run exits 3 naming the option and the remedy.
refused () {
  local option=$1 remedy=$2
  shift 2
  run_check_in "$NS" --config "$CONFIG" "$@"
  expect 3 "^CONN UNKNOWN - $option and --config exclude each other; $remedy" \
    "bulk refuses $*"
}
refused --protocol "use the config key 'protocol' instead$" --protocol ssh
refused --identify "use the config key 'protocol = identify' instead$" --identify
refused --path "use the config key 'path' instead$" --path /x
refused --host-header "use the config key 'host-header' instead$" --host-header a.example
refused --sni "use the config key 'sni' instead$" --sni a.example
refused --source "use the config key 'source' instead$" --source 192.0.2.9
refused --expect-address "use the config key 'expect-address' instead$" \
  --expect-address 192.0.2.1
refused --service-port "use the config key 'service-port' instead$" --service-port 22
printf '192.0.2.0/24\n' > "$TEST_TMP/cdn.txt"
refused --front-proxy-cidrs "use the config key 'front-proxy-cidrs' instead$" \
  --front-proxy-cidrs "$TEST_TMP/cdn.txt"
refused --diagnose "use the config key 'diagnose = true' instead$" --diagnose
refused --ephemeral-warn "use the config key 'ephemeral-warn' instead$" --ephemeral-warn 1
refused --expect-status "use the config key 'expect-status' instead$" --expect-status 200
refused --expect-body "use the config key 'expect-body' instead$" --expect-body ok
refused --expect-regex "use the config key 'expect-regex' instead$" --expect-regex ok
refused --send "use the config key 'send' instead$" --send 'PING\r\n'
refused --expect "use the config key 'expect' instead$" --expect PONG

# Every key a refusal names exists: a file setting each one is valid.
for key in "protocol = identify" "path = /x" "host-header = a.example" "sni = a.example" \
    "source = 127.0.0.1" "expect-address = 192.0.2.1" "service-port = 22" \
    "front-proxy-cidrs = $TEST_TMP/cdn.txt" "diagnose = true" "ephemeral-warn = 1" \
    "send = PING\\r\\n" "expect = PONG"; do
  printf '[group web]\nendpoints = 127.0.0.1:8000\n%s\n' "$key" > "$TEST_TMP/key.ini"
  run_check --config "$TEST_TMP/key.ini" --check-config
  expect 0 "^CONN OK - .* is valid: 1 endpoint in 1 group$" "the config key '$key' exists"
done
refused --pcap "give either a capture file or a config file" --pcap /dev/null
refused --pcap "give either" --filter tcp
finish
