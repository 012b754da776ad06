#!/usr/bin/env bash
# filterc test coverage: per condition TRUE/FALSE (branches) and UNKNOWN,
# per route whether an event was routed there; --coverage-threshold,
# --coverage-format json and lcov.
# usage: test_coverage_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
cat >cf.yaml <<'YAML'
filters:
  - id: loans
    name: Loans
    consumerId: c
    enabled: true
    outputTopic: loans-out
    conditions:
      - field: event_type
        operator: equals
        value: LoanCreated
      - field: __op
        operator: equals
        value: c
  - id: cars
    name: Cars
    consumerId: c
    enabled: true
    outputTopics:
      - topic: cars-new
        condition: {field: __op, operator: equals, value: c}
      - topic: cars-gone
        condition: {field: __op, operator: equals, value: d}
    conditions:
      - {field: event_type, operator: equals, value: CarCreated}
YAML
cat >cf.test.yaml <<'YAML'
filters: cf.yaml
cases:
  - name: loan insert
    events: [{id: a, event_type: LoanCreated, __op: c}]
    topics: [loans-out]
  - name: loan without op
    events: [{id: b, event_type: LoanCreated}]
    topics: []
YAML

"$filterc" test --coverage cf.test.yaml >out || fail "text coverage run: $(cat out)"
grep -qF '  branches: 6 of 12 TRUE/FALSE outcomes reached (50.0%)' out || fail "branches: $(cat out)"
grep -qF '  UNKNOWN:  4 of 6 conditions were UNKNOWN at least once' out || fail "unknown: $(cat out)"
grep -qF '  routes:   1 of 3 routed at least one event' out || fail "routes: $(cat out)"
grep -qF '    never routed: cars-gone (filter cars, line 21)' out || fail "never routed"
grep -qE '^    T \. U    11:9     __op equals .c.$' out || fail "condition line: $(cat out)"

# Threshold: 50% passes 50, fails 50.1 (exit 1, with the figures).
"$filterc" test --coverage-threshold 50 cf.test.yaml >/dev/null 2>err || fail "threshold 50: $(cat err)"
"$filterc" test --coverage-threshold 50.1 cf.test.yaml >/dev/null 2>err
[ $? = 1 ] || fail "threshold 50.1 must exit 1"
grep -qF 'cf.test.yaml: branch coverage of ./cf.yaml is 50.0%, below --coverage-threshold 50.1' err ||
  fail "threshold message: $(cat err)"
"$filterc" test --coverage-threshold 101 cf.test.yaml >/dev/null 2>&1
[ $? = 2 ] || fail "threshold 101 must be a usage error"

# A third case reaches everything that is left.
cat >>cf.test.yaml <<'YAML'
  - name: cars
    events:
      - {id: c, event_type: CarCreated, __op: c}
      - {id: d, event_type: CarCreated, __op: d}
      - {id: e, event_type: X, __op: u}
    must_not_reach: [loans-out]
YAML
"$filterc" test --coverage-threshold 100 cf.test.yaml >out 2>err || fail "full coverage: $(cat out err)"
grep -qF 'branches: 12 of 12' out || fail "full: $(cat out)"

# JSON coverage (to a file) beside JUnit results on stdout.
"$filterc" test --format junit --coverage-format json --coverage-output cov.json cf.test.yaml >res.xml ||
  fail "junit + json coverage"
grep -q '<testsuites' res.xml || fail "junit on stdout"
python3 - <<'PY' || fail "json coverage"
import json
c = json.load(open("cov.json"))["coverage"][0]
assert c["summary"]["branches"] == {"reached": 12, "total": 12, "percent": 100.0}, c["summary"]
assert c["summary"]["routes"] == {"reached": 3, "total": 3}, c["summary"]
op = [x for x in c["conditions"] if x["line"] == 11][0]
assert (op["true"], op["false"], op["unknown"]) == (2, 2, 1), op
assert [r["routed"] for r in c["routes"]] == [1, 1, 1], c["routes"]
PY
"$filterc" test --format json --coverage-format lcov cf.test.yaml >/dev/null 2>&1
[ $? = 2 ] || fail "results and coverage both on stdout must be a usage error"

# lcov: branches per condition line, a function per route, consistent totals.
"$filterc" test --coverage-format lcov --coverage-output cov.info --run 'loan*' cf.test.yaml >/dev/null ||
  fail "lcov run"
python3 - <<'PY' || fail "lcov: $(cat cov.info)"
lines = open("cov.info").read().split("\n")
assert lines[:2] == ["TN:", "SF:./cf.yaml"], lines[:2]
assert lines[-2:] == ["end_of_record", ""], lines[-2:]
brda = [l[5:].split(",") for l in lines if l.startswith("BRDA:")]
assert len(brda) == 12
hit = sum(1 for b in brda if b[3] not in ("-", "0"))
assert "BRF:12" in lines and "BRH:%d" % hit in lines and hit == 6, (hit, lines)
assert "FN:21,cars/cars-gone" in lines and "FNDA:0,cars/cars-gone" in lines
assert "FNF:3" in lines and "FNH:1" in lines
assert {b[0] for b in brda} == {"8", "11", "20", "22", "24"}
da = [l for l in lines if l.startswith("DA:")]
assert da == sorted(da, key=lambda l: int(l[3:].split(",")[0])), da
PY
if command -v lcov >/dev/null; then
  lcov --summary cov.info --rc lcov_branch_coverage=1 >lcov.out 2>&1 || fail "lcov rejects: $(cat lcov.out)"
fi
echo ok
