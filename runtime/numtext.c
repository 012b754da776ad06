#include "numtext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rt_java_trim(const char **s, size_t *len) {
  const unsigned char *p = (const unsigned char *)*s;
  size_t n = *len;
  while (n > 0 && p[0] <= 0x20)
    p++, n--;
  while (n > 0 && p[n - 1] <= 0x20)
    n--;
  *s = (const char *)p;
  *len = n;
}

bool rt_parse_long(const char *s, size_t len, int64_t *out) {
  rt_java_trim(&s, &len);
  size_t i = 0;
  bool neg = false;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  if (i == len)
    return false;
  /* accumulate negatively so that INT64_MIN fits */
  int64_t v = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    int d = s[i] - '0';
    if (v < (INT64_MIN + d) / 10)
      return false;
    v = v * 10 - d;
  }
  if (!neg) {
    if (v == INT64_MIN)
      return false;
    v = -v;
  }
  *out = v;
  return true;
}

static size_t digits(const char *s, size_t i, size_t len) {
  size_t start = i;
  while (i < len && s[i] >= '0' && s[i] <= '9')
    i++;
  return i - start;
}

bool rt_parse_decimal(const char *s, size_t len, double *out) {
  rt_java_trim(&s, &len);
  size_t i = 0;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    i++;
  size_t int_digits = digits(s, i, len);
  i += int_digits;
  size_t frac_digits = 0;
  if (i < len && s[i] == '.') {
    i++;
    frac_digits = digits(s, i, len);
    i += frac_digits;
  }
  if (int_digits + frac_digits == 0)
    return false;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t exp_digits = digits(s, i, len);
    if (exp_digits == 0)
      return false;
    i += exp_digits;
  }
  if (i != len)
    return false;
  char small[64];
  char *copy = len < sizeof small ? small : malloc(len + 1);
  if (!copy)
    return false;
  memcpy(copy, s, len);
  copy[len] = '\0';
  *out = strtod(copy, NULL); /* overflow gives +-HUGE_VAL, as Java's Infinity */
  if (copy != small)
    free(copy);
  return true;
}

size_t rt_java_double_text(double d, char out[RT_DOUBLE_TEXT_MAX]) {
  if (isnan(d))
    return (size_t)snprintf(out, RT_DOUBLE_TEXT_MAX, "NaN");
  if (isinf(d))
    return (size_t)snprintf(out, RT_DOUBLE_TEXT_MAX, d < 0 ? "-Infinity" : "Infinity");
  if (d == 0)
    return (size_t)snprintf(out, RT_DOUBLE_TEXT_MAX, signbit(d) ? "-0.0" : "0.0");
  /* shortest decimal digits that read back as d */
  char sci[RT_DOUBLE_TEXT_MAX];
  for (int prec = 0; prec < 17; prec++) {
    snprintf(sci, sizeof sci, "%.*e", prec, d);
    if (strtod(sci, NULL) == d)
      break;
  }
  /* sci is [-]D[.DDD]e[+-]XX: collect the digits and the exponent */
  char dig[24];
  size_t nd = 0;
  const char *p = sci;
  bool neg = *p == '-';
  if (neg)
    p++;
  for (; *p && *p != 'e'; p++)
    if (*p != '.')
      dig[nd++] = *p;
  int exp = atoi(p + 1);
  while (nd > 1 && dig[nd - 1] == '0')
    nd--;
  char *o = out;
  if (neg)
    *o++ = '-';
  double mag = fabs(d);
  if (mag >= 1e-3 && mag < 1e7) {
    if (exp < 0) {
      *o++ = '0';
      *o++ = '.';
      for (int z = -1; z > exp; z--)
        *o++ = '0';
      memcpy(o, dig, nd);
      o += nd;
    } else {
      size_t int_len = (size_t)exp + 1;
      for (size_t k = 0; k < int_len; k++)
        *o++ = k < nd ? dig[k] : '0';
      *o++ = '.';
      if (nd > int_len) {
        memcpy(o, dig + int_len, nd - int_len);
        o += nd - int_len;
      } else {
        *o++ = '0';
      }
    }
    *o = '\0';
    return (size_t)(o - out);
  }
  *o++ = dig[0];
  *o++ = '.';
  if (nd > 1) {
    memcpy(o, dig + 1, nd - 1);
    o += nd - 1;
  } else {
    *o++ = '0';
  }
  o += snprintf(o, RT_DOUBLE_TEXT_MAX - (size_t)(o - out), "E%d", exp);
  return (size_t)(o - out);
}

/* ---- Flink's casts from STRING ------------------------------------------ */

/* BinaryStringData.trim(): only the space character, 0x20, on each side. */
static void flink_trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n > 0 && p[0] == ' ')
    p++, n--;
  while (n > 0 && p[n - 1] == ' ')
    n--;
  *s = p;
  *len = n;
}

static bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static size_t hex_digits(const char *s, size_t i, size_t len) {
  size_t start = i;
  while (i < len && is_hex_digit(s[i]))
    i++;
  return i - start;
}

/* The syntax Java's FloatingDecimal.readJavaFormatString accepts, after its
 * own trim; returns the length of the number without a type suffix, or 0
 * when s is not a Java double literal. `special` is set for NaN/Infinity. */
static size_t java_double_syntax(const char *s, size_t len, int *special) {
  size_t i = 0;
  *special = 0;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    i++;
  if (len - i == 3 && memcmp(s + i, "NaN", 3) == 0) {
    *special = 1;
    return len;
  }
  if (len - i == 8 && memcmp(s + i, "Infinity", 8) == 0) {
    *special = 2;
    return len;
  }
  size_t end;
  if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    /* hexadecimal: a binary exponent is required */
    i += 2;
    size_t mant = hex_digits(s, i, len);
    i += mant;
    if (i < len && s[i] == '.') {
      i++;
      size_t frac = hex_digits(s, i, len);
      i += frac;
      mant += frac;
    }
    if (mant == 0 || i >= len || (s[i] != 'p' && s[i] != 'P'))
      return 0;
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t exp = digits(s, i, len);
    if (exp == 0)
      return 0;
    i += exp;
  } else {
    size_t int_digits = digits(s, i, len);
    i += int_digits;
    size_t frac_digits = 0;
    if (i < len && s[i] == '.') {
      i++;
      frac_digits = digits(s, i, len);
      i += frac_digits;
    }
    if (int_digits + frac_digits == 0)
      return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      size_t exp = digits(s, i, len);
      if (exp == 0)
        return 0;
      i += exp;
    }
  }
  end = i;
  if (i < len && strchr("fFdD", s[i]) && s[i] != '\0')
    i++;
  return i == len ? end : 0;
}

bool rt_cast_string_to_double(const char *s, size_t len, double *out) {
  flink_trim(&s, &len);
  rt_java_trim(&s, &len); /* Double.parseDouble trims again, as String.trim */
  int special;
  size_t n = java_double_syntax(s, len, &special);
  if (n == 0)
    return false;
  bool neg = s[0] == '-';
  if (special) {
    *out = special == 1 ? NAN : neg ? -INFINITY : INFINITY;
    return true;
  }
  char small[64];
  char *copy = n < sizeof small ? small : malloc(n + 1);
  if (!copy)
    return false;
  memcpy(copy, s, n);
  copy[n] = '\0';
  /* correctly rounded, as Java's parser; overflow gives +-HUGE_VAL, which is
   * Java's Infinity, and underflow 0 */
  *out = strtod(copy, NULL);
  if (copy != small)
    free(copy);
  return true;
}

bool rt_cast_string_to_bigint(const char *s, size_t len, int64_t *out) {
  flink_trim(&s, &len);
  if (len == 0)
    return false;
  size_t i = 0;
  bool neg = s[0] == '-';
  if (neg || s[0] == '+') {
    i++;
    if (len == 1)
      return false;
  }
  /* accumulate negatively so that INT64_MIN fits */
  int64_t v = 0;
  for (; i < len; i++) {
    if (s[i] == '.')
      break;
    if (s[i] < '0' || s[i] > '9')
      return false;
    int d = s[i] - '0';
    if (v < INT64_MIN / 10 || v * 10 < INT64_MIN + d)
      return false;
    v = v * 10 - d;
  }
  /* a fraction must be digits, and is dropped */
  for (i++; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  if (!neg) {
    if (v == INT64_MIN)
      return false;
    v = -v;
  }
  *out = v;
  return true;
}

bool rt_cast_string_to_boolean(const char *s, size_t len, bool *out) {
  static const char *const spellings[] = {"t", "true",  "y", "yes", "1",
                                          "f", "false", "n", "no",  "0"};
  for (size_t k = 0; k < sizeof spellings / sizeof spellings[0]; k++) {
    const char *w = spellings[k];
    if (strlen(w) == len && strncasecmp(s, w, len) == 0) {
      *out = k < 5;
      return true;
    }
  }
  return false;
}
