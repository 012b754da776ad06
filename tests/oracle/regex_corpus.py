#!/usr/bin/env python3
"""Writes the REGEXP corpus of the oracle test: one filters file per pattern (a `matches`
filter on the flat `id` column, so each pattern that the validator rejects drops out alone),
the pattern itself in NAME.pattern, and subjects.jsonl with one message per subject string.

The patterns are the places where java.util.regex (which Flink's REGEXP runs:
SqlFunctionUtils.regExp) and PCRE2 read a pattern differently, or where Java cannot compile it
(FALSE on every row), or where Java's backtracking overflows the stack (the job fails).

usage: regex_corpus.py OUTDIR
"""
import json
import os
import sys

PATTERNS = [
    # line terminators: . and $ (Java: \n \r \r\n \u0085 \u2028 \u2029)
    "a.c", "^.+$", "abc$", "^abc$", "c$", "(?s)a.c", "(?m)^c", "(?d)a.c", "\\Z", "c\\z",
    # ASCII-only POSIX classes and \w, Unicode \b (JDK 17)
    "\\p{Alpha}", "^\\p{Alpha}+$", "\\p{Lower}", "\\p{Punct}", "\\p{Space}", "\\p{Alnum}",
    "\\w", "^\\w+$", "\\bé", "é\\b", "\\bword\\b", "\\b", "(?U)\\w", "\\p{L}", "\\p{IsLatin}",
    "\\p{javaLowerCase}", "\\p{InGreek}", "\\s", "\\S", "\\d", "\\h", "\\v", "\\R", "\\X",
    # case-insensitivity is ASCII-only without (?u)
    "(?i)é", "(?i)É", "(?iu)É", "(?i)straße", "(?i)k",
    # comments mode applies inside classes in Java
    "(?x)a b", "(?x)[a b]c", "(?x)a#b",
    # class syntax PCRE2 does not share
    "[a-d[m-p]]", "[a-z&&[def]]", "[a-z&&[^bc]]", "[[:alpha:]]", "[]a]", "[^]a]", "[\\w-.]",
    # quantifier and brace edge cases
    "a{,2}", "x{2,1}", "{", "a{", "}", "]", "a{1}b", "a{1,}", "a++b", "(?>a+)b", "a*+",
    # escapes
    "\\Qa.b\\E", "\\x41", "\\x{1F600}", "\\u00e9", "\\N{LATIN SMALL LETTER E WITH ACUTE}",
    "\\0101", "\\cA", "\\e", "\\i", "\\y", "\\1", "\\k<n>",
    # groups
    "(?<n>a)\\k<n>", "(?<n_1>a)", "(a)\\1", "(?<=a)b", "(?<!a)b", "(?=a)", "a(?!b)",
    # anchors
    "\\A", "\\Aa", "\\G", "$", "^$",
    # deep backtracking: Java recurses per repetition and overflows the stack
    "^(a|b)*$", "(a|aa)+$",
]

SUBJECTS = [
    "abc", "abc\n", "abc\r\n", "abc\r", "abc\u2028", "abc\u2029", "abc\u0085", "abc\n\n",
    "a\nc", "a\rc", "a\u2028c", "a\u0085c", "a\u000bc", "a\u000cc", "é", "e\u0301", "café",
    "Straße", "STRASSE", "É", "K", "\u212a", "word", "a word.", "a b", "ab", "abc c", "a#b",
    " ", "\u000b", "\u00a0", "\u3000", "٣", "7", "a.b", "axb", "aa", "aab", "b", "d", "m", "z",
    "{", "}", "]", "x", "😀", "A", "\u0001", "\u001b", "", "αβγ", "aaaa", "a" * 20000,
]


def yaml_quote(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, p in enumerate(PATTERNS):
        name = "regex-%03d" % i
        with open(os.path.join(out, name + ".yaml"), "w", encoding="utf-8") as f:
            f.write("filters:\n"
                    "  - id: %s\n"
                    "    name: pattern %d\n"
                    "    consumerId: oracle\n"
                    "    outputTopic: out-%03d\n"
                    "    enabled: true\n"
                    "    conditions:\n"
                    "      - field: id\n"
                    "        operator: matches\n"
                    "        value: %s\n" % (name, i, i, yaml_quote(p)))
        with open(os.path.join(out, name + ".pattern"), "w", encoding="utf-8") as f:
            f.write(p)
    with open(os.path.join(out, "subjects.jsonl"), "w", encoding="utf-8") as f:
        for s in SUBJECTS:
            f.write(json.dumps({"id": s, "event_type": "RegexSubject"}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
