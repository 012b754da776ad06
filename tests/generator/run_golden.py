#!/usr/bin/env python3
"""Golden tests of `filterc generate`.

Each expected file golden/NAME.TARGET-VARIANT[-separate].sql is the output
for golden/NAME.yaml with --target TARGET --variant VARIANT (and
--separate-statements). The test regenerates each twice (the output must be
byte-identical: no timestamps, stable order) and compares it with the file.
Every NAME.yaml must have an expectation for every target and variant,
except one with environments: its golden/NAME.env-ENV.sql files are the
output of --env ENV. A `# args: ...` line in NAME.yaml adds options
(@HERE@ is golden/).

Usage: run_golden.py FILTERC GOLDEN_DIR [--update]
--update rewrites the expected files from the current compiler; review the
diff before committing them.
"""
import difflib
import glob
import os
import re
import subprocess
import sys

filterc, golden = sys.argv[1], sys.argv[2]
update = "--update" in sys.argv[3:]
NAME = re.compile(r"^(?P<base>[a-z0-9-]+)\.(?:(?P<target>confluent|flink)-"
                  r"(?P<variant>normal|no-op)|env-(?P<env>[a-z0-9-]+))"
                  r"(?P<separate>-separate)?\.sql$")
COMBOS = [(t, v) for t in ("confluent", "flink") for v in ("normal", "no-op")]


ARGS = re.compile(r"^#\s*args:\s*(.*)$", re.M)


def extra_args(yaml):
    here = os.path.dirname(os.path.abspath(yaml))
    text = open(yaml, encoding="utf-8").read()
    return [a.replace("@HERE@", here) for m in ARGS.findall(text) for a in m.split()]


def generate(yaml, target, variant, separate, env=None):
    """NAME.env-ENV.sql is the output of --env ENV (issue 10)."""
    if env:
        cmd = [filterc, "generate", "--env", env, *extra_args(yaml), yaml]
    else:
        cmd = [filterc, "generate", "--target", target, "--variant", variant,
               *extra_args(yaml), yaml]
    if separate:
        cmd.append("--separate-statements")
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(cmd), r.returncode,
                                                 r.stderr.decode(errors="replace")))
    return r.stdout


failures = 0
expected_files = sorted(glob.glob(os.path.join(golden, "*.sql")))
for yaml in sorted(glob.glob(os.path.join(golden, "*.yaml"))):
    base = os.path.basename(yaml)[:-5]
    # a file of environments is checked through its environments only
    if glob.glob(os.path.join(golden, base + ".env-*.sql")):
        continue
    for target, variant in COMBOS:
        want = os.path.join(golden, "%s.%s-%s.sql" % (base, target, variant))
        if want not in expected_files and not update:
            print("FAIL: %s has no expectation %s" % (yaml, os.path.basename(want)))
            failures += 1
        elif update and want not in expected_files:
            expected_files.append(want)

for path in expected_files:
    m = NAME.match(os.path.basename(path))
    if not m:
        print("FAIL: unexpected file name %s" % path)
        failures += 1
        continue
    yaml = os.path.join(golden, m["base"] + ".yaml")
    try:
        got = generate(yaml, m["target"], m["variant"], m["separate"], m["env"])
        again = generate(yaml, m["target"], m["variant"], m["separate"], m["env"])
    except RuntimeError as e:
        print("FAIL: %s" % e)
        failures += 1
        continue
    if got != again:
        print("FAIL: %s: two runs gave different output" % os.path.basename(path))
        failures += 1
    if update:
        with open(path, "wb") as f:
            f.write(got)
        continue
    with open(path, "rb") as f:
        want = f.read()
    if got != want:
        failures += 1
        print("FAIL: %s differs:" % os.path.basename(path))
        diff = difflib.unified_diff(want.decode().splitlines(), got.decode().splitlines(),
                                    "expected", "generated", lineterm="", n=2)
        for line in list(diff)[:60]:
            print("  " + line)
    else:
        print("ok: %s" % os.path.basename(path))

sys.exit(1 if failures else 0)
