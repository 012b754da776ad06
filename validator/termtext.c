#include "termtext.h"

#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 character; 0 for an invalid or truncated sequence. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
  if (n == 0 || n > len || s[0] > 0xF4)
    return 0;
  uint32_t c = s[0] & (0x7Fu >> n);
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

/* The bidi controls (embeddings, overrides, isolates, marks): the
 * "Trojan Source" set. */
static bool is_bidi(uint32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

/* C1 controls, the line and paragraph separators, and the bidi controls. */
static bool invisible(uint32_t c) {
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || is_bidi(c);
}

bool term_has_bidi(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t n = utf8_decode(u + i, len - i, &c);
    if (n && is_bidi(c))
      return true;
    i += n ? n : 1;
  }
  return false;
}

void term_write_sql(FILE *out, const char *sql, const char *newline) {
  char quote = 0; /* the quote we are inside, or 0 */
  const char *run = sql;
  for (const char *p = sql; *p; p++) {
    if (quote == 0 && (*p == '\'' || *p == '`'))
      quote = *p;
    else if (quote && *p == quote)
      quote = 0; /* a doubled quote closes and reopens: the same state after two */
    else if (quote == 0 && *p == '\n') {
      term_write(out, run, (size_t)(p - run));
      fputs(newline, out);
      run = p + 1;
    }
  }
  term_write(out, run, strlen(run));
}

bool term_char_escape(const char *s, size_t len, bool keep_tab, char esc[8],
                      size_t *used) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t c;
  size_t n = utf8_decode(u, len, &c);
  if (n == 0) { /* not UTF-8: the byte, in hex */
    *used = 1;
    snprintf(esc, 8, "\\x%02x", u[0]);
    return true;
  }
  *used = n;
  if (c == '\t' && keep_tab)
    return false;
  if (c == '\n' || c == '\r' || c == '\t') {
    snprintf(esc, 8, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
    return true;
  }
  if (c < 0x20 || c == 0x7F) {
    snprintf(esc, 8, "\\x%02x", (unsigned)c);
    return true;
  }
  if (invisible(c)) {
    snprintf(esc, 8, "\\u%04x", (unsigned)(c & 0xFFFF)); /* all below U+10000 */
    return true;
  }
  return false;
}

void term_write(FILE *out, const char *s, size_t len) {
  size_t plain = 0; /* start of the run printed as is */
  for (size_t i = 0; i < len;) {
    char esc[8];
    size_t used;
    if (term_char_escape(s + i, len - i, false, esc, &used)) {
      fwrite(s + plain, 1, i - plain, out);
      fputs(esc, out);
      plain = i + used;
    }
    i += used;
  }
  fwrite(s + plain, 1, len - plain, out);
}

int term_vprintf(FILE *out, const char *fmt, va_list ap) {
  while (*fmt) {
    const char *pct = strchr(fmt, '%');
    if (!pct) {
      fputs(fmt, out);
      break;
    }
    fwrite(fmt, 1, (size_t)(pct - fmt), out);
    /* one conversion: %[flags][width][.precision][length]conv */
    const char *flags = pct + 1, *p = flags + strspn(flags, "-+ #0");
    int flags_len = (int)(p - flags);
    bool left = memchr(flags, '-', (size_t)flags_len) != NULL;
    int width = 0, prec = -1;
    if (*p == '*')
      width = va_arg(ap, int), p++;
    else
      while (*p >= '0' && *p <= '9')
        width = width * 10 + (*p++ - '0');
    if (*p == '.') {
      p++;
      prec = 0;
      if (*p == '*')
        prec = va_arg(ap, int), p++;
      else
        while (*p >= '0' && *p <= '9')
          prec = prec * 10 + (*p++ - '0');
    }
    const char *mods = p;
    p += strspn(p, "hlzjt");
    int mods_len = (int)(p - mods);
    char conv = *p;
    if (!conv)
      break;
    fmt = p + 1;
    if (conv == '%') {
      fputc('%', out);
      continue;
    }
    if (conv == 's' || conv == 'c') {
      char ch = 0;
      const char *s =
          conv == 'c' ? (ch = (char)va_arg(ap, int), &ch) : va_arg(ap, const char *);
      if (!s)
        s = "(null)";
      size_t n = conv == 'c' ? 1 : prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
      for (int pad = width - (int)n; !left && pad > 0; pad--)
        fputc(' ', out);
      term_write(out, s, n);
      for (int pad = width - (int)n; left && pad > 0; pad--)
        fputc(' ', out);
      continue;
    }
    /* a number: the same conversion, with '*' values written in */
    char spec[48], num[128];
    snprintf(spec, sizeof spec, "%%%.*s%.0d%s%.0d%.*s%c", flags_len, flags, width,
             prec >= 0 ? "." : "", prec > 0 ? prec : 0, mods_len, mods, conv);
    if (conv == 'g' || conv == 'f' || conv == 'e' || conv == 'G')
      snprintf(num, sizeof num, spec, va_arg(ap, double));
    else if (mods_len == 2)
      snprintf(num, sizeof num, spec, va_arg(ap, long long));
    else if (mods_len == 1 && mods[0] == 'l')
      snprintf(num, sizeof num, spec, va_arg(ap, long));
    else if (mods_len == 1 && mods[0] != 'h')
      snprintf(num, sizeof num, spec, va_arg(ap, size_t));
    else
      snprintf(num, sizeof num, spec, va_arg(ap, int));
    fputs(num, out);
  }
  return ferror(out) ? -1 : 0;
}

int term_printf(FILE *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = term_vprintf(out, fmt, ap);
  va_end(ap);
  return rc;
}
