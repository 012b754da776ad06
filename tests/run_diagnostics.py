#!/usr/bin/env python3
"""Golden diagnostics tests, in the spirit of clang's -verify.

Each test file states the diagnostics it must produce, in comments:

    # expect: LINE:COL SEVERITY [code]
    # args: --variant no-op          (extra arguments for filterc validate;
                                      @HERE@ is the test file's directory)
    # exit: 2                        (default: 1 if an error is expected, else 0)

Files that cannot hold comments (binary junk, invalid UTF-8) keep the same
lines in a sidecar FILE.expect. The runner compares the exact multiset of
(line, column, severity, code) that `filterc validate --format json` reports
with the expected one, and the exit status.
"""
import json
import os
import re
import subprocess
import sys
from collections import Counter

EXPECT = re.compile(rb"#\s*expect:\s*(\d+):(\d+)\s+(error|warning|note)\s+\[([a-z0-9-]+)\]")
ARGS = re.compile(rb"#\s*args:\s*(.*)")
EXIT = re.compile(rb"#\s*exit:\s*(\d+)")


def expectations(path):
    side = path + ".expect"
    text = open(side if os.path.exists(side) else path, "rb").read()
    expected = sorted((int(m[0]), int(m[1]), m[2].decode(), m[3].decode())
                      for m in EXPECT.findall(text))
    args = []
    for m in ARGS.findall(text):
        args += m.decode().split()
    exits = EXIT.findall(text)
    if exits:
        code = int(exits[0])
    else:
        code = 1 if any(e[2] == "error" for e in expected) else 0
    return expected, args, code


def run_one(filterc, path):
    expected, args, want_exit = expectations(path)
    here = os.path.dirname(os.path.abspath(path))
    args = [a.replace("@HERE@", here) for a in args]
    proc = subprocess.run([filterc, "validate", "--format", "json", *args, path],
                          capture_output=True, timeout=60)
    problems = []
    if proc.returncode != want_exit:
        problems.append("exit status %d, expected %d" % (proc.returncode, want_exit))
    try:
        report = json.loads(proc.stdout)
        got = sorted((d["line"], d["column"], d["severity"], d["code"])
                     for d in report["diagnostics"])
    except (ValueError, KeyError) as e:
        problems.append("unreadable JSON output: %s; stderr: %s" % (e, proc.stderr[-500:]))
        got = []
        report = {"diagnostics": []}
    # multisets: a diagnostic reported twice where once is expected (or the
    # other way round) is a failure, not a match
    want, have = Counter(expected), Counter(got)
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    for e in missing:
        problems.append("missing   %d:%d %s [%s]" % e)
    for g in extra:
        msg = next((d["message"] for d in report["diagnostics"]
                    if (d["line"], d["column"], d["severity"], d["code"]) == g), "")
        problems.append("unexpected %d:%d %s [%s] %s" % (*g, msg))
    return problems


def main():
    filterc, files = sys.argv[1], sys.argv[2:]
    passed = failed = 0
    for path in files:
        problems = run_one(filterc, path)
        name = os.path.basename(path)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("     " + p)
        else:
            passed += 1
            print("ok   %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
