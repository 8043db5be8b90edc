#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standing guard on the files check_conn reads (--config, --front-proxy-cidrs, --pcap):
# devices, FIFOs with no writer, directories, 100 MB files, a config that expands to a
# million endpoints, translated keys, a line number of 0. Each ends within -t + 0.2 s,
# under 64 MiB, with one line saying what is wrong (exit 3).
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/hostile/guard_lib.sh"

files=$TEST_TMP
mkfifo "$files/fifo"
mkdir "$files/dir"
truncate -s 100M "$files/huge"
python3 - "$files" <<'PY'
import os, struct, sys
d = sys.argv[1]
ranges = ", ".join("10.0.0.%d:1-65535" % i for i in range(1, 17))
open(os.path.join(d, "ranges.ini"), "w").write("[group all]\nendpoints = %s\n" % ranges)
open(os.path.join(d, "locale.ini"), "w").write(
    "[group web]\nendpoints = 127.0.0.1:80\nprotocol[de] = http\n")
open(os.path.join(d, "typo_locale.ini"), "w").write(
    "[defaults]\ntimout[x] = 1\n[group web]\nendpoints = 127.0.0.1:80\n")
open(os.path.join(d, "form_feed.ini"), "w").write("[group web]\n\fendpoints = bad\n")
# A capture header, then 10 GB of zeros: 671 million empty records, no machine reads them
# within -t 0.3 s, and the file is sparse (4 kB on disk).
with open(os.path.join(d, "big.pcap"), "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    f.truncate(10 * 1024 ** 3)
PY

check () { echo -H 127.0.0.1 -p 9; }

for option in --config --front-proxy-cidrs --pcap; do
  args=(-t 1)
  [ "$option" != --front-proxy-cidrs ] || args+=($(check))
  GUARD_PATTERN="/dev/zero is a character device, not a regular file" \
    guard 3 "$option /dev/zero" "${args[@]}" "$option" /dev/zero
  GUARD_PATTERN="/dev/urandom is a character device, not a regular file" \
    guard 3 "$option /dev/urandom" "${args[@]}" "$option" /dev/urandom
  GUARD_PATTERN="fifo is a FIFO, not a regular file" \
    guard 3 "$option a FIFO with no writer" "${args[@]}" "$option" "$files/fifo"
  GUARD_PATTERN="dir is a directory, not a regular file" \
    guard 3 "$option a directory" "${args[@]}" "$option" "$files/dir"
done
for spec in @/dev/zero "@$files/fifo" "@$files/dir" "@$files/huge" "check_conn@$files/big.pcap"; do
  GUARD_PATTERN="^CONN UNKNOWN - (--extra-opts: .*(not a regular file|larger than)|.*big\.pcap:1: )" \
    guard 3 "--extra-opts=$spec" -t 1 "--extra-opts=$spec"
done
GUARD_PATTERN="huge is larger than 16 MiB, the most this file may have" \
  guard 3 "--config of 100 MB" -t 1 --config "$files/huge"
GUARD_PATTERN="huge is larger than 1 MiB, the most this file may have" \
  guard 3 "--front-proxy-cidrs of 100 MB" -t 1 --front-proxy-cidrs "$files/huge" $(check)
# No size cap on captures (GBs are legitimate): a 10 GB one ends at -t, saying how far.
GUARD_PATTERN="capture .*: reading stopped at the -t deadline after [0-9]+ frames \([0-9]+ bytes\)" \
  guard 3 "--pcap of 10 GB ends at -t" -t 0.3 --pcap "$files/big.pcap"
GUARD_PATTERN="capture .*huge: not a readable capture file" \
  guard 3 "--pcap of 100 MB of zeros" -t 1 --pcap "$files/huge"
GUARD_PATTERN="capture -: reading stopped at the -t deadline after 0 frames" \
  guard 3 "--pcap - from a pipe that stays silent" -t 1 --pcap - < <(sleep 3)
# Servers' TLS handshakes in a capture (tests/hostile/tls_captures.py): malformed
# Certificate messages are not judged; 1,100 handshakes open at once, each server sending
# 63 KiB of a Certificate message that never ends, stay within the budget of kept bytes.
seeds=$top_srcdir/tests/fuzz/corpus/capture
for seed in list-length garbage-der trailing-der 17-certificates entry-overflow tls13; do
  GUARD_PATTERN="^CONN OK - capture .*tls-$seed\.pcap: 1 TCP conversations, none failed" \
    guard 0 "--pcap: a TLS handshake ($seed) judges nothing" -t 2 --pcap "$seeds/tls-$seed.pcap"
done
GUARD_PATTERN="^CONN CRITICAL - capture .* TLS certificate is self-signed \(for localhost\)" \
  guard 2 "--pcap: a chain in 1-byte records" -t 2 --pcap "$seeds/tls-one-byte-records.pcap"
GUARD_PATTERN="^CONN CRITICAL - capture .* TLS certificate is self-signed \(for localhost\)" \
  guard 2 "--pcap: an SNI of control bytes checks no name" -t 2 -v \
  --pcap "$seeds/tls-hostile-sni.pcap"
echo "not a certificate" > "$files/no_pem.txt"
GUARD_PATTERN="^CONN UNKNOWN - --ca-file: CA file '.*no_pem\.txt' holds no PEM certificate$" \
  guard 3 "--pcap with a --ca-file of no certificate" -t 2 --pcap "$seeds/tls-split.pcap" \
  --ca-file "$files/no_pem.txt"
# The TLS module missing: a certificate sent in clear is not judged, the capture's other
# verdicts still come out (an alert after a CertificateRequest needs no module).
python3 "$top_srcdir/tests/hostile/tls_captures.py" "$files" mixed
CHECK_CONN_TLS_MODULE=$files/no/tls_openssl.so \
  GUARD_PATTERN="^CONN CRITICAL - capture .*tls-mixed\.pcap: 1 of 2 TCP conversations failed; .*\(tls\.client_cert_required\)" \
  guard 2 "--pcap of a TLS 1.2 capture without the TLS module" -t 2 --pcap "$files/tls-mixed.pcap"
python3 "$top_srcdir/tests/hostile/tls_captures.py" "$files" many 1100
GUARD_PATTERN="^CONN OK - capture .*tls-many\.pcap: 1100 TCP conversations, none failed" \
  guard 0 "--pcap: 1,100 TLS handshakes of 63 KiB open at once" -t 5 --pcap "$files/tls-many.pcap"
# Memory follows the conversations open at once, each holding only the bytes it kept:
# 40,000 left open when the capture ends (bench/pcap_synth.py --open; half of them a
# full segment of a download) stay under the guard's 64 MiB.
python3 "$top_srcdir/bench/pcap_synth.py" --open "$files/open.pcap" 40000 >/dev/null
GUARD_PATTERN="capture .*open\.pcap: 40000 TCP conversations, none failed" \
  guard 0 "--pcap with 40,000 conversations open at once" -t 30 --pcap "$files/open.pcap"
GUARD_PATTERN="ranges.ini:2: \[group all\] endpoints: the file has more than 100000 endpoints" \
  guard 3 "16 port ranges: 1,048,560 endpoints" -t 1 --config "$files/ranges.ini" --check-config
GUARD_PATTERN="ranges.ini:2: .* more than 200000 endpoints" \
  guard 3 "16 port ranges over --max-endpoints" -t 1 --config "$files/ranges.ini" \
  --max-endpoints 200000 --check-config
GUARD_PATTERN="locale.ini:3: \[group web\] protocol\[de\]: a key has no \[LOCALE\] suffix" \
  guard 3 "protocol[de] = http" -t 1 --config "$files/locale.ini" --check-config
GUARD_PATTERN="typo_locale.ini:2: \[defaults\] timout\[x\]: a key has no \[LOCALE\] suffix" \
  guard 3 "timout[x] = 1" -t 1 --config "$files/typo_locale.ini" --check-config
GUARD_PATTERN="form_feed.ini:2: \[group web\] endpoints: 'bad' is not HOST:PORT" \
  guard 3 "a key after a form feed: line 2, not line 0" -t 1 --config "$files/form_feed.ini" \
  --check-config
finish
