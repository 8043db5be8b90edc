#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a command on a kernel that refuses NETLINK_SOCK_DIAG sockets, as one built
without inet_diag does: a seccomp filter makes socket(AF_NETLINK, *, NETLINK_SOCK_DIAG)
fail with EPROTONOSUPPORT; every other call, other netlink families included, is left alone.
Usage: without_sockdiag.py COMMAND [ARGS...]"""
import ctypes
import errno
import os
import platform
import struct
import sys

# Architecture tag (linux/audit.h) and socket(2) number of the machines we run on.
ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
AF_NETLINK, NETLINK_SOCK_DIAG = 16, 4
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LD_ABS_W, JEQ_K, RET_K = 0x20, 0x15, 0x06
# struct seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8 i (low half first).
NR, ARCH, ARG0, ARG2 = 0, 4, 16, 32


def program(arch, socket_nr):
    """Each test jumps to ALLOW (the last instruction) when it does not hold."""
    steps = [(ARCH, arch), (NR, socket_nr), (ARG0, AF_NETLINK), (ARG2, NETLINK_SOCK_DIAG)]
    code = []
    for i, (offset, value) in enumerate(steps):
        left = len(steps) - i - 1  # tests after this one
        code.append((LD_ABS_W, 0, 0, offset))
        code.append((JEQ_K, 0, 2 * left + 1, value))
    code.append((RET_K, 0, 0, RET_ERRNO | errno.EPROTONOSUPPORT))
    code.append((RET_K, 0, 0, RET_ALLOW))
    return b"".join(struct.pack("HBBI", *insn) for insn in code), len(code)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    machine = platform.machine()
    if machine not in ARCHES:
        sys.exit("without_sockdiag.py: no seccomp numbers for " + machine)
    filters, count = program(*ARCHES[machine])
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = Fprog(count, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(
            PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        sys.exit("without_sockdiag.py: seccomp: " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[1], sys.argv[1:])


main()
