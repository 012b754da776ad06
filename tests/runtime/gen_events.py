#!/usr/bin/env python3
"""Writes a JSONL corpus of raw-business-events messages for filterc route,
the SQLite cross-check test and the benchmark.

Most rows are clean messages as the CDC connector writes them. With
--dirty F, that fraction of rows is damaged the way real topics are: null
and missing columns, numbers written as strings, wrong JSON types, invalid
or non-string event_data, non-ASCII text, malformed lines, and the other
input shapes filterc accepts (Debezium envelopes, bare business events).
The output is deterministic for a given --seed.
"""
import argparse
import json
import random
import sys

EVENT_TYPES = ["LoanCreated", "LoanPaymentSubmitted", "CarServiceDone", "CarCreated",
               "LoanUpdated", "CarUpdated", "CustomerCreated"]
OPS = ["c"] * 6 + ["u", "u", "d", "r"]
TIERS = ["premium", "standard", "basic"]
REGIONS = ["US-East", "US-West", "US-Central", "EU-North", "Zürich", "東京"]
STATUSES = ["active", "cancelled", "closed", "pending"]
NON_ASCII = ["é", "ü", "€", "😀", "日本", "Ω", "\u00a0", "ñ"]


def iso(ms):
    import datetime
    if not isinstance(ms, int) or isinstance(ms, bool):
        return ms
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")


def business_event(rng, i):
    etype = rng.choice(EVENT_TYPES)
    created = 1704067200000 + rng.randrange(0, 40_000_000_000)
    entity = "Loan" if etype.startswith("Loan") else ("Car" if etype.startswith("Car") else "Customer")
    eid = "%s-%d%s" % (entity.lower(), rng.randrange(1, 100000),
                       "-premium" if rng.random() < 0.1 else "")
    loan = {
        "loanAmount": rng.choice([rng.randrange(500, 200000),
                                  round(rng.uniform(500, 200000), 2),
                                  10000, 50000, 1000, 1000000]),
        "balance": rng.choice([rng.randrange(0, 600000), 500000.5, 0, round(rng.uniform(0, 9e5), 1)]),
        "status": rng.choice(STATUSES),
        "autopay": rng.random() < 0.5,
    }
    if rng.random() < 0.3:
        loan["closedDate"] = created + 86400000
    attrs = {"loan": loan, "customer": {"tier": rng.choice(TIERS)},
             "region": rng.choice(REGIONS),
             "loan terms": {"rate": rng.choice([0.03, 0.05, 0.049, 0.07, 0.05000001])}}
    return {
        "eventHeader": {"uuid": "event-%d" % i, "eventName": etype,
                        "createdDate": created, "savedDate": created + 5000,
                        "eventType": etype},
        "eventBody": {"entities": [{"entityType": entity, "entityId": eid,
                                    "updatedAttributes": attrs}]},
    }


def message(ev, rng):
    h = ev["eventHeader"]
    return {
        "id": h["uuid"], "event_name": h["eventName"], "event_type": h["eventType"],
        "created_date": iso(h["createdDate"]), "saved_date": iso(h["savedDate"]),
        "event_data": json.dumps(ev, ensure_ascii=rng.random() < 0.5, separators=(",", ":")),
        "__op": rng.choice(OPS), "__table": "business_events",
        "__ts_ms": h["savedDate"] + 20 if isinstance(h["savedDate"], int) else None,
    }


def damage_event(ev, rng):
    """Damages the business event inside event_data."""
    loan = ev["eventBody"]["entities"][0]["updatedAttributes"]["loan"]
    ent = ev["eventBody"]["entities"][0]
    kind = rng.randrange(14)
    if kind == 0:
        loan["loanAmount"] = str(loan["loanAmount"])          # number as string
    elif kind == 1:
        loan["loanAmount"] = rng.choice([True, None, {"v": 1}, [1, 2], "abc", " 12 ", "1e4", ""])
    elif kind == 2:
        del loan["loanAmount"]
    elif kind == 3:
        loan["autopay"] = rng.choice(["true", "TRUE", "False", "yes", 1, 0, None, "tRuE"])
    elif kind == 4:
        ent["entityId"] = "loan-%d%s" % (rng.randrange(100), rng.choice(NON_ASCII))
    elif kind == 5:
        ent["entityType"] = rng.choice([None, 7, ["Loan"], "Lo\u00e4n", "Car"])
    elif kind == 6:
        ev["eventBody"]["entities"] = rng.choice([[], {}, None, "x"])
    elif kind == 7:
        ent["updatedAttributes"]["region"] = rng.choice([None, 1, True, "US-East ", "us-east"])
    elif kind == 8:
        ev["eventHeader"]["createdDate"] = rng.choice(["2024-01-01T00:00:00Z", None, "1704067200000", 1.7040672e12])
    elif kind == 9:
        ent["updatedAttributes"]["customer"] = rng.choice([None, "premium", {"tier": 1}, {"tier": "prémium"}])
    elif kind == 10:
        loan["balance"] = rng.choice(["-0", -0.0, 1e300, -5, "0x10", "NaN", "Infinity", "+5", ".5", "5."])
    elif kind == 11:
        ent["updatedAttributes"]["loan terms"] = rng.choice([{"rate": "0.04"}, {"rate": None}, [], {"rate": 0.05}])
    elif kind == 12:
        loan["status"] = rng.choice(["cancelled", "Cancelled", None, 0, "cancelled\u00e9"])
    else:
        ev["eventHeader"]["eventType"] = rng.choice([None, "LoanCreated", 12])


def damage_message(msg, rng):
    kind = rng.randrange(12)
    col = rng.choice(list(msg.keys()))
    if kind == 0:
        msg[col] = None
    elif kind == 1:
        del msg[col]
    elif kind == 2:
        msg["__ts_ms"] = rng.choice([str(msg.get("__ts_ms", 1)), " 1705312205000 ", 1.5e12, 1705312205000.7,
                                     "abc", True, "9223372036854775807", "9223372036854775808",
                                     "-9223372036854775808", "+42", "-0", "", "1e3", None, {"a": 1}])
    elif kind == 3:
        msg["event_type"] = rng.choice([1, 2.5, True, False, ["LoanCreated"], {"t": "LoanCreated"},
                                        "LoanCreated" + rng.choice(NON_ASCII), "loancreated", "",
                                        1e21, -0.0, 100.0, 0.001, 1234567.0, 12345678.9])
    elif kind == 4:
        msg["event_data"] = rng.choice(["{not json", "", "null", "[]", "5", "\"str\"", "{\"eventBody\":",
                                        "{\"a\":1} x", 5, True, None])
    elif kind == 5:
        msg["event_data"] = json.loads(msg["event_data"])     # an object, not a string
    elif kind == 6:
        msg["__op"] = rng.choice(["C", "x", 1, None, "c ", "ç"])
    elif kind == 7:
        msg["event_name"] = rng.choice(NON_ASCII) + "Créé"
    elif kind == 8:
        msg["id"] = rng.choice([12, None, "évènement-" + rng.choice(NON_ASCII)])
    elif kind == 9:
        msg["__deleted"] = rng.choice(["true", "false", True, None])
    elif kind == 10:
        msg["extra_column"] = {"nested": [1, 2, {"x": "y"}]}
    else:
        msg["__table"] = rng.choice([None, "other", 3])


def envelope(msg, rng):
    op = msg.get("__op") if msg.get("__op") in ("c", "u", "d", "r") else "c"
    row = {k: v for k, v in msg.items() if not k.startswith("__")}
    env = {"before": row if op in ("u", "d") else None,
           "after": None if op == "d" else row,
           "source": {"version": "2.5.0.Final", "connector": "postgresql", "name": "cdc",
                      "ts_ms": msg.get("__ts_ms"), "db": "app", "schema": "public",
                      "table": "business_events"},
           "op": op, "ts_ms": 1705312205123}
    if rng.random() < 0.5:
        env = {"schema": {"type": "struct"}, "payload": env}
    return env


def malformed(line, rng):
    kind = rng.randrange(6)
    if kind == 0:
        return line[: rng.randrange(1, max(2, len(line) - 1))]   # truncated
    if kind == 1:
        return rng.choice(["[1,2,3]", "\"just a string\"", "42", "null", "true"])
    if kind == 2:
        return line.replace("\"id\"", "id", 1)                    # unquoted key
    if kind == 3:
        return line + " trailing"
    if kind == 4:
        return "{\"id\": \"x\", \"event_type\": NaN}"
    return "{\"event_type\": \"LoanCreated\",}"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dirty", type=float, default=0.2, help="fraction of damaged rows")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    for i in range(args.count):
        ev = business_event(rng, i)
        dirty = rng.random() < args.dirty
        if dirty and rng.random() < 0.4:
            damage_event(ev, rng)
        msg = message(ev, rng)
        if dirty and rng.random() < 0.6:
            damage_message(msg, rng)
        obj = msg
        if dirty and rng.random() < 0.1:
            obj = envelope(msg, rng)
        elif dirty and rng.random() < 0.05:
            obj = ev
        line = json.dumps(obj, ensure_ascii=rng.random() < 0.5, separators=(",", ":"))
        if dirty and rng.random() < 0.03:
            line = malformed(line, rng)
        if dirty and rng.random() < 0.005:
            out.write("\n")                                       # blank line
        out.write(line + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
