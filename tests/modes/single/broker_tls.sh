#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --tls for the data protocols: Redis (tls-port), MQTT (a mosquitto TLS listener, as on
# port 8883) and AMQP (a rabbitmq-server ssl listener, as on port 5671) spoken inside TLS
# from the first byte; the certificate judged as for https. Single checks, then the same
# in bulk.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

need_root "servers run with throwaway configurations as root"
for cmd in redis-server mosquitto openssl setsid runuser python3; do need_cmd $cmd; done
make_pki "$TEST_TMP/pki" || skip "openssl could not make the test PKI"
start_on 1 start_redis_tls || skip "$WHY"
REDIS=$PORTS
start_on 1 start_mosquitto_tls || skip "$WHY"
MQTT=$PORTS
CA="--ca-file $TEST_TMP/pki/root.pem"
T="-H 127.0.0.1 -t 5"

run_check $T -p "$REDIS" --protocol redis --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$REDIS speaks redis \(Redis over TLS 1\.[23]\): \+PONG \|.* certificate_days=9;" \
  "redis-server tls-port: PING inside TLS"
run_check $T -p "$REDIS" --protocol redis --tls
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$REDIS TLS certificate not trusted: .* \(tls\.untrusted\)" \
  "redis over TLS: the certificate is verified"
run_check -H localhost -t 5 -p "$REDIS" --protocol redis --tls $CA --sni other.example
expect 2 "^CONN CRITICAL - localhost \(127\.0\.0\.1:$REDIS\) TLS certificate is not for this name: it is for localhost, 127\.0\.0\.1 \(tls\.name_mismatch\)" \
  "redis over TLS: the name is checked"
run_check $T -p "$REDIS" --protocol redis $CA
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$REDIS not a Redis server: it speaks TLS on this port \(use --tls, or tls = true in a config file\) \(tls\.on_plain_port\)" \
  "plain Redis to its TLS port"
run_check $T -p "$REDIS" --identify $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$REDIS identified tls \(TLS 1\.[23]\), but the inside stays unknown: the server ended the connection at an HTTP request \|" \
  "--identify: TLS, and Redis closes at HTTP inside it (close_notify is no alert)"

run_check $T -p "$MQTT" --protocol mqtt --tls $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$MQTT speaks mqtt \(MQTT over TLS 1\.[23]\) \|.* certificate_days=9;" \
  "mosquitto TLS listener: CONNECT inside TLS, CONNACK"
run_check $T -p "$MQTT" --protocol mqtt --tls --tls-max 1.2 $CA
expect 0 "^CONN OK - 127\.0\.0\.1:$MQTT speaks mqtt \(MQTT over TLS 1\.2\) " \
  "mosquitto over TLS 1.2"
run_check $T -p "$MQTT" --protocol mqtt
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$MQTT not an MQTT server: it speaks TLS on this port \(use --tls, or tls = true in a config file\) \(tls\.on_plain_port\)" \
  "plain MQTT to its TLS port"

# AMQP: rabbitmq-server starts in seconds to a minute; the wait is bounded by start_rabbitmq.
AMQP="" AMQPS=""
if command -v rabbitmq-server >/dev/null && id rabbitmq >/dev/null 2>&1 \
   && start_on 2 start_rabbitmq_tls; then
  read -r AMQP AMQPS <<< "$PORTS"
  run_check $T -p "$AMQPS" --protocol amqp --tls $CA
  expect 0 "^CONN OK - 127\.0\.0\.1:$AMQPS speaks amqp \(AMQP 0-9-1 over TLS 1\.[23]" \
    "rabbitmq ssl listener: the protocol header inside TLS"
  run_check $T -p "$AMQPS" --protocol amqp --tls
  expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$AMQPS TLS certificate not trusted: .* \(tls\.untrusted\)" \
    "rabbitmq over TLS: the certificate is verified"
  run_check $T -p "$AMQP" --protocol amqp --tls $CA
  expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$AMQP TLS handshake failed: the server answered in plain text \(it .*\) \(tls\.plaintext_reply\)" \
    "--tls to rabbitmq's plain AMQP port"
else
  echo "note: AMQP over TLS not checked: ${WHY:-rabbitmq-server is not installed}"
fi

# The same in bulk, the setting as a config key.
CONFIG=$TEST_TMP/broker_tls.ini
{
  printf '[defaults]\ntimeout = 5\ntls = true\nca-file = %s\n' "$TEST_TMP/pki/root.pem"
  printf '[group brokers]\nendpoints = 127.0.0.1:%s/redis, 127.0.0.1:%s/mqtt%s\n' "$REDIS" "$MQTT" \
    "${AMQPS:+, 127.0.0.1:$AMQPS/amqp}"
  # Another CA than the one that signed the server's chain.
  printf '[group untrusted]\nca-file = %s\nendpoints = 127.0.0.1:%s/redis\n' \
    "$TEST_TMP/pki/client_ca.pem" "$REDIS"
} > "$CONFIG"
run_check --config "$CONFIG" --format json
[ "$RC" -eq 2 ] && pass "bulk: CRITICAL" || fail "bulk: exit $RC: $OUT"
printf '%s\n' "$OUT" > "$TEST_TMP/report.json"
if python3 - "$TEST_TMP/report.json" "$REDIS" "$MQTT" "$AMQPS" <<'PY'
import json, sys
redis, mqtt, amqps = sys.argv[2:5]
results = json.load(open(sys.argv[1]))["results"]
causes = sorted((r["port"], r["cause"]) for r in results)
want = [(int(redis), "ok"), (int(redis), "tls.untrusted"), (int(mqtt), "ok")]
if amqps:
    want.append((int(amqps), "ok"))
assert causes == sorted(want), causes
PY
then pass "bulk: the same causes as the single checks"; else fail "bulk causes: $OUT"; fi
finish
