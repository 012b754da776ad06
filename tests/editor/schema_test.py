#!/usr/bin/env python3
"""The editor schema (`filterc schema`, JSON Schema draft-07) against Ajv.

1. The committed copy validator/schema/filters.schema.json is exactly
   `filterc schema` output (regenerate: build/filterc schema > that file),
   and README's key reference is `filterc schema --format markdown`.
2. Ajv (strict mode) compiles it.
3. Every filters file the compiler accepts validates: examples/*.yaml,
   filters/*.yaml (not *.test.yaml) and the diagnostics corpus files whose
   expectations hold no error.
4. Files the compiler rejects for structure are rejected by the schema:
   every corpus file expecting an error whose code is a structure rule the
   schema expresses, and each case in tests/editor/invalid/ (each must also
   be rejected by `filterc validate`, so the cases cannot go stale).
Usage: schema_test.py FILTERC SOURCE_ROOT. Needs tests/editor/setup.sh
(Ajv, yaml from npm): without it the test is skipped (77), and under
CI=true that is a failure.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

filterc, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
here = os.path.join(root, "tests", "editor")
sys.path.insert(0, os.path.join(root, "tests"))
from run_diagnostics import expectations  # noqa: E402

# Codes the schema can express: unknown keys, node kinds, required keys,
# exclusive keys, operator names and argument shapes, the enums.
STRUCTURE = {"unknown-key", "wrong-node-kind", "missing-key", "conflicting-keys",
             "ambiguous-condition", "unknown-operator", "unexpected-value",
             "missing-value", "missing-values", "empty-group", "bad-status",
             "bad-value-type", "bad-logic", "bad-version", "bad-id"}

if not shutil.which("node") or not os.path.isdir(os.path.join(here, "node_modules", "yaml")):
    print("skip: run tests/editor/setup.sh to install Ajv and yaml")
    sys.exit(1 if os.environ.get("CI") == "true" else 77)

failures = []
schema_text = subprocess.run([filterc, "schema"], capture_output=True, check=True).stdout
committed = os.path.join(root, "validator", "schema", "filters.schema.json")
if open(committed, "rb").read() != schema_text:
    failures.append("validator/schema/filters.schema.json differs from `filterc schema`; "
                    "regenerate it with: build/filterc schema > "
                    "validator/schema/filters.schema.json")

# README's key reference is `filterc schema --format markdown`
markdown = subprocess.run([filterc, "schema", "--format", "markdown"], capture_output=True,
                          check=True).stdout.decode()
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
begin, end = "<!-- keys:begin -->", "<!-- keys:end -->"
if begin not in readme or end not in readme or \
        readme[readme.index(begin) + len(begin):readme.index(end)] != markdown:
    failures.append("README.md between %s and %s is not `filterc schema --format "
                    "markdown`; paste its output there" % (begin, end))

valid, structural = [], []
valid += sorted(glob.glob(os.path.join(root, "examples", "*.yaml")))
valid += sorted(glob.glob(os.path.join(root, "filters", "*.yaml")))
corpus = sorted(glob.glob(os.path.join(root, "tests", "diagnostics", "*.yaml")) +
                glob.glob(os.path.join(root, "tests", "diagnostics", "*.json")))
for path in corpus:
    expected, _args, code = expectations(path)
    errors = {e[3] for e in expected if e[2] == "error"}
    if not errors and code == 0:
        valid.append(path)
    elif errors & STRUCTURE:
        structural.append(path)
valid = [p for p in valid if not p.endswith(".test.yaml")]
cases = sorted(glob.glob(os.path.join(here, "invalid", "*.yaml")) +
               glob.glob(os.path.join(here, "invalid", "*.json")))
for path in cases:
    r = subprocess.run([filterc, "validate", "--format", "json", path], capture_output=True)
    codes = {d["code"] for d in json.loads(r.stdout)["diagnostics"]} if r.stdout else set()
    if r.returncode != 1:
        failures.append("%s: filterc validate should reject it for structure (exit %d, %s)"
                        % (os.path.relpath(path, root), r.returncode, sorted(codes)))

with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
    f.write(schema_text)
try:
    run = subprocess.run(["node", os.path.join(here, "check-schema.cjs"), f.name,
                          *valid, *structural, *cases], capture_output=True, text=True)
finally:
    os.unlink(f.name)
if run.returncode != 0:
    print(run.stdout + run.stderr)
    sys.exit(1)
results = {r["file"]: r for r in map(json.loads, run.stdout.splitlines())}

unparsed = 0
for path in valid:
    r = results[path]
    if not r["valid"]:
        failures.append("%s: valid for filterc, rejected by the schema:\n  %s"
                        % (os.path.relpath(path, root), r["errors"].replace("\n", "\n  ")))
for path in structural + cases:
    r = results[path]
    if not r["parsed"]:
        unparsed += 1  # e.g. duplicate keys: the YAML reader stops first
        if path in cases:
            failures.append("%s: not parseable, so the schema is not exercised"
                            % os.path.relpath(path, root))
    elif r["valid"]:
        failures.append("%s: rejected by filterc for structure, accepted by the schema"
                        % os.path.relpath(path, root))

print("editor schema: %d valid files accepted, %d structure errors rejected "
      "(%d corpus files, %d cases; %d not parseable as YAML)"
      % (len(valid), len(structural) + len(cases) - unparsed, len(structural),
         len(cases), unparsed))
for msg in failures:
    print("FAIL " + msg)
sys.exit(1 if failures else 0)
