#!/usr/bin/env bash
# Declared outputs: `filterc generate FILE` writes every file the filters
# file lists under `outputs:` (paths relative to it, wherever the command
# runs from), `--check FILE` names the stale ones and the command that fixes
# them, `--list` prints them; errors in the filters write nothing and print
# no stale-file advice. Then the shipped filters: `bash ci/generate.sh`'s
# generate step followed by `ci/check-filters` passes after a filter edit.
# usage: outputs_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect() { # expect STATUS CMD...: output in $tmp/out and $tmp/err
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (want $want): $* :: $(head -c 600 "$tmp/err")"
}
contains() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }

mkdir -p "$tmp/repo/routing/sql" "$tmp/elsewhere"
cat >"$tmp/repo/routing/prod.yaml" <<'EOF'
outputs:
  - {path: sql/cloud.sql, target: confluent}
  - {path: ./self-no-op.sql, target: flink, variant: no-op}
filters:
  - id: loans
    name: Loans
    consumerId: c
    outputTopic: loans-out
    enabled: true
    conditions:
      - {field: event_type, operator: equals, value: LoanCreated}
      - {field: __op, operator: equals, value: c, variant: normal}
EOF
cd "$tmp/elsewhere" || exit 2
file=../repo/routing/prod.yaml

# --list: paths as seen from here, target and variant (normal by default)
expect 0 "$filterc" generate --list "$file"
printf '%s\t%s\t%s\n' ../repo/routing/sql/cloud.sql confluent normal \
  ../repo/routing/./self-no-op.sql flink no-op >"$tmp/list.want"
diff -u "$tmp/list.want" "$tmp/out" || fail "--list"

# writing: every declared file, each equal to the one-file command's output
expect 1 "$filterc" generate --check "$file"
contains "$tmp/err" "../repo/routing/sql/cloud.sql is stale: cannot read it"
expect 0 "$filterc" generate "$file"
contains "$tmp/err" "wrote ../repo/routing/sql/cloud.sql"
contains "$tmp/err" "wrote ../repo/routing/./self-no-op.sql"
"$filterc" generate --target confluent "$file" >"$tmp/cloud.want"
cmp -s "$tmp/cloud.want" ../repo/routing/sql/cloud.sql || fail "declared confluent output differs"
"$filterc" generate --target flink --variant no-op "$file" >"$tmp/self.want"
cmp -s "$tmp/self.want" ../repo/routing/self-no-op.sql || fail "declared no-op output differs"
[ -z "$(find ../repo -name '.*' -type f)" ] || fail "temporary file left behind"
expect 0 "$filterc" generate --check "$file"
[ ! -s "$tmp/out" ] || fail "--check printed a diff for current files"

# stale: every stale file named, the diff shown, the fix is this command
# line without --check (with its --schema), as run from here
echo '-- edited' >>../repo/routing/self-no-op.sql
sed -i 's/LoanCreated/LoanKreated/' ../repo/routing/sql/cloud.sql
expect 1 "$filterc" generate --check --schema "$root/validator/schema/raw-business-events.yaml" "$file"
contains "$tmp/err" "../repo/routing/sql/cloud.sql is stale"
contains "$tmp/err" "../repo/routing/./self-no-op.sql is stale"
contains "$tmp/err" "2 of 2 generated files stale; to fix, run: filterc generate --schema $root/validator/schema/raw-business-events.yaml ../repo/routing/prod.yaml"
contains "$tmp/out" "-WHERE \`event_type\` = 'LoanKreated'"
# the advice works: run it, then --check passes
(cd "$tmp/elsewhere" && "$filterc" generate --schema "$root/validator/schema/raw-business-events.yaml" "$file") 2>/dev/null
expect 0 "$filterc" generate --check "$file"
# a file name that needs quoting is quoted in the advice
cp "$file" "../repo/routing/it's.yaml"
expect 1 "$filterc" generate --check "../repo/routing/it's.yaml"
contains "$tmp/err" "to fix, run: filterc generate '../repo/routing/it'\\''s.yaml'"

# errors in the filters: no SQL written, no stale-file advice; an error of
# both variants printed once, an error of the no-op variant only found too
cp ../repo/routing/sql/cloud.sql "$tmp/cloud.before"
sed -i 's/operator: equals, value: LoanCreated/operator: equalz, value: LoanCreated/' "$file"
expect 1 "$filterc" generate "$file"
cmp -s "$tmp/cloud.before" ../repo/routing/sql/cloud.sql || fail "output written despite errors"
[ "$(grep -c "unknown operator 'equalz'" "$tmp/err")" = 1 ] || fail "shared error not printed once"
expect 1 "$filterc" generate --check "$file"
contains "$tmp/err" "has errors; no SQL generated"
lacks "$tmp/err" "stale"
lacks "$tmp/err" "to fix, run"
sed -i 's/equalz/equals/; s/, variant: normal}/}/' "$file"
expect 0 "$filterc" validate "$file"
expect 1 "$filterc" generate --check "$file"
contains "$tmp/err" "no-op-metadata"
lacks "$tmp/err" "stale"
sed -i 's/value: c}/value: c, variant: normal}/' "$file"

# a file declaring an output over something that is not writable: nothing
# else is left half-done, and the error names the path
mkdir -p "$tmp/ro"
cat >"$tmp/ro/f.yaml" <<'EOF'
outputs:
  - {path: missing-dir/a.sql, target: confluent}
filters:
  - {id: a, name: a, consumerId: c, outputTopic: t-a, enabled: true,
     conditions: [{field: event_type, operator: equals, value: X}]}
EOF
expect 2 "$filterc" generate "$tmp/ro/f.yaml"
contains "$tmp/err" "missing-dir/a.sql"

# usage: options that need --target, a file without outputs
expect 2 "$filterc" generate -o x.sql "$file"
contains "$tmp/err" "-o needs --target"
expect 2 "$filterc" generate --variant no-op "$file"
expect 2 "$filterc" generate --split d "$file"
expect 2 "$filterc" generate --check --list "$file"
expect 2 "$filterc" generate --target confluent --list "$file"
sed '1,3d' "$file" >"$tmp/none.yaml"
expect 2 "$filterc" generate "$tmp/none.yaml"
contains "$tmp/err" "declares no outputs"
expect 2 "$filterc" generate --check "$tmp/absent.yaml"
# with --target, --check still takes the file to compare (before or after)
"$filterc" generate --target confluent -o "$tmp/one.sql" "$file" 2>/dev/null
expect 0 "$filterc" generate --check "$tmp/one.sql" --target confluent "$file"

# The shipped filters, in a copy of the checkout: after a filter edit,
# ci/generate.sh's generate step rewrites all four files and
# ci/check-filters passes (it used to rewrite one and leave three stale).
mkdir -p "$tmp/co"
cp -r "$root/filters" "$root/templates" "$root/ci" "$tmp/co/"
mkdir -p "$tmp/co/validator/schema"
cp "$root/validator/schema/raw-business-events.yaml" "$tmp/co/validator/schema/"
cd "$tmp/co" || exit 2
sed -i 's/description: CarCreated events, inserts only/description: CarCreated events (edited)/' \
  filters/filters.yaml
export FILTERC=$filterc
expect 1 ci/check-filters
expect 0 bash ci/generate.sh
for f in filters/routing-generated*.sql; do
  grep -q "CarCreated events (edited)" "$f" || fail "$f not regenerated by ci/generate.sh"
done
expect 0 ci/check-filters
contains "$tmp/out" "check-filters: ok"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all declared-output checks passed"
