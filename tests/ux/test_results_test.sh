#!/usr/bin/env bash
# filterc test --format junit|json, --run and -o: the JUnit output is
# validated against the Jenkins xunit plugin's published schema
# (junit/junit-10.xsd) with xmllint; JSON is parsed and checked.
# usage: test_results_test.sh FILTERC SOURCE_ROOT
# Skipped (exit 77) without xmllint (Debian libxml2-utils); under CI=true
# that is a failure instead.
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
xsd=$root/tests/ux/junit/junit-10.xsd
if ! command -v xmllint >/dev/null; then
  echo "skip: xmllint missing (apt-get install libxml2-utils)"
  [ "${CI:-}" = true ] && exit 1 # under CI a skip is a failure
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
valid() { xmllint --noout --schema "$xsd" "$1" 2>"$tmp/xmllint.err" ||
  fail "$1 does not validate: $(cat "$tmp/xmllint.err")"; }

# The shipped test files: every case a passing testcase.
"$filterc" test --format junit "$root"/filters/*.test.yaml "$root"/examples/*.test.yaml \
  >"$tmp/shipped.xml" || fail "shipped test files (junit)"
valid "$tmp/shipped.xml"
cases=$("$filterc" test "$root"/filters/*.test.yaml "$root"/examples/*.test.yaml |
  sed -n 's/^\([0-9]*\) cases:.*/\1/p')
n=$(grep -c '<testcase ' "$tmp/shipped.xml")
[ "$n" = "$cases" ] && [ "$n" -gt 10 ] || fail "$n testcases for $cases cases"
grep -q '<failure' "$tmp/shipped.xml" && fail "a shipped case failed"
# -q: passing files print nothing, in text; JUnit is unaffected
[ -z "$("$filterc" test -q "$root"/filters/*.test.yaml)" ] || fail "-q printed on success"
"$filterc" test -q --format junit "$root"/filters/*.test.yaml | grep -q '<testsuites' ||
  fail "-q --format junit wrote no report"

# Failures: names and details that need escaping, invalid UTF-8 in an event
# file, a control character; the failure holds the diff and the trace.
printf '%s\n' '{"id":"x","event_type":"LoanCreated","__op":"\u0001","saved_date":"'$'\xff''"}' \
  >"$tmp/bad-utf8.jsonl"
cat >"$tmp/fail.test.yaml" <<YAML
filters: $root/filters/filters.yaml
cases:
  - name: wrong <on> "purpose" & 'co'
    events: [{id: w, event_type: LoanCreated}]
    topics: [filtered-loan-created-events]
  - name: right
    events: [{id: r, event_type: LoanCreated, __op: c}]
    topics: [filtered-loan-created-events]
  - name: bytes
    events: {file: bad-utf8.jsonl}
    must_reach: [filtered-loan-created-events]
YAML
"$filterc" test --format junit -o "$tmp/fail.xml" "$tmp/fail.test.yaml" >"$tmp/stdout"
[ $? = 1 ] || fail "a failing case must exit 1 with --format junit"
[ -s "$tmp/stdout" ] && fail "-o FILE still wrote to stdout"
valid "$tmp/fail.xml"
[ "$(grep -c '<failure' "$tmp/fail.xml")" = 2 ] || fail "expected 2 failures"
grep -q 'name="wrong &lt;on&gt; &quot;purpose&quot; &amp; '"'co'"'"' "$tmp/fail.xml" ||
  fail "case name not escaped"
grep -q -- '- filtered-loan-created-events (expected, not reached)' "$tmp/fail.xml" ||
  fail "no expected/actual diff in the failure"
grep -q "UNKNOWN __op equals 'c'" "$tmp/fail.xml" || fail "no trace in the failure"
grep -q 'failures="2"' "$tmp/fail.xml" || fail "testsuite failure count"

# A test file with errors is a testcase with an <error> holding them.
cat >"$tmp/typo.test.yaml" <<YAML
filters: $root/filters/filters.yaml
cases:
  - events: [{id: e1}]
    must_not_rech: [loans-created]
YAML
"$filterc" test --format junit "$tmp/typo.test.yaml" >"$tmp/typo.xml" 2>/dev/null
[ $? = 1 ] || fail "a test file with errors must exit 1"
valid "$tmp/typo.xml"
grep -q '<error type="invalid-test-file"' "$tmp/typo.xml" || fail "no <error>"
grep -q "unknown key 'must_not_rech'" "$tmp/typo.xml" || fail "diagnostic not in <error>"

# The validation can fail: a testcase without its required name.
printf '<testsuites><testsuite name="x" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>\n' \
  >"$tmp/broken.xml"
xmllint --noout --schema "$xsd" "$tmp/broken.xml" 2>/dev/null &&
  fail "the schema check accepts a testcase without a name"

# JSON results.
"$filterc" test --format json "$tmp/fail.test.yaml" >"$tmp/fail.json"
[ $? = 1 ] || fail "json: a failing case must exit 1"
python3 - "$tmp/fail.json" <<'PY' || fail "json results"
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["passed"], r["failed"], r["file_errors"]) == (1, 2, 0), r
cases = r["files"][0]["cases"]
assert [c["status"] for c in cases] == ["fail", "pass", "fail"], cases
assert "expected, not reached" in cases[0]["details"], cases[0]
assert cases[0]["location"].endswith("fail.test.yaml:3:5"), cases[0]["location"]
assert "details" not in cases[1]
PY

# --run selects cases by shell pattern; no match is a usage error.
"$filterc" test --run 'rig*' "$tmp/fail.test.yaml" >"$tmp/run.out" || fail "--run 'rig*' failed"
grep -q '1 case: 1 passed' "$tmp/run.out" || fail "--run ran: $(cat "$tmp/run.out")"
grep -q 'wrong' "$tmp/run.out" && fail "--run ran an unselected case"
"$filterc" test --run 'nothing*' "$tmp/fail.test.yaml" >/dev/null 2>"$tmp/run.err"
[ $? = 2 ] || fail "--run matching nothing must exit 2"
grep -q "no case matches --run 'nothing\*'" "$tmp/run.err" || fail "--run message"
"$filterc" test --format xml "$tmp/fail.test.yaml" >/dev/null 2>&1
[ $? = 2 ] || fail "--format xml must be a usage error"
echo ok
