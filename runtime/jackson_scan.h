/* A pull tokenizer over JSON text that yields the token sequence Jackson's
 * JsonParser (jackson-core 2.14, the version Flink 1.18 shades) yields, so
 * that Flink's row converter (JsonParserToRowDataConverters) and Jayway's
 * ObjectMapper read can be replicated token by token, including their
 * behaviour on repeated keys and on values of the wrong shape.
 *
 * Why not simdjson: Jackson accepts what simdjson rejects (integers beyond
 * 64 bits, 1e400, lone surrogate escapes, raw control characters with
 * ALLOW_UNESCAPED_CONTROL_CHARS, text after the root value), and Flink keeps
 * a number's source text (JsonParser.getText() of a number token, and
 * BigDecimal(text) in JSON_VALUE since FLINK-35696), which a DOM loses.
 *
 * What it follows (jackson-core UTF8StreamJsonParser / ReaderBasedJsonParser
 * with default features):
 *   - whitespace is space, \t, \n, \r; no comments, no single quotes, no
 *     unquoted names, no trailing commas, no NaN/Infinity tokens;
 *   - numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; a leading
 *     zero followed by a digit, "1.", "1e", "-" are errors;
 *   - strings: the escapes \" \\ \/ \b \f \n \r \t \uXXXX; a raw byte
 *     below 0x20 is an error unless allow_ctrl (Flink's json format enables
 *     JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, FLINK-20773); UTF-8 is
 *     checked as UTF8StreamJsonParser does (_decodeUtf8_2/3/4: the lead
 *     byte's class and 10xxxxxx continuation bytes, nothing more);
 *   - after the root value, the next token is a new root value, or the end
 *     (Jackson's nextToken() returns null there); end of input inside an
 *     open object or array is an error.
 * String contents are checked when the token is read (Jackson checks them
 * lazily, on getText() or when skipping): jk_text() reports a bad string so
 * that the caller can tell the two apart where Flink does.
 *
 * Not followed: the StreamReadConstraints of Jackson 2.15+ (number length
 * 1000, string length, nesting depth 1000 since 2.16). flink-shaded's poms
 * bundle jackson 2.14.2 in release 17.0, 2.15.3 in 18.0 and 19.0, 2.18.2
 * in 20.0 and 2.20.1 in 21.0; which flink-shaded each Flink release takes
 * is not verified here, so the constraints' reach (only lines with a
 * number of over 1000 digits or a string of millions of characters) is an
 * open question, not a rule. */
#ifndef FILTERC_RUNTIME_JACKSON_SCAN_H
#define FILTERC_RUNTIME_JACKSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum JkTok {
  JK_END, /* Jackson's null token: end of input after a root value */
  JK_START_OBJECT,
  JK_END_OBJECT,
  JK_START_ARRAY,
  JK_END_ARRAY,
  JK_FIELD_NAME,
  JK_STRING,
  JK_INT,
  JK_FLOAT,
  JK_TRUE,
  JK_FALSE,
  JK_NULL,
  JK_ERROR /* a tokenizer error; sticky */
} JkTok;

typedef struct JkParser {
  const unsigned char *p, *end;
  bool allow_ctrl;
  bool avx2; /* strings are scanned with AVX2 (the CPU has it; tests may clear it) */
  JkTok tok;
  const unsigned char *start; /* where the current token begins */
  const char *raw;            /* the token's raw text: a number, or a string's contents */
  size_t raw_len;
  bool escaped;         /* the string has escapes, so its text needs decoding */
  bool bad_string;      /* the string's contents are invalid (bad escape/UTF-8) */
  bool string_read;     /* jk_text() was called on the current string */
  unsigned char *stack; /* 'o' or 'a' per open container */
  size_t depth, cap;
  int state;
  const char *error;
  const unsigned char *resume; /* set with an error jk_recover() can read on from */
  bool resume_null;            /* ... and the null token Jackson yields first */
  Buf text;                    /* decoded string text */
} JkParser;

void jk_init(JkParser *jp, const char *text, size_t len, bool allow_ctrl);
/* Restarts on new text, keeping the buffers. */
void jk_reset(JkParser *jp, const char *text, size_t len);
void jk_free(JkParser *jp);

/* Jackson's nextToken(). JK_ERROR (and jp->error) on a syntax error; a
 * bad string that was not read with jk_text() is an error here, as
 * Jackson's _skipString() raises it. */
JkTok jk_next(JkParser *jp);

/* Jackson's getText() of the current token: a string's or name's decoded
 * text (lone surrogate escapes become '?', as Flink's StringData encoding
 * writes them), a number's source text, "true", "false", "null", "{", "}",
 * "[", "]"; NULL for JK_END. Returns false for a string whose contents are
 * invalid (Jackson throws from getText()). The text is valid until the next
 * call. */
bool jk_text_general(JkParser *jp, const char **s, size_t *len);
static inline bool jk_text(JkParser *jp, const char **s, size_t *len) {
  /* inline for the common case, a name or string without escapes */
  if ((jp->tok == JK_FIELD_NAME || jp->tok == JK_STRING) && !jp->escaped &&
      !jp->bad_string) {
    jp->string_read = true;
    *s = jp->raw;
    *len = jp->raw_len;
    return true;
  }
  return jk_text_general(jp, s, len);
}

/* jk_text() appended to out (decoded straight into it). */
bool jk_append_text(JkParser *jp, Buf *out);

/* Decodes the raw contents of a valid string (jp->raw of a JK_STRING
 * whose bad_string is false), appending to out. */
void jk_decode(const char *raw, size_t len, Buf *out);

/* After a JK_ERROR that Jackson throws with its parser still usable (a
 * NaN or Infinity token: Jackson matches it whole, then throws), leaves
 * the parser where Jackson's is, so that Flink's row loop can read on after
 * a field converter caught the error (wrapIntoNullableConverter). Returns
 * false, changing nothing, after any other error. */
bool jk_recover(JkParser *jp);

/* Skips the current value: for START_OBJECT/START_ARRAY, up to and
 * including its END token. Returns false on a tokenizer error. */
bool jk_skip_children(JkParser *jp);

#endif
