#!/usr/bin/env bash
# The plain git hook (ci/pre-commit) in a throwaway repository: an invalid
# filter is refused, a valid one accepted, stale SQL refused, the staged
# version (not the work tree) is what gets checked, and commits that touch
# no filter file do not run filterc at all.
# usage: hook_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
  local name=$1
  shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=1; fi
}
export FILTERC=$filterc GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
repo=$tmp/repo
git init -q "$repo" && cd "$repo" || exit 2
git config commit.gpgsign false
mkdir -p filters ci
cp "$root"/filters/filters.yaml "$root"/filters/routing-generated*.sql filters/
ln -s "$root/ci/pre-commit" .git/hooks/pre-commit # the README's install line
commit() { git commit -q -m "$1" >"$tmp/out" 2>&1; }
head_is() { [ "$(git rev-list --count HEAD 2>/dev/null)" = "$1" ]; }

git add filters
commit "valid filters"
check "valid filters: commit accepted" head_is 1

sed -i 's/value: LoanCreated$/value: LoanCreatedV2/' filters/filters.yaml
git add filters/filters.yaml
commit "valid change, SQL not regenerated"
check "stale generated SQL: commit refused" head_is 1
check "stale generated SQL: the stale file is named" grep -q 'filters/routing-generated\.sql is stale' "$tmp/out"
check "stale generated SQL: the fix is named" grep -q "generated SQL is stale: run 'filterc generate filters/filters.yaml'" "$tmp/out"

sed -i 's/value: LoanCreatedV2$/value: LoanCreated/; 0,/value: c$/s//value: C/' filters/filters.yaml
git add filters/filters.yaml
commit "invalid filter"
check "invalid filter: commit refused" head_is 1
check "invalid filter: the diagnostic is shown" grep -q "bad-enum-value" "$tmp/out"
check "invalid filter: no stale-SQL advice" eval "! grep -q 'stale' '$tmp/out'"
check "invalid filter: the refusal is the last line" \
  grep -q 'commit refused' <(tail -n 1 "$tmp/out")

# Fixed in the work tree but not staged: still refused.
sed -i '0,/value: C$/s//value: c/' filters/filters.yaml
commit "invalid filter, fixed only in the work tree"
check "unstaged fix: the staged version is checked" head_is 1

git add filters/filters.yaml # now staged == HEAD: nothing to check
echo 'docs' >README.md
git add README.md
FILTERC=/nonexistent commit "no filter change"
check "no filter file staged: accepted without running filterc" head_is 2

sed -i 's/value: LoanCreated$/value: LoanCreatedV2/' filters/filters.yaml
"$filterc" generate filters/filters.yaml 2>/dev/null # the declared outputs
git add filters
start=$(date +%s%N)
commit "valid change with regenerated SQL"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "valid filter change: commit accepted" head_is 3
echo "hook time on the shipped filters: ${elapsed_ms} ms"
check "hook takes under a second" test "$elapsed_ms" -lt 1000
exit "$fail"
