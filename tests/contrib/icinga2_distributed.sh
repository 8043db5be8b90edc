#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Icinga 2 distributed, as README.md's "Icinga 2 distributed monitoring" says, run for real:
# a master and an agent, each an Icinga 2 daemon in its own network namespace (192.0.2.10
# and 192.0.2.20 on a veth pair), certificates from icinga2 pki, the README's zones.conf
# and zones.d files written verbatim. A service with command_endpoint runs check_conn on
# the agent against a listener bound to the agent's 127.0.0.1 only: the master must record
# the agent's verdict, refused.loopback_only, equal to check_conn run by hand on the agent,
# which a check from the master's side cannot give (there: refused.not_listening).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/contrib/icinga2_lib.sh"

MASTER_NS=ic-$$-master
AGENT_NS=ic-$$-agent
make_netns "$MASTER_NS"
make_netns "$AGENT_NS"
ip link add "ic$$m" netns "$MASTER_NS" type veth peer name "ic$$a" netns "$AGENT_NS"
ip -n "$MASTER_NS" addr add 192.0.2.10/24 dev "ic$$m"
ip -n "$AGENT_NS" addr add 192.0.2.20/24 dev "ic$$a"
ip -n "$MASTER_NS" link set "ic$$m" up
ip -n "$AGENT_NS" link set "ic$$a" up

MAKE=${MAKE:-make}
DEST=$TEST_TMP/dest
eval "$(timeout 120 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE --no-print-directory -s \
  -C "$top_builddir" print-install-dirs | grep -E '^[a-z0-9]+dir=')"
timeout 120 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE --no-print-directory -s \
  -C "$top_builddir" install DESTDIR="$DEST" > "$TEST_TMP/install.log" 2>&1 \
  || { fail "make install: $(tail -5 "$TEST_TMP/install.log")"; finish; }
PLUGIN=$DEST$plugindir/check_conn

MASTER=$TEST_TMP/master
AGENT=$TEST_TMP/agent
icinga2_ca "$MASTER"
icinga2_cert "$MASTER" master1.example.com "$MASTER"
icinga2_cert "$AGENT" app1.example.com "$MASTER"
for node in "$MASTER master1.example.com" "$AGENT app1.example.com"; do
  set -- $node
  icinga2_node "$1" "$2" 0.0.0.0 5665 "$DEST$plugindir"
  # As include <plugins-contrib> does on a node with the package.
  echo "include \"$DEST$icinga2contribdir/check_conn.conf\"" >> "$1/etc/icinga2.conf"
done

# README.md's blocks, each into the file and onto the nodes its first line names.
python3 - "$top_srcdir/README.md" "$MASTER/etc" "$AGENT/etc" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text[text.index("## Icinga 2 distributed monitoring"):]
section = section[:section.index("\n## ", 1)]
blocks = re.findall(r"```icinga2\n(.*?)```", section, re.S)
if len(blocks) != 2:
    sys.exit("README.md: %d icinga2 blocks in the distributed section, wanted 2" % len(blocks))
for block in blocks:
    name, nodes = re.match(r"// (\S+) \(([a-z ]+)\)\n", block).groups()
    for node, root in (("master", sys.argv[2]), ("agent", sys.argv[3])):
        if node in nodes.split(" and "):
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write(block)
            print("README.md: %s on the %s" % (name, node))
PY
[ -s "$MASTER/etc/zones.d/master/agents.conf" ] && [ -s "$AGENT/etc/zones.conf" ] \
  || { fail "README.md's distributed blocks did not give both nodes their files"; finish; }

# On the agent, a service bound to its loopback only, on the port the README's target names.
ip netns exec "$AGENT_NS" timeout 170 python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 6379)); s.listen(128); time.sleep(170)' >/dev/null 2>&1 &
at_exit "kill $! 2>/dev/null"
ip netns exec "$AGENT_NS" bash -c "$(declare -f wait_port); wait_port 127.0.0.1 6379" \
  || { fail "no listener on the agent's 127.0.0.1:6379"; finish; }

icinga2_start "$AGENT" "$AGENT_NS"
icinga2_start "$MASTER" "$MASTER_NS"

# Until the master has connected to the agent, it records "Remote Icinga instance ... is not
# connected": check again until the agent's verdict is in.
SERVICE='app1.example.com!conn-from-agent-redis'
RESULT=""
deadline=$((SECONDS + 90))
while [ "$SECONDS" -lt "$deadline" ]; do
  icinga2_check_now "$MASTER" 30 "$MASTER_NS" || break
  sleep 1
  RESULT=$(icinga2_api "$MASTER" "/v1/objects/services/$SERVICE?attrs=last_check_result" "$MASTER_NS" 2>/dev/null \
    | python3 -c '
import json, sys
r = json.load(sys.stdin)["results"][0]["attrs"]["last_check_result"]
if r and r["check_source"] == "app1.example.com" and "not connected" not in r["output"]:
    print("%d\t%s\t%s" % (r["exit_status"], r["check_source"], json.dumps(r["output"].strip())))' 2>/dev/null) || true
  [ -z "$RESULT" ] || break
  icinga2_running "$MASTER" && icinga2_running "$AGENT" || break
done
[ -n "$RESULT" ] || { fail "no result from the agent after 90 s; master: $(grep -m 3 -E 'critical|warning/ApiListener' "$MASTER/console.log"); agent: $(grep -m 3 critical "$AGENT/console.log")"; finish; }
echo "master recorded: $RESULT"

IFS=$'\t' read -r state source output <<< "$RESULT"
CHECK_CONN=$PLUGIN
run_check_in "$AGENT_NS" -H 192.0.2.20 -p 6379 --timeout-result unknown
# Icinga keeps the text without the perfdata that follows "|" on the first line.
agent_line=$(printf '%s\n' "$OUT" | python3 -c '
import json, sys
lines = sys.stdin.read().strip().split("\n")
lines[0] = lines[0].split("|")[0]
print(json.dumps("\n".join(lines).strip()))')
if [ "$state" = "$RC" ] && [ "$output" = "$agent_line" ]; then
  pass "the master recorded the agent's own verdict: exit $state, $output"
else
  fail "master recorded exit $state '$output'; check_conn on the agent: exit $RC '$agent_line'"
fi
printf '%s\n' "$output" | grep -q '(refused\.loopback_only)\\n' \
  && pass "the verdict is refused.loopback_only, seen from the agent" \
  || fail "the master's record is not refused.loopback_only: $output"
run_check_in "$MASTER_NS" -H 192.0.2.20 -p 6379 --timeout-result unknown
expect 2 '\(refused\.not_listening\)$' "from the master's side the same port is only refused.not_listening"
finish
