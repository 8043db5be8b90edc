#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layer test: reads every quoted #include of plugin_common/ and the front ends
(check_conn/, wireshark/) and fails on an include that goes up a layer and on any cycle
between modules (a .c with its .h). The layers, bottom up, are the folders of
plugin_common/ and then the front ends (README.md, "Layout"); a folder not in the list
fails the test, so a new one must be placed. Front ends sit side by side: neither
includes the other."""
import os
import sys

LAYERS = ["base", "model", "knowledge", "net", "engine", "diagnosis", "modes", "render",
          "check_conn", "wireshark"]
FRONT_ENDS = ["check_conn", "wireshark"]

top = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(__file__), "..")
os.chdir(top)


def folder_of(path):
    parts = path.split("/")
    name = parts[1] if parts[0] == "plugin_common" else parts[0]
    if name not in LAYERS:
        raise SystemExit(f"FAIL: {path} is in no layer; add its folder to tests/layers.py")
    return name


def layer_of(path):
    return LAYERS.index(folder_of(path))


def resolve(including, name):
    for base in (os.path.dirname(including), "plugin_common", "."):
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(candidate):
            return candidate
    return None  # a generated or system header


def includes(path):
    with open(path, errors="replace") as source:
        for number, line in enumerate(source, 1):
            words = line.strip().split(None, 1)
            if len(words) == 2 and words[0] == "#include" and words[1].startswith('"'):
                yield number, words[1].strip('"')


files = sorted(os.path.join(d, n) for folder in ["plugin_common"] + FRONT_ENDS
               for d, _, names in os.walk(folder) for n in names if n.endswith((".c", ".h")))
failures = []
graph = {}
for path in files:
    module = os.path.splitext(path)[0]
    for number, name in includes(path):
        target = resolve(path, name)
        if target is None:
            continue
        if layer_of(target) > layer_of(path):
            failures.append(f"{path}:{number}: includes {target}, a higher layer")
        elif folder_of(target) in FRONT_ENDS and folder_of(target) != folder_of(path):
            failures.append(f"{path}:{number}: includes {target}, another front end")
        if os.path.splitext(target)[0] != module:
            graph.setdefault(module, set()).add(os.path.splitext(target)[0])


def cycles():
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


for component in cycles():
    failures.append("cycle: " + " <-> ".join(component))
modules = {os.path.splitext(f)[0] for f in files}
for failure in failures:
    print("FAIL:", failure)
print(f"{len(files)} files, {len(modules)} modules, {len(failures)} failures")
sys.exit(1 if failures else 0)
