#!/bin/bash
# filterc route --format truth: one line per input line, the routes' truths
# in the INSERT order of `filterc generate` (a disabled filter has neither),
# MALFORMED and BLANK lines, on stdout or in -o FILE; documented in --help.
set -uo pipefail
filterc=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$filterc" route --quiet --format truth "$dir/truth/filters.yaml" "$dir/truth/events.jsonl" \
  >"$tmp/out" 2>"$tmp/err" || fail "exit status $?"
diff -u "$dir/truth/expect.truth" "$tmp/out" || fail "stdout differs from truth/expect.truth"
[ -s "$tmp/err" ] && fail "--quiet wrote to stderr: $(cat "$tmp/err")"

"$filterc" route --quiet --format truth -o "$tmp/file.truth" "$dir/truth/filters.yaml" \
  "$dir/truth/events.jsonl" >"$tmp/stdout" || fail "-o: exit status $?"
cmp -s "$dir/truth/expect.truth" "$tmp/file.truth" || fail "-o FILE differs from stdout"
[ -s "$tmp/stdout" ] && fail "-o FILE still wrote to stdout"

# the columns are the INSERTs of the generated SQL, in order
inserts=$("$filterc" generate --target flink "$dir/truth/filters.yaml" 2>/dev/null | grep -c '^INSERT INTO')
width=$(awk -F'\t' '$2 ~ /^[TFU]+$/ { print length($2); exit }' "$tmp/out")
[ "$inserts" = "$width" ] || fail "$width truth columns for $inserts INSERTs"

"$filterc" route --help | grep -q -- '--format truth' || fail "--help does not document --format truth"
"$filterc" route --format bogus "$dir/truth/filters.yaml" "$dir/truth/events.jsonl" 2>"$tmp/err"
[ $? = 2 ] && grep -q truth "$tmp/err" || fail "a bad --format is not a usage error naming truth"
"$filterc" route --format truth -o /nonexistent/dir/x "$dir/truth/filters.yaml" \
  "$dir/truth/events.jsonl" 2>/dev/null
[ $? = 2 ] || fail "an unwritable -o is not exit 2"
[ $status = 0 ] && echo "route --format truth: ok"
exit $status
