/* The only places user text enters generated SQL. Identifiers, string
 * literals and comments each have one quoting function here, so a review of
 * the output's safety is a review of this file. It lives in the front end,
 * the bottom library, because the runtime's SQLite cross-check quotes its
 * string literals with it too: SQLite writes a quote inside a string
 * literal doubled, as Flink does (sqlite.org/lang_expr.html, "Literal
 * Values"), so one quoter serves both. */
#ifndef FILTERC_SQL_QUOTE_H
#define FILTERC_SQL_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Whether `s` can be a backtick-quoted Flink identifier: not empty, and no
 * NUL, CR or LF (Flink's lexer ends a quoted identifier at a line break). */
bool sql_ident_quotable(const char *s, size_t n);

/* `s` in backticks, a backtick inside doubled. Precondition:
 * sql_ident_quotable(s, n); callers check first and report. */
void sql_quote_ident(Buf *out, const char *s, size_t n);

/* `s` as a string literal: single quotes, a quote inside doubled. Flink
 * string literals process no backslash escapes, so nothing else changes
 * and the literal carries `s` byte for byte. */
void sql_quote_string(Buf *out, const char *s, size_t n);

/* `s` made safe inside a `--` comment that the caller ends with a newline:
 * every line break (CR, LF, U+0085, U+2028, U+2029) and other control
 * character becomes a space, so the text cannot end the comment early;
 * slash-star and star-slash are split by a space, so no tool that reads the
 * comment as part of a block comment sees one open or close; invalid UTF-8
 * and bidirectional
 * controls (which can make a review show something else than the file
 * holds) become '?'. */
void sql_comment_text(Buf *out, const char *s, size_t n);

#endif
