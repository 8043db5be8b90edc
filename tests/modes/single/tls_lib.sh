# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PKI made with openssl, and nginx serving each certificate fault on its own
# loopback port, for the TLS tests and bench/tls.sh. Source after tests/lib.sh and
# tests/modes/single/servers.sh.

# ca_sign DIR CA NAME SUBJECT_CN SAN START END [EXT]: signs DIR/NAME.pem with DIR/CA.pem
# for the given names, valid from START to END (YYYYMMDDHHMMSSZ), via `openssl ca`, the
# one command of openssl 3.0 that takes any validity period.
ca_sign () {
  local dir=$1 ca=$2 name=$3 cn=$4 san=$5 start=$6 end=$7 ext=${8:-leaf}
  mkdir -p "$dir/$ca.db"
  [ -f "$dir/$ca.db/index" ] || { : > "$dir/$ca.db/index"; echo 1000 > "$dir/$ca.db/serial"; }
  cat > "$dir/$ca.cnf" <<CNF
[ ca ]
default_ca = this
[ this ]
database = $dir/$ca.db/index
serial = $dir/$ca.db/serial
new_certs_dir = $dir/$ca.db
certificate = $dir/$ca.pem
private_key = $dir/$ca.key
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = \${ENV::SAN}
[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
CNF
  openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout "$dir/$name.key" \
    -out "$dir/$name.csr" >/dev/null 2>&1 &&
  SAN=${san:-DNS:$cn} openssl ca -batch -config "$dir/$ca.cnf" -extensions "$ext" \
    -startdate "$start" -enddate "$end" -in "$dir/$name.csr" -out "$dir/$name.pem" \
    -notext >/dev/null 2>&1
}

# utc_in SECONDS: the UTC time SECONDS from now (negative: ago) as openssl ca wants it.
utc_in () { date -u -d "@$(( $(date +%s) + $1 ))" +%Y%m%d%H%M%SZ; }

# make_pki DIR: root CA (root.pem), an intermediate (inter.pem) and leaves it signs for
# localhost and 127.0.0.1: good, expired, notyet, expiring (5 days and an hour left),
# wrongname (only other.example); selfsigned; a client CA for mutual TLS.
make_pki () {
  local dir=$1 day=86400
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=check_conn test root" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/root.key" -out "$dir/root.pem" >/dev/null 2>&1 || return 1
  ca_sign "$dir" root inter "check_conn test intermediate" "" "$(utc_in -$day)" \
    "$(utc_in $((20 * day)))" intermediate || return 1
  local names="DNS:localhost,IP:127.0.0.1"
  ca_sign "$dir" inter good localhost "$names" "$(utc_in -$day)" "$(utc_in $((10 * day)))" &&
  ca_sign "$dir" inter expired localhost "$names" "$(utc_in $((-3 * day)))" "$(utc_in -$day)" &&
  ca_sign "$dir" inter notyet localhost "$names" "$(utc_in $((2 * day)))" "$(utc_in $((9 * day)))" &&
  ca_sign "$dir" inter expiring localhost "$names" "$(utc_in -$day)" "$(utc_in $((5 * day + 3600)))" &&
  ca_sign "$dir" inter wrongname other.example "DNS:other.example,DNS:www.other.example" \
    "$(utc_in -$day)" "$(utc_in $((10 * day)))" || return 1
  for name in good expired notyet expiring wrongname; do
    cat "$dir/$name.pem" "$dir/inter.pem" > "$dir/$name.chain.pem"
  done
  openssl req -x509 -newkey rsa:2048 -nodes -days 10 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/selfsigned.key" -out "$dir/selfsigned.pem" >/dev/null 2>&1 &&
  openssl req -x509 -newkey rsa:2048 -nodes -days 10 -subj "/CN=check_conn client CA" \
    -keyout "$dir/client_ca.key" -out "$dir/client_ca.pem" >/dev/null 2>&1
}

# start_tls_nginx GOOD EXPIRED NOTYET EXPIRING WRONGNAME SELFSIGNED NOINTER TLS13 MTLS WSS:
# nginx on ten ports, one fault each (TLS13 with HTTP/2 by ALPN too) (WSS: the good chain, /ws/ proxied to websocketd on
# $WS_BACKEND, / static); the PKI in $TEST_TMP/pki.
start_tls_nginx () {
  local dir="$TEST_TMP/tls_nginx" pki="$TEST_TMP/pki" ports=("$@") i=0 conf
  command -v nginx >/dev/null || { WHY="needs nginx (apt-get install nginx-light)"; return 1; }
  mkdir -p "$dir/html/ws" && chmod 755 "$TEST_TMP" "$dir" "$dir/html" "$dir/html/ws"
  echo hello > "$dir/html/index.html"; echo "no websocket here" > "$dir/html/ws/index.html"
  chmod 644 "$dir/html/index.html" "$dir/html/ws/index.html"
  server () { # PORT CERT KEY [EXTRA [LISTEN_FLAGS]]
    echo "  server { listen 127.0.0.1:$1 ssl ${5:-}; root $dir/html; ssl_certificate $2;"
    echo "           ssl_certificate_key $3; ${4:-} }"
  }
  {
    echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log;"
    echo "events { worker_connections 2048; }"
    echo "http { access_log off; client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;"
    echo "  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;"
    for name in good expired notyet expiring wrongname; do
      server "${ports[$i]}" "$pki/$name.chain.pem" "$pki/$name.key"; i=$((i + 1))
    done
    server "${ports[5]}" "$pki/selfsigned.pem" "$pki/selfsigned.key"
    server "${ports[6]}" "$pki/good.pem" "$pki/good.key"
    server "${ports[7]}" "$pki/good.chain.pem" "$pki/good.key" "ssl_protocols TLSv1.3;" http2
    server "${ports[8]}" "$pki/good.chain.pem" "$pki/good.key" \
      "ssl_client_certificate $pki/client_ca.pem; ssl_verify_client on;"
    server "${ports[9]}" "$pki/good.chain.pem" "$pki/good.key" \
      "location /ws/ { proxy_pass http://127.0.0.1:${WS_BACKEND:-1}/; proxy_http_version 1.1;
         proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection upgrade; }"
    echo "}"
  } > "$dir/nginx.conf"
  setsid nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr" &
  started nginx $! "${ports[0]}" 10 "$dir/stderr" && wait_listen "${ports[9]}" 5
}

# start_tls_servers: the PKI in $TEST_TMP/pki, websocketd and nginx on ten ports (see
# start_tls_nginx) for the TLS suites; sets GOOD EXPIRED NOTYET EXPIRING WRONGNAME
# SELFSIGNED NOINTER TLS13 MTLS WSS to their ports, or skips.
start_tls_servers () {
  need_root "servers run with throwaway configurations as root"
  for cmd in nginx websocketd openssl setsid python3; do need_cmd $cmd; done
  make_pki "$TEST_TMP/pki" || skip "openssl could not make the test PKI"
  start_on 1 start_websocketd || skip "$WHY"
  WS_BACKEND=$PORTS
  start_on 10 start_tls_nginx || skip "$WHY"
  read -r GOOD EXPIRED NOTYET EXPIRING WRONGNAME SELFSIGNED NOINTER TLS13 MTLS WSS <<< "$PORTS"
}

# start_exim_tls PORT [HOSTS [IMPLICIT]]: exim4 with a configuration of its own that
# offers STARTTLS to HOSTS (default *; empty: to none), or with IMPLICIT "yes" speaks TLS
# from the first byte (as on port 465), with the good chain of $TEST_TMP/pki (exim reads
# its key as Debian-exim); it takes no mail.
start_exim_tls () {
  local dir="$TEST_TMP/exim_tls$1"
  mkdir -p "$dir/spool" && cp "$TEST_TMP/pki/good.chain.pem" "$TEST_TMP/pki/good.key" "$dir/"
  cat > "$dir/exim.conf" <<CONF
keep_environment =
primary_hostname = localhost
spool_directory = $dir/spool
log_file_path = $dir/%slog
pid_file_path = $dir/exim.pid
tls_advertise_hosts = ${2-*}
${3:+tls_on_connect_ports = $1}
tls_certificate = $dir/good.chain.pem
tls_privatekey = $dir/good.key
acl_smtp_rcpt = refuse
begin acl
refuse:
  deny
begin routers
begin transports
CONF
  # exim reads its configuration only from a root-owned file.
  chown -R Debian-exim "$dir" && chown root "$dir/exim.conf" && chmod 644 "$dir/exim.conf"
  chmod 755 "$TEST_TMP" "$dir"
  setsid exim4 -C "$dir/exim.conf" -bdf -oX "$1" >"$dir/stderr" 2>&1 &
  started "exim4 (STARTTLS)" $! "$1" 10 "$dir/stderr"
}

# start_postgresql_tls PORT: PostgreSQL with ssl = on and the good chain of $TEST_TMP/pki.
start_postgresql_tls () {
  local dir="$TEST_TMP/pg_tls_files"
  mkdir -p "$dir" && cp "$TEST_TMP/pki/good.chain.pem" "$TEST_TMP/pki/good.key" "$dir/"
  chown -R postgres "$dir" && chmod 600 "$dir/good.key" && chmod 755 "$TEST_TMP" "$dir"
  start_postgresql "$1" -c ssl=on -c "ssl_cert_file=$dir/good.chain.pem" \
    -c "ssl_key_file=$dir/good.key"
}

# start_dovecot_tls IMAP IMAPS POP3 POP3S [SSL]: dovecot with the good chain of
# $TEST_TMP/pki, STARTTLS and STLS on IMAP and POP3, TLS from the first byte on IMAPS and
# POP3S; with SSL "no", neither (IMAPS and POP3S stay closed).
start_dovecot_tls () {
  if [ "${5:-yes}" = no ]; then
    start_dovecot "$1" "$3"
  else
    start_dovecot "$1" "$3" "$2" "$4"
  fi
}

# start_vsftpd_tls PORT [MODE]: vsftpd taking anonymous logins with the good chain of
# $TEST_TMP/pki: MODE explicit (default) answers AUTH TLS, implicit speaks TLS from the
# first byte (as on port 990), plain has no TLS at all; pskonly answers AUTH TLS but
# offers only a TLS 1.2 cipher no certificate client shares (PSK), so a client held to
# TLS 1.2 gets the alert handshake_failure.
start_vsftpd_tls () {
  local dir="$TEST_TMP/vsftpd_tls$1" mode=${2:-explicit} ciphers=HIGH
  mkdir -p "$dir/empty"
  printf '%s\n' listen=YES listen_ipv6=NO "listen_address=127.0.0.1" "listen_port=$1" \
    background=NO anonymous_enable=YES no_anon_password=YES "anon_root=$dir/empty" \
    ftp_username=nobody local_enable=NO "secure_chroot_dir=$dir/empty" \
    "vsftpd_log_file=$dir/log" seccomp_sandbox=NO > "$dir/vsftpd.conf"
  [ "$mode" != pskonly ] || ciphers=PSK-AES256-CBC-SHA
  # vsftpd's own cipher default (DES-CBC3-SHA) is one OpenSSL 3 no longer offers.
  [ "$mode" = plain ] || printf '%s\n' ssl_enable=YES allow_anon_ssl=YES "ssl_ciphers=$ciphers" \
    force_anon_logins_ssl=NO force_anon_data_ssl=NO \
    "rsa_cert_file=$TEST_TMP/pki/good.chain.pem" "rsa_private_key_file=$TEST_TMP/pki/good.key" \
    >> "$dir/vsftpd.conf"
  [ "$mode" != implicit ] || echo implicit_ssl=YES >> "$dir/vsftpd.conf"
  setsid vsftpd "$dir/vsftpd.conf" >"$dir/stderr" 2>&1 &
  started "vsftpd ($mode)" $! "$1" 10 "$dir/stderr"
}

# tls_files DIR OWNER: the good chain, its key and the root of $TEST_TMP/pki copied into
# DIR, readable by OWNER (a server that reads them after dropping root).
tls_files () {
  mkdir -p "$1" && cp "$TEST_TMP/pki/good.chain.pem" "$TEST_TMP/pki/good.key" \
    "$TEST_TMP/pki/root.pem" "$1/" && chown -R "$2" "$1" && chmod 755 "$TEST_TMP" "$1"
}

# start_redis_tls PORT: redis-server speaking TLS only (tls-port, port 0), clients not
# asked for certificates.
start_redis_tls () {
  local dir="$TEST_TMP/redis_tls$1"
  tls_files "$dir" root || return 1
  setsid redis-server --bind 127.0.0.1 --port 0 --tls-port "$1" \
    --tls-cert-file "$dir/good.chain.pem" --tls-key-file "$dir/good.key" \
    --tls-ca-cert-file "$dir/root.pem" --tls-auth-clients no \
    --save '' --appendonly no --dir "$dir" >"$dir/log" 2>&1 &
  started "redis-server (TLS)" $! "$1" 10 "$dir/log"
}

# start_mosquitto_tls PORT: mosquitto with one listener speaking TLS (as on port 8883).
start_mosquitto_tls () {
  local dir="$TEST_TMP/mosquitto_tls$1"
  tls_files "$dir" mosquitto || return 1
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\ncafile %s\ncertfile %s\nkeyfile %s\n' \
    "$1" "$dir/root.pem" "$dir/good.chain.pem" "$dir/good.key" > "$dir/mosquitto.conf"
  setsid mosquitto -c "$dir/mosquitto.conf" >"$dir/log" 2>&1 &
  started "mosquitto (TLS)" $! "$1" 10 "$dir/log"
}

# start_rabbitmq_tls PLAIN AMQPS: rabbitmq-server with AMQP on PLAIN and AMQP over TLS
# on AMQPS (as on port 5671); the broker takes up to a minute to start.
start_rabbitmq_tls () {
  local dir="$TEST_TMP/rabbitmq_tls"
  tls_files "$dir" rabbitmq || return 1
  cat > "$dir/tls.conf" <<CONF
listeners.ssl.1 = 127.0.0.1:$2
ssl_options.cacertfile = $dir/root.pem
ssl_options.certfile = $dir/good.chain.pem
ssl_options.keyfile = $dir/good.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
CONF
  chmod 644 "$dir/tls.conf"
  start_rabbitmq "$1" "$dir/tls.conf" "$2"
}
