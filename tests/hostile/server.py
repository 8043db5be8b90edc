#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile TCP servers for tests/hostile/hostile.sh, one behaviour per listening port.

usage: server.py LIFETIME_SECONDS PORT_FILE MODE...
Listens on 127.0.0.1 on a port the kernel picks for each MODE (so no other test can take
it first), then writes "MODE PORT" lines to PORT_FILE; serves every connection in its own
thread; exits after LIFETIME_SECONDS in any case.
"""
import os
import socket
import struct
import sys
import threading
import time

NASTY = (b"HTTP/1.1 200 OK|rc=0\r\nX: a\x00b\n\xff\xfe\xc3\x28\xed\xa0\x80"
         b"\x1b[2J\x1b[31mred\x1b]0;title\x07\x9b6n|perf=1;2;3\r\nCONN OK - fake\n"
         b"'quoted'=1\x7f\x08\x0d")


def drip(conn):
    """One byte per second, forever."""
    while True:
        conn.sendall(b"x")
        time.sleep(1)


def flood(conn):
    """A 100 MB banner."""
    chunk = b"220 " + b"A" * 65532
    for _ in range(100 * 1024 * 1024 // len(chunk)):
        conn.sendall(chunk)


def random_bytes(conn):
    """Random binary, then more of it now and then."""
    while True:
        conn.sendall(os.urandom(4096))
        time.sleep(0.5)


def mute(conn):
    """Accepts, never reads or writes."""
    time.sleep(3600)


def reset(conn):
    """Starts an answer, then resets the connection in the middle of it."""
    conn.sendall(b"HTTP/1.1 101 Switching Prot")
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def nasty(conn):
    """Bytes that break naive output: |, newlines, NUL, invalid UTF-8, escapes."""
    conn.sendall(NASTY)
    time.sleep(3600)


MODES = {"drip": drip, "flood": flood, "random": random_bytes, "mute": mute,
         "reset": reset, "nasty": nasty}


def serve_one(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass
    finally:
        conn.close()


def listen():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


def serve(handler, listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve_one, args=(handler, conn), daemon=True).start()


def main():
    lifetime, port_file, modes = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    lines = []
    for mode in modes:
        listener = listen()
        lines.append("%s %d\n" % (mode, listener.getsockname()[1]))
        threading.Thread(target=serve, args=(MODES[mode], listener), daemon=True).start()
    with open(port_file + ".tmp", "w") as out:
        out.writelines(lines)
    os.rename(port_file + ".tmp", port_file)
    time.sleep(lifetime)


if __name__ == "__main__":
    main()
