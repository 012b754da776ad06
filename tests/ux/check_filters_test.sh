#!/usr/bin/env bash
# ci/check-filters on a copy of the shipped filters: passes as shipped, and
# each kind of failure exits non-zero with its reason as the last line;
# then on a user's layout (filters at a path given on the command line, no
# templates or schema of their own), and the hook mode's file selection.
# usage: check_filters_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
export FILTERC=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() { # run EXPECTED_STATUS LAST_LINE_PATTERN NAME [ARGS...]
  local want=$1 pattern=$2 name=$3
  shift 3
  "$root/ci/check-filters" --root "$tmp/t" "$@" >"$tmp/out" 2>&1
  local rc=$? last
  last=$(tail -n 1 "$tmp/out")
  if [ "$rc" = "$want" ] && [[ $last =~ $pattern ]]; then
    echo "ok: $name"
  else
    echo "FAIL: $name (exit $rc, last line: $last)"
    fail=1
  fi
}
has() { # has NAME PATTERN: the last run's output matches
  if grep -qE -- "$2" "$tmp/out"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
hasnt() {
  if grep -qE -- "$2" "$tmp/out"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}
fresh() { rm -rf "$tmp/t"; mkdir -p "$tmp/t"; cp -r "$root/filters" "$root/templates" "$tmp/t/"; }

fresh
run 0 '^check-filters: ok$' "shipped filters pass"
has "the shipped tests ran" 'passed'
sed -i '0,/value: c$/s//value: C/' "$tmp/t/filters/filters.yaml"
run 1 'FAILED: filters/filters.yaml does not validate \(variant normal\)' "invalid filter"
has "invalid filter: the diagnostic is shown" 'bad-enum-value'
hasnt "invalid filter: no stale-SQL advice" 'stale|filterc generate'
fresh
echo '-- edited' >>"$tmp/t/filters/routing-generated-no-op.sql"
run 1 "FAILED: filters/filters.yaml: generated SQL is stale: run 'filterc generate filters/filters.yaml'" \
  "stale generated SQL"
has "the stale file is named" 'filters/routing-generated-no-op.sql is stale'
fresh
sed -i '0,/topics: \[filtered-loan-created-events\]/s//topics: [elsewhere]/' \
  "$tmp/t/filters/filters.test.yaml"
run 1 'FAILED: filter tests failed' "failing filter test"
fresh
echo '-- edited' >>"$tmp/t/templates/common/header.sql.tpl"
mkdir -p "$tmp/t/validator/schema"
cp "$root/validator/schema/raw-business-events.yaml" "$tmp/t/validator/schema/"
run 1 'FAILED: .* generated SQL is stale' "a template change makes the SQL stale (filterc's own tree)"
fresh
rm "$tmp/t/filters/filters.yaml"
run 2 'FAILED: no filters file filters/filters.yaml' "missing filters file"
"$root/ci/check-filters" --bogus >"$tmp/out" 2>&1
[ $? = 2 ] && echo "ok: usage error is exit 2" || { echo "FAIL: usage error"; fail=1; }

# A user's layout: routing/prod.yaml, declaring one output, with its test
# file beside it; no templates/ or validator/ of their own.
user() {
  rm -rf "$tmp/t"
  mkdir -p "$tmp/t/routing/sql"
  sed -n '/^filters:/,$p' "$root/filters/filters.yaml" >"$tmp/t/routing/body"
  { printf 'outputs:\n  - {path: sql/prod.sql, target: flink}\n'; cat "$tmp/t/routing/body"; } \
    >"$tmp/t/routing/prod.yaml"
  rm "$tmp/t/routing/body"
  cp "$root/filters/samples.jsonl" "$tmp/t/routing/"
  sed 's/^filters: filters.yaml/filters: prod.yaml/' "$root/filters/filters.test.yaml" \
    >"$tmp/t/routing/prod.test.yaml"
  # a test file of another filters file in the same directory: not run
  printf 'filters: other.yaml\ncases: []\n' >"$tmp/t/routing/other.test.yaml"
  (cd "$tmp/t" && "$FILTERC" generate routing/prod.yaml 2>/dev/null)
}
user
run 2 'FAILED: no filters file filters/filters.yaml' "a user's repository: the default path is missing"
run 0 '^check-filters: ok$' "a user's repository: the path given" routing/prod.yaml
has "its test file was found and run" 'prod.test.yaml'
hasnt "another filters file's test is not run" 'other.test.yaml'
sed -i 's/description: CarCreated events, inserts only/description: edited/' "$tmp/t/routing/prod.yaml"
run 1 "FAILED: routing/prod.yaml: generated SQL is stale: run 'filterc generate routing/prod.yaml' and commit the result$" \
  "a user's repository: stale SQL names the command for their file" routing/prod.yaml
(cd "$tmp/t" && "$FILTERC" generate routing/prod.yaml 2>/dev/null)
run 0 '^check-filters: ok$' "a user's repository: after the advised command" routing/prod.yaml
# a no-op output of a file with an unmarked __op condition: the no-op
# variant is validated because an output uses it
sed -i 's|target: flink}|target: flink}\n  - {path: sql/no-op.sql, target: confluent, variant: no-op}|' \
  "$tmp/t/routing/prod.yaml"
sed -i '0,/        variant: normal # no-op sources.*$/s///' "$tmp/t/routing/prod.yaml"
run 1 'FAILED: routing/prod.yaml does not validate \(variant no-op\)' \
  "a declared no-op output: the no-op variant is validated" routing/prod.yaml
has "the no-op diagnostic is shown" 'no-op-metadata'

# a filters file that declares no outputs: nothing to compare, not a failure
sed -i '/^outputs:/,/^filters:/{/^filters:/!d}' "$tmp/t/routing/prod.yaml"
run 0 '^check-filters: ok$' "no declared outputs: passes" --steps sql routing/prod.yaml
has "no declared outputs: said so" 'routing/prod.yaml declares no outputs'

# --hook: the files a commit changed
user
run 0 'ok \(no filters or test files' "hook: unrelated files are skipped" --hook README.md .pre-commit-config.yaml
printf 'repos: []\n' >"$tmp/t/.pre-commit-config.yaml"
run 0 'ok \(no filters or test files' "hook: other YAML is skipped" --hook .pre-commit-config.yaml
run 0 '^check-filters: ok$' "hook: a filters file" --hook routing/prod.yaml
echo '-- hand edit' >>"$tmp/t/routing/sql/prod.sql"
run 1 "generated SQL is stale" "hook: a hand-edited generated file checks its filters file" \
  --hook --steps sql routing/sql/prod.sql
user
sed -i '0,/topics: \[filtered-loan-created-events\]/s//topics: [elsewhere]/' \
  "$tmp/t/routing/prod.test.yaml"
run 1 'FAILED: filter tests failed' "hook: a changed test file is run" --hook --steps test routing/prod.test.yaml
run 0 '^check-filters: ok$' "hook: validate does not run tests" --hook --steps validate \
  routing/prod.test.yaml routing/prod.yaml

# filterc missing: one line saying how to install it (the script copied
# out of this checkout, whose build/filterc it would otherwise fall back to)
mkdir -p "$tmp/bin" "$tmp/copy/ci"
cp "$root/ci/check-filters" "$tmp/copy/ci/"
for tool in bash dirname sed cat grep realpath awk cut head; do
  ln -sf "$(command -v $tool)" "$tmp/bin/$tool"
done
(unset FILTERC; PATH=$tmp/bin "$tmp/bin/bash" "$tmp/copy/ci/check-filters" --root "$tmp/t" \
  routing/prod.yaml) >"$tmp/out" 2>&1
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q 'filterc not found: install it' "$tmp/out"; then
  echo "ok: filterc missing: one line saying how to install it"
else
  echo "FAIL: filterc missing (exit $rc): $(cat "$tmp/out")"
  fail=1
fi
exit "$fail"
