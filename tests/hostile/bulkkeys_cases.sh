#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard on the config keys for the diagnosis (expect-address, service-port,
# ephemeral-warn, front-proxy-cidrs, diagnose), protocol = identify, --check-config's list
# of every error and counts over 100%: bad values end at once with one line naming the
# file, line and key (exit 3); good ones run within -t.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"

files=$TEST_TMP
mkfifo "$files/fifo"
mkdir "$files/dir"
truncate -s 100M "$files/huge"
printf '192.0.2.0/24\nnot a range\n' > "$files/bad_cidrs.txt"
printf '127.0.0.0/8\n' > "$files/cidrs.txt"
PORT=$(free_port)

# bad KEY VALUE PATTERN: a [defaults] KEY = VALUE is refused on line 2, in a run and by
# --check-config.
bad () {
  local key=$1 value=$2 pattern=$3 ini
  ini="$files/$(printf '%s' "$key$value" | md5sum | cut -c 1-8).ini"
  printf '[defaults]\n%s = %s\n[group g]\nendpoints = 127.0.0.1:%s\n' "$key" "$value" \
    "$PORT" > "$ini"
  GUARD_PATTERN="^CONN UNKNOWN - $ini:2: \[defaults\] $key: $pattern" \
    guard 3 "$key = $value" -t 1 --config "$ini"
  GUARD_PATTERN="^CONN UNKNOWN - $ini:2: \[defaults\] $key: $pattern" \
    guard 3 "$key = $value, --check-config" -t 1 --config "$ini" --check-config
}

bad expect-address "not-an-address" ".*is not an IPv4 or IPv6 address or prefix"
bad expect-address "192.0.2.0/33" ".*the prefix length must be a number"
bad expect-address "$(head -c 100000 /dev/zero | tr '\0' 'a')" "--expect-address: 'aaaa"
bad service-port "0" "--service-port '0' is not a number from 1 to 65535"
bad service-port "22, 70000" "--service-port '70000' is not a number"
bad service-port "22,,23" "--service-port '' is not a number"
bad ephemeral-warn "0" ".*'0' is not a whole percentage from 1 to 100"
bad ephemeral-warn "150" ".*'150' is not a whole percentage"
bad ephemeral-warn "-1" ".*'-1' is not a whole percentage"
bad front-proxy-cidrs /dev/zero "/dev/zero is a character device, not a regular file"
bad front-proxy-cidrs "$files/fifo" "$files/fifo is a FIFO, not a regular file"
bad front-proxy-cidrs "$files/dir" "$files/dir is a directory"
bad front-proxy-cidrs "$files/huge" "$files/huge is larger than"
bad front-proxy-cidrs "$files/missing" "$files/missing: cannot open"
bad front-proxy-cidrs "$files/bad_cidrs.txt" ".*bad_cidrs.txt:2"
bad diagnose "yes" "'yes' is not true or false"
bad diagnose "" "'' is not true or false"
bad protocol "identity" "unknown protocol 'identity'"
bad certificate-days "30,60" "certificate days '30,60' is not WARN or WARN,CRIT"
bad certificate-days "soon" "certificate days 'soon' is not WARN"
bad certificate-days "$(head -c 100000 /dev/zero | tr '\0' '9')" "certificate days '9999"
bad tls-max "1.1" "TLS version '1.1' is not 1.2 or 1.3"
bad insecure "yes" "'yes' is not true or false"
bad starttls "1" "'1' is not true or false"
bad tls "on" "'on' is not true or false"
printf '[defaults]\nstarttls = true\n[group g]\nendpoints = 127.0.0.1:%s/http\n' "$PORT" > "$files/starttls.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/starttls.ini:4: \[group g\] endpoints: --starttls needs --protocol smtp, ftp, pop3, imap or postgresql" \
  guard 3 "starttls = true for http" -t 1 --config "$files/starttls.ini"
bad ca-file /dev/zero "/dev/zero is a character device, not a regular file"
bad ca-file "$files/fifo" "$files/fifo is a FIFO, not a regular file"
bad ca-file "$files/huge" "$files/huge is larger than"
bad ca-file "$files/missing" "$files/missing: cannot open"
bad ca-file "$files/cidrs.txt" "CA file '.*cidrs.txt' holds no PEM certificate"
bad warning-count "150%" "'150%': a percentage of the endpoints is at most 100%"
bad critical-count "~:101%" "'~:101%': a percentage of the endpoints is at most 100%"
bad expect-status "2xx" "'2xx' is not a status"
bad expect-status "" "'' is not a status"
bad expect-body "$(head -c 2000 /dev/zero | tr '\0' 'b')" "must hold 1 to 1024 bytes, not 2000"
bad expect-regex "a(" "not a regular expression \(PCRE\): error at char 2"
bad send 'GET\q' "a backslash must start"
bad expect '\x0' "a backslash must start"
bad send "" "must hold 1 to 1024 bytes, not 0"
# Keys that do not fit the protocol name the endpoint's line.
printf '[defaults]\nexpect-status = 200\n[group g]\nendpoints = 127.0.0.1:%s\n' "$PORT" \
  > "$files/status_tcp.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/status_tcp.ini:4: \[group g\] endpoints: --expect-status, --expect-body and --expect-regex judge an HTTP answer" \
  guard 3 "expect-status on a tcp endpoint" -t 1 --config "$files/status_tcp.ini"
printf '[defaults]\nsend = PING\\r\\n\nprotocol = redis\n[group g]\nendpoints = 127.0.0.1:%s\n' \
  "$PORT" > "$files/send_redis.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/send_redis.ini:5: \[group g\] endpoints: --send and --expect are for protocols" \
  guard 3 "send with a protocol" -t 1 --config "$files/send_redis.ini"

# The same on the command line.
printf '[group g]\nendpoints = 127.0.0.1:%s\n' "$PORT" > "$files/one.ini"
GUARD_PATTERN="^CONN UNKNOWN - --critical-count: '101%': a percentage of the endpoints is at most 100%" \
  guard 3 "--critical-count 101%" -t 1 --config "$files/one.ini" --critical-count 101%
GUARD_PATTERN="^CONN UNKNOWN - --warning-count: '150%': a percentage of the endpoints is at most 100%" \
  guard 3 "--warning-count 150% --check-config" -t 1 --config "$files/one.ini" \
  --warning-count 150% --check-config

# Many errors: a run says the first and counts the rest, on one line, even when the
# first is as long as a message gets.
long=$(head -c 5000 /dev/zero | tr '\0' 'x')
{ echo "[defaults]"; echo "timeout = $long"; for i in $(seq 300); do echo "key$i = 1"; done
  echo "[group g]"; echo "endpoints = 127.0.0.1:$PORT"; } > "$files/many.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/many.ini:2: \[defaults\] timeout: .* \(and 99 or more errors; run --check-config\)$" \
  guard 3 "300 bad keys and a long value" -t 1 --config "$files/many.ini"
{ echo "[group g]"; echo "endpoints = 127.0.0.1:$PORT"
  head -c 7000000 /dev/zero | tr '\0' '\n' | sed 's/^$/x/'; } > "$files/lines.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/lines.ini:3: .* \(and 99 or more errors; run --check-config\)$" \
  guard 3 "7 million bad lines" -t 1 --config "$files/lines.ini"

# Good TLS values run and end by -t.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=guard -keyout "$files/ca.key" \
  -out "$files/ca.pem" >/dev/null 2>&1 || skip "needs openssl"
printf '[defaults]\nprotocol = https\nca-file = %s\ninsecure = false\ncertificate-days = 30,7\ntls-max = 1.2\nsni = a.example\n[group g]\nendpoints = 127.0.0.1:%s\n' \
  "$files/ca.pem" "$PORT" > "$files/tls.ini"
GUARD_PATTERN="^CONN CRITICAL - g: 1 of 1 endpoint failing \(1 refused\.not_listening\)" \
  guard 2 "every TLS key on a refused port" -t 1 --config "$files/tls.ini"

# Good values run, and end by -t: diagnose = true on a refused port reads the evidence.
printf '[defaults]\ndiagnose = true\nservice-port = 1\nephemeral-warn = 90\nexpect-address = 127.0.0.1\nfront-proxy-cidrs = %s\nprotocol = identify\n[group g]\nendpoints = 127.0.0.1:%s\n' \
  "$files/cidrs.txt" "$PORT" > "$files/good.ini"
GUARD_PATTERN="^CONN CRITICAL - g: 1 of 1 endpoint failing \(1 refused\.not_listening\)" \
  guard 2 "every diagnosis key on a refused port" -t 1 --config "$files/good.ini"
printf '[group g]\nprotocol = http\nexpect-status = 200,301-302\nexpect-body = ok\nexpect-regex = ^o.$\nendpoints = 127.0.0.1:%s\n[group raw]\nsend = \\x00\\x1b|\\r\\n\nexpect = \\xff\nexpect-status = 200\nendpoints = 127.0.0.1:%s\n' \
  "$PORT" "$PORT" > "$files/answers.ini"
GUARD_PATTERN="^CONN UNKNOWN - $files/answers.ini:11: \[group raw\] endpoints: --expect-status" \
  guard 3 "expect-status in a group without protocol http" -t 1 --config "$files/answers.ini"
sed -i '/^expect-status = 200$/d' "$files/answers.ini"
GUARD_PATTERN="^CONN CRITICAL - g: 1 of 1 endpoint failing \(1 refused\.not_listening\); raw: 1 of 1 endpoint failing \(1 refused\.not_listening\)" \
  guard 2 "every answer key on a refused port" -t 1 --config "$files/answers.ini"
finish
