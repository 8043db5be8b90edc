# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers for the tests that run Icinga 2 for real: a throwaway node whose configuration,
# state, certificates, logs and PID file all live in one directory, with the REST API on
# a loopback (or namespace) port. Source after tests/lib.sh.

need_cmd icinga2 icinga2-bin
need_cmd curl
need_cmd openssl

ICINGA2_API_USER=checkconn
ICINGA2_API_PASSWORD=checkconn-test

# icinga2_defines DIR: the -D options that keep a daemon inside DIR, running as the user
# who runs the test (Icinga drops root to RunAsUser).
icinga2_defines () {
  printf '%s\n' "-DDataDir=$1/lib" "-DCacheDir=$1/cache" "-DLogDir=$1/log" \
    "-DInitRunDir=$1/run" "-DSpoolDir=$1/spool" "-DConfigDir=$1/etc" "-DZonesDir=$1/etc/zones.d" \
    "-DRunAsUser=$(id -un)" "-DRunAsGroup=$(id -gn)"
}

# icinga2_ca DIR: a certificate authority in DIR/lib/ca (icinga2 pki new-ca).
icinga2_ca () {
  mkdir -p "$1/lib"
  mapfile -t defines < <(icinga2_defines "$1")
  timeout 60 icinga2 pki new-ca "${defines[@]}" >/dev/null 2>&1 \
    || fail "icinga2 pki new-ca in $1"
}

# icinga2_cert DIR NODENAME CADIR: DIR/lib/certs/NODENAME.{key,crt} signed by the CA in
# CADIR (icinga2 pki sign-csr), and that CA's certificate as DIR/lib/certs/ca.crt. The key
# is ECDSA, not icinga2 pki new-cert's RSA: with RSA keys, Icinga 2.13 on OpenSSL 3 here
# now and then failed API handshakes with "rsa routines::invalid padding" while another
# daemon ran (as in Icinga/icinga2#9509); not seen with ECDSA keys.
icinga2_cert () {
  local certs=$1/lib/certs
  mkdir -p "$certs"
  mapfile -t ca_defines < <(icinga2_defines "$3")
  { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$certs/$2.key" \
      && openssl req -new -key "$certs/$2.key" -subj "/CN=$2" -out "$certs/$2.csr"; } \
    >/dev/null 2>&1 || fail "openssl: key and request for $2"
  timeout 60 icinga2 pki sign-csr --csr "$certs/$2.csr" --cert "$certs/$2.crt" \
    "${ca_defines[@]}" >/dev/null 2>&1 || fail "icinga2 pki sign-csr $2"
  cp "$3/lib/ca/ca.crt" "$certs/ca.crt"
}

# icinga2_node DIR NODENAME BIND_HOST PORT PLUGINDIR: DIR/etc/icinga2.conf of a node named
# NODENAME whose API listens on BIND_HOST:PORT (0.0.0.0: every address, reached at
# 127.0.0.1), PluginDir PLUGINDIR, with the checker, an API user, the ITL, and
# DIR/etc/objects.conf, which the caller writes, and DIR/etc/zones.conf: a single node in
# zone "master" unless the caller writes another.
icinga2_node () {
  mkdir -p "$1/etc" "$1/lib" "$1/cache" "$1/log" "$1/run/icinga2" "$1/spool"
  touch "$1/etc/objects.conf"
  printf 'object Endpoint "%s" { }\nobject Zone "master" {\n  endpoints = [ "%s" ]\n}\n' \
    "$2" "$2" > "$1/etc/zones.conf"
  # The certificate names the node, not the address: curl connects to the name, resolved here.
  echo "https://$2:$4" > "$1/api.url"
  if [ "$3" = 0.0.0.0 ]; then echo "$2:$4:127.0.0.1"; else echo "$2:$4:$3"; fi > "$1/api.resolve"
  cat > "$1/etc/icinga2.conf" <<ICINGA
const PluginDir = "$5"
const NodeName = "$2"
include <itl>
include <plugins>
include "zones.conf"
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "$3"
  bind_port = $4
  accept_config = true
  accept_commands = true
}
object ApiUser "$ICINGA2_API_USER" {
  password = "$ICINGA2_API_PASSWORD"
  permissions = [ "*" ]
}
include "objects.conf"
ICINGA
}

# icinga2_start DIR [NAMESPACE]: starts the daemon of DIR (inside NAMESPACE when given)
# for at most 170 s, in a process group of its own that is stopped at the test's end; its
# console log is DIR/console.log.
icinga2_start () {
  local prefix=() pid
  [ -z "${2:-}" ] || prefix=(ip netns exec "$2")
  mapfile -t defines < <(icinga2_defines "$1")
  setsid timeout -k 5 170 "${prefix[@]}" icinga2 daemon -c "$1/etc/icinga2.conf" "${defines[@]}" \
    > "$1/console.log" 2>&1 &
  pid=$!
  echo "$pid" > "$1/daemon.pid"
  at_exit "icinga2_stop $pid"
}

# icinga2_stop PID: the daemon's whole process group (its umbrella process and the worker,
# which a TERM to the first alone can leave running): TERM, then KILL after 3 s.
icinga2_stop () {
  local group
  group=$(ps -o pgid= -p "$1" | tr -d ' ')
  [ -n "$group" ] || return 0
  kill -TERM -- "-$group" 2>/dev/null || return 0
  for _ in $(seq 30); do
    kill -0 -- "-$group" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$group" 2>/dev/null || true
}

# icinga2_api DIR URL_PATH [NAMESPACE]: GET from the API of the daemon of DIR, checking
# its certificate against the node's CA.
icinga2_api () {
  local prefix=()
  [ -z "${3:-}" ] || prefix=(ip netns exec "$3")
  timeout 10 "${prefix[@]}" curl -sS --fail --cacert "$1/lib/certs/ca.crt" \
    -u "$ICINGA2_API_USER:$ICINGA2_API_PASSWORD" -H 'Accept: application/json' \
    --resolve "$(cat "$1/api.resolve")" "$(cat "$1/api.url")$2"
}

icinga2_running () { kill -0 "$(cat "$1/daemon.pid")" 2>/dev/null; }

# icinga2_wait_api DIR SECONDS: waits until the API of the daemon of DIR answers.
icinga2_wait_api () {
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    icinga2_api "$1" /v1/status/IcingaApplication >/dev/null 2>&1 && return 0
    icinga2_running "$1" || break
    sleep 0.5
  done
  fail "API of $1 not answering after $2 s; log: $(grep -m 5 -B 2 -A 8 critical "$1/console.log" || tail -5 "$1/console.log")"
  return 1
}

# icinga2_check_now DIR SECONDS [NAMESPACE]: once the API of the daemon of DIR answers
# (within SECONDS), reschedules every service's check to now.
icinga2_check_now () {
  local deadline=$((SECONDS + $2)) prefix=()
  [ -z "${3:-}" ] || prefix=(ip netns exec "$3")
  while [ "$SECONDS" -lt "$deadline" ]; do
    timeout 10 "${prefix[@]}" curl -sS --fail --cacert "$1/lib/certs/ca.crt" \
      -u "$ICINGA2_API_USER:$ICINGA2_API_PASSWORD" -H 'Accept: application/json' \
      --resolve "$(cat "$1/api.resolve")" -X POST \
      -d '{ "type": "Service", "filter": "true", "force": true }' \
      "$(cat "$1/api.url")/v1/actions/reschedule-check" >/dev/null 2>&1 && return 0
    icinga2_running "$1" || break
    sleep 0.5
  done
  fail "API of $1 not answering after $2 s; log: $(grep -m 5 -B 2 -A 8 critical "$1/console.log" || tail -5 "$1/console.log")"
  return 1
}

# icinga2_wait_services DIR SECONDS [NAMESPACE]: waits until every service of the daemon
# of DIR has a check result; prints /v1/objects/services as JSON. Fails after SECONDS.
icinga2_wait_services () {
  local json deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if json=$(icinga2_api "$1" '/v1/objects/services?attrs=last_check_result&attrs=state&attrs=display_name' "${3:-}" 2>/dev/null) \
       && printf '%s' "$json" | python3 -c '
import json, sys
results = json.load(sys.stdin)["results"]
sys.exit(0 if results and all(r["attrs"]["last_check_result"] for r in results) else 1)'; then
      printf '%s\n' "$json"
      return 0
    fi
    icinga2_running "$1" || break
    sleep 0.5
  done
  fail "not every service checked after $2 s; log: $(grep -m 5 -B 2 -A 8 critical "$1/console.log" || tail -5 "$1/console.log")"
  return 1
}
