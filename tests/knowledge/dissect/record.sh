#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Records the fixture replies from real Debian servers on 127.0.44.1 (run as root, by
# hand, from a configured build dir): tests/knowledge/dissect/record.sh BUILDDIR [NAME...]
# Each server gets a throwaway config and data dir under a temp dir and is stopped after.
set -eu
BUILDDIR=$(cd "$1" && pwd); shift
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/fixtures
IP=127.0.44.1
TMP=$(mktemp -d /tmp/cc-record.XXXXXX)
chmod 755 "$TMP" # nginx workers must read the document root
PIDS=""
cleanup () { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$TMP"; }
trap cleanup EXIT
mkdir -p "$FIX"

# exchange OUT PORT [PROBE_FILE]: connects, sends the probe (if any), saves the reply
# bytes until the server closes or stays quiet for 1 s (at most 4 s, 16 KiB).
exchange () {
  python3 - "$IP" "$2" "${3:-}" "$FIX/$1" <<'PY'
import socket, sys, time
ip, port, probe, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.create_connection((ip, port), timeout=4)
if probe:
    time.sleep(0.2)  # let a banner arrive first, as the real client does
    s.sendall(open(probe, "rb").read())
data = b""
end = time.time() + 4
s.settimeout(1)
while time.time() < end and len(data) < 16384:
    try:
        chunk = s.recv(16384)
    except (socket.timeout, ConnectionResetError):
        break
    if not chunk:
        break
    data += chunk
s.close()
open(out, "wb").write(data)
print("%-28s %5d bytes  %r" % (out.rsplit("/", 1)[1], len(data), data[:60]))
PY
}

probe () { "$BUILDDIR/tests/knowledge/dissect/probe-dump" "$@" > "$TMP/probe"; echo "$TMP/probe"; }
raw () { printf "$1" > "$TMP/raw"; echo "$TMP/raw"; }
wait_port () { for _ in $(seq 100); do ss -ltn | grep -q "$IP:$1 " && return 0; sleep 0.1; done; echo "port $1 not up" >&2; return 1; }
start () { "$@" & PIDS="$PIDS $!"; }

cert () {
  [ -f "$TMP/cert.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null
}

record_nginx () {
  cert
  mkdir -p "$TMP/nginx/www/ws"
  echo hello > "$TMP/nginx/www/index.html"
  cat > "$TMP/nginx/nginx.conf" <<CONF
daemon off; pid $TMP/nginx/pid; error_log $TMP/nginx/error.log;
events {}
http {
  access_log off; client_body_temp_path $TMP/nginx; proxy_temp_path $TMP/nginx;
  fastcgi_temp_path $TMP/nginx; uwsgi_temp_path $TMP/nginx; scgi_temp_path $TMP/nginx;
  server { listen $IP:40080; root $TMP/nginx/www; }
  server { listen $IP:40081 http2; root $TMP/nginx/www; }
  server { listen $IP:40443 ssl http2; ssl_protocols TLSv1.2 TLSv1.3; ssl_certificate $TMP/cert.pem;
           ssl_certificate_key $TMP/key.pem; root $TMP/nginx/www; }
  server { listen $IP:40444 ssl; ssl_certificate $TMP/cert.pem; ssl_certificate_key $TMP/key.pem;
           ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384; root $TMP/nginx/www; }
}
CONF
  start nginx -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log"
  wait_port 40444
  exchange http-nginx-200.bin 40080 "$(probe http localhost 40080)"
  exchange http-nginx-404.bin 40080 "$(probe http localhost 40080 /missing)"
  exchange http-nginx-websocket-probe-200.bin 40080 "$(probe websocket localhost 40080 /)"
  exchange http2-nginx-settings.bin 40081 "$(probe http2 localhost 40081)"
  exchange http2-nginx-goaway-to-http1.bin 40081 "$(probe http localhost 40081)"
  exchange tls-nginx-serverhello-13.bin 40443 "$(probe tls localhost 40443)"
  exchange tls-nginx-serverhello-12.bin 40444 "$(probe tls localhost 40444)"
  exchange http-nginx-plain-to-tls-400.bin 40443 "$(probe http localhost 40443)"
  exchange http-nginx-tls-probe-400.bin 40080 "$(probe tls localhost 40080)"
}

record_openssl () {
  cert
  start openssl s_server -quiet -accept "$IP:40445" -cert "$TMP/cert.pem" -key "$TMP/key.pem" -www
  wait_port 40445
  exchange tls-openssl-serverhello.bin 40445 "$(probe tls localhost 40445)"
  kill %% 2>/dev/null || true
  # TLS 1.3 only with a group we do not offer first: the server asks again (HRR).
  start openssl s_server -quiet -accept "$IP:40446" -cert "$TMP/cert.pem" -key "$TMP/key.pem" \
    -tls1_3 -groups P-384 -www
  # TLS 1.3 only, offered 1.2 only: a protocol_version alert.
  start openssl s_server -quiet -accept "$IP:40447" -cert "$TMP/cert.pem" -key "$TMP/key.pem" \
    -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -www
  wait_port 40446; wait_port 40447
  exchange tls-openssl-hello-retry.bin 40446 "$(probe tls localhost 40446)"
  exchange tls-openssl-alert-handshake-failure.bin 40447 "$(probe tls localhost 40447)"
}

record_websocketd () {
  printf '#!/bin/sh\necho hello\n' > "$TMP/ws.sh"; chmod +x "$TMP/ws.sh"
  start websocketd --address "$IP" --port 40090 "$TMP/ws.sh"
  wait_port 40090
  exchange websocket-websocketd-101.bin 40090 "$(probe websocket localhost 40090 /)"
  exchange http-websocketd-404.bin 40090 "$(probe http localhost 40090 /)"
}

record_sshd () {
  ssh-keygen -q -t ed25519 -N '' -f "$TMP/ssh_host_key"
  mkdir -p /run/sshd
  start /usr/sbin/sshd -D -f /dev/null -h "$TMP/ssh_host_key" -o "ListenAddress=$IP:40022" \
    -o PidFile=none
  wait_port 40022
  exchange ssh-openssh.bin 40022
}

record_exim () {
  # exim -bs speaks SMTP on stdin/stdout: the real exim, no daemon state to set up.
  start socat "TCP-LISTEN:40025,bind=$IP,reuseaddr,fork" EXEC:"/usr/sbin/exim4 -bs"
  wait_port 40025
  exchange smtp-exim-greeting.bin 40025
  exchange smtp-exim-ehlo.bin 40025 "$(probe smtp localhost 40025)"
  exchange smtp-exim-feat-probe.bin 40025 "$(probe ftp localhost 40025)"
}

record_vsftpd () {
  mkdir -p "$TMP/vsftpd/empty"
  cat > "$TMP/vsftpd/vsftpd.conf" <<CONF
listen=YES
listen_address=$IP
listen_port=40021
background=NO
anonymous_enable=NO
local_enable=YES
secure_chroot_dir=$TMP/vsftpd/empty
xferlog_enable=NO
CONF
  start /usr/sbin/vsftpd "$TMP/vsftpd/vsftpd.conf"
  wait_port 40021
  exchange ftp-vsftpd-greeting.bin 40021
  exchange ftp-vsftpd-feat.bin 40021 "$(probe ftp localhost 40021)"
  exchange ftp-vsftpd-ehlo-probe.bin 40021 "$(probe smtp localhost 40021)"
}

record_dovecot () {
  mkdir -p "$TMP/dovecot/run"
  cat > "$TMP/dovecot/dovecot.conf" <<CONF
base_dir = $TMP/dovecot/run
state_dir = $TMP/dovecot/run
log_path = $TMP/dovecot/log
protocols = imap pop3
listen = $IP
ssl = no
mail_location = mbox:$TMP/dovecot/mail
passdb {
  driver = static
  args = password=unused
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$TMP/dovecot/mail
}
service imap-login {
  inet_listener imap {
    address = $IP
    port = 40143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = $IP
    port = 40110
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
  start /usr/sbin/dovecot -F -c "$TMP/dovecot/dovecot.conf"
  wait_port 40143; wait_port 40110
  exchange imap-dovecot.bin 40143
  exchange pop3-dovecot.bin 40110
}

record_redis () {
  mkdir -p "$TMP/redis"
  start redis-server --bind "$IP" --port 40379 --save '' --appendonly no --dir "$TMP/redis"
  start redis-server --bind "$IP" --port 40380 --save '' --appendonly no --dir "$TMP/redis" \
    --requirepass secret
  wait_port 40379; wait_port 40380
  exchange redis-pong.bin 40379 "$(probe redis localhost 40379)"
  exchange redis-noauth.bin 40380 "$(probe redis localhost 40380)"
  exchange redis-inline-garbage-err.bin 40379 "$(raw 'HELLO-THERE\r\n')"
}

record_memcached () {
  start memcached -l "$IP" -p 40211 -U 0 -u nobody
  wait_port 40211
  exchange memcached-version.bin 40211 "$(probe memcached localhost 40211)"
}

record_mosquitto () {
  mkdir -p "$TMP/mosquitto"
  printf 'listener 40883 %s\nallow_anonymous true\n' "$IP" > "$TMP/mosquitto/open.conf"
  printf 'listener 40884 %s\nallow_anonymous false\n' "$IP" > "$TMP/mosquitto/closed.conf"
  start mosquitto -c "$TMP/mosquitto/open.conf"
  start mosquitto -c "$TMP/mosquitto/closed.conf"
  wait_port 40883; wait_port 40884
  exchange mqtt-mosquitto-accepted.bin 40883 "$(probe mqtt localhost 40883)"
  exchange mqtt-mosquitto-not-authorized.bin 40884 "$(probe mqtt localhost 40884)"
}

record_mariadb () {
  mkdir -p "$TMP/mysql"
  mariadb-install-db --no-defaults --user=root --datadir="$TMP/mysql/data" \
    --auth-root-authentication-method=normal >/dev/null 2>&1
  start mariadbd --no-defaults --user=root --datadir="$TMP/mysql/data" \
    --socket="$TMP/mysql/sock" --bind-address="$IP" --port=40306 --skip-log-bin \
    --pid-file="$TMP/mysql/pid" --log-error="$TMP/mysql/err"
  wait_port 40306
  exchange mysql-mariadb-handshake.bin 40306
  kill %% 2>/dev/null || true
  # max_connections=10 (MariaDB's minimum): with 11 idle connections held (one more is
  # kept for SUPER), the next is refused with ERR 1040.
  start mariadbd --no-defaults --user=root --datadir="$TMP/mysql/data" \
    --socket="$TMP/mysql/sock2" --bind-address="$IP" --port=40307 --skip-log-bin \
    --pid-file="$TMP/mysql/pid2" --log-error="$TMP/mysql/err2" --max-connections=10
  wait_port 40307
  python3 -c 'import socket, sys, time
held = [socket.create_connection((sys.argv[1], 40307)) for _ in range(11)]
time.sleep(6)' "$IP" &
  holder=$!
  sleep 1
  exchange mysql-mariadb-too-many-connections.bin 40307
  wait "$holder"
}

record_postgresql () {
  local bin=/usr/lib/postgresql/15/bin
  mkdir -p "$TMP/pg" && chown postgres "$TMP/pg"
  su postgres -c "$bin/initdb -D $TMP/pg/data --auth-host=scram-sha-256 --auth-local=trust" >/dev/null
  start su postgres -c "exec $bin/postgres -D $TMP/pg/data -c listen_addresses=$IP -p 40432 -k $TMP/pg"
  wait_port 40432
  exchange postgresql-ssl-refused.bin 40432 "$(probe postgresql localhost 40432)"
  # StartupMessage 3.0: user postgres, then one with no user at all.
  exchange postgresql-startup-sasl.bin 40432 \
    "$(raw '\x00\x00\x00\x29\x00\x03\x00\x00user\x00postgres\x00database\x00postgres\x00\x00')"
  exchange postgresql-startup-error.bin 40432 \
    "$(raw '\x00\x00\x00\x14\x00\x03\x00\x00database\x00x\x00\x00')"
}

record_rabbitmq () {
  mkdir -p "$TMP/rabbitmq"
  (export RABBITMQ_NODE_IP_ADDRESS=$IP RABBITMQ_NODE_PORT=40672 \
     RABBITMQ_NODENAME=ccrecord@localhost RABBITMQ_MNESIA_BASE=$TMP/rabbitmq \
     RABBITMQ_LOG_BASE=$TMP/rabbitmq RABBITMQ_DIST_PORT=40673 \
     RABBITMQ_ENABLED_PLUGINS_FILE=$TMP/rabbitmq/plugins HOME=$TMP/rabbitmq \
     ERL_EPMD_PORT=40369
   exec /usr/lib/rabbitmq/bin/rabbitmq-server) >"$TMP/rabbitmq.out" 2>&1 &
  PIDS="$PIDS $!"
  for _ in $(seq 600); do ss -ltn | grep -q "$IP:40672 " && break; sleep 0.1; done
  wait_port 40672
  exchange amqp-rabbitmq-start.bin 40672 "$(probe amqp localhost 40672)"
  exchange amqp-rabbitmq-header-reply.bin 40672 "$(raw 'AMQP\x00\x01\x00\x00')"
  RABBITMQ_NODENAME=ccrecord@localhost HOME=$TMP/rabbitmq ERL_EPMD_PORT=40369 \
    /usr/lib/rabbitmq/bin/rabbitmqctl stop >/dev/null 2>&1 || true
  epmd -port 40369 -kill >/dev/null 2>&1 || true  # our own epmd, not the system's
}

for name in "${@:-nginx openssl websocketd sshd exim vsftpd dovecot redis memcached mosquitto mariadb postgresql rabbitmq}"; do
  for n in $name; do "record_$n"; done
done
