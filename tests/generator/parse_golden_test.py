#!/usr/bin/env python3
"""Every golden SQL file must parse under the independent Flink SQL grammar
(sqlparse/, dt-sql-parser) with the statement count its text implies: one
per CREATE TABLE, plus one statement set or one per INSERT.
Usage: parse_golden_test.py GOLDEN_DIR SQLPARSE_DIR; exit 77 without the
parser (run sqlparse/setup.sh)."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

golden, sqlparse = sys.argv[1], sys.argv[2]
if not shutil.which("node") or not os.path.exists(
        os.path.join(sqlparse, "dist", "flinksql.cjs")):
    print("SKIP: run tests/generator/sqlparse/setup.sh first")
    # a skip hides the proof; under CI it is a failure (.ci/run installs)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)
# Confluent Cloud's DISTRIBUTED BY clause (the message key of a sink; FLIP-376,
# Flink 1.20) is newer than dt-sql-parser's grammar. The clause filterc
# writes has one exact form on its own line; it is checked here and removed
# before the rest of the file goes to the parser.
DISTRIBUTED = re.compile(r"^DISTRIBUTED BY \(`(?:[^`\n]|``)+`\) (WITH \()$", re.M)
tmpdir = tempfile.mkdtemp()
spec = []
for path in sorted(glob.glob(os.path.join(golden, "*.sql"))):
    text = open(path, encoding="utf-8").read()
    if "DISTRIBUTED" in text:
        stripped = DISTRIBUTED.sub(r"\1", text)
        if "DISTRIBUTED" in stripped:
            print("FAIL: %s: a DISTRIBUTED clause of another form" % path)
            sys.exit(1)
        path = os.path.join(tmpdir, os.path.basename(path))
        with open(path, "w", encoding="utf-8") as out:
            out.write(stripped)
        text = stripped
    creates = len(re.findall(r"^CREATE TABLE ", text, re.M))
    inserts = len(re.findall(r"^INSERT INTO ", text, re.M))
    job = 1 if re.search(r"^EXECUTE STATEMENT SET$", text, re.M) else inserts
    spec.append({"file": path, "statements": creates + job})
if not spec:
    print("FAIL: no golden files")
    sys.exit(1)
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(spec, f)
try:
    sys.exit(subprocess.run(["node", os.path.join(sqlparse, "check-sql.cjs"), f.name]).returncode)
finally:
    os.unlink(f.name)
    shutil.rmtree(tmpdir)
