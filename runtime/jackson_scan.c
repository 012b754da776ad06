/* Jackson's tokenizer, replicated; the rules are in jackson_scan.h.
 *
 * Speed: strings are scanned and decoded 64 bytes at a time (SSE2, or AVX2
 * where the CPU has it), skipping whole blocks of plain text and \" \\
 * escapes; anything else falls to the byte loops, which stay the
 * definition of Jackson's rules. A valid container that no one reads is
 * skipped without handing out its tokens. tests/runtime/test_jackson_simd.c
 * compares each fast path with the byte-at-a-time build of this file. */
#include "jackson_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <immintrin.h>
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_AVX2_SCAN 1 /* an AVX2 build of the string scan, chosen at run time */
#endif
#endif
#ifndef HAVE_AVX2_SCAN
#define HAVE_AVX2_SCAN 0
#endif

enum {
  ST_ROOT,      /* a root value or the end */
  ST_OBJ_FIRST, /* after '{': a name or '}' */
  ST_OBJ_NAME,  /* after ',' in an object: a name */
  ST_OBJ_VALUE, /* after "name": */
  ST_ARR_FIRST, /* after '[': a value or ']' */
  ST_ARR_VALUE, /* after ',' in an array: a value */
  ST_AFTER,     /* after a value inside a container: ',' or the close */
  ST_NULL_TOKEN /* after jk_recover() in an object: one null token, then ST_AFTER */
};

/* Byte classes inside a string: 0 plain, 1 quote, 2 backslash, 3 control,
 * 4 non-ASCII. */
static const unsigned char *string_classes(void) {
  /* 0x00-0x1F controls, 34 '"', 92 '\\', 0x80-0xFF non-ASCII (generated;
   * the unit tests check each class) */
  static const unsigned char table[256] = {
      3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
      3, 3, 3, 3, 3, 3, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4,
      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  };
  return table;
}

void jk_init(JkParser *jp, const char *text, size_t len, bool allow_ctrl) {
  memset(jp, 0, sizeof *jp);
  jp->allow_ctrl = allow_ctrl;
#if HAVE_AVX2_SCAN
  jp->avx2 = __builtin_cpu_supports("avx2");
#endif
  jk_reset(jp, text, len);
}

void jk_reset(JkParser *jp, const char *text, size_t len) {
  jp->p = (const unsigned char *)text;
  jp->end = jp->p + len;
  jp->tok = JK_END;
  jp->raw = NULL;
  jp->raw_len = 0;
  jp->escaped = jp->bad_string = jp->string_read = false;
  jp->depth = 0;
  jp->state = ST_ROOT;
  jp->error = NULL;
  jp->resume = NULL;
}

void jk_free(JkParser *jp) {
  free(jp->stack);
  buf_free(&jp->text);
  jp->stack = NULL;
}

static JkTok fail(JkParser *jp, const char *why) {
  jp->error = why;
  jp->tok = JK_ERROR;
  return JK_ERROR;
}

/* Character.isJavaIdentifierPart for an ASCII byte: letters, digits, '_',
 * '$' and the identifier-ignorable controls. */
static bool java_ident_part(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
         c == '$' || c <= 0x08 || (c >= 0x0e && c <= 0x1b) || c == 0x7f;
}

/* _matchToken's end test: a byte below '0', ']' and '}' end the token
 * without a look; else _checkMatchEnd decodes the character and a Java
 * identifier part makes the token longer (an error). A non-ASCII byte is
 * taken as one, so that error is not one jk_recover() reads on from. */
static bool ends_token(const JkParser *jp, const unsigned char *after) {
  if (after >= jp->end)
    return true;
  unsigned char c = *after;
  return c < '0' || c == ']' || c == '}' || (c < 0x80 && !java_ident_part(c));
}

/* Fails with an error after which Jackson's parser stands at `resume`
 * (see jk_recover). */
static JkTok fail_at(JkParser *jp, const char *why, const unsigned char *resume) {
  fail(jp, why);
  jp->resume = resume;
  jp->resume_null = jp->state == ST_OBJ_VALUE;
  return JK_ERROR;
}

/* _reportInvalidToken: the error message collects the rest of the token,
 * consuming Java identifier characters and then one more character, the
 * first that is not one (or stopping at 256 characters of message). A
 * non-ASCII byte would be decoded there (_decodeCharForError): not
 * followed, so no resume point. */
static JkTok fail_invalid_token(JkParser *jp, const unsigned char *q, size_t collected) {
  while (q < jp->end) {
    unsigned char c = *q++;
    if (c >= 0x80)
      return fail(jp, "an unrecognized token");
    if (!java_ident_part(c) || ++collected >= 256)
      break;
  }
  return fail_at(jp, "an unrecognized token", q);
}

/* Matches `word` (its first `from` characters already matched) as
 * _matchToken/_matchToken2 do: on success the parser is after the word,
 * else the token is invalid (fail_invalid_token from the mismatch). */
static bool match_word(JkParser *jp, const unsigned char *at, const char *word,
                       size_t from) {
  size_t n = strlen(word);
  for (size_t i = from; i < n; i++, at++)
    if (at >= jp->end || *at != (unsigned char)word[i]) {
      fail_invalid_token(jp, at, i);
      return false;
    }
  if (!ends_token(jp, at)) {
    if (*at >= 0x80)
      fail(jp, "an unrecognized token");
    else
      fail_invalid_token(jp, at, n);
    return false;
  }
  jp->p = at;
  return true;
}

/* A value that starts like no JSON value, as UTF8StreamJsonParser reports
 * it (_handleUnexpectedValue, _parseNegNumber/_handleInvalidNumberStart,
 * _matchToken, _reportInvalidToken). NaN, Infinity, -Infinity and -INF
 * are matched whole and rejected (ALLOW_NON_NUMERIC_NUMBERS is off). Each
 * error records where Jackson's input pointer stands after it, where that
 * is followed here: a field converter can catch such an error and Flink's
 * row loop reads on from there (jk_recover). */
static JkTok scan_bad_value(JkParser *jp) {
  const unsigned char *p = jp->p, *end = jp->end;
  unsigned char c = *p;
  const char *non_numeric =
      "a non-numeric number (NaN, Infinity), which JSON does not allow";
  if (c == 'N' || c == 'I') {
    const char *word = c == 'N' ? "NaN" : "Infinity";
    if (!match_word(jp, p + 1, word, 1))
      return JK_ERROR;
    return fail_at(jp, non_numeric, jp->p);
  }
  if (c == '-') { /* the byte after '-' is consumed, and after "-I" one more */
    if (p + 1 >= end || p[1] >= 0x80)
      return fail(jp, "a '-' not followed by a digit");
    if (p[1] != 'I')
      return fail_at(jp, "a '-' not followed by a digit", p + 2);
    if (p + 2 >= end || p[2] >= 0x80)
      return fail(jp, "a '-' not followed by a digit");
    if (p[2] != 'N' && p[2] != 'n')
      return fail_at(jp, "a '-' not followed by a digit", p + 3);
    if (!match_word(jp, p + 3, p[2] == 'N' ? "-INF" : "-Infinity", 3))
      return JK_ERROR;
    return fail_at(jp, non_numeric, jp->p);
  }
  if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == '$')
    return fail_invalid_token(jp, p + 1, 1); /* isJavaIdentifierStart */
  return fail(jp,
              c < 0x20 || c >= 0x80 ? "an unexpected byte" : "an unexpected character");
}

static inline __attribute__((always_inline)) void skip_ws(JkParser *jp) {
  const unsigned char *p = jp->p;
  if (p < jp->end && ' ' < *p) /* the common case: no whitespace */
    return;
  while (jp->p < jp->end &&
         (*jp->p == ' ' || *jp->p == '\n' || *jp->p == '\r' || *jp->p == '\t'))
    jp->p++;
}

static bool push(JkParser *jp, unsigned char kind) {
  if (jp->depth == jp->cap) {
    size_t cap = jp->cap ? jp->cap * 2 : 64;
    unsigned char *s = realloc(jp->stack, cap);
    if (!s)
      return false;
    jp->stack = s;
    jp->cap = cap;
  }
  jp->stack[jp->depth++] = kind;
  return true;
}

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The escapes that stand for one character and are always valid (a table:
 * the string scan asks for each backslash of event_data's dense \"). */
static bool simple_escape(unsigned char c) {
  static const bool simple[256] = {
      ['"'] = true, ['\\'] = true, ['/'] = true, ['b'] = true,
      ['f'] = true, ['n'] = true,  ['r'] = true, ['t'] = true};
  return simple[c];
}

#if defined(__SSE2__)
/* The bytes of a 64-byte block that matter inside a string, one bit per
 * byte (bit k is p[k]). */
typedef struct StringBlock {
  uint64_t quote, backslash;
  uint64_t special; /* a control byte or a non-ASCII one */
} StringBlock;

static inline __attribute__((always_inline)) StringBlock
classify_block(const unsigned char *p) {
  StringBlock b = {0, 0, 0};
  for (unsigned k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    unsigned shift = 16 * k;
    b.quote |=
        (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')))
        << shift;
    b.backslash |=
        (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))
        << shift;
    /* a signed compare with 0x20 catches both controls and bytes >= 0x80 */
    b.special |=
        (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)))
        << shift;
  }
  return b;
}

/* The bytes a backslash escapes: those after an odd-length run of
 * backslashes (in a run, every other backslash escapes the next byte).
 * *carry is 1 when the previous block ended inside a run with its last
 * backslash unpaired, so that bit 0 here is escaped; it is updated for the
 * next block. A run that starts on an odd bit is found by adding its first
 * bit to it: the carry ripples through the run and leaves the run's bits
 * clear, which flips which parity (even or odd bits) the run escapes. */
static uint64_t escaped_bytes(uint64_t backslash, uint64_t *carry) {
  const uint64_t even_bits = 0x5555555555555555u;
  uint64_t carried = *carry;
  backslash &= ~carried; /* an escaped backslash starts nothing */
  uint64_t follows_backslash = backslash << 1 | carried;
  uint64_t odd_starts = backslash & ~even_bits & ~follows_backslash;
  uint64_t runs_from_even;
  *carry = __builtin_add_overflow(odd_starts, backslash, &runs_from_even) ? 1u : 0u;
  return (even_bits ^ (runs_from_even << 1)) & follows_backslash;
}

#if HAVE_AVX2_SCAN
/* classify_block with AVX2: two loads instead of four. Called only where
 * the CPU has AVX2 (JkParser.avx2). */
__attribute__((target("avx2"))) static inline StringBlock
classify_block_avx2(const unsigned char *p) {
  StringBlock b = {0, 0, 0};
  for (unsigned k = 0; k < 2; k++) {
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * k));
    unsigned shift = 32 * k;
    b.quote |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
                   _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')))
               << shift;
    b.backslash |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
                       _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')))
                   << shift;
    b.special |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
                     _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v))
                 << shift;
  }
  return b;
}
#endif

/* The block loop of scan_string: from p, 64 bytes at a time, to the
 * closing quote, a control or non-ASCII byte, or an escape other than \"
 * and \\ (which the byte loop checks); returns where it stopped,
 * never inside an escape. *escaped is set when a skipped block had one.
 * One body, built for SSE2 and for AVX2. */
static inline __attribute__((always_inline)) const unsigned char *
scan_blocks(const unsigned char *p, const unsigned char *end, bool *escaped, bool avx2) {
  uint64_t carry = 0;
  while (end - p >= 64) {
#if HAVE_AVX2_SCAN
    StringBlock b = avx2 ? classify_block_avx2(p) : classify_block(p);
#else
    (void)avx2;
    StringBlock b = classify_block(p);
#endif
    uint64_t esc = escaped_bytes(b.backslash, &carry);
    uint64_t stops = (b.quote & ~esc) | b.special | (esc & ~(b.quote | b.backslash));
    if (!stops) {
      *escaped |= b.backslash != 0;
      p += 64;
      continue;
    }
    unsigned k = (unsigned)__builtin_ctzll(stops);
    if (b.backslash & ((UINT64_C(1) << k) - 1))
      *escaped = true;
    /* an escaped byte goes back to its backslash (in the previous block
     * when k is 0 and the run was carried) */
    return p + k - (esc >> k & 1u);
  }
  /* after a backslash that escapes p[0]: back to the backslash */
  return p - carry;
}

static const unsigned char *scan_blocks_sse2(const unsigned char *p,
                                             const unsigned char *end, bool *escaped) {
  return scan_blocks(p, end, escaped, false);
}

#if HAVE_AVX2_SCAN
__attribute__((target("avx2"))) static const unsigned char *
scan_blocks_avx2(const unsigned char *p, const unsigned char *end, bool *escaped) {
  return scan_blocks(p, end, escaped, true);
}
#else
#define scan_blocks_avx2 scan_blocks_sse2
#endif
#endif

/* The string from start ends at the quote at p. */
static bool end_string(JkParser *jp, const unsigned char *start, const unsigned char *p,
                       bool escaped, bool bad) {
  jp->raw = (const char *)start;
  jp->raw_len = (size_t)(p - start);
  jp->escaped = escaped;
  jp->bad_string = bad;
  jp->string_read = false;
  jp->p = p + 1;
  return true;
}

#if defined(__SSE2__)
/* Most strings are short names and values that one 16-byte chunk ends:
 * their closing quote, when it comes before any backslash, control or
 * non-ASCII byte; else NULL. */
static inline __attribute__((always_inline)) const unsigned char *
short_string_end(const unsigned char *p, const unsigned char *end) {
  if (end - p < 16)
    return NULL;
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  unsigned quote = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
  unsigned other = (unsigned)_mm_movemask_epi8(_mm_or_si128(
      _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))));
  /* the lowest quote bit below the lowest other bit (0x10000: none) */
  unsigned first_other = other ? other & -other : 0x10000u;
  return quote && (quote & -quote) < first_other ? p + __builtin_ctz(quote) : NULL;
}
#endif

/* Scans a string from after its opening quote to after its closing quote.
 * Sets raw/raw_len, escaped (needs decoding) and bad_string. False when the
 * string does not end. */
static bool scan_long_string(JkParser *jp) {
  const unsigned char *cls = string_classes();
  const unsigned char *p = jp->p, *end = jp->end, *start = p;
  bool escaped = false, bad = false;
  for (;;) {
#if defined(__SSE2__)
    /* 64 bytes at a time, then 16, up to what the byte loop below must
     * look at (scan_string tried the first chunk for a short string's end) */
    p = jp->avx2 ? scan_blocks_avx2(p, end, &escaped)
                 : scan_blocks_sse2(p, end, &escaped);
    /* 16 bytes at a time to the next quote, backslash, control or
     * non-ASCII byte (a signed compare with 0x20 catches both) */
    while (end - p >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
      unsigned mask = (unsigned)_mm_movemask_epi8(hit);
      if (!mask) {
        p += 16;
        continue;
      }
      /* The common escapes (\" \\ \/ \b \f \n \r \t: valid, two bytes)
       * are stepped over here, without leaving the chunk; anything else
       * (the closing quote, \u, a bad escape, a control or non-ASCII byte)
       * goes to the byte loop below. */
      unsigned bs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
      const unsigned char *next = p + 16; /* where the next chunk starts */
      const unsigned char *stop = NULL;
      while (mask) {
        unsigned k = (unsigned)__builtin_ctz(mask);
        const unsigned char *q = p + k;
        if (!(bs >> k & 1u) || q + 1 >= end || !simple_escape(q[1])) {
          stop = q;
          break;
        }
        escaped = true;
        mask &= ~0u << (k + 2); /* k + 2 <= 17: no overflow of 32 bits */
        if (q + 2 > next)
          next = q + 2;
      }
      if (stop) {
        p = stop;
        break;
      }
      p = next;
    }
#endif
    while (p < end && cls[*p] == 0)
      p++;
    if (p >= end)
      return false;
    unsigned char c = *p;
    switch (cls[c]) {
    case 1:
      return end_string(jp, start, p, escaped, bad);
    case 2:
      escaped = true;
      if (p + 1 >= end)
        return false;
      c = p[1];
      if (c == 'u') {
        /* _decodeEscaped reads four hex digits */
        for (int k = 0; k < 4; k++)
          if (p + 2 + k >= end || hexval(p[2 + k]) < 0) {
            bad = true;
            break;
          }
        p += bad ? 2 : 6;
      } else {
        if (!simple_escape(c))
          bad = true;
        p += 2;
      }
      break;
    case 3:
      if (!jp->allow_ctrl)
        bad = true; /* _throwUnquotedSpace */
      p++;
      break;
    default: { /* UTF-8, checked as UTF8StreamJsonParser._decodeUtf8_N does */
      size_t n = (c & 0xE0) == 0xC0   ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
      if (n == 0) { /* _reportInvalidInitial */
        bad = true;
        p++;
        break;
      }
      bool whole = true;
      for (size_t k = 1; k < n; k++)
        if (p + k >= end || (p[k] & 0xC0) != 0x80) {
          bad = true;
          whole = false;
          n = k;
          break;
        }
      /* Non-canonical forms (overlong, surrogates, beyond U+10FFFF) are
       * decoded and re-encoded as Flink's StringData would. */
      if (whole &&
          (c < 0xC2 || (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
           (c == 0xF0 && p[1] < 0x90) || c >= 0xF4))
        escaped = true;
      p += n;
      break;
    }
    }
#if defined(__SSE2__)
    /* after an escape or a multi-byte character, the end is often near */
    const unsigned char *quote = short_string_end(p, end);
    if (quote)
      return end_string(jp, start, quote, escaped, bad);
#endif
  }
}

/* scan_long_string, with a short string's end found inline. */
static inline __attribute__((always_inline)) bool scan_string(JkParser *jp) {
#if defined(__SSE2__)
  const unsigned char *quote = short_string_end(jp->p, jp->end);
  if (quote)
    return end_string(jp, jp->p, quote, false, false);
#endif
  return scan_long_string(jp);
}

static JkTok scan_number(JkParser *jp) {
  const unsigned char *p = jp->p, *end = jp->end, *start = p;
  bool is_float = false;
  if (*p == '-')
    p++;
  if (p >= end || *p < '0' || *p > '9')
    return fail(jp, "a '-' not followed by a digit (NaN and Infinity are not JSON)");
  if (*p == '0') {
    p++;
    if (p < end && *p >= '0' && *p <= '9')
      return fail(jp, "a number with a leading zero");
  } else {
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  }
  if (p < end && *p == '.') {
    is_float = true;
    p++;
    if (p >= end || *p < '0' || *p > '9')
      return fail(jp, "a decimal point not followed by a digit");
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    is_float = true;
    p++;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    if (p >= end || *p < '0' || *p > '9')
      return fail(jp, "an exponent without digits");
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  }
  jp->raw = (const char *)start;
  jp->raw_len = (size_t)(p - start);
  jp->p = p;
  return jp->tok = is_float ? JK_FLOAT : JK_INT;
}

/* true, false, null: _matchTrue/_matchFalse/_matchNull, which fall back
 * to _matchToken2 on anything but the exact word and an allowed end. */
static JkTok scan_literal(JkParser *jp, const char *word, JkTok tok) {
  if (!match_word(jp, jp->p + 1, word, 1))
    return JK_ERROR;
  return jp->tok = tok;
}

static JkTok scan_value(JkParser *jp) {
  skip_ws(jp);
  jp->start = jp->p;
  if (jp->p >= jp->end)
    return fail(jp, "unexpected end of input");
  unsigned char c = *jp->p;
  switch (c) {
  case '{':
    jp->p++;
    if (!push(jp, 'o'))
      return fail(jp, "out of memory");
    jp->state = ST_OBJ_FIRST;
    return jp->tok = JK_START_OBJECT;
  case '[':
    jp->p++;
    if (!push(jp, 'a'))
      return fail(jp, "out of memory");
    jp->state = ST_ARR_FIRST;
    return jp->tok = JK_START_ARRAY;
  case '"':
    jp->p++;
    if (!scan_string(jp))
      return fail(jp, "a string that does not end");
    jp->tok = JK_STRING;
    break;
  case 't':
    scan_literal(jp, "true", JK_TRUE);
    break;
  case 'f':
    scan_literal(jp, "false", JK_FALSE);
    break;
  case 'n':
    scan_literal(jp, "null", JK_NULL);
    break;
  default:
    if ((c == '-' && jp->p + 1 < jp->end && jp->p[1] >= '0' && jp->p[1] <= '9') ||
        (c >= '0' && c <= '9'))
      scan_number(jp);
    else
      return scan_bad_value(jp);
  }
  if (jp->tok != JK_ERROR)
    jp->state = jp->depth ? ST_AFTER : ST_ROOT;
  return jp->tok;
}

static JkTok scan_name(JkParser *jp) {
  skip_ws(jp);
  jp->start = jp->p;
  if (jp->p >= jp->end)
    return fail(jp, "unexpected end of input");
  if (*jp->p != '"')
    return fail(jp, "a field name that is not a double-quoted string");
  jp->p++;
  if (!scan_string(jp))
    return fail(jp, "a string that does not end");
  if (jp->bad_string) /* names are decoded at once, in nextToken() */
    return fail(jp, "a field name with an invalid escape or byte");
  skip_ws(jp);
  if (jp->p >= jp->end || *jp->p != ':')
    return fail(jp, "a field name not followed by ':'");
  jp->p++;
  jp->state = ST_OBJ_VALUE;
  return jp->tok = JK_FIELD_NAME;
}

static JkTok close_container(JkParser *jp, unsigned char kind) {
  if (jp->depth == 0 || jp->stack[jp->depth - 1] != kind)
    return fail(jp, "a mismatched close");
  jp->start = jp->p;
  jp->p++;
  jp->depth--;
  jp->state = jp->depth ? ST_AFTER : ST_ROOT;
  return jp->tok = kind == 'o' ? JK_END_OBJECT : JK_END_ARRAY;
}

JkTok jk_next(JkParser *jp) {
  if (jp->tok == JK_ERROR)
    return JK_ERROR;
  if (jp->tok == JK_STRING && jp->bad_string && !jp->string_read)
    return fail(jp, "a string with an invalid escape or byte");
  switch (jp->state) {
  case ST_ROOT:
    skip_ws(jp);
    if (jp->p >= jp->end)
      return jp->tok = JK_END;
    return scan_value(jp);
  case ST_OBJ_FIRST:
    skip_ws(jp);
    if (jp->p < jp->end && *jp->p == '}')
      return close_container(jp, 'o');
    return scan_name(jp);
  case ST_OBJ_NAME:
    return scan_name(jp);
  case ST_OBJ_VALUE:
  case ST_ARR_VALUE:
    return scan_value(jp);
  case ST_ARR_FIRST:
    skip_ws(jp);
    if (jp->p < jp->end && *jp->p == ']')
      return close_container(jp, 'a');
    return scan_value(jp);
  case ST_AFTER:
    skip_ws(jp);
    if (jp->p >= jp->end)
      return fail(jp, "unexpected end of input");
    if (*jp->p == ',') { /* what jk_next would do in the next state */
      jp->p++;
      if (jp->stack[jp->depth - 1] == 'o') {
        jp->state = ST_OBJ_NAME;
        return scan_name(jp);
      }
      jp->state = ST_ARR_VALUE;
      return scan_value(jp);
    }
    if (*jp->p == '}')
      return close_container(jp, 'o');
    if (*jp->p == ']')
      return close_container(jp, 'a');
    /* _skipComma: _reportUnexpectedChar, the byte consumed */
    return fail_at(jp, "a value not followed by ',' or a close", jp->p + 1);
  case ST_NULL_TOKEN:
    jp->state = ST_AFTER;
    return jp->tok = JK_END;
  }
  return fail(jp, "bad tokenizer state");
}

bool jk_recover(JkParser *jp) {
  if (jp->tok != JK_ERROR || !jp->resume)
    return false;
  /* In an object the value was parsed by the nextToken() that returned
   * its FIELD_NAME (_currToken = FIELD_NAME, _nextToken left null), so the
   * next nextToken() returns null (_nextAfterName); in an array the next
   * one reads on after the token. Either way the context then expects ','
   * or the close. */
  jp->p = jp->resume;
  jp->state = jp->resume_null ? ST_NULL_TOKEN : jp->depth ? ST_AFTER : ST_ROOT;
  jp->resume = NULL;
  jp->error = NULL;
  jp->tok = JK_NULL; /* not read: the caller moves on with jk_next() */
  return true;
}

/* Writes cp as UTF-8 at o; returns the end. */
static char *put_utf8(char *o, uint32_t cp) {
  if (cp < 0x80) {
    *o++ = (char)cp;
  } else if (cp < 0x800) {
    *o++ = (char)(0xC0 | (cp >> 6));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = (char)(0xE0 | (cp >> 12));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else {
    *o++ = (char)(0xF0 | (cp >> 18));
    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  }
  return o;
}

static uint32_t hex4(const unsigned char *p) {
  return (uint32_t)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 |
                    hexval(p[3]));
}

#if defined(__SSE2__)
/* Decodes the 64 bytes at p of a valid string when they are ASCII and
 * every escape among them is \" \\ or \/ (event_data's are nearly all
 * \"): each escape's backslash is dropped, in a loop over a bit mask
 * rather than a load per escape. Returns false, writing nothing,
 * otherwise. *carry as escaped_bytes has it: an escape may straddle two
 * blocks. Writes up to 15 bytes past the decoded text. */
static bool decode_block(const unsigned char *p, char **out, uint64_t *carry) {
  StringBlock b = classify_block(p);
  uint64_t next_carry = *carry;
  uint64_t esc = escaped_bytes(b.backslash, &next_carry);
  if (b.special)
    return false;
  for (uint64_t other = esc & ~(b.quote | b.backslash); other; other &= other - 1)
    if (p[__builtin_ctzll(other)] != '/')
      return false;
  unsigned char block[64 + 16]; /* the segment copies below read past 64 */
  memcpy(block, p, 64);
  char *o = *out;
  unsigned from = 0;
  for (uint64_t drop = b.backslash & ~esc;; drop &= drop - 1) {
    unsigned to = drop ? (unsigned)__builtin_ctzll(drop) : 64;
    /* most segments (between two \") are under 16 bytes: one store */
    _mm_storeu_si128((__m128i *)(void *)o,
                     _mm_loadu_si128((const __m128i *)(const void *)(block + from)));
    for (unsigned k = from + 16; k < to; k += 16)
      _mm_storeu_si128((__m128i *)(void *)(o + (k - from)),
                       _mm_loadu_si128((const __m128i *)(const void *)(block + k)));
    o += to - from;
    from = to + 1;
    if (!drop)
      break;
  }
  *out = o;
  *carry = next_carry;
  return true;
}
#endif

/* Decodes a scanned, valid string into jp->text. A UTF-16 surrogate that
 * is not half of a pair becomes '?': Flink's StringData.fromString encodes
 * a Java string to UTF-8 that way (StringUtf8Utils.encodeUTF8). */
static void decode_string(const JkParser *jp, Buf *b) {
  const unsigned char *p = (const unsigned char *)jp->raw, *end = p + jp->raw_len;
  /* the decoded text is never longer than the source text; 16 more bytes
   * for the block copies */
  buf_reserve(b, jp->raw_len + 16);
  char *o = b->p + b->len;
  while (p < end) {
#if defined(__SSE2__)
    uint64_t carry = 0;
    while (end - p >= 64 && decode_block(p, &o, &carry))
      p += 64;
    if (carry) /* the escape's backslash was dropped: decode it below */
      p--;
    while (end - p >= 16) { /* copy up to the next backslash or non-ASCII */
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      _mm_storeu_si128((__m128i *)(void *)o, v);
      int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                                                _mm_cmplt_epi8(v, _mm_setzero_si128())));
      if (mask) {
        unsigned k = (unsigned)__builtin_ctz((unsigned)mask);
        /* \" \\ \/ (event_data is full of \") stand for their second
         * byte: write it and go on with the next chunk; the string is
         * valid, so an escape is whole */
        if (p[k] == '\\' && (p[k + 1] == '"' || p[k + 1] == '\\' || p[k + 1] == '/')) {
          o[k] = (char)p[k + 1];
          p += k + 2;
          o += k + 1;
          continue;
        }
        p += k;
        o += k;
        break;
      }
      p += 16;
      o += 16;
    }
    if (p >= end)
      break;
#endif
    unsigned char c = *p;
    if (c == '\\') {
      c = p[1];
      p += 2;
      switch (c) {
      case 'b':
        *o++ = '\b';
        break;
      case 'f':
        *o++ = '\f';
        break;
      case 'n':
        *o++ = '\n';
        break;
      case 'r':
        *o++ = '\r';
        break;
      case 't':
        *o++ = '\t';
        break;
      case 'u': {
        uint32_t cp = hex4(p);
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
          uint32_t lo = hex4(p + 2);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            p += 6;
            o = put_utf8(o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
            break;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
          *o++ = '?';
        else
          o = put_utf8(o, cp);
        break;
      }
      default: /* " \ / */
        *o++ = (char)c;
      }
    } else if (c < 0x80) {
      const unsigned char *run = p;
      while (p < end && *p != '\\' && *p < 0x80)
        p++;
      memcpy(o, run, (size_t)(p - run));
      o += p - run;
    } else {
      size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      uint32_t cp = c & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
      for (size_t k = 1; k < n; k++)
        cp = cp << 6 | (p[k] & 0x3Fu);
      p += n;
      /* a surrogate, beyond U+10FFFF, or an overlong 4-byte form gives no
       * valid Java character (Jackson's _decodeUtf8_4 subtracts 0x10000) */
      if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (n == 4 && cp < 0x10000))
        *o++ = '?';
      else
        o = put_utf8(o, cp);
    }
  }
  b->len = (size_t)(o - b->p);
}

void jk_decode(const char *raw, size_t len, Buf *out) {
  JkParser tmp = {.raw = raw, .raw_len = len};
  decode_string(&tmp, out);
}

bool jk_append_text(JkParser *jp, Buf *out) {
  if (jp->tok != JK_STRING && jp->tok != JK_FIELD_NAME) {
    const char *s;
    size_t n;
    jk_text(jp, &s, &n);
    if (s)
      buf_add(out, s, n);
    return true;
  }
  jp->string_read = true;
  if (jp->bad_string)
    return false;
  if (jp->escaped)
    decode_string(jp, out);
  else
    buf_add(out, jp->raw, jp->raw_len);
  return true;
}

bool jk_text_general(JkParser *jp, const char **s, size_t *len) {
  switch (jp->tok) {
  case JK_STRING:
  case JK_FIELD_NAME:
    jp->string_read = true;
    if (jp->bad_string)
      return false;
    if (!jp->escaped) {
      *s = jp->raw;
      *len = jp->raw_len;
      return true;
    }
    jp->text.len = 0;
    decode_string(jp, &jp->text);
    *s = jp->text.p;
    *len = jp->text.len;
    return true;
  case JK_INT:
  case JK_FLOAT:
    *s = jp->raw;
    *len = jp->raw_len;
    return true;
  case JK_TRUE:
    *s = "true";
    break;
  case JK_FALSE:
    *s = "false";
    break;
  case JK_NULL:
    *s = "null";
    break;
  case JK_START_OBJECT:
    *s = "{";
    break;
  case JK_END_OBJECT:
    *s = "}";
    break;
  case JK_START_ARRAY:
    *s = "[";
    break;
  case JK_END_ARRAY:
    *s = "]";
    break;
  case JK_END:
  case JK_ERROR:
    *s = NULL;
    *len = 0;
    return true;
  }
  *len = strlen(*s);
  return true;
}

/* jk_skip_children on a valid container without the token loop: the same
 * scans (skip_ws, scan_string, scan_number, match_word, close_container)
 * driven by one local grammar state, with no token handed out. Returns
 * true with the parser where the token loop leaves it (after the close,
 * its END token current); false, with the parser restored, at anything
 * the token loop would stop on or report (a syntax error, a bad string,
 * the end), so that the token loop finds it with its own message. */
static bool skip_container_fast(JkParser *jp) {
  /* restored on failure; the stack below depth is never written here */
  const JkParser saved = *jp;
  size_t base = jp->depth;
  enum {
    WANT_FIRST_NAME,
    WANT_NAME,
    WANT_FIRST_VALUE,
    WANT_VALUE,
    WANT_NEXT
  } want = jp->stack[base - 1] == 'o' ? WANT_FIRST_NAME : WANT_FIRST_VALUE;
  for (;;) {
    skip_ws(jp);
    if (jp->p >= jp->end)
      break;
    unsigned char c = *jp->p;
    if (((want == WANT_FIRST_NAME || want == WANT_NEXT) && c == '}') ||
        ((want == WANT_FIRST_VALUE || want == WANT_NEXT) && c == ']')) {
      if (close_container(jp, c == '}' ? 'o' : 'a') == JK_ERROR)
        break;
      if (jp->depth < base)
        return true;
      want = WANT_NEXT;
      continue;
    }
    if (want == WANT_NEXT) {
      if (c != ',')
        break;
      jp->p++;
      want = jp->stack[jp->depth - 1] == 'o' ? WANT_NAME : WANT_VALUE;
      continue;
    }
    if (want == WANT_FIRST_NAME || want == WANT_NAME) {
      if (c != '"')
        break;
      jp->p++;
      if (!scan_string(jp) || jp->bad_string)
        break;
      skip_ws(jp);
      if (jp->p >= jp->end || *jp->p != ':')
        break;
      jp->p++;
      want = WANT_VALUE;
      continue;
    }
    /* a value */
    if (c == '{' || c == '[') {
      if (!push(jp, c == '{' ? 'o' : 'a'))
        break;
      jp->p++;
      want = c == '{' ? WANT_FIRST_NAME : WANT_FIRST_VALUE;
      continue;
    }
    bool ok;
    if (c == '"') {
      jp->p++;
      ok = scan_string(jp) && !jp->bad_string;
    } else if (c == 't' || c == 'f' || c == 'n') {
      const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      ok = match_word(jp, jp->p + 1, word, 1);
    } else if ((c >= '0' && c <= '9') || c == '-') {
      ok = scan_number(jp) != JK_ERROR;
    } else {
      ok = false;
    }
    if (!ok)
      break;
    want = WANT_NEXT;
  }
  size_t cap = jp->cap;
  unsigned char *stack = jp->stack; /* push may have moved it */
  *jp = saved;
  jp->stack = stack;
  jp->cap = cap;
  return false;
}

bool jk_skip_children(JkParser *jp) {
  if (jp->tok != JK_START_OBJECT && jp->tok != JK_START_ARRAY)
    return jp->tok != JK_ERROR;
  if (skip_container_fast(jp))
    return true;
  size_t open = 1;
  while (open > 0) {
    switch (jk_next(jp)) {
    case JK_START_OBJECT:
    case JK_START_ARRAY:
      open++;
      break;
    case JK_END_OBJECT:
    case JK_END_ARRAY:
      open--;
      break;
    case JK_ERROR:
      return false;
    case JK_END:
    case JK_FIELD_NAME:
    case JK_STRING:
    case JK_INT:
    case JK_FLOAT:
    case JK_TRUE:
    case JK_FALSE:
    case JK_NULL:
      break;
    }
  }
  return true;
}
