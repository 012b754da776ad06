#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(StrBuf *sb) {
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

void sb_free(StrBuf *sb) {
  free(sb->data);
  sb_init(sb);
}

void sb_reset(StrBuf *sb) {
  sb->len = 0;
  if (sb->data)
    sb->data[0] = '\0';
}

static void reserve(StrBuf *sb, size_t extra) {
  if (sb->cap - sb->len > extra)
    return;
  size_t cap = sb->cap ? sb->cap : 256;
  while (cap - sb->len <= extra)
    cap *= 2;
  char *p = realloc(sb->data, cap);
  if (!p) {
    fputs("filterc: out of memory\n", stderr);
    abort();
  }
  sb->data = p;
  sb->cap = cap;
}

void sb_putn(StrBuf *sb, const char *s, size_t n) {
  reserve(sb, n);
  memcpy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

void sb_puts(StrBuf *sb, const char *s) {
  sb_putn(sb, s, strlen(s));
}

void sb_putc(StrBuf *sb, char c) {
  sb_putn(sb, &c, 1);
}

void sb_printf(StrBuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char probe[1]; /* not NULL: gcc's -Wformat-truncation flags that under ASan */
  int n = vsnprintf(probe, sizeof probe, fmt, ap);
  va_end(ap);
  if (n <= 0)
    return;
  reserve(sb, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb->len += (size_t)n;
}

const char *sb_str(const StrBuf *sb) {
  return sb->data ? sb->data : "";
}
