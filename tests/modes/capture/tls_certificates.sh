#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Certificates and alerts from a capture: tcpdump on loopback records live TLS checks
# (TLS 1.2 forced by --tls-max 1.2, so the server's certificates cross the wire in clear)
# against nginx serving the test PKI of tests/modes/single/tls_lib.sh, then check_conn
# --pcap, given the same --ca-file and --certificate-days, must name conversation by
# conversation the cause and the state the live check named; a TLS 1.3 handshake says
# that nothing is judged.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

need_root "nginx runs with a throwaway configuration as root"
for cmd in tcpdump nginx openssl setsid python3; do need_cmd $cmd; done
"$CHECK_CONN" --help | grep -q -- '--pcap' || skip "built without libpcap"
make_pki "$TEST_TMP/pki" || skip "openssl could not make the test PKI"
start_on 10 start_tls_nginx || skip "$WHY"
read -r GOOD EXPIRED NOTYET EXPIRING WRONGNAME SELFSIGNED NOINTER TLS13 MTLS _ <<< "$PORTS"
CA="--ca-file $TEST_TMP/pki/root.pem"
DAYS="--certificate-days 7"

# capture FILE PORTS...: starts tcpdump on lo for those ports (TCPDUMP is its pid).
capture () {
  local file=$1 filter="" port
  shift
  for port in "$@"; do filter="${filter:+$filter or }tcp port $port"; done
  timeout 300 tcpdump -i lo --immediate-mode -U -w "$file" "$filter" \
    2>"$file.log" &
  TCPDUMP=$!
  at_exit "kill $TCPDUMP 2>/dev/null"
  for _ in $(seq 50); do grep -q listening "$file.log" && break; sleep 0.1; done
}
stop_capture () { sleep 0.3; kill "$TCPDUMP" 2>/dev/null || true; wait "$TCPDUMP" 2>/dev/null || true; }

# live ARGS...: a live check; appends its cause ("ok" when none) and state to LIVE.
LIVE=()
live () {
  local cause
  run_check -t 5 "$@"
  cause=$(printf '%s\n' "$OUT" | head -n 1 | sed -n 's/.* (\([a-z_.]*\)) |.*/\1/p')
  LIVE+=("${cause:-ok}/$(printf '%s\n' "$OUT" | head -n 1 | cut -d' ' -f2)")
}

# the_capture_agrees FILE WHAT ARGS...: check_conn --pcap FILE ARGS names each live
# check's cause and state, in order.
the_capture_agrees () {
  local file=$1 what=$2
  shift 2
  run_check --pcap "$file" --format json "$@"
  python3 - "$OUT" "${LIVE[@]}" <<'PY' && pass "$what" || fail "$what"
import json, sys
conversations = json.loads(sys.argv[1])["conversations"]
seen = ["%s/%s" % (c["cause"], c["state"]) for c in conversations]
if seen != sys.argv[2:]:
    sys.exit("capture %s\n   live %s" % (seen, sys.argv[2:]))
PY
}

TLS12="-H localhost -4 --protocol https --tls-max 1.2"
CAPTURE=$TEST_TMP/tls12.pcap
capture "$CAPTURE" "$GOOD" "$EXPIRED" "$NOTYET" "$EXPIRING" "$WRONGNAME" "$SELFSIGNED" \
  "$NOINTER" "$TLS13"
for port in "$GOOD" "$EXPIRED" "$NOTYET" "$EXPIRING" "$WRONGNAME" "$SELFSIGNED" "$NOINTER" \
            "$TLS13"; do
  # shellcheck disable=SC2086
  live $TLS12 -p "$port" $CA $DAYS
done
stop_capture
[ "${LIVE[*]}" = "ok/OK tls.cert_expired/CRITICAL tls.cert_not_yet_valid/CRITICAL tls.cert_expiring/WARNING tls.name_mismatch/CRITICAL tls.self_signed/CRITICAL tls.untrusted/CRITICAL tls.version/CRITICAL" ] \
  && pass "the live checks' causes" || fail "live causes: ${LIVE[*]}"
# shellcheck disable=SC2086
the_capture_agrees "$CAPTURE" "each certificate fault and the version alert, as the live checks named them" $CA $DAYS

# shellcheck disable=SC2086
run_check --pcap "$CAPTURE" --filter "tcp port $EXPIRED" $CA -v
expect 2 "^CONN CRITICAL - capture .*: 1 of 1 TCP conversations failed; first of the worst: .*TLS certificate expired on 20[0-9-]+ [0-9:]+ UTC, as of the capture's time \(20[0-9-]+ [0-9:]+ UTC\) \(tls\.cert_expired\)" \
  "the words say when the certificate was judged"
printf '%s\n' "$OUT" | grep -q "the server sent 2 certificates in clear (TLS 1\.2), judged at the capture's time .* against --ca-file, for the name the client asked for (SNI) localhost" \
  && pass "the evidence names the chain, the time, the roots and the name" \
  || fail "no certificate evidence: $OUT"
# shellcheck disable=SC2086
run_check --pcap "$CAPTURE" --filter "tcp port $TLS13" $CA
expect 2 "TLS handshake failed: the server sent the fatal alert protocol_version \(70\) \(tls\.version\)" \
  "an alert in a capture is named from the live check's table"

# --certificate-days WARN,CRIT: fewer days than CRIT is critical, offline as live.
LIVE=()
CAPTURE=$TEST_TMP/expiring.pcap
capture "$CAPTURE" "$EXPIRING"
# shellcheck disable=SC2086
live $TLS12 -p "$EXPIRING" $CA --certificate-days 30,7
stop_capture
# shellcheck disable=SC2086
the_capture_agrees "$CAPTURE" "fewer days than --certificate-days' CRIT: CRITICAL, as live" \
  $CA --certificate-days 30,7

# Without --ca-file both judge against the system store, which lacks the test root.
LIVE=()
CAPTURE=$TEST_TMP/system.pcap
capture "$CAPTURE" "$GOOD"
# shellcheck disable=SC2086
live $TLS12 -p "$GOOD"
stop_capture
the_capture_agrees "$CAPTURE" "a private root against the system store: tls.untrusted, as live"

# openssl s_server asking for a client certificate refuses a TLS 1.2 client without one
# by the alert handshake_failure, in clear after its CertificateRequest.
LIVE=()
CAPTURE=$TEST_TMP/client_certificate.pcap
PKI=$TEST_TMP/pki
SERVER_PORT=$(free_port)
setsid timeout 30 openssl s_server -accept "127.0.0.1:$SERVER_PORT" -quiet \
  -cert "$PKI/good.pem" -cert_chain "$PKI/inter.pem" -key "$PKI/good.key" -Verify 1 \
  -CAfile "$PKI/client_ca.pem" >"$TEST_TMP/s_server.log" 2>&1 &
at_exit "kill $! 2>/dev/null"
wait_listen "$SERVER_PORT" 5
capture "$CAPTURE" "$SERVER_PORT"
# shellcheck disable=SC2086
live -H localhost -4 -p "$SERVER_PORT" --protocol tls --tls-max 1.2 $CA
stop_capture
[ "${LIVE[*]}" = "tls.client_cert_required/CRITICAL" ] && pass "the live check: client certificate required" \
  || fail "live check against openssl s_server -Verify: ${LIVE[*]}"
# shellcheck disable=SC2086
the_capture_agrees "$CAPTURE" "an alert after a CertificateRequest: tls.client_cert_required, as live" $CA
# shellcheck disable=SC2086
run_check --pcap "$CAPTURE" $CA
expect 2 "TLS handshake failed: the server sent the fatal alert handshake_failure \(40\) after asking for a client certificate \(tls\.client_cert_required\)" \
  "the alert's words are the live check's"

# A 1,024-bit RSA key is too weak for the client's security level (Debian's openssl.cnf:
# 2): the live check refuses it in verification, and so must the capture.
openssl req -x509 -newkey rsa:1024 -nodes -days 10 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost" -keyout "$TEST_TMP/weak.key" \
  -out "$TEST_TMP/weak.pem" >/dev/null 2>&1 || fail "openssl could not make a 1024-bit certificate"
LIVE=()
CAPTURE=$TEST_TMP/weak.pcap
WEAK_PORT=$(free_port)
setsid timeout 30 openssl s_server -accept "127.0.0.1:$WEAK_PORT" -quiet -cert "$TEST_TMP/weak.pem" \
  -key "$TEST_TMP/weak.key" -cipher 'DEFAULT:@SECLEVEL=0' >"$TEST_TMP/weak_server.log" 2>&1 &
at_exit "kill $! 2>/dev/null"
wait_listen "$WEAK_PORT" 5
capture "$CAPTURE" "$WEAK_PORT"
live -H localhost -4 -p "$WEAK_PORT" --protocol tls --tls-max 1.2 --ca-file "$TEST_TMP/weak.pem"
stop_capture
[ "${LIVE[*]}" = "tls.untrusted/CRITICAL" ] && pass "the live check: a key too weak" \
  || fail "live check of a 1024-bit key: ${LIVE[*]}"
the_capture_agrees "$CAPTURE" "a key too weak for the client's security level: tls.untrusted, as live" \
  --ca-file "$TEST_TMP/weak.pem"

# TLS 1.3 hides the certificate; a ClientHello without SNI (an address) checks no name;
# a server asking for a client certificate is named in the evidence.
CAPTURE=$TEST_TMP/other.pcap
capture "$CAPTURE" "$TLS13" "$GOOD" "$MTLS"
run_check -t 5 -H localhost -4 -p "$TLS13" --protocol https $CA
run_check -t 5 -H 127.0.0.1 -p "$GOOD" --protocol https --tls-max 1.2 $CA
run_check -t 5 -H localhost -4 -p "$MTLS" --protocol https --tls-max 1.2 $CA
stop_capture
# shellcheck disable=SC2086
run_check --pcap "$CAPTURE" --format json $CA
python3 - "$OUT" <<'PY' && pass "TLS 1.3: not judged; no SNI: no name checked; mTLS named" \
  || fail "TLS 1.3, no SNI or mTLS capture: $OUT"
import json, sys
tls13, no_sni, mtls = json.loads(sys.argv[1])["conversations"]
assert tls13["cause"] == "ok", tls13
assert tls13["detail"] == ("connected, server speaks TLS 1.3: its certificate crosses the "
                           "wire encrypted, so the capture judges nothing of it"), tls13
assert no_sni["cause"] == "ok", no_sni
assert no_sni["detail"].startswith("connected, server speaks TLS 1.2: certificate for "
                                   "localhost, 127.0.0.1 valid until "), no_sni
assert any("for no name: the client asked for none (no SNI)" in line
           for line in no_sni["evidence"]), no_sni
assert any("asked for a client certificate" in line for line in mtls["evidence"]), mtls
PY
finish
