#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Identification of real non-web services, and mismatches against them: redis-server,
# memcached, mosquitto, vsftpd, dovecot (IMAP and POP3) and exim4 (SMTP), on loopback
# high ports.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

need_root "servers run with throwaway configurations as root"
for cmd in redis-server memcached mosquitto vsftpd dovecot exim4 setsid; do need_cmd $cmd; done

start_on 1 start_redis || skip "$WHY"
REDIS=$PORTS
start_on 1 start_memcached || skip "$WHY"
MEMCACHED=$PORTS
start_on 1 start_mosquitto || skip "$WHY"
MQTT=$PORTS
start_on 1 start_vsftpd || skip "$WHY"
FTP=$PORTS
start_on 2 start_dovecot || skip "$WHY"
read -r IMAP POP3 <<< "$PORTS"
start_on 1 start_exim || skip "$WHY"
SMTP=$PORTS
T="-H 127.0.0.1 -t 5"

for case in "$REDIS redis" "$MEMCACHED memcached" "$MQTT mqtt" "$FTP ftp" "$IMAP imap" \
            "$POP3 pop3" "$SMTP smtp"; do
  set -- $case
  expect_identified "$1" "$2"
  expect_speaks "$1" "$2"
done

# Redis closes on an HTTP request without a word: identification must reconnect.
run_check $T -p "$REDIS" --protocol http
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$REDIS not an HTTP server: it speaks Redis \(it dropped the connection at our request without a word\) \(protocol\.mismatch\)" \
  "http:// to redis"
run_check $T -p "$SMTP" --protocol ftp
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$SMTP not an FTP server: it speaks SMTP \(protocol\.mismatch\)" \
  "ftp to an SMTP server, both greet 220"
run_check $T -p "$FTP" --protocol smtp
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$FTP not an SMTP server: it speaks FTP \(protocol\.mismatch\)" \
  "smtp to an FTP server"
run_check $T -p "$MQTT" --protocol ws
expect 2 "\((protocol\.mismatch|conn\.reset)\)" "ws:// to an MQTT broker"
finish
