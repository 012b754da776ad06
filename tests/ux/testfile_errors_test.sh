#!/usr/bin/env bash
# Test files are held to the compiler's standard: every problem in one run,
# as file:line:col diagnostics with codes, exit 1, and no case runs.
# usage: testfile_errors_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"

# The issue's example: a typo in a key made the case PASS although the
# event reaches the topic.
cat >typo.test.yaml <<YAML
filters: $root/filters/filters.yaml
cases:
  - name: typo in a key
    events: [{id: e1, event_type: LoanCreated, __op: c}]
    topics: [filtered-loan-created-events]
    must_not_rech: [loans-created]
YAML
"$filterc" test typo.test.yaml >out 2>err
[ $? = 1 ] || fail "typo: exit $?, not 1"
grep -qx "typo.test.yaml:6:5: error: unknown key 'must_not_rech' in a test case \[unknown-key\]" err ||
  fail "typo: no diagnostic at 6:5: $(cat err)"
grep -qx "  hint: did you mean 'must_not_reach'?" err || fail "typo: no did-you-mean"
grep -q PASS out && fail "typo: a case ran"

# Everything else, all at once.
cat >all.test.yaml <<YAML
filters: $root/filters/filters.yaml
varient: normal
cases:
  - name: both
    events: [{id: e1}, 42, '[1]', '{"a":', [x]]
    topics: [filtered-loan-created-events]
    must_reach: [filtered-loan-created-evnts]
  - name: no expectation
    events: {file: x.jsonl, fiel: y}
  - name: bad kinds
    events: x
    topics: filtered-loan-created-events
    must_not_reach: [7]
  - just a string
  - name: empty
    events: []
    topics: []
YAML
"$filterc" test all.test.yaml >out 2>err
[ $? = 1 ] || fail "all: exit $?, not 1"
expect() { grep -qF -- "$1" err || fail "all: missing '$1' in: $(cat err)"; }
expect "all.test.yaml:2:1: error: unknown key 'varient' in a test file [unknown-key]"
expect "  hint: did you mean 'variant'?"
expect "all.test.yaml:5:24: error: an event must be an object, not a number [bad-event]"
expect "all.test.yaml:5:28: error: an event must be a JSON object, not a JSON array [bad-event]"
expect "all.test.yaml:5:35: error: an event string is not valid JSON"
expect "all.test.yaml:5:44: error: an event must be an object, not a list [bad-event]"
expect "all.test.yaml:7:17: error: 'topics' (exactly these topics) and 'must_reach' exclude each other [conflicting-keys]"
expect "all.test.yaml:7:18: error: no route of the filters writes topic 'filtered-loan-created-evnts' [unknown-topic]"
expect "  hint: did you mean 'filtered-loan-created-events'?"
expect "all.test.yaml:8:5: error: test case 'no expectation' has no expectation [missing-key]"
expect "all.test.yaml:9:29: error: unknown key 'fiel' in 'events' [unknown-key]"
expect "all.test.yaml:11:13: error: 'events' must be a list or {file: PATH}, not a string [wrong-node-kind]"
expect "all.test.yaml:12:13: error: 'topics' must be a list, not a string [wrong-node-kind]"
expect "all.test.yaml:13:21: error: 'topics' (exactly these topics) and 'must_not_reach' exclude each other [conflicting-keys]"
expect "all.test.yaml:13:22: error: a topic in 'must_not_reach' must be a string, not a number [wrong-node-kind]"
expect "all.test.yaml:14:5: error: a test case must be a mapping, not a string [wrong-node-kind]"
expect "all.test.yaml:16:13: error: 'events' is an empty list: the case tests nothing [missing-value]"
[ "$(grep -c ': error: ' err)" = 15 ] || fail "all: $(grep -c ': error: ' err) errors, not 15"

# The same diagnostics in the JSON results, as validate --format json has them.
"$filterc" test --format json typo.test.yaml >typo.json 2>/dev/null
[ $? = 1 ] || fail "--format json: a test file with errors must exit 1"
python3 -c '
import json, sys
r = json.load(open("typo.json"))
d = r["files"][0]["diagnostics"]
assert r["file_errors"] == 1 and r["files"][0]["cases"] == [], r
assert [(x["code"], x["line"], x["column"]) for x in d] == [("unknown-key", 6, 5)], d
' || fail "--format json diagnostics"

# A topic written only by a disabled filter is a topic of the filters: no error.
cat >f.yaml <<'YAML'
filters:
  - {id: off, name: Off, consumerId: c, enabled: false, outputTopic: off-topic,
     conditions: [{field: event_type, operator: equals, value: X}]}
  - {id: on, name: On, consumerId: c, enabled: true, outputTopic: on-topic,
     conditions: [{field: event_type, operator: equals, value: X}]}
YAML
cat >disabled.test.yaml <<'YAML'
filters: f.yaml
cases:
  - events: [{id: e1, event_type: X}]
    must_reach: [on-topic]
    must_not_reach: [off-topic]
YAML
"$filterc" test disabled.test.yaml >out 2>err || fail "disabled topic: $(cat out err)"
grep -q 'PASS  case 1' out || fail "unnamed case is 'case 1': $(cat out)"

# An empty file and a file that is not a mapping.
: >empty.test.yaml
"$filterc" test empty.test.yaml >/dev/null 2>err; [ $? = 1 ] || fail "empty file exit"
grep -q "empty.test.yaml: error: the test file is empty" err || fail "empty: $(cat err)"
echo '[1]' >list.test.yaml
"$filterc" test list.test.yaml >/dev/null 2>err; [ $? = 1 ] || fail "list file exit"
grep -q "list.test.yaml:1:1: error: a test file must be a mapping, not a list" err ||
  fail "list: $(cat err)"
# The format is documented wherever users look: every key of the test
# file (cli/testfile.c) in --help, the README and the man page.
"$filterc" test --help >help.txt
keys=$(awk '/KEYS\[\] = \{/,/\};/' "$root/cli/testfile.c" | grep -o '"[a-z_]*"' | tr -d '"' | sort -u)
[ "$(echo "$keys" | wc -l)" -ge 9 ] || fail "found only keys: $keys"
for k in $keys; do
  for doc in help.txt "$root/README.md" "$root/doc/filterc.1"; do
    grep -q "\b$k:" "$doc" || fail "key '$k' is not documented in $doc"
  done
done
echo ok
