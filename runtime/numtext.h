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
 * "100.0", "0.001", "1.0E7", "1.0E-4", "-0.0", "Infinity". Returns length.
 * Not the printer of SQL literals (validator/check_literals.c
 * sql_number_literal_text, "100", "1e-07"): this one reproduces Flink's
 * run-time text of a DOUBLE, that one writes source text. */
size_t rt_java_double_text(double d, char out[RT_DOUBLE_TEXT_MAX]);

/* The bytes Java's String.trim() removes: every byte <= 0x20. */
void rt_java_trim(const char **s, size_t *len);

/* Long.parseLong(s.trim()): an optional sign and ASCII digits, in range.
 * (Java also accepts non-ASCII Unicode digits; we do not.) */
bool rt_parse_long(const char *s, size_t len, int64_t *out);

/* A string "holding a number", for DOUBLE columns of the json format:
 * after trimming as Java does, [+-]? (digits [. digits?] | . digits)
 * ([eE] [+-]? digits)?. */
bool rt_parse_decimal(const char *s, size_t len, double *out);

/* ---- Flink's casts from STRING, as TRY_CAST applies them ----------------
 * TRY_CAST(s AS T) is NULL exactly where CAST(s AS T) throws; these return
 * false there. Each names the Flink method it follows. */

/* TRY_CAST(s AS DOUBLE): StringToNumericPrimitiveCastRule calls
 * BinaryStringDataUtil.toDouble on s.trim(), which is Double.parseDouble:
 * Java trim (every char <= 0x20), optional sign, "NaN",
 * "Infinity", decimal digits with '.' and exponent, hexadecimal floats
 * with a binary exponent, one optional f/F/d/D suffix. */
bool rt_cast_string_to_double(const char *s, size_t len, double *out);

/* TRY_CAST(s AS BIGINT): StringToNumericPrimitiveCastRule calls
 * BinaryStringDataUtil.toLong on s.trim() (BinaryStringData.trim removes
 * spaces, 0x20, only): optional sign, ASCII digits, and a fraction after
 * '.' that must be digits and is dropped ("1.9" is 1, ".5" and "." are 0). */
bool rt_cast_string_to_bigint(const char *s, size_t len, int64_t *out);

/* TRY_CAST(s AS BOOLEAN): StringToBooleanCastRule calls
 * BinaryStringDataUtil.toBoolean on the string as it is (no trim), lower-
 * cased: t, true, y, yes, 1 / f, false, n, no, 0; anything else throws. */
bool rt_cast_string_to_boolean(const char *s, size_t len, bool *out);

#endif
