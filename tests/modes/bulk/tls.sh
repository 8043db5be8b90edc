#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The TLS cases of tests/modes/single/tls.sh in one bulk run, one group each with the TLS
# settings as config keys: each endpoint gets the cause and the words the single check
# with the same options gives.
: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$top_srcdir/tests/modes/single/tls_lib.sh"

start_tls_servers
ROOT=$TEST_TMP/pki/root.pem

# name|host:port|keys (';' between them)|cause|single-check options
CASES="good|$GOOD||ok|
untrusted_root|$GOOD||tls.untrusted|
expired|$EXPIRED||tls.cert_expired|
notyet|$NOTYET||tls.cert_not_yet_valid|
expiring|$EXPIRING|certificate-days = 30|tls.cert_expiring|--certificate-days 30
expiring_crit|$EXPIRING|certificate-days = 30,7|tls.cert_expiring|--certificate-days 30,7
wrongname|$WRONGNAME||tls.name_mismatch|
wrongname_sni|$WRONGNAME|sni = other.example|ok|--sni other.example
selfsigned|$SELFSIGNED||tls.self_signed|
selfsigned_insecure|$SELFSIGNED|insecure = true|ok|--insecure
nointer|$NOINTER||tls.untrusted|
tls13_capped|$TLS13|tls-max = 1.2|tls.version|--tls-max 1.2
mtls|$MTLS||tls.client_cert_required|
wss|$WSS|protocol = wss; path = /ws/|ok|--protocol wss --path /ws/
wss_static|$WSS|protocol = wss; path = /|protocol.mismatch|--protocol wss --path /
plain|$WS_BACKEND||tls.plaintext_reply|"
CONFIG=$TEST_TMP/tls.ini
{
  printf '[defaults]\ntimeout = 5\nprotocol = https\n'
  while IFS='|' read -r name port keys _ _; do
    printf '[group %s]\nendpoints = 127.0.0.1:%s\n' "$name" "$port"
    # untrusted_root: the system store, which lacks the test root.
    [ "$name" = untrusted_root ] || printf 'ca-file = %s\n' "$ROOT"
    [ -z "$keys" ] || printf '%s\n' "$keys" | tr ';' '\n' | sed 's/^ *//'
  done <<< "$CASES"
} > "$CONFIG"

set +e
timeout 60 $CHECK_CONN_WRAPPER "$CHECK_CONN" --config "$CONFIG" --format json > "$TEST_TMP/report.json"
RC=$?
set -e
[ "$RC" -eq 2 ] && pass "bulk: CRITICAL overall" || fail "bulk: exit $RC: $(head -c 500 "$TEST_TMP/report.json")"
if python3 "$top_srcdir/tests/modes/bulk/validate_json.py" "$top_srcdir/doc/json-schema.json" \
     "$TEST_TMP/report.json"; then
  pass "json: parses and matches doc/json-schema.json"
else
  fail "json: schema check failed"
fi

# Each endpoint against the single check with the same settings.
while IFS='|' read -r name port _ cause options; do
  ca="--ca-file $ROOT"
  [ "$name" = untrusted_root ] && ca=""
  # shellcheck disable=SC2086 # options are words
  run_check -H 127.0.0.1 -p "$port" -t 5 --protocol https $ca $options
  state=$(printf '%s\n' "$OUT" | head -n 1 | cut -d' ' -f2)
  single=$(printf '%s\n' "$OUT" | head -n 1 | sed -E 's/^CONN [A-Z]+ - 127\.0\.0\.1:[0-9]+ //; s/ \([a-z_.]+\) \|.*$//; s/ \|.*$//')
  if python3 - "$TEST_TMP/report.json" "$name" "$cause" "$single" "$state" <<'PY'
import json, sys
report, group, cause, single, state = sys.argv[1:]
for r in json.load(open(report))["results"]:
    if r["group"] == group:
        got = r["cause"] or "ok"
        if got != cause:
            sys.exit("cause %s, wanted %s: %s" % (got, cause, r))
        if r["state"] != state:
            sys.exit("state %s, single check %s" % (r["state"], state))
        if r["detail"] != single:
            sys.exit("detail %r, single check %r" % (r["detail"], single))
        sys.exit(0)
sys.exit("no result for group %s" % group)
PY
  then pass "$name: $state $cause, as the single check"; else fail "$name"; fi
done <<< "$CASES"
finish
