#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard's rows for the command line (issue "bounded whatever comes in"):
# forged file names, 100 kB option values, non-ASCII arguments in a UTF-8 and in the C
# locale, GLib's own words, and every option a bulk run used to accept and ignore.
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"

BIG=$(head -c 100000 /dev/zero | tr '\0' a)
CUT="'a{64}\.\.\.' \(100000 characters\)"
GOOD=$TEST_TMP/good.ini
printf '[group web]\nendpoints = 127.0.0.1:1\n' > "$GOOD"
TLS_CA=$TEST_TMP/ca.pem
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=guard -keyout "$TEST_TMP/ca.key" \
  -out "$TLS_CA" >/dev/null 2>&1 || skip "needs openssl"
CIDRS=$TEST_TMP/cidrs.txt
printf '192.0.2.0/24\n' > "$CIDRS"

# --- a file name that forges a second status line ---
FORGED="$TEST_TMP/x|CONN CRITICAL - forged
CONN OK - forged.ini"
mkdir -p "$(dirname "$FORGED")"
cp "$GOOD" "$FORGED"
GUARD_PATTERN='^CONN OK - .*x\\x7cCONN CRITICAL - forged\\x0aCONN OK - forged\.ini is valid' \
  guard 0 "--check-config: a forged file name stays in one status line" \
  --config "$FORGED" --check-config
printf '[group web]\nendpoints = 127.0.0.1:1\ntimout = 1\n' > "$FORGED"
GUARD_PATTERN='\\x0aCONN OK - forged\.ini:3: \[group web\] timout: unknown key' \
  guard 3 "a config error names a forged file name in one line" --config "$FORGED"

# --- 100 kB values: cut, with their length said ---
# --extra-opts: the section and the file's values are the user's bytes too.
GUARD_PATTERN="good\.ini: no section $CUT" guard 3 "100 kB --extra-opts section" \
  "--extra-opts=$BIG@$GOOD"
printf '[check_conn]\nhostname = 127.0.0.1\nport = %s\n' "$BIG" > "$TEST_TMP/big_opts.ini"
GUARD_PATTERN="big_opts\.ini:3: --port: port $CUT" guard 3 "100 kB value in --extra-opts" \
  "--extra-opts=@$TEST_TMP/big_opts.ini"
printf '[check_conn]\nport = 1\nport = 2\n' > "$FORGED"
GUARD_PATTERN='\x0aCONN OK - forged\.ini:3: .port. is already set on line 2' \
  guard 3 "--extra-opts names a forged file name in one line" "--extra-opts=@$FORGED"
GUARD_PATTERN="-p: port $CUT" guard 3 "100 kB -p" -H 127.0.0.1 -p "$BIG"
GUARD_PATTERN="-t: timeout $CUT" guard 3 "100 kB -t" -H 127.0.0.1 -p 1 -t "$BIG"
GUARD_PATTERN="-w: range $CUT is too long" guard 3 "100 kB -w" -H 127.0.0.1 -p 1 -w "$BIG"
GUARD_PATTERN="-c: range $CUT" guard 3 "100 kB -c" -H 127.0.0.1 -p 1 -c "$BIG"
guard 3 "100 kB -H" -H "$BIG" -p 1
GUARD_PATTERN="--protocol: unknown protocol $CUT" \
  guard 3 "100 kB --protocol" -H 127.0.0.1 -p 1 --protocol "$BIG"
GUARD_PATTERN="--path: path $CUT must start with /" \
  guard 3 "100 kB --path" -H 127.0.0.1 -p 1 --path "$BIG"
guard 3 "100 kB --sni" -H 127.0.0.1 -p 1 --sni "$BIG"
guard 3 "100 kB --host-header" -H 127.0.0.1 -p 1 --host-header "$BIG"
GUARD_PATTERN="--certificate-days: certificate days $CUT is not WARN" \
  guard 3 "100 kB --certificate-days" -H 127.0.0.1 -p 1 --certificate-days "$BIG"
GUARD_PATTERN="--tls-max: TLS version $CUT is not 1\.2 or 1\.3" \
  guard 3 "100 kB --tls-max" -H 127.0.0.1 -p 1 --tls-max "$BIG"
guard 3 "100 kB --ca-file" -H 127.0.0.1 -p 1 --ca-file "$BIG"
for days in -1 "" 7,30 1,2,3 ",5" 36501 "1e3"; do
  GUARD_PATTERN="--certificate-days: certificate days '.*' is not WARN or WARN,CRIT" \
    guard 3 "--certificate-days '$days'" -H 127.0.0.1 -p 1 --certificate-days "$days"
done
for protocol in "" "--protocol http" "--protocol https" "--identify"; do
  # shellcheck disable=SC2086 # the option and its value are two words
  GUARD_PATTERN="^CONN UNKNOWN - --starttls needs --protocol smtp, ftp, pop3, imap or postgresql" \
    guard 3 "--starttls with '$protocol'" -H 127.0.0.1 -p 1 --starttls $protocol
done
for protocol in "" "--protocol https" "--protocol tls" "--protocol smtp --starttls"; do
  # shellcheck disable=SC2086 # the option and its value are two words
  GUARD_PATTERN="^CONN UNKNOWN - --tls needs --protocol of a protocol to speak inside TLS" \
    guard 3 "--tls with '$protocol'" -H 127.0.0.1 -p 1 --tls $protocol
done
GUARD_PATTERN="--ca-file: /dev/zero is a character device, not a regular file" \
  guard 3 "--ca-file /dev/zero" -H 127.0.0.1 -p 1 --ca-file /dev/zero
GUARD_PATTERN="--ca-file: CA file '.*good\.ini' holds no PEM certificate" \
  guard 3 "--ca-file of no certificate" -H 127.0.0.1 -p 1 --ca-file "$GOOD"
GUARD_PATTERN="--timeout-result: timeout result $CUT" \
  guard 3 "100 kB --timeout-result" -H 127.0.0.1 -p 1 --timeout-result "$BIG"
GUARD_PATTERN="--expect-address: $CUT is not an IPv4" \
  guard 3 "100 kB --expect-address" -H 127.0.0.1 -p 1 --expect-address "$BIG"
GUARD_PATTERN="--source $CUT" guard 3 "100 kB --source" -H 127.0.0.1 -p 1 --source "$BIG"
GUARD_PATTERN="--state $CUT" guard 3 "100 kB --state" -H 127.0.0.1 -p 1 --state "$BIG"
GUARD_PATTERN="--state: no cause is named $CUT" \
  guard 3 "100 kB --state cause" -H 127.0.0.1 -p 1 --state "$BIG=ok"
GUARD_PATTERN="--ephemeral-warn $CUT" \
  guard 3 "100 kB --ephemeral-warn" -H 127.0.0.1 -p 1 --ephemeral-warn "$BIG"
GUARD_PATTERN="--service-port $CUT" \
  guard 3 "100 kB --service-port" -H 127.0.0.1 -p 1 --service-port "$BIG"
GUARD_PATTERN="--parallel $CUT" guard 3 "100 kB --parallel" --config "$GOOD" --parallel "$BIG"
GUARD_PATTERN="--format $CUT" guard 3 "100 kB --format" --config "$GOOD" --format "$BIG"
GUARD_PATTERN="--critical-count: range $CUT" \
  guard 3 "100 kB --critical-count" --config "$GOOD" --critical-count "$BIG"
GUARD_PATTERN="--pcap-format $CUT" guard 3 "100 kB --pcap-format" --pcap-format "$BIG"
GUARD_PATTERN="--format $CUT" guard 3 "100 kB --format, single check" -H 127.0.0.1 -p 1 \
  --format "$BIG"
GUARD_PATTERN="--expect-status: $CUT is not a status" \
  guard 3 "100 kB --expect-status" -H 127.0.0.1 -p 1 --protocol http --expect-status "$BIG"
GUARD_PATTERN="--expect-body: must hold 1 to 1024 bytes, not 100000" \
  guard 3 "100 kB --expect-body" -H 127.0.0.1 -p 1 --protocol http --expect-body "$BIG"
GUARD_PATTERN="--expect-regex: must hold 1 to 1024 bytes, not 100000" \
  guard 3 "100 kB --expect-regex" -H 127.0.0.1 -p 1 --protocol http --expect-regex "$BIG"
GUARD_PATTERN="--send: must hold 1 to 1024 bytes, not 100000" \
  guard 3 "100 kB --send" -H 127.0.0.1 -p 1 --send "$BIG"
GUARD_PATTERN="--expect: must hold 1 to 1024 bytes, not 100000" \
  guard 3 "100 kB --expect" -H 127.0.0.1 -p 1 --expect "$BIG"
GUARD_PATTERN="unexpected argument $CUT" guard 3 "100 kB stray argument" -H 127.0.0.1 -p 1 "$BIG"
GUARD_PATTERN='^CONN UNKNOWN - Unknown option --aaaa' guard 3 "100 kB unknown option" "--$BIG"
GUARD_PATTERN="there is no group $CUT" guard 3 "100 kB --group" --config "$GOOD" --group "$BIG"
GUARD_UTF8=1 guard 3 "100 kB --config name" --config "$TEST_TMP/$BIG"

# --- non-ASCII arguments, in a UTF-8 and in the C locale ---
NS=ccguardcli-$$
make_netns "$NS"
for locale in C.UTF-8 C; do
  # An internationalised name is looked up by its xn-- form (here without a resolver).
  LC_ALL=$locale GUARD_NETNS=$NS GUARD_PATTERN='xn--bcher-kva\.example.*\(dns\.' \
    guard 2 "IDN -H in $locale" -H bücher.example -p 80 -t 2
  LC_ALL=$locale GUARD_PATTERN="^CONN UNKNOWN - -p: port '\\\\xef\\\\xbc\\\\x91\\\\xef\\\\xbc\\\\x92" \
    guard 3 "full-width digits -p in $locale" -H 127.0.0.1 -p １２３
  LC_ALL=$locale GUARD_PATTERN="^CONN UNKNOWN - --port: port '\\\\xff'" \
    guard 3 "invalid UTF-8 --port in $locale" -H 127.0.0.1 --port $'\xff'
  LC_ALL=$locale GUARD_PATTERN="^CONN UNKNOWN - -H: host '\\\\xff\\\\x0a'" \
    guard 3 "invalid UTF-8 -H in $locale" -H $'\xff\n' -p 1
  LC_ALL=$locale GUARD_PATTERN=": there is no group '\\\\xff'" \
    guard 3 "invalid UTF-8 --group in $locale" --config "$GOOD" --group $'\xff'
  LC_ALL=$locale GUARD_UTF8=1 GUARD_PATTERN='^CONN UNKNOWN - Unknown option --bücher' \
    guard 3 "non-ASCII unknown option in $locale" --bücher
done

# --- what the answer must hold: control bytes, bad patterns, misplaced options ---
GUARD_PATTERN="^CONN UNKNOWN - --expect-status: '\\\\x1b\\\\x7c' is not a status" \
  guard 3 "--expect-status with control bytes" -H 127.0.0.1 -p 1 --protocol http \
  --expect-status $'\x1b|'
GUARD_PATTERN='^CONN UNKNOWN - --expect-regex: not a regular expression \(PCRE\): error at char [0-9]+' \
  guard 3 "--expect-regex that does not compile" -H 127.0.0.1 -p 1 --protocol http \
  --expect-regex '(('
GUARD_PATTERN='^CONN UNKNOWN - --send: a backslash must start' \
  guard 3 "--send with an unknown escape" -H 127.0.0.1 -p 1 --send 'a\'
GUARD_PATTERN='^CONN UNKNOWN - --expect-status, --expect-body and --expect-regex judge an HTTP answer' \
  guard 3 "--expect-body without --protocol http" -H 127.0.0.1 -p 1 --expect-body $'x\n'
GUARD_PATTERN='^CONN UNKNOWN - --send and --expect are for protocols check_conn does not know' \
  guard 3 "--expect with --identify" -H 127.0.0.1 -p 1 --identify --expect x
GUARD_PATTERN='^CONN CRITICAL - 127\.0\.0\.1:1 connection refused' \
  guard 2 "--send with control bytes, refused port" -H 127.0.0.1 -p 1 -t 1 \
  --send '\x00\x1b[2J|\r\n' --expect '\xff'

# --- A missing file is named, with the system's reason (base/file.c reads every file) ---
GUARD_PATTERN='^CONN UNKNOWN - .*/missing\.ini: cannot open: No such file or directory$' \
  guard 3 "a missing --config file" --config "$TEST_TMP/missing.ini"
GUARD_PATTERN='^CONN UNKNOWN - --front-proxy-cidrs: .*/missing\.txt: cannot open: No such file or directory$' \
  guard 3 "a missing --front-proxy-cidrs file" -H 127.0.0.1 -p 1 \
  --front-proxy-cidrs "$TEST_TMP/missing.txt"
GUARD_UTF8=1 GUARD_PATTERN='/a\\x0aCONN OK - b' \
  guard 3 "a newline in a file name GLib quotes is escaped" --config "$TEST_TMP/a
CONN OK - b"

# --- bulk: no option accepted and ignored (tests/check_conn/bulk_options.sh has the
# verdicts) ---
for option in "--protocol ssh" --identify "--path /" "--host-header a" "--sni a" \
    "--expect-status 200" "--expect-body a" "--expect-regex a" "--send a" "--expect a" \
    "--ca-file $TLS_CA" --insecure "--certificate-days 30" "--tls-max 1.2" --starttls --tls \
    "--source 127.0.0.1" "--expect-address 127.0.0.1" "--service-port 22" \
    "--front-proxy-cidrs $CIDRS" --diagnose "--ephemeral-warn 50" "--pcap $GOOD" \
    "--filter tcp"; do
  # shellcheck disable=SC2086 # the option and its value are two words
  GUARD_PATTERN="^CONN UNKNOWN - [^ ]+ and --config exclude each other; " \
    guard 3 "bulk refuses $option" --config "$GOOD" $option
done
GUARD_PATTERN='^CONN WARNING - web: .*refused' \
  guard 1 "bulk applies --state" --config "$GOOD" -t 2 --state refused=warning
GUARD_PATTERN='^CONN OK - web: .*refused' \
  guard 0 "bulk applies --state ok" --config "$GOOD" -t 2 --state refused=ok

# --- the TLS module (net/tls_module.h): missing, not a shared object, not check_conn's,
# a forged path; a run that needs TLS says so once (UNKNOWN), a run without TLS never
# opens it ---
NO_MODULE=$TEST_TMP/no/tls_openssl.so
NOT_ELF=$TEST_TMP/not_elf.so
printf 'not a shared object\n' > "$NOT_ELF"
for args in "--protocol https" "--protocol wss" "--protocol smtp --starttls" \
            "--protocol redis --tls"; do
  # shellcheck disable=SC2086 # each a list of arguments
  CHECK_CONN_TLS_MODULE=$NO_MODULE GUARD_PATTERN="^CONN UNKNOWN - TLS needs the module .*/no/tls_openssl\.so, which cannot be loaded: .*No such file" \
    guard 3 "$args without the TLS module" -H 127.0.0.1 -p 1 -t 1 $args
done
CHECK_CONN_TLS_MODULE=$NOT_ELF GUARD_PATTERN="^CONN UNKNOWN - TLS needs the module .*not_elf\.so, which cannot be loaded" \
  guard 3 "a TLS module that is no shared object" -H 127.0.0.1 -p 1 -t 1 --protocol https
CHECK_CONN_TLS_MODULE=libz.so.1 GUARD_PATTERN="^CONN UNKNOWN - TLS module libz\.so\.1 is not check_conn's" \
  guard 3 "a shared object that is not a TLS module" -H 127.0.0.1 -p 1 -t 1 --protocol https
CHECK_CONN_TLS_MODULE="$TEST_TMP/x|CONN OK - forged
CONN OK - forged.so" GUARD_PATTERN='^CONN UNKNOWN - TLS needs the module .*x\\x7cCONN OK - forged\\x0aCONN OK - forged\.so' \
  guard 3 "a forged TLS module path stays in one status line" -H 127.0.0.1 -p 1 -t 1 --protocol https
printf '[group web]\nendpoints = 127.0.0.1:1\nprotocol = https\n' > "$TEST_TMP/https.ini"
CHECK_CONN_TLS_MODULE=$NO_MODULE GUARD_PATTERN="^CONN UNKNOWN - TLS needs the module" \
  guard 3 "a bulk run with https without the TLS module" --config "$TEST_TMP/https.ini" -t 1
CHECK_CONN_TLS_MODULE=$NO_MODULE GUARD_PATTERN="\(refused\.not_listening\)" \
  guard 2 "a check without TLS needs no TLS module" -H 127.0.0.1 -p 1 -t 1
CHECK_CONN_TLS_MODULE=$NO_MODULE GUARD_PATTERN="\(refused\.not_listening\)" \
  guard 2 "a check of http needs no TLS module" -H 127.0.0.1 -p 1 -t 1 --protocol http

# --- --icinga-api: incomplete sets, hostile values and files, an API that never answers ---
PASSWORD=$TEST_TMP/password
echo secret > "$PASSWORD"
ICINGA=(--icinga-user u --icinga-password-file "$PASSWORD" --icinga-host h)
GUARD_PATTERN="--icinga-api and its options post a bulk audit's endpoints; add --config" \
  guard 3 "--icinga-api without --config" -H 127.0.0.1 -p 1 --icinga-api https://127.0.0.1:1
GUARD_PATTERN="--icinga-api needs --icinga-user USER" \
  guard 3 "--icinga-api without a user" --config "$GOOD" --icinga-api https://127.0.0.1:1
GUARD_PATTERN="go with --icinga-api URL" \
  guard 3 "--icinga-ca-file without --icinga-api" --config "$GOOD" --icinga-ca-file "$CIDRS"
if "$CHECK_CONN" --config "$GOOD" -t 1 --icinga-api https://127.0.0.1:1 "${ICINGA[@]}" 2>&1 \
    | grep -q 'built without libcurl'; then
  echo "note: check_conn built without libcurl: no --icinga-api posting rows"
else
  GUARD_PATTERN="Icinga 2 API 'a{64}\.\.\.' \(100000 characters\)" \
    guard 3 "100 kB --icinga-api" --config "$GOOD" -t 1 --icinga-api "$BIG" "${ICINGA[@]}"
  GUARD_PATTERN="Icinga 2 API 'https://127\.0\.0\.1:1': Couldn't connect" \
    guard 3 "--icinga-api to a closed port" --config "$GOOD" -t 1 \
    --icinga-api https://127.0.0.1:1 "${ICINGA[@]}"
  GUARD_PATTERN="Icinga 2 API 'ftp://127\.0\.0\.1/': Unsupported protocol" \
    guard 3 "--icinga-api with another scheme" --config "$GOOD" -t 1 \
    --icinga-api ftp://127.0.0.1/ "${ICINGA[@]}"
  SILENT=$(free_port)
  listen 127.0.0.1 "$SILENT"
  GUARD_PATTERN="Icinga 2 API 'https://127\.0\.0\.1:$SILENT': Timeout" \
    guard 3 "--icinga-api that accepts and never answers ends at -t" --config "$GOOD" -t 1 \
    --icinga-api "https://127.0.0.1:$SILENT" "${ICINGA[@]}"
  for file in /dev/zero "$TEST_TMP" "$FORGED"; do
    guard 3 "--icinga-password-file $(basename "$file")" --config "$GOOD" -t 1 \
      --icinga-api https://127.0.0.1:1 --icinga-user u --icinga-host h --icinga-password-file "$file"
  done
fi
finish
