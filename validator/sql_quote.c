#include "sql_quote.h"

#include <string.h>

/* sql_ident_quotable is in validator/schema.c: the schema reader checks
 * every identifier a schema brings with it. */

/* Wraps s in `q`, doubling every `q` inside: the one escape both Flink
 * identifiers and string literals use. */
static void quote_doubling(Buf *out, char q, const char *s, size_t n) {
  buf_addc(out, q);
  const char *end = s + n;
  while (s < end) {
    const char *hit = memchr(s, q, (size_t)(end - s));
    if (!hit) {
      buf_add(out, s, (size_t)(end - s));
      break;
    }
    buf_add(out, s, (size_t)(hit - s) + 1);
    buf_addc(out, q);
    s = hit + 1;
  }
  buf_addc(out, q);
}

void sql_quote_ident(Buf *out, const char *s, size_t n) {
  quote_doubling(out, '`', s, n);
}

void sql_quote_string(Buf *out, const char *s, size_t n) {
  quote_doubling(out, '\'', s, n);
}

/* Length of the well-formed UTF-8 sequence at s (1 to 4), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp) {
  unsigned char c = s[0];
  size_t len;
  unsigned long min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, min = 0x80, *cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, min = 0x800, *cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, min = 0x10000, *cp = c & 0x07u;
  } else {
    return 0;
  }
  if (len > n)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    *cp = (*cp << 6) | (s[i] & 0x3Fu);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
    return 0;
  return len;
}

static bool is_line_break_or_control(unsigned long cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
         cp == 0x2029;
}

static bool is_bidi_control(unsigned long cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

void sql_comment_text(Buf *out, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* a run of printable ASCII other than '/' and '*' is copied as is, in
     * one piece (the per-character rules below change none of it) */
    size_t run = i;
    while (run < n && u[run] >= 0x20 && u[run] < 0x7F && u[run] != '/' && u[run] != '*')
      run++;
    if (run > i) {
      buf_add(out, s + i, run - i);
      i = run;
      continue;
    }
    unsigned long cp;
    size_t len = utf8_seq(u + i, n - i, &cp);
    if (len == 0) {
      buf_addc(out, '?');
      i++;
      continue;
    }
    if (is_line_break_or_control(cp))
      buf_addc(out, ' ');
    else if (is_bidi_control(cp))
      buf_addc(out, '?');
    else if ((cp == '/' && i + 1 < n && u[i + 1] == '*') ||
             (cp == '*' && i + 1 < n && u[i + 1] == '/')) {
      buf_addc(out, (char)cp);
      buf_addc(out, ' ');
    } else
      buf_add(out, s + i, len);
    i += len;
  }
}
