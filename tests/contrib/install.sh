#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make install (into a DESTDIR): the plugin into plugindir, the man page into man1, the
# documents into docdir; the installed plugin runs; make uninstall removes it all.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

MAKE=${MAKE:-make}
DEST=$TEST_TMP/dest
# A make of its own: not a job of the make running the test suite.
submake () {
  timeout 120 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    $MAKE --no-print-directory -s -C "$top_builddir" "$@"
}

eval "$(submake print-install-dirs | grep -E '^[a-z0-9]+dir=')"
for dir in "$plugindir" "$man1dir" "$docdir" "$icinga2contribdir" "$checkconnconfdir" \
    "$tlsmoduledir"; do
  case $dir in /*) pass "install directory $dir is absolute" ;; *) fail "unexpanded: $dir" ;; esac
done

submake install DESTDIR="$DEST" > "$TEST_TMP/install.log" 2>&1 \
  || fail "make install failed: $(tail -5 "$TEST_TMP/install.log")"

plugin=$DEST$plugindir/check_conn
if [ -x "$plugin" ] && [ "$("$plugin" -V)" = "$("$CHECK_CONN" -V)" ]; then
  pass "installed plugin $plugindir/check_conn runs: $("$plugin" -V)"
else
  fail "no runnable $plugin"
fi
OUT=$("$plugin" -H 127.0.0.1 -p "$(free_port)" 2>&1) && RC=0 || RC=$?
expect 2 '\(refused\.not_listening\)$' "installed plugin checks a closed port"
# The TLS module goes into $(pkglibdir), where an installed check_conn looks for it; in a
# DESTDIR it is named.
module=$DEST$tlsmoduledir/tls_openssl.so
cmp -s "$module" "$top_builddir/check_conn/tls_openssl.so" \
  && pass "TLS module in $tlsmoduledir" || fail "no TLS module in $DEST$tlsmoduledir"
strings "$plugin" | grep -qx "$tlsmoduledir" \
  && pass "the installed plugin looks for the TLS module in $tlsmoduledir" \
  || fail "the installed plugin does not name $tlsmoduledir"
OUT=$(CHECK_CONN_TLS_MODULE=$module "$plugin" -H 127.0.0.1 -p "$(free_port)" --protocol https 2>&1) \
  && RC=0 || RC=$?
expect 2 '\(refused\.not_listening\)$' "installed plugin with the installed TLS module checks https"

cmp -s "$DEST$man1dir/check_conn.1" "$top_srcdir/doc/check_conn.1" \
  && pass "man page in $man1dir" || fail "no man page in $DEST$man1dir"
# Every document --help and the man page cite, every example and integration file.
for doc in README.md doc/config.md doc/json-schema.json doc/pcap.md \
    contrib/examples/local.ini contrib/examples/web-audit.ini contrib/examples/datacenter.ini \
    contrib/icinga2/check_conn-services.conf contrib/nagios/check_conn.cfg \
    contrib/systemd/check-conn-audit.service contrib/systemd/check-conn-audit.timer; do
  cmp -s "$DEST$docdir/$(basename "$doc")" "$top_srcdir/$doc" \
    && pass "$doc in $docdir" || fail "$doc not installed in $DEST$docdir"
done
cmp -s "$DEST$icinga2contribdir/check_conn.conf" "$top_srcdir/contrib/icinga2/check_conn.conf" \
  && pass "Icinga 2 CheckCommands in $icinga2contribdir" \
  || fail "contrib/icinga2/check_conn.conf not installed in $DEST$icinga2contribdir"
cmp -s "$DEST$checkconnconfdir/audit.ini" "$top_srcdir/contrib/etc/audit.ini" \
  && pass "example audit configuration in $checkconnconfdir" \
  || fail "contrib/etc/audit.ini not installed as $DEST$checkconnconfdir/audit.ini"
"$plugin" --config "$DEST$checkconnconfdir/audit.ini" --check-config >/dev/null 2>&1 \
  && pass "the installed audit.ini passes --check-config" \
  || fail "--check-config on the installed audit.ini: $("$plugin" --config "$DEST$checkconnconfdir/audit.ini" --check-config 2>&1)"

# The Wireshark plugin, when built, goes where Wireshark looks for dissector plugins.
if [ -f "$top_builddir/wireshark/check_conn.so" ]; then
  wanted=$(pkg-config --variable=plugindir wireshark)/epan
  [ "$wiresharkplugindir" = "$wanted" ] && cmp -s "$DEST$wanted/check_conn.so" "$top_builddir/wireshark/check_conn.so" \
    && pass "Wireshark plugin in $wanted" || fail "no Wireshark plugin in $DEST$wanted ($wiresharkplugindir)"
fi

submake uninstall DESTDIR="$DEST" > "$TEST_TMP/uninstall.log" 2>&1 \
  || fail "make uninstall failed: $(tail -5 "$TEST_TMP/uninstall.log")"
left=$(find "$DEST" -type f)
[ -z "$left" ] && pass "make uninstall removes every file" || fail "left after uninstall: $left"
finish
