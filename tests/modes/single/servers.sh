# SPDX-License-Identifier: GPL-3.0-or-later
# Real servers from Debian packages on loopback high ports, with throwaway configurations
# under $TEST_TMP, for the protocol tests and bench/identify.sh. Source after tests/lib.sh.
# Each start_* function starts one server, registers its stop with at_exit and waits until
# it listens; it returns 1 (leaving a reason in $WHY) when the server cannot start here.

WHY=""
PORT_RANGE=${PORT_RANGE:-}

# free_ports N [FIRST LAST]: N distinct loopback TCP ports nothing uses now, drawn at
# random so that test scripts running side by side do not pick the same ones (the
# kernel's bind to port 0 hands out the same port again once it is closed). With a range
# (a suite's own, so that its plain and ASan runs side by side do not collide), it waits
# up to 60 s for the range to free up, as other tests hold thousands of loopback
# listeners for a few seconds, then takes ports from anywhere rather than give up.
free_ports () {
  python3 - "$1" ${2:+"$2" "$3"} <<'PY'
import random, socket, sys, time
wanted = int(sys.argv[1])

def free_in(first, last):
    found = []
    for port in random.sample(range(first, last + 1), min(2000, last + 1 - first)):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        found.append(port)
        if len(found) == wanted:
            break
    return found

if len(sys.argv) > 2:
    end = time.time() + 60
    while time.time() < end:
        found = free_in(int(sys.argv[2]), int(sys.argv[3]))
        if len(found) == wanted:
            print(" ".join(map(str, found)))
            sys.exit(0)
        time.sleep(1)
print(" ".join(map(str, free_in(20000, 59999))))
PY
}

# start_on N FUNCTION [ARGS...]: runs FUNCTION with N fresh ports (then ARGS), up to three
# times: another program may bind a port between its choice and the server's start.
# Sets PORTS to the ports of the server that started. The ports come from PORT_RANGE
# ("FIRST LAST") when a suite sets it.
start_on () {
  local n=$1 fn=$2 try
  shift 2
  for try in 1 2 3; do
    # shellcheck disable=SC2086 # the range is two words
    PORTS=$(free_ports "$n" $PORT_RANGE)
    # shellcheck disable=SC2086
    $fn $PORTS "$@" && return 0
  done
  return 1
}

# wait_listen PORT SECONDS [PID]: waits until something listens on 127.0.0.1:PORT; gives
# up early when process PID has ended.
wait_listen () {
  python3 - "$1" "$2" "${3:-0}" <<'PY'
import socket, sys, time
port, end, pid = int(sys.argv[1]), time.time() + float(sys.argv[2]), int(sys.argv[3])
def ended():
    try:
        return pid and open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
while time.time() < end and not ended():
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# started NAME PID PORT [SECONDS [LOG]]: registers the stop of the process group PID
# leads (servers start under setsid, so their workers go too), then waits for the port;
# on failure WHY quotes the end of LOG.
started () {
  at_exit "kill -- -$2 2>/dev/null; sleep 0.2; kill -9 -- -$2 2>/dev/null"
  wait_listen "$3" "${4:-10}" "$2" && return 0
  WHY="$1 did not listen on port $3 within ${4:-10} s${5:+: $(tail -n 2 "$5" 2>/dev/null | tr '\n' ' ')}"
  return 1
}

self_signed_cert () {
  [ -f "$TEST_TMP/cert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$TEST_TMP/key.pem" -out "$TEST_TMP/cert.pem" >/dev/null 2>&1
}

# start_nginx HTTP_PORT H2C_PORT TLS_PORT: static site with a /ws location that has no
# WebSocket support (it serves a file), HTTP/2 by prior knowledge, and TLS.
start_nginx () {
  local dir="$TEST_TMP/nginx"
  command -v nginx >/dev/null || { WHY="needs nginx (apt-get install nginx-light)"; return 1; }
  self_signed_cert
  mkdir -p "$dir/html/ws" && chmod 755 "$TEST_TMP" "$dir" "$dir/html" "$dir/html/ws"
  echo hello > "$dir/html/index.html"; echo "no websocket here" > "$dir/html/ws/index.html"
  chmod 644 "$dir/html/index.html" "$dir/html/ws/index.html"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$1; root $dir/html; }
  server { listen 127.0.0.1:$2 http2; root $dir/html; }
  server { listen 127.0.0.1:$3 ssl; root $dir/html;
           ssl_certificate $TEST_TMP/cert.pem; ssl_certificate_key $TEST_TMP/key.pem; }
}
CONF
  setsid nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr" &
  started nginx $! "$1" && wait_listen "$2" 5 && wait_listen "$3" 5
}

# start_websocketd PORT: a real WebSocket server (echo).
start_websocketd () {
  command -v websocketd >/dev/null || { WHY="needs websocketd"; return 1; }
  setsid websocketd --address=127.0.0.1 --port="$1" /bin/cat >"$TEST_TMP/websocketd.log" 2>&1 &
  started websocketd $! "$1"
}

# start_sshd PORT: sshd with a generated host key.
start_sshd () {
  local dir="$TEST_TMP/sshd"
  mkdir -p "$dir" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key" >/dev/null
  printf 'Port %s\nListenAddress 127.0.0.1\nHostKey %s\nPidFile %s\nUsePAM no\n' \
    "$1" "$dir/host_key" "$dir/sshd.pid" > "$dir/sshd_config"
  setsid /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>"$dir/log" &
  started sshd $! "$1"
}

# start_openssl PORT [ARGS...]: openssl s_server with the self-signed certificate; -www
# keeps it from reading stdin, which would end its connections.
start_openssl () {
  local port=$1
  shift
  self_signed_cert
  setsid openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$TEST_TMP/cert.pem" \
    -key "$TEST_TMP/key.pem" "$@" </dev/null >"$TEST_TMP/s_server.$port.log" 2>&1 &
  started "openssl s_server" $! "$port"
}

start_redis () {
  mkdir -p "$TEST_TMP/redis"
  setsid redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly no \
    --dir "$TEST_TMP/redis" >"$TEST_TMP/redis/log" 2>&1 &
  started redis-server $! "$1"
}

start_memcached () {
  setsid memcached -l 127.0.0.1 -p "$1" -U 0 -u memcache -m 8 >"$TEST_TMP/memcached.log" 2>&1 &
  started memcached $! "$1"
}

start_mosquitto () {
  mkdir -p "$TEST_TMP/mosquitto"
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$1" \
    > "$TEST_TMP/mosquitto/mosquitto.conf"
  setsid mosquitto -c "$TEST_TMP/mosquitto/mosquitto.conf" >"$TEST_TMP/mosquitto/log" 2>&1 &
  started mosquitto $! "$1"
}

start_vsftpd () {
  local dir="$TEST_TMP/vsftpd"
  mkdir -p "$dir/empty"
  printf '%s\n' listen=YES listen_ipv6=NO "listen_address=127.0.0.1" "listen_port=$1" \
    background=NO anonymous_enable=YES no_anon_password=YES "anon_root=$dir/empty" \
    ftp_username=nobody local_enable=NO "secure_chroot_dir=$dir/empty" \
    "vsftpd_log_file=$dir/log" seccomp_sandbox=NO > "$dir/vsftpd.conf"
  setsid vsftpd "$dir/vsftpd.conf" >"$dir/stderr" 2>&1 &
  started vsftpd $! "$1"
}

# start_dovecot IMAP POP3 [IMAPS POP3S]: dovecot on IMAP and POP3, in a directory of
# its own; given IMAPS and POP3S, with the good chain of $TEST_TMP/pki (tls_lib.sh):
# STARTTLS and STLS on IMAP and POP3, TLS from the first byte on IMAPS and POP3S.
start_dovecot () {
  local dir="$TEST_TMP/dovecot$1" ssl=no imaps=0 pop3s=0
  [ $# -lt 4 ] || { ssl=yes; imaps=$3; pop3s=$4; }
  mkdir -p "$dir/run" "$dir/state"
  cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/log
protocols = imap pop3
listen = 127.0.0.1
ssl = $ssl
$([ "$ssl" = no ] || printf 'ssl_cert = <%s\nssl_key = <%s' "$TEST_TMP/pki/good.chain.pem" "$TEST_TMP/pki/good.key")
mail_location = maildir:$dir/mail/%u
passdb {
  driver = static
  args = password=unused
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/home/%u
}
service imap-login {
  inet_listener imap {
    port = $1
  }
  inet_listener imaps {
    port = $imaps
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $2
  }
  inet_listener pop3s {
    port = $pop3s
  }
}
CONF
  setsid dovecot -F -c "$dir/dovecot.conf" >"$dir/stderr" 2>&1 &
  started "dovecot (ssl = $ssl)" $! "$1" 10 "$dir/stderr" && wait_listen "$2" 5
}

# start_exim PORT: exim4 with Debian's own configuration, listening on PORT only.
start_exim () {
  local dir="$TEST_TMP/exim"
  mkdir -p "$dir"
  setsid exim4 -bdf -oX "$1" -oP "$dir/exim.pid" >"$dir/stderr" 2>&1 &
  started exim4 $! "$1"
}

# start_postgresql PORT [OPTION...]: a new cluster in a temporary directory, run as
# postgres, with further server options (-c ssl=on ...).
start_postgresql () {
  local dir="$TEST_TMP/pg" bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
  [ -n "$bin" ] || { WHY="needs postgresql"; return 1; }
  mkdir -p "$dir" && chown postgres "$dir" && chmod 755 "$TEST_TMP"
  [ -d "$dir/data" ] || runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust \
    >/dev/null 2>&1 || { WHY="initdb failed"; return 1; }
  setsid runuser -u postgres -- "$bin/postgres" -D "$dir/data" -p "$1" -k "$dir" \
    -c listen_addresses=127.0.0.1 -c fsync=off "${@:2}" >"$dir/log" 2>&1 &
  started postgresql $! "$1" 60 "$dir/log"
}

# start_mariadb PORT: a new data directory, run as mysql.
start_mariadb () {
  local dir="$TEST_TMP/mariadb"
  mkdir -p "$dir" && chown mysql "$dir" && chmod 755 "$TEST_TMP"
  # Its own tmpdir: installs running side by side collide on /tmp/#sql-temptable-*.
  [ -d "$dir/data" ] || mariadb-install-db --no-defaults --user=mysql --datadir="$dir/data" \
    --skip-test-db --tmpdir="$dir" --auth-root-authentication-method=normal \
    >"$dir/install.log" 2>&1 \
    || { WHY="mariadb-install-db failed: $(grep -m 1 -i error "$dir/install.log")"; return 1; }
  setsid mariadbd --no-defaults --user=mysql --datadir="$dir/data" --port="$1" \
    --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --tmpdir="$dir" \
    --skip-name-resolve --innodb-buffer-pool-size=8M --skip-log-bin \
    >"$dir/log" 2>&1 &
  started mariadb $! "$1" 60 "$dir/log"
}

# start_rabbitmq PORT [CONFIG [LISTENS]]: a broker node with its own data directory and
# ports, reading rabbitmq.conf CONFIG if given; ready once LISTENS (default PORT) listens.
start_rabbitmq () {
  local dir="$TEST_TMP/rabbitmq" epmd config=${2:-} listens=${3:-$1}
  mkdir -p "$dir" && chown rabbitmq "$dir" && chmod 755 "$TEST_TMP"
  set -- "$1" $(free_ports 2)
  epmd=$2
  env RABBITMQ_NODE_PORT="$1" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_DIST_PORT="$3" ERL_EPMD_PORT="$epmd" \
    RABBITMQ_NODENAME="cc$1@localhost" RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="${config:-$dir/none}" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/plugins" HOME="$dir" \
    setsid runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/stdout" 2>&1 &
  at_exit "ERL_EPMD_PORT=$epmd epmd -kill 2>/dev/null"
  started rabbitmq $! "$listens" 60 "$dir/stdout"
}

# start_odd PORT garbage|reset: a loopback listener that greets every connection with
# control bytes, '|' and a line break, or resets it 50 ms after accepting it.
start_odd () {
  setsid python3 - "$1" "$2" <<'PY' >/dev/null 2>&1 &
import socket, struct, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port)); s.listen(16)
held, end = [], time.time() + 300
while time.time() < end:
    c = s.accept()[0]
    if mode == "reset":
        time.sleep(0.05)  # after the client's connect has completed, as TCP wrappers do
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
    else:
        c.sendall(b"\x00\x01evil|\r\nline two\x7f\xff")
        held.append(c)
PY
  started "python listener" $! "$1"
}

# expect_identified PORT NAME: --identify names NAME on 127.0.0.1:PORT ($T holds -H, -t).
expect_identified () {
  run_check $T -p "$1" --identify
  expect 0 "^CONN OK - 127\.0\.0\.1:$1 identified $2 " "identify $2 on port $1"
}

# expect_speaks PORT NAME: --protocol NAME is satisfied on 127.0.0.1:PORT.
expect_speaks () {
  run_check $T -p "$1" --protocol "$2"
  expect 0 "^CONN OK - 127\.0\.0\.1:$1 speaks $2 " "--protocol $2 on port $1"
}

# start_mixed_servers: nginx, sshd and redis on loopback and a listener that never
# answers, as bulk runs over several protocols need them; sets HTTP, SSH, REDIS and
# SILENT to their ports, or skips the test with the reason.
start_mixed_servers () {
  need_root "servers run with throwaway configurations as root"
  for cmd in nginx /usr/sbin/sshd ssh-keygen redis-server python3 setsid; do need_cmd $cmd; done
  start_on 3 start_nginx || skip "$WHY"
  read -r HTTP _ _ <<< "$PORTS"
  start_on 1 start_sshd || skip "$WHY"
  SSH=$PORTS
  start_on 1 start_redis || skip "$WHY"
  REDIS=$PORTS
  SILENT=$(free_ports 1)
  listen 127.0.0.1 "$SILENT"
}
