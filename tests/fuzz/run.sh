#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer target for SECONDS each over its committed corpus and prints the
# figures: tests/fuzz/run.sh SECONDS [TARGET...]. Run from the build dir (or set
# FUZZ_BUILDDIR) after `configure --enable-fuzzers && make fuzzers`. New inputs go to a
# scratch dir, so the committed corpus only changes when someone merges into it by hand.
# Exits non-zero when a target crashes, leaks, times out or is missing.
set -u
SECONDS_EACH=${1:?usage: run.sh SECONDS [TARGET...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${FUZZ_BUILDDIR:-$PWD}/tests/fuzz
# fuzz_capture judges certificates sent in clear through the TLS module of the same build
# (not instrumented: OpenSSL's code is not what is fuzzed), which it opens at the first one.
CHECK_CONN_TLS_MODULE=${CHECK_CONN_TLS_MODULE:-${FUZZ_BUILDDIR:-$PWD}/check_conn/tls_openssl.so}
export CHECK_CONN_TLS_MODULE
TARGETS=${*:-$(ls "$HERE/corpus")}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cc-fuzz.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0

printf '%-12s %8s %12s %10s %s\n' target seconds execs execs/s result
for t in $TARGETS; do
  exe=$BIN/fuzz_$t
  if [ ! -x "$exe" ]; then
    echo "$t: no $exe (configure --enable-fuzzers && make fuzzers)"
    FAILED=1
    continue
  fi
  mkdir -p "$SCRATCH/$t"
  # One job, bounded time per input and memory; crash inputs land next to the binary.
  "$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$BIN/crash-$t-" \
    "$SCRATCH/$t" "$HERE/corpus/$t" > "$SCRATCH/$t.log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$SCRATCH/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$SCRATCH/$t.log")
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc)"
    FAILED=1
    # What the target said last: the sanitizer or GLib message and the saved input.
    grep -v -E '^#[0-9]+' "$SCRATCH/$t.log" | tail -n 15
  fi
  printf '%-12s %8s %12s %10s %s\n' "$t" "$SECONDS_EACH" "${execs:-?}" "${rate:-?}" "$result"
done
exit $FAILED
