#!/usr/bin/env bash
# ci/check-filters on a copy of the shipped filters: passes as shipped, and
# each kind of failure exits non-zero with its reason as the last line.
# usage: check_filters_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
export FILTERC=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() { # run EXPECTED_STATUS LAST_LINE_PATTERN NAME
  "$root/ci/check-filters" --root "$tmp/t" >"$tmp/out" 2>&1
  local rc=$? last
  last=$(tail -n 1 "$tmp/out")
  if [ "$rc" = "$1" ] && [[ $last =~ $2 ]]; then
    echo "ok: $3"
  else
    echo "FAIL: $3 (exit $rc, last line: $last)"
    fail=1
  fi
}
fresh() { rm -rf "$tmp/t"; mkdir -p "$tmp/t"; cp -r "$root/filters" "$root/templates" "$tmp/t/"; }

fresh
run 0 '^check-filters: ok$' "shipped filters pass"
sed -i '0,/value: c$/s//value: C/' "$tmp/t/filters/filters.yaml"
run 1 'FAILED: filters/filters.yaml does not validate' "invalid filter"
fresh
echo '-- edited' >>"$tmp/t/filters/routing-generated-no-op.sql"
run 1 'FAILED: filters/routing-generated-no-op.sql is stale' "stale generated SQL"
fresh
sed -i '0,/topics: \[filtered-loan-created-events\]/s//topics: [elsewhere]/' \
  "$tmp/t/filters/filters.test.yaml"
run 1 'FAILED: filter tests failed' "failing filter test"
fresh
echo '-- edited' >>"$tmp/t/templates/common/header.sql.tpl"
run 1 'FAILED: .* is stale' "a template change makes the SQL stale"
fresh
rm "$tmp/t/filters/filters.yaml"
run 2 'FAILED: no filters/filters.yaml' "missing filters file"
"$root/ci/check-filters" --bogus >"$tmp/out" 2>&1
[ $? = 2 ] && echo "ok: usage error is exit 2" || { echo "FAIL: usage error"; fail=1; }
exit "$fail"
