/* The tokenizer's SSE2 string scan against its byte-at-a-time scan: the
 * same file compiled again without __SSE2__ (names prefixed ref_) is the
 * reference, and both must yield the same tokens, texts, flags and errors
 * on random strings built from the bytes that matter to the scan (quotes,
 * backslashes and every kind of escape, controls, UTF-8 lead and
 * continuation bytes) at every offset around the 16-byte chunks. Also
 * buf_json_string (SSE2) against a byte-at-a-time writer of Jackson's
 * escapes, on random bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jackson_scan.h"

/* jackson_ref.c: the same functions without SSE2 */
void ref_jk_init(JkParser *jp, const char *text, size_t len, bool allow_ctrl);
void ref_jk_free(JkParser *jp);
JkTok ref_jk_next(JkParser *jp);
bool ref_jk_text_general(JkParser *jp, const char **s, size_t *len);

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static const char *const PIECES[] = {"a",
                                     "bc",
                                     "defghijklmnop",
                                     "\\\"",
                                     "\\\\\\\\\\\\\\",
                                     "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\",
                                     "\\\\",
                                     "\\/",
                                     "\\b",
                                     "\\f",
                                     "\\n",
                                     "\\r",
                                     "\\t",
                                     "\\u00e9",
                                     "\\uD83D\\uDE00",
                                     "\\uD800",
                                     "\\u12",
                                     "\\x",
                                     "\\",
                                     "\"",
                                     "\x01",
                                     "\x1f",
                                     "\t",
                                     "\xc3\xa9",
                                     "\xe6\x9d\xb1",
                                     "\xf0\x9f\x98\x80",
                                     "\xc3",
                                     "\x80",
                                     "\xff",
                                     "\xed\xa0\x80",
                                     "\xe0\x80\x80",
                                     ",",
                                     ":",
                                     "{",
                                     "]",
                                     " "};

/* Compares the token streams of the two tokenizers over text. */
static int compare(const char *text, size_t len, bool allow_ctrl, bool sse2_only) {
  JkParser a, b;
  jk_init(&a, text, len, allow_ctrl);
  ref_jk_init(&b, text, len, allow_ctrl);
  if (sse2_only) /* the SSE2 block scan, also on a CPU with AVX2 */
    a.avx2 = false;
  int bad = 0;
  for (int i = 0; i < 64 && !bad; i++) {
    JkTok ta = jk_next(&a), tb = ref_jk_next(&b);
    const char *sa = NULL, *sb = NULL;
    size_t na = 0, nb = 0;
    bool oka = true, okb = true;
    if (ta == tb && (ta == JK_STRING || ta == JK_FIELD_NAME) && (i & 1)) {
      oka = jk_text(&a, &sa, &na);
      okb = ref_jk_text_general(&b, &sb, &nb);
    }
    if (ta != tb || a.raw_len != b.raw_len || a.escaped != b.escaped ||
        a.bad_string != b.bad_string || (a.error == NULL) != (b.error == NULL) ||
        (a.error && strcmp(a.error, b.error) != 0) || oka != okb || na != nb ||
        (na && memcmp(sa, sb, na) != 0) || a.p != b.p)
      bad = 1;
    if (ta == JK_END || ta == JK_ERROR)
      break;
  }
  if (bad) {
    fprintf(stderr,
            "%s and byte scans differ on (allow_ctrl %d): ", a.avx2 ? "AVX2" : "SSE2",
            allow_ctrl);
    for (size_t k = 0; k < len; k++)
      fprintf(stderr,
              (unsigned char)text[k] < 0x20 || (unsigned char)text[k] >= 0x7f ? "\\x%02x"
                                                                              : "%c",
              (unsigned char)text[k]);
    fprintf(stderr, "\n");
  }
  jk_free(&a);
  ref_jk_free(&b);
  return bad;
}

/* ---- jk_skip_children's fast path against the token loop ---------------- */

/* Appends a random JSON value (often valid, sometimes not) to t. */
static void random_value(char *t, size_t *n, size_t cap, unsigned depth) {
  static const char *const SCALARS[] = {"0",
                                        "-1.5e3",
                                        "12345678901234567890",
                                        "01",
                                        "1.",
                                        "-",
                                        "true",
                                        "false",
                                        "null",
                                        "nul",
                                        "nullx",
                                        "truex",
                                        "\"a\"",
                                        "\"\\\"\"",
                                        "\"\\u00e9\"",
                                        "\"\\x\"",
                                        "\"\xc3\"",
                                        "NaN",
                                        "\"\"",
                                        "\"unterminated"};
  static const char *const SPACES[] = {"", "", "", " ", "\n", "\t ", "\r\n"};
  if (*n + 64 >= cap)
    return;
  const char *ws = SPACES[rnd(7)];
  memcpy(t + *n, ws, strlen(ws));
  *n += strlen(ws);
  unsigned kind = depth >= 5 ? 2 : rnd(3);
  if (kind == 2) {
    const char *v = SCALARS[rnd(sizeof SCALARS / sizeof *SCALARS)];
    memcpy(t + *n, v, strlen(v));
    *n += strlen(v);
    return;
  }
  t[(*n)++] = kind == 0 ? '{' : '[';
  unsigned members = rnd(5);
  for (unsigned i = 0; i < members && *n + 64 < cap; i++) {
    if (i)
      t[(*n)++] = ',';
    if (kind == 0) {
      const char *name = rnd(8) ? "\"k\"" : rnd(2) ? "\"\\q\"" : "k";
      memcpy(t + *n, name, strlen(name));
      *n += strlen(name);
      t[(*n)++] = rnd(16) ? ':' : ' ';
    }
    random_value(t, n, cap, depth + 1);
  }
  t[(*n)++] = kind == 0 ? (rnd(16) ? '}' : ']') : (rnd(16) ? ']' : '}');
}

/* The definition jk_skip_children must keep: jk_next to the matching END. */
static bool skip_by_tokens(JkParser *jp) {
  if (jp->tok != JK_START_OBJECT && jp->tok != JK_START_ARRAY)
    return jp->tok != JK_ERROR;
  for (size_t open = 1; open > 0;) {
    JkTok t = jk_next(jp);
    if (t == JK_ERROR)
      return false;
    open += t == JK_START_OBJECT || t == JK_START_ARRAY;
    open -= t == JK_END_OBJECT || t == JK_END_ARRAY;
  }
  return true;
}

static int check_skips(void) {
  int failures = 0;
  char t[4096];
  for (int round = 0; round < 100000 && failures < 5; round++) {
    size_t n = 0;
    t[n++] = '[';
    random_value(t, &n, sizeof t, 0);
    t[n++] = ',';
    random_value(t, &n, sizeof t, 0);
    t[n++] = ']';
    if (rnd(4) == 0) /* a corrupt byte, or the end cut off */
      t[rnd((unsigned)n)] = ",:{}[]\"\\ x"[rnd(11)];
    if (rnd(8) == 0)
      n = rnd((unsigned)n) + 1;
    char *exact = malloc(n); /* no terminator: reads stay in bounds */
    if (!exact)
      return 1;
    memcpy(exact, t, n);
    JkParser a, b;
    bool strict = round & 1;
    jk_init(&a, exact, n, !strict);
    jk_init(&b, exact, n, !strict);
    /* skip the first container (after `skip_at` tokens), then compare the rest */
    unsigned skip_at = rnd(4);
    int bad = 0;
    for (unsigned k = 0; k < 200 && !bad; k++) {
      JkTok ta = jk_next(&a), tb = jk_next(&b);
      if (ta != tb)
        bad = 1;
      if (!bad && k >= skip_at && (ta == JK_START_OBJECT || ta == JK_START_ARRAY)) {
        skip_at = 1000;
        bool oka = jk_skip_children(&a), okb = skip_by_tokens(&b);
        bad = oka != okb || a.tok != b.tok || a.p != b.p || a.depth != b.depth;
      }
      if (!bad && ((a.error == NULL) != (b.error == NULL) ||
                   (a.error && strcmp(a.error, b.error) != 0) || a.p != b.p))
        bad = 1;
      if (ta == JK_END || ta == JK_ERROR)
        break;
    }
    if (bad) {
      fprintf(stderr, "skip and token loop differ on: %.*s\n", (int)n, exact);
      failures++;
    }
    jk_free(&a);
    jk_free(&b);
    free(exact);
  }
  printf("100000 random documents skipped, %d differences\n", failures);
  return failures;
}

/* Jackson's generator escapes (CharTypes.sOutputEscapes128), one byte at a
 * time: the reference for buf_json_string. */
static void ref_json_string(Buf *b, const unsigned char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  buf_addc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    const char *e = c == '"'    ? "\\\""
                    : c == '\\' ? "\\\\"
                    : c == '\n' ? "\\n"
                    : c == '\r' ? "\\r"
                    : c == '\t' ? "\\t"
                    : c == '\b' ? "\\b"
                    : c == '\f' ? "\\f"
                                : NULL;
    if (e) {
      buf_adds(b, e);
    } else if (c < 0x20) {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      buf_add(b, u, 6);
    } else {
      buf_addc(b, (char)c);
    }
  }
  buf_addc(b, '"');
}

static int check_json_strings(void) {
  static const unsigned char BYTES[] = {'a',  'b',  ' ',  '"',  '\\', '\n', '\r',
                                        '\t', '\b', '\f', 0x00, 0x01, 0x1F, 0x20,
                                        0x7F, 0x80, 0xC3, 0xA9, 0xFF, '/',  '{'};
  int failures = 0;
  for (int round = 0; round < 50000 && failures < 5; round++) {
    unsigned char text[300];
    size_t n = rnd(300);
    for (size_t k = 0; k < n; k++)
      text[k] = rnd(4) ? (unsigned char)('a' + rnd(26)) : BYTES[rnd(sizeof BYTES)];
    Buf got = {0}, want = {0};
    buf_adds(&got, "x"); /* appends after what is there */
    buf_adds(&want, "x");
    buf_json_string(&got, (const char *)text, n);
    ref_json_string(&want, text, n);
    if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0) {
      fprintf(stderr, "buf_json_string differs on %zu bytes (round %d)\n", n, round);
      failures++;
    }
    buf_free(&got);
    buf_free(&want);
  }
  printf("50000 random JSON strings written, %d differences\n", failures);
  return failures;
}

int main(void) {
  char text[512];
  int failures = 0;
  unsigned long cases = 0;
  for (int round = 0; round < 200000 && failures < 5; round++) {
    /* a prefix of 0-70 plain bytes moves the string across 16- and 64-byte
     * block borders */
    size_t n = 0;
    const char *pre = round & 1 ? "[" : "{\"k\":";
    memcpy(text, pre, strlen(pre));
    n = strlen(pre);
    unsigned pad = rnd(71);
    for (unsigned k = 0; k < pad; k++)
      text[n++] = k % 2 ? ' ' : '\n';
    text[n++] = '"';
    unsigned pieces = 1 + rnd(60);
    for (unsigned k = 0; k < pieces && n < 400; k++) {
      const char *piece =
          rnd(3) ? PIECES[rnd(5)] : PIECES[rnd(sizeof PIECES / sizeof *PIECES)];
      size_t m = strlen(piece);
      memcpy(text + n, piece, m);
      n += m;
    }
    if (rnd(8))
      text[n++] = '"';
    const char *post = round & 1 ? ",\"x\\\"y\"]" : "}";
    memcpy(text + n, post, strlen(post));
    n += strlen(post);
    /* exact length, no terminator: the scan must not read past the end */
    char *exact = malloc(n);
    if (!exact)
      return 2;
    memcpy(exact, text, n);
    failures += compare(exact, n, round % 3 != 0, round % 4 < 2);
    free(exact);
    cases++;
  }
  printf("%lu random strings, %d differences\n", cases, failures);
  failures += check_json_strings();
  failures += check_skips();
  return failures ? 1 : 0;
}
