#!/bin/bash
# Generates a 100,000-event dirty corpus and routes it with --cross-check
# through every example filter file: the native evaluator and the SQLite
# translation must agree on every event and route.
set -euo pipefail
filterc=$1 gen=$2 root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$gen" --count 100000 --seed 7 --dirty 0.3 -o "$tmp/corpus.jsonl"
status=0
for f in "$root/tests/runtime/data/all-operators.yaml" "$root/examples/all-operators.yaml" \
         "$root/filters/filters.yaml"; do
  for variant in normal no-op; do
    [ "$variant" = no-op ] && [ "$(basename "$f")" != filters.yaml ] && continue
    if ! "$filterc" route --cross-check --format count --variant "$variant" "$f" \
         "$tmp/corpus.jsonl" 2>"$tmp/log"; then
      echo "FAIL: $f ($variant)"; grep -v 'malformed line' "$tmp/log" | head -40; status=1
    fi
    summary=$(grep 'cross-check:' "$tmp/log")
    echo "$f ($variant): $summary"
    events=$(echo "$summary" | sed -E 's/.*cross-check: ([0-9]+) events.*/\1/')
    [ "$events" -ge 90000 ] || { echo "too few events cross-checked: $events"; status=1; }
    echo "$summary" | grep -q ' 0 disagreements' || status=1
  done
done
exit $status
