#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml under the real pre-commit framework,
# as a user of filterc meets them: filterc installed with `meson install`
# into a scratch prefix and found on PATH, a throwaway repository whose
# filters live at routing/prod.yaml (not filterc's filters/filters.yaml),
# and `pre-commit try-repo` pointed at this checkout. try-repo clones a
# git repository at HEAD, so the checkout's current files (committed or
# not) are first committed into a temporary copy.
# usage: precommit_framework_test.sh BUILD_DIR SOURCE_ROOT
set -uo pipefail
build=$(realpath "$1")
root=$(realpath "$2")
if ! command -v pre-commit >/dev/null || ! command -v git >/dev/null; then
  echo "SKIP: pre-commit and git are needed (bash ci/install-deps.sh test)"
  [ "${CI:-}" = true ] && exit 1 # under CI a skipped test is a failure
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
has() { if grep -qE -- "$2" "$tmp/out"; then ok "$1"; else bad "$1"; sed 's/^/    /' "$tmp/out"; fi; }
hasnt() { if grep -qE -- "$2" "$tmp/out"; then bad "$1"; sed 's/^/    /' "$tmp/out"; else ok "$1"; fi; }
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
  GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_GLOBAL=/dev/null \
  PRE_COMMIT_HOME=$tmp/pre-commit-home PRE_COMMIT_COLOR=never
unset FILTERC

# 1. filterc installed into a scratch prefix, on PATH
DESTDIR="$tmp/dest" meson install -C "$build" --quiet >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }
bindir=$(dirname "$(find "$tmp/dest" -path '*/bin/filterc' | head -n 1)")
[ -x "$bindir/filterc" ] || { echo "FAIL: no installed filterc"; exit 1; }
userpath=$bindir:$PATH

# 2. this checkout as a hook repository: its files, committed in a copy
hooks=$tmp/hooks-repo
mkdir -p "$hooks"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z -co --exclude-standard) |
    (cd "$root" && xargs -0 cp --parents -t "$hooks" 2>/dev/null)
else
  cp -r "$root/.pre-commit-hooks.yaml" "$root/ci" "$hooks/"
fi
[ -f "$hooks/.pre-commit-hooks.yaml" ] && [ -x "$hooks/ci/check-filters" ] ||
  { echo "FAIL: could not copy the hook files"; exit 1; }
git -C "$hooks" init -q && git -C "$hooks" add -A && git -C "$hooks" commit -qm hooks ||
  { echo "FAIL: could not commit the hook repository"; exit 1; }
rev=$(git -C "$hooks" rev-parse HEAD)

# 3. a user's repository of filters at a non-default path
user=$tmp/user
mkdir -p "$user/routing/sql"
cd "$user" && git init -q || exit 2
cat >routing/prod.yaml <<'EOF'
outputs:
  - {path: sql/prod-cloud.sql, target: confluent}
  - {path: sql/prod-no-op.sql, target: flink, variant: no-op}
filters:
  - id: loans
    name: Loans
    description: loan events
    consumerId: loans
    outputTopic: loans-out
    enabled: true
    conditions:
      - {field: event_type, operator: equals, value: LoanCreated}
      - {field: __op, operator: equals, value: c, variant: normal}
EOF
cat >routing/prod.test.yaml <<'EOF'
filters: prod.yaml
cases:
  - name: a loan insert is routed
    events: [{id: e1, event_type: LoanCreated, __op: c}]
    topics: [loans-out]
EOF
echo "docs" >README.md
PATH=$userpath filterc generate routing/prod.yaml 2>/dev/null || bad "generate in the user's repository"
git add -A && git commit -qm initial

try() { # try HOOK-ID-OR-EMPTY FILES...: pre-commit try-repo, output in $tmp/out
  local id=$1
  shift
  PATH=$userpath pre-commit try-repo "$hooks" ${id:+"$id"} --ref "$rev" --files "$@" \
    >"$tmp/out" 2>&1
}

# a valid change, regenerated: every hook passes
sed -i 's/description: loan events/description: loan events, edited/' routing/prod.yaml
PATH=$userpath filterc generate routing/prod.yaml 2>/dev/null
try "" routing/prod.yaml routing/sql/prod-cloud.sql routing/sql/prod-no-op.sql
rc=$?
[ $rc = 0 ] && ok "valid change: all hooks pass" || bad "valid change: all hooks pass (exit $rc)"
has "valid change: the validate hook ran" 'validate filters \(filterc\).*Passed'
has "valid change: the generated-SQL hook ran" 'generated SQL is current \(filterc\).*Passed'
has "valid change: the test hook ran" 'filter tests pass \(filterc\).*Passed'

# a valid change, not regenerated: the SQL hook fails, naming the command
# that fixes it in this repository
sed -i 's/description: loan events, edited/description: loan events, again/' routing/prod.yaml
try filterc-generated-sql routing/prod.yaml
rc=$?
[ $rc = 1 ] && ok "stale SQL: the hook fails" || bad "stale SQL: the hook fails (exit $rc)"
has "stale SQL: the stale file is named" 'routing/sql/prod-cloud.sql is stale'
has "stale SQL: the fix is this repository's command" "run 'filterc generate routing/prod.yaml'"
PATH=$userpath filterc generate routing/prod.yaml 2>/dev/null

# an invalid change: fails with the diagnostic, and no stale-SQL advice
sed -i 's/value: c, variant: normal/value: C, variant: normal/' routing/prod.yaml
try "" routing/prod.yaml
rc=$?
[ $rc = 1 ] && ok "invalid change: the hooks fail" || bad "invalid change: the hooks fail (exit $rc)"
has "invalid change: the diagnostic with file, line and column" \
  "routing/prod.yaml:13:48: error: '__op' is never 'C'.*\\[bad-enum-value\\]"
hasnt "invalid change: no stale-SQL advice" 'stale|filterc generate'
sed -i 's/value: C, variant: normal/value: c, variant: normal/' routing/prod.yaml

# a failing test case: the test hook fails
sed -i 's/topics: \[loans-out\]/topics: [elsewhere]/' routing/prod.test.yaml
try filterc-test routing/prod.test.yaml
[ $? = 1 ] && ok "failing test case: the test hook fails" || bad "failing test case: the test hook fails"
has "failing test case: the case is named" 'FAIL +a loan insert is routed'
git checkout -q routing/prod.test.yaml

# an unrelated change: every hook skips
try "" README.md
rc=$?
[ $rc = 0 ] && ok "unrelated change: passes" || bad "unrelated change: passes (exit $rc)"
[ "$(grep -c 'no files to check.*Skipped' "$tmp/out")" = 3 ] &&
  ok "unrelated change: all three hooks skip" || { bad "unrelated change: all three hooks skip"; cat "$tmp/out"; }

# filterc not installed: one line saying how to install it
PATH=/usr/bin:/bin pre-commit try-repo "$hooks" filterc-validate --ref "$rev" \
  --files routing/prod.yaml >"$tmp/out" 2>&1
[ $? = 1 ] && ok "no filterc: the hook fails" || bad "no filterc: the hook fails"
has "no filterc: how to install it" 'filterc not found: install it .*meson install.* or set FILTERC='

# the same hooks from a .pre-commit-config.yaml, on staged files
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks: [{id: filterc-validate}, {id: filterc-generated-sql}, {id: filterc-test}]
EOF
git add -A
PATH=$userpath pre-commit run >"$tmp/out" 2>&1
[ $? = 0 ] && ok "pre-commit run with a config: passes" || { bad "pre-commit run with a config"; cat "$tmp/out"; }
has "pre-commit run: the hooks ran on the staged filters" 'validate filters \(filterc\).*Passed'

# each hook's own run time on these filters (the framework adds its own)
for steps in validate sql test; do
  start=$(date +%s%N)
  PATH=$userpath "$hooks/ci/check-filters" --hook --steps $steps routing/prod.yaml \
    routing/prod.test.yaml >/dev/null 2>&1 || bad "hook $steps on the committed filters"
  ms=$((($(date +%s%N) - start) / 1000000))
  echo "hook $steps: $ms ms"
  [ "$ms" -lt 500 ] && ok "hook $steps under half a second" || bad "hook $steps took $ms ms"
done
exit "$fail"
