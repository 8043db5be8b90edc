#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares the plugin's verdicts with check_conn --pcap's for one capture.

usage: compare_verdicts.py CHECK_CONN_JSON PLUGIN_FIELDS CAUSES_TABLE [CAUSES_TABLE_2PASS]

CHECK_CONN_JSON: check_conn --pcap FILE --pcap-format json. PLUGIN_FIELDS: tshark -2 -Y
check_conn -T fields -e check_conn.client -e check_conn.server -e check_conn.cause
-e check_conn.state. CAUSES_TABLE: tshark -q -z check_conn,causes. Prints one line per
finding; exits 1 when the plugin and check_conn disagree on any conversation."""
import collections
import json
import sys


def peer(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def from_check_conn(path):
    with open(path) as source:
        conversations = json.load(source).get("conversations", [])
    return collections.Counter(
        (peer(c["client"], c["client_port"]), peer(c["server"], c["server_port"]), c["cause"],
         c["state"]) for c in conversations if c["cause"] != "ok")


def from_plugin(path):
    found = collections.Counter()
    with open(path) as source:
        for line in source:
            columns = [column.split(",") for column in line.rstrip("\n").split("\t")]
            for verdict in zip(*columns):
                found[verdict] += 1
    return found


def from_table(path):
    counts = collections.Counter()
    with open(path) as source:
        for line in source:
            words = line.split()
            if len(words) >= 3 and "." in words[0] and words[1].isdigit():
                counts[words[0]] = int(words[1])
    return counts


def main():
    wanted = from_check_conn(sys.argv[1])
    got = from_plugin(sys.argv[2])
    failed = False
    for verdict in sorted((wanted - got).elements()):
        print("only check_conn says: %s -> %s %s %s" % verdict)
        failed = True
    for verdict in sorted((got - wanted).elements()):
        print("only the plugin says: %s -> %s %s %s" % verdict)
        failed = True
    per_cause = collections.Counter()
    for (_, _, cause, _), count in wanted.items():
        per_cause[cause] += count
    for table in sys.argv[3:]:
        counted = from_table(table)
        if counted != per_cause:
            print("%s counts %s, check_conn %s" % (table, dict(counted), dict(per_cause)))
            failed = True
    if not failed:
        print("%d failed conversations agree: %s" % (sum(wanted.values()),
              ", ".join("%s %d" % item for item in sorted(per_cause.items()))))
    return 1 if failed else 0


sys.exit(main())
