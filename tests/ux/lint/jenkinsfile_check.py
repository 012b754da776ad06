"""A structural check of a declarative Jenkinsfile, for want of a Groovy
parser that runs without a JVM: brackets balance outside strings and
comments, the pipeline has an agent and stages, every stage has steps, and
the filter check publishes its diagnostics (recordIssues with the gcc
parser) and test results (junit). Prints the problems; exit 1 if any.
usage: python3 jenkinsfile_check.py JENKINSFILE"""
import re
import sys


def strip_strings_and_comments(text):
    """Replaces string and comment contents with spaces (newlines kept, so
    line numbers hold). Handles '', "", ''' ''', // and /* */."""
    out, i, n = [], 0, len(text)
    while i < n:
        for opener, closer in (("'''", "'''"), ('"""', '"""'), ("/*", "*/"), ("//", "\n"),
                               ("'", "'"), ('"', '"')):
            if text.startswith(opener, i):
                end = i + len(opener)
                while end < n and not text.startswith(closer, end):
                    end += 2 if text[end] == "\\" and closer not in ("*/", "\n") else 1
                if end >= n and closer != "\n":
                    raise ValueError("unterminated %s at line %d" % (opener, text.count("\n", 0, i) + 1))
                end = min(n, end + len(closer))
                chunk = text[i:end]
                out.append(opener if opener in ("'", '"', "'''", '"""') else "")
                out.append(re.sub(r"[^\n]", " ", chunk[len(opener):]))
                i = end
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def check(path):
    text = open(path, encoding="utf-8").read()
    problems = []
    try:
        code = strip_strings_and_comments(text)
    except ValueError as e:
        return ["%s: %s" % (path, e)]
    stack = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for lineno, line in enumerate(code.split("\n"), 1):
        for ch in line:
            if ch in "([{":
                stack.append((ch, lineno))
            elif ch in ")]}":
                if not stack or stack[-1][0] != pairs[ch]:
                    problems.append("%s:%d: unmatched '%s'" % (path, lineno, ch))
                    return problems
                stack.pop()
    for ch, lineno in stack:
        problems.append("%s:%d: '%s' is never closed" % (path, lineno, ch))
    if not re.search(r"^\s*pipeline\s*\{", code, re.M):
        problems.append("%s: no 'pipeline {' block" % path)
    for word in ("agent", "stages"):
        if not re.search(r"\b%s\b" % word, code):
            problems.append("%s: the pipeline has no '%s'" % (path, word))
    stages = [m.start() for m in re.finditer(r"\bstage\s*\(", code)]
    if not stages:
        problems.append("%s: no stage" % path)
    for k, start in enumerate(stages):
        body = code[start:stages[k + 1] if k + 1 < len(stages) else len(code)]
        if not re.search(r"\bsteps\s*\{", body):
            problems.append("%s:%d: a stage without steps" % (path, code.count("\n", 0, start) + 1))
    if not re.search(r"recordIssues\b.*\bgcc\s*\(", text):
        problems.append("%s: diagnostics are not published (recordIssues with gcc())" % path)
    if not re.search(r"\bjunit\b", code):
        problems.append("%s: test results are not published (junit)" % path)
    return problems


if __name__ == "__main__":
    found = [p for f in sys.argv[1:] for p in check(f)]
    print("\n".join(found) if found else "ok")
    sys.exit(1 if found else 0)
