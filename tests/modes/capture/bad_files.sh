#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn --pcap on files that are not whole captures: empty, header only, garbage,
# cut in the middle of a record, a record claiming a huge length, an unknown link type,
# frames whose headers lie. Each must give one clear UNKNOWN line (or a verdict on what
# could be read), never a crash or a hang.
. "$(dirname "$0")/../../lib.sh"

# A small capture: a refused connection and a connected HTTP one, written record by record.
python3 - "$TEST_TMP" <<'PY'
import os, struct, sys
d = sys.argv[1]
def frame(src, dst, sport, dport, seq, ack, flags, payload=b"", ihl=5, total=None):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    length = total if total is not None else 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, length, 0, 0, 64, 6, 0, src, dst)
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip + tcp + payload
c, s = bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2])
frames = [frame(c, s, 40000, 9, 100, 0, 0x02), frame(s, c, 9, 40000, 0, 101, 0x14),
          frame(c, s, 40001, 80, 200, 0, 0x02), frame(s, c, 80, 40001, 900, 201, 0x12),
          frame(c, s, 40001, 80, 201, 901, 0x18, b"GET / HTTP/1.1\r\n\r\n"),
          frame(s, c, 80, 40001, 901, 219, 0x18, b"HTTP/1.1 200 OK\r\n\r\n")]
def write(name, frames, linktype=1, header=True):
    with open(os.path.join(d, name), "wb") as f:
        if header:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000, i, len(fr), len(fr)) + fr)
write("good.pcap", frames)
write("header_only.pcap", [])
write("linktype.pcap", frames, linktype=147)
write("lying.pcap", [frame(c, s, 1, 2, 0, 0, 0x02, ihl=15), frame(c, s, 1, 2, 0, 0, 0x02, total=10),
                     b"\x02" * 12 + b"\x86\xdd" + b"\x60" + b"\x00" * 10, b"\x00" * 3] + frames)
good = open(os.path.join(d, "good.pcap"), "rb").read()
open(os.path.join(d, "cut.pcap"), "wb").write(good[:-25])
huge = bytearray(good)
struct.pack_into("<II", huge, 24 + 8, 0x7fffffff, 0x7fffffff)
open(os.path.join(d, "huge_record.pcap"), "wb").write(huge)
open(os.path.join(d, "garbage.pcap"), "wb").write(os.urandom(4096))
open(os.path.join(d, "empty.pcap"), "wb").close()
PY

run_check --pcap "$TEST_TMP/good.pcap"
expect 2 "^CONN CRITICAL - capture .*: 1 of 2 TCP conversations failed.*refused.not_listening" \
  "the uncut capture is judged"
run_check --pcap "$TEST_TMP/empty.pcap"
expect 3 "^CONN UNKNOWN - capture .*: not a readable capture file: .*truncated" "empty file"
run_check --pcap "$TEST_TMP/header_only.pcap"
expect 3 "^CONN UNKNOWN - capture .*: no TCP conversation in the capture" "header only"
run_check --pcap "$TEST_TMP/garbage.pcap"
expect 3 "^CONN UNKNOWN - capture .*: not a readable capture file: " "random bytes"
run_check --pcap "$TEST_TMP/cut.pcap"
expect 3 "^CONN UNKNOWN - capture .*: capture unreadable after 5 frames: truncated" \
  "cut in the middle of a record"
run_check --pcap "$TEST_TMP/huge_record.pcap"
expect 3 "^CONN UNKNOWN - capture .*: capture unreadable after 0 frames: " \
  "a record claiming 2 GB"
run_check --pcap "$TEST_TMP/linktype.pcap"
expect 3 "^CONN UNKNOWN - capture .*: link type .* is not supported" "unknown link type"
run_check --pcap "$TEST_TMP/lying.pcap"
expect 2 "^CONN CRITICAL - capture .*: 1 of 2 TCP conversations failed" \
  "frames with lying headers are skipped, the rest judged"
run_check --pcap "$TEST_TMP/missing.pcap"
expect 3 "^CONN UNKNOWN - capture .*: .*/missing.pcap: cannot open: No such file" "missing file"
run_check --pcap "$TEST_TMP/cut.pcap" --pcap-format json
if [ "$RC" -eq 3 ] && printf '%s' "$OUT" | python3 -c 'import json, sys
d = json.load(sys.stdin); sys.exit(0 if d["state"] == "UNKNOWN" and "truncated" in d["error"] else 1)'; then
  pass "JSON on a cut capture: valid JSON, state UNKNOWN, the error named"
else
  fail "JSON on a cut capture: exit $RC: $OUT"
fi
run_check --filter "port 80"
expect 3 "^CONN UNKNOWN - --filter applies to a capture file" "--filter without --pcap"
run_check --pcap "$TEST_TMP/good.pcap" --pcap-format xml
expect 3 "^CONN UNKNOWN - --pcap-format 'xml' is not a format; use nagios, json, csv or openmetrics" \
  "bad --pcap-format"
finish
