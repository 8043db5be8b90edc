#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TLS for IMAP, POP3 and FTP against dovecot and vsftpd: asked for within the protocol
# (IMAP STARTTLS, POP3 STLS, FTP AUTH TLS), offered and not, and spoken from the first
# byte (as on ports 993, 995 and 990); then the certificate is judged and the protocol
# checked inside TLS. Single checks, then the same in bulk.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

need_root "servers run with throwaway configurations as root"
for cmd in dovecot vsftpd openssl setsid python3; do need_cmd $cmd; done
make_pki "$TEST_TMP/pki" || skip "openssl could not make the test PKI"
chmod 755 "$TEST_TMP" "$TEST_TMP/pki"
start_on 4 start_dovecot_tls || skip "$WHY"
read -r IMAP IMAPS POP3 POP3S <<< "$PORTS"
start_on 4 start_dovecot_tls no || skip "$WHY"
read -r IMAP_PLAIN _ POP3_PLAIN _ <<< "$PORTS"
start_on 1 start_vsftpd_tls || skip "$WHY"
FTP=$PORTS
start_on 1 start_vsftpd_tls implicit || skip "$WHY"
FTPS=$PORTS
start_on 1 start_vsftpd_tls plain || skip "$WHY"
FTP_PLAIN=$PORTS
CA="--ca-file $TEST_TMP/pki/root.pem"
T="-H 127.0.0.1 -t 5"

run_check $T -p "$IMAP" --protocol imap --starttls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$IMAP speaks imap \(IMAP over TLS 1\.[23] after STARTTLS\): \* CAPABILITY IMAP4rev1 .*\|.* certificate_days=9;" \
  "dovecot IMAP: CAPABILITY, STARTTLS, handshake, CAPABILITY again inside TLS"
run_check $T -p "$IMAP" --protocol imap --starttls
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$IMAP TLS certificate not trusted: .* \(tls\.untrusted\)" \
  "dovecot IMAP: the certificate is verified after STARTTLS"
run_check $T -p "$IMAP_PLAIN" --protocol imap --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$IMAP_PLAIN the server does not offer TLS: STARTTLS is not among the capabilities it answered to \"a1 CAPABILITY\" \(\"\* CAPABILITY IMAP4rev1 [^\"]*\"\) \(tls\.not_offered\)" \
  "dovecot ssl = no: STARTTLS not in its CAPABILITY"
run_check $T -p "$IMAPS" --protocol imap --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$IMAPS speaks imap \(IMAP over TLS 1\.[23]\): \* OK \[CAPABILITY IMAP4rev1 " \
  "--tls: dovecot's IMAP greeting inside TLS (as on port 993)"
run_check $T -p "$IMAPS" --protocol imap $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$IMAPS not an IMAP server: it speaks TLS on this port \(use --tls, or tls = true in a config file\) \(tls\.on_plain_port\)" \
  "plain IMAP to the IMAPS port"
run_check $T -p "$IMAP" --protocol imap --tls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$IMAP TLS handshake failed: the server answered in plain text \(it speaks IMAP\) \(tls\.plaintext_reply\)" \
  "--tls to a STARTTLS port"

run_check $T -p "$POP3" --protocol pop3 --starttls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$POP3 speaks pop3 \(POP3 over TLS 1\.[23] after STLS\): \+OK .*\|.* certificate_days=9;" \
  "dovecot POP3: CAPA, STLS, handshake, CAPA again inside TLS"
run_check -H localhost -t 5 -p "$POP3" --protocol pop3 --starttls $CA --sni other.example
expect 2 "^CONN CRITICAL - localhost \(127\.0\.0\.1:$POP3\) TLS certificate is not for this name: it is for localhost, 127\.0\.0\.1 \(tls\.name_mismatch\)" \
  "dovecot POP3: the name is checked after STLS"
run_check $T -p "$POP3_PLAIN" --protocol pop3 --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$POP3_PLAIN the server does not offer TLS: STLS is not among the capabilities it answered to \"CAPA\" \(\"\+OK\"\) \(tls\.not_offered\)" \
  "dovecot ssl = no: STLS not in its CAPA list"
run_check $T -p "$POP3S" --protocol pop3 --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$POP3S speaks pop3 \(POP3 over TLS 1\.[23]\): \+OK Dovecot " \
  "--tls: dovecot's POP3 greeting inside TLS (as on port 995)"
run_check $T -p "$POP3" --protocol imap --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$POP3 not an IMAP server: it speaks POP3 \(protocol\.mismatch\)" \
  "--starttls imap to POP3: what answered"

run_check $T -p "$FTP" --protocol ftp --starttls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$FTP speaks ftp \(FTP over TLS 1\.[23] after AUTH TLS\): 211-Features:.*\|.* certificate_days=9;" \
  "vsftpd: AUTH TLS, handshake, FEAT inside TLS"
run_check $T -p "$FTP" --protocol ftp --starttls
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FTP TLS certificate not trusted: .* \(tls\.untrusted\)" \
  "vsftpd: the certificate is verified after AUTH TLS"
run_check $T -p "$FTP_PLAIN" --protocol ftp --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FTP_PLAIN the server does not offer TLS \(AUTH TLS\): it answered \"530 Please login with USER and PASS\.\" to our request for it \(tls\.not_offered\)" \
  "vsftpd without ssl_enable answers AUTH TLS with 530"
run_check $T -p "$FTPS" --protocol ftp --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$FTPS speaks ftp \(FTP over TLS 1\.[23]\): 220 \(vsFTPd 3\." \
  "--tls: vsftpd's greeting inside TLS (implicit_ssl, as on port 990)"
run_check $T -p "$FTP" --protocol imap --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FTP not an IMAP server: it speaks FTP \(protocol\.mismatch\)" \
  "--starttls imap to FTP: what answered"
run_check $T -p "$FTP" --protocol http --starttls
expect 3 "^CONN UNKNOWN - --starttls needs --protocol smtp, ftp, pop3, imap or postgresql$" \
  "--starttls with http names every protocol that has it"

# An alert after the upgrade: vsftpd offers only a PSK cipher to a client held to TLS 1.2.
start_on 1 start_vsftpd_tls pskonly || skip "$WHY"
FTP_PSK=$PORTS
run_check $T -p "$FTP_PSK" --protocol ftp --starttls --tls-max 1.2 $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FTP_PSK TLS handshake failed: the server sent the fatal alert handshake_failure \(40\) \(tls\.alert\)" \
  "vsftpd: the alert after AUTH TLS"

# The refusal and the alert are on the wire: a capture of the same checks names the
# same causes.
if command -v tcpdump >/dev/null && "$CHECK_CONN" --help 2>/dev/null | grep -q -- --pcap=; then
  timeout 30 tcpdump --immediate-mode -i lo -U -w "$TEST_TMP/upgrade.pcap" \
    "tcp port $FTP_PLAIN or tcp port $FTP_PSK or tcp port $POP3_PLAIN" 2>"$TEST_TMP/tcpdump.err" &
  TCPDUMP=$!
  at_exit "kill $TCPDUMP 2>/dev/null"
  for _ in $(seq 50); do grep -q listening "$TEST_TMP/tcpdump.err" && break; sleep 0.1; done
  run_check $T -p "$FTP_PLAIN" --protocol ftp --starttls $CA
  run_check $T -p "$FTP_PSK" --protocol ftp --starttls --tls-max 1.2 $CA
  # STLS itself, refused: the client sends it whatever CAPA said.
  timeout 10 python3 - "$POP3_PLAIN" <<'PY' || fail "the STLS client: exit $?"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 8)
s.recv(512); s.sendall(b"STLS\r\n")
assert s.recv(512).startswith(b"-ERR")
s.close()
PY
  # tcpdump drops what it has not read from the kernel yet when it is stopped.
  sleep 1; kill -INT $TCPDUMP; wait $TCPDUMP 2>/dev/null
  run_check --pcap "$TEST_TMP/upgrade.pcap" -v
  expect 2 "^CONN CRITICAL - capture .*: 3 of 3 TCP conversations failed; .*tls\.alert=1;.*tls\.not_offered=2;" \
    "capture: the three upgrades failed"
  printf '%s\n' "$OUT" | grep -q "127\.0\.0\.1:$FTP_PLAIN the server does not offer TLS (AUTH TLS): it answered \"530 Please login with USER and PASS\.\" to the client's request for it (tls\.not_offered)" \
    && pass "capture: AUTH TLS refused, as live" || fail "capture, AUTH TLS: $OUT"
  printf '%s\n' "$OUT" | grep -q "127\.0\.0\.1:$FTP_PSK TLS handshake failed: the server sent the fatal alert handshake_failure (40) (tls\.alert)" \
    && pass "capture: the alert after AUTH TLS, as live" || fail "capture, alert: $OUT"
  printf '%s\n' "$OUT" | grep -q "127\.0\.0\.1:$POP3_PLAIN the server does not offer TLS (STLS): it answered \"-ERR [^\"]*\" to the client's request for it (tls\.not_offered)" \
    && pass "capture: STLS refused" || fail "capture, STLS: $OUT"
else
  echo "note: captures not checked: needs tcpdump and check_conn built with libpcap"
fi

# The same in bulk, the setting as a config key.
CONFIG=$TEST_TMP/mail_ftp_tls.ini
cat > "$CONFIG" <<INI
[defaults]
timeout = 5
starttls = true
ca-file = $TEST_TMP/pki/root.pem
[group starttls]
endpoints = 127.0.0.1:$IMAP/imap, 127.0.0.1:$IMAP_PLAIN/imap, 127.0.0.1:$POP3/pop3, 127.0.0.1:$POP3_PLAIN/pop3, 127.0.0.1:$FTP/ftp, 127.0.0.1:$FTP_PLAIN/ftp
[group implicit]
starttls = false
tls = true
endpoints = 127.0.0.1:$IMAPS/imap, 127.0.0.1:$POP3S/pop3, 127.0.0.1:$FTPS/ftp
INI
run_check --config "$CONFIG" --format json
[ "$RC" -eq 2 ] && pass "bulk: CRITICAL" || fail "bulk: exit $RC: $OUT"
printf '%s\n' "$OUT" > "$TEST_TMP/report.json"
if python3 - "$TEST_TMP/report.json" "$IMAP" "$IMAP_PLAIN" "$POP3" "$POP3_PLAIN" "$FTP" \
     "$FTP_PLAIN" "$IMAPS" "$POP3S" "$FTPS" <<'PY'
import json, sys
ports = [int(p) for p in sys.argv[2:]]
want = dict(zip(ports, ["ok", "tls.not_offered"] * 3 + ["ok"] * 3))
results = {r["port"]: r for r in json.load(open(sys.argv[1]))["results"]}
assert len(results) == len(want), results
for port, cause in want.items():
    assert results[port]["cause"] == cause, results[port]
PY
then pass "bulk: the same causes as the single checks"; else fail "bulk causes: $OUT"; fi
finish
