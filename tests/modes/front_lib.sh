# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP answers and the proxy in front, from real servers on loopback: nginx serving
# 200/301/404/500 locations and proxying to a dead upstream (502), a silent one (504),
# websocketd (a WebSocket upgrade that works) and a CDN-like origin (Cloudflare's 52x,
# which nginx cannot produce). Source after tests/lib.sh and tests/modes/single/servers.sh.

# This suite's servers take their ports from its own range (see start_on, servers.sh).
PORT_RANGE="45000 45999"

# start_silent PORT: a listener that accepts and never answers.
start_silent () {
  listen 127.0.0.1 "$1"
}

# start_cdn PORT: answers GET /NNN with status NNN as Cloudflare does (Server:
# cloudflare, CF-RAY), GET /hostile with a 502 whose headers carry control bytes and a
# 100 kB Via line, GET /body-hostile with a 200 whose body holds control bytes, and GET
# /malformed with a control byte for the space after its status code.
start_cdn () {
  setsid python3 - "$1" <<'PY' >/dev/null 2>&1 &
import socket, socketserver, sys
REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
           520: "Unknown Error", 521: "Web Server Is Down", 522: "Connection Timed Out",
           523: "Origin Is Unreachable", 524: "A Timeout Occurred",
           525: "SSL Handshake Failed", 526: "Invalid SSL Certificate"}
class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            request += chunk
        path = request.split(b" ")[1].decode("ascii", "replace").rsplit("/", 1)[-1]
        if path == "hostile":
            head = (b"HTTP/1.1 502 Bad\x1b[31m Gateway|\x00\r\nServer: nginx\x01|evil\x1b[2J\r\n"
                    b"Via: 1.1 " + b"\x07" * 100000 + b"\r\nContent-Length: 0\r\n\r\n")
            self.request.sendall(head)
            return
        if path == "malformed":
            self.request.sendall(b"HTTP/1.1 200\x01OK\r\nContent-Length: 2\r\n\r\nhi")
            return
        if path == "body-hostile":
            body = b"<html>\x00\x1b[31m|" + b"\xff" * 70000 + b"</html>"
            self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            return
        status = int(path) if path.isdigit() and int(path) in REASONS else 404
        body = b"error code: %d" % status
        self.request.sendall(b"HTTP/1.1 %d %s\r\nServer: cloudflare\r\nCF-RAY: 8a1b2c3d4e5f6a7b-FRA\r\n"
                             b"Content-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                             % (status, REASONS.get(status, "Not Found").encode(), len(body)) + body)
class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
  started "CDN-like origin" $! "$1"
}

# start_front HTTP_PORT DEAD_PORT SILENT_PORT WS_PORT CDN_PORT: nginx on HTTP_PORT with
# /ok (200 "all is well"), /moved (301), /missing (404), /broken (500), /dead/ and
# /ws-dead/ proxied to DEAD_PORT (nothing listens), /silent/ and /ws-silent/ to
# SILENT_PORT (accepts, never answers; proxy_read_timeout 1s), /ws/ to websocketd on
# WS_PORT with the upgrade headers, /static/ a plain file, /cdn/ to the CDN-like origin.
start_front () {
  local dir="$TEST_TMP/front" upgrade
  command -v nginx >/dev/null || { WHY="needs nginx (apt-get install nginx-light)"; return 1; }
  mkdir -p "$dir/html/static" && chmod 755 "$TEST_TMP" "$dir" "$dir/html" "$dir/html/static"
  echo "a static page, no websocket here" > "$dir/html/static/index.html"
  chmod 644 "$dir/html/static/index.html"
  upgrade='proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";'
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log off;
  default_type text/plain;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$1; root $dir/html;
    location = /ok { return 200 "all is well\n"; }
    location = /moved { return 301 /ok; }
    location = /broken { return 500; }
    location /dead/ { proxy_pass http://127.0.0.1:$2; }
    location /silent/ { proxy_pass http://127.0.0.1:$3; proxy_read_timeout 1s; }
    location /ws/ { proxy_pass http://127.0.0.1:$4; $upgrade }
    location /ws-dead/ { proxy_pass http://127.0.0.1:$2; $upgrade }
    location /ws-silent/ { proxy_pass http://127.0.0.1:$3; proxy_read_timeout 1s; $upgrade }
    location /cdn/ { proxy_pass http://127.0.0.1:$5/; }
  }
}
CONF
  setsid nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr" &
  started nginx $! "$1" 10 "$dir/stderr"
}

# start_front_servers: websocketd, the silent upstream, the CDN-like origin and nginx in
# front of them; sets FRONT, DEAD, SILENT, WS and CDN to their ports, or skips.
start_front_servers () {
  need_root "nginx runs with a throwaway configuration as root"
  for cmd in nginx websocketd python3 setsid; do need_cmd $cmd; done
  # The dead upstream's port stays bound (never listening) for the whole test: connects
  # to it are refused, and no listener of a test running beside this one can take it.
  exec {dead_fd}< <(exec python3 -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(3600)')
  at_exit "kill $! 2>/dev/null"
  read -r -t 10 DEAD <&"$dead_fd" || skip "no port to hold for the dead upstream"
  start_on 1 start_silent || skip "no listener on loopback"
  SILENT=$PORTS
  start_on 1 start_websocketd || skip "$WHY"
  WS=$PORTS
  start_on 1 start_cdn || skip "$WHY"
  CDN=$PORTS
  start_on 1 start_front "$DEAD" "$SILENT" "$WS" "$CDN" || skip "$WHY"
  FRONT=$PORTS
}
