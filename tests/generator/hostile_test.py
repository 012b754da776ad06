#!/usr/bin/env python3
"""Hostile-string corpus: no value, name, description, JSON key or setting
can change the structure of the generated SQL.

Writes a filters file whose every user-controlled string is hostile (quotes,
backticks, --, /* */, ;, CR/LF, U+2028/U+2029, control characters, bidi
controls, very long text, non-ASCII, NUL-free binary junk), generates SQL
for every target x variant x statement layout, and has the independent
Flink SQL grammar (tests/generator/sqlparse, dt-sql-parser) check that each
file parses, has exactly the expected number of statements, carries every
literal back unchanged, and keeps names and descriptions inside comments.

Usage: hostile_test.py FILTERC SQLPARSE_DIR
Exit 77 (skipped) when the parser has not been set up (sqlparse/setup.sh).
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

filterc, sqlparse = sys.argv[1], sys.argv[2]
checker = os.path.join(sqlparse, "check-sql.cjs")
if not shutil.which("node") or not os.path.exists(
        os.path.join(sqlparse, "dist", "flinksql.cjs")):
    print("SKIP: run tests/generator/sqlparse/setup.sh first")
    # a skip hides the proof; under CI it is a failure (.ci/run installs)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)


def junk(seed, n):
    """NUL-free random code points, surrogates excluded (YAML cannot
    carry them), the same on every run."""
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        cp = rnd.choice([rnd.randint(1, 0x7F), rnd.randint(0x80, 0x7FF),
                         rnd.randint(0x800, 0xFFFD), rnd.randint(0x10000, 0x10FFFF)])
        if 0xD800 <= cp <= 0xDFFF or 0xE000 <= cp <= 0xF8FF:  # U+E000: see check-sql
            continue
        out.append(chr(cp))
    return "".join(out)


HOSTILE = [
    "it's", "''", "'", "'; DROP TABLE `raw-business-events`; --",
    "`", "``", "a`b", "`); DROP TABLE x; --", "--", "-- end", "/*", "*/",
    "/* open", "close */", "*/ INSERT INTO x SELECT 1; /*", ";", ";;",
    "a\nb", "a\r\nb", "a\rb", "\n--\n", "\r\n*/\r\n", "line\u2028sep",
    "para\u2029sep", "nel\u0085x", "tab\there", "\x01\x02\x1b[31mred\x7f",
    "bidi \u202eevil\u202c", "\u2066iso\u2069", "Zürich — 東京 🚀 Ωμέγα",
    "\\", "\\'", "\\n", "%_", "${X}", "{{where}}", "{{name | ident}}",
    "END;", "BEGIN", "EXECUTE STATEMENT SET", "x" * 20000,
    "'" * 300 + "`" * 300, junk(1, 200), junk(2, 2000),
]


def yq(s):
    """s as a YAML double-quoted scalar that reads back exactly as s."""
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif cp < 0x20 or 0x7F <= cp <= 0x9F:
            out.append("\\x%02x" % cp)
        elif cp in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def regex_escape(s):
    """A pattern that matches s literally, in Java and PCRE2 alike."""
    return "".join("\\" + c if c in "\\.^$|?*+()[]{}" else c for c in s)


def json_key(s):
    """A JSON key from s: the checker rejects quotes and backslashes in
    keys, which JSON paths cannot carry portably."""
    return s.replace("'", "").replace("\\", "").replace("]", "") or "k"


tmp = tempfile.mkdtemp(prefix="filterc-hostile-")
try:
    lines = ["settings:",
             "  bootstrap_servers: " + yq("B0:" + HOSTILE[3] + HOSTILE[19]),
             "  group_id: " + yq("G0:" + HOSTILE[28])]
    # environments (issue 10): every value an environment adds to the SQL
    # (Kafka properties, option keys and values, the error log table, the
    # JSON column's name) is hostile too
    env_literals = {"h-flink": [], "h-confluent": []}
    lines += ["environments:", "  h-flink:", "    target: flink",
              "    source: {json_column: %s}" % yq("J:" + HOSTILE[5]),
              "    key: id", "    properties:"]
    for k in (3, 12, 16, 29, 33, 42):
        # a YAML implicit key is at most 1024 characters: long text only in values
        pk = "p%d." % k + (HOSTILE[k] if len(HOSTILE[k]) < 300 else "long")
        lines.append("      %s: %s" % (yq(pk), yq("PV%d:" % k + HOSTILE[k])))
        env_literals["h-flink"] += ["properties." + pk, "PV%d:" % k + HOSTILE[k]]
    lines.append("    sink_options:")
    for k in (4, 19, 21):
        lines.append("      %s: %s" % (yq("zz%d-" % k + HOSTILE[k]), yq("SV%d:" % k + HOSTILE[k])))
        env_literals["h-flink"] += ["zz%d-" % k + HOSTILE[k], "SV%d:" % k + HOSTILE[k]]
    # no key here: the key column is a schema column, not free text, and
    # DISTRIBUTED BY is newer than the parser (parse_golden_test.py)
    lines += ["  h-confluent:", "    target: confluent",
              "    error_handling: {mode: log, log_target: %s}" % yq("L:" + HOSTILE[7]),
              "    source_options:"]
    env_literals["h-confluent"].append("L:" + HOSTILE[7])
    for k in (8, 20, 42):
        lines.append("      %s: %s" % (yq("yy%d-" % k + HOSTILE[k]), yq("OV%d:" % k + HOSTILE[k])))
        env_literals["h-confluent"] += ["yy%d-" % k + HOSTILE[k], "OV%d:" % k + HOSTILE[k]]
    lines.append("filters:")
    literals, in_comments, in_literals = [], [], []
    literals_flink = ["B0:" + HOSTILE[3] + HOSTILE[19], "G0:" + HOSTILE[28]]
    topics = []
    for i, h in enumerate(HOSTILE):
        v, n, d = "V%d:" % i, "N%d:" % i, "D%d:" % i
        key = json_key("K%d:" % i + h)
        topic = "hostile.topic_%d-X" % i
        topics.append(topic)
        lines += [
            "  - id: hostile-%d" % i,
            "    name: " + yq(n + h),
            "    description: " + yq(d + h),
            "    consumerId: " + yq("C%d:" % i + h),
            "    enabled: true",
            "    outputTopic: " + topic,
            "    conditions:",
            "      - {field: event_type, operator: equals, value: %s}" % yq(v + h),
            "      - {field: event_name, operator: notEquals, value: %s}" % yq(v + "ne" + h),
            "      - {field: id, operator: in, values: [%s, %s]}" % (yq(v + "in1" + h),
                                                                   yq(v + "in2" + h)),
            "      - not: {field: saved_date, operator: notIn, values: [%s]}" % yq(v + "ni" + h),
            "      - any:",
            "          - {field: created_date, operator: matches, value: %s}"
            % yq(regex_escape(v + "re" + h)),
            "          - {field: %s, operator: equals, value: %s}"
            % (yq("eventBody['%s'].x" % key), yq(v + "js" + h)),
        ]
        literals += [v + h, v + "ne" + h, v + "in1" + h, v + "in2" + h, v + "ni" + h,
                     regex_escape(v + "re" + h), v + "js" + h,
                     "$.eventBody['%s'].x" % key]
        in_comments += [n, d]
        in_literals += [v, "K%d:" % i]
    # one multi-topic filter, so routes differ from topics
    lines += [
        "  - id: hostile-multi",
        "    name: " + yq("NM:" + HOSTILE[20]),
        "    consumerId: multi",
        "    enabled: true",
        "    conditions:",
        "      - {field: event_type, operator: equals, value: %s}" % yq("VM:" + HOSTILE[16]),
        "    outputTopics:",
        "      - topic: hostile-multi-a",
        "        condition: {field: id, operator: equals, value: %s}" % yq("VMa:" + HOSTILE[4]),
        "      - topic: hostile-multi-b",
        "        condition: {field: id, operator: equals, value: %s}" % yq("VMb:" + HOSTILE[21]),
    ]
    literals += ["VM:" + HOSTILE[16], "VMa:" + HOSTILE[4], "VMb:" + HOSTILE[21]]
    in_comments.append("NM:")
    topics += ["hostile-multi-a", "hostile-multi-b"]
    routes = len(HOSTILE) + 2

    src = os.path.join(tmp, "hostile.yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    spec, failures = [], 0
    for target in ("confluent", "flink"):
        for variant in ("normal", "no-op"):
            for separate in (False, True):
                out = os.path.join(tmp, "%s-%s%s.sql" % (target, variant,
                                                         "-separate" if separate else ""))
                cmd = [filterc, "generate", "--target", target, "--variant", variant,
                       "-o", out, src] + (["--separate-statements"] if separate else [])
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    print("FAIL: %s exited %d\n%s" % (" ".join(cmd[:7]), r.returncode,
                                                      r.stderr[:3000]))
                    failures += 1
                    continue
                spec.append({
                    "file": out,
                    "statements": 1 + len(topics) + (routes if separate else 1),
                    "literals": literals + (literals_flink if target == "flink" else []),
                    "identifiers": topics + ["raw-business-events"],
                    "in_comments": in_comments,
                    "in_literals": in_literals,
                })
    for env, target in (("h-flink", "flink"), ("h-confluent", "confluent")):
        out = os.path.join(tmp, "env-%s.sql" % env)
        cmd = [filterc, "generate", "--env", env, "-o", out, src]
        r = subprocess.run(cmd, capture_output=True)
        if r.returncode != 0:
            print("FAIL: %s exited %d\n%s" % (" ".join(cmd[:4]), r.returncode,
                                              r.stderr.decode("utf-8", "replace")[:3000]))
            failures += 1
            continue
        spec.append({
            "file": out,
            "statements": 1 + len(topics) + 1,
            "literals": literals + env_literals[env] +
                        (literals_flink if target == "flink" else []),
            "identifiers": topics + ["raw-business-events"] +
                           (["J:" + HOSTILE[5]] if env == "h-flink" else []),
            "in_comments": in_comments,
            "in_literals": in_literals,
        })
    spec_path = os.path.join(tmp, "spec.json")
    with open(spec_path, "w", encoding="utf-8") as f:
        json.dump(spec, f)
    r = subprocess.run(["node", checker, spec_path])
    sys.exit(1 if failures or r.returncode else 0)
finally:
    shutil.rmtree(tmp)
