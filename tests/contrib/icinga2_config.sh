#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/icinga2/check_conn.conf (the CheckCommands), check_conn-services.conf (the apply
# rules) and the distributed-monitoring snippet of README.md, validated by the real
# Icinga 2 (icinga2 daemon -C).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/plugin_lib.sh"

need_cmd icinga2 icinga2-bin
# Icinga drops privileges to its own user, which must read the throwaway config: a copy
# in a world-readable directory, as the source tree may be out of its reach.
chmod 755 "$TEST_TMP"
CONF=$TEST_TMP/check_conn.conf
SERVICES=$TEST_TMP/check_conn-services.conf
cp "$top_srcdir/contrib/icinga2/check_conn.conf" "$CONF"
cp "$top_srcdir/contrib/icinga2/check_conn-services.conf" "$SERVICES"
chmod 644 "$CONF" "$SERVICES"

# validate DIR EXPECT...: icinga2 daemon -C on DIR/icinga2.conf succeeds and its log has
# each EXPECT line (an extended regex).
validate () {
  dir=$1; shift
  set +e
  out=$(timeout 60 icinga2 daemon -C -c "$dir/icinga2.conf" 2>&1)
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
      fail "icinga2 daemon -C on $dir (exit $rc): $out"
    return
  fi
  for want in "$@"; do
    printf '%s\n' "$out" | grep -Eq -- "$want" || fail "icinga2 daemon -C on $dir: no /$want/ in: $out"
  done
  pass "icinga2 daemon -C accepts $(basename "$dir") ($*)"
}

# Single node: the commands and the example apply rules, with a host that opts in.
mkdir "$TEST_TMP/single"
cat > "$TEST_TMP/single/icinga2.conf" <<ICINGA
const PluginDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include "$CONF"
include "$SERVICES"
object Host "web" {
  address = "127.0.0.1"
  check_command = "dummy"
  vars.conn_ports["ssh"] = 22
  vars.conn_ports["postgres"] = 5432
  vars.conn_protocols["chat"] = { port = 80, protocol = "websocket", path = "/ws" }
  vars.conn_audit_groups = [ "web", "db" ]
}
object Host "quiet" {
  address = "127.0.0.2"
  check_command = "dummy"
}
ICINGA
validate "$TEST_TMP/single" 'Instantiated 5 Services' 'Instantiated 2 Hosts'

# The validator is real: a second definition of the same command must be refused.
mkdir "$TEST_TMP/broken"
sed 's/^include "\(.*check_conn.conf\)"$/include "\1"\ninclude "\1"/' "$TEST_TMP/single/icinga2.conf" \
  > "$TEST_TMP/broken/icinga2.conf"
if timeout 60 icinga2 daemon -C -c "$TEST_TMP/broken/icinga2.conf" >/dev/null 2>&1; then
  fail "icinga2 daemon -C accepted CheckCommand conn defined twice"
else
  pass "icinga2 daemon -C refuses CheckCommand conn defined twice"
fi

# Distributed: each icinga2 block of README.md meant for the master goes into the file its
# first line names (icinga2_distributed.sh runs them); the global-templates file is the real check_conn-services.conf, and the commands
# come from contrib/icinga2/check_conn.conf as from <plugins-contrib> on every node.
DIST=$TEST_TMP/distributed
mkdir "$DIST"
python3 - "$top_srcdir/README.md" "$DIST" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```icinga2\n(.*?)```", text, re.S)
if len(blocks) < 2:
    sys.exit("only %d icinga2 blocks in README.md" % len(blocks))
for block in blocks:
    name, nodes = re.match(r"// (\S+) \(([a-z ]+)\)\n", block).groups()
    if "master" not in nodes.split(" and "):
        continue
    path = os.path.join(sys.argv[2], name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(block)
    print("wrote", name)
PY
mkdir -p "$DIST/zones.d/global-templates"
cp "$SERVICES" "$DIST/zones.d/global-templates/check_conn-services.conf"
cat > "$DIST/icinga2.conf" <<ICINGA
const PluginDir = "/usr/lib/nagios/plugins"
const NodeName = "master1.example.com"
const ZoneName = "master"
include <itl>
include <plugins>
include "$CONF"
include "zones.conf"
include_zones "ccship", "zones.d"
ICINGA
chmod -R a+rX "$DIST"
validate "$DIST" 'Instantiated 3 Zones' 'Instantiated 2 Endpoints' 'Instantiated 1 Service' \
  'Instantiated 1 Host'

# Where the service runs: on the agent. icinga2 object list reads what daemon -C just compiled.
placement=$(timeout 30 icinga2 object list --type Service 2>&1 \
  | awk -F"'" '/^Object/ { name = $2 } /\* (zone|command_endpoint) =/ { sub(/^ *\* /, ""); print name ": " $0 }')
for want in 'app1.example.com!conn-from-agent-redis: command_endpoint = "app1.example.com"'; do
  printf '%s\n' "$placement" | grep -qxF "$want" && pass "placement $want" \
    || fail "placement: no '$want' in: $placement"
done

# Every argument of the commands must be an option check_conn knows.
for key in $(grep -Eo '^[[:space:]]*"-[-a-zA-Z0-9]+" = ' "$CONF" | tr -d ' \t="' | sort -u); do
  name=${key#-}; name=${name#-}
  if [ "${#name}" -eq 1 ]; then
    "$CHECK_CONN" --help | grep -Eq -- "(^|[[:space:]])-$name," \
      && pass "check_conn knows $key" || fail "check_conn --help has no $key"
  elif has_option "$name"; then
    pass "check_conn knows $key"
  else
    fail "argument $key of contrib/icinga2/check_conn.conf: check_conn --help does not list it"
  fi
done
finish
