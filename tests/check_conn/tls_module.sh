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
finish
