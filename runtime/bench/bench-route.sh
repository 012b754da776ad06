#!/bin/bash
# Benchmark of `filterc route` against jq doing the same selection, on a
# generated corpus of raw-business-events messages.
#
#   runtime/bench/bench-route.sh [COUNT] [DIR]     (default 1000000, /tmp/filterc-bench)
#
# Builds build/filterc if needed, generates COUNT clean messages (about
# 690 bytes each) into DIR once, then for a flat-column filter (event_type
# and __op) and a nested one (JSON_VALUE on a number in event_data) times:
#   jq        jq -cR 'fromjson? | select(...)'   (skips malformed lines too)
#   count     filterc route --format count       (null sink)
#   sqlite    filterc route --format sqlite      (one transaction)
# and prints events/s, MB/s, peak RSS and the speed-up over jq. The routed
# counts of filterc and jq must be equal. A second, 10x smaller corpus
# shows that peak memory does not grow with the input.
set -euo pipefail
count=${1:-1000000}
dir=${2:-/tmp/filterc-bench}
root=$(cd "$(dirname "$0")/../.." && pwd)
filterc=$root/build/filterc
[ -x "$filterc" ] || { (cd "$root" && { [ -d build ] || meson setup build; } && ninja -C build); }
mkdir -p "$dir"
corpus=$dir/events-$count.jsonl
small=$dir/events-$((count / 10)).jsonl
for f in "$corpus:$count" "$small:$((count / 10))"; do
  path=${f%%:*} n=${f##*:}
  [ -s "$path" ] || python3 "$root/tests/runtime/gen_events.py" --count "$n" --seed 1 \
                      --dirty 0 -o "$path"
done
bytes=$(stat -c %s "$corpus")

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

# measure NAME CMD...: runs CMD with stdout to $dir/out, sets SECS and RSS_KB
measure() {
  /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >"$dir/out" 2>/dev/null
  read -r SECS RSS_KB <"$dir/time"
}

row() { # label secs rss jq_secs
  awk -v l="$1" -v s="$2" -v r="$3" -v j="$4" -v n="$count" -v b="$bytes" 'BEGIN {
    printf "  %-22s %8.2f s %12.0f ev/s %8.0f MB/s %8.1f MB RSS %7.1fx jq\n",
           l, s, n / s, b / 1e6 / s, r / 1024, j / s }'
}

routed() { # topic count from the summary of a run to stderr
  "$filterc" route --format count "$1" "$2" 2>&1 | awk -v t="$3" '$1 == t { print $2 }'
}

echo "corpus: $corpus ($count events, $((bytes / 1000000)) MB)"
for kind in flat nested; do
  filters=$dir/$kind.yaml
  jqprog=jq_$kind
  echo "$kind filter:"
  measure jq -cR "${!jqprog}" "$corpus"
  jq_secs=$SECS jq_rss=$RSS_KB
  jq_count=$(wc -l <"$dir/out")
  row "jq" "$jq_secs" "$jq_rss" "$jq_secs"
  measure "$filterc" route --quiet --format count "$filters" "$corpus"
  row "filterc route (count)" "$SECS" "$RSS_KB" "$jq_secs"
  measure "$filterc" route --quiet --format sqlite -o "$dir/routed.db" "$filters" "$corpus"
  row "filterc route (sqlite)" "$SECS" "$RSS_KB" "$jq_secs"
  fc=$(routed "$filters" "$corpus" "bench-$kind")
  echo "  routed events: filterc $fc, jq $jq_count$([ "$fc" = "$jq_count" ] && echo ' (equal)' || echo ' (DIFFERENT)')"
  measure "$filterc" route --quiet --format count "$filters" "$small"
  echo "  peak RSS on a 10x smaller corpus (count): $((RSS_KB / 1024)) MB"
done
