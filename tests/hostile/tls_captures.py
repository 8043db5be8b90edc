#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packet captures of TLS handshakes, well-formed and hostile, for check_conn --pcap:
the seeds of tests/fuzz/corpus/capture/tls-*.pcap and the rows of
tests/hostile/files_cases.sh.

usage: tls_captures.py DIR seeds        the fuzz seeds (certificates made by openssl)
       tls_captures.py DIR many COUNT   COUNT handshakes open at once, each server
                                        sending 63 KiB of a never-ending Certificate
       tls_captures.py DIR mixed        tls-mixed.pcap: a self-signed chain, then an
                                        alert after a CertificateRequest (a verdict
                                        that needs no TLS module)
"""
import os
import struct
import subprocess
import sys
import tempfile
import time

LINKTYPE_RAW = 101
CLIENT, SERVER = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10


def ip_tcp(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                      5 << 4, flags, 65535, 0, 0)
    length = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, length, 0, 0x4000, 64, 6, 0, src, dst)
    return ip + tcp + payload


class Capture:
    def __init__(self, path):
        self.file = open(path, "wb")
        self.file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, LINKTYPE_RAW))
        self.time = float(int(time.time()))  # inside the validity of a certificate made now

    def packet(self, data):
        self.time += 0.0001
        seconds = int(self.time)
        self.file.write(struct.pack("<IIII", seconds, int((self.time - seconds) * 1e6),
                                    len(data), len(data)))
        self.file.write(data)

    def close(self):
        self.file.close()


class Conversation:
    """One TCP connection from CLIENT:port to SERVER:443, bytes sent in segments."""

    def __init__(self, capture, port):
        self.capture, self.port = capture, port
        self.client_seq, self.server_seq = 1000, 5000

    def open(self):
        c = self.capture
        c.packet(ip_tcp(CLIENT, SERVER, self.port, 443, self.client_seq, 0, SYN))
        c.packet(ip_tcp(SERVER, CLIENT, 443, self.port, self.server_seq, self.client_seq + 1,
                        SYN | ACK))
        self.client_seq += 1
        self.server_seq += 1

    def send(self, from_client, data, segment=1400):
        for at in range(0, len(data), segment):
            piece = data[at:at + segment]
            if from_client:
                self.capture.packet(ip_tcp(CLIENT, SERVER, self.port, 443, self.client_seq,
                                           self.server_seq, PSH | ACK, piece))
                self.client_seq += len(piece)
            else:
                self.capture.packet(ip_tcp(SERVER, CLIENT, 443, self.port, self.server_seq,
                                           self.client_seq, PSH | ACK, piece))
                self.server_seq += len(piece)

    def reset(self):
        self.capture.packet(ip_tcp(CLIENT, SERVER, self.port, 443, self.client_seq, 0, RST))


def u16(n):
    return struct.pack("!H", n)


def u24(n):
    return struct.pack("!I", n)[1:]


def records(kind, data, size=16384):
    return b"".join(bytes([kind]) + u16(0x0303) + u16(len(data[at:at + size])) + data[at:at + size]
                    for at in range(0, len(data), size))


def handshake(kind, body, length=None):
    return bytes([kind]) + u24(len(body) if length is None else length) + body


def client_hello(name=b"localhost"):
    sni = u16(len(name) + 3) + b"\x00" + u16(len(name)) + name
    extensions = u16(0) + u16(len(sni)) + sni
    body = (u16(0x0303) + bytes(32) + b"\x00" + u16(2) + u16(0xc02f) + b"\x01\x00"
            + u16(len(extensions)) + extensions)
    return records(22, handshake(1, body))


def server_hello(version=None):
    extensions = b"" if version is None else u16(43) + u16(2) + u16(version)
    return handshake(2, u16(0x0303) + bytes(32) + b"\x00" + u16(0xc02f) + b"\x00"
                     + u16(len(extensions)) + extensions)


def certificate(ders, list_length=None):
    entries = b"".join(u24(len(der)) + der for der in ders)
    return handshake(11, u24(len(entries) if list_length is None else list_length) + entries)


SERVER_HELLO_DONE = handshake(14, b"")
CERTIFICATE_REQUEST = handshake(13, b"\x01\x01" + u16(2) + u16(0x0401) + u16(0))


def handshake_in(capture, port, name, server_bytes, segment=1400):
    conversation = Conversation(capture, port)
    conversation.open()
    conversation.send(True, client_hello(name))
    conversation.send(False, server_bytes, segment)
    conversation.reset()


def one(path, name, server_bytes, segment=1400):
    capture = Capture(path)
    handshake_in(capture, 40000, name, server_bytes, segment)
    capture.close()


def self_signed_der():
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-days", "3650",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", os.path.join(d, "k"), "-outform", "DER",
                        "-out", os.path.join(d, "c")], check=True, capture_output=True)
        return open(os.path.join(d, "c"), "rb").read()


def seeds(directory):
    der = self_signed_der()
    flight = server_hello() + certificate([der]) + SERVER_HELLO_DONE
    path = lambda name: os.path.join(directory, "tls-%s.pcap" % name)
    # A Certificate message split across records of 100 bytes and segments of 7.
    one(path("split"), b"localhost", records(22, flight, 100), 7)
    one(path("wrong-name"), b"example.org", records(22, flight))
    one(path("list-length"), b"localhost",
        records(22, server_hello() + certificate([der], len(der) + 1000) + SERVER_HELLO_DONE))
    one(path("garbage-der"), b"localhost",
        records(22, server_hello() + certificate([b"\x30\x82\xff\xff" + der[4:40]])))
    one(path("trailing-der"), b"localhost",
        records(22, server_hello() + certificate([der + b"\x00"])))
    one(path("17-certificates"), b"localhost",
        records(22, server_hello() + certificate([der] * 17)))
    one(path("entry-overflow"), b"localhost",
        records(22, server_hello() + handshake(11, u24(6) + u24(0xffffff) + b"\x30\x00\x00")))
    one(path("empty-chain"), b"localhost", records(22, server_hello() + certificate([])))
    one(path("one-byte-records"), b"localhost", records(22, flight[:600], 1))
    one(path("alert-after-request"), b"localhost",
        records(22, server_hello() + certificate([der]) + CERTIFICATE_REQUEST
                + SERVER_HELLO_DONE) + records(21, b"\x02\x28"))
    one(path("tls13"), b"localhost",
        records(22, server_hello(0x0304)) + records(20, b"\x01") + records(23, bytes(200)))
    one(path("hostile-sni"), b"local\x00host\n\x1b[31m", records(22, flight))


def mixed(directory):
    der = self_signed_der()
    capture = Capture(os.path.join(directory, "tls-mixed.pcap"))
    handshake_in(capture, 40000, b"localhost",
                 records(22, server_hello() + certificate([der]) + SERVER_HELLO_DONE))
    handshake_in(capture, 40001, b"localhost",
                 records(22, server_hello() + CERTIFICATE_REQUEST + SERVER_HELLO_DONE)
                 + records(21, b"\x02\x28"))
    capture.close()


def many(directory, count):
    """count handshakes open at once, their servers' bytes interleaved: each sends a
    Certificate message that claims 16 MiB and never ends, 63 KiB of it."""
    capture = Capture(os.path.join(directory, "tls-many.pcap"))
    conversations = [Conversation(capture, 20000 + i) for i in range(count)]
    endless = records(22, server_hello() + handshake(11, u24(0xfffffc) + bytes(63 * 1024)))
    for conversation in conversations:
        conversation.open()
        conversation.send(True, client_hello())
    for at in range(0, len(endless), 1400):
        for conversation in conversations:
            conversation.send(False, endless[at:at + 1400])
    for conversation in conversations:
        conversation.reset()
    capture.close()


if __name__ == "__main__":
    if sys.argv[2] == "seeds":
        seeds(sys.argv[1])
    elif sys.argv[2] == "mixed":
        mixed(sys.argv[1])
    else:
        many(sys.argv[1], int(sys.argv[3]))
