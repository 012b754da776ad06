#!/usr/bin/env bash
# Times `filterc generate` on a generated file of 10,000 filters (the same
# generator as the validate benchmark, validator/bench/make-filters.py),
# for each target, with peak memory, against the floor: libyaml's event
# parser alone over the same file (generator/bench/yaml_floor.c, built here).
# Goal (issue 13): generate within 1.5x of that floor.
# Usage: generator/bench/bench-generate.sh [BUILD_DIR] [RUNS] [FILTERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
count=${3:-10000}
filterc=$build/filterc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/validator/bench/make-filters.py" "$count" >"$tmp/filters.yaml"

# best wall time (ms) and the largest peak RSS (KB) over $runs runs; GNU time
# when present, else Python's resource module (getrusage of the child)
measure() {
  local best_ms="" rss_kb=0 ms kb
  for _ in $(seq "$runs"); do
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>&1
      read -r secs kb <"$tmp/time"
      ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
    else
      read -r ms kb < <(python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
ms = (time.perf_counter() - t) * 1000
print("%d %d" % (ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
)
    fi
    [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ] && best_ms=$ms
    [ "$kb" -gt "$rss_kb" ] && rss_kb=$kb
  done
  echo "$best_ms $rss_kb"
}

cc -O2 -o "$tmp/yaml-floor" "$root/generator/bench/yaml_floor.c" $(pkg-config --cflags --libs yaml-0.1)
floor_ms=$("$tmp/yaml-floor" "$tmp/filters.yaml" "$runs" 2>/dev/null)
printf "%-48s %9s %12s %8s\n" "case ($count filters, best of $runs)" "wall ms" "peak RSS MB" "x floor"
printf "%-48s %9s %12s %8s\n" "libyaml parse only (the floor)" "$floor_ms" "-" "1.0"
for args in "validate" "generate --target confluent" "generate --target flink" \
  "generate --target confluent --separate-statements"; do
  # shellcheck disable=SC2086
  read -r ms kb < <(measure "$filterc" $args "$tmp/filters.yaml")
  printf "%-48s %9s %12.1f %8.1f\n" "filterc $args" "$ms" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" \
    "$(awk -v m="$ms" -v f="$floor_ms" 'BEGIN { print m / f }')"
done
# shellcheck disable=SC2086
"$filterc" generate --target confluent "$tmp/filters.yaml" 2>/dev/null | wc -c |
  awk '{ printf "output: %.1f MB of SQL\n", $1 / 1048576 }'
# Instructions, which a noisy host does not move (valgrind, when present):
# the floor parses once here, as generate does.
if command -v valgrind >/dev/null; then
  instructions() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      sed -n 's/.*I *refs: *//p' | tr -d ,
  }
  floor_ir=$(instructions "$tmp/yaml-floor" "$tmp/filters.yaml" 1)
  gen_ir=$(instructions "$filterc" generate --target flink -o "$tmp/out.sql" "$tmp/filters.yaml")
  awk -v f="$floor_ir" -v g="$gen_ir" 'BEGIN {
    printf "instructions: floor %.0f M, generate --target flink %.0f M (%.2fx)\n", f / 1e6, g / 1e6, g / f }'
fi
