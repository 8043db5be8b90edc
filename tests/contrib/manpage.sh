#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# doc/check_conn.1 renders cleanly and documents every option and every cause id.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"

need_cmd groff groff-base
MAN=$top_srcdir/doc/check_conn.1

warnings=$(LC_ALL=C groff -man -ww -z -Tutf8 "$MAN" 2>&1)
[ -z "$warnings" ] && pass "groff renders the man page without warnings" \
  || fail "groff warnings: $warnings"

# -V prints "check_conn vVERSION (check_conn VERSION)", as monitoring-plugins plugins do.
version=$("$CHECK_CONN" -V | sed -n 's/^check_conn v\([^ ]*\) .*/\1/p')
grep -q "^\.TH CHECK_CONN 1 .*\"check_conn $version\"" "$MAN" \
  && pass "man page is for version $version" || fail "man page .TH does not name check_conn $version"

documents () { grep -qF -- "$(printf '%s' "$1" | sed 's/-/\\-/g')" "$MAN"; }

# Every option --help lists, and by name those of the diagnose, protocol, bulk and capture
# modes (so none drops out of this check if --help stops listing it).
options=$("$CHECK_CONN" --help | grep -Eo -- '--[a-z][a-z0-9-]*' | sort -u)
[ -n "$options" ] || fail "no options in check_conn --help"
for option in $options diagnose expect-address front-proxy-cidrs state source ephemeral-warn service-port \
    protocol identify path host-header sni config group parallel format warning-count \
    critical-count check-config max-endpoints pcap filter pcap-format; do
  option=--${option#--}
  documents "$option" && pass "man page documents $option" || fail "man page lacks $option"
done
for short in $("$CHECK_CONN" --help | grep -Eo -- '^ +-[a-zA-Z0-9],' | tr -d ' ,'); do
  documents "$short" && pass "man page documents $short" || fail "man page lacks $short"
done

# Cause ids straight from the cause table, so a new cause cannot go undocumented.
causes=$(sed -n 's/^ *CAUSE (CC_CAUSE_[A-Z_]*, "\([a-z_]*\.[a-z_.]*\)".*/\1/p' \
  "$top_srcdir/plugin_common/model/causes.c")
[ "$(printf '%s\n' "$causes" | wc -l)" -ge 30 ] || fail "found only these causes: $causes"
for cause in $causes; do
  grep -q "^\.B $cause\$" "$MAN" && pass "man page explains $cause" \
    || fail "man page has no .B $cause entry"
done

for section in NAME SYNOPSIS DESCRIPTION OPTIONS CAUSES "EXIT STATUS" EXAMPLES; do
  grep -q "^\.SH \"*$section\"*\$" "$MAN" && pass "section $section" || fail "no section $section"
done

# SEE ALSO names only pages a Debian system with the suggested packages has (check_tcp has
# none there), and the package's documentation folder is check-conn.
seealso=$(sed -n '/^\.SH SEE ALSO/,/^\.SH/s/^\.BR \([a-z0-9_]*\) (\([0-9]\)).*/\1.\2/p' "$MAN")
[ -n "$seealso" ] || fail "no page in SEE ALSO"
for page in $seealso; do
  if ! command -v man >/dev/null 2>&1; then
    echo "note: man not installed: SEE ALSO $page not looked up"
  elif man -w "${page##*.}" "${page%.*}" >/dev/null 2>&1; then
    pass "SEE ALSO $page exists"
  else
    fail "SEE ALSO names $page, which man -w does not find"
  fi
done
grep -q '/usr/share/doc/check_conn' "$MAN" && fail "man page names /usr/share/doc/check_conn" \
  || pass "man page names no /usr/share/doc/check_conn"
finish
