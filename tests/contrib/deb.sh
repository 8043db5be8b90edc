#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package: dpkg-buildpackage -us -uc -b in a copy of the source tree, dpkg -i,
# then the installed /usr/lib/nagios/plugins/check_conn runs. Installs system-wide, so
# it is opt-in (make check-deb); CI runs it as root. Removes the package afterwards
# unless it was installed before.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_root "dpkg -i"
need_cmd dpkg-buildpackage dpkg-dev
need_cmd dh debhelper

version=$(sed -n '1s/^check-conn (\([^)]*\)).*/\1/p' "$top_srcdir/debian/changelog")
SRC=$TEST_TMP/check-conn-$version
mkdir -p "$SRC"
# Only the sources: no build products of an in-tree build, no VCS data.
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top_srcdir" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$SRC"
else
  tar -C "$top_srcdir" --exclude=autom4te.cache -cf - . | tar -xf - -C "$SRC"
fi

# The test suite already ran in this build; the package build need not run it again.
set +e
(cd "$SRC" && DEB_BUILD_OPTIONS="nocheck parallel=2" timeout 900 \
   dpkg-buildpackage -us -uc -b) > "$TEST_TMP/build.log" 2>&1
rc=$?
set -e
DEB=$(ls "$TEST_TMP"/check-conn_"$version"_*.deb 2>/dev/null | head -n 1)
if [ "$rc" -ne 0 ] || [ -z "$DEB" ]; then
  fail "dpkg-buildpackage (exit $rc): $(tail -20 "$TEST_TMP/build.log")"
  finish
fi
pass "dpkg-buildpackage built $(basename "$DEB")"

contents=$(dpkg-deb -c "$DEB")
for path in ./usr/lib/nagios/plugins/check_conn ./usr/share/man/man1/check_conn.1.gz \
    ./usr/share/doc/check-conn/check_conn.cfg ./usr/share/doc/check-conn/check_conn.conf \
    ./usr/share/doc/check-conn/local.ini ./usr/share/doc/check-conn/README.md; do
  # dh_compress gzips larger documents.
  printf '%s\n' "$contents" | grep -Eq " $path(\.gz)?\$" && pass "package has $path" \
    || fail "package lacks $path"
done

if ! dpkg-query -W -f='${Status}' check-conn 2>/dev/null | grep -q 'ok installed'; then
  at_exit "dpkg -r check-conn"
fi
timeout 120 dpkg -i "$DEB" > "$TEST_TMP/install.log" 2>&1 \
  || fail "dpkg -i: $(tail -5 "$TEST_TMP/install.log")"
CHECK_CONN=/usr/lib/nagios/plugins/check_conn
run_check -V
expect 0 "^check_conn v$version \\(check_conn $version\\)\$" "installed /usr/lib/nagios/plugins/check_conn -V"
run_check -H 127.0.0.1 -p "$(free_port)" -t 2
expect 2 '\(refused\.not_listening\)$' "installed plugin checks a closed port"
man -w check_conn 2>/dev/null | grep -q '^/usr/share/man/man1/check_conn.1.gz$' \
  && pass "man finds check_conn(1)" || fail "man -w check_conn: $(man -w check_conn 2>&1)"
# The Wireshark plugin's own package: tshark, as root, loads it from the system folder.
PLUGIN_DEB=$(ls "$TEST_TMP"/wireshark-plugin-check-conn_"$version"_*.deb 2>/dev/null | head -n 1)
plugin_path=.$(pkg-config --variable=plugindir wireshark 2>/dev/null)/epan/check_conn.so
if [ -z "$PLUGIN_DEB" ]; then
  fail "no wireshark-plugin-check-conn package was built"
elif ! dpkg-deb -c "$PLUGIN_DEB" | grep -Eq " $plugin_path\$"; then
  fail "wireshark-plugin-check-conn lacks $plugin_path"
elif dpkg-deb -c "$DEB" 2>/dev/null | grep -q check_conn.so; then
  fail "check-conn carries the Wireshark plugin too"
else
  pass "wireshark-plugin-check-conn has $plugin_path"
  if ! dpkg-query -W -f='${Status}' wireshark-plugin-check-conn 2>/dev/null | grep -q 'ok installed'; then
    at_exit "dpkg -r wireshark-plugin-check-conn"
  fi
  timeout 120 dpkg -i "$PLUGIN_DEB" >>"$TEST_TMP/install.log" 2>&1 \
    || fail "dpkg -i $(basename "$PLUGIN_DEB"): $(tail -5 "$TEST_TMP/install.log")"
  timeout 60 tshark -G fields 2>/dev/null | grep -q $'\tcheck_conn\.cause\t' \
    && pass "the installed plugin gives tshark check_conn.cause" \
    || fail "tshark -G fields lacks check_conn.cause after dpkg -i"
fi
finish
