#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Identification of real database and broker servers: PostgreSQL (a new cluster),
# MariaDB (a new data directory) and RabbitMQ, on loopback high ports.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"

need_root "servers run as their own users from throwaway data directories"
for cmd in mariadb-install-db mariadbd runuser setsid; do need_cmd $cmd; done

start_on 1 start_postgresql || skip "$WHY"
PG=$PORTS
start_on 1 start_mariadb || skip "$WHY"
MARIADB=$PORTS
T="-H 127.0.0.1 -t 5"

for case in "$PG postgresql" "$MARIADB mysql"; do
  set -- $case
  expect_identified "$1" "$2"
  expect_speaks "$1" "$2"
done
run_check $T -p "$MARIADB" --protocol http
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$MARIADB not an HTTP server: it speaks MySQL" \
  "http:// to MariaDB"
run_check $T -p "$PG" --protocol redis
expect 2 "^CONN CRITICAL - 127\.0\.0\.1:$PG not a Redis server: it speaks PostgreSQL" \
  "redis to PostgreSQL"

# RabbitMQ boots in about 10 s here; CC_TEST_RABBITMQ=0 leaves it out.
if [ "${CC_TEST_RABBITMQ:-1}" = 1 ] && command -v rabbitmq-server >/dev/null; then
  if start_on 1 start_rabbitmq; then
    AMQP=$PORTS
    run_check $T -p "$AMQP" --identify
    expect 0 "^CONN OK - 127\.0\.0\.1:$AMQP identified amqp " "identify amqp"
    run_check $T -p "$AMQP" --protocol amqp
    expect 0 "^CONN OK - 127\.0\.0\.1:$AMQP speaks amqp " "--protocol amqp"
  else
    echo "note: rabbitmq not tested: $WHY"
  fi
fi
finish
