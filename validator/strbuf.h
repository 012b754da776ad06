/* A growable byte string: every generator stage appends to one, so SQL text
 * is built without fixed-size buffers or intermediate allocations; the
 * regex translator (regex_java.c) builds its PCRE2 pattern in one too, which
 * is why it lives in the front end. */
#ifndef FILTERC_STRBUF_H
#define FILTERC_STRBUF_H

#include <stddef.h>

typedef struct StrBuf {
  char *data; /* NUL-terminated once anything was appended */
  size_t len, cap;
} StrBuf;

void sb_init(StrBuf *sb);
void sb_free(StrBuf *sb);
void sb_reset(StrBuf *sb); /* empties, keeps the memory */
/* The append functions abort on out-of-memory, like the arena. */
void sb_putn(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_putc(StrBuf *sb, char c);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Never NULL: "" for an empty buffer. */
const char *sb_str(const StrBuf *sb);

#endif
