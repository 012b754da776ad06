/* Number <-> text conversions with Java's rules, because Flink converts
 * message values with Java's parsers and printers. Shared by the evaluator
 * and the SQLite cross-check (as the SQL function java_double_text), like
 * the regex matcher: they are formatting rules, not evaluation logic. */
#ifndef FILTERC_RUNTIME_NUMTEXT_H
#define FILTERC_RUNTIME_NUMTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text rt_java_double_text writes, with its NUL. */
#define RT_DOUBLE_TEXT_MAX 32

/* Double.toString(d) (JDK 19+, shortest digits that read back as d):
 * "100.0", "0.001", "1.0E7", "1.0E-4", "-0.0", "Infinity". Returns length. */
size_t rt_java_double_text(double d, char out[RT_DOUBLE_TEXT_MAX]);

/* The bytes Java's String.trim() removes: every byte <= 0x20. */
void rt_java_trim(const char **s, size_t *len);

/* Long.parseLong(s.trim()): an optional sign and ASCII digits, in range.
 * (Java also accepts non-ASCII Unicode digits; we do not.) */
bool rt_parse_long(const char *s, size_t len, int64_t *out);

/* A string "holding a number", for RETURNING DOUBLE and DOUBLE columns:
 * after trimming as Java does, [+-]? (digits [. digits?] | . digits)
 * ([eE] [+-]? digits)?. Java's Double.parseDouble also accepts NaN,
 * Infinity, hex floats and a d/f suffix; we return false for those
 * (our choice: such strings do not occur as amounts in practice, and
 * SQLite cannot parse them either). */
bool rt_parse_decimal(const char *s, size_t len, double *out);

#endif
