#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void buf_reserve(Buf *b, size_t extra) {
  if (b->cap - b->len > extra) /* one byte stays for the NUL */
    return;
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

void buf_add(Buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n)
    memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void buf_adds(Buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

void buf_addc(Buf *b, char c) {
  buf_reserve(b, 1);
  b->p[b->len++] = c;
  b->p[b->len] = '\0';
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char probe[1]; /* not NULL: gcc's -Wformat-truncation flags that under ASan */
  int n = vsnprintf(probe, sizeof probe, fmt, ap);
  va_end(ap);
  if (n <= 0)
    return;
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *buf_str(const Buf *b) {
  return b->p ? b->p : "";
}

void buf_json_string(Buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF"; /* Jackson's CharTypes.HC */
  buf_reserve(b, n + 2);
  buf_addc(b, '"');
  size_t run = 0; /* bytes copied verbatim in one go */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    buf_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"':
      buf_add(b, "\\\"", 2);
      break;
    case '\\':
      buf_add(b, "\\\\", 2);
      break;
    case '\n':
      buf_add(b, "\\n", 2);
      break;
    case '\r':
      buf_add(b, "\\r", 2);
      break;
    case '\t':
      buf_add(b, "\\t", 2);
      break;
    case '\b':
      buf_add(b, "\\b", 2);
      break;
    case '\f':
      buf_add(b, "\\f", 2);
      break;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      buf_add(b, u, 6);
    }
    }
  }
  buf_add(b, s + run, n - run);
  buf_addc(b, '"');
}
