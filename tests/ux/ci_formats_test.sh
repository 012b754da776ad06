#!/usr/bin/env bash
# --format github and --format sarif of `filterc validate`.
# usage: ci_formats_test.sh FILTERC SOURCE_ROOT
# The check against the SARIF JSON Schema is sarif_schema_test.sh.
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
check() { # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=1; fi
}

# A file name with ',' and ':' (property delimiters) and a message with
# '%' and a newline (data escapes), one error and one warning.
bad='odd, name:1.yaml'
printf '%s\n' 'filters:' '  - id: a' '    name: A' '    consumerId: c' \
  '    outputTopic: t1' '    enabled: true' '    conditions:' \
  '      - {field: __op, operator: equals, value: "c%\nd"}' \
  '      - {field: __ts_ms, operator: between, value: [1, 2]}' >"$bad"
cp "$root/filters/filters.yaml" good.yaml

"$filterc" validate --format github "$bad" >gh.out 2>gh.err
rc=$?
check "github: exit 1 on errors" test "$rc" = 1
check "github: nothing on stderr" test ! -s gh.err
check "github: error command, escaped properties and data" grep -qxF \
  "::error file=odd%2C name%3A1.yaml,line=8,col=48,title=bad-enum-value::'__op' is never 'c%25%0Ad'; it holds one of: c, u, d, r" gh.out
check "github: warning command with the hint after an escaped newline" grep -qE \
  '^::warning file=odd%2C name%3A1\.yaml,line=9,col=[0-9]+,title=legacy-between::.*%0Ahint: ' gh.out
check "github: one line per diagnostic" test "$(wc -l <gh.out)" = 2
"$filterc" validate --format github good.yaml >gh-good.out
check "github: clean file, exit 0 and no output" test $? = 0 -a ! -s gh-good.out
"$filterc" validate --format github --werror "$bad" >gh-werror.out
check "github: --werror turns the warning into ::error" \
  test "$(grep -c '^::error ' gh-werror.out)" = 2
"$filterc" validate --format yaml good.yaml 2>fmt.err
check "unknown format: exit 2" test $? = 2
check "unknown format: names the formats" grep -q 'text, json, github or sarif' fmt.err

"$filterc" validate --format sarif "$bad" good.yaml >out.sarif
rc=$?
check "sarif: exit 1 on errors" test "$rc" = 1
"$filterc" validate --format sarif good.yaml >clean.sarif
check "sarif: clean file, exit 0" test $? = 0
python3 - out.sarif clean.sarif <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0", log["version"]
run = log["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "filterc" and driver["version"], driver
rules = [r["id"] for r in driver["rules"]]
assert rules == ["bad-enum-value", "legacy-between"], rules
res = run["results"]
assert [(r["ruleId"], r["level"], r["ruleIndex"]) for r in res] == [
    ("bad-enum-value", "error", 0), ("legacy-between", "warning", 1)], res
loc = res[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "odd%2C%20name%3A1.yaml", loc
assert loc["region"] == {"startLine": 8, "startColumn": 48}, loc
assert "'c%\nd'" in res[0]["message"]["text"], res[0]["message"]
clean = json.load(open(sys.argv[2]))
assert clean["runs"][0]["results"] == [] and clean["runs"][0]["tool"]["driver"]["rules"] == []
print("ok: sarif: rules, results, levels, locations")
PY
[ $? = 0 ] || fail=1

exit "$fail"
