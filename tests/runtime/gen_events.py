#!/usr/bin/env python3
"""Writes a JSONL corpus of raw-business-events messages for filterc route,
the SQLite cross-check test and the benchmark.

Most rows are clean messages as the CDC connector writes them. With
--dirty F, that fraction of rows is damaged the way real topics are: null
and missing columns, numbers written as strings, wrong JSON types, invalid
or non-string event_data, non-ASCII text, malformed lines, and the other
input shapes filterc accepts (Debezium envelopes, bare business events).
With --edge F, that fraction of rows also gets the inputs where Flink's own
libraries (Jackson, Jayway JsonPath, the cast rules) and a strict JSON parser
part ways (the Flink oracle's corpus, tests/oracle): integers, floats,
exponents and numbers beyond int64 and double range written as JSON numbers,
numeric and boolean strings (" 1 ", "1e5", "NaN", "TRUE", "yes"), \r and
U+2028 in strings, repeated keys, and lenient JSON that Jackson accepts as
Flink configures it (raw control characters in strings, text after the
value), in the message and in the event_data document alike.
The output is deterministic for a given --seed (and the same with --edge 0).
"""
import argparse
import json
import random
import re
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
        try:
            msg["event_data"] = json.loads(msg["event_data"])  # an object, not a string
        except ValueError:
            pass                                    # --edge text Python cannot read
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


# ---- --edge: where Flink's libraries and strict JSON parsers part ways ------

# A string "@@RAW@@text@@" is written as the bare text `text` (a number JSON
# cannot spell from Python: 1e400, -0, 1.50), "@@CTRL@@" as a raw U+0001.
RAW = re.compile(r'"@@RAW@@(.*?)@@"')


def raw(text):
    return "@@RAW@@%s@@" % text


def unraw(text):
    return RAW.sub(lambda m: m.group(1), text).replace("@@CTRL@@", "\u0001")


EDGE_NUMBERS = ["50000", "50000.0", "5e4", "5E+4", "1.50", "1E+5", "1e400", "-1e400", "1e-400",
                "-0", "-0.0", "0.0", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901234567890", "1.7976931348623157e308",
                "4.9e-324", "0.1", "100", "1000.0000000000001", "12.25"]
EDGE_STRINGS = [" 1 ", "1e5", "NaN", "-NaN", "Infinity", "-Infinity", "TRUE", "True", "yes", "y",
                "t", "1", "0", "no", " true", "true ", "1.5", "1.", ".5", "+5", "0x10", "0x1p3",
                "1d", "5f", "1_000", "\t5", "\u0661", "", " ", "1e400", "-0", "00012",
                "12345678901234567890", "1.0E+5", "\r", "US-East\r", "US-East\u2028",
                "LoanCreated\r\n", "@@CTRL@@"]


def edge_scalar(rng):
    k = rng.randrange(4)
    if k == 0:
        return raw(rng.choice(EDGE_NUMBERS))
    if k == 1:
        return rng.choice(EDGE_NUMBERS)                # a number written as a string
    if k == 2:
        return rng.choice([True, False, None, [], {}, [1], {"v": 1}])
    return rng.choice(EDGE_STRINGS)


def edge_event(ev, rng):
    """Edge values inside the business event (read by JSON_VALUE)."""
    try:
        attrs = ev["eventBody"]["entities"][0]["updatedAttributes"]
        loan = attrs["loan"]
        loan["loanAmount"] = loan.get("loanAmount")
    except (TypeError, KeyError, IndexError, AttributeError):
        return                                  # already damaged out of shape
    for _ in range(rng.randrange(1, 4)):
        kind = rng.randrange(6)
        if kind == 0:
            loan["loanAmount"] = edge_scalar(rng)
        elif kind == 1:
            loan["balance"] = edge_scalar(rng)
        elif kind == 2:
            loan["autopay"] = edge_scalar(rng)
        elif kind == 3:
            attrs["region"] = edge_scalar(rng)
        elif kind == 4:
            ev["eventHeader"]["createdDate"] = raw(rng.choice(
                ["1.7040672e12", "1704067200000.0", "17040672e5", "1704067200000", "-0"]))
        else:
            attrs["loan terms"] = {"rate": edge_scalar(rng)}


def edge_event_text(text, rng):
    """Edge JSON text of event_data: repeated keys, text after the value, raw control chars."""
    kind = rng.randrange(6)
    if kind == 0 and text.endswith("}"):
        return text[:-1] + ',"eventHeader":{"eventType":"Repeated"}}'
    if kind == 1 and text.startswith("{"):
        return '{"eventBody":{"entities":[]},' + text[1:]
    if kind == 2:
        return text + rng.choice([" x", " {}", "\n", " ]", ","])
    if kind == 3:
        return text.replace('"region":"', '"region":"@@CTRL@@', 1)
    if kind == 4:
        return " " + text + " "
    return text.replace('"loan":{', '"loan":{"loanAmount":1,', 1)


def edge_message(msg, rng):
    """Edge values in the flat message's columns (read by the json format)."""
    for _ in range(rng.randrange(1, 3)):
        col = rng.choice(["id", "event_name", "event_type", "created_date", "__op", "__table",
                          "__ts_ms", "__deleted", "event_data"])
        kind = rng.randrange(4)
        if col == "__ts_ms":
            msg[col] = rng.choice([raw(rng.choice(EDGE_NUMBERS)), raw("1.5e12"), raw("1e3"),
                                   " 1705312205000 ", "1705312205000.9", [1, 2], [], {"a": 1},
                                   True, "1e3", "0x10"])
        elif kind == 0:
            msg[col] = raw(rng.choice(EDGE_NUMBERS))
        elif kind == 1:
            msg[col] = rng.choice(EDGE_STRINGS)
        elif kind == 2:
            msg[col] = rng.choice([True, False, [], {}, ["LoanCreated"], {"id": "nested"},
                                   [{"x": [1, {"y": 2}]}]])
        elif col != "event_data" and "@@" not in str(msg.get(col, "")):
            msg[col] = str(msg.get(col, "")) + rng.choice(["\r", "\u2028", "\u0085", "\r\n"])


def edge_line(line, rng):
    """Edge JSON text of the whole message."""
    kind = rng.randrange(7)
    if kind == 0:
        return line[:-1] + ',"event_type":"Repeated"}'           # repeated key, last
    if kind == 1:
        return '{"event_type":"LoanCreated",' + line[1:]          # repeated key, first
    if kind == 2:
        return line + rng.choice([" trailing", " {}", " ]", ",", "}"])   # text after the value
    if kind == 3:
        return line.replace('"event_name":"', '"event_name":"\x01\t', 1)  # raw control chars
    if kind == 4:
        return '{"id":"dup","id":"dup2",' + line[1:]              # repeats use up the arity
    if kind == 5:
        return " \t" + line
    return line.replace('"__op":', '"__op":01,"x":', 1)          # a leading zero: not JSON


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
    ap.add_argument("--edge", type=float, default=0.0,
                    help="fraction of rows with Flink-vs-strict-JSON edge cases")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    edge_rng = random.Random(args.seed + 1)   # its own stream: --edge 0 changes nothing
    for i in range(args.count):
        ev = business_event(rng, i)
        dirty = rng.random() < args.dirty
        edge = args.edge > 0 and edge_rng.random() < args.edge
        if dirty and rng.random() < 0.4:
            damage_event(ev, rng)
        if edge and edge_rng.random() < 0.5:
            edge_event(ev, edge_rng)
        msg = message(ev, rng)
        if edge and isinstance(msg.get("event_data"), str):
            text = unraw(msg["event_data"])
            if edge_rng.random() < 0.3:
                text = edge_event_text(text, edge_rng)
            msg["event_data"] = text
        if dirty and rng.random() < 0.6:
            damage_message(msg, rng)
        if edge and edge_rng.random() < 0.5:
            edge_message(msg, edge_rng)
        obj = msg
        if dirty and rng.random() < 0.1:
            obj = envelope(msg, rng)
        elif dirty and rng.random() < 0.05:
            obj = ev
        line = json.dumps(obj, ensure_ascii=rng.random() < 0.5, separators=(",", ":"))
        if dirty and rng.random() < 0.03:
            line = malformed(line, rng)
        if edge:
            line = unraw(line)
            if edge_rng.random() < 0.15:
                line = edge_line(line, edge_rng)
        if dirty and rng.random() < 0.005:
            out.write("\n")                                       # blank line
        out.write(line + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
