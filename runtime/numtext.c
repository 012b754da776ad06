#include "numtext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
