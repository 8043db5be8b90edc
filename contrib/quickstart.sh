#!/bin/bash
# Quick start on Debian 12 as root: installs the build dependencies, builds check_conn,
# and runs real checks against loopback: a listener it starts, and a port where nothing
# listens (to show a diagnosis).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2046
apt-get install -y -q --no-install-recommends $(cat "$top/.ci/packages.d/foundation.txt")
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
