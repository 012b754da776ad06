/* Text for terminals and CI logs. User and event text (keys, names, test
 * case names, event values, file contents) is printed with every character
 * that could act instead of show made visible: control characters, line
 * breaks, U+2028/2029 and the bidi controls. Otherwise a value holding
 * "\n::error file=x::LGTM" forges a GitHub workflow command in a CI log,
 * ESC sequences move the cursor or retitle the terminal, and U+202E makes
 * a review show something else. The github and SARIF formats escape by
 * their own rules (compile.c). */
#ifndef FILTERC_TERMTEXT_H
#define FILTERC_TERMTEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The visible form of the character at s[0..len) (len > 0) if it needs
 * one ("\\n", "\\x1b", "\\u202e"), in esc (at least 8 bytes); *used is
 * the bytes it spans. Returns false when the character prints as itself
 * (*used is then its UTF-8 length). Tabs print as themselves when
 * keep_tab. */
bool term_char_escape(const char *s, size_t len, bool keep_tab, char esc[8],
                      size_t *used);

/* Writes s[0..len) escaped. */
void term_write(FILE *out, const char *s, size_t len);

/* Writes generated SQL escaped, with each line break outside quotes (the
 * generator's layout) written as `newline`; inside a '...' literal or a
 * `...` identifier a line break is the user's and shows as \n. */
void term_write_sql(FILE *out, const char *sql, const char *newline);

/* Whether s[0..len) holds a bidi control character (U+202A-202E,
 * U+2066-2069, U+200E, U+200F, U+061C). */
bool term_has_bidi(const char *s, size_t len);

/* fprintf whose %s and %.*s arguments are written through term_write;
 * the format itself (its line breaks) is printed as is. Conversions
 * supported: %s %.*s %c %d %i %u %x %ld %lu %lld %llu %zu %g %f %e and %%,
 * with flags, width and precision. */
int term_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int term_vprintf(FILE *out, const char *fmt, va_list ap);

#endif
