#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what the build and the tests need (Debian 12, as root), builds out of tree, runs
# the whole suite, and ends with the plain summary line "N passed, N failed, N skipped".
# BUILD_DIR picks the build directory; CONFIGURE_FLAGS is passed to configure
# (e.g. --enable-sanitizers); SKIP_INSTALL=1 skips the package installation.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/_build}

if [ -z "${SKIP_INSTALL:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  # The tests start their own servers on loopback with throwaway configs: keep the
  # packages' own services from starting on their default ports during installation.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -q
  # tshark asks whether non-root users may capture: no (the tests read files only).
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  # Every list of .ci/packages.d (build, test servers, packaging, fuzzing, benchmarks),
  # one package per line; '#' starts a comment.
  # shellcheck disable=SC2046 # one package per word
  apt-get install -y -q --no-install-recommends $(sed 's/#.*//' "$top"/.ci/packages.d/*.txt | sort -u)
  rm -f /usr/sbin/policy-rc.d
  trap - EXIT
fi

cd "$top"
./autogen.sh
mkdir -p "$build"
cd "$build"
# shellcheck disable=SC2086 # flags are words
"$top/configure" ${CONFIGURE_FLAGS:-}
make -j"$(nproc)"
status=0
make -j"$(nproc)" check || status=$?

count () { sed -n "s/^# $1: *//p" test-suite.log 2>/dev/null | head -n 1; }
grep -h '^# \(TOTAL\|PASS\|SKIP\|FAIL\|ERROR\|XPASS\)' test-suite.log || true
for log in $(grep -l '^FAIL\|^ERROR' $(find tests -name '*.log' ! -name test-suite.log) 2>/dev/null); do
  echo "--- $log"; tail -n 40 "$log"
done
passed=$(count PASS) failed=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) )) skipped=$(count SKIP)
echo "${passed:-0} passed, ${failed} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
