#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a pcap of synthetic mixed TCP traffic, record by record, without sending a byte:
bulk HTTP downloads (most of the volume), refused connections, SYN timeouts, ICMP host
unreachable, WebSocket upgrades answered 400, HTTP answered by an SSH banner, silent
servers. Many conversations are open at once, interleaved as on a busy link.

usage: pcap_synth.py OUT SIZE_MB [CONCURRENT]
       pcap_synth.py --open OUT N: N HTTP conversations left open (no FIN, no RST), each
       a handshake, a GET and its answer's first segment (every other one a full segment
       of a large download, the others a small JSON answer), as a keep-alive capture
       cut off at some moment holds them"""
import heapq
import struct
import sys

MSS = 1448
CLIENT_MAC = b"\x02\x00\x00\x00\x00\x01"
SERVER_MAC = b"\x02\x00\x00\x00\x00\x02"
SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08


def ip4(text):
    return bytes(int(part) for part in text.split("."))


def frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      5 << 4, flags, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64,
                     6, 0, src, dst)
    return SERVER_MAC + CLIENT_MAC + b"\x08\x00" + ip + tcp + payload


def icmp_unreachable(router, client, server, sport, dport, seq):
    quoted = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, client, server)
    quoted += struct.pack("!HHI", sport, dport, seq)
    icmp = struct.pack("!BBHI", 3, 1, 0, 0) + quoted
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0, 64, 1, 0, router, client)
    return SERVER_MAC + CLIENT_MAC + b"\x08\x00" + ip + icmp


HTTP_GET = b"GET /file HTTP/1.1\r\nHost: bench\r\n\r\n"
WS_GET = (b"GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 72400\r\n\r\n"
HTTP_400 = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
SSH_BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
BODY = bytes(range(256)) * (MSS // 256 + 1)


def session(kind, n):
    """Yields (delay_us, frame) for one conversation; n makes its 4-tuple unique."""
    client = ip4("10.%d.%d.%d" % (1 + n // 60000 % 200, n // 250 % 240, 1 + n % 250))
    server = ip4("10.250.0.%d" % (1 + n % 7))
    sport = 1024 + n % 64000
    dport = {"bulk": 80, "refused": 81, "timeout": 82, "icmp": 83, "ws": 8080,
             "ssh": 2222, "silent": 9000}[kind]
    c, s = 1000 + n * 7, 5000 + n * 13
    yield 0, frame(client, server, sport, dport, c, 0, SYN)
    if kind == "refused":
        yield 80, frame(server, client, dport, sport, 0, c + 1, RST | ACK)
        return
    if kind == "timeout":
        for wait in (1000000, 2000000):
            yield wait, frame(client, server, sport, dport, c, 0, SYN)
        return
    if kind == "icmp":
        yield 90, icmp_unreachable(ip4("10.250.0.254"), client, server, sport, dport, c)
        return
    yield 60, frame(server, client, dport, sport, s, c + 1, SYN | ACK)
    yield 30, frame(client, server, sport, dport, c + 1, s + 1, ACK)
    c += 1
    s += 1
    request = WS_GET if kind == "ws" else HTTP_GET
    if kind == "ssh":
        yield 10, frame(server, client, dport, sport, s, c, PSH | ACK, SSH_BANNER)
        s += len(SSH_BANNER)
    yield 20, frame(client, server, sport, dport, c, s, PSH | ACK, request)
    c += len(request)
    if kind == "silent":
        yield 1500000, frame(client, server, sport, dport, c, s, FIN | ACK)
        return
    if kind == "ws":
        yield 200, frame(server, client, dport, sport, s, c, PSH | ACK, HTTP_400)
        s += len(HTTP_400)
    elif kind == "bulk":
        yield 200, frame(server, client, dport, sport, s, c, PSH | ACK, HTTP_OK)
        s += len(HTTP_OK)
        for i in range(50):
            yield 12, frame(server, client, dport, sport, s, c, ACK, BODY[:MSS])
            s += MSS
            if i % 2:
                yield 5, frame(client, server, sport, dport, c, s, ACK)
    yield 50, frame(server, client, dport, sport, s, c, FIN | ACK)
    yield 20, frame(client, server, sport, dport, c, s + 1, FIN | ACK)
    yield 20, frame(server, client, dport, sport, s + 1, c + 1, ACK)


SMALL_OK = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
            + b"x" * 200)


def open_session(n):
    """The frames of conversation n of --open, left open."""
    client = ip4("10.%d.%d.%d" % (1 + n // 60000 % 200, n // 250 % 240, 1 + n % 250))
    server = ip4("10.250.0.%d" % (1 + n % 7))
    sport = 1024 + n % 64000
    c, s = 1000 + n * 7, 5000 + n * 13
    reply = HTTP_OK + BODY[:MSS - len(HTTP_OK)] if n % 2 else SMALL_OK
    yield frame(client, server, sport, 80, c, 0, SYN)
    yield frame(server, client, 80, sport, s, c + 1, SYN | ACK)
    yield frame(client, server, sport, 80, c + 1, s + 1, ACK)
    yield frame(client, server, sport, 80, c + 1, s + 1, PSH | ACK, HTTP_GET)
    yield frame(server, client, 80, sport, s + 1, c + 1 + len(HTTP_GET), PSH | ACK, reply)


def write_open(out, n):
    now = 1_700_000_000 * 1_000_000
    with open(out, "wb", buffering=1 << 22) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for number in range(n):
            for data in open_session(number):
                now += 50
                f.write(struct.pack("<IIII", now // 1_000_000, now % 1_000_000, len(data),
                                    len(data)))
                f.write(data)
    print("%s: %d conversations left open" % (out, n))


KINDS = ["bulk"] * 6 + ["refused", "timeout", "icmp", "ws", "ssh", "silent"]


def main():
    if sys.argv[1] == "--open":
        write_open(sys.argv[2], int(sys.argv[3]))
        return
    out, size_mb = sys.argv[1], float(sys.argv[2])
    concurrent = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    limit = int(size_mb * 1e6)
    now = 1_700_000_000 * 1_000_000
    due = []  # heap of (time_us, conversation number, generator, frame)
    n = 0
    written = 24
    with open(out, "wb", buffering=1 << 22) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        while written < limit or due:
            while written < limit and len(due) < concurrent:
                gen = session(KINDS[n % len(KINDS)], n)
                heapq.heappush(due, (now + 1, n, gen, next(gen)[1]))
                n += 1
            now, number, gen, data = heapq.heappop(due)
            f.write(struct.pack("<IIII", now // 1_000_000, now % 1_000_000, len(data),
                                len(data)))
            f.write(data)
            written += 16 + len(data)
            step = next(gen, None)
            if step is not None:
                heapq.heappush(due, (now + step[0], number, gen, step[1]))
    print("%s: %d bytes, %d conversations" % (out, written, n))


if __name__ == "__main__":
    main()
