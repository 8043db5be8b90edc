#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Wireshark itself (wireshark-qt) under Xvfb with the plugin, on a real capture of
# failures (tests/fuzz/corpus/capture/netns-failures.pcap, made by the namespace test):
# the SSH banner that answered an HTTP request is selected, its check_conn tree opened
# (a click and Shift+Right, as a user would) and the screen saved as a PNG that must be
# a real picture. With UPDATE_SCREENSHOT=1 it replaces doc/wireshark-plugin.png, the
# README's picture. Skips where wireshark-qt, Xvfb, xdotool or ImageMagick are missing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tshark_lib.sh"
need_cmd wireshark wireshark-qt
need_cmd xvfb-run xvfb
need_cmd xdotool
need_cmd import imagemagick
[ -z "$TSHARK_PRELOAD" ] || skip "a sanitizer build's plugin needs ASan's run time in Wireshark too; the plain build draws the picture"

capture=$(readable "$top_srcdir/tests/fuzz/corpus/capture/netns-failures.pcap")
GUI_HOME=$TEST_TMP/gui-home
mkdir -p "$GUI_HOME/.config/wireshark"
cp -r "$TSHARK_HOME/.local" "$GUI_HOME/"
# A window as large as the screen, packet list above the details, no bytes pane.
for recent in recent recent_common; do
  printf 'gui.geometry_main_x: 0\ngui.geometry_main_y: 0\ngui.geometry_main_width: 1280\ngui.geometry_main_height: 900\n' \
    >"$GUI_HOME/.config/wireshark/$recent"
done
[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$GUI_HOME"
shot=$GUI_HOME/wireshark.png  # written by the user Wireshark runs as

# Frame 46 carries the verdict; its tree is the last of the details, below five others.
set +e
timeout 150 "${TSHARK_AS[@]}" env HOME="$GUI_HOME" xvfb-run -a -s "-screen 0 1280x900x24" \
  sh -c 'wireshark -o gui.layout_content_3:NONE -r "$1" -g 46 >"$3/wireshark.log" 2>&1 &
         pid=$!
         sleep 30
         xdotool mousemove 150 600 click 1 sleep 0.5 key End sleep 0.5 key shift+Right sleep 2
         import -window root "$2"
         kill $pid' sh "$capture" "$shot" "$GUI_HOME"
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "xvfb-run wireshark: exit $rc: $(tail -5 "$GUI_HOME/wireshark.log" 2>/dev/null)"
if [ -s "$shot" ] && [ "$(identify -format '%w %h' "$shot")" = "1280 900" ] \
   && [ "$(identify -format '%k' "$shot")" -gt 200 ]; then
  pass "Wireshark drew the check_conn tree: $(identify -format '%wx%h, %k colours' "$shot")"
  if [ -n "${UPDATE_SCREENSHOT:-}" ]; then
    cp "$shot" "$top_srcdir/doc/wireshark-plugin.png"
    echo "note: doc/wireshark-plugin.png replaced"
  fi
else
  fail "no usable screenshot: $(ls -l "$shot" 2>&1)"
fi
finish
