/* Stage 3: JSON_VALUE on the message's JSON column, with the typing rules
 * of filterc_runtime.h. event_data is walked once per message (json_paths.c), on the
 * first path that needs it, so flat-column filters never pay for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool rt_flink_version_parse(const char *s, RtFlinkVersion *out) {
  static const char *const names[] = {"1.18", "1.19", "1.20", "2.0", "2.1", "2.2"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    size_t n = strlen(names[i]);
    if (strncmp(s, names[i], n) == 0 && (s[n] == '\0' || s[n] == '.')) {
      *out = (RtFlinkVersion)i;
      return true;
    }
  }
  return false;
}

const char *rt_flink_version_name(RtFlinkVersion v) {
  switch (v) {
  case RT_FLINK_1_18:
    return "1.18";
  case RT_FLINK_1_19:
    return "1.19";
  case RT_FLINK_1_20:
    return "1.20";
  case RT_FLINK_2_0:
    return "2.0";
  case RT_FLINK_2_1:
    return "2.1";
  case RT_FLINK_2_2:
    return "2.2";
  }
  return "?";
}

bool rt_flink_bigdecimal_floats(RtFlinkVersion v) {
  switch (v) {
  case RT_FLINK_1_18:
  case RT_FLINK_1_19:
  case RT_FLINK_1_20: /* inferred: FLINK-35696 (PR #25026, July 2024) merged
                         after the 1.20 feature freeze; not verified */
    return false;
  case RT_FLINK_2_0:
  case RT_FLINK_2_1:
  case RT_FLINK_2_2:
    return true;
  }
  return false;
}

/* new BigDecimal(text).toString() for a JSON float's source text: the
 * unscaled digits and scale of the text, then BigDecimal.layoutChars
 * (plain notation when scale >= 0 and the adjusted exponent >= -6, else
 * scientific with "E+n"/"E-n"). False when the scale overflows an int
 * (BigDecimal throws, Jackson fails the parse). */
bool rt_bigdecimal_text(const char *s, size_t n, Buf *out) {
  size_t i = 0;
  bool neg = i < n && s[i] == '-';
  if (neg)
    i++;
  Buf *b = out;
  b->len = 0;
  size_t digits_at = 0, ndig = 0;
  int64_t frac = 0, exp = 0;
  /* collect the digits without leading zeros in a scratch area after the
   * output (written first, moved later) */
  char dig[1100];
  char *dp = dig;
  char *heap = NULL;
  if (n >= sizeof dig) {
    heap = malloc(n + 1);
    if (!heap)
      return false;
    dp = heap;
  }
  bool in_frac = false;
  for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
    if (s[i] == '.') {
      in_frac = true;
      continue;
    }
    if (in_frac)
      frac++;
    if (ndig == 0 && s[i] == '0')
      continue;
    dp[ndig++] = s[i];
  }
  if (i < n) { /* exponent */
    i++;
    bool eneg = s[i] == '-';
    if (s[i] == '+' || s[i] == '-')
      i++;
    for (; i < n; i++) {
      exp = exp * 10 + (s[i] - '0');
      if (exp > 4000000000)
        break;
    }
    if (eneg)
      exp = -exp;
  }
  int64_t scale = frac - exp;
  if (scale > INT32_MAX || scale < INT32_MIN) {
    free(heap);
    return false;
  }
  if (ndig == 0)
    dp[ndig++] = '0';
  (void)digits_at;
  int64_t adjusted = -scale + (int64_t)(ndig - 1);
  if (neg && !(ndig == 1 && dp[0] == '0'))
    buf_addc(b, '-');
  if (scale == 0) {
    buf_add(b, dp, ndig);
  } else if (scale > 0 && adjusted >= -6) {
    int64_t pad = scale - (int64_t)ndig;
    if (pad >= 0) {
      buf_adds(b, "0.");
      for (int64_t k = 0; k < pad; k++)
        buf_addc(b, '0');
      buf_add(b, dp, ndig);
    } else {
      size_t int_len = ndig - (size_t)scale;
      buf_add(b, dp, int_len);
      buf_addc(b, '.');
      buf_add(b, dp + int_len, (size_t)scale);
    }
  } else {
    buf_addc(b, dp[0]);
    if (ndig > 1) {
      buf_addc(b, '.');
      buf_add(b, dp + 1, ndig - 1);
    }
    if (adjusted != 0) {
      char e[32];
      snprintf(e, sizeof e, "E%s%lld", adjusted > 0 ? "+" : "", (long long)adjusted);
      buf_adds(b, e);
    }
  }
  free(heap);
  return true;
}

/* JSON_VALUE(<json column>, path) without RETURNING: the STRING form.
 * Calcite's jsonValue (SqlJsonUtils) hands back the raw object Jayway read
 * with Jackson's ObjectMapper (UntypedObjectDeserializer) and the generated
 * code (JsonValueCallGen.scala) converts it with String.valueOf(raw). NULL
 * for invalid JSON, a missing step, JSON null, an object or an array
 * (strict mode, NULL ON ERROR). */
static bool json_value_text(RtMessage *m, const FieldRef *f, SqlType type,
                            const char **text, size_t *len) {
  RtDecoder *d = m->decoder;
  int col = d->schema->json_column;
  if (col < 0)
    return false;
  RtPaths *paths = &d->paths;
  int slot = rt_paths_slot(paths, f);
  if (!paths->walked) {
    RtValue v = rt_message_column(m, (size_t)col);
    if (v.kind == RT_STRING)
      rt_paths_walk(paths, &d->data_jp, v.str, v.len);
    else /* NULL event_data: every path is NULL */
      paths->walked = true, paths->valid = false;
  }
  const RtPathResult *r = &paths->results[slot];
  if (!paths->valid || !r->found)
    return false;
  Buf *b = &d->value_text;
  b->len = 0;
  if (r->len) /* an empty text may have no buffer */
    buf_add(b, paths->text.p + r->at, r->len);
  switch (r->tok) {
  case JK_INT: /* Integer, Long or BigInteger: its digits; -0 is 0 */
    if (b->len == 2 && b->p[0] == '-' && b->p[1] == '0') {
      b->p[0] = '0';
      b->len = 1;
    }
    break;
  case JK_FLOAT:
    /* For TRY_CAST(... AS DOUBLE) the source text gives the same double:
     * Double.toString round-trips, and a BigDecimal's text is the same
     * decimal value; so skip rendering it (a measured 10% of a nested
     * filter's time). */
    if (type == SQL_TYPE_DOUBLE)
      break;
    if (rt_flink_bigdecimal_floats(d->flink_version)) {
      /* USE_BIG_DECIMAL_FOR_FLOATS (FLINK-35696): BigDecimal.toString */
      Buf src = {0};
      buf_add(&src, b->p, b->len);
      bool ok = rt_bigdecimal_text(src.p, src.len, b);
      buf_free(&src);
      if (!ok)
        return false;
    } else { /* Double, then Double.toString; 1e400 is "Infinity" */
      double x;
      char tmp[RT_DOUBLE_TEXT_MAX];
      rt_cast_string_to_double(b->p, b->len, &x);
      size_t k = rt_java_double_text(x, tmp);
      b->len = 0;
      buf_add(b, tmp, k);
    }
    break;
  case JK_STRING:
  case JK_TRUE:
  case JK_FALSE:
    break;
  case JK_END:
  case JK_START_OBJECT:
  case JK_END_OBJECT:
  case JK_START_ARRAY:
  case JK_END_ARRAY:
  case JK_FIELD_NAME:
  case JK_NULL:
  case JK_ERROR:
    return false;
  }
  *text = b->p ? b->p : "";
  *len = b->len;
  return true;
}

/* The operand as the generated SQL reads it: the STRING form, then, for
 * another type, TRY_CAST(... AS type) (sql_expr.c). */
RtValue rt_json_value(RtMessage *m, const FieldRef *f, SqlType type) {
  RtValue v = {.kind = RT_NULL};
  const char *s;
  size_t n;
  if (!json_value_text(m, f, type, &s, &n))
    return v;
  switch (type) {
  case SQL_TYPE_STRING:
    return (RtValue){.kind = RT_STRING, .str = s, .len = n};
  case SQL_TYPE_DOUBLE:
    if (rt_cast_string_to_double(s, n, &v.d))
      v.kind = RT_DOUBLE;
    return v;
  case SQL_TYPE_BIGINT:
    if (rt_cast_string_to_bigint(s, n, &v.i))
      v.kind = RT_BIGINT;
    return v;
  case SQL_TYPE_BOOLEAN:
    if (rt_cast_string_to_boolean(s, n, &v.b))
      v.kind = RT_BOOL;
    return v;
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return v;
}
