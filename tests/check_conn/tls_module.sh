#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# OpenSSL lives in the TLS module only (plugin_common/net/tls_module.h): check_conn does
# not link libssl or libcrypto, a check without TLS never opens the module, a check with
# TLS opens it, found beside the executable or named by $CHECK_CONN_TLS_MODULE. (The
# guard rows of tests/hostile/cli_cases.sh hold a missing or foreign module.)
. "$(dirname "$0")/../lib.sh"
need_cmd readelf binutils
need_cmd strace
MODULE=$top_builddir/check_conn/tls_openssl.so
unset CHECK_CONN_TLS_MODULE

needed () { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
if needed "$CHECK_CONN" | grep -Eq '^lib(ssl|crypto)\.'; then
  fail "check_conn links OpenSSL: $(needed "$CHECK_CONN" | tr '\n' ' ')"
else
  pass "check_conn links neither libssl nor libcrypto"
fi
if needed "$MODULE" | grep -q '^libssl\.'; then
  pass "the TLS module links libssl"
else
  fail "the TLS module does not link libssl: $(needed "$MODULE" | tr '\n' ' ')"
fi

# opened BINARY ARGS...: the files the run opened (strace), in OPENED.
opened () {
  OPENED=$(timeout 30 strace -f -qq -e trace=openat,open -o /dev/stdout "$@" 2>/dev/null \
           | grep -v ENOENT || true)
}
PORT=$(free_port)
opened "$CHECK_CONN" -H 127.0.0.1 -p "$PORT" -t 2 --protocol http
if printf '%s\n' "$OPENED" | grep -Eq 'tls_openssl\.so|libssl\.so|libcrypto\.so'; then
  if printf '%s\n' "$OPENED" | grep -q 'tls_openssl\.so'; then
    fail "a check of http opened the TLS module"
  elif ldd "$CHECK_CONN" | grep -q 'libssl\.so'; then
    pass "a check of http opens no TLS module (libssl comes with a library check_conn links)"
  else
    fail "a check of http opened OpenSSL"
  fi
else
  pass "a check of http opens neither the TLS module nor OpenSSL"
fi
opened "$CHECK_CONN" -H 127.0.0.1 -p "$PORT" -t 2 --protocol https
if printf '%s\n' "$OPENED" | grep -q "\"$MODULE\""; then
  pass "a check of https opens the module beside the executable"
else
  fail "a check of https did not open $MODULE: $(printf '%s\n' "$OPENED" | grep -c .) files"
fi

# A copy of the executable elsewhere finds the module beside it, or the one named.
mkdir "$TEST_TMP/bin"
cp "$CHECK_CONN" "$TEST_TMP/bin/check_conn"
cp "$MODULE" "$TEST_TMP/bin/tls_openssl.so"
opened "$TEST_TMP/bin/check_conn" -H 127.0.0.1 -p "$PORT" -t 2 --protocol https
if printf '%s\n' "$OPENED" | grep -q "\"$TEST_TMP/bin/tls_openssl.so\""; then
  pass "a moved check_conn finds the module beside it"
else
  fail "a moved check_conn did not open the module beside it"
fi
rm "$TEST_TMP/bin/tls_openssl.so"
CHECK_CONN_TLS_MODULE=$MODULE opened "$TEST_TMP/bin/check_conn" -H 127.0.0.1 -p "$PORT" \
  -t 2 --protocol https
if printf '%s\n' "$OPENED" | grep -q "\"$MODULE\""; then
  pass "\$CHECK_CONN_TLS_MODULE names the module"
else
  fail "\$CHECK_CONN_TLS_MODULE=$MODULE was not opened"
fi

# A capture opens the module at its first certificate to judge, never before: not for
# conversations without TLS, nor for TLS 1.3, whose certificates are encrypted.
SEEDS=$top_srcdir/tests/fuzz/corpus/capture
python3 "$top_srcdir/tests/hostile/tls_captures.py" "$TEST_TMP" mixed
for seed in mixed-start.pcap tls-tls13.pcap; do
  opened "$CHECK_CONN" --pcap "$SEEDS/$seed"
  if printf '%s\n' "$OPENED" | grep -Eq 'tls_openssl\.so|libssl\.so|libcrypto\.so'; then
    fail "--pcap $seed opened the TLS module or OpenSSL"
  else
    pass "--pcap $seed opens neither the TLS module nor OpenSSL"
  fi
done
opened "$CHECK_CONN" --pcap "$TEST_TMP/tls-mixed.pcap"
if printf '%s\n' "$OPENED" | grep -q "\"$MODULE\""; then
  pass "--pcap of a certificate in clear opens the module"
else
  fail "--pcap of a certificate in clear did not open $MODULE"
fi
# Without the module that certificate is not judged, saying why; the alert still is.
CHECK_CONN_TLS_MODULE=$TEST_TMP/no/tls_openssl.so run_check --pcap "$TEST_TMP/tls-mixed.pcap" \
  --format json
python3 - "$OUT" "$TEST_TMP/no/tls_openssl.so" <<'PY' && pass "without the module: not judged, with the reason; the alert named" \
  || fail "without the module, --pcap: $OUT"
import json, sys
chain, alert = json.loads(sys.argv[1])["conversations"]
reason = "not judged: TLS needs the module %s, which cannot be loaded" % sys.argv[2]
assert chain["state"] == "OK" and reason in chain["detail"], chain
assert any(reason in line for line in chain["evidence"]), chain["evidence"]
assert alert["cause"] == "tls.client_cert_required", alert
PY
finish
