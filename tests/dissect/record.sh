#!/bin/bash
# Records the fixture replies from real Debian servers on 127.0.44.1 (run as root, by
# hand, from a configured build dir): tests/dissect/record.sh BUILDDIR [NAME...]
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
    except socket.timeout:
        break
    if not chunk:
        break
    data += chunk
s.close()
open(out, "wb").write(data)
print("%-28s %5d bytes  %r" % (out.rsplit("/", 1)[1], len(data), data[:60]))
PY
}

probe () { "$BUILDDIR/tests/dissect/probe-dump" "$@" > "$TMP/probe"; echo "$TMP/probe"; }
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

for name in "${@:-nginx openssl websocketd sshd exim vsftpd dovecot}"; do
  for n in $name; do "record_$n"; done
done
