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
# SHA-256 at lengths around the padding boundaries (55, 56, 63, 64 mod 64)
lens="695 696 703 704 759 760 767 768"
python3 - $lens <<'PY' || fail "padding files"
import sys
base = open("coll.yaml").read()
for n in map(int, sys.argv[1:]):
    pad = n - len(base.encode()) - 1
    assert pad >= 2, pad
    open("pad%d.yaml" % n, "w").write(base + "#" * pad + "\n")
PY
for len in $lens; do
  "$filterc" route --quiet -o "pad$len.db" "pad$len.yaml" ev.jsonl || fail "route pad $len"
done
version=$("$filterc" --version | grep -o '[0-9][0-9.]*' | head -1)
# One Python for every check: its start-up is the slow part of this test.
python3 - "$version" $lens <<'PY' || fail "checks"
import datetime, hashlib, sqlite3, sys
version, lens = sys.argv[1], sys.argv[2:]
db = sqlite3.connect("out.db")
rows = db.execute("select topic, table_name, events from filterc_topics order by rowid").fetchall()
assert rows == [("loans", "loans", 2), ("Loans", "Loans#2", 2),
                ("filterc_summary", "filterc_summary#2", 2), ("a.b-c_d", "a.b-c_d", 0)], rows
for topic, table, events in rows:  # every mapped table holds the topic's events
    n = db.execute('select count(*) from "%s"' % table.replace('"', '""')).fetchone()[0]
    assert n == events, (table, n, events)
summary = {m: (c, v) for m, c, v in db.execute("select metric, count, value from filterc_summary")}
assert summary["events"] == (2, None), summary
assert summary["filters_file"] == (None, "coll.yaml"), summary
assert summary["filterc_version"] == (None, version), (summary, version)
at = datetime.datetime.strptime(summary["routed_at"][1], "%Y-%m-%dT%H:%M:%SZ")
now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
assert abs((now - at).total_seconds()) < 600, at
for n in lens:
    data = open("pad%s.yaml" % n, "rb").read()
    assert len(data) == int(n), (n, len(data))
    got = sqlite3.connect("pad%s.db" % n).execute(
        "select value from filterc_summary where metric='filters_sha256'").fetchone()[0]
    assert got == hashlib.sha256(data).hexdigest(), (n, got)
PY
echo ok
