#!/usr/bin/env python3
"""The diagnostics table is complete and the README's copy is current.

1. Every code the sources emit (the first string literal after a SEV_*
   argument of a diagnostic call, and the codes of the regex construct table and the
   YAML/template error helpers) is in `filterc codes --format json`, with a
   compatible severity; every table entry is emitted somewhere.
2. The table is sorted (diag_code_info uses binary search).
3. README.md between <!-- codes:begin --> and <!-- codes:end --> is
   exactly `filterc codes`.
Usage: diag_codes_test.py FILTERC SOURCE_ROOT
"""
import glob
import json
import os
import re
import subprocess
import sys

filterc, root = sys.argv[1], sys.argv[2]
table = json.loads(subprocess.run([filterc, "codes", "--format", "json"],
                                  capture_output=True, check=True).stdout)
by_code = {e["code"]: e for e in table}
failures = []

CALL = re.compile(r'SEV_(ERROR|WARNING|NOTE)\s*,(?:[^;"]*?,)?\s*"([a-z][a-z0-9-]*)"', re.S)
# rows of the regex construct table (validator/regex_java.c)
LINT = re.compile(r'\b(REJECT|WARN),\s*NULL,\s*"([a-z][a-z0-9-]*)"', re.S)
HELPER = re.compile(r'\b(?:fail|error)\(\s*\w+\s*,[^;"]*?"([a-z][a-z0-9-]*)"', re.S)
emitted = {}
sources = [f for d in ("validator", "generator", "runtime", "cli")
           for f in glob.glob(os.path.join(root, d, "*.c"))]
for path in sources:
    text = open(path, encoding="utf-8").read()
    for m in CALL.finditer(text):
        emitted.setdefault(m.group(2), set()).add(m.group(1).lower())
    for m in LINT.finditer(text):
        emitted.setdefault(m.group(2), set()).add(
            "error" if m.group(1) == "REJECT" else "warning")
    for m in HELPER.finditer(text):
        emitted.setdefault(m.group(1), set()).add("error")

if len(emitted) < 40:
    failures.append("found only %d codes in the sources: the scan is broken" % len(emitted))
for code, sevs in sorted(emitted.items()):
    entry = by_code.get(code)
    if not entry:
        failures.append("code '%s' is emitted but not in validator/diagcodes.c" % code)
        continue
    allowed = set(entry["severity"].split(" or "))
    if not sevs <= allowed:
        failures.append("code '%s' is emitted as %s but the table says %s"
                        % (code, "/".join(sorted(sevs)), entry["severity"]))
for code in by_code:
    if code not in emitted:
        failures.append("table entry '%s' is emitted nowhere" % code)
codes = [e["code"] for e in table]
if codes != sorted(codes):
    failures.append("validator/diagcodes.c is not sorted by code")

readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
m = re.search(r"<!-- codes:begin -->\n(.*?)<!-- codes:end -->", readme, re.S)
markdown = subprocess.run([filterc, "codes"], capture_output=True, text=True,
                          check=True).stdout
if not m:
    failures.append("README.md has no <!-- codes:begin --> ... <!-- codes:end --> block")
elif m.group(1) != markdown:
    failures.append("README.md's codes table is stale: paste `filterc codes` into it")

for f in failures:
    print("FAIL: " + f)
print("%d passed, %d failed" % (0 if failures else 1, len(failures)))
sys.exit(1 if failures else 0)
