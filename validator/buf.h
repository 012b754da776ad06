/* The string builder: a growable byte buffer, the one every stage appends
 * to. The generator builds SQL text in one, the regex translator its PCRE2
 * pattern, the runtime its decoded values, SQL statements and result lines;
 * it lives in the front end, the bottom library, so all of them can.
 * Allocation failure aborts, like the arena. */
#ifndef FILTERC_BUF_H
#define FILTERC_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct Buf {
  /* NUL-terminated after every append through these functions (code that
   * writes p[len++] itself, as the runtime's hot loops do, is not) */
  char *p;
  size_t len, cap;
} Buf;

void buf_init(Buf *b);
void buf_free(Buf *b);
void buf_reset(Buf *b); /* empties, keeps the memory */
/* buf_reserve's growing half. */
void buf_grow(Buf *b, size_t extra);
/* Room for `extra` more bytes and a terminating NUL. The appends are
 * inline: the generator and the runtime make millions of small ones. */
static inline void buf_reserve(Buf *b, size_t extra) {
  if (b->cap - b->len <= extra) /* one byte stays for the NUL */
    buf_grow(b, extra);
}
static inline void buf_add(Buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n)
    memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}
static inline void buf_addc(Buf *b, char c) {
  buf_reserve(b, 1);
  b->p[b->len++] = c;
  b->p[b->len] = '\0';
}
void buf_adds(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Never NULL: "" for an empty buffer. */
const char *buf_str(const Buf *b);
/* Appends s as a JSON string literal, quotes included, escaped as
 * Jackson's generator does (CharTypes.sOutputEscapes128: \" \\ \b \t \n \f \r,
 * other controls \u00XX with upper-case hex, everything else as is). */
void buf_json_string(Buf *b, const char *s, size_t n);

#endif
