#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn links neither libcurl nor JSON-GLib (nor GIO and GObject, which JSON-GLib
# brings): a plain check loads none of them. --icinga-api loads libcurl, and a diagnosis
# that reads nft's ruleset loads JSON-GLib; made unloadable (an empty file bind-mounted
# over the library in a private mount namespace), --icinga-api is UNKNOWN naming
# libcurl, and the local firewall rule's verdict stands, saying why its rule is unnamed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../modes/single/netns_lib.sh"

need_cmd readelf binutils
LIBCURL=libcurl.so.4
JSON_GLIB=libjson-glib-1.0.so.0
# Ports of this test (31000-31999): a listener, and ports nothing listens on.
OPEN_PORT=31001 CLOSED_PORT=31002 API_PORT=31003 RULE_PORT=31005

# loaded_by ARGS...: the libraries the dynamic loader opens for one run of check_conn.
loaded_by () {
  LD_DEBUG=files timeout 30 "$CHECK_CONN" "$@" 2>&1 >/dev/null \
    | sed -n 's/.*file=\([^ ]*\) \[0\];.*/\1/p' \
    | sort -u
}

needed=$(readelf -d "$CHECK_CONN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
printf '%s\n' "$needed" | grep -q '^libglib-2\.0' || fail "readelf lists what check_conn links: $needed"
for lib in libcurl libjson-glib libgio libgobject; do
  if printf '%s\n' "$needed" | grep -q "^$lib"; then
    fail "check_conn does not link $lib: NEEDED $(echo $needed)"
  else
    pass "check_conn does not link $lib"
  fi
done

listen 127.0.0.1 "$OPEN_PORT"
for port in "$OPEN_PORT" "$CLOSED_PORT"; do
  loaded=$(loaded_by -H 127.0.0.1 -p "$port")
  [ -n "$loaded" ] || fail "LD_DEBUG=files names the libraries it loads: nothing for port $port"
  if printf '%s\n' "$loaded" | grep -Eq "^(libcurl|libjson-glib|libgio|libgobject)"; then
    fail "a check of port $port loads none of libcurl, JSON-GLib, GIO, GObject: $(echo $loaded)"
  else
    pass "a check of port $port loads none of libcurl, JSON-GLib, GIO, GObject"
  fi
done

# masked LIBRARY COMMAND...: runs COMMAND with LIBRARY replaced by an empty file, which the
# dynamic loader refuses, in a private mount namespace.
masked () {
  local path
  path=$(ldconfig -p | awk -v lib="$1" '$1 == lib { print $NF; exit }')
  [ -n "$path" ] || { fail "ldconfig knows $1"; return; }
  : > "$TEST_TMP/empty"
  shift
  timeout 60 unshare -m --propagation private \
    sh -c 'mount --bind "$0" "$(readlink -f "$1")" && shift && exec "$@"' \
    "$TEST_TMP/empty" "$path" "$@"
}

need_root "mount namespaces"
need_cmd unshare util-linux
cat > "$TEST_TMP/audit.ini" <<INI
[group lazy]
endpoints = 127.0.0.1:$OPEN_PORT
INI
echo secret > "$TEST_TMP/password"
post=(--config "$TEST_TMP/audit.ini" --icinga-api "http://127.0.0.1:$API_PORT"
      --icinga-user u --icinga-password-file "$TEST_TMP/password" --icinga-host h -t 5)
if "$CHECK_CONN" "${post[@]}" 2>&1 | grep -q 'built without libcurl'; then
  pass "built without libcurl: no --icinga-api to load it for"
else
  run_check "${post[@]}"
  expect 3 "^CONN UNKNOWN - Icinga 2 API 'http://127\.0\.0\.1:$API_PORT': (Couldn't|Could not|Failed to) connect" \
    "--icinga-api loads libcurl, which tries the API (nothing listens there)"
  printf '%s\n' "$(loaded_by "${post[@]}")" | grep -q "^$LIBCURL$" \
    && pass "--icinga-api loads $LIBCURL" || fail "--icinga-api loads $LIBCURL"
  set +e
  OUT=$(masked "$LIBCURL" $CHECK_CONN_WRAPPER "$CHECK_CONN" "${post[@]}" 2>&1)
  RC=$?
  set -e
  expect 3 "^CONN UNKNOWN - --icinga-api needs libcurl \($LIBCURL, Debian package libcurl4\), which cannot be loaded: .*$LIBCURL" \
    "libcurl unloadable: UNKNOWN naming it"
  [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] && pass "libcurl unloadable: one line" \
    || fail "libcurl unloadable: one line: $OUT"
fi

# A listener behind a local "reject with tcp reset": refused.local_rule, its rule named
# from nft's ruleset, which JSON-GLib reads.
need_cmd nft nftables
ns=su-lazy-$$
make_netns "$ns"
listen_in "$ns" 127.0.0.1 "$RULE_PORT"
ip netns exec "$ns" nft -f - <<NFT
table inet su_lazy {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport $RULE_PORT reject with tcp reset
  }
}
NFT
run_check_in "$ns" -H 127.0.0.1 -p "$RULE_PORT" -t 5 -v
expect 2 "\(refused\.local_rule\)$" "a local reset rule in front of a listener"
expect_line "^evidence: this host's firewall rule \(nft -j list ruleset\): table inet su_lazy chain input: tcp dport $RULE_PORT reject with tcp reset" \
  "the rule is named, read with JSON-GLib"
set +e
OUT=$(masked "$JSON_GLIB" ip netns exec "$ns" $CHECK_CONN_WRAPPER "$CHECK_CONN" \
        -H 127.0.0.1 -p "$RULE_PORT" -t 5 -v 2>&1)
RC=$?
set -e
expect 2 "\(refused\.local_rule\)$" "JSON-GLib unloadable: the verdict stands"
expect_line "^evidence: could not read this host's firewall rules: nft -j list ruleset: JSON-GLib \($JSON_GLIB\) cannot be loaded: .*$JSON_GLIB" \
  "JSON-GLib unloadable: the evidence says why the rule is unnamed"
show
finish
