#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start on Debian 12 as root: installs the build dependencies
# (.ci/packages.d/build.txt, libpcap-dev included) and python3 for the demo listener,
# builds check_conn in _build/ (the tree tests/run.sh then reuses), and runs real checks
# against loopback: a listener it starts, a port where nothing listens (to show a
# diagnosis) and contrib/examples/local.ini.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# One package per line; '#' starts a comment.
# shellcheck disable=SC2046 # one package per word
apt-get install -y -q --no-install-recommends $(sed 's/#.*//' "$top/.ci/packages.d/build.txt") python3
cd "$top"
./autogen.sh >/dev/null
mkdir -p _build && cd _build
../configure -q
make -j"$(nproc)" >/dev/null

port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$port)); s.listen(); time.sleep(5)" &
sleep 0.3
echo "\$ check_conn -H 127.0.0.1 -p $port"
./check_conn/check_conn -H 127.0.0.1 -p "$port" || true
echo "\$ check_conn -H 127.0.0.1 -p 9 -v"
./check_conn/check_conn -H 127.0.0.1 -p 9 -v || true
echo "\$ check_conn --config contrib/examples/local.ini"
./check_conn/check_conn --config "$top/contrib/examples/local.ini" || true
kill %1 2>/dev/null || true
