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


def read_line(conn):
    """Reads up to a line end (the client's command); gives up at 4 KiB or a close."""
    line = b""
    while not line.endswith(b"\n") and len(line) < 4096:
        chunk = conn.recv(1)
        if not chunk:
            break
        line += chunk
    return line


def dialogue(conn, greeting, *answers):
    """Greets, then answers each command line in turn."""
    conn.sendall(greeting)
    for answer in answers:
        read_line(conn)
        conn.sendall(answer)


def starttls_endless(conn):
    """IMAP whose CAPABILITY answer never ends."""
    dialogue(conn, b"* OK ready\r\n")
    read_line(conn)
    while True:
        conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")


def starttls_nasty(conn):
    """POP3 whose CAPA answer is bytes that break naive output."""
    dialogue(conn, b"+OK\r\n", NASTY + b"\r\n.\r\n")
    time.sleep(3600)


def starttls_garbage(conn):
    """FTP that agrees to AUTH TLS, then answers the ClientHello with garbage."""
    dialogue(conn, b"220 FTP ready\r\n", b"234 go ahead\r\n")
    conn.recv(4096)
    conn.sendall(NASTY)
    time.sleep(3600)


def starttls_drip(conn):
    """SMTP that greets, then continues its EHLO answer a line a second, forever."""
    dialogue(conn, b"220 mx ESMTP\r\n")
    read_line(conn)
    while True:
        conn.sendall(b"250-mx\r\n")
        time.sleep(1)


def starttls_hangup(conn):
    """SMTP that agrees to STARTTLS, then hangs up instead of the handshake."""
    dialogue(conn, b"220 mx ESMTP\r\n", b"250-mx\r\n250 STARTTLS\r\n", b"220 go ahead\r\n")


MODES = {"drip": drip, "flood": flood, "random": random_bytes, "mute": mute,
         "reset": reset, "nasty": nasty, "starttls_endless": starttls_endless,
         "starttls_nasty": starttls_nasty, "starttls_garbage": starttls_garbage,
         "starttls_drip": starttls_drip, "starttls_hangup": starttls_hangup}


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
