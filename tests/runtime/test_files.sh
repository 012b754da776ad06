#!/bin/bash
# The shipped test files pass; a test file with a wrong expectation fails
# with exit 1 and shows the expected/actual difference and the trace.
set -uo pipefail
filterc=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$filterc" test --cross-check --coverage "$root"/filters/*.test.yaml "$root"/examples/*.test.yaml \
  || fail "shipped test files"
cat > "$tmp/wrong.test.yaml" <<YAML
filters: $root/filters/filters.yaml
cases:
  - name: wrong on purpose
    events: [{id: w, event_type: LoanCreated}]
    topics: [filtered-loan-created-events]
YAML
out=$("$filterc" test "$tmp/wrong.test.yaml"); rc=$?
[ $rc -eq 1 ] || fail "wrong expectation exits $rc, not 1"
echo "$out" | grep -q 'FAIL  wrong on purpose' || fail "no FAIL line"
echo "$out" | grep -q -- '- filtered-loan-created-events (expected, not reached)' || fail "no diff"
echo "$out" | grep -q "UNKNOWN __op equals 'c'" || fail "no trace: $out"
"$filterc" test "$tmp/missing.test.yaml" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing file is not exit 2"
# route: SQLite output with the summary table, JSONL output per topic
printf '%s\n' '{"id":"1","event_type":"LoanCreated","__op":"c"}' 'not json' \
  '{"id":"2","event_type":"CarCreated","__op":"c"}' > "$tmp/ev.jsonl"
"$filterc" route -o "$tmp/out.db" "$root/filters/filters.yaml" "$tmp/ev.jsonl" 2>"$tmp/err" \
  || fail "route to sqlite"
grep -q 'ev.jsonl:2: malformed line skipped' "$tmp/err" || fail "malformed line not reported"
n=$(sqlite3 "$tmp/out.db" 'select count(*) from "filtered-loan-created-events"' 2>/dev/null \
    || python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from \"filtered-loan-created-events\"').fetchone()[0])" "$tmp/out.db")
[ "$n" = 1 ] || fail "sqlite table has $n rows"
m=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count from filterc_summary where metric='malformed_lines'\").fetchone()[0])" "$tmp/out.db")
[ "$m" = 1 ] || fail "summary malformed_lines is $m"
"$filterc" route --format jsonl -o "$tmp/dir" --variant no-op "$root/filters/filters.yaml" "$tmp/ev.jsonl" 2>/dev/null \
  || fail "route to jsonl"
grep -q '"__op":"c","__table":"business_events"' "$tmp/dir/filtered-car-created-events.jsonl" \
  || fail "no-op output lacks __op/__table"
# --flink-version and settings: flink_version choose JSON_VALUE's float text
# (Double.toString up to 1.20, BigDecimal.toString from FLINK-35696, 2.x)
cat > "$tmp/fv.yaml" <<'YAML'
filters:
  - {id: f, name: f, consumerId: c, enabled: true, outputTopic: out,
     conditions: [{field: eventBody.x, operator: equals, value: '1E+5'}]}
YAML
printf '%s\n' '{"event_data":"{\"eventBody\":{\"x\":1e5}}"}' > "$tmp/fv.jsonl"
routed() { "$filterc" route --format count "$@" 2>&1 | awk '$1 == "out" {print $2}'; }
[ "$(routed --flink-version 1.19 "$tmp/fv.yaml" "$tmp/fv.jsonl")" = 0 ] || fail "1.19 renders 1e5 as 1E+5"
[ "$(routed --flink-version 2.0 "$tmp/fv.yaml" "$tmp/fv.jsonl")" = 1 ] || fail "2.0 does not render 1e5 as 1E+5"
"$filterc" route --format count --flink-version 3.0 "$tmp/fv.yaml" "$tmp/fv.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--flink-version 3.0 is not a usage error"
{ echo 'settings: {flink_version: "2.1"}'; cat "$tmp/fv.yaml"; } > "$tmp/fv21.yaml"
[ "$(routed "$tmp/fv21.yaml" "$tmp/fv.jsonl")" = 1 ] || fail "settings: flink_version ignored"
{ echo 'settings: {flink_version: "9"}'; cat "$tmp/fv.yaml"; } > "$tmp/fv9.yaml"
"$filterc" route --format count "$tmp/fv9.yaml" "$tmp/fv.jsonl" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'fv9.yaml:1:.*flink_version' "$tmp/err" || fail "bad settings: flink_version: exit $rc"
# the version reaches every command's session, not only route's pipeline
fv_event=$(cat "$tmp/fv.jsonl")
"$filterc" explain --flink-version 2.0 "$tmp/fv.yaml" --filter f --event "$fv_event" \
  | grep -q 'routed to out: every condition is TRUE' || fail "explain ignores --flink-version 2.0"
"$filterc" explain --flink-version 1.19 "$tmp/fv.yaml" --filter f --event "$fv_event" \
  | grep -q "eventBody.x is '100000.0'" || fail "explain ignores --flink-version 1.19"
cat > "$tmp/fv.test.yaml" <<YAML
filters: $tmp/fv21.yaml
cases:
  - name: BigDecimal text from 2.x
    events: ['$fv_event']
    topics: [out]
YAML
"$filterc" test "$tmp/fv.test.yaml" >/dev/null || fail "test ignores settings: flink_version"
"$filterc" test --flink-version 1.19 "$tmp/fv.test.yaml" >/dev/null 2>&1
[ $? -eq 1 ] || fail "test ignores --flink-version 1.19"
echo ok
