#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's section "## What check_conn tells you", from the verdict matrix's run.

    readme_causes.py --check README.md doc/causes.md OUTPUTS   exit 1 and a diff when the
                                                              README differs from the run
    readme_causes.py --write README.md doc/causes.md OUTPUTS   rewrite the section

doc/causes.md holds the hand-written prose, one "### `cause.id`: Title" per cause; a line
"@example ROW" there becomes the command and the real -v output of the matrix row ROW
(OUTPUTS/ROW.cmd and OUTPUTS/ROW.out, written by tests/matrix/verdicts.sh; keep them with
MATRIX_OUTPUT=DIR). Times, durations, link-local addresses and byte counts of a reply
vary from run to run and are compared as placeholders. Every cause a single check of the matrix names must have a
section, and every example must show the cause of its section.
"""
import argparse
import difflib
import pathlib
import re
import sys

SECTION = "## What check_conn tells you"
VARYING = [
    (re.compile(r"\d+(\.\d+)?(?= ?(ms|s|µs)\b)"), "N"),
    (re.compile(r"(time[^=]*)=\d+(\.\d+)?s"), r"\1=Ns"),
    (re.compile(r"fe80::[0-9a-f:]+"), "fe80::X"),
    # how much of a server's first burst arrives before the verdict
    (re.compile(r"bytes=\d+B"), "bytes=NB"),
    # an unanswered ARP request is INCOMPLETE until the kernel gives up, then FAILED
    (re.compile(r"neighbour entry (INCOMPLETE|FAILED)"), "neighbour entry STATE"),
    (re.compile(r"\d+ bytes over"), "N bytes over"),
]


def normalise(text):
    for pattern, replacement in VARYING:
        text = pattern.sub(replacement, text)
    return text


def example(outputs, row):
    command = (outputs / (row + ".cmd")).read_text().strip()
    output = (outputs / (row + ".out")).read_text().rstrip("\n")
    return "```\n$ %s\n%s\n```" % (command, output)


def status_cause(output):
    found = re.search(r"\(([a-z_]+\.[a-z_.]+)\)(?: \|.*)?$", output.splitlines()[0])
    return found.group(1) if found else None


def generate(prose, outputs):
    """The section's text; a list of problems where the prose and the run disagree."""
    lines, problems, cause, documented = [], [], None, set()
    for line in prose.splitlines():
        heading = re.match(r"### `([a-z_.]+)`", line)
        if heading:
            cause = heading.group(1)
            documented.add(cause)
        if not line.startswith("@example "):
            lines.append(line)
            continue
        row = line.split()[1]
        if not (outputs / (row + ".out")).exists():
            problems.append("@example %s: no output of that row in %s" % (row, outputs))
            continue
        shown = status_cause((outputs / (row + ".out")).read_text())
        if shown != cause:
            problems.append("@example %s under %s shows %s" % (row, cause, shown))
        lines.append(example(outputs, row))
    for out in sorted(outputs.glob("*.out")):
        named = status_cause(out.read_text())
        if named and named not in documented:
            problems.append("%s (row %s) has no section in the prose" % (named, out.stem))
    return "\n".join(lines) + "\n", problems


def split_readme(readme):
    """The README before the section, the section, and the rest (from the next "## ")."""
    start = readme.index(SECTION + "\n")
    end = readme.index("\n## ", start + len(SECTION)) + 1
    return readme[:start], readme[start:end], readme[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the README's section")
    parser.add_argument("--check", action="store_true", help="compare (the default)")
    parser.add_argument("readme", type=pathlib.Path)
    parser.add_argument("prose", type=pathlib.Path)
    parser.add_argument("outputs", type=pathlib.Path)
    args = parser.parse_args()
    section, problems = generate(args.prose.read_text(), args.outputs)
    for problem in problems:
        print("readme_causes: %s: %s" % (args.prose, problem))
    before, current, after = split_readme(args.readme.read_text())
    if args.write:
        args.readme.write_text(before + section + after)
        return 1 if problems else 0
    if normalise(current) == normalise(section) and not problems:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        normalise(current).splitlines(True), normalise(section).splitlines(True),
        "README.md (normalised)", "this run (normalised)"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
