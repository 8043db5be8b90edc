#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Judges one check_conn run for tests/hostile/hostile.sh.

usage: judge.py OUTPUT_FILE EXIT_CODE [--utf8]
Prints nothing and exits 0 when the output is one well-formed Nagios status line (plus
long output lines) with strictly valid perfdata and no byte a terminal or a monitoring
core would misread; else prints what is wrong and exits 1. The output must be ASCII;
with --utf8, UTF-8 text is allowed too (see problems()).
"""
import re
import sys
import unicodedata

STATES = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
STATUS = re.compile(r"^CONN (OK|WARNING|CRITICAL|UNKNOWN) - [^|]+$")
NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
BOUND = r"(?:" + NUMBER + r"|~)"
RANGE = r"@?(?:" + NUMBER + r"|" + BOUND + r":(?:" + NUMBER + r")?)"
LABEL = r"(?:'(?:[^'=]|'')+'|[^'= ][^= ]*)"
UOM = r"(?:s|ms|us|%|B|KB|MB|TB|c)?"
ITEM = (LABEL + r"=" + NUMBER + UOM
        + r"(?:;(?:" + RANGE + r")?(?:;(?:" + RANGE + r")?(?:;(?:" + NUMBER + r")?(?:;(?:"
        + NUMBER + r")?)?)?)?)?")
PERFDATA = re.compile(r"^" + ITEM + r"(?: " + ITEM + r")*$")


def misread(c):
    """A character a terminal or a monitoring core would take for layout or control:
    C0 and C1 controls but the newline, DEL, line and paragraph separators, and format
    characters such as bidi overrides (Unicode categories Cc, Zl, Zp, Cf)."""
    return c != "\n" and unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cf")


def problems(data, code, utf8):
    # UTF-8 is allowed with --utf8, for runs that print GLib's words: GError messages are UTF-8 by GLib's contract (its quotes, its
    # translations), and Nagios and Icinga 2 pass UTF-8 through to their web interfaces.
    # What a peer or a file sent is escaped to ASCII; invalid UTF-8 and any character
    # that could be misread are not allowed.
    try:
        text = data.decode("utf-8" if utf8 else "ascii")
    except UnicodeDecodeError as e:
        yield "%s byte in output at %d" % ("invalid UTF-8" if utf8 else "non-ASCII", e.start)
        return
    for i, c in enumerate(text):
        if misread(c):
            yield "control character U+%04X at %d" % (ord(c), i)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        yield "no output"
        return
    status, _, perf = lines[0].partition("|")
    m = STATUS.match(status.rstrip(" ") if perf else status)
    if not m:
        yield "first line is not a status line: %r" % lines[0]
    elif STATES.index(m.group(1)) != code:
        yield "status word %s but exit code %d" % (m.group(1), code)
    if perf:
        if not perf.startswith(" ") or status.endswith("  "):
            yield "perfdata separator is not ' | ': %r" % lines[0]
        if not PERFDATA.match(perf[1:]):
            yield "perfdata does not parse: %r" % perf[1:]
    for line in lines[1:]:
        if STATUS.match(line.split("|")[0].rstrip(" ")) or line.startswith("CONN "):
            yield "a second status line: %r" % line
        if "|" in line:
            yield "'|' in long output: %r" % line


def main():
    data = open(sys.argv[1], "rb").read()
    found = list(problems(data, int(sys.argv[2]), sys.argv[3:] == ["--utf8"]))
    for p in found:
        print(p)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
