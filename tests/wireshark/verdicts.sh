#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The plugin under real tshark names, for every failed conversation of every capture the
# suite makes, the cause and state check_conn --pcap names in JSON: the captures of
# real failures in tests/fuzz/corpus/capture, a synthetic mix (bench/pcap_synth.py) and,
# as root, the capture tests/modes/capture/classify.sh makes in network namespaces. The
# display filter check_conn selects exactly the failed conversations, on the frame that
# settled each; Expert Info and -z check_conn,causes count them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tshark_lib.sh"
need_cmd python3

FIELDS=(-T fields -e check_conn.client -e check_conn.server -e check_conn.cause
        -e check_conn.state)

# compare NAME CAPTURE: check_conn and the plugin on one capture.
compare () {
  local name=$1 capture out
  capture=$(readable "$2")
  out=$TEST_TMP/$name
  run_check --pcap "$capture" --pcap-format json
  [ "$RC" -le 2 ] || { fail "$name: check_conn --pcap exit $RC: $OUT"; return; }
  printf '%s\n' "$OUT" >"$out.json"
  plugin_tshark -2 -r "$capture" -Y check_conn "${FIELDS[@]}" >"$out.fields" \
    || { fail "$name: tshark -2 -Y check_conn: $(cat "$TEST_TMP/tshark.err")"; return; }
  plugin_tshark -r "$capture" -q -z check_conn,causes >"$out.one-pass" \
    || { fail "$name: tshark -z check_conn,causes: $(cat "$TEST_TMP/tshark.err")"; return; }
  plugin_tshark -2 -r "$capture" -q -z check_conn,causes >"$out.two-pass" \
    || { fail "$name: tshark -2 -z check_conn,causes: $(cat "$TEST_TMP/tshark.err")"; return; }
  if python3 "$top_srcdir/tests/wireshark/compare_verdicts.py" "$out.json" "$out.fields" \
       "$out.one-pass" "$out.two-pass" >"$out.diff"; then
    pass "$name: $(cat "$out.diff")"
  else
    fail "$name: the plugin and check_conn --pcap disagree:"; head -n 20 "$out.diff"
  fi
}

# settled_on CAPTURE CAUSE FILTER: every frame carrying CAUSE also matches FILTER.
settled_on () {
  local capture frames wrong
  capture=$(readable "$1")
  frames=$(plugin_tshark -2 -r "$capture" -Y "check_conn.cause == \"$2\"" -T fields -e frame.number | wc -l)
  wrong=$(plugin_tshark -2 -r "$capture" -Y "check_conn.cause == \"$2\" && !($3)" -T fields -e frame.number | wc -l)
  if [ "$frames" -gt 0 ] && [ "$wrong" -eq 0 ]; then
    pass "$2 sits on the frame that settled it ($3), $frames frame(s)"
  else
    fail "$2: $frames frame(s), $wrong not matching $3"
  fi
}

CORPUS=$top_srcdir/tests/fuzz/corpus/capture
for capture in "$CORPUS"/netns-failures.pcap "$CORPUS"/netns-failures.pcapng "$CORPUS"/mixed-start.pcap; do
  compare "$(basename "$capture")" "$capture"
done
# Certificates in clear (tests/hostile/tls_captures.py) reach the plugin by the same
# judgement, against the system store.
for capture in "$CORPUS"/tls-*.pcap; do
  compare "$(basename "$capture")" "$capture"
done
detail=$(plugin_tshark -2 -r "$(readable "$CORPUS/tls-split.pcap")" -Y check_conn -T fields -e check_conn.detail)
case $detail in
  "TLS certificate is self-signed (for localhost) and not in the trusted store, as of the capture's time ("*" UTC)")
    pass "a certificate's verdict in the plugin's tree: $detail" ;;
  *) fail "the plugin's verdict on tls-split.pcap: '$detail'" ;;
esac
# The plugin finds the TLS module as check_conn does ($CHECK_CONN_TLS_MODULE here, as for
# every test). Without it a certificate is not judged (the plugin shows only failures, so
# nothing), tshark does not fail, and a verdict that needs no module still comes out.
without_module () {
  CHECK_CONN_TLS_MODULE=$TEST_TMP/no/tls_openssl.so plugin_tshark -2 -r "$(readable "$1")" \
    -Y check_conn -T fields -e check_conn.cause
}
if causes=$(without_module "$CORPUS/tls-split.pcap") && [ -z "$causes" ]; then
  pass "without the TLS module, tls-split.pcap's certificate is not judged"
else
  fail "without the TLS module, tls-split.pcap gave '$causes' ($(head -c 300 "$TEST_TMP/tshark.err"))"
fi
causes=$(without_module "$CORPUS/tls-alert-after-request.pcap" | sort -u)
[ "$causes" = tls.client_cert_required ] \
  && pass "without the TLS module, an alert is still named: $causes" \
  || fail "without the TLS module, tls-alert-after-request.pcap gave '$causes'"

python3 "$top_srcdir/bench/pcap_synth.py" "$TEST_TMP/synthetic.pcap" 4 >/dev/null
compare synthetic.pcap "$TEST_TMP/synthetic.pcap"

FAILURES_CAPTURE=$CORPUS/netns-failures.pcap
settled_on "$FAILURES_CAPTURE" refused.not_listening "tcp.flags.reset == 1 && ip.src == 10.77.0.2"
settled_on "$FAILURES_CAPTURE" timeout.no_answer "tcp.flags.syn == 1 && tcp.flags.ack == 0"
settled_on "$FAILURES_CAPTURE" unreachable.host "icmp.type == 3 || icmpv6.type == 1"
settled_on "$FAILURES_CAPTURE" unreachable.prohibited "icmp.type == 3 && icmp.code == 13"
settled_on "$FAILURES_CAPTURE" protocol.mismatch "tcp.srcport in {8080 2222} && tcp.len > 0"
# The last retransmitted SYN, not the first one.
last_syn=$(plugin_tshark -r "$(readable "$FAILURES_CAPTURE")" -Y "tcp.dstport == 81 && tcp.flags.syn == 1" -T fields -e frame.number | tail -n 1)
marked=$(plugin_tshark -2 -r "$(readable "$FAILURES_CAPTURE")" -Y 'check_conn.cause == "timeout.no_answer"' -T fields -e frame.number)
[ -n "$last_syn" ] && [ "$marked" = "$last_syn" ] && pass "timeout.no_answer is on the last SYN (frame $marked)" \
  || fail "timeout.no_answer on frame '$marked', the last SYN is frame '$last_syn'"

# A display filter on the state selects exactly the failing conversations: every
# conversation of this capture failed, and the synthetic one mixes good and bad.
failing=$(python3 -c 'import json,sys; print(sum(c["cause"] != "ok" for c in json.load(open(sys.argv[1]))["conversations"]))' "$TEST_TMP/synthetic.pcap.json")
selected=$(plugin_tshark -2 -r "$TEST_TMP/synthetic.pcap" -Y 'check_conn.state == "CRITICAL" || check_conn.state == "WARNING"' -T fields -e frame.number | wc -l)
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["conversations"]))' "$TEST_TMP/synthetic.pcap.json")
[ "$selected" -eq "$failing" ] && [ "$failing" -lt "$total" ] \
  && pass "the state filter selects the $failing failing conversations of $total" \
  || fail "the state filter selects $selected frames; $failing of $total conversations failed"
mismatch=$(plugin_tshark -2 -r "$TEST_TMP/synthetic.pcap" -Y 'check_conn.cause == "protocol.mismatch" && check_conn.identified == "ssh" && check_conn.expected == "http"' -T fields -e frame.number | wc -l)
[ "$mismatch" -gt 0 ] && pass "identified and expected filter too: $mismatch HTTP requests answered by SSH" \
  || fail "no frame matches check_conn.identified == \"ssh\" && check_conn.expected == \"http\""

# Expert Info: one Error per CRITICAL verdict, grouped by cause.
plugin_tshark -2 -r "$(readable "$FAILURES_CAPTURE")" -q -z expert,error >"$TEST_TMP/expert.txt"
errors=$(awk '$3 == "check_conn" { n += $1 } END { print n + 0 }' "$TEST_TMP/expert.txt")
critical=$(grep -c CRITICAL "$TEST_TMP/netns-failures.pcap.fields" || true)
[ "$errors" -eq "$critical" ] && [ "$critical" -gt 0 ] \
  && grep -q 'check_conn  protocol.mismatch: ' "$TEST_TMP/expert.txt" \
  && pass "Expert Info lists $errors errors by cause, one per CRITICAL verdict" \
  || { fail "Expert Info counts $errors check_conn errors for $critical CRITICAL verdicts"; cat "$TEST_TMP/expert.txt"; }

if [ "$(id -u)" -eq 0 ] && [ -z "${CC_KEEP_CAPTURE:-}" ]; then
  if CC_KEEP_CAPTURE=$TEST_TMP/classify.pcap bash "$top_srcdir/tests/modes/capture/classify.sh" \
       >"$TEST_TMP/classify.log" 2>&1 && [ -s "$TEST_TMP/classify.pcap" ]; then
    compare classify.pcap "$TEST_TMP/classify.pcap"
  else
    echo "note: tests/modes/capture/classify.sh made no capture here: $(tail -n 1 "$TEST_TMP/classify.log")"
  fi
fi
finish
