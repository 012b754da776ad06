#!/usr/bin/env bash
# End-to-end checks of `filterc validate` that the golden corpus cannot
# express: I/O errors, exit codes, rendering, --werror, several files.
set -u
filterc=$1
src=$2 # the source tree's tests/ directory
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() { # name, condition result
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1"; fi
}
run() { "$filterc" "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }

# A missing file and a directory are I/O errors: exit 2, named in the message.
rc=$(run validate "$tmp/missing.yaml")
check "missing file exits 2" $([ "$rc" = 2 ] && grep -q "missing.yaml: error: cannot open" "$tmp/err"; echo $?)
rc=$(run validate "$tmp")
check "directory exits 2" $([ "$rc" = 2 ] && grep -q "is a directory" "$tmp/err"; echo $?)

# A file over the size limit is refused before parsing, in bounded time.
head -c $((65 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$tmp/huge.yaml"
rc=$(run validate "$tmp/huge.yaml")
check "huge file exits 2" $([ "$rc" = 2 ] && grep -q "file-too-large" "$tmp/err"; echo $?)
rm -f "$tmp/huge.yaml"

# Usage errors exit 2.
rc=$(run validate)
check "no files is a usage error" $([ "$rc" = 2 ]; echo $?)
rc=$(run validate --variant sideways "$src/../filters/filters.yaml")
check "bad --variant is a usage error" $([ "$rc" = 2 ]; echo $?)
rc=$(run frobnicate)
check "unknown command exits 2" $([ "$rc" = 2 ]; echo $?)
rc=$(run --version)
check "--version prints the version" $([ "$rc" = 0 ] && grep -q "^filterc [0-9]" "$tmp/out"; echo $?)

# The shipped filters validate clean in both variants.
rc=$(run validate "$src/../filters/filters.yaml")
check "filters/filters.yaml is clean" $([ "$rc" = 0 ] && [ ! -s "$tmp/err" ]; echo $?)
rc=$(run validate --variant no-op "$src/../filters/filters.yaml")
check "filters/filters.yaml is clean in no-op" $([ "$rc" = 0 ]; echo $?)
rc=$(run validate "$src/../examples/all-operators.yaml")
check "examples validate without errors" $([ "$rc" = 0 ]; echo $?)

# The event body's schema (examples/business-event.avsc): every shipped file
# that uses the seeds' event shape still validates and its tests pass with it.
ev="$src/../examples/business-event.avsc"
for f in examples/all-operators.yaml filters/filters.yaml; do
  rc=$(run validate --event-schema "$ev" "$src/../$f")
  check "$f validates with --event-schema" $([ "$rc" = 0 ] && ! grep -q "error:" "$tmp/err"; echo $?)
done
# (all-operators.yaml uses __op, so only the filters apply to no-op)
rc=$(run validate --variant no-op --event-schema="$ev" "$src/../filters/filters.yaml")
check "filters.yaml validates with --event-schema in no-op" $([ "$rc" = 0 ]; echo $?)
for f in examples/all-operators.test.yaml filters/filters.test.yaml; do
  rc=$(run test --event-schema "$ev" "$src/../$f")
  check "$f passes with --event-schema" $([ "$rc" = 0 ] && grep -q " 0 failed" "$tmp/out"; echo $?)
done
rc=$(run generate --target flink --event-schema "$ev" -o "$tmp/ev.sql" "$src/../examples/all-operators.yaml")
check "a timestamp-millis path is read as BIGINT" $([ "$rc" = 0 ] && grep -q "TRY_CAST(JSON_VALUE(\`event_data\`, '\$.eventHeader.createdDate') AS BIGINT) >= 1704067200000" "$tmp/ev.sql"; echo $?)
# A typo under a closed record is an error with a suggestion.
printf 'filters:\n  - id: t\n    name: t\n    consumerId: c\n    outputTopic: o\n    enabled: true\n    conditions:\n      - {field: "eventBody.entites[0].entityId", operator: equals, value: x}\n' >"$tmp/typo.yaml"
rc=$(run validate --event-schema "$ev" "$tmp/typo.yaml")
check "event schema catches a typo" $([ "$rc" = 1 ] && grep -q "did you mean 'eventBody.entities\[0\].entityId'" "$tmp/err"; echo $?)
rc=$(run validate "$tmp/typo.yaml")
check "without it the typo validates (nothing is known)" $([ "$rc" = 0 ]; echo $?)
# The schema YAML's event_schema key, relative to the YAML file.
mkdir -p "$tmp/s/ev"
cp "$ev" "$tmp/s/ev/body.avsc"
{ cat "$src/../validator/schema/raw-business-events.yaml"; echo "event_schema: ev/body.avsc"; } >"$tmp/s/schema.yaml"
rc=$(run validate --schema "$tmp/s/schema.yaml" "$tmp/typo.yaml")
check "schema key event_schema is read relative to the schema" $([ "$rc" = 1 ] && grep -q "unknown-field" "$tmp/err"; echo $?)
# A broken event schema: exit 2, the file, line and column named.
printf '{"type": "record", "name": "E", "fields": [\n  {"name": "a", "type": "lnog"}]}\n' >"$tmp/bad.avsc"
rc=$(run validate --event-schema "$tmp/bad.avsc" "$tmp/typo.yaml")
check "a bad event schema names file:line:col" $([ "$rc" = 2 ] && grep -q "bad.avsc:2:25: error: unknown Avro type 'lnog'" "$tmp/err"; echo $?)
printf '{"type": "record",\n "fields": [}\n' >"$tmp/bad.avsc"
rc=$(run validate --event-schema "$tmp/bad.avsc" "$tmp/typo.yaml")
check "an event schema that is not JSON names the line" $([ "$rc" = 2 ] && grep -q "bad.avsc:2:[0-9]*: error: not a JSON schema file" "$tmp/err"; echo $?)
printf '\xef\xbb\xbf{"type": "record", "name": "E", "fields": [\n {"name": "eventBody", "type": "strin"}]}' >"$tmp/bom.avsc"
rc=$(run validate --event-schema "$tmp/bom.avsc" "$tmp/typo.yaml")
check "a byte order mark is skipped, positions still right" $([ "$rc" = 2 ] && grep -q "bom.avsc:2:32: error: unknown Avro type 'strin'" "$tmp/err"; echo $?)
for f in filters/filters.no-op.test.yaml; do
  rc=$(run test --event-schema "$ev" "$src/../$f")
  check "$f passes with --event-schema" $([ "$rc" = 0 ] && grep -q " 0 failed" "$tmp/out"; echo $?)
done
rc=$(run validate --event-schema "$tmp/none.avsc" "$tmp/typo.yaml")
check "a missing event schema exits 2" $([ "$rc" = 2 ] && grep -q "none.avsc" "$tmp/err"; echo $?)

# Text rendering: file:line:col, the quoted line and a caret under the column.
d="$src/diagnostics"
rc=$(run validate "$d/op-values.yaml")
check "text format names file, line, column and code" $(grep -q "op-values.yaml:13:16: error: '__op' is never 'C'; it holds one of: c, u, d, r \[bad-enum-value\]" "$tmp/err"; echo $?)
check "text format quotes the line" $(grep -q "^          value: C$" "$tmp/err"; echo $?)
check "text format puts the caret under the column" $(grep -q "^                 ^$" "$tmp/err"; echo $?)
check "text format gives the suggestion" $(grep -q "hint: did you mean 'c'?" "$tmp/err"; echo $?)
check "text format ends with a count" $(tail -1 "$tmp/err" | grep -q "^2 errors, 0 warnings$"; echo $?)

# --werror turns warnings into errors and the exit status with them.
rc=$(run validate "$d/unsatisfiable.yaml")
check "warnings alone exit 0" $([ "$rc" = 0 ]; echo $?)
rc=$(run validate --werror "$d/unsatisfiable.yaml")
check "--werror makes warnings fail" $([ "$rc" = 1 ] && grep -q "error: this condition" "$tmp/err"; echo $?)

# Several files: every problem of every file in one run, sorted by file.
rc=$(run validate --format json "$d/op-values.yaml" "$d/lists.yaml" "$d/status.yaml")
check "several files report together" $([ "$rc" = 1 ] && python3 -c "
import json,sys
r=json.load(open('$tmp/out'))
files=[d['file'].split('/')[-1] for d in r['diagnostics']]
assert files==sorted(files), files
assert set(files)=={'op-values.yaml','lists.yaml','status.yaml'}, files
assert r['errors']==sum(d['severity']=='error' for d in r['diagnostics'])
"; echo $?)

# Reading stops at NUL and invalid UTF-8 without crashing; the message names the byte.
rc=$(run validate "$d/invalid-utf8.yaml")
check "invalid UTF-8 names the byte" $([ "$rc" = 1 ] && grep -q "invalid UTF-8 byte 0xE9" "$tmp/err"; echo $?)

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
