#!/usr/bin/env python3
"""Opens many loopback ports for bulk tests: OPEN ports listen (connections complete in
the kernel and are never accepted; the client's RST removes them), CLOSED ports are bound
without listening, so a connect is refused and no other process can take the port.

usage: listeners.py HOST N_OPEN N_CLOSED DIR [FIRST_PORT]
Writes DIR/open.txt and DIR/closed.txt (one port a line), then DIR/ready, and stays until
its stdin closes or 600 s pass. With FIRST_PORT, ports are FIRST_PORT.. in order (for
namespaces, where nothing else runs); otherwise the kernel picks free ones."""
import os
import resource
import select
import socket
import sys


def main():
    host, n_open, n_closed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    held, ports = [], {"open": [], "closed": []}
    for i in range(n_open + n_closed):
        s = socket.socket(family, socket.SOCK_STREAM)
        s.bind((host, first + i if first else 0))
        kind = "open" if i < n_open else "closed"
        if kind == "open":
            s.listen(4096)
        held.append(s)
        ports[kind].append(s.getsockname()[1])
    for kind, numbers in ports.items():
        with open(os.path.join(out, kind + ".txt"), "w") as f:
            f.write("".join("%d\n" % p for p in numbers))
    open(os.path.join(out, "ready"), "w").close()
    select.select([sys.stdin], [], [], 600)


main()
