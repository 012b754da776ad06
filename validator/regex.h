/* Regular expressions for `matches`, shared by the checker (compile errors,
 * dialect lint) and the evaluator (matching). Flink runs Java's
 * java.util.regex; we run PCRE2 configured to be as close to it as PCRE2
 * allows, and the lint rejects constructs whose meaning differs. */
#ifndef FILTERC_REGEX_H
#define FILTERC_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Compiles with the options that mimic Java (UTF-8 subject, \uhhhh and
 * \x{h..} escapes, no Unicode-aware \w or case folding). On failure returns
 * NULL and fills message (PCRE2's text) and *offset (code units into the
 * pattern where the error was seen). */
pcre2_code *regex_compile(const char *pattern, size_t len, char *message,
                          size_t message_size, size_t *offset);

typedef enum RegexLintLevel { REGEX_LINT_WARNING, REGEX_LINT_ERROR } RegexLintLevel;

typedef struct RegexLint {
  RegexLintLevel level;
  size_t offset; /* byte offset in the pattern */
  const char *code;
  const char *message;
} RegexLint;

/* Finds constructs that Java and PCRE2 read differently or that Java lacks.
 * Writes at most `max` findings, returns how many were found. */
size_t regex_lint(const char *pattern, size_t len, RegexLint *out, size_t max);

#endif
