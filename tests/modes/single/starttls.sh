#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --starttls: TLS asked for within the protocol, then the certificate and the protocol
# checked over it, against exim (STARTTLS offered, and not; and --tls, TLS from the
# first byte as on port 465) and PostgreSQL (ssl = on, and off): single checks, then the same in bulk.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

need_root "servers run with throwaway configurations as root"
for cmd in exim4 openssl setsid runuser python3; do need_cmd $cmd; done
make_pki "$TEST_TMP/pki" || skip "openssl could not make the test PKI"
start_on 1 start_exim_tls || skip "$WHY"
EXIM_TLS=$PORTS
start_on 1 start_exim_tls "" || skip "$WHY"
EXIM_PLAIN=$PORTS
start_on 1 start_exim_tls "*" yes || skip "$WHY"
EXIM_IMPLICIT=$PORTS
start_on 1 start_postgresql_tls || skip "$WHY"
PG_TLS=$PORTS
# A second cluster of its own: start_postgresql keeps one data directory per test.
PG_PLAIN=$(free_ports 1)
(TEST_TMP=$TEST_TMP/second; mkdir -p "$TEST_TMP"; start_postgresql "$PG_PLAIN") || skip "$WHY"
CA="--ca-file $TEST_TMP/pki/root.pem"
T="-H 127.0.0.1 -t 5"

run_check $T -p "$EXIM_TLS" --protocol smtp --starttls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$EXIM_TLS speaks smtp \(SMTP over TLS 1\.[23] after STARTTLS\): 250-localhost Hello check-conn\.invalid \[127\.0\.0\.1\] \|.* certificate_days=9;" \
  "exim: EHLO, STARTTLS, handshake, EHLO again inside TLS"
run_check $T -p "$EXIM_TLS" --protocol smtp --starttls
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$EXIM_TLS TLS certificate not trusted: the chain the server sends \(2 certificates\) ends at check_conn test root, an issuer this host does not trust \(tls\.untrusted\)" \
  "exim: the certificate is verified after STARTTLS"
run_check $T -p "$EXIM_PLAIN" --protocol smtp --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$EXIM_PLAIN the server does not offer TLS: STARTTLS is not among the capabilities it answered to \"EHLO check-conn\.invalid\" \(\"250-[^\"]*\"\) \(tls\.not_offered\)" \
  "exim without TLS: STARTTLS not in its EHLO answer"
run_check $T -p "$EXIM_IMPLICIT" --protocol smtp --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$EXIM_IMPLICIT speaks smtp \(SMTP over TLS 1\.[23]\): 220 localhost ESMTP Exim " \
  "--tls: exim's greeting inside TLS (as on port 465)"
run_check $T -p "$EXIM_IMPLICIT" --protocol smtp $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$EXIM_IMPLICIT not an SMTP server: it speaks TLS on this port \(use --tls, or tls = true in a config file\) \(tls\.on_plain_port\)" \
  "plain SMTP to an implicit-TLS port"
run_check $T -p "$EXIM_TLS" --protocol smtp --tls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$EXIM_TLS TLS handshake failed: the server answered in plain text \(it speaks SMTP\) \(tls\.plaintext_reply\)" \
  "--tls to a STARTTLS port"
run_check $T -p "$PG_TLS" --protocol postgresql --starttls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$PG_TLS speaks postgresql \(PostgreSQL over TLS 1\.3 after SSLRequest\)" \
  "PostgreSQL ssl = on: SSLRequest, then TLS"
run_check -H localhost -t 5 -p "$PG_TLS" --protocol postgresql --starttls $CA --sni other.example
expect 2 "^CONN CRITICAL - localhost \(127\.0\.0\.1:$PG_TLS\) TLS certificate is not for this name: it is for localhost, 127\.0\.0\.1 \(tls\.name_mismatch\)" \
  "PostgreSQL: the name is checked too"
run_check $T -p "$PG_PLAIN" --protocol postgresql --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$PG_PLAIN the server does not offer TLS \(SSLRequest\): it answered \"N\" to our request for it \(tls\.not_offered\)" \
  "PostgreSQL ssl = off answers N"
run_check $T -p "$PG_TLS" --protocol smtp --starttls $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$PG_TLS not an SMTP server: " "--starttls smtp to PostgreSQL: what answered"
run_check $T -p "$PG_TLS" --protocol http --starttls
expect 3 "^CONN UNKNOWN - --starttls needs --protocol smtp, ftp, pop3, imap or postgresql" "--starttls with http"
run_check $T -p "$PG_TLS" --protocol smtp --starttls --tls
expect 3 "^CONN UNKNOWN - --tls needs --protocol of a protocol to speak inside TLS .*without --starttls" \
  "--tls with --starttls"

# The same in bulk, the setting as a config key.
CONFIG=$TEST_TMP/starttls.ini
printf '[defaults]\ntimeout = 5\nstarttls = true\nca-file = %s\n[group mail]\nendpoints = 127.0.0.1:%s/smtp, 127.0.0.1:%s/smtp\n[group db]\nendpoints = 127.0.0.1:%s/postgresql, 127.0.0.1:%s/postgresql\n[group smtps]\nstarttls = false\ntls = true\nendpoints = 127.0.0.1:%s/smtp\n' \
  "$TEST_TMP/pki/root.pem" "$EXIM_TLS" "$EXIM_PLAIN" "$PG_TLS" "$PG_PLAIN" "$EXIM_IMPLICIT" > "$CONFIG"
run_check --config "$CONFIG" --format json
[ "$RC" -eq 2 ] && pass "bulk: CRITICAL" || fail "bulk: exit $RC: $OUT"
printf '%s\n' "$OUT" > "$TEST_TMP/report.json"
if python3 - "$TEST_TMP/report.json" "$EXIM_TLS" "$EXIM_PLAIN" "$PG_TLS" "$PG_PLAIN" "$EXIM_IMPLICIT" <<'PY'
import json, sys
ports = [int(p) for p in sys.argv[2:]]
want = dict(zip(ports, ["ok", "tls.not_offered", "ok", "tls.not_offered", "ok"]))
results = {r["port"]: r for r in json.load(open(sys.argv[1]))["results"]}
for port, cause in want.items():
    assert results[port]["cause"] == cause, results[port]
PY
then pass "bulk: the same causes as the single checks"; else fail "bulk causes: $OUT"; fi
finish
