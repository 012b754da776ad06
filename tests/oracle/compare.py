#!/usr/bin/env python3
"""Compares `filterc route --format truth` with the Flink oracle's output, line by line.

usage: compare.py LABEL ROUTE.truth ORACLE.truth EVENTS.jsonl

A line agrees when both give the same character per INSERT (T, F, U), or when neither
routes it anywhere: route MALFORMED/BLANK and the oracle DROPPED/BLANK. Disagreements are
grouped by kind; each kind is printed with its count and a few example events. Exit 1 on any
disagreement or job failure (oracle J or JOB_FAILURE), 0 otherwise. Lines that one side decodes
and the other drops, where no INSERT would be TRUE, are counted and shown but do not fail
(nothing observable differs).
"""
import collections
import sys

EXAMPLES = 3


def read(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            parts = raw.rstrip("\n").split("\t")
            out.append((int(parts[0]), parts[1], parts[2] if len(parts) > 2 else ""))
    return out


def main():
    label, route_path, oracle_path, events_path = sys.argv[1:5]
    route, oracle = read(route_path), read(oracle_path)
    with open(events_path, "rb") as f:
        events = f.read().split(b"\n")
    kinds = collections.OrderedDict()
    benign = collections.OrderedDict()
    failing = 0

    def add(table, kind, lineno, detail):
        entry = table.setdefault(kind, [0, []])
        entry[0] += 1
        if len(entry[1]) < EXAMPLES:
            text = events[lineno - 1].decode("utf-8", "replace") if lineno <= len(events) else ""
            if len(text) > 400:
                text = text[:220] + " ... " + text[-160:]
            entry[1].append("line %d: %s\n      %s" % (lineno, detail, text))

    if len(route) != len(oracle):
        print("%s: route has %d lines, the oracle %d" % (label, len(route), len(oracle)))
        return 1
    for (ln, r, _), (ln2, o, why) in zip(route, oracle):
        if ln != ln2:
            print("%s: line numbers differ: %d vs %d" % (label, ln, ln2))
            return 1
        r_dropped = r in ("MALFORMED", "BLANK")
        if o == "JOB_FAILURE":
            add(kinds, "job failure: the source format fails on the record", ln, why)
            continue
        o_dropped = o in ("DROPPED", "BLANK")
        if r_dropped and o_dropped:
            continue
        if r_dropped:
            if "T" in o or "J" in o:
                add(kinds, "route drops (%s) a record Flink decodes and routes" % r, ln,
                    "oracle %s %s" % (o, why))
            else:
                add(benign, "route %s, Flink decodes it (no INSERT TRUE)" % r, ln, "oracle " + o)
            continue
        if o_dropped:
            if "T" in r:
                add(kinds, "route routes a record Flink drops (%s)" % o, ln,
                    "route %s; %s" % (r, why))
            else:
                add(benign, "Flink drops (%s) a record route decodes (no route TRUE)" % o, ln,
                    "route " + r + "; " + why)
            continue
        if len(r) != len(o):
            print("%s: line %d: route has %d routes, the SQL %d INSERTs" % (label, ln, len(r), len(o)))
            return 1
        for i, (a, b) in enumerate(zip(r, o)):
            if b == "J":
                add(kinds, "job failure: INSERT #%d throws" % (i + 1), ln, why)
            elif a != b:
                add(kinds, "INSERT #%d: route %s, Flink %s" % (i + 1, a, b), ln, "route %s oracle %s" % (r, o))
    for table, verdict in ((kinds, "FAIL"), (benign, "note")):
        for kind, (count, examples) in table.items():
            if verdict == "FAIL":
                failing += count
            print("%s %s: %s: %d lines" % (verdict, label, kind, count))
            for e in examples:
                print("    " + e)
    lines = len(route)
    print("%s: %d lines compared, %d disagreeing or failing" % (label, lines, failing))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
