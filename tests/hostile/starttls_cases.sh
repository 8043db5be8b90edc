#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for hostile answers to a TLS upgrade (STARTTLS, STLS, AUTH
# TLS): scripted servers (server.py) that never finish an answer, answer with bytes that
# break naive output, agree and then send garbage or hang up. Each ends by -t + 0.2 s
# with one well-formed status line naming its cause (a hang-up reads as a close or, when
# the ClientHello crossed it, a reset).
: "${top_builddir:=$PWD}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"
need_cmd bc
need_cmd python3

MODES="starttls_endless starttls_nasty starttls_garbage starttls_drip starttls_hangup"
# shellcheck disable=SC2086 # one mode per word
timeout 120 python3 "$top_srcdir/tests/hostile/server.py" 100 "$TEST_TMP/ports" $MODES &
at_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do [ -s "$TEST_TMP/ports" ] && break; sleep 0.1; done
[ -s "$TEST_TMP/ports" ] || { fail "scripted servers did not start within 10 s"; finish; }
declare -A PORT
while read -r mode port; do PORT[$mode]=$port; done < "$TEST_TMP/ports"
T="-H 127.0.0.1 -t 3"

# shellcheck disable=SC2086 # $T is a list of options
GUARD_PATTERN="does not offer TLS: STARTTLS is not among the capabilities it answered to \"a1 CAPABILITY\" \(\"\* CAPABILITY IMAP4rev1 AUTH=PLAIN\"\) \(tls\.not_offered\)" \
  guard 2 "IMAP CAPABILITY answer that never ends" $T -p "${PORT[starttls_endless]}" --protocol imap --starttls
# shellcheck disable=SC2086
GUARD_PATTERN="does not offer TLS: STLS is not among the capabilities it answered to \"CAPA\" \(\"HTTP/1\.1 200 OK\\\\x7crc=0\"\) \(tls\.not_offered\)" \
  guard 2 "POP3 CAPA answer of control bytes, | and invalid UTF-8" $T -p "${PORT[starttls_nasty]}" --protocol pop3 --starttls -vv
# shellcheck disable=SC2086
GUARD_PATTERN="TLS handshake failed: after agreeing to AUTH TLS, the server answered in plain text \(it answered HTTP 200 OK\\\\x7crc=0\) \(tls\.plaintext_reply\)" \
  guard 2 "FTP 234, then garbage for a ServerHello" $T -p "${PORT[starttls_garbage]}" --protocol ftp --starttls -vv
# shellcheck disable=SC2086
GUARD_PATTERN="does not offer TLS: STARTTLS is not among the capabilities it answered to \"EHLO check-conn\.invalid\" \(\"250-mx\"\) \(tls\.not_offered\)" \
  guard 2 "SMTP EHLO answer a line a second, forever" $T -p "${PORT[starttls_drip]}" --protocol smtp --starttls
# shellcheck disable=SC2086
GUARD_PATTERN="TLS handshake failed: after agreeing to STARTTLS, the server (closed|reset) the connection \(tls\.handshake\)" \
  guard 2 "SMTP 220 to STARTTLS, then a hang-up" $T -p "${PORT[starttls_hangup]}" --protocol smtp --starttls
# The same servers in one bulk run.
printf '[defaults]\ntimeout = 3\nstarttls = true\n[group g]\nendpoints = 127.0.0.1:%s/imap, 127.0.0.1:%s/pop3, 127.0.0.1:%s/ftp, 127.0.0.1:%s/smtp, 127.0.0.1:%s/smtp\n' \
  "${PORT[starttls_endless]}" "${PORT[starttls_nasty]}" "${PORT[starttls_garbage]}" \
  "${PORT[starttls_drip]}" "${PORT[starttls_hangup]}" > "$TEST_TMP/starttls.ini"
GUARD_PATTERN="^CONN CRITICAL - g: 5 of 5 endpoints failing \(3 tls\.not_offered, 1 tls\.plaintext_reply, 1 tls\.handshake\)" \
  guard 2 "the five in bulk" -t 3 --config "$TEST_TMP/starttls.ini" -vv
finish
