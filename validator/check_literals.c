/* Literals: bringing each value of a comparison to the comparison's type
 * (numbers, exact BIGINTs, booleans, ISO-8601 timestamps), and refusing
 * placeholders and nulls. Separate because it is the only place where text
 * written in the YAML becomes a typed constant, and the timestamp parser is
 * also used on its own. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_internal.h"
#include "operators.h"
#include "typecheck.h"

const char *tc_literal_kind_name(LiteralKind k) {
  switch (k) {
  case LITERAL_NULL:
    return "null";
  case LITERAL_STRING:
    return "a string";
  case LITERAL_NUMBER:
    return "a number";
  case LITERAL_BOOL:
    return "a boolean";
  }
  return "a value";
}

static bool looks_like_placeholder(const char *s) {
  size_t n = strlen(s);
  if (n >= 3 && strncasecmp(s, "now", 3) == 0 &&
      (n == 3 || s[3] == '-' || s[3] == '+' || s[3] == '(' || s[3] == ' '))
    return true;
  if (strstr(s, "${") || strstr(s, "{{") || strcasecmp(s, "today") == 0 ||
      strcasecmp(s, "yesterday") == 0 || strcasecmp(s, "current_timestamp") == 0)
    return true;
  /* time-of-day ranges such as 09:00-17:00 */
  if (n == 11 && isdigit((unsigned char)s[0]) && s[2] == ':' && s[5] == '-' &&
      s[8] == ':')
    return true;
  return false;
}

static int digits(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

static long long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool parse_iso_timestamp(const char *s, double *epoch_ms) {
  size_t n = strlen(s);
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, offset_min = 0;
  if (n < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
      digits(s + 8, 2, &d))
    return false;
  size_t i = 10;
  if (i < n) {
    if ((s[i] != 'T' && s[i] != ' ') || n < i + 6 || s[i + 3] != ':' ||
        digits(s + i + 1, 2, &h) || digits(s + i + 4, 2, &mi))
      return false;
    i += 6;
    if (i < n && s[i] == ':') {
      if (n < i + 3 || digits(s + i + 1, 2, &sec))
        return false;
      i += 3;
      if (i < n && s[i] == '.') {
        size_t k = i + 1, frac = 0;
        int scale = 100;
        while (k < n && isdigit((unsigned char)s[k])) {
          if (frac < 3)
            ms += (s[k] - '0') * scale, scale /= 10;
          frac++, k++;
        }
        if (frac == 0)
          return false;
        i = k;
      }
    }
    if (i < n && s[i] == 'Z') {
      i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
      int oh, om;
      if (n != i + 6 || s[i + 3] != ':' || digits(s + i + 1, 2, &oh) ||
          digits(s + i + 4, 2, &om))
        return false;
      offset_min = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
      i += 6;
    }
    if (i != n)
      return false;
  }
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 60)
    return false;
  long long days = days_from_civil(y, mo, d);
  *epoch_ms =
      ((double)days * 86400.0 + h * 3600.0 + mi * 60.0 + sec - offset_min * 60.0) *
          1000.0 +
      ms;
  return true;
}

/* The text a converted DOUBLE literal is written with, in the generated
 * SQL and in messages: an integral value without a fraction ("100",
 * "10000000"), else the shortest %g (15 to 17 digits) that reads back as
 * the same double ("0.1", "1e-07"). There is a second shortest-double
 * printer on purpose: runtime/numtext.c rt_java_double_text prints Java's
 * Double.toString ("100.0", "1.0E7"), which is what Flink makes of a DOUBLE
 * cast to STRING at run time (evaluator and cross-check); this one writes
 * a SQL numeric literal that Flink's parser reads back as the same value,
 * spelled as plainly as the user would write it. */
static const char *sql_number_literal_text(Arena *arena, double v) {
  char buf[40];
  if (v == floor(v) && fabs(v) < 9007199254740992.0) {
    snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v); /* -0 prints 0 */
    return arena_strdup(arena, buf);
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v)
      break;
  }
  return arena_strdup(arena, buf);
}

bool tc_string_to_number(const char *s, double *out) {
  if (!*s || isspace((unsigned char)*s))
    return false;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (*end || errno == ERANGE || !isfinite(v) || strpbrk(s, "xXnN"))
    return false; /* no hex, inf or nan spelled as text */
  *out = v;
  return true;
}

static void set_number(Checker *ck, Literal *lit, double v) {
  lit->kind = LITERAL_NUMBER;
  lit->number = v;
  lit->has_int64 = false;
  lit->text = sql_number_literal_text(ck->arena, v);
  lit->len = strlen(lit->text);
}

/* The exact int64 a BIGINT literal stands for. Integers are read from
 * their text, never through a double (9007199254740993 must stay itself);
 * a float or converted value counts only when it is integral and in range. */
static bool exact_int64(const Literal *lit, double v, int64_t *out) {
  const char *t = lit->text;
  bool decimal_text = t && *t;
  for (const char *q = t + (t && (*t == '-' || *t == '+')); decimal_text && *q; q++)
    decimal_text = *q >= '0' && *q <= '9';
  if (decimal_text && (lit->kind == LITERAL_STRING || lit->integer)) {
    errno = 0;
    char *end;
    long long x = strtoll(t, &end, 10);
    if (errno == ERANGE || *end)
      return false;
    *out = (int64_t)x;
    return true;
  }
  if (v != floor(v) || v < -9223372036854775808.0 || v >= 9223372036854775808.0)
    return false;
  *out = (int64_t)v;
  return true;
}

static void set_int64(Checker *ck, Literal *lit, int64_t x) {
  char buf[24];
  snprintf(buf, sizeof buf, "%" PRId64, x);
  lit->kind = LITERAL_NUMBER;
  lit->has_int64 = true;
  lit->int64 = x;
  lit->number = (double)x;
  lit->text = arena_strdup(ck->arena, buf);
  lit->len = strlen(lit->text);
}

/* Brings one literal to the comparison type, or reports why it cannot be. */
bool tc_coerce_literal(Checker *ck, const Cond *c, ValueType vt, Literal *lit) {
  const char *field = c->field.text;
  if (lit->kind == LITERAL_NULL) {
    Diag *d = tc_report(ck, SEV_ERROR, lit->pos, "null-literal",
                        "null as a value never matches: any comparison with NULL "
                        "is UNKNOWN");
    diag_hint(d, "use operator isNull or isNotNull");
    return false;
  }
  if (lit->kind == LITERAL_STRING && looks_like_placeholder(lit->text) &&
      (c->type != SQL_TYPE_STRING || vt == VALUE_TYPE_TIMESTAMP ||
       operator_info(c->op)->ordered)) {
    Diag *d = tc_report(ck, SEV_ERROR, lit->pos, "placeholder",
                        "'%s' is a placeholder, not a value: filters are compiled "
                        "to fixed SQL and have no clock",
                        lit->text);
    diag_hint(d, "write an absolute timestamp such as 2024-01-15T00:00:00Z; "
                 "relative time windows belong in the consumer");
    return false;
  }
  switch (c->type) {
  case SQL_TYPE_STRING:
    if (lit->kind == LITERAL_STRING) {
      if (vt == VALUE_TYPE_TIMESTAMP) {
        double ms;
        if (!parse_iso_timestamp(lit->text, &ms)) {
          Diag *d = tc_report(ck, SEV_ERROR, lit->pos, "bad-timestamp",
                              "'%s' is not an ISO-8601 timestamp", lit->text);
          diag_hint(d, "write 2024-01-15T10:30:00Z");
          return false;
        }
      }
      return true;
    }
    if (vt == VALUE_TYPE_STRING && lit->kind != LITERAL_NULL) {
      lit->kind = LITERAL_STRING; /* explicit valueType: take the text */
      return true;
    }
    {
      Diag *d = tc_report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                          "'%s' is STRING but this value is %s", field,
                          tc_literal_kind_name(lit->kind));
      diag_hint(d, "quote it: '%s'", lit->text);
    }
    return false;
  case SQL_TYPE_DOUBLE:
  case SQL_TYPE_BIGINT: {
    double v = lit->number;
    if (lit->kind == LITERAL_STRING) {
      double ms;
      if (vt == VALUE_TYPE_TIMESTAMP && parse_iso_timestamp(lit->text, &ms))
        v = ms;
      else if ((vt == VALUE_TYPE_NUMBER || vt == VALUE_TYPE_TIMESTAMP) &&
               tc_string_to_number(lit->text, &v))
        ;
      else {
        Diag *d = tc_report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                            "'%s' is compared as a number (%s) but '%s' is a string",
                            field, sql_type_name(c->type), lit->text);
        if (tc_string_to_number(lit->text, &v))
          diag_hint(d, "write the number without quotes");
        else if (vt == VALUE_TYPE_TIMESTAMP)
          diag_hint(d, "write an ISO-8601 timestamp or epoch milliseconds");
        return false;
      }
    } else if (lit->kind != LITERAL_NUMBER) {
      tc_report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                "'%s' is compared as a number (%s) but the value is %s", field,
                sql_type_name(c->type), tc_literal_kind_name(lit->kind));
      return false;
    }
    if (c->type == SQL_TYPE_BIGINT) {
      int64_t exact;
      if (!exact_int64(lit, v, &exact)) {
        tc_report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                  "'%s' is BIGINT but %s is not a 64-bit integer", field, lit->text);
        return false;
      }
      set_int64(ck, lit, exact);
      return true;
    }
    set_number(ck, lit, v);
    return true;
  }
  case SQL_TYPE_BOOLEAN:
    if (lit->kind == LITERAL_BOOL)
      return true;
    if (lit->kind == LITERAL_STRING && vt == VALUE_TYPE_BOOLEAN &&
        (!strcmp(lit->text, "true") || !strcmp(lit->text, "false"))) {
      lit->kind = LITERAL_BOOL;
      lit->boolean = lit->text[0] == 't';
      return true;
    }
    tc_report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
              "'%s' is BOOLEAN but the value is %s", field,
              tc_literal_kind_name(lit->kind));
    return false;
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return false;
}
