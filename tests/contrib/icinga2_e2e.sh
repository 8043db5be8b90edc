#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End to end under a running Icinga 2: the CheckCommands as `make install` puts them in
# plugins-contrib.d, the installed plugin and the shipped apply rules. One service per
# argument of conn and conn_audit, set, empty and unset; for each, the command line Icinga
# ran, the state and the output it recorded (read back from its REST API) must equal what
# check_conn prints when run by hand with the arguments the variables stand for.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/contrib/icinga2_lib.sh"

API_PORT=46101
MAKE=${MAKE:-make}
DEST=$TEST_TMP/dest
submake () {
  timeout 120 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    $MAKE --no-print-directory -s -C "$top_builddir" "$@"
}
eval "$(submake print-install-dirs | grep -E '^[a-z0-9]+dir=')"
submake install DESTDIR="$DEST" > "$TEST_TMP/install.log" 2>&1 \
  || { fail "make install: $(tail -5 "$TEST_TMP/install.log")"; finish; }
COMMANDS=$DEST$icinga2contribdir/check_conn.conf
[ -s "$COMMANDS" ] && pass "make install put the CheckCommands in $icinga2contribdir" \
  || { fail "no $COMMANDS"; finish; }

# A real HTTP server (python3's http.server, which speaks no WebSocket) on a port the
# kernel picks, and a port nothing listens on.
mkdir "$TEST_TMP/www"
start_http_server "$TEST_TMP/www" 170
CLOSED_PORT=$(free_port)
printf '[group e2e]\nendpoints = 127.0.0.1:%s, 127.0.0.1:%s\n[group up]\nendpoints = 127.0.0.1:%s\n' \
  "$HTTP_PORT" "$CLOSED_PORT" "$HTTP_PORT" > "$TEST_TMP/audit.ini"
echo 127.0.0.0/8 > "$TEST_TMP/cdn.txt"

NODE=$TEST_TMP/icinga
icinga2_ca "$NODE"
icinga2_cert "$NODE" e2e.test "$NODE"
icinga2_node "$NODE" e2e.test 127.0.0.1 "$API_PORT" "$DEST$plugindir"
cat >> "$NODE/etc/icinga2.conf" <<ICINGA
include "$COMMANDS"
include "$DEST$docdir/check_conn-services.conf"
ICINGA

# One row per service: NAME, the service's vars (Icinga 2 DSL), what they mean on the command
# line. Hosts: "loopback" is 127.0.0.1 / ::1; "apps" opts into the shipped apply rules.
python3 - "$TEST_TMP" "$HTTP_PORT" "$CLOSED_PORT" > "$NODE/etc/objects.conf" <<'PY'
import json, sys
tmp, http, closed = sys.argv[1], sys.argv[2], sys.argv[3]
base = ["-H", "127.0.0.1", "-p"]
audit = ["--config", tmp + "/audit.ini"]
empty_conn = ["conn_%s" % v for v in ("timeout", "timeout_result", "warning", "critical",
    "expect_address", "front_proxy_cidrs", "state", "source", "service_port",
    "ephemeral_warn", "protocol", "path", "host_header", "sni")]
empty_audit = ["conn_audit_%s" % v for v in ("group", "parallel", "warning_count",
    "critical_count", "max_endpoints", "timeout", "timeout_result", "warning", "critical",
    "state")]
rows = [
  # name, command, vars, expected arguments
  ("open", "conn", {"conn_port": http}, base + [http]),
  ("refused", "conn", {"conn_port": closed}, base + [closed]),
  ("mismatch", "conn", {"conn_port": http, "conn_protocol": "websocket", "conn_path": "/"},
   base + [http, "--protocol", "websocket", "--path", "/"]),
  ("all-empty", "conn", dict({"conn_port": http}, **{v: "" for v in empty_conn}), base + [http]),
  ("ipv4", "conn", {"conn_port": http, "conn_ipv4": True}, base + [http, "-4"]),
  ("ipv6", "conn", {"conn_port": http, "conn_ipv6": True}, ["-H", "::1", "-p", http, "-6"]),
  ("timeout", "conn", {"conn_port": closed, "conn_timeout": 3}, base + [closed, "-t", "3"]),
  ("timeout-result", "conn", {"conn_port": closed, "conn_timeout_result": "unknown"},
   base + [closed, "--timeout-result", "unknown"]),
  ("warning", "conn", {"conn_port": http, "conn_warning": "@0:10"}, base + [http, "-w", "@0:10"]),
  ("critical", "conn", {"conn_port": http, "conn_critical": "@0:10"}, base + [http, "-c", "@0:10"]),
  ("verbose", "conn", {"conn_port": closed, "conn_verbose": True}, base + [closed, "-v"]),
  ("diagnose", "conn", {"conn_port": http, "conn_diagnose": True}, base + [http, "--diagnose"]),
  ("expect-one", "conn", {"conn_port": http, "conn_expect_address": "127.0.0.0/8"},
   base + [http, "--expect-address", "127.0.0.0/8"]),
  ("expect-array", "conn", {"conn_port": http, "conn_expect_address": ["192.0.2.1", "198.51.100.0/24"]},
   base + [http, "--expect-address", "192.0.2.1,198.51.100.0/24"]),
  ("front-proxy", "conn", {"conn_port": http, "conn_expect_address": "192.0.2.1",
   "conn_front_proxy_cidrs": tmp + "/cdn.txt"},
   base + [http, "--expect-address", "192.0.2.1", "--front-proxy-cidrs", tmp + "/cdn.txt"]),
  ("state-one", "conn", {"conn_port": closed, "conn_state": "refused=warning"},
   base + [closed, "--state", "refused=warning"]),
  ("state-array", "conn", {"conn_port": closed, "conn_state": ["refused=ok", "timeout=warning"]},
   base + [closed, "--state", "refused=ok", "--state", "timeout=warning"]),
  ("source", "conn", {"conn_port": http, "conn_source": "127.0.0.1"},
   base + [http, "--source", "127.0.0.1"]),
  ("service-port", "conn", {"conn_port": closed, "conn_service_port": [int(http), 1]},
   base + [closed, "--service-port", http, "--service-port", "1"]),
  ("ephemeral-warn", "conn", {"conn_port": http, "conn_ephemeral_warn": 90},
   base + [http, "--ephemeral-warn", "90"]),
  ("protocol", "conn", {"conn_port": http, "conn_protocol": "http", "conn_path": "/x",
   "conn_host_header": "www.example.test"},
   base + [http, "--protocol", "http", "--path", "/x", "--host-header", "www.example.test"]),
  ("identify", "conn", {"conn_port": http, "conn_identify": True}, base + [http, "--identify"]),
  ("sni", "conn", {"conn_port": http, "conn_protocol": "tls", "conn_sni": "www.example.test"},
   base + [http, "--protocol", "tls", "--sni", "www.example.test"]),
  ("audit", "conn_audit", {"conn_audit_config": tmp + "/audit.ini", "conn_audit_group": "e2e"},
   audit + ["--group", "e2e"]),
  ("audit-default", "conn_audit", {}, ["--config", "/etc/check_conn/audit.ini"]),
  ("audit-all-empty", "conn_audit", dict({"conn_audit_config": tmp + "/audit.ini"},
   **{v: "" for v in empty_audit}), audit),
  ("audit-groups", "conn_audit", {"conn_audit_config": tmp + "/audit.ini",
   "conn_audit_group": ["e2e", "up"], "conn_audit_parallel": 2, "conn_audit_max_endpoints": 10},
   audit + ["--group", "e2e", "--group", "up", "--parallel", "2", "--max-endpoints", "10"]),
  ("audit-counts", "conn_audit", {"conn_audit_config": tmp + "/audit.ini",
   "conn_audit_warning_count": 1, "conn_audit_critical_count": 2},
   audit + ["--warning-count", "1", "--critical-count", "2"]),
  ("audit-run", "conn_audit", {"conn_audit_config": tmp + "/audit.ini", "conn_audit_ipv4": True,
   "conn_audit_timeout": 3, "conn_audit_timeout_result": "warning", "conn_audit_warning": "@0:10",
   "conn_audit_state": ["refused=warning"], "conn_audit_verbose": True},
   audit + ["-4", "-t", "3", "--timeout-result", "warning", "-w", "@0:10",
            "--state", "refused=warning", "-v"]),
  ("audit-critical", "conn_audit", {"conn_audit_config": tmp + "/audit.ini", "conn_audit_group": "up",
   "conn_audit_critical": "@0:10"}, audit + ["--group", "up", "-c", "@0:10"]),
  ("audit-ipv6", "conn_audit", {"conn_audit_config": tmp + "/audit.ini", "conn_audit_ipv6": True},
   audit + ["-6"]),
]
print('object Host "loopback" {\n  address = "127.0.0.1"\n  address6 = "::1"\n  check_command = "dummy"\n}')
print('object Host "apps" {\n  address = "127.0.0.1"\n  check_command = "dummy"')
print('  vars.conn_ports["web"] = %s\n  vars.conn_ports["closed"] = %s' % (http, closed))
print('  vars.conn_protocols["chat"] = { port = %s, protocol = "websocket", path = "/" }' % http)
print('  vars.conn_audit_groups = [ "e2e" ]\n  vars.conn_audit_config = "%s/audit.ini"\n}' % tmp)
expected = {}
for name, command, vars_, args in rows:
    print('object Service "%s" {\n  host_name = "loopback"\n  check_command = "%s"' % (name, command))
    for key, value in vars_.items():
        print("  vars.%s = %s" % (key, json.dumps(value)))
    print("}")
    expected["loopback!" + name] = args
# The shipped apply rules on host "apps": the audit's path comes from the host's variable.
for name, args in (("conn-web", base + [http, "--timeout-result", "unknown"]),
                   ("conn-closed", base + [closed, "--timeout-result", "unknown"]),
                   ("conn-proto-chat", base + [http, "--protocol", "websocket", "--path", "/"]),
                   ("conn-audit-e2e", audit + ["--group", "e2e"])):
    expected["apps!" + name] = args
json.dump(expected, open(tmp + "/expected.json", "w"))
PY
icinga2_start "$NODE"
# Every service now, as an administrator's "Check now" does, not when its interval says.
icinga2_check_now "$NODE" 30 || finish
STATE=$(icinga2_wait_services "$NODE" 90) || finish

# Icinga's command line, exit status and output against a run by hand of the same plugin
# with the expected arguments. Icinga orders the arguments by name: each option with its
# value is compared as a set. Icinga 2 splits perfdata off each line at "|" (as here);
# connect times and the bytes a conversation read before its verdict differ between two
# runs: those values are compared as T.
printf '%s\n' "$STATE" > "$TEST_TMP/state.json"
python3 - "$TEST_TMP" "$DEST$plugindir/check_conn" <<'PY'
import json, re, subprocess, sys
tmp, plugin = sys.argv[1], sys.argv[2]
expected = json.load(open(tmp + "/expected.json"))
results = {r["name"]: r["attrs"]["last_check_result"]
           for r in json.load(open(tmp + "/state.json"))["results"]}
def split(output):
    text, perf = [], []
    for line in output.rstrip("\n").split("\n"):
        cut = line.find("|")
        if cut >= 0 and "=" in line[cut:]:
            text.append(line[:cut]); perf.append(line[cut + 1:].strip())
        else:
            text.append(line)
    return "\n".join(text).strip(), re.findall(r"'[^']*'=\S*|\S+", " ".join(perf))
def norm(value):
    if not isinstance(value, str):
        return [norm(v) for v in value]
    value = re.sub(r"\b(time|first_byte_time|handshake_time|bytes)=[0-9.]+", r"\1=T", value)
    return re.sub(r"[0-9.]+ m?s\b|[0-9]+\.[0-9]+", "T", value)
def options(argv):
    groups = []
    for word in argv:
        if word.startswith("-") or not groups:
            groups.append([word])
        else:
            groups[-1].append(word)
    return sorted(groups)
failed = 0
for name, args in sorted(expected.items()):
    got = results.get(name)
    if not got:
        print("FAIL: %s: no check result" % name); failed += 1; continue
    run = subprocess.run([plugin] + args, capture_output=True, text=True, timeout=60)
    text, perf = split(run.stdout)
    problems = []
    if options((got["command"] or [])[1:]) != options(args):
        problems.append("command %s, wanted %s" % (got["command"][1:], args))
    if got["exit_status"] != run.returncode:
        problems.append("exit %s, by hand %s" % (got["exit_status"], run.returncode))
    if norm(got["output"].strip()) != norm(text):
        problems.append("output %r, by hand %r" % (got["output"], text))
    got_perf = [p if isinstance(p, str) else p.get("label") for p in got["performance_data"] or []]
    if norm(got_perf) != norm(perf):
        problems.append("perfdata %s, by hand %s" % (got_perf, perf))
    if problems:
        print("FAIL: %s: %s" % (name, "; ".join(problems))); failed += 1
    else:
        print("ok: %s: exit %d, %s" % (name, run.returncode, text.split("\n")[0]))
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || FAILURES=$((FAILURES + 1))
finish
