#include "typecheck.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regex.h"
#include "suggest.h"

typedef struct Checker {
  Program *program;
  Arena *arena;
  const Schema *schema;
  Variant variant;
  DiagList *diags;
  const char *file;
  size_t errors;
  const char **candidates; /* field names for suggestions */
  size_t candidate_count;
} Checker;

static Diag *report(Checker *ck, Severity sev, SrcPos pos, const char *code,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static Diag *report(Checker *ck, Severity sev, SrcPos pos, const char *code,
                    const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (sev == SEV_ERROR)
    ck->errors++;
  return diag_add(ck->diags, sev, ck->file, pos, code, "%s", buf);
}

/* ---- field paths ------------------------------------------------------ */

static bool is_key_byte(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

int parse_field_path(Arena *arena, const char *text, PathStep **steps, size_t *count,
                     size_t *error_offset) {
  size_t cap = 1;
  for (const char *p = text; *p; p++)
    cap += *p == '.' || *p == '[';
  PathStep *out = arena_alloc(arena, cap * sizeof *out);
  size_t n = 0, i = 0;
  bool need_key = true; /* at start or after '.' */
  while (text[i] || need_key) {
    if (need_key) {
      size_t start = i;
      while (is_key_byte((unsigned char)text[i]))
        i++;
      if (i == start) {
        *error_offset = i;
        return -1;
      }
      out[n++] = (PathStep){.key = arena_strndup(arena, text + start, i - start),
                            .key_len = i - start};
      need_key = false;
      continue;
    }
    if (text[i] == '.') {
      i++;
      need_key = true;
    } else if (text[i] == '[' && text[i + 1] == '\'') {
      size_t start = i + 2, k = start;
      while (text[k] && text[k] != '\'' && text[k] != '\\')
        k++;
      if (text[k] != '\'' || text[k + 1] != ']' || k == start) {
        *error_offset = k;
        return -1;
      }
      out[n++] = (PathStep){.key = arena_strndup(arena, text + start, k - start),
                            .key_len = k - start};
      i = k + 2;
    } else if (text[i] == '[' && isdigit((unsigned char)text[i + 1])) {
      size_t k = i + 1;
      unsigned long idx = 0;
      while (isdigit((unsigned char)text[k])) {
        if (idx > 1000000) {
          *error_offset = k;
          return -1;
        }
        idx = idx * 10 + (unsigned long)(text[k] - '0');
        k++;
      }
      if (text[k] != ']') {
        *error_offset = k;
        return -1;
      }
      out[n++] = (PathStep){.is_index = true, .index = idx};
      i = k + 1;
    } else {
      *error_offset = i;
      return -1;
    }
  }
  *steps = out;
  *count = n;
  return 0;
}

static bool plain_key(const PathStep *s) {
  if (!isalpha((unsigned char)s->key[0]) && s->key[0] != '_')
    return false;
  for (size_t i = 0; i < s->key_len; i++)
    if (!isalnum((unsigned char)s->key[i]) && s->key[i] != '_')
      return false;
  return true;
}

/* `wildcard` writes [*] for indexes: the form schema json_paths use. */
static char *render_path(Arena *arena, const PathStep *steps, size_t n,
                         bool json_value_form, bool wildcard) {
  size_t cap = 2;
  for (size_t i = 0; i < n; i++)
    cap += steps[i].is_index ? 24 : steps[i].key_len + 5;
  char *out = arena_alloc(arena, cap);
  size_t len = 0;
  if (json_value_form)
    out[len++] = '$';
  for (size_t i = 0; i < n; i++) {
    const PathStep *s = &steps[i];
    if (s->is_index)
      len += wildcard ? (size_t)snprintf(out + len, cap - len, "[*]")
                      : (size_t)snprintf(out + len, cap - len, "[%lu]", s->index);
    else if (plain_key(s))
      len += (size_t)snprintf(out + len, cap - len, "%s%s",
                              (json_value_form || i > 0) ? "." : "", s->key);
    else
      len += (size_t)snprintf(out + len, cap - len, "['%s']", s->key);
  }
  out[len] = '\0';
  return out;
}

static bool is_json_root(const Schema *schema, const PathStep *first) {
  if (schema->json_root_open)
    return true;
  for (size_t i = 0; i < schema->path_count; i++) {
    const char *p = schema->paths[i].path;
    size_t n = strcspn(p, ".[");
    if (n == first->key_len && memcmp(p, first->key, n) == 0)
      return true;
  }
  const char *const *lists[] = {schema->closed, schema->open};
  size_t counts[] = {schema->closed_count, schema->open_count};
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < counts[l]; i++) {
      size_t n = strcspn(lists[l][i], ".[");
      if (n == first->key_len && memcmp(lists[l][i], first->key, n) == 0)
        return true;
    }
  return false;
}

static void suggest_field(Checker *ck, Diag *d, const char *text) {
  const char *guess = suggest_closest(text, ck->candidates, ck->candidate_count);
  if (guess)
    diag_hint(d, "did you mean '%s'?", guess);
}

/* Resolves f to a column or a JSON path. *known is the schema's type for it,
 * or SQL_TYPE_UNKNOWN for a path the schema says nothing about; *path is
 * the schema's entry for a typed JSON path (timestamp, enum symbols). */
static bool resolve_field(Checker *ck, FieldRef *f, SqlType *known,
                          const SchemaPath **path) {
  const Schema *schema = ck->schema;
  *known = SQL_TYPE_UNKNOWN;
  *path = NULL;
  f->column = -1;
  int col = schema_column_index(schema, f->text);
  if (col >= 0) {
    const SchemaColumn *c = &schema->columns[col];
    if (!schema_column_visible(c, ck->variant)) {
      Diag *d = report(ck, SEV_ERROR, f->pos, "no-op-metadata",
                       "'%s' does not exist in the no-op variant: its connector "
                       "does not add CDC metadata",
                       f->text);
      diag_hint(d, "the no-op variant treats every event as an insert; drop the "
                   "condition, mark it 'variant: normal', or use the normal variant");
      return false;
    }
    f->column = col;
    *known = c->type;
    return true;
  }
  size_t bad = 0;
  if (parse_field_path(ck->arena, f->text, &f->steps, &f->step_count, &bad) != 0) {
    SrcPos pos = f->pos;
    Diag *d = report(ck, SEV_ERROR, pos, "bad-path",
                     "'%s' is not a valid field path (problem at character %zu)", f->text,
                     bad + 1);
    diag_hint(d, "write a column name or a path like eventBody.entities[0].entityType; "
                 "quote odd keys as ['key name']");
    return false;
  }
  if (!is_json_root(schema, &f->steps[0])) {
    Diag *d = report(ck, SEV_ERROR, f->pos, "unknown-field",
                     "unknown field '%s': not a column of '%s' nor a path into %s",
                     f->text, schema->topic,
                     schema->json_column >= 0 ? schema->columns[schema->json_column].name
                                              : "the event");
    suggest_field(ck, d, f->text);
    return false;
  }
  if (schema->json_column < 0) {
    report(ck, SEV_ERROR, f->pos, "unknown-field",
           "'%s' is a JSON path but the schema has no JSON column", f->text);
    return false;
  }
  char *canonical = render_path(ck->arena, f->steps, f->step_count, false, true);
  const SchemaPath *sp = NULL;
  switch (schema_json_path(schema, canonical, &sp)) {
  case JSON_PATH_KNOWN:
  case JSON_PATH_UNDESCRIBED:
  case JSON_PATH_OPEN:
    break;
  case JSON_PATH_NOT_IN_CLOSED: {
    Diag *d =
        report(ck, SEV_ERROR, f->pos, "unknown-field",
               "unknown field '%s': the schema lists every key of this object", f->text);
    suggest_field(ck, d, f->text);
    return false;
  }
  case JSON_PATH_CONTAINER: {
    /* JSON_VALUE yields scalars only: in lax mode (Flink's default path
     * mode) a non-scalar counts as empty, NULL ON EMPTY by default (Calcite
     * JsonFunctions.jsonValue) */
    Diag *d = report(ck, SEV_ERROR, f->pos, "unknown-field",
                     "'%s' is an object or array in the schema, not a value: "
                     "JSON_VALUE is NULL on it for every event",
                     f->text);
    size_t n = strlen(f->text);
    for (size_t i = 0; i < ck->candidate_count; i++)
      if (strncmp(ck->candidates[i], f->text, n) == 0 &&
          (ck->candidates[i][n] == '.' || ck->candidates[i][n] == '[')) {
        diag_hint(d, "compare one of its values, such as '%s'", ck->candidates[i]);
        break;
      }
    return false;
  }
  case JSON_PATH_UNDER_SCALAR: {
    Diag *d = report(ck, SEV_ERROR, f->pos, "unknown-field",
                     "unknown field '%s': the schema says '%s' is %s, which has no keys",
                     f->text, sp->path, sql_type_name(sp->type));
    suggest_field(ck, d, f->text);
    return false;
  }
  }
  for (size_t i = 0; i < f->step_count; i++)
    if (!f->steps[i].is_index && !plain_key(&f->steps[i]) &&
        strpbrk(f->steps[i].key, "'\\")) {
      report(ck, SEV_ERROR, f->pos, "bad-path",
             "key '%s' contains a quote or backslash, which JSON paths cannot "
             "express portably",
             f->steps[i].key);
      return false;
    }
  /* A nested path the schema maps to a flat column compiles to the column. */
  for (size_t i = 0; i < schema->column_count; i++) {
    const SchemaColumn *c = &schema->columns[i];
    if (c->nested && strcmp(c->nested, canonical) == 0 &&
        schema_column_visible(c, ck->variant)) {
      f->column = (int)i;
      f->mapped = true;
      *known = c->type;
      return true;
    }
  }
  f->json_path = render_path(ck->arena, f->steps, f->step_count, true, false);
  if (sp) {
    /* The schema's type as it is: a BIGINT path is read with TRY_CAST(..
     * AS BIGINT), which turns what is not an integer into NULL rather than
     * failing the job (sql_expr.c). */
    *known = sp->type;
    *path = sp;
  }
  return true;
}

/* ---- literals --------------------------------------------------------- */

static const char *literal_kind_name(LiteralKind k) {
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

/* Shortest text that reads back as the same double. */
static const char *canonical_number(Arena *arena, double v) {
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

static bool string_to_number(const char *s, double *out) {
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
  lit->text = canonical_number(ck->arena, v);
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
static bool coerce_literal(Checker *ck, const Cond *c, ValueType vt, Literal *lit) {
  const char *field = c->field.text;
  if (lit->kind == LITERAL_NULL) {
    Diag *d = report(ck, SEV_ERROR, lit->pos, "null-literal",
                     "null as a value never matches: any comparison with NULL "
                     "is UNKNOWN");
    diag_hint(d, "use operator isNull or isNotNull");
    return false;
  }
  if (lit->kind == LITERAL_STRING && looks_like_placeholder(lit->text) &&
      (c->type != SQL_TYPE_STRING || vt == VALUE_TYPE_TIMESTAMP ||
       operator_info(c->op)->ordered)) {
    Diag *d = report(ck, SEV_ERROR, lit->pos, "placeholder",
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
          Diag *d = report(ck, SEV_ERROR, lit->pos, "bad-timestamp",
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
      Diag *d = report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                       "'%s' is STRING but this value is %s", field,
                       literal_kind_name(lit->kind));
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
               string_to_number(lit->text, &v))
        ;
      else {
        Diag *d = report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
                         "'%s' is compared as a number (%s) but '%s' is a string", field,
                         sql_type_name(c->type), lit->text);
        if (string_to_number(lit->text, &v))
          diag_hint(d, "write the number without quotes");
        else if (vt == VALUE_TYPE_TIMESTAMP)
          diag_hint(d, "write an ISO-8601 timestamp or epoch milliseconds");
        return false;
      }
    } else if (lit->kind != LITERAL_NUMBER) {
      report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
             "'%s' is compared as a number (%s) but the value is %s", field,
             sql_type_name(c->type), literal_kind_name(lit->kind));
      return false;
    }
    if (c->type == SQL_TYPE_BIGINT) {
      int64_t exact;
      if (!exact_int64(lit, v, &exact)) {
        report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
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
    report(ck, SEV_ERROR, lit->pos, "value-type-mismatch",
           "'%s' is BOOLEAN but the value is %s", field, literal_kind_name(lit->kind));
    return false;
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return false;
}

static bool literal_equal(const Literal *a, const Literal *b) {
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case LITERAL_STRING:
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
  case LITERAL_NUMBER:
    return a->has_int64 && b->has_int64 ? a->int64 == b->int64 : a->number == b->number;
  case LITERAL_BOOL:
    return a->boolean == b->boolean;
  case LITERAL_NULL:
    return true;
  }
  return false;
}

/* -1, 0, 1; strings by UTF-8 bytes, as Flink compares them */
static int literal_compare(const Literal *a, const Literal *b) {
  if (a->kind == LITERAL_NUMBER && a->has_int64 && b->has_int64)
    return (a->int64 > b->int64) - (a->int64 < b->int64);
  if (a->kind == LITERAL_NUMBER)
    return (a->number > b->number) - (a->number < b->number);
  if (a->kind == LITERAL_BOOL)
    return (int)a->boolean - (int)b->boolean;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->text, b->text, n);
  if (c)
    return c < 0 ? -1 : 1;
  return (a->len > b->len) - (a->len < b->len);
}

/* ---- conditions ------------------------------------------------------- */

static SqlType type_from_value_type(ValueType vt, const Literal *args, size_t n) {
  switch (vt) {
  case VALUE_TYPE_STRING:
    return SQL_TYPE_STRING;
  case VALUE_TYPE_NUMBER:
    return SQL_TYPE_DOUBLE;
  case VALUE_TYPE_BOOLEAN:
    return SQL_TYPE_BOOLEAN;
  case VALUE_TYPE_TIMESTAMP:
    /* epoch milliseconds when written as numbers, ISO text otherwise */
    return n > 0 && args[0].kind == LITERAL_NUMBER ? SQL_TYPE_DOUBLE : SQL_TYPE_STRING;
  case VALUE_TYPE_NONE:
    break;
  }
  return SQL_TYPE_UNKNOWN;
}

static SqlType type_from_literals(const Literal *args, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (args[i].kind) {
    case LITERAL_NUMBER:
      return SQL_TYPE_DOUBLE;
    case LITERAL_BOOL:
      return SQL_TYPE_BOOLEAN;
    case LITERAL_STRING:
      return SQL_TYPE_STRING;
    case LITERAL_NULL:
      break;
    }
  }
  return SQL_TYPE_STRING;
}

static bool value_type_fits(ValueType vt, SqlType t) {
  switch (vt) {
  case VALUE_TYPE_NONE:
    return true;
  case VALUE_TYPE_STRING:
    return t == SQL_TYPE_STRING;
  case VALUE_TYPE_NUMBER:
    return t == SQL_TYPE_DOUBLE || t == SQL_TYPE_BIGINT;
  case VALUE_TYPE_BOOLEAN:
    return t == SQL_TYPE_BOOLEAN;
  case VALUE_TYPE_TIMESTAMP:
    return t == SQL_TYPE_STRING || t == SQL_TYPE_DOUBLE || t == SQL_TYPE_BIGINT;
  }
  return false;
}

/* The pattern is Java's (Flink runs java.util.regex); regex_java.c
 * translates it for PCRE2 or says why it cannot, and we compile the
 * translation here so that what the evaluator will run is known to work. */
static void check_regex(Checker *ck, const Literal *lit) {
  RegexJava t;
  regex_java_translate(lit->text, lit->len, &t);
  if (!t.has_error) {
    char message[256];
    pcre2_code *re = regex_compile_translation(&t, message, sizeof message);
    if (re)
      pcre2_code_free(re);
    else
      regex_java_pcre2_failure(&t, message);
  }
  for (size_t i = 0; i < t.issue_count; i++) {
    const RegexIssue *is = &t.issues[i];
    Diag *d = report(ck, is->level == REGEX_ERROR ? SEV_ERROR : SEV_WARNING, lit->pos,
                     is->code, "%s", is->message);
    if (is->hint[0])
      diag_hint(d, "%s\npattern: %s\n%*s^", is->hint, lit->text, (int)(is->offset + 9),
                "");
    else
      diag_hint(d, "pattern: %s\n%*s^", lit->text, (int)(is->offset + 9), "");
  }
  regex_java_free(&t);
}

/* A column's `values`, or the symbols of an Avro enum / JSON Schema enum
 * the event schema gives a path (`sp`). */
static void check_enum_values(Checker *ck, const Cond *c, const SchemaPath *sp) {
  const char *name = sp ? c->field.text : NULL;
  const char *const *values = sp ? sp->values : NULL;
  size_t value_count = sp ? sp->value_count : 0;
  if (c->field.column >= 0) {
    const SchemaColumn *col = &ck->schema->columns[c->field.column];
    name = col->name;
    values = col->values;
    value_count = col->value_count;
  }
  if (!values || c->op == OP_MATCHES)
    return;
  for (size_t i = 0; i < c->arg_count; i++) {
    const Literal *lit = &c->args[i];
    if (lit->kind != LITERAL_STRING)
      continue;
    bool found = false;
    for (size_t k = 0; k < value_count; k++)
      found |= values[k] && strcmp(values[k], lit->text) == 0;
    if (found)
      continue;
    char allowed[256] = "";
    for (size_t k = 0; k < value_count && values[k]; k++) {
      strncat(allowed, k ? ", " : "", sizeof allowed - strlen(allowed) - 1);
      strncat(allowed, values[k], sizeof allowed - strlen(allowed) - 1);
    }
    Diag *d = report(ck, SEV_ERROR, lit->pos, "bad-enum-value",
                     "'%s' is never '%s'; it holds one of: %s", name, lit->text, allowed);
    const char *guess = suggest_closest(lit->text, values, value_count);
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
  }
}

/* Issue 9: on a path whose type nothing tells, a quoted number makes the
 * comparison a text one, where '99' > '100' and '1e3' < '5'. Often meant as
 * a number; a text order on digits is rarely what anyone wants. */
static void warn_quoted_numbers(Checker *ck, const Cond *c) {
  for (size_t i = 0; i < c->arg_count; i++) {
    const Literal *lit = &c->args[i];
    double v;
    if (lit->kind != LITERAL_STRING || !string_to_number(lit->text, &v))
      continue;
    Diag *d = report(ck, SEV_WARNING, lit->pos, "quoted-number",
                     "'%s' is compared as text: the schema does not know its type and "
                     "\"%s\" is quoted, so '99' > '100'",
                     c->field.text, lit->text);
    diag_hint(d,
              "write the number unquoted (%s) or add valueType: number to compare "
              "numerically; valueType: string keeps the text order silently",
              lit->text);
    return; /* one per condition: the hint covers the rest */
  }
}

static void check_compare(Checker *ck, Cond *c) {
  const OperatorInfo *op = operator_info(c->op);
  SqlType known;
  const SchemaPath *sp;
  if (!resolve_field(ck, &c->field, &known, &sp))
    return;
  /* a field the schema calls a timestamp reads ISO text as one */
  ValueType vt = sp && sp->timestamp && c->value_type == VALUE_TYPE_NONE
                     ? VALUE_TYPE_TIMESTAMP
                     : c->value_type;
  if (known != SQL_TYPE_UNKNOWN) {
    c->type = known;
    if (!value_type_fits(c->value_type, known)) {
      Diag *d =
          report(ck, SEV_ERROR, c->value_type_pos, "value-type-mismatch",
                 "valueType %s does not fit '%s', which is %s",
                 value_type_name(c->value_type), c->field.text, sql_type_name(known));
      diag_hint(d, "the generated SQL never casts message data; remove valueType "
                   "or compare a field of that type");
      return;
    }
  } else if (op->string_only) {
    c->type = SQL_TYPE_STRING;
  } else if (c->value_type != VALUE_TYPE_NONE) {
    c->type = type_from_value_type(c->value_type, c->args, c->arg_count);
  } else {
    c->type = type_from_literals(c->args, c->arg_count);
  }
  if (op->string_only && c->type != SQL_TYPE_STRING) {
    report(ck, SEV_ERROR, c->op_pos, "operator-type-mismatch",
           "'%s' applies to strings; '%s' is %s", op->name, c->field.text,
           sql_type_name(c->type));
    return;
  }
  if (op->ordered && c->type == SQL_TYPE_BOOLEAN) {
    report(ck, SEV_ERROR, c->op_pos, "operator-type-mismatch",
           "'%s' needs an ordered type; '%s' is BOOLEAN", op->name, c->field.text);
    return;
  }
  if (op->shape == ARGS_LIST && c->arg_count == 0) {
    Diag *d = report(ck, SEV_ERROR, c->op_pos, "empty-list",
                     "'%s' with an empty list is never TRUE", op->name);
    diag_hint(d, "list at least one value");
    return;
  }
  if (op->shape == ARGS_LIST) {
    for (size_t i = 1; i < c->arg_count; i++)
      if (c->args[i].kind != c->args[0].kind && c->args[i].kind != LITERAL_NULL &&
          c->args[0].kind != LITERAL_NULL) {
        Diag *d = report(ck, SEV_ERROR, c->args[i].pos, "mixed-list",
                         "list mixes %s and %s", literal_kind_name(c->args[0].kind),
                         literal_kind_name(c->args[i].kind));
        diag_hint(d, "every value of one list has the field's type");
        return;
      }
  }
  if (known == SQL_TYPE_UNKNOWN && c->field.column < 0 && op->ordered &&
      c->type == SQL_TYPE_STRING && c->value_type == VALUE_TYPE_NONE)
    warn_quoted_numbers(ck, c);
  bool ok = true;
  for (size_t i = 0; i < c->arg_count; i++)
    ok &= coerce_literal(ck, c, vt, &c->args[i]);
  if (!ok)
    return;
  if (op->shape == ARGS_LIST)
    for (size_t i = 1; i < c->arg_count; i++)
      for (size_t k = 0; k < i; k++)
        if (literal_equal(&c->args[i], &c->args[k])) {
          report(ck, SEV_WARNING, c->args[i].pos, "duplicate-value",
                 "'%s' is listed twice", c->args[i].text);
          break;
        }
  if (op->shape == ARGS_RANGE && literal_compare(&c->args[0], &c->args[1]) > 0) {
    Diag *d = report(ck, SEV_ERROR, c->args[0].pos, "between-bounds",
                     "'between' has min %s greater than max %s: it can never be TRUE",
                     c->args[0].text, c->args[1].text);
    diag_hint(d, "swap min and max");
  }
  if (c->op == OP_MATCHES)
    check_regex(ck, &c->args[0]);
  check_enum_values(ck, c, sp);
}

static void check_cond(Checker *ck, Cond *c) {
  if (c->kind == COND_COMPARE) {
    check_compare(ck, c);
    return;
  }
  for (size_t i = 0; i < c->kid_count; i++)
    check_cond(ck, c->kids[i]);
}

/* ---- variant-specific conditions -------------------------------------- */

static void reject_nested_variant_marks(Checker *ck, const Cond *c) {
  for (size_t i = 0; i < c->kid_count; i++) {
    const Cond *kid = c->kids[i];
    if (kid->has_only_variant) {
      Diag *d = report(ck, SEV_ERROR, kid->pos, "bad-variant",
                       "'variant' may only mark a condition AND-ed at the top "
                       "of a filter or route");
      diag_hint(d, "dropping it from inside an any/not group would change what "
                   "the rest of the group means");
    }
    reject_nested_variant_marks(ck, kid);
  }
}

/* Drops the conditions marked for the other variant. Only top-level AND
 * members may be marked: removing one of them leaves the meaning of the
 * rest unchanged (it is as if the condition were TRUE). */
static Cond *prune_for_variant(Checker *ck, Cond *c) {
  if (!c)
    return NULL;
  if (c->has_only_variant)
    return c->only_variant == ck->variant ? c : NULL;
  if (c->kind != COND_ALL) {
    reject_nested_variant_marks(ck, c);
    return c;
  }
  size_t kept = 0;
  for (size_t i = 0; i < c->kid_count; i++) {
    Cond *kid = c->kids[i];
    if (kid->has_only_variant && kid->only_variant != ck->variant)
      continue;
    if (!kid->has_only_variant)
      reject_nested_variant_marks(ck, kid);
    c->kids[kept++] = kid;
  }
  c->kid_count = kept;
  if (kept == 0)
    return NULL;
  return kept == 1 ? c->kids[0] : c;
}

/* ---- satisfiability of AND-ed comparisons ----------------------------- */

static bool same_operand(const Cond *a, const Cond *b) {
  if (a->type != b->type)
    return false;
  if (a->field.column >= 0 || b->field.column >= 0)
    return a->field.column == b->field.column;
  return a->field.json_path && b->field.json_path &&
         strcmp(a->field.json_path, b->field.json_path) == 0;
}

static bool list_contains(const Cond *c, const Literal *v) {
  for (size_t i = 0; i < c->arg_count; i++)
    if (literal_equal(&c->args[i], v))
      return true;
  return false;
}

typedef struct Bound {
  const Literal *lo, *hi;
  bool lo_open, hi_open;
} Bound;

/* The interval of values a comparison admits, read from the operator
 * table: an outcome mask of exactly EQUAL is a point, GREATER/LESS (with or
 * without EQUAL) one open or closed side, BETWEEN both closed sides.
 * Anything else (<>, IN, REGEXP, ...) is no interval. */
static Bound bound_of(const Cond *c) {
  const OperatorInfo *op = operator_info(c->op);
  Bound b = {0};
  switch (op->meaning) {
  case MEANING_COMPARE: {
    unsigned h = op->holds & ~(unsigned)OUTCOME_UNORDERED;
    bool eq = (h & OUTCOME_EQUAL) != 0;
    if (h == OUTCOME_EQUAL)
      b.lo = b.hi = &c->args[0];
    else if (h == (OUTCOME_GREATER | (eq ? OUTCOME_EQUAL : 0)))
      b.lo = &c->args[0], b.lo_open = !eq;
    else if (h == (OUTCOME_LESS | (eq ? OUTCOME_EQUAL : 0)))
      b.hi = &c->args[0], b.hi_open = !eq;
    break;
  }
  case MEANING_RANGE:
    b.lo = &c->args[0], b.hi = &c->args[1];
    break;
  case MEANING_MEMBER:
  case MEANING_REGEX:
  case MEANING_NULLNESS:
    break;
  }
  return b;
}

static bool bounds_disjoint(Bound a, Bound b) {
  /* empty when one's lower bound is above the other's upper bound */
  const Bound *pairs[2][2] = {{&a, &b}, {&b, &a}};
  for (int i = 0; i < 2; i++) {
    const Bound *x = pairs[i][0], *y = pairs[i][1];
    if (!x->lo || !y->hi)
      continue;
    int cmp = literal_compare(x->lo, y->hi);
    if (cmp > 0 || (cmp == 0 && (x->lo_open || y->hi_open)))
      return true;
  }
  return false;
}

static bool never_both(const Cond *a, const Cond *b) {
  if (!same_operand(a, b))
    return false;
  bool a_null = a->op == OP_IS_NULL, b_null = b->op == OP_IS_NULL;
  if (a_null || b_null)
    return !(a_null && b_null); /* NULL makes every other test non-TRUE */
  if (a->op == OP_IS_NOT_NULL || b->op == OP_IS_NOT_NULL)
    return false;
  if (a->op == OP_MATCHES || b->op == OP_MATCHES || a->op == OP_NOT_EQUALS ||
      b->op == OP_NOT_EQUALS)
    return false;
  if (a->op == OP_EQUALS && b->op == OP_IN)
    return !list_contains(b, &a->args[0]);
  if (b->op == OP_EQUALS && a->op == OP_IN)
    return !list_contains(a, &b->args[0]);
  if (a->op == OP_EQUALS && b->op == OP_NOT_IN)
    return list_contains(b, &a->args[0]);
  if (b->op == OP_EQUALS && a->op == OP_NOT_IN)
    return list_contains(a, &b->args[0]);
  if (a->op == OP_IN && b->op == OP_IN) {
    for (size_t i = 0; i < a->arg_count; i++)
      if (list_contains(b, &a->args[i]))
        return false;
    return true;
  }
  if (a->op == OP_IN || b->op == OP_IN || a->op == OP_NOT_IN || b->op == OP_NOT_IN)
    return false;
  return bounds_disjoint(bound_of(a), bound_of(b));
}

typedef struct Conjuncts {
  Cond **items;
  size_t count, cap;
} Conjuncts;

static void collect_conjuncts(Conjuncts *out, Cond *c) {
  if (!c)
    return;
  if (c->kind == COND_ALL) {
    for (size_t i = 0; i < c->kid_count; i++)
      collect_conjuncts(out, c->kids[i]);
    return;
  }
  if (c->kind != COND_COMPARE || c->type == SQL_TYPE_UNKNOWN)
    return;
  if (out->count == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 8;
    out->items = realloc(out->items, out->cap * sizeof *out->items);
    if (!out->items)
      abort();
  }
  out->items[out->count++] = c;
}

static void check_satisfiable(Checker *ck, Cond *filter_cond, Cond *route_cond,
                              const char *topic) {
  Conjuncts cj = {0};
  collect_conjuncts(&cj, filter_cond);
  collect_conjuncts(&cj, route_cond);
  for (size_t i = 1; i < cj.count; i++)
    for (size_t k = 0; k < i; k++)
      if (never_both(cj.items[k], cj.items[i])) {
        Diag *d = report(ck, SEV_WARNING, cj.items[i]->pos, "unsatisfiable",
                         "this condition and the one at line %u can never both "
                         "be TRUE, so nothing reaches '%s'",
                         cj.items[k]->pos.line, topic ? topic : "?");
        diag_hint(d, "did you mean to join them with OR (an 'any:' group)?");
        i = cj.count; /* one report per route is enough */
        break;
      }
  free(cj.items);
}

/* Nested groups are checked on their own AND-ed members too. */
static void check_groups_satisfiable(Checker *ck, Cond *c, const char *topic) {
  if (!c || c->kind == COND_COMPARE)
    return;
  for (size_t i = 0; i < c->kid_count; i++) {
    Cond *kid = c->kids[i];
    if (kid->kind == COND_ALL && c->kind != COND_ALL)
      check_satisfiable(ck, kid, NULL, topic);
    check_groups_satisfiable(ck, kid, topic);
  }
}

/* ---- filters and topics ----------------------------------------------- */

const char *kafka_topic_problem(const char *topic) {
  size_t n = strlen(topic);
  if (n == 0)
    return "is empty";
  if (n > 249)
    return "is longer than 249 characters";
  if (!strcmp(topic, ".") || !strcmp(topic, ".."))
    return "cannot be '.' or '..'";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)topic[i];
    if (!isalnum(c) && c != '.' && c != '_' && c != '-')
      return "may contain only ASCII letters, digits, '.', '_' and '-'";
  }
  return NULL;
}

static bool valid_filter_id(const char *id) {
  if (!*id)
    return false;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return false;
  return true;
}

typedef struct TopicUse {
  const char *topic;
  char *folded; /* '.' -> '_' for the metric-name collision check */
  const Route *route;
} TopicUse;

static int compare_topic_use(const void *pa, const void *pb) {
  const TopicUse *a = pa, *b = pb;
  int c = strcmp(a->folded, b->folded);
  if (c)
    return c;
  c = strcmp(a->topic, b->topic);
  if (c)
    return c;
  if (a->route->topic_pos.line != b->route->topic_pos.line)
    return a->route->topic_pos.line < b->route->topic_pos.line ? -1 : 1;
  return (a->route->topic_pos.col > b->route->topic_pos.col) -
         (a->route->topic_pos.col < b->route->topic_pos.col);
}

static void check_topics(Checker *ck) {
  Program *p = ck->program;
  size_t total = 0;
  for (size_t i = 0; i < p->filter_count; i++)
    total += p->filters[i].route_count;
  TopicUse *uses = calloc(total ? total : 1, sizeof *uses);
  if (!uses)
    abort();
  size_t n = 0;
  for (size_t i = 0; i < p->filter_count; i++)
    for (size_t r = 0; r < p->filters[i].route_count; r++) {
      const Route *route = &p->filters[i].routes[r];
      const char *why = kafka_topic_problem(route->topic);
      if (why) {
        Diag *d = report(ck, SEV_ERROR, route->topic_pos, "bad-topic",
                         "topic name '%s' %s", route->topic, why);
        diag_hint(d, "Kafka topic names use [a-zA-Z0-9._-], 1 to 249 characters");
        continue;
      }
      if (strcmp(route->topic, ck->schema->topic) == 0) {
        report(ck, SEV_ERROR, route->topic_pos, "bad-topic",
               "routing into the source topic '%s' would feed events back into "
               "the filter",
               route->topic);
        continue;
      }
      char *folded = arena_strdup(ck->arena, route->topic);
      for (char *q = folded; *q; q++)
        if (*q == '.')
          *q = '_';
      uses[n++] = (TopicUse){route->topic, folded, route};
    }
  qsort(uses, n, sizeof *uses, compare_topic_use);
  for (size_t i = 1; i < n; i++) {
    if (strcmp(uses[i].folded, uses[i - 1].folded) != 0)
      continue;
    const Route *first = uses[i - 1].route, *again = uses[i].route;
    if (strcmp(uses[i].topic, uses[i - 1].topic) == 0) {
      Diag *d =
          report(ck, SEV_ERROR, again->topic_pos, "duplicate-topic",
                 "topic '%s' is already written by filter '%s' (line %u)", again->topic,
                 first->filter->id ? first->filter->id : "?", first->topic_pos.line);
      diag_hint(d, "give each route its own topic, or merge the conditions into "
                   "one filter with an 'any:' group");
    } else {
      report(ck, SEV_WARNING, again->topic_pos, "topic-collision",
             "topics '%s' and '%s' differ only in '.' versus '_', which collide "
             "in Kafka metric names",
             first->topic, again->topic);
    }
  }
  free(uses);
}

static int compare_filter_ids(const void *pa, const void *pb) {
  const Filter *a = *(const Filter *const *)pa, *b = *(const Filter *const *)pb;
  int c = strcmp(a->id, b->id);
  if (c)
    return c;
  return (a->pos.line > b->pos.line) - (a->pos.line < b->pos.line);
}

static void check_filter_ids(Checker *ck) {
  Program *p = ck->program;
  Filter **sorted = calloc(p->filter_count ? p->filter_count : 1, sizeof *sorted);
  if (!sorted)
    abort();
  size_t n = 0;
  for (size_t i = 0; i < p->filter_count; i++) {
    Filter *f = &p->filters[i];
    if (!f->id)
      continue;
    if (!valid_filter_id(f->id)) {
      Diag *d = report(ck, SEV_ERROR, f->id_pos, "bad-id",
                       "filter id '%s' must match ^[a-z0-9-]+$", f->id);
      diag_hint(d, "use lowercase letters, digits and hyphens");
    }
    sorted[n++] = f;
  }
  qsort(sorted, n, sizeof *sorted, compare_filter_ids);
  for (size_t i = 1; i < n; i++)
    if (strcmp(sorted[i]->id, sorted[i - 1]->id) == 0) {
      Diag *d = report(ck, SEV_ERROR, sorted[i]->id_pos, "duplicate-id",
                       "filter id '%s' is already used", sorted[i]->id);
      diag_hint(d, "first used at line %u", sorted[i - 1]->id_pos.line);
    }
  free(sorted);
}

static void build_candidates(Checker *ck) {
  const Schema *s = ck->schema;
  ck->candidate_count = 0;
  ck->candidates =
      arena_alloc(ck->arena, (s->column_count + s->path_count) * sizeof *ck->candidates);
  for (size_t i = 0; i < s->column_count; i++)
    if (schema_column_visible(&s->columns[i], ck->variant))
      ck->candidates[ck->candidate_count++] = s->columns[i].name;
  for (size_t i = 0; i < s->path_count; i++) {
    /* suggest concrete paths: [*] reads as [0] */
    const char *p = s->paths[i].path;
    char *q = arena_strdup(ck->arena, p);
    char *star;
    while ((star = strstr(q, "[*]")) != NULL)
      star[1] = '0';
    ck->candidates[ck->candidate_count++] = q;
  }
}

size_t typecheck_program(Program *program, const Schema *schema, Variant variant,
                         DiagList *diags) {
  Checker ck = {.program = program,
                .arena = &program->arena,
                .schema = schema,
                .variant = variant,
                .diags = diags,
                .file = program->file};
  build_candidates(&ck);
  check_filter_ids(&ck);
  for (size_t i = 0; i < program->filter_count; i++) {
    Filter *f = &program->filters[i];
    if (f->name && !f->name[0])
      report(&ck, SEV_ERROR, f->pos, "missing-key", "filter '%s' has an empty name",
             f->id ? f->id : "?");
    if (f->consumer_id && !f->consumer_id[0])
      report(&ck, SEV_ERROR, f->pos, "missing-key", "filter '%s' has an empty consumerId",
             f->id ? f->id : "?");
    bool had_cond = f->cond != NULL;
    f->cond = prune_for_variant(&ck, f->cond);
    for (size_t r = 0; r < f->route_count; r++)
      f->routes[r].cond = prune_for_variant(&ck, f->routes[r].cond);
    if (had_cond && !f->cond && !f->broken) {
      bool routes_conditioned = f->multi_topic;
      for (size_t r = 0; r < f->route_count; r++)
        routes_conditioned &= f->routes[r].cond != NULL;
      if (!routes_conditioned) {
        Diag *d = report(&ck, SEV_ERROR, f->pos, "no-conditions",
                         "in the %s variant filter '%s' has no conditions left "
                         "and would route every event",
                         variant_name(ck.variant), f->id ? f->id : "?");
        diag_hint(d, "every condition is marked for another variant");
      }
    }
    size_t before = ck.errors;
    if (f->cond)
      check_cond(&ck, f->cond);
    for (size_t r = 0; r < f->route_count; r++)
      if (f->routes[r].cond)
        check_cond(&ck, f->routes[r].cond);
    if (ck.errors != before || f->broken)
      continue;
    for (size_t r = 0; r < f->route_count; r++) {
      check_satisfiable(&ck, f->cond, f->routes[r].cond, f->routes[r].topic);
      check_groups_satisfiable(&ck, f->routes[r].cond, f->routes[r].topic);
    }
    check_groups_satisfiable(&ck, f->cond, f->route_count ? f->routes[0].topic : NULL);
  }
  check_topics(&ck);
  return ck.errors;
}
