#!/usr/bin/env bash
# ci/deploy.sh (issue 10): the confluent calls in order with stable names,
# placeholders filled in from the environment only at the call, an unset
# placeholder named and nothing run, and a secret given through the
# environment never in a generated file, a --check diff or a message.
# Usage: deploy_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1") root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

# a fake confluent CLI that records each call's arguments, NUL-separated
mkdir "$tmp/bin"
cat > "$tmp/bin/confluent" <<'FAKE'
#!/usr/bin/env bash
printf '%s\0' "$@" >> "$CALLS"
printf '\n' >> "$CALLS.lines"
FAKE
chmod +x "$tmp/bin/confluent"
export CALLS=$tmp/calls PATH="$tmp/bin:$PATH" FILTERC=$filterc
cp "$root/tests/generator/golden/deployed.yaml" "$tmp/f.yaml"
printf 'outputs:\n  - {path: msk.sql, env: msk}\n' >> "$tmp/f.yaml"
mkdir "$tmp/dtmp"
deploy() { TMPDIR=$tmp/dtmp bash "$root/ci/deploy.sh" --env msk --compute-pool pool-1 --database db-1 "$@"; }

# unset placeholder: named, nothing runs
unset BOOTSTRAP_SERVERS
deploy --run "$tmp/f.yaml" > "$tmp/out" 2> "$tmp/err"
check "unset placeholder fails" "[ \$? -eq 1 ]"
check "the message names it" "grep -q 'bootstrap.servers.*export BOOTSTRAP_SERVERS' '$tmp/err'"
check "nothing was run" "[ ! -e '$CALLS' ]"

SECRET='s3cr3t-b0otstrap.example:9098'
export BOOTSTRAP_SERVERS=$SECRET
"$filterc" generate "$tmp/f.yaml" 2> "$tmp/gen.err"
check "declared env output written" "grep -q \"'\\\${bootstrap.servers}'\" '$tmp/msk.sql'"
echo "-- edited" >> "$tmp/msk.sql"
"$filterc" generate --check "$tmp/f.yaml" > "$tmp/check.out" 2> "$tmp/check.err"
check "--check finds the stale file" "[ \$? -eq 1 ]"
deploy "$tmp/f.yaml" > "$tmp/dry.out" 2> "$tmp/dry.err"
check "dry run succeeds" "[ \$? -eq 0 ]"
check "dry run runs nothing" "[ ! -e '$CALLS' ]"
deploy --run "$tmp/f.yaml" > "$tmp/run.out" 2> "$tmp/run.err"
check "run succeeds" "[ \$? -eq 0 ]"
check "six calls: source, four sinks, job" "[ \$(wc -l < '$CALLS.lines') -eq 6 ]"
tr '\0' '\n' < "$CALLS" > "$tmp/calls.txt"
check "stable names in order" "[ \"\$(grep -E '^msk-' '$tmp/calls.txt' | tr '\n' ' ')\" = 'msk-source-raw-event-headers msk-sink-filtered-car-created-events-msk msk-sink-filtered-loan-created-events-msk msk-sink-filtered-loan-payment-submitted-events-msk msk-sink-filtered-service-events-msk msk-job-statement-set ' ]"
check "the call carries the secret" "grep -qF \"'$SECRET'\" '$tmp/calls.txt'"
check "compute pool and database passed" "grep -qx pool-1 '$tmp/calls.txt' && grep -qx db-1 '$tmp/calls.txt'"
for f in "$tmp"/msk.sql "$tmp"/gen.err "$tmp"/check.out "$tmp"/check.err "$tmp"/dry.out \
  "$tmp"/dry.err "$tmp"/run.out "$tmp"/run.err "$tmp"/err "$tmp"/out; do
  check "no secret in $(basename "$f")" "! grep -qF '$SECRET' '$f'"
done
check "the filled-in copies are removed" "[ -z \"\$(ls -A '$tmp/dtmp')\" ]"

# a quote in a value is refused
export BOOTSTRAP_SERVERS="x',' evil"
deploy "$tmp/f.yaml" > /dev/null 2> "$tmp/q.err"
check "a quote in a value is refused" "[ \$? -eq 1 ] && grep -q refused '$tmp/q.err'"

# self-managed
unset BOOTSTRAP_SERVERS
bash "$root/ci/deploy.sh" --env local-docker --sql-client /bin/true --run "$tmp/f.yaml" > "$tmp/sc.out" 2>&1
check "sql-client deployment" "[ \$? -eq 0 ] && grep -q '^/bin/true -f' '$tmp/sc.out'"

# topics
"$filterc" topics --env msk "$tmp/f.yaml" > "$tmp/topics"
check "topics lists the -msk sinks" "[ \$(grep -c -- '-msk\$' '$tmp/topics') -eq 4 ]"
"$filterc" topics --format json --env confluent-cloud "$tmp/f.yaml" > "$tmp/topics.json"
check "topics json" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"env\"]==\"confluent-cloud\" and d[\"source\"]==\"raw-event-headers\" and len(d[\"topics\"])==4 and all(t.endswith(\"-flink\") for t in d[\"topics\"])' '$tmp/topics.json'"
exit $fail
