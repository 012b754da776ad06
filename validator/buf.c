#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void buf_init(Buf *b) {
  *b = (Buf){0};
}

void buf_free(Buf *b) {
  free(b->p);
  *b = (Buf){0};
}

void buf_reset(Buf *b) {
  b->len = 0;
  if (b->p)
    b->p[0] = '\0';
}

void buf_grow(Buf *b, size_t extra) {
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= extra)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fputs("filterc: out of memory\n", stderr);
    abort();
  }
  b->p = p;
  b->cap = cap;
}

void buf_adds(Buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  /* into the room there is (once, most often), else again after growing */
  buf_reserve(b, 64);
  va_start(ap, fmt);
  int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n <= 0) {
    b->p[b->len] = '\0';
    return;
  }
  if ((size_t)n < b->cap - b->len) {
    b->len += (size_t)n;
    return;
  }
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *buf_str(const Buf *b) {
  return b->p ? b->p : "";
}

/* Whether byte c is written as is in a JSON string (Jackson's generator). */
static int json_plain(unsigned char c) {
  return c >= 0x20 && c != '"' && c != '\\';
}

void buf_json_string(Buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF"; /* Jackson's CharTypes.HC */
  /* Room for twice the string (a \" or \\ per byte), its quotes and a
   * 16-byte store's slack; a \u00XX escape asks for its own. Kept true:
   * room >= 2 x (bytes left) + 18. */
  buf_reserve(b, 2 * n + 2 + 16);
  b->p[b->len++] = '"';
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    /* 16 bytes at a time up to the next quote, backslash or control */
    while (n - i >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
      __m128i ctl =
          _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
      unsigned m = (unsigned)_mm_movemask_epi8(
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                       ctl));
      _mm_storeu_si128((__m128i *)(void *)(b->p + b->len), v);
      if (!m) {
        b->len += 16;
        i += 16;
        continue;
      }
      unsigned k = (unsigned)__builtin_ctz(m);
      b->len += k;
      i += k;
      if (s[i] == '"' || s[i] == '\\') { /* event_data is full of them */
        b->p[b->len++] = '\\';
        b->p[b->len++] = s[i++];
        continue;
      }
      break;
    }
#endif
    while (i < n && json_plain((unsigned char)s[i]))
      b->p[b->len++] = s[i++];
    if (i >= n)
      break;
    unsigned char c = (unsigned char)s[i++];
    buf_reserve(b, 6 + 2 * (n - i) + 2 + 16);
    char *o = b->p + b->len;
    *o++ = '\\';
    switch (c) {
    case '"':
    case '\\':
      *o++ = (char)c;
      break;
    case '\n':
      *o++ = 'n';
      break;
    case '\r':
      *o++ = 'r';
      break;
    case '\t':
      *o++ = 't';
      break;
    case '\b':
      *o++ = 'b';
      break;
    case '\f':
      *o++ = 'f';
      break;
    default:
      *o++ = 'u';
      *o++ = '0';
      *o++ = '0';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
    }
    b->len = (size_t)(o - b->p);
  }
  b->p[b->len++] = '"';
}
