#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package: dpkg-buildpackage -us -uc -b in a copy of the source tree, lintian
# -EvIL +pedantic finds no error or warning, dpkg -i, then the installed plugin runs,
# Icinga 2's include <plugins-contrib> defines its commands, /etc/check_conn/audit.ini is a
# conffile and the example systemd units pass systemd-analyze verify and write a report. Installs system-wide, so
# it is opt-in (make check-deb); CI runs it as root. Purges the package afterwards
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
# Examples stay uncompressed (the docs copy them as they are); dh_compress gzips the texts.
DOC=./usr/share/doc/check-conn
for path in ./usr/lib/nagios/plugins/check_conn ./usr/share/man/man1/check_conn.1.gz \
    ./usr/share/icinga2/include/plugins-contrib.d/check_conn.conf ./etc/check_conn/audit.ini \
    $DOC/check_conn.cfg $DOC/check_conn-services.conf $DOC/local.ini $DOC/web-audit.ini \
    $DOC/datacenter.ini $DOC/check-conn-audit.service $DOC/check-conn-audit.timer \
    $DOC/json-schema.json $DOC/README.md.gz $DOC/config.md.gz $DOC/pcap.md.gz \
    "./usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/check_conn/tls_openssl.so"; do
  printf '%s\n' "$contents" | grep -Eq " $path\$" && pass "package has $path" \
    || fail "package lacks $path"
done
# Loaded with GModule, not linked: shlibs cannot find them, debian/control names them.
depends=$(dpkg-deb -f "$DEB" Depends)
recommends=$(dpkg-deb -f "$DEB" Recommends)
printf '%s\n' "$depends" | grep -Eq '(^|, )libjson-glib-1\.0-0( |,|$)' \
  && pass "Depends names JSON-GLib (nft's ruleset)" || fail "Depends lacks libjson-glib-1.0-0: $depends"
printf '%s\n' "$recommends" | grep -Eq '(^|, )libcurl4( |,|$)' \
  && pass "Recommends names libcurl4 (--icinga-api)" || fail "Recommends lacks libcurl4: $recommends"
conffiles=$(dpkg-deb -I "$DEB" conffiles 2>/dev/null || true)
[ "$conffiles" = /etc/check_conn/audit.ini ] && pass "conffile /etc/check_conn/audit.ini" \
  || fail "conffiles: '$conffiles'"

if command -v lintian >/dev/null 2>&1; then
  lint=$(timeout 600 lintian -EvIL +pedantic "$DEB" 2>/dev/null || true)
  bad=$(printf '%s\n' "$lint" | grep -E '^[EW]: ' || true)
  [ -z "$bad" ] && pass "lintian -EvIL +pedantic: no E, no W" || fail "lintian: $bad"
else
  fail "lintian not installed (.ci/packages.d/packaging.txt lists it)"
fi

if ! dpkg-query -W -f='${Status}' check-conn 2>/dev/null | grep -q 'ok installed'; then
  at_exit "dpkg -P check-conn"
fi
timeout 120 dpkg -i "$DEB" > "$TEST_TMP/install.log" 2>&1 \
  || fail "dpkg -i: $(tail -5 "$TEST_TMP/install.log")"
CHECK_CONN=/usr/lib/nagios/plugins/check_conn
run_check -V
expect 0 "^check_conn v$version \\(check_conn $version\\)\$" "installed /usr/lib/nagios/plugins/check_conn -V"
run_check -H 127.0.0.1 -p "$(free_port)" -t 2
expect 2 '\(refused\.not_listening\)$' "installed plugin checks a closed port"
run_check -H 127.0.0.1 -p "$(free_port)" -t 2 --protocol https
expect 2 '\(refused\.not_listening\)$' "installed plugin loads its TLS module for https"
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
run_check --config /etc/check_conn/audit.ini --check-config
expect 0 '' "the packaged /etc/check_conn/audit.ini passes --check-config"

# Icinga 2 finds the commands through the stock include, with nothing copied.
if command -v icinga2 >/dev/null 2>&1; then
  . "$top_srcdir/tests/contrib/icinga2_lib.sh"
  mkdir -p "$TEST_TMP/icinga/etc"
  cat > "$TEST_TMP/icinga/etc/icinga2.conf" <<'ICINGA'
const PluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include <plugins-contrib>
ICINGA
  mapfile -t defines < <(icinga2_defines "$TEST_TMP/icinga")
  mkdir -p "$TEST_TMP/icinga/cache"
  timeout 120 icinga2 daemon -C -c "$TEST_TMP/icinga/etc/icinga2.conf" "${defines[@]}" \
    > "$TEST_TMP/icinga.log" 2>&1 || fail "icinga2 daemon -C: $(tail -5 "$TEST_TMP/icinga.log")"
  for command in conn conn_audit; do
    timeout 60 icinga2 object list --type CheckCommand --name "$command" "${defines[@]}" 2>/dev/null \
      | grep -q "^Object '$command' of type 'CheckCommand'" \
      && pass "include <plugins-contrib> defines CheckCommand $command" \
      || fail "include <plugins-contrib> does not define CheckCommand $command"
  done
fi

# The example units: systemd-analyze verify accepts them and refuses a broken copy; the
# service's command writes a JSON report into its state directory.
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir "$TEST_TMP/units"
  cp /usr/share/doc/check-conn/check-conn-audit.service /usr/share/doc/check-conn/check-conn-audit.timer \
    "$TEST_TMP/units/"
  out=$(cd "$TEST_TMP/units" && timeout 60 systemd-analyze verify --man=no \
    ./check-conn-audit.service ./check-conn-audit.timer 2>&1) \
    && [ -z "$out" ] && pass "systemd-analyze verify: the audit service and timer" \
    || fail "systemd-analyze verify: $out"
  sed 's/^OnCalendar=hourly/OnCalendar=every hour/' "$TEST_TMP/units/check-conn-audit.timer" \
    > "$TEST_TMP/units/broken.timer"
  (cd "$TEST_TMP/units" && timeout 60 systemd-analyze verify --man=no ./broken.timer) >/dev/null 2>&1 \
    && fail "systemd-analyze verify accepted OnCalendar=every hour" \
    || pass "systemd-analyze verify refuses a broken timer"
  exec_start=$(sed -n 's/^ExecStart=//p' "$TEST_TMP/units/check-conn-audit.service" | sed 's/\$\$/$/g')
  mkdir "$TEST_TMP/state"
  set +e
  (cd "$TEST_TMP" && STATE_DIRECTORY=$TEST_TMP/state timeout 60 bash -c "$exec_start")
  rc=$?
  set -e
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["state"] in ("OK", "WARNING", "CRITICAL", "UNKNOWN") and "groups" in d' \
      "$TEST_TMP/state/audit.json" 2>/dev/null \
    && pass "check-conn-audit.service's command (exit $rc) wrote a JSON report" \
    || fail "no JSON report from the service's command (exit $rc): $(head -c 300 "$TEST_TMP/state/audit.json" 2>&1)"
fi
finish
