/* Regular expressions for `matches`, shared by the checker and the
 * evaluator. Flink's REGEXP(s, p) is SqlFunctionUtils.regExp
 * (flink-table-runtime): FALSE for an empty p, else
 * java.util.regex.Pattern.compile(p).matcher(s).find(0), with any Exception
 * (a pattern Java cannot compile) caught as FALSE and a StackOverflowError
 * not caught (the task fails). We never compile the user's Java text with
 * PCRE2: regex_java.c translates it, construct by construct from one table,
 * into the PCRE2 pattern that means the same, or rejects it with a
 * diagnostic. Both the validator and the runtime compile that translation. */
#ifndef FILTERC_REGEX_H
#define FILTERC_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef enum RegexLevel { REGEX_WARNING, REGEX_ERROR } RegexLevel;

typedef struct RegexIssue {
  RegexLevel level;
  size_t offset;       /* byte offset in the Java pattern */
  const char *code;    /* diagnostic code: bad-regex, regex-dialect, ... */
  const char *message; /* from the construct table */
  char hint[256];      /* the table's hint, with this pattern's details */
} RegexIssue;

#define REGEX_MAX_ISSUES 8

typedef struct RegexJava {
  Buf pcre2; /* the translation; complete only when !has_error */
  RegexIssue issues[REGEX_MAX_ISSUES];
  size_t issue_count; /* stored ones; later ones are dropped */
  bool has_error;     /* translation stops at the first error, as Java does */
  size_t groups;      /* capturing groups */
} RegexJava;

/* Translates a Java pattern (UTF-8) into PCRE2 syntax for regex_compile.
 * Always fills t; release it with regex_java_free. */
void regex_java_translate(const char *pattern, size_t len, RegexJava *t);
void regex_java_free(RegexJava *t);
/* Records that PCRE2 rejected the translation of a pattern Java accepts. */
void regex_java_pcre2_failure(RegexJava *t, const char *pcre2_message);

/* Translates and compiles with the options the translation assumes. On
 * failure returns NULL with a message (the first error's) and *offset (into
 * the Java pattern). The evaluator's only way to compile a pattern. */
pcre2_code *regex_compile(const char *pattern, size_t len, char *message,
                          size_t message_size, size_t *offset);
/* Compiles a translation; NULL with PCRE2's message when PCRE2 rejects what
 * Java accepted (e.g. a variable-length lookbehind). */
pcre2_code *regex_compile_translation(const RegexJava *t, char *message,
                                      size_t message_size);

/* The longest repetition of a group whose body Java cannot run iteratively
 * (see regex_java.c, "recursion") that we accept: measured with JDK 17's
 * default 1 MiB thread stack, (a|b){0,1500} survives a 10 KB subject and
 * {0,2000} overflows; the margin covers larger bodies. */
#define REGEX_JAVA_MAX_LOOP 100

#endif
