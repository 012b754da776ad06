/* The native side of tests/regex/regex_java_test.py: for each line of the
 * corpus (the format JavaRegexProbe.java reads), the validator's verdict on
 * the pattern and the evaluator's REGEXP result on each subject.
 *
 * Output, one line per corpus line: the first issue's code (or "ok"),
 * "error"/"warning"/"-", then a TAB and T, F or LIMIT (a PCRE2 limit: the
 * evaluator reports "Flink would fail or stall here") per subject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filterc_runtime.h"
#include "regex.h"

static int hex(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : c - 'A' + 10;
}

/* Percent-decodes f[0..n) into out; "~N*TEXT" repeats TEXT N times. */
static void decode(const char *f, size_t n, Buf *out) {
  buf_reset(out);
  size_t times = 1;
  if (n && f[0] == '~') {
    const char *star = memchr(f, '*', n);
    if (star) {
      times = strtoul(f + 1, NULL, 10);
      n -= (size_t)(star + 1 - f);
      f = star + 1;
    }
  }
  Buf one;
  buf_init(&one);
  buf_adds(&one, "");
  for (size_t i = 0; i < n; i++) {
    if (f[i] == '%' && i + 2 < n) {
      buf_addc(&one, (char)(hex(f[i + 1]) * 16 + hex(f[i + 2])));
      i += 2;
    } else {
      buf_addc(&one, f[i]);
    }
  }
  buf_adds(out, "");
  for (size_t k = 0; k < times; k++)
    buf_add(out, one.p, one.len);
  buf_free(&one);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: regex_probe CORPUS\n");
    return 2;
  }
  FILE *in = fopen(argv[1], "r");
  if (!in) {
    perror(argv[1]);
    return 2;
  }
  RtMatcher m;
  if (rt_matcher_init(&m) != 0)
    return 2;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  Buf field;
  buf_init(&field);
  while ((got = getline(&line, &cap, in)) > 0) {
    size_t len = (size_t)got;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (!len || line[0] == '#')
      continue;
    char *tab = strchr(line, '\t'); /* skip the expectation */
    char *pat = tab ? tab + 1 : line + len;
    char *end = strchr(pat, '\t');
    decode(pat, end ? (size_t)(end - pat) : strlen(pat), &field);
    RegexJava t;
    regex_java_translate(field.p, field.len, &t);
    pcre2_code *re = NULL;
    if (!t.has_error) {
      char message[256];
      re = regex_compile_translation(&t, message, sizeof message);
      if (!re)
        regex_java_pcre2_failure(&t, message);
    }
    printf("%s %s", t.issue_count ? t.issues[0].code : "ok",
           t.has_error     ? "error"
           : t.issue_count ? "warning"
                           : "-");
    while (end) {
      char *s = end + 1;
      end = strchr(s, '\t');
      decode(s, end ? (size_t)(end - s) : strlen(s), &field);
      if (!re) {
        printf("\t-");
        continue;
      }
      RtTruth r = rt_matcher_find(&m, re, field.p, field.len);
      printf("\t%s", r == RT_TRUE ? "T" : r == RT_FALSE ? "F" : "LIMIT");
    }
    printf("\n");
    pcre2_code_free(re);
    regex_java_free(&t);
  }
  buf_free(&field);
  free(line);
  fclose(in);
  rt_matcher_free(&m);
  return 0;
}
