#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Opens many ports for bulk tests: OPEN ports listen, CLOSED ports are bound without
listening (a connect is refused, and no other process can take the port).

usage: listeners.py HOST N_OPEN N_CLOSED DIR [--first PORT] [--serve]
Writes DIR/open.txt and DIR/closed.txt (one port a line), then DIR/ready, and stays until
its stdin closes or 600 s pass. --first PORT: ports PORT.. in order (inside a test's own
namespace); otherwise the kernel picks free ones. Without --serve, connections complete
in the kernel and are never accepted. With --serve, they are accepted and closed as soon
as the client closes, like a well-behaved server: a client that closes gracefully then
ends in TIME_WAIT, one that resets does not."""
import os
import random
import resource
import select
import socket
import sys


def candidate_ports(first):
    """--first: consecutive ports. Otherwise free ports of the ephemeral range, as bind()
    to port 0 would pick, but walked in order: with thousands of ports taken, the
    kernel's own search costs seconds per thousand."""
    if first:
        yield from range(first, 65536)
        return
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        low, high = (int(x) for x in f.read().split())
    start = low + random.randrange(high - low + 1)
    for i in range(high - low + 1):
        yield low + (start - low + i) % (high - low + 1)


def open_ports(host, n_open, n_closed, first):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listeners, ports = [], {"open": [], "closed": []}
    candidates = candidate_ports(first)
    for i in range(n_open + n_closed):
        s = socket.socket(family, socket.SOCK_STREAM)
        while True:
            port = next(candidates)
            try:
                s.bind((host, port))
                break
            except OSError:
                if first:
                    raise
        kind = "open" if i < n_open else "closed"
        if kind == "open":
            s.listen(4096)
            s.setblocking(False)
        listeners.append(s)
        ports[kind].append(s.getsockname()[1])
    return listeners[:n_open], listeners, ports


def alive(sock):
    """False once the client has closed or reset the connection."""
    try:
        return sock.recv(4096) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def accept_all(listener, poller, roles):
    """Accepts what is queued; connections already closed by the client are closed at
    once, so that a fast client never runs this process out of descriptors."""
    while True:
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return
        except OSError:   # out of descriptors: accept again once some are closed
            return
        conn.setblocking(False)
        if not alive(conn):
            conn.close()
            continue
        poller.register(conn.fileno(), select.EPOLLIN)
        roles[conn.fileno()] = (conn, False)


def serve(listeners):
    poller = select.epoll()
    roles = {}
    for s in listeners:
        poller.register(s.fileno(), select.EPOLLIN)
        roles[s.fileno()] = (s, True)
    poller.register(sys.stdin.fileno(), select.EPOLLIN)
    while True:
        for fd, _ in poller.poll(600):
            if fd == sys.stdin.fileno():
                return
            sock, listening = roles[fd]
            if listening:
                accept_all(sock, poller, roles)
            elif not alive(sock):
                poller.unregister(fd)
                del roles[fd]
                sock.close()


def main():
    args = sys.argv[1:]
    serving = "--serve" in args
    first = int(args[args.index("--first") + 1]) if "--first" in args else 0
    host, n_open, n_closed, out = args[0], int(args[1]), int(args[2]), args[3]
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    listening, held, ports = open_ports(host, n_open, n_closed, first)
    for kind, numbers in ports.items():
        with open(os.path.join(out, kind + ".txt"), "w") as f:
            f.write("".join("%d\n" % p for p in numbers))
    open(os.path.join(out, "ready"), "w").close()
    if serving:
        serve(listening)
    else:
        select.select([sys.stdin], [], [], 600)


main()
