#!/bin/bash
# Benchmark of `filterc route` against the strongest peer, DuckDB, and
# against jq, on a generated corpus of raw-business-events messages.
#
#   runtime/bench/bench-route.sh [--count N] [--dir DIR]
#                                 (default 1000000 events in /tmp/filterc-bench;
#                                  --count 50000 for a quick run)
#
# Builds build/filterc if needed, installs the peers (runtime/bench/setup.sh:
# DuckDB through npm @duckdb/node-api, the simdjson On-Demand floor),
# generates COUNT clean messages (about 700 bytes each) into DIR once, then
# for a flat-column filter (event_type and __op) and a nested one (a number
# in event_data) prints, per tool, output and thread count: wall seconds,
# events/s, MB/s, peak RSS and the ratios to DuckDB at the same thread count
# and to jq (filterc's speed over the peer's: above 1 is faster).
#   filterc   the whole process (start-up, compile, read, evaluate, write)
#   duckdb    query time only, measured inside the process (start-up and
#             connection excluded: the figure favours DuckDB)
#   jq        the whole process, one thread
#   floor     simdjson On-Demand over the whole file in one buffer, flat
#             filter, one thread, compute only (file already in memory)
# Then filterc alone on the examples file (many routes and JSON paths).
# The routed counts of filterc, DuckDB and jq must be equal; a second, 10x
# smaller corpus shows that peak memory does not grow with the input.
# Figures depend on the machine being otherwise idle.
set -euo pipefail
count=1000000
dir=/tmp/filterc-bench
while [ $# -gt 0 ]; do
  case $1 in
    --count) count=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    [0-9]*) count=$1; shift ;; # the former positional form: COUNT [DIR]
    *) [ -d "$1" ] || [ ! -e "$1" ] || { echo "usage: $0 [--count N] [--dir DIR]" >&2; exit 2; }
       dir=$1; shift ;;
  esac
done
[ "$count" -ge 10 ] 2>/dev/null || { echo "bench-route: --count needs a number >= 10" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
filterc=$root/build/filterc
[ -x "$filterc" ] || { (cd "$root" && { [ -d build ] || meson setup build; } && ninja -C build); }
bash "$here/setup.sh"
mkdir -p "$dir"
corpus=$dir/events-$count.jsonl
small=$dir/events-$((count / 10)).jsonl
for f in "$corpus:$count" "$small:$((count / 10))"; do
  path=${f%%:*} n=${f##*:}
  [ -s "$path" ] || python3 "$root/tests/runtime/gen_events.py" --count "$n" --seed 1 \
                      --dirty 0 -o "$path"
done
bytes=$(stat -c %s "$corpus")
threads_supported=$("$filterc" route --help 2>&1 | grep -q -- '--threads' && echo yes || echo no)

cat > "$dir/flat.yaml" <<'YAML'
filters:
  - id: flat
    name: LoanCreated inserts
    consumerId: bench
    enabled: true
    outputTopic: bench-flat
    conditions:
      - {field: event_type, operator: equals, value: LoanCreated}
      - {field: __op, operator: equals, value: c}
YAML
cat > "$dir/nested.yaml" <<'YAML'
filters:
  - id: nested
    name: large loans
    consumerId: bench
    enabled: true
    outputTopic: bench-nested
    conditions:
      - {field: "eventBody.entities[0].updatedAttributes.loan.loanAmount", operator: greaterThan, value: 100000}
YAML
jq_flat='fromjson? | objects | select(.event_type == "LoanCreated" and .__op == "c")'
jq_nested='fromjson? | objects | select((.event_data | (fromjson? // null)
  | .eventBody.entities[0].updatedAttributes.loan.loanAmount?) as $a
  | ($a | type) == "number" and $a > 100000)'

# measure CMD...: runs CMD with stdout to $dir/out, sets SECS and RSS_KB
measure() {
  /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >"$dir/out" 2>/dev/null
  read -r SECS RSS_KB <"$dir/time"
}

row() { # label secs rss_kb [peer_secs peer_name]...
  awk -v l="$1" -v s="$2" -v r="$3" -v p="$4" -v pn="$5" -v q="${6:-}" -v qn="${7:-}" \
      -v n="$count" -v b="$bytes" 'BEGIN {
    if (s <= 0) s = 0.0001
    printf "  %-34s %7.3f s %11.0f ev/s %7.0f MB/s", l, s, n / s, b / 1e6 / s
    if (r > 0) printf " %8.1f MB RSS", r / 1024; else printf " %15s", "(in-process)"
    if (p != "") printf "  %6.2fx %s", p / s, pn
    if (q != "") printf "  %6.2fx %s", q / s, qn
    printf "\n" }'
}

routed() { # events routed to a topic, from a count run's summary
  "$filterc" route --format count "$1" "$2" 2>&1 | awk -v t="$3" '$1 == t { print $2 }'
}

echo "corpus: $corpus ($count events, $((bytes / 1000000)) MB); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
read -r floor_n floor_secs floor_mbs < <("$here/out/ondemand-floor" "$corpus")
echo "simdjson On-Demand floor (flat filter, 1 thread, in memory): ${floor_mbs} MB/s, $floor_n events"
for kind in flat nested; do
  filters=$dir/$kind.yaml
  jqprog=jq_$kind
  echo "$kind filter:"
  measure jq -cR "${!jqprog}" "$corpus"
  jq_secs=$SECS
  jq_count=$(wc -l <"$dir/out")
  row "jq (1 thread)" "$jq_secs" "$RSS_KB" "" ""
  for t in 1 2; do
    read -r duck_count duck_secs < <(node "$here/duckdb_route.mjs" "$corpus" "$kind" "$t")
    row "duckdb query, $t thread(s)" "$duck_secs" 0 "" ""
    read -r _ duck_jsonl_secs < <(node "$here/duckdb_route.mjs" "$corpus" "$kind" "$t" jsonl \
                                    "$dir/duck.jsonl")
    row "duckdb query to JSONL, $t thread(s)" "$duck_jsonl_secs" 0 "" ""
    topt=()
    [ "$threads_supported" = yes ] && topt=(--threads "$t")
    [ "$threads_supported" = no ] && [ "$t" = 2 ] && { echo "  (filterc has no --threads yet)"; continue; }
    measure "$filterc" route "${topt[@]}" --quiet --format count "$filters" "$corpus"
    row "filterc count, $t thread(s)" "$SECS" "$RSS_KB" "$duck_secs" "DuckDB" "$jq_secs" jq
    count_secs=$SECS
    rm -rf "$dir/routed"
    measure "$filterc" route "${topt[@]}" --quiet --format jsonl -o "$dir/routed" "$filters" "$corpus"
    row "filterc jsonl, $t thread(s)" "$SECS" "$RSS_KB" "$duck_jsonl_secs" "DuckDB" "$jq_secs" jq
    rm -f "$dir/routed.db"
    measure "$filterc" route "${topt[@]}" --quiet --format sqlite -o "$dir/routed.db" "$filters" "$corpus"
    row "filterc sqlite, $t thread(s)" "$SECS" "$RSS_KB" "$duck_secs" "DuckDB" "$jq_secs" jq
    awk -v c="$count_secs" -v s="$SECS" 'BEGIN { if (s <= 0) s = 0.0001
      printf "  %-34s %6.0f %% of the count throughput\n", "(sqlite)", 100 * c / s }'
  done
  fc=$(routed "$filters" "$corpus" "bench-$kind")
  same=$([ "$fc" = "$jq_count" ] && [ "$fc" = "$duck_count" ] && echo equal || echo DIFFERENT)
  echo "  routed events: filterc $fc, DuckDB $duck_count, jq $jq_count ($same)"
  measure "$filterc" route --quiet --format count "$filters" "$small"
  echo "  peak RSS on a 10x smaller corpus (count): $((RSS_KB / 1024)) MB"
done
# Many routes and paths: the examples file (29 conditions, 18 JSON paths
# in event_data, every operator), filterc alone (no peer query is written
# for it): event_data is walked once per event for all its paths.
echo "many paths (examples/all-operators.yaml):"
for t in 1 2; do
  topt=()
  [ "$threads_supported" = yes ] && topt=(--threads "$t")
  measure "$filterc" route "${topt[@]}" --quiet --format count "$root/examples/all-operators.yaml" "$corpus"
  row "filterc count, $t thread(s)" "$SECS" "$RSS_KB" "" ""
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
