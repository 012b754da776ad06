/* A growable byte buffer, internal to the runtime. Allocation failure
 * aborts: the runtime's buffers are bounded by the longest line. */
#ifndef FILTERC_RUNTIME_BUF_H
#define FILTERC_RUNTIME_BUF_H

#include <stddef.h>

typedef struct Buf {
  char *p;
  size_t len, cap;
} Buf;

void buf_free(Buf *b);
void buf_reserve(Buf *b, size_t extra);
void buf_add(Buf *b, const char *s, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
/* Appends s as a JSON string literal, quotes included, escaped as
 * Jackson's generator does (CharTypes.sOutputEscapes128: \" \\ \b \t \n \f \r,
 * other controls \u00XX with upper-case hex, everything else as is). */
void buf_json_string(Buf *b, const char *s, size_t n);

#endif
