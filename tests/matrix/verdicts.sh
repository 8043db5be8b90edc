#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The verdict matrix: every fault of tests/matrix/verdicts.tsv made for real (network
# namespaces, nftables, routes, real servers), then checked three ways: a single check
# (-v), a bulk run of a config generated from the table, and check_conn --pcap
# on a tcpdump capture of the single checks. Each mode's cause id is asserted against the
# table; the table is printed at the end. The README's cause sections are the single
# checks' outputs (tests/matrix/readme_causes.py): the README must match this run.
#   MATRIX_ROWS=REGEX      only the rows whose id matches (the README is then not compared)
#   MATRIX_OUTPUT=DIR      keep the outputs there (readme_causes.py --write reads them)
. "$(dirname "$0")/../lib.sh"
MATRIX_DIR=$top_srcdir/tests/matrix
. "$top_srcdir/tests/modes/single/netns_lib.sh"
. "$top_srcdir/tests/modes/single/rejects_lib.sh"
. "$top_srcdir/tests/modes/single/servers.sh"
. "$MATRIX_DIR/faults_lib.sh"
need_root "network namespaces and nftables"
need_cmd tcpdump
[ -x "$top_builddir/check_conn/check_conn" ] || skip "check_conn not built"
"$CHECK_CONN" --help | grep -q -- '--pcap' || skip "check_conn built without libpcap"

OUTPUTS=${MATRIX_OUTPUT:-$TEST_TMP/outputs}
mkdir -p "$OUTPUTS"
rm -f "$OUTPUTS"/*.out "$OUTPUTS"/*.cmd "$OUTPUTS"/*.window "$OUTPUTS"/*.json "$OUTPUTS"/*.pcap \
  "$OUTPUTS"/*.err "$OUTPUTS"/bulk*.ini "$OUTPUTS"/bulk*.csv

# The rows: ID FAULT SETUP FROM HOST PORT OPTIONS SINGLE BULK CAPTURE WHY, tab separated.
ROWS=$TEST_TMP/rows.tsv
grep -v '^#' "$MATRIX_DIR/verdicts.tsv" | tail -n +2 \
  | awk -F'\t' -v only="${MATRIX_ROWS:-}" 'only == "" || $1 ~ only' > "$ROWS"
[ -s "$ROWS" ] || { echo "FAIL: no row of verdicts.tsv matches '${MATRIX_ROWS:-}'"; exit 1; }
awk -F'\t' 'NF != 11 { print "FAIL: verdicts.tsv: row " $1 " has " NF " columns, not 11"; bad = 1 }
  END { exit bad }' "$ROWS"

# options ROW_OPTIONS: the command-line words of a row ({tmp} filled in, "-" for none).
options () { [ "$1" = - ] || printf '%s\n' "${1//\{tmp\}/$TEST_TMP}"; }

# cause_of OUTPUT: the cause id in brackets at the end of the status line.
cause_of () {
  printf '%s\n' "$1" | head -n 1 | sed 's/ | .*//' | grep -Eo '\([a-z_]+\.[a-z_.]+\)$' | tr -d '()' \
    || echo "none"
}

# phase WHAT: the time the matrix took so far, for the log.
phase () { echo "note: $1 after ${SECONDS}s"; }

while IFS=$'\t' read -r id _ setup _; do setup_once "$setup"; done < "$ROWS"
phase "the faults were set up"

# Every role's traffic is captured while the single checks run.
roles=$(cut -f4 "$ROWS" | sort -u)
for role in $roles; do
  ns=$(role_ns "$role")
  if [ -n "$ns" ]; then
    wire=(ip netns exec "$ns" tcpdump --immediate-mode -B 16384 -i any -n -U -w "$OUTPUTS/$role.pcap" "tcp or icmp or icmp6")
  else
    wire=(tcpdump --immediate-mode -B 16384 -i lo -n -U -w "$OUTPUTS/$role.pcap" "tcp portrange 43000-43999")
  fi
  # shellcheck disable=SC2016 # expanded by sh -c
  sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$TEST_TMP/$role.tcpdump.pid" "${wire[@]}" \
    2> "$OUTPUTS/$role.tcpdump.err" &
  at_exit "kill \$(cat $TEST_TMP/$role.tcpdump.pid) 2>/dev/null"
  for _ in $(seq 100); do grep -q listening "$OUTPUTS/$role.tcpdump.err" && break; sleep 0.05; done
  grep -q listening "$OUTPUTS/$role.tcpdump.err" || skip "tcpdump: $(cat "$OUTPUTS/$role.tcpdump.err")"
done

declare -A SINGLE BULK CAPTURE
while IFS=$'\t' read -r id _ _ from host port opts _; do
  args=(-H "$host" -p "$port")
  envs=()
  for word in $(options "$opts"); do
    case $word in *=*) envs+=("$word") ;; *) args+=("$word") ;; esac
  done
  args+=(-v)
  for word in "${envs[@]}"; do export "${word?}"; done
  date -u +%Y-%m-%dT%H:%M:%S.%6NZ > "$OUTPUTS/$id.window"
  run_check_in "$(role_ns "$from")" "${args[@]}" < /dev/null
  date -u +%Y-%m-%dT%H:%M:%S.%6NZ >> "$OUTPUTS/$id.window"
  for word in "${envs[@]}"; do unset "${word%%=*}"; done
  [ "$RC" -ne 99 ] || fail "$id: the single check had memcheck errors: $OUT"
  SINGLE[$id]=$(cause_of "$OUT")
  printf '%s\n' "$OUT" > "$OUTPUTS/$id.out"
  command="${envs[*]}${envs[*]:+ }check_conn ${args[*]}"
  echo "${command//$TEST_TMP\//}" > "$OUTPUTS/$id.cmd"
done < "$ROWS"

phase "the single checks ended"
# tcpdump writes what its ring still holds until the file stops growing; then it stops.
for role in $roles; do
  for _ in $(seq 40); do
    size=$(stat -c %s "$OUTPUTS/$role.pcap")
    sleep 0.1
    [ "$(stat -c %s "$OUTPUTS/$role.pcap")" != "$size" ] || break
  done
  kill "$(cat "$TEST_TMP/$role.tcpdump.pid")"
  while kill -0 "$(cat "$TEST_TMP/$role.tcpdump.pid")" 2>/dev/null; do sleep 0.05; done
done

# environment OPTIONS: the VARIABLE=VALUE words of a row's options, for its environment.
environment () { options "$1" | tr ' ' '\n' | grep -E '^[A-Za-z_][A-Za-z0-9_]*=' | paste -sd' ' - || true; }

# bulk_config ROLE ENVIRONMENT: a config of the rows run from ROLE in ENVIRONMENT, a group
# of one endpoint each (a group lists an endpoint once), the row's options turned into
# the keys of the same name.
bulk_config () {
  local id from host port opts word key
  while IFS=$'\t' read -r id _ _ from host port opts _; do
    [ "$from" = "$1" ] && [ "$(environment "$opts")" = "$2" ] || continue
    printf '[group %s]\n[endpoint %s/endpoint]\nhost = %s\nport = %s\n' "$id" "$id" "$host" "$port"
    case " $(options "$opts" | paste -sd' ' -) " in
      *" --no-diagnose "*) echo "diagnose = false" ;;
      *) echo "diagnose = true" ;;
    esac
    key=""
    for word in $(options "$opts"); do
      case $key$word in
        *=* | --no-diagnose | --diagnose) ;;
        -t) key=timeout ;;
        -4) echo "family = ipv4" ;;
        -6) echo "family = ipv6" ;;
        --*) key=${word#--} ;;
        *) echo "$key = $word"; key="" ;;
      esac
    done
    echo
  done < "$ROWS"
}

# One bulk run per role and environment, side by side.
runs=0
bulk_pids=()
while IFS=$'\t' read -r role variables; do
  runs=$((runs + 1))
  config=$OUTPUTS/bulk$runs
  bulk_config "$role" "$variables" > "$config.ini"
  ns=$(role_ns "$role")
  prefix=()
  [ -z "$ns" ] || prefix=(ip netns exec "$ns")
  # shellcheck disable=SC2086 # the wrapper is a command line, the variables words
  timeout 60 "${prefix[@]}" env $variables $CHECK_CONN_WRAPPER "$CHECK_CONN" \
    --config "$config.ini" --format csv > "$config.csv" 2> "$config.err" &
  bulk_pids+=($!)
done < <(while IFS=$'\t' read -r _ _ _ from _ _ opts _; do
           printf '%s\t%s\n' "$from" "$(environment "$opts")"
         done < "$ROWS" | sort -u)
# Exit 99 is the memcheck wrapper's (make check-valgrind): errors in bulk, not a verdict.
for pid in "${bulk_pids[@]}"; do
  code=0
  wait "$pid" || code=$?
  [ "$code" -ne 99 ] || fail "a bulk run had memcheck errors: $(cat "$OUTPUTS"/bulk*.err)"
done
# group,name,host,port,protocol,state,cause,...: "ok" for an endpoint without a cause.
for run in $(seq "$runs"); do
  while IFS=, read -r group _ _ _ _ _ cause _; do
    BULK[$group]=${cause:-ok}
  done < <(tail -n +2 "$OUTPUTS/bulk$run.csv")
done
phase "the bulk runs ended"
# The capture's verdict for a row: the causes of the conversations to its port (and its
# address when it is one) that started while its single check ran; "ok" when none of
# them failed, "-" when the check left nothing on the wire. One --pcap run per capture.
for role in $roles; do
  code=0
  # shellcheck disable=SC2086 # the wrapper is a command line
  timeout 60 $CHECK_CONN_WRAPPER "$CHECK_CONN" --pcap "$OUTPUTS/$role.pcap" --pcap-format json \
    > "$OUTPUTS/$role.json" || code=$?
  [ "$code" -ne 99 ] || fail "check_conn --pcap $role.pcap had memcheck errors"
done
while IFS=$'\t' read -r id verdict; do
  CAPTURE[$id]=$verdict
done < <(python3 - "$ROWS" "$OUTPUTS" <<'PY'
import ipaddress, json, sys
rows, outputs = sys.argv[1], sys.argv[2]
def same(a, b):
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return True        # a name: any address of it
captures = {}
for line in open(rows):
    row, _, _, role, host, port = line.rstrip("\n").split("\t")[:6]
    if role not in captures:
        try:
            captures[role] = json.load(open("%s/%s.json" % (outputs, role)))["conversations"]
        except (OSError, ValueError, KeyError):
            captures[role] = []
    begin, end = open("%s/%s.window" % (outputs, row)).read().split()
    causes = {c.get("cause") or "ok" for c in captures[role]
              if c.get("server_port") == int(port) and same(c.get("server", ""), host)
              and begin <= c.get("start", "") <= end}
    print("%s\t%s" % (row, ",".join(sorted(causes - {"ok"})) or ("ok" if causes else "-")))
PY
)

phase "the captures were judged"
# The table, and one assertion per row and mode.
report=$TEST_TMP/report.txt
printf '%-32s %-28s %-28s %-28s\n' "fault (row id)" single bulk capture > "$report"
while IFS=$'\t' read -r id _ _ _ _ _ _ want_single want_bulk want_capture _; do
  line=$(printf '%-32s' "$id")
  for mode in single bulk capture; do
    case $mode in
      single) want=$want_single got=${SINGLE[$id]:-none} ;;
      bulk) want=$want_bulk got=${BULK[$id]:-none} ;;
      capture) want=$want_capture got=${CAPTURE[$id]:-none} ;;
    esac
    if [ "$got" = "$want" ]; then
      cell="$want"
      pass "$id, $mode: $want"
    else
      cell="$got (want $want)"
      fail "$id, $mode: $got, wanted $want"
      [ "$mode" != single ] || printf '%s\n' "$(cat "$OUTPUTS/$id.out")" | sed 's/^/    | /'
    fi
    line="$line $(printf '%-28s' "$cell")"
  done
  echo "$line" >> "$report"
done < "$ROWS"
echo
echo "The verdict matrix ($(wc -l < "$ROWS") faults; capture '-': nothing on the wire, ok: no failure there; tests/matrix/verdicts.tsv says why):"
cat "$report"

if [ -z "${MATRIX_ROWS:-}" ]; then
  if python3 "$MATRIX_DIR/readme_causes.py" --check "$top_srcdir/README.md" \
      "$top_srcdir/doc/causes.md" "$OUTPUTS"; then
    pass "README's cause sections are this run's outputs"
  else
    fail "README's cause sections differ from this run (regenerate: see tests/matrix/readme_causes.py)"
  fi
fi
finish
