# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the Wireshark plugin's tests: real tshark with the plugin just built.
# Source after tests/lib.sh. Wireshark loads plugins from a user's folder only when it
# runs without privileges, so as root tshark runs as nobody, with a home of its own.
PLUGIN=$top_builddir/wireshark/check_conn.so
[ -f "$PLUGIN" ] || skip "the Wireshark plugin is not built (configure --with-wireshark, libwireshark-dev)"
need_cmd tshark
[ "$(tshark --version 2>/dev/null | head -n 1 | grep -Eo '[0-9]+\.[0-9]+' | head -n 1)" = 4.0 ] \
  || skip "needs tshark 4.0, the version the plugin is built for"

chmod a+rx "$TEST_TMP"
TSHARK_HOME=$TEST_TMP/home
mkdir -p "$TSHARK_HOME/.local/lib/wireshark/plugins/4.0/epan"
cp "$PLUGIN" "$TSHARK_HOME/.local/lib/wireshark/plugins/4.0/epan/"
chmod -R a+rX "$TSHARK_HOME"
TSHARK_AS=()
[ "$(id -u)" -ne 0 ] || TSHARK_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# A plugin built with AddressSanitizer needs its run time loaded before tshark's own code.
TSHARK_PRELOAD=""
if nm -D "$PLUGIN" | grep -q __asan_init; then
  TSHARK_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
fi

# plugin_tshark ARGS...: tshark with the plugin, within 120 s; stderr goes to
# $TEST_TMP/tshark.err. tshark's own leaks at exit are not the plugin's.
plugin_tshark () {
  timeout 120 "${TSHARK_AS[@]}" env HOME="$TSHARK_HOME" LD_PRELOAD="$TSHARK_PRELOAD" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    tshark "$@" 2>"$TEST_TMP/tshark.err"
}

# readable FILE: a copy of FILE that nobody may read, in the test's folder; prints its path.
readable () {
  local copy
  copy=$TEST_TMP/$(basename "$1")
  [ -e "$copy" ] || cp "$1" "$copy"
  chmod a+r "$copy"
  printf '%s\n' "$copy"
}
