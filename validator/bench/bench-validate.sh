#!/usr/bin/env bash
# Times `filterc validate` on the shipped filters and on a generated file of
# 10,000 filters, with peak memory, next to a peer that does strictly less
# (PyYAML's libyaml-backed loader, which only builds the YAML tree).
# Usage: validator/bench/bench-validate.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
filterc=$build/filterc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/validator/bench/make-filters.py" 10000 >"$tmp/filters-10k.yaml"

# best wall time (ms) and peak RSS (MB) of a command over $runs runs
measure() {
  local best_ms="" rss_kb=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
    read -r secs kb <"$tmp/time"
    ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
    [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ] && best_ms=$ms
    [ "$kb" -gt "$rss_kb" ] && rss_kb=$kb
  done
  echo "$best_ms $rss_kb"
}

printf "%-34s %10s %10s %12s\n" "case" "size" "wall ms" "peak RSS MB"
for f in "$root/filters/filters.yaml" "$tmp/filters-10k.yaml"; do
  size=$(stat -c %s "$f")
  read -r ms kb < <(measure "$filterc" validate "$f")
  printf "%-34s %10s %10s %12.1f\n" "filterc validate $(basename "$f")" "$size" "$ms" \
    "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
  if python3 -c "import yaml; yaml.CSafeLoader" 2>/dev/null; then
    read -r pms pkb < <(measure python3 -c \
      "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)" "$f")
    printf "%-34s %10s %10s %12.1f\n" "peer: PyYAML CSafeLoader (parse only)" "$size" \
      "$pms" "$(awk -v k="$pkb" 'BEGIN { print k / 1024 }')"
    awk -v a="$ms" -v b="$pms" 'BEGIN { if (a > 0) printf "  ratio peer/filterc: %.1fx\n", b / a;
                                       else print "  ratio: filterc under 1 ms" }'
  fi
done
