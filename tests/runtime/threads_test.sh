#!/bin/bash
# `filterc route --threads N` gives the same answer for every N: the same
# JSONL files (order included), the same SQLite tables, the same counts and
# the same malformed-line reports, on a dirty corpus with blank, malformed
# and over-long lines, and batches that end mid-corpus.
# usage: threads_test.sh FILTERC GEN_EVENTS SOURCE_ROOT
set -euo pipefail
filterc=$1 gen=$2 root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$gen" --count 40000 --seed 11 --dirty 0.3 -o "$tmp/corpus.jsonl"
printf '\n   \n{"event_type":"LoanCreated","__op":"c"}\n' >>"$tmp/corpus.jsonl"
filters=$root/examples/all-operators.yaml
status=0
# the summary's first line carries the elapsed time; everything else must match
strip_time() { sed -E 's/; [0-9.]+ s, [0-9]+ events\/s, [0-9]+ MB\/s$//' "$1"; }
for t in 1 2 3; do
  "$filterc" route --threads "$t" --format jsonl -o "$tmp/jsonl-$t" "$filters" \
    "$tmp/corpus.jsonl" 2>"$tmp/jsonl-$t.log"
  "$filterc" route --threads "$t" --format sqlite -o "$tmp/db-$t.db" "$filters" \
    "$tmp/corpus.jsonl" 2>/dev/null
  "$filterc" route --threads "$t" --cross-check --format count "$filters" \
    "$tmp/corpus.jsonl" 2>"$tmp/count-$t.log"
  sqlite3 "$tmp/db-$t.db" .dump | grep -v filterc_summary >"$tmp/db-$t.sql"
done
files=$(ls "$tmp/jsonl-1" | wc -l)
[ "$files" -gt 5 ] || { echo "FAIL: only $files topic files"; status=1; }
grep -q 'malformed line skipped' "$tmp/jsonl-1.log" ||
  { echo "FAIL: the corpus produced no malformed-line report"; status=1; }
for t in 2 3; do
  diff -r "$tmp/jsonl-1" "$tmp/jsonl-$t" >/dev/null ||
    { echo "FAIL: JSONL differs with --threads $t"; status=1; }
  cmp -s "$tmp/db-1.sql" "$tmp/db-$t.sql" ||
    { echo "FAIL: SQLite tables differ with --threads $t"; status=1; }
  diff <(strip_time "$tmp/jsonl-1.log") <(strip_time "$tmp/jsonl-$t.log") >/dev/null ||
    { echo "FAIL: reports differ with --threads $t"; status=1; }
  diff <(strip_time "$tmp/count-1.log") <(strip_time "$tmp/count-$t.log") >/dev/null ||
    { echo "FAIL: counts or cross-check differ with --threads $t"; status=1; }
done
grep -q ' 0 disagreements' "$tmp/count-2.log" || { echo "FAIL: cross-check disagreed"; status=1; }
[ $status = 0 ] && echo "ok: --threads 1, 2 and 3 agree on $files topics"
exit $status
