#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn --config F --icinga-api URL against a running Icinga 2: each endpoint of the
# audit becomes its own service of the --icinga-host, created on the first run, and holds
# the state and output a single check of that endpoint by hand gives (read back from the
# REST API). A second run files new results into the same services. A wrong password, or
# a CA that did not sign the API's certificate, gives UNKNOWN with the reason.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/contrib/icinga2_lib.sh"

API_PORT=46102

mkdir "$TEST_TMP/www"
start_http_server "$TEST_TMP/www"
CLOSED_PORT=$(free_port)
# diagnose = true: each endpoint gets the local evidence a single check reads, and with it
# the single check's advice.
cat > "$TEST_TMP/audit.ini" <<INI
[defaults]
diagnose = true

[group e2e]
endpoints = 127.0.0.1:$HTTP_PORT, 127.0.0.1:$CLOSED_PORT

[endpoint e2e/chat]
host = 127.0.0.1
port = $HTTP_PORT
protocol = websocket
path = /
INI
"$CHECK_CONN" --config "$TEST_TMP/audit.ini" --icinga-api https://localhost:1 --icinga-user u \
  --icinga-password-file "$TEST_TMP/audit.ini" --icinga-host h 2>&1 | grep -q 'built without libcurl' \
  && skip "check_conn built without libcurl (libcurl4-openssl-dev)"

# The API's certificate names "localhost", which check_conn's URL uses.
NODE=$TEST_TMP/icinga
icinga2_ca "$NODE"
icinga2_cert "$NODE" localhost "$NODE"
icinga2_node "$NODE" localhost 127.0.0.1 "$API_PORT" /usr/lib/nagios/plugins
printf 'object Host "audit" {\n  address = "127.0.0.1"\n  check_command = "dummy"\n}\n' \
  > "$NODE/etc/objects.conf"
# The ApiUser of README.md, with only the permissions it lists, posts the results.
python3 - "$top_srcdir/README.md" "$ICINGA2_API_PASSWORD" >> "$NODE/etc/objects.conf" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
user = re.search(r'```\n(object ApiUser "check_conn" \{.*?\n\})\n```', text, re.S)
if not user:
    sys.exit("README.md has no ApiUser \"check_conn\" block")
print(user.group(1).replace('password = "..."', 'password = "%s"' % sys.argv[2]))
PY
printf '%s\n' "$ICINGA2_API_PASSWORD" > "$TEST_TMP/password"
icinga2_start "$NODE"
icinga2_wait_api "$NODE" 60 || finish

post () {
  run_check --config "$TEST_TMP/audit.ini" --icinga-api "https://localhost:$API_PORT" \
    --icinga-user check_conn --icinga-host audit "$@"
}
post --icinga-password-file "$TEST_TMP/password" --icinga-ca-file "$NODE/lib/certs/ca.crt"
expect 2 '^CONN CRITICAL - e2e: 2 of 3 endpoints failing \(1 [a-z_.]+, 1 [a-z_.]+\)' \
  "the audit posted to Icinga 2 says its own verdict"

# services.json: every service of host "audit" with its last result, as Icinga recorded it.
fetch_services () {
  icinga2_api "$NODE" '/v1/objects/services?attrs=last_check_result&attrs=enable_active_checks&filter=host.name==%22audit%22' \
    > "$TEST_TMP/services.json"
}
# compare SERVICE ARGS...: Icinga's record of SERVICE equals a single check by hand with ARGS.
compare () {
  local service=$1
  shift
  run_check "$@"
  printf '%s' "$OUT" > "$TEST_TMP/by-hand.txt"
  if python3 - "$TEST_TMP" "audit!$service" "$RC" <<'PY'; then
import json, re, sys
tmp, name, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
records = {r["name"]: r["attrs"] for r in json.load(open(tmp + "/services.json"))["results"]}
hand = open(tmp + "/by-hand.txt").read().strip().split("\n")
text, _, perf = hand[0].partition(" | ")
hand_output = "\n".join([text] + hand[1:])
norm = lambda s: re.sub(r"[0-9.]+ m?s\b|[0-9]+\.[0-9]+", "T", s)
record = records.get(name)
if record is None:
    sys.exit("no service %s; Icinga has %s" % (name, sorted(records)))
result = record["attrs"] if "attrs" in record else record["last_check_result"]
problems = []
if record["enable_active_checks"]:
    problems.append("the service is active")
# A passive result's state is "state"; its "exit_status" stays 0.
if int(result["state"]) != rc:
    problems.append("state %s, by hand %s" % (result["state"], rc))
if norm(result["output"]) != norm(hand_output):
    problems.append("output %r, by hand %r" % (result["output"], hand_output))
if len(result["performance_data"] or []) != len(perf.split()):
    problems.append("perfdata %s, by hand %r" % (result["performance_data"], perf))
if problems:
    sys.exit("; ".join(problems))
PY
    pass "Icinga service $service: exit $RC, $(printf '%s\n' "$OUT" | head -n 1)"
  else
    fail "Icinga service $service differs from check_conn by hand"
  fi
}

check_services () {
  fetch_services
  count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["results"]))' \
    "$TEST_TMP/services.json")
  [ "$count" = 3 ] && pass "$1: 3 endpoints, 3 services" || fail "$1: $count services, wanted 3"
  compare "e2e 127.0.0.1:$HTTP_PORT" -H 127.0.0.1 -p "$HTTP_PORT"
  compare "e2e 127.0.0.1:$CLOSED_PORT" -H 127.0.0.1 -p "$CLOSED_PORT"
  compare "e2e/chat 127.0.0.1:$HTTP_PORT" -H 127.0.0.1 -p "$HTTP_PORT" --protocol websocket --path /
}
check_services "first run"

# A second run, with the closed port now open: same services, new results.
listen 127.0.0.1 "$CLOSED_PORT"
post --icinga-password-file "$TEST_TMP/password" --icinga-ca-file "$NODE/lib/certs/ca.crt"
expect 2 '^CONN CRITICAL - e2e: 1 of 3 endpoints failing \(1 protocol\.mismatch\)' \
  "a second audit posts into the existing services"
check_services "second run"

echo wrong > "$TEST_TMP/wrong"
post --icinga-password-file "$TEST_TMP/wrong" --icinga-ca-file "$NODE/lib/certs/ca.crt"
expect 3 "^CONN UNKNOWN - Icinga 2 API 'https://localhost:$API_PORT': HTTP 401 " \
  "a wrong password is UNKNOWN with the API's answer"
post --icinga-password-file "$TEST_TMP/password"
expect 3 "^CONN UNKNOWN - Icinga 2 API 'https://localhost:$API_PORT': .*(certificate|CA)" \
  "an API certificate the system's CAs did not sign is UNKNOWN without --ca-file"
finish
