#!/usr/bin/env bash
# `filterc generate` from the outside: exit codes, refusing to generate from
# a file with errors, atomic output, --check, --split, settings and flags,
# deprecated and disabled filters, template errors.
# Usage: cli_generate_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect STATUS CMD...: runs CMD, output in $tmp/out and $tmp/err
expect() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (want $want): $* :: $(head -c 400 "$tmp/err")"
}

contains() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }

cat >"$tmp/good.yaml" <<'EOF'
settings:
  bootstrap_servers: file-broker:9092
filters:
  - id: live
    name: Live filter
    consumerId: c
    enabled: true
    outputTopic: out-live
    conditions:
      - {field: event_type, operator: equals, value: LoanCreated}
  - id: old
    name: Old filter
    consumerId: c
    enabled: true
    status: deprecated
    outputTopic: out-old
    conditions:
      - {field: event_type, operator: equals, value: OldThing}
  - id: off
    name: Off filter
    consumerId: c
    enabled: false
    outputTopic: out-off
    conditions:
      - {field: event_type, operator: equals, value: Never}
EOF
sed 's/operator: equals, value: LoanCreated/operator: equalz, value: LoanCreated/' \
  "$tmp/good.yaml" >"$tmp/bad.yaml"

# usage errors
expect 2 "$filterc" generate "$tmp/good.yaml"
contains "$tmp/err" "declares no outputs"
expect 2 "$filterc" generate --target oracle "$tmp/good.yaml"
expect 2 "$filterc" generate --target flink -o "$tmp/a" --check "$tmp/b" "$tmp/good.yaml"
expect 2 "$filterc" generate --target flink "$tmp/good.yaml" "$tmp/good.yaml"
expect 2 "$filterc" generate --target flink "$tmp/missing.yaml"
expect 0 "$filterc" generate --help
contains "$tmp/out" "--separate-statements"

# errors in the filters: nothing generated, an existing output untouched
expect 1 "$filterc" generate --target confluent -o "$tmp/new.sql" "$tmp/bad.yaml"
contains "$tmp/err" "unknown operator 'equalz'"
contains "$tmp/err" "no SQL generated"
[ ! -e "$tmp/new.sql" ] || fail "output written despite errors"
echo "previous content" >"$tmp/kept.sql"
expect 1 "$filterc" generate --target confluent -o "$tmp/kept.sql" "$tmp/bad.yaml"
[ "$(cat "$tmp/kept.sql")" = "previous content" ] || fail "existing output changed"

# a good run: deprecated warned about and commented, disabled left out
expect 0 "$filterc" generate --target confluent -o "$tmp/one.sql" "$tmp/good.yaml"
contains "$tmp/err" "filter 'old' is deprecated"
contains "$tmp/one.sql" "WARNING: this filter is deprecated"
contains "$tmp/one.sql" "INSERT INTO \`out-live\`"
lacks "$tmp/one.sql" "out-off"
contains "$tmp/one.sql" "off (disabled)"
expect 1 "$filterc" generate --target confluent --werror -o "$tmp/w.sql" "$tmp/good.yaml"
[ ! -e "$tmp/w.sql" ] || fail "--werror still wrote output"

# deterministic, and written atomically: no temporary files left behind
expect 0 "$filterc" generate --target confluent -o "$tmp/two.sql" "$tmp/good.yaml"
cmp -s "$tmp/one.sql" "$tmp/two.sql" || fail "two runs differ"
ls -A "$tmp" | grep -q '^\.' && fail "temporary file left: $(ls -A "$tmp")"
expect 2 "$filterc" generate --target confluent -o "$tmp/no/such/dir/x.sql" "$tmp/good.yaml"

# standard output equals the file
expect 0 "$filterc" generate --target confluent "$tmp/good.yaml"
cmp -s "$tmp/out" "$tmp/one.sql" || fail "stdout differs from -o output"

# --check: identical, stale, missing
expect 0 "$filterc" generate --target confluent --check "$tmp/one.sql" "$tmp/good.yaml"
sed -i 's/LoanCreated/LoanKreated/' "$tmp/two.sql"
expect 1 "$filterc" generate --target confluent --check "$tmp/two.sql" "$tmp/good.yaml"
contains "$tmp/out" "-WHERE \`event_type\` = 'LoanKreated';"
contains "$tmp/out" "+WHERE \`event_type\` = 'LoanCreated';"
contains "$tmp/out" "@@ -"
contains "$tmp/err" "is stale"
expect 1 "$filterc" generate --target flink --check "$tmp/one.sql" "$tmp/good.yaml"
expect 1 "$filterc" generate --target confluent --check "$tmp/absent.sql" "$tmp/good.yaml"

# settings: the file's block, then flags over it, then bad values
expect 0 "$filterc" generate --target flink "$tmp/good.yaml"
contains "$tmp/out" "'properties.bootstrap.servers' = 'file-broker:9092'"
contains "$tmp/out" "'properties.group.id' = 'event-routing-job'"
expect 0 "$filterc" generate --target flink --bootstrap-servers "flag'broker:1" \
  --group-id g1 --startup-mode latest-offset "$tmp/good.yaml"
contains "$tmp/out" "'properties.bootstrap.servers' = 'flag''broker:1'"
contains "$tmp/out" "'properties.group.id' = 'g1'"
contains "$tmp/out" "'scan.startup.mode' = 'latest-offset'"
expect 1 "$filterc" generate --target flink --startup-mode timestamp "$tmp/good.yaml"
contains "$tmp/err" "startup mode 'timestamp'"

# --split: one file per statement in deploy order, a manifest; files of an
# earlier run (its manifest lists them) replaced, every other file kept,
# even ones named like ours (issue 14)
mkdir "$tmp/split"
touch "$tmp/split/99-insert-gone.sql" "$tmp/split/notes.txt" "$tmp/split/001-create-users.sql" \
  "$tmp/split/2024-01-01-notes.sql"
expect 0 "$filterc" generate --target confluent --separate-statements \
  --split "$tmp/split" "$tmp/good.yaml"
ls "$tmp/split" >"$tmp/ls"
cat >"$tmp/ls.want" <<'EOF'
001-create-users.sql
01-source-raw-business-events.sql
02-sink-out-live.sql
03-sink-out-old.sql
04-insert-out-live.sql
05-insert-out-old.sql
2024-01-01-notes.sql
99-insert-gone.sql
manifest.tsv
notes.txt
EOF
diff -u "$tmp/ls.want" "$tmp/ls" || fail "--split files"
[ "$(grep -vc '^#' "$tmp/split/manifest.tsv")" = 5 ] || fail "manifest rows"
contains "$tmp/split/manifest.tsv" "routing-04-insert-out-live"
[ "$(grep -c '^INSERT INTO' "$tmp/split/04-insert-out-live.sql")" = 1 ] ||
  fail "split insert file"
cat "$tmp/split/0"[1-9]*.sql >"$tmp/joined"
[ "$(grep -c '^CREATE TABLE' "$tmp/joined")" = 3 ] || fail "split CREATE count"
expect 0 "$filterc" generate --target confluent --split "$tmp/split" "$tmp/good.yaml"
[ -e "$tmp/split/04-job-statement-set.sql" ] || fail "no statement-set file"
[ ! -e "$tmp/split/05-insert-out-old.sql" ] || fail "stale split file kept"
contains "$tmp/split/04-job-statement-set.sql" "EXECUTE STATEMENT SET"
for f in 001-create-users.sql 2024-01-01-notes.sql 99-insert-gone.sql notes.txt; do
  [ -e "$tmp/split/$f" ] || fail "--split removed $f, which it did not write"
done
[ -z "$(ls -A "$tmp" | grep '^\.split\.')" ] || fail "--split left its staging directory"
# A 249-character topic: every file name stays within NAME_MAX (255).
long=$(printf 't%.0s' $(seq 249))
sed "s/out-live/$long/" "$tmp/good.yaml" >"$tmp/long.yaml"
expect 0 "$filterc" generate --target confluent --separate-statements --split "$tmp/split-long" \
  "$tmp/long.yaml"
[ "$(ls "$tmp/split-long" | awk 'length > 255' | wc -l)" = 0 ] &&
  [ "$(grep -vc '^#' "$tmp/split-long/manifest.tsv")" = 5 ] || fail "--split with a 249-character topic"

# templates: --templates, a broken one named with file and line, and the
# output left untouched when they fail
cp -r "$root/templates" "$tmp/tpl"
sed -i 's/WHERE {{where}};/WHERE {{where}} AND {{topic | ident}};/' "$tmp/tpl/common/insert.sql.tpl"
line=$(grep -n 'WHERE {{where}}' "$tmp/tpl/common/insert.sql.tpl" | cut -d: -f1)
expect 2 "$filterc" generate --target confluent --templates "$tmp/tpl" -o "$tmp/one.sql" \
  "$tmp/good.yaml"
contains "$tmp/err" "$tmp/tpl/common/insert.sql.tpl:$line:"
contains "$tmp/err" "unknown name 'topic'"
expect 0 "$filterc" generate --target confluent --check "$tmp/one.sql" "$tmp/good.yaml"
cp "$root/templates/common/insert.sql.tpl" "$tmp/tpl/common/insert.sql.tpl"
echo "-- edited by a user" >>"$tmp/tpl/confluent/sink.sql.tpl"
expect 0 "$filterc" generate --target confluent --templates "$tmp/tpl" "$tmp/good.yaml"
contains "$tmp/out" "-- edited by a user"
expect 2 "$filterc" generate --target confluent --templates "$tmp/nowhere" "$tmp/good.yaml"

# the no-op variant: CDC columns as constants, conditions on them refused
expect 0 "$filterc" generate --target confluent --variant no-op "$tmp/good.yaml"
contains "$tmp/out" "'c' AS \`__op\`"
contains "$tmp/out" "'business_events' AS \`__table\`"
sed 's/field: event_type, operator: equals, value: OldThing/field: __op, operator: equals, value: c/' \
  "$tmp/good.yaml" >"$tmp/op.yaml"
expect 1 "$filterc" generate --target confluent --variant no-op "$tmp/op.yaml"
contains "$tmp/err" "no-op-metadata"

# Confluent Cloud's 'error-handling.mode': default log (to the dead-letter
# table, the statement goes on), from settings
expect 0 "$filterc" generate --target confluent "$tmp/good.yaml"
contains "$tmp/out" "'error-handling.mode' = 'log'"
contains "$tmp/out" "'error-handling.log.target' = 'error_log'"
sed 's/^settings:$/settings:\n  error_handling_mode: fail/' "$tmp/good.yaml" >"$tmp/fail.yaml"
expect 0 "$filterc" generate --target confluent "$tmp/fail.yaml"
contains "$tmp/out" "'error-handling.mode' = 'fail'"
sed 's/^settings:$/settings:\n  error_handling_mode: skip/' "$tmp/good.yaml" >"$tmp/bad-mode.yaml"
expect 1 "$filterc" generate --target confluent "$tmp/bad-mode.yaml"
contains "$tmp/err" "use fail, ignore or log"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all generate CLI checks passed"
