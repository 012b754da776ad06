#!/bin/bash
# route/test --target: the source decodes as the deployment's does. The
# flink target's json format nulls a field that does not convert
# ('json.ignore-parse-errors'); Confluent's json-registry rejects the record
# and 'error-handling.mode' decides its fate. Without --target: the one
# target the file's outputs/environments name, else flink.
set -uo pipefail
filterc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$tmp/f.yaml" <<'YAML'
filters:
  - id: no-ts
    name: routes events whose __ts_ms is NULL
    consumerId: t
    outputTopic: no-ts
    enabled: true
    conditions:
      - {field: __ts_ms, operator: isNull}
YAML
printf '%s\n' '{"id":"a","event_type":"X","__ts_ms":"abc"}' '{"id":"b","event_type":"X"}' \
  >"$tmp/e.jsonl"

truth() { "$filterc" route --quiet --format truth "$@" "$tmp/e.jsonl"; }
[ "$(truth "$tmp/f.yaml" | cut -f2 | paste -sd,)" = "T,T" ] ||
  fail "default (flink): a BIGINT that does not convert is NULL: $(truth "$tmp/f.yaml")"
[ "$(truth --target flink "$tmp/f.yaml" | cut -f2 | paste -sd,)" = "T,T" ] ||
  fail "--target flink"
[ "$(truth --target confluent "$tmp/f.yaml" | cut -f2 | paste -sd,)" = "MALFORMED,T" ] ||
  fail "--target confluent: json-registry rejects the record: $(truth --target confluent "$tmp/f.yaml")"

"$filterc" route --format count --target confluent "$tmp/f.yaml" "$tmp/e.jsonl" 2>"$tmp/err"
grep -q "column __ts_ms: the value does not convert to BIGINT" "$tmp/err" ||
  fail "the rejection names the column: $(cat "$tmp/err")"
grep -q "'error-handling.mode' = 'log') such a record goes to the dead-letter table" "$tmp/err" ||
  fail "the summary says what Confluent does with it: $(cat "$tmp/err")"
"$filterc" route --format count "$tmp/f.yaml" "$tmp/e.jsonl" 2>"$tmp/err"
grep -q "malformed lines:" "$tmp/err" && fail "flink target: nothing is malformed: $(cat "$tmp/err")"

# the file's own outputs name confluent only: that is the default
{ cat "$tmp/f.yaml"; printf 'outputs:\n  - {path: out.sql, target: confluent}\n'; } >"$tmp/c.yaml"
[ "$(truth "$tmp/c.yaml" | cut -f2 | paste -sd,)" = "MALFORMED,T" ] ||
  fail "outputs: confluent only: the default target is confluent: $(truth "$tmp/c.yaml" 2>&1)"
[ "$(truth --target flink "$tmp/c.yaml" | cut -f2 | paste -sd,)" = "T,T" ] ||
  fail "--target overrides the file"

"$filterc" route --target kafka "$tmp/f.yaml" "$tmp/e.jsonl" 2>"$tmp/err"
[ $? = 2 ] && grep -q "confluent or flink" "$tmp/err" || fail "a bad --target is a usage error"
for cmd in route test explain diff; do
  "$filterc" "$cmd" --help | grep -q -- "--target T" || fail "$cmd --help does not document --target"
done

# test: an expectation on a record json-registry rejects
cat >"$tmp/t.test.yaml" <<YAML
filters: f.yaml
cases:
  - name: a text __ts_ms
    events:
      - {id: a, event_type: X, __ts_ms: abc}
    must_reach: [no-ts]
YAML
"$filterc" test "$tmp/t.test.yaml" >"$tmp/out" 2>&1 || fail "test, flink target: $(cat "$tmp/out")"
"$filterc" test --target confluent "$tmp/t.test.yaml" >"$tmp/out" 2>&1 &&
  fail "test --target confluent passes a case json-registry rejects"
grep -q "json-registry" "$tmp/out" || fail "test --target confluent says why: $(cat "$tmp/out")"

[ $failures = 0 ] && echo "route --target: ok"
exit $((failures > 0))
