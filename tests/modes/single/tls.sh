#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TLS against nginx serving a test PKI made here: a valid chain, expired, not yet valid,
# expiring in five days, a wrong name, self-signed, a missing intermediate, TLS 1.3 only
# against a client capped at 1.2, a required client certificate, and wss through nginx to
# websocketd next to a static location. Each case names its cause, as a single check.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

start_tls_servers
CA="--ca-file $TEST_TMP/pki/root.pem"
T="-H 127.0.0.1 -t 5"
OVER='over TLS 1\.[23], ALPN http/1\.1'

run_check $T -p "$GOOD" --protocol https $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$GOOD speaks https \(HTTP/1\.x $OVER\): HTTP/1\.1 200 OK \|.* certificate_days=9;;;0" \
  "a valid chain: HTTP checked inside TLS, days left in the perfdata"
run_check -H localhost -t 5 -p "$GOOD" --protocol https $CA
expect 0 "^CONN OK - localhost \(127\.0\.0\.1:$GOOD\) speaks https " "verified for the -H name"
run_check $T -p "$GOOD" --protocol tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$GOOD speaks TLS 1\.[23], ALPN http/1\.1: certificate for localhost, 127\.0\.0\.1 valid until 20[0-9-]+ [0-9:]+ UTC" \
  "tls: the handshake and the certificate"
run_check $T -p "$GOOD" --protocol https
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$GOOD TLS certificate not trusted: the chain the server sends \(2 certificates\) ends at check_conn test root, an issuer this host does not trust \(tls\.untrusted\)" \
  "a private CA is not in the system store"
run_check $T -p "$EXPIRED" --protocol https $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$EXPIRED TLS certificate expired on 20[0-9-]+ [0-9:]+ UTC \(tls\.cert_expired\) \|.* certificate_days=-1;" \
  "expired"
run_check $T -p "$NOTYET" --protocol https $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$NOTYET TLS certificate is not valid before 20[0-9-]+ [0-9:]+ UTC \(tls\.cert_not_yet_valid\)" \
  "not yet valid"
run_check $T -p "$EXPIRING" --protocol https $CA
expect 0 "^CONN OK - .*certificate_days=5;;;0" "expiring in 5 days, no --certificate-days: OK"
run_check $T -p "$EXPIRING" --protocol https $CA --certificate-days 30
expect 1 "^CONN WARNING - 127\.0\.0\.1:$EXPIRING TLS certificate expires in 5 days \(certificate for localhost, 127\.0\.0\.1 valid until [^)]*\); speaks https \(HTTP/1\.x $OVER\): HTTP/1\.1 200 OK \(tls\.cert_expiring\) \|.* certificate_days=5;30:;;0" \
  "expiring in 5 days, --certificate-days 30: WARNING"
run_check $T -p "$EXPIRING" --protocol https $CA --certificate-days 30,7
expect 2 "^CONN CRITICAL - .*\(tls\.cert_expiring\) \|.* certificate_days=5;30:;7:;0" \
  "expiring in 5 days, --certificate-days 30,7: CRITICAL"
run_check $T -p "$EXPIRING" --protocol https $CA --certificate-days 5,2
expect 0 "^CONN OK - " "5 days left is not fewer than 5"
run_check $T -p "$WRONGNAME" --protocol https $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$WRONGNAME TLS certificate is not for this name: it is for other\.example, www\.other\.example \(tls\.name_mismatch\)" \
  "wrong name: the names it carries"
run_check $T -p "$WRONGNAME" --protocol https $CA --sni www.other.example
expect 0 "^CONN OK - " "--sni names the certificate's name"
run_check $T -p "$SELFSIGNED" --protocol https $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SELFSIGNED TLS certificate is self-signed \(for localhost, 127\.0\.0\.1\) and not in the trusted store \(tls\.self_signed\)" \
  "self-signed"
run_check $T -p "$SELFSIGNED" --protocol https --insecure
expect 0 "^CONN OK - 127\.0\.0\.1:$SELFSIGNED speaks https " "--insecure skips verification"
run_check $T -p "$SELFSIGNED" --protocol https --ca-file "$TEST_TMP/pki/selfsigned.pem"
expect 0 "^CONN OK - " "a self-signed certificate trusted with --ca-file"
run_check $T -p "$NOINTER" --protocol https $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$NOINTER TLS certificate not trusted: the server sends no intermediate certificate \(its certificate, issued by check_conn test intermediate, comes alone\) and this host cannot complete the chain \(tls\.untrusted\)" \
  "missing intermediate"
run_check $T -p "$TLS13" --protocol https $CA
expect 0 "^CONN OK - .*over TLS 1\.3, ALPN http/1\.1\)" "a TLS 1.3-only server"
run_check $T -p "$TLS13" --protocol tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$TLS13 speaks TLS 1\.3, ALPN h2: " "tls: ALPN h2 offered and reported"
run_check $T -p "$GOOD" --identify
expect 0 "^CONN OK - 127\.0\.0\.1:$GOOD identified https \(HTTP/1\.x $OVER\): HTTP/1\.1 200 OK, server nginx/[0-9.]+ \|" \
  "--identify looks inside TLS: HTTP/1.1 and the server's name"
run_check $T -p "$TLS13" --identify
expect 0 "^CONN OK - 127\.0\.0\.1:$TLS13 identified https \(HTTP/2 over TLS 1\.3, ALPN h2\)" \
  "--identify looks inside TLS: HTTP/2 chosen by ALPN"
run_check $T -p "$TLS13" --protocol https $CA --tls-max 1.2
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$TLS13 TLS handshake failed: the server sent the fatal alert protocol_version \(70\) \(tls\.version\)" \
  "TLS 1.3 only against a client capped at 1.2"
for max in 1.2 1.3; do
  run_check $T -p "$MTLS" --protocol https $CA --tls-max $max
  expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$MTLS the server asked for a TLS client certificate and, without one, answered HTTP 400 Bad Request \(tls\.client_cert_required\)" \
    "a required client certificate (TLS $max)"
done
run_check $T -p "$WSS" --protocol wss --path /ws/ $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$WSS speaks wss \(WebSocket $OVER\): HTTP/1\.1 101 Switching Protocols" \
  "wss through nginx to websocketd"
run_check $T -p "$WSS" --protocol wss --path / $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$WSS WebSocket handshake failed: server answered HTTP 200 OK \(it speaks plain HTTP here, not WebSocket\) \(protocol\.mismatch\)" \
  "wss to a static location: the same words as ws"
run_check $T -p "$WS_BACKEND" --protocol wss
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$WS_BACKEND TLS handshake failed: the server answered in plain text \(it answered HTTP 400 Bad Request\) \(tls\.plaintext_reply\)" \
  "wss to plain websocketd"
finish
