#!/usr/bin/env bash
# filterc route --format sqlite: filterc_topics maps every topic to its
# table (colliding names get TOPIC#N), filterc_summary records the filters
# file, its SHA-256 (checked against Python's hashlib at the lengths where
# SHA-256 padding changes), the filterc version and the time.
# usage: route_sqlite_test.sh FILTERC
set -uo pipefail
filterc=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
q() { python3 -c 'import sqlite3,sys; print("\n".join("|".join("" if v is None else str(v) for v in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$@"; }
cat >coll.yaml <<'YAML'
filters:
  - {id: a, name: A, consumerId: c, enabled: true, outputTopic: loans,
     conditions: [{field: event_type, operator: equals, value: X}]}
  - {id: b, name: B, consumerId: c, enabled: true, outputTopic: Loans,
     conditions: [{field: event_type, operator: equals, value: X}]}
  - {id: d, name: D, consumerId: c, enabled: true, outputTopic: filterc_summary,
     conditions: [{field: event_type, operator: equals, value: X}]}
  - {id: e, name: E, consumerId: c, enabled: true, outputTopic: a.b-c_d,
     conditions: [{field: event_type, operator: equals, value: Y}]}
YAML
printf '%s\n' '{"id":"1","event_type":"X"}' '{"id":"2","event_type":"X"}' >ev.jsonl
timeout 20 "$filterc" route --quiet -o out.db coll.yaml ev.jsonl || fail "route"
[ "$(q out.db 'select topic, table_name, events from filterc_topics order by rowid')" = \
  "loans|loans|2
Loans|Loans#2|2
filterc_summary|filterc_summary#2|2
a.b-c_d|a.b-c_d|0" ] || fail "filterc_topics: $(q out.db 'select * from filterc_topics')"
# every mapped table exists and holds the topic's events
for t in loans 'Loans#2' 'filterc_summary#2'; do
  [ "$(q out.db "select count(*) from \"$t\"")" = 2 ] || fail "table $t"
done
[ "$(q out.db "select count from filterc_summary where metric='events'")" = 2 ] || fail "summary events"
[ "$(q out.db "select value from filterc_summary where metric='filters_file'")" = coll.yaml ] ||
  fail "filters_file"
[ "$(q out.db "select value from filterc_summary where metric='filterc_version'")" = \
  "$("$filterc" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)" ] ||
  fail "filterc_version: $(q out.db "select value from filterc_summary where metric='filterc_version'")"
at=$(q out.db "select value from filterc_summary where metric='routed_at'")
python3 -c '
import datetime, sys
t = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
d = abs((datetime.datetime.now(datetime.timezone.utc) - t).total_seconds())
assert d < 600, d' "$at" || fail "routed_at '$at'"
# SHA-256 at lengths around the padding boundaries (55, 56, 63, 64 mod 64)
for len in 695 696 703 704 759 760 767 768; do
  python3 - "$len" <<'PY' || fail "pad $len"
import sys
n = int(sys.argv[1])
base = open("coll.yaml").read()
pad = n - len(base.encode()) - 1
assert pad >= 2, pad
open("pad.yaml", "w").write(base + "#" * pad + "\n")
PY
  [ "$(wc -c <pad.yaml)" = "$len" ] || fail "pad.yaml is not $len bytes"
  "$filterc" route --quiet -o pad.db pad.yaml ev.jsonl || fail "route pad $len"
  want=$(python3 -c 'import hashlib; print(hashlib.sha256(open("pad.yaml","rb").read()).hexdigest())')
  got=$(q pad.db "select value from filterc_summary where metric='filters_sha256'")
  [ "$got" = "$want" ] || fail "sha256 at $len bytes: $got, not $want"
done
echo ok
