/* The SQLite cross-check: the program compiled a second, independent way,
 * to one SQLite query over the message's flat JSON text, and run on every
 * event next to the native evaluator. It shares nothing with the decoder
 * or evaluator except the PCRE2 matcher (REGEXP) and Java's double
 * printing (java_double_text); the typing rules of filterc_runtime.h are
 * restated here with json_type()/CASE, and three-valued logic is SQLite's
 * own (AND/OR/NOT, IN, BETWEEN and comparisons propagate NULL).
 *
 * The query has two levels: the inner SELECT turns the JSON text ?1 into
 * the typed columns c0..cN the way Flink's json format does (and, with
 * JSON paths, the table v: each distinct path's STRING form, a row each);
 * the outer one computes each route's condition as 1, 0 or NULL.
 *
 * Events SQLite's JSON functions cannot read as Flink's Jackson does are
 * declared not comparable rather than compared (build_comparable_sql lists
 * them: text after the object, raw control characters, repeated keys,
 * containers in columns, surrogate escapes, and for programs with JSON
 * paths an event_data SQLite rejects or reads otherwise); `filterc route`
 * counts them with their reasons.
 *
 * Memory is bounded by a few copies of the event per schema column,
 * whatever the number of conditions. SQLite keeps a copy of a JSON
 * function's document per call in a query (its parse cache, 3.40) and per
 * json_each until the statement is reset, so one call per condition made
 * 2.55 GB of one 14 MB event under 200 conditions (issue 14). Instead the
 * JSON column's STRING value is extracted once per event by a statement of
 * its own and bound as ?2 (a bound parameter is read without a copy), the
 * distinct paths are rows of a per-event table extracted by one call of
 * each function (build_sql), and the checks of event_data's objects run one
 * statement per object, reset before the next. */
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "filterc_runtime.h"
#include "internal.h"
#include "numtext.h"
#include "regex.h"
#include "sql_quote.h"

struct RtCrossCheck {
  const Plan *p;
  RtFlinkVersion flink_version;
  const char *why; /* the last event's reason for not being comparable */
  sqlite3 *db;
  sqlite3_stmt *stmt;
  sqlite3_stmt *comparable; /* why SQLite cannot mirror Flink on ?1, or NULL */
  char *comparable_sql;
  /* With JSON paths: the JSON column's json_type and STRING value from ?1
   * (bound as ?2 in stmt and comparable), and one statement per object a
   * path walks through, true when its keys make the event not comparable. */
  sqlite3_stmt *event_data;
  char *event_data_sql;
  Buf event_data_text;
  sqlite3_stmt **objects;
  char **object_sql;
  size_t object_count;
  RtMatcher matcher;
  char *sql;
};

/* ---- SQL functions ---------------------------------------------------- */

static void free_code(void *code) {
  pcre2_code_free(code);
}

/* regexp(pattern, subject): X REGEXP Y calls regexp(Y, X). */
static void sql_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
      sqlite3_value_type(argv[1]) == SQLITE_NULL)
    return; /* NULL */
  pcre2_code *re = sqlite3_get_auxdata(ctx, 0);
  if (!re) {
    const char *pat = (const char *)sqlite3_value_text(argv[0]);
    char message[256];
    size_t offset;
    re = regex_compile(pat, (size_t)sqlite3_value_bytes(argv[0]), message, sizeof message,
                       &offset);
    if (!re) {
      sqlite3_result_error(ctx, message, -1);
      return;
    }
    sqlite3_set_auxdata(ctx, 0, re, free_code);
    re = sqlite3_get_auxdata(ctx, 0);
    if (!re) { /* SQLite freed it already: out of memory */
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  RtCrossCheck *x = sqlite3_user_data(ctx);
  const char *s = (const char *)sqlite3_value_text(argv[1]);
  RtTruth t = rt_matcher_find(&x->matcher, re, s, (size_t)sqlite3_value_bytes(argv[1]));
  if (t != RT_UNKNOWN)
    sqlite3_result_int(ctx, t == RT_TRUE);
}

static void sql_java_double_text(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
    return;
  char text[RT_DOUBLE_TEXT_MAX];
  size_t n = rt_java_double_text(sqlite3_value_double(argv[0]), text);
  sqlite3_result_text(ctx, text, (int)n, SQLITE_TRANSIENT);
}

/* flink_float_text(source text of a JSON float): String.valueOf of the
 * object Jackson makes of it for JSON_VALUE: a Double (Double.toString) up
 * to Flink 1.20, a BigDecimal (BigDecimal.toString) from FLINK-35696. A
 * formatting rule shared with jsonvalue.c, like java_double_text. */
static void sql_float_text(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
    return;
  const RtCrossCheck *x = sqlite3_user_data(ctx);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  if (rt_flink_bigdecimal_floats(x->flink_version)) {
    Buf out = {0};
    if (rt_bigdecimal_text(s, n, &out))
      sqlite3_result_text(ctx, out.p ? out.p : "", (int)out.len, SQLITE_TRANSIENT);
    buf_free(&out);
    return;
  }
  double d;
  char text[RT_DOUBLE_TEXT_MAX];
  if (rt_cast_string_to_double(s, n, &d))
    sqlite3_result_text(ctx, text, (int)rt_java_double_text(d, text), SQLITE_TRANSIENT);
}

/* TRY_CAST from STRING, with the rules of numtext.h. NaN cannot be a SQLite
 * value (it becomes NULL), so flink_try_double gives NULL for it and
 * flink_is_nan lets the caller decide the comparison apart. */
static void sql_try_double(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double d;
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL &&
      rt_cast_string_to_double((const char *)sqlite3_value_text(argv[0]),
                               (size_t)sqlite3_value_bytes(argv[0]), &d) &&
      !isnan(d))
    sqlite3_result_double(ctx, d);
}

static void sql_is_nan(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double d;
  sqlite3_result_int(
      ctx, sqlite3_value_type(argv[0]) != SQLITE_NULL &&
               rt_cast_string_to_double((const char *)sqlite3_value_text(argv[0]),
                                        (size_t)sqlite3_value_bytes(argv[0]), &d) &&
               isnan(d));
}

static void sql_try_bigint(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t v;
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL &&
      rt_cast_string_to_bigint((const char *)sqlite3_value_text(argv[0]),
                               (size_t)sqlite3_value_bytes(argv[0]), &v))
    sqlite3_result_int64(ctx, v);
}

static void sql_try_boolean(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  bool v;
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL &&
      rt_cast_string_to_boolean((const char *)sqlite3_value_text(argv[0]),
                                (size_t)sqlite3_value_bytes(argv[0]), &v))
    sqlite3_result_int(ctx, v);
}

/* ---- SQL text --------------------------------------------------------- */

/* Java's trim() set, minus NUL which SQLite text cannot hold. */
#define TRIM_SET                                                                         \
  "char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,"     \
  "29,30,31,32)"
#define DECIMAL_RE "'^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$'"

/* `json_extract(DOC, PATH)` etc.: DOC and PATH are SQL fragments. */
static void call2(Buf *b, const char *fn, const char *doc, const char *path) {
  buf_adds(b, fn);
  buf_addc(b, '(');
  buf_adds(b, doc);
  buf_addc(b, ',');
  buf_adds(b, path);
  buf_addc(b, ')');
}

/* The text value (trimmed) holds a long / a decimal: SQL for Long.parseLong
 * and our decimal rule, with the range check done on the digit string. */
static void text_to_bigint(Buf *b, const char *doc, const char *path) {
  Buf v = {0};
  buf_adds(&v, "trim(");
  call2(&v, "json_extract", doc, path);
  buf_adds(&v, "," TRIM_SET ")");
  buf_addc(&v, '\0');
  const char *t = v.p;
  char *digits = NULL;
  size_t n = strlen(t) * 2 + 64;
  digits = malloc(n);
  snprintf(digits, n, "ltrim(ltrim(%s,'+-'),'0')", t);
  buf_adds(b, "CASE WHEN ");
  buf_adds(b, t);
  buf_adds(b, " REGEXP '^[+-]?[0-9]+$' AND (length(");
  buf_adds(b, digits);
  buf_adds(b, ") < 19 OR (length(");
  buf_adds(b, digits);
  buf_adds(b, ") = 19 AND (");
  buf_adds(b, digits);
  buf_adds(b, " <= '9223372036854775807' OR (substr(");
  buf_adds(b, t);
  buf_adds(b, ",1,1) = '-' AND ");
  buf_adds(b, digits);
  buf_adds(b, " = '9223372036854775808')))) THEN CAST(");
  buf_adds(b, t);
  buf_adds(b, " AS INTEGER) END");
  free(digits);
  buf_free(&v);
}

static void text_to_double(Buf *b, const char *doc, const char *path) {
  Buf v = {0};
  buf_adds(&v, "trim(");
  call2(&v, "json_extract", doc, path);
  buf_adds(&v, "," TRIM_SET ")");
  buf_addc(&v, '\0');
  buf_adds(b, "CASE WHEN ");
  buf_adds(b, v.p);
  buf_adds(b, " REGEXP " DECIMAL_RE " THEN CAST(");
  buf_adds(b, v.p);
  buf_adds(b, " AS REAL) END");
  buf_free(&v);
}

/* The two SQL readings of a path: json_extract's value (ex) and the ->
 * operator's JSON text (raw, numbers as written), NUL-terminated. */
static void path_exprs(const char *doc, const char *path, Buf *ex, Buf *raw) {
  call2(ex, "json_extract", doc, path);
  buf_addc(ex, '\0');
  buf_adds(raw, "(");
  buf_adds(raw, doc);
  buf_adds(raw, " -> ");
  buf_adds(raw, path);
  buf_adds(raw, ")");
  buf_addc(raw, '\0');
}

/* A JSON value converted to a SQL type. `column`: Flink's json format
 * converters for a source column; otherwise JSON_VALUE's RETURNING rules. */
static void typed_value(Buf *b, SqlType type, bool column, const char *doc,
                        const char *path) {
  Buf ex = {0}, raw = {0};
  path_exprs(doc, path, &ex, &raw);
  const char *x = ex.p;
  buf_adds(b, "CASE ");
  call2(b, "json_type", doc, path);
  switch (type) {
  case SQL_TYPE_STRING:
    /* JsonParser.getText() of a number token is its source text, which
     * SQLite's -> operator returns as written */
    buf_adds(b, " WHEN 'text' THEN ");
    buf_adds(b, x);
    buf_adds(b, " WHEN 'integer' THEN ");
    buf_adds(b, raw.p);
    buf_adds(b, " WHEN 'real' THEN ");
    buf_adds(b, raw.p);
    buf_adds(b, " WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'");
    break;
  case SQL_TYPE_BIGINT:
    /* an integer token: getLongValue(), NULL beyond 64 bits (SQLite calls
     * such an integer 'integer' but holds it as a REAL); a float token:
     * truncated after a range check (ParserBase.convertNumberToLong) */
    buf_adds(b, " WHEN 'integer' THEN CASE WHEN typeof(");
    buf_adds(b, x);
    buf_adds(b, ") = 'integer' THEN ");
    buf_adds(b, x);
    buf_adds(b, " END");
    if (column) {
      buf_adds(b, " WHEN 'real' THEN CASE WHEN ");
      buf_adds(b, x);
      buf_adds(b, " BETWEEN -9223372036854775808.0 AND 9223372036854775808.0 THEN CAST(");
      buf_adds(b, x);
      buf_adds(b, " AS INTEGER) END");
    }
    buf_adds(b, " WHEN 'text' THEN ");
    text_to_bigint(b, doc, path);
    break;
  case SQL_TYPE_DOUBLE:
    buf_adds(b, " WHEN 'integer' THEN CAST(");
    buf_adds(b, x);
    buf_adds(b, " AS REAL) WHEN 'real' THEN ");
    buf_adds(b, x);
    buf_adds(b, " WHEN 'text' THEN ");
    text_to_double(b, doc, path);
    break;
  case SQL_TYPE_BOOLEAN:
    buf_adds(b, " WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'text' THEN ");
    if (column) { /* Boolean.parseBoolean(asText().trim()) */
      buf_adds(b, "lower(trim(");
      buf_adds(b, x);
      buf_adds(b, "," TRIM_SET ")) = 'true'");
      buf_adds(b, " WHEN 'integer' THEN 0 WHEN 'real' THEN 0 WHEN 'object' THEN 0"
                  " WHEN 'array' THEN 0");
    } else {
      buf_adds(b, "CASE lower(");
      buf_adds(b, x);
      buf_adds(b, ") WHEN 'true' THEN 1 WHEN 'false' THEN 0 END");
    }
    break;
  case SQL_TYPE_UNKNOWN:
    break;
  }
  buf_adds(b, " END");
  buf_free(&ex);
  buf_free(&raw);
}

/* '$."eventBody"."entities"[0]' for the first n steps of a FieldRef. */
static void json_path_n(Buf *b, const FieldRef *f, size_t n) {
  Buf p = {0};
  buf_addc(&p, '$');
  for (size_t i = 0; i < n; i++) {
    const PathStep *s = &f->steps[i];
    char idx[32];
    if (s->is_index) {
      snprintf(idx, sizeof idx, "[%lu]", s->index);
      buf_adds(&p, idx);
    } else {
      buf_adds(&p, ".\"");
      buf_add(&p, s->key, s->key_len); /* the checker rejects '"' and '\' */
      buf_addc(&p, '"');
    }
  }
  sql_quote_string(b, p.p, p.len);
  buf_free(&p);
}

static void json_path(Buf *b, const FieldRef *f) {
  json_path_n(b, f, f->step_count);
}

/* JSON_VALUE's STRING form: String.valueOf of the scalar (jsonvalue.c). */
static void json_value_text(Buf *b, const char *doc, const char *path) {
  Buf ex = {0}, raw = {0};
  path_exprs(doc, path, &ex, &raw);
  buf_adds(b, "CASE ");
  call2(b, "json_type", doc, path);
  buf_adds(b, " WHEN 'text' THEN ");
  buf_adds(b, ex.p);
  /* String.valueOf of Jackson's Integer/Long/BigInteger (digits; -0 is 0)
   * or of its Double/BigDecimal (flink_float_text, by target version),
   * from the number's source text */
  buf_adds(b, " WHEN 'integer' THEN CASE ");
  buf_adds(b, raw.p);
  buf_adds(b, " WHEN '-0' THEN '0' ELSE ");
  buf_adds(b, raw.p);
  buf_adds(b, " END WHEN 'real' THEN flink_float_text(");
  buf_adds(b, raw.p);
  buf_adds(b, ") WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END");
  buf_free(&ex);
  buf_free(&raw);
}

/* The SQLite function applying Flink's TRY_CAST from STRING to `type`. */
static const char *try_cast_function(SqlType type) {
  switch (type) {
  case SQL_TYPE_DOUBLE:
    return "flink_try_double";
  case SQL_TYPE_BIGINT:
    return "flink_try_bigint";
  case SQL_TYPE_BOOLEAN:
    return "flink_try_boolean";
  case SQL_TYPE_STRING:
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return NULL;
}

/* The program's distinct JSON paths, as SQL string literals, sorted: path
 * i is row i of the query's per-event table v (build_sql). */
typedef struct Paths {
  char **sorted;
  size_t count;
} Paths;

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static Paths collect_paths(const Plan *p) {
  Paths paths = {0};
  paths.sorted = calloc(p->node_count + 1, sizeof *paths.sorted);
  if (!paths.sorted)
    abort(); /* as Buf: bounded by the program's size */
  for (size_t i = 0; i < p->node_count; i++) {
    const Cond *c = p->nodes[i].cond;
    if (c->kind != COND_COMPARE || c->field.column >= 0)
      continue;
    Buf path = {0};
    json_path(&path, &c->field);
    buf_addc(&path, '\0');
    paths.sorted[paths.count++] = path.p;
  }
  qsort(paths.sorted, paths.count, sizeof *paths.sorted, compare_strings);
  size_t kept = 0;
  for (size_t i = 0; i < paths.count; i++) {
    if (kept && strcmp(paths.sorted[kept - 1], paths.sorted[i]) == 0)
      free(paths.sorted[i]);
    else
      paths.sorted[kept++] = paths.sorted[i];
  }
  paths.count = kept;
  return paths;
}

static void free_paths(Paths *paths) {
  for (size_t i = 0; i < paths->count; i++)
    free(paths->sorted[i]);
  free(paths->sorted);
}

/* The STRING form of a JSON path operand: its row in v. */
static void json_path_text(Buf *b, const Paths *paths, const Cond *c) {
  Buf path = {0};
  json_path(&path, &c->field);
  buf_addc(&path, '\0');
  char *key = path.p;
  char **at =
      bsearch(&key, paths->sorted, paths->count, sizeof *paths->sorted, compare_strings);
  char row[64];
  snprintf(row, sizeof row, "(SELECT t FROM v WHERE pid = %zu)",
           at ? (size_t)(at - paths->sorted) : paths->count);
  buf_adds(b, row);
  buf_free(&path);
}

static void operand(Buf *b, const Paths *paths, const Cond *c) {
  char col[32];
  if (c->field.column >= 0) {
    snprintf(col, sizeof col, "c%d", c->field.column);
    buf_adds(b, col);
    return;
  }
  const char *cast = try_cast_function(c->type);
  if (cast) {
    buf_adds(b, cast);
    buf_addc(b, '(');
  }
  json_path_text(b, paths, c);
  if (cast)
    buf_addc(b, ')');
}

static void literal(Buf *b, SqlType type, const Literal *lit) {
  char text[64];
  switch (type) {
  case SQL_TYPE_STRING:
    sql_quote_string(b, lit->text, lit->len);
    return;
  case SQL_TYPE_BIGINT:
    snprintf(text, sizeof text, "%" PRId64, lit->int64);
    break;
  case SQL_TYPE_DOUBLE:
    snprintf(text, sizeof text, "%.17e", lit->number);
    break;
  case SQL_TYPE_BOOLEAN:
    snprintf(text, sizeof text, "%d", lit->boolean ? 1 : 0);
    break;
  case SQL_TYPE_UNKNOWN:
    snprintf(text, sizeof text, "NULL");
    break;
  }
  buf_adds(b, text);
}

/* A comparison in SQLite, spelled from the operator table (SQLite writes
 * REGEXP, Flink's function, as the infix `x REGEXP 'p'`). */
static void comparison(Buf *b, const Paths *paths, const Cond *c) {
  const OperatorInfo *op = operator_info(c->op);
  SqlType arg_type = op->string_only ? SQL_TYPE_STRING : c->type;
  operand(b, paths, c);
  buf_addc(b, ' ');
  buf_adds(b, op->sql);
  switch (op->shape) {
  case ARGS_NONE:
    return;
  case ARGS_ONE:
    buf_addc(b, ' ');
    literal(b, arg_type, &c->args[0]);
    return;
  case ARGS_LIST:
    buf_adds(b, " (");
    for (size_t i = 0; i < c->arg_count; i++) {
      if (i)
        buf_addc(b, ',');
      literal(b, arg_type, &c->args[i]);
    }
    buf_addc(b, ')');
    return;
  case ARGS_RANGE:
    buf_addc(b, ' ');
    literal(b, arg_type, &c->args[0]);
    buf_adds(b, " AND ");
    literal(b, arg_type, &c->args[1]);
    return;
  }
}

/* The truth of a comparison whose DOUBLE operand is NaN, which SQLite cannot
 * hold: Java's primitive comparisons are false for NaN except `!=`. */
static bool truth_on_nan(const OperatorInfo *op) {
  switch (op->meaning) {
  case MEANING_COMPARE:
    return operator_holds(op, OUTCOME_UNORDERED);
  case MEANING_RANGE:
  case MEANING_REGEX:
    return false;
  case MEANING_MEMBER:
  case MEANING_NULLNESS:
    return op->negated;
  }
  return false;
}

static void condition(Buf *b, const Paths *paths, const Cond *c) {
  buf_addc(b, '(');
  switch (c->kind) {
  case COND_NOT:
    buf_adds(b, "NOT ");
    condition(b, paths, c->kids[0]);
    break;
  case COND_ALL:
  case COND_ANY:
    for (size_t i = 0; i < c->kid_count; i++) {
      if (i)
        buf_adds(b, c->kind == COND_ALL ? " AND " : " OR ");
      condition(b, paths, c->kids[i]);
    }
    break;
  case COND_COMPARE:
    if (c->field.column < 0 && c->type == SQL_TYPE_DOUBLE) {
      buf_adds(b, "CASE WHEN flink_is_nan(");
      json_path_text(b, paths, c);
      buf_adds(b,
               truth_on_nan(operator_info(c->op)) ? ") THEN 1 ELSE " : ") THEN 0 ELSE ");
      comparison(b, paths, c);
      buf_adds(b, " END");
    } else {
      comparison(b, paths, c);
    }
    break;
  }
  buf_addc(b, ')');
}

/* Why an event is not comparable, by the code the query returns. */
static const char *const NOT_COMPARABLE[] = {
    NULL,
    "JSON that SQLite rejects (text after the object, raw control characters)",
    "a repeated key",
    "a column holding an object or array",
    "a surrogate or NUL escape",
    "event_data that SQLite reads otherwise (invalid for SQLite, control characters, "
    "escapes in keys, repeated keys)",
};

static bool program_reads_paths(const Plan *p) {
  for (size_t i = 0; i < p->node_count; i++) {
    const Cond *c = p->nodes[i].cond;
    if (c->kind == COND_COMPARE && c->field.column < 0)
      return true;
  }
  return false;
}

/* The events on which SQLite's JSON functions cannot mirror Flink's
 * Jackson, so the cross-check declares them not comparable instead of
 * agreeing or disagreeing by accident:
 *   - the line is JSON SQLite rejects: text after the object, raw control
 *     characters in strings (both accepted by Flink's json format);
 *   - a key repeats at the top level (the row converter's counting,
 *     JsonParserToRowDataConverters.createRowConverter; SQLite reads the
 *     first);
 *   - a column holds an object or array (Jackson's re-serialization, or the
 *     converter reading its members as the message's);
 *   - a UTF-16 surrogate or NUL escape (Flink writes an unpaired surrogate
 *     as '?'; SQLite text stops at NUL);
 *   - when the program reads JSON paths: event_data is text that SQLite
 *     rejects (Jackson ignores text after the value), holds a raw control
 *     character, a key that repeats in one object (Jackson: the last wins)
 *     or a key escape (SQLite matches keys as written). */
static char *build_comparable_sql(const Plan *p) {
  Buf b = {0};
  const Schema *s = p->schema;
  buf_adds(&b,
           "SELECT CASE WHEN NOT json_valid(?1) THEN 1"
           " WHEN EXISTS (SELECT 1 FROM json_each(?1) GROUP BY key HAVING count(*) > 1)"
           " THEN 2"
           " WHEN EXISTS (SELECT 1 FROM json_each(?1) WHERE type IN ('object','array')"
           " AND key IN (");
  bool first = true;
  for (size_t i = 0; i < s->column_count; i++) {
    if (!schema_column_visible(&s->columns[i], p->variant))
      continue;
    if (!first)
      buf_addc(&b, ',');
    first = false;
    sql_quote_string(&b, s->columns[i].name, strlen(s->columns[i].name));
  }
  if (first)
    buf_adds(&b, "NULL");
  buf_adds(&b, ")) THEN 3"
               " WHEN ?1 REGEXP '\\\\u([dD][89a-fA-F]|0000)' THEN 4");
  if (program_reads_paths(p) && s->json_column >= 0) {
    /* ?2 is event_data's text when it is a JSON string; the keys of the
     * objects the paths walk are checked apart (build_object_sql) */
    Buf path = {0};
    buf_adds(&path, "$.\"");
    buf_adds(&path, s->columns[s->json_column].name);
    buf_addc(&path, '"');
    buf_adds(&b, " WHEN ");
    buf_adds(&b, "json_type(?1,");
    sql_quote_string(&b, path.p, path.len);
    buf_adds(&b, ") = 'text' AND (NOT json_valid(?2) OR ?2 REGEXP '[\\x01-\\x1f]')"
                 " THEN 5");
    buf_free(&path);
  }
  buf_adds(&b, " END");
  buf_addc(&b, '\0');
  return b.p;
}

/* The JSON column's json_type in ?1 and its STRING value (as the query's m
 * computes it), both NULL when ?1 is not JSON: bound as ?2 for the other
 * statements. */
static char *build_event_data_sql(const Plan *p) {
  const Schema *s = p->schema;
  Buf b = {0}, path = {0}, quoted = {0};
  buf_adds(&path, "$.\"");
  buf_adds(&path, s->columns[s->json_column].name);
  buf_addc(&path, '"');
  sql_quote_string(&quoted, path.p, path.len);
  buf_addc(&quoted, '\0');
  buf_adds(&b, "SELECT CASE WHEN json_valid(?1) THEN ");
  call2(&b, "json_type", "?1", quoted.p);
  buf_adds(&b, " END, CASE WHEN json_valid(?1) THEN ");
  if (schema_column_visible(&s->columns[s->json_column], p->variant))
    typed_value(&b, s->columns[s->json_column].type, true, "?1", quoted.p);
  else
    buf_adds(&b, "NULL");
  buf_adds(&b, " END");
  buf_addc(&b, '\0');
  buf_free(&path);
  buf_free(&quoted);
  return b.p;
}

/* One object a path walks through, at `prefix` in event_data (?1, valid
 * JSON text): 1 when a key repeats in it (Jackson: the last wins; SQLite
 * resolves a path by the first, so a repeat above is caught at its own
 * level first) or when one of the paths' keys is there only once decoded,
 * i.e. written with escapes (json_each decodes keys, a path matches them as
 * written). `keys` is the SQL list of the keys the paths take from it. */
static char *build_object_sql(const char *prefix, const char *keys) {
  Buf b = {0};
  buf_adds(&b, "SELECT EXISTS (SELECT 1 FROM json_each(?1,");
  buf_adds(&b, prefix);
  buf_adds(&b, ") WHERE key IS NOT NULL GROUP BY key HAVING count(*) > 1 OR (key IN (");
  buf_adds(&b, keys);
  buf_adds(&b, ") AND json_type(?1,");
  buf_adds(&b, prefix);
  /* the checker rejects '"' and '\\' in keys: the path needs no escape */
  buf_adds(&b, " || '.\"' || key || '\"') IS NULL))");
  buf_addc(&b, '\0');
  return b.p;
}

/* The objects the program's paths walk through, each once with the keys
 * taken from it: fills x->object_sql. */
static void build_objects(RtCrossCheck *x) {
  const Plan *p = x->p;
  Buf *keys = NULL; /* per object: its keys as an SQL list */
  size_t cap = 0;
  for (size_t i = 0; i < p->node_count; i++) {
    const Cond *c = p->nodes[i].cond;
    if (c->kind != COND_COMPARE || c->field.column >= 0)
      continue;
    for (size_t k = 0; k < c->field.step_count; k++) {
      if (c->field.steps[k].is_index)
        continue;
      Buf prefix = {0}, key = {0};
      json_path_n(&prefix, &c->field, k);
      buf_addc(&prefix, '\0');
      sql_quote_string(&key, c->field.steps[k].key, c->field.steps[k].key_len);
      buf_addc(&key, '\0');
      size_t at = 0;
      while (at < x->object_count && strcmp(x->object_sql[at], prefix.p) != 0)
        at++;
      if (at == x->object_count) {
        if (at == cap) {
          cap = cap ? cap * 2 : 8;
          x->object_sql = realloc(x->object_sql, cap * sizeof *x->object_sql);
          keys = realloc(keys, cap * sizeof *keys);
          if (!x->object_sql || !keys)
            abort(); /* as Buf: bounded by the program's size */
        }
        x->object_sql[at] = prefix.p; /* the prefix, until replaced below */
        prefix = (Buf){0};
        keys[at] = (Buf){0};
        x->object_count++;
      }
      /* each key once per object: the cost is per event */
      bool seen = false;
      for (size_t from = 0; from < keys[at].len && !seen;) {
        const char *comma = memchr(keys[at].p + from, '\0', keys[at].len - from);
        seen = strcmp(keys[at].p + from, key.p) == 0;
        from = (size_t)(comma - keys[at].p) + 1;
      }
      if (!seen)
        buf_add(&keys[at], key.p, key.len); /* NUL-separated for now */
      buf_free(&key);
      buf_free(&prefix);
    }
  }
  for (size_t i = 0; i < x->object_count; i++) {
    for (size_t j = 0; j + 1 < keys[i].len; j++)
      if (keys[i].p[j] == '\0')
        keys[i].p[j] = ','; /* a NUL only ends each quoted key */
    char *sql = build_object_sql(x->object_sql[i], keys[i].p);
    free(x->object_sql[i]);
    x->object_sql[i] = sql;
    buf_free(&keys[i]);
  }
  free(keys);
}

/* WITH m AS MATERIALIZED (SELECT <typed columns> FROM (SELECT ?1 AS j)),
 *      p(pid, ppath) AS (VALUES <the distinct JSON paths>),
 *      v AS MATERIALIZED (SELECT pid, <the STRING form of ppath in ?2> AS t
 *                         FROM p)
 * SELECT <route conditions> FROM m: materialized so that each column, and
 * event_data in particular, is computed once per event, and each distinct
 * path extracted once, by one call of each JSON function (SQLite 3.40 keeps
 * a parse of the document per call in the query, so one per condition
 * multiplied the event's size by the number of conditions). */
static char *build_sql(const Plan *p) {
  Buf b = {0};
  Paths paths = collect_paths(p);
  buf_adds(&b, "WITH m AS MATERIALIZED (SELECT ");
  const Schema *s = p->schema;
  for (size_t i = 0; i < s->column_count; i++) {
    char name[64];
    if (i)
      buf_adds(&b, ",\n  ");
    if (!schema_column_visible(&s->columns[i], p->variant)) {
      buf_adds(&b, "NULL");
    } else {
      Buf path = {0};
      buf_adds(&path, "$.\"");
      buf_adds(&path, s->columns[i].name);
      buf_addc(&path, '"');
      Buf quoted = {0};
      sql_quote_string(&quoted, path.p, path.len);
      buf_addc(&quoted, '\0');
      typed_value(&b, s->columns[i].type, true, "j", quoted.p);
      buf_free(&path);
      buf_free(&quoted);
    }
    snprintf(name, sizeof name, " AS c%zu", i);
    buf_adds(&b, name);
  }
  if (s->column_count == 0)
    buf_adds(&b, "NULL");
  buf_adds(&b, "\nFROM (SELECT ?1 AS j))");
  if (paths.count) {
    /* ?2 is the JSON column's STRING value (build_event_data_sql), the
     * same as its column in m, bound rather than read from m so that no
     * copy of it is made */
    buf_adds(&b, ",\np(pid, ppath) AS (VALUES ");
    for (size_t i = 0; i < paths.count; i++) {
      char id[32];
      snprintf(id, sizeof id, "%s(%zu,", i ? "," : "", i);
      buf_adds(&b, id);
      buf_adds(&b, paths.sorted[i]);
      buf_addc(&b, ')');
    }
    buf_adds(&b, "),\nv AS MATERIALIZED (SELECT pid, CASE WHEN json_valid(?2) THEN ");
    json_value_text(&b, "?2", "ppath");
    buf_adds(&b, " END AS t FROM p)");
  }
  buf_adds(&b, "\nSELECT ");
  for (size_t i = 0; i < p->route_count; i++) {
    const PlanRoute *r = &p->routes[i];
    if (i)
      buf_adds(&b, ",\n  ");
    buf_addc(&b, '(');
    if (r->route->filter->cond)
      condition(&b, &paths, r->route->filter->cond);
    else
      buf_adds(&b, "1");
    if (r->route->cond) {
      buf_adds(&b, " AND ");
      condition(&b, &paths, r->route->cond);
    }
    buf_addc(&b, ')');
  }
  if (p->route_count == 0)
    buf_adds(&b, "NULL");
  buf_adds(&b, "\nFROM m");
  buf_addc(&b, '\0');
  free_paths(&paths);
  return b.p;
}

/* ---- running ---------------------------------------------------------- */

RtCrossCheck *rt_crosscheck_new(const Plan *p, char *err, size_t err_size) {
  RtCrossCheck *x = calloc(1, sizeof *x);
  if (!x || rt_matcher_init(&x->matcher) != 0) {
    snprintf(err, err_size, "out of memory");
    free(x);
    return NULL;
  }
  x->p = p;
  x->flink_version = RT_FLINK_DEFAULT;
  x->sql = build_sql(p);
  x->comparable_sql = build_comparable_sql(p);
  if (program_reads_paths(p) && p->schema->json_column >= 0) {
    x->event_data_sql = build_event_data_sql(p);
    build_objects(x);
    x->objects = calloc(x->object_count + 1, sizeof *x->objects);
  }
  if ((x->event_data_sql && !x->objects) ||
      sqlite3_open(":memory:", &x->db) != SQLITE_OK ||
      sqlite3_create_function(x->db, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, x,
                              sql_regexp, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "java_double_text", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              sql_java_double_text, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "flink_float_text", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, x, sql_float_text, NULL,
                              NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "flink_try_double", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_try_double,
                              NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "flink_is_nan", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_is_nan, NULL,
                              NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "flink_try_bigint", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_try_bigint,
                              NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(x->db, "flink_try_boolean", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_try_boolean,
                              NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(x->db, x->sql, -1, &x->stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(x->db, x->comparable_sql, -1, &x->comparable, NULL) !=
          SQLITE_OK ||
      (x->event_data_sql && sqlite3_prepare_v2(x->db, x->event_data_sql, -1,
                                               &x->event_data, NULL) != SQLITE_OK)) {
    snprintf(err, err_size, "cross-check: %s",
             x->db ? sqlite3_errmsg(x->db) : "out of memory");
    rt_crosscheck_free(x);
    return NULL;
  }
  for (size_t i = 0; i < x->object_count; i++)
    if (sqlite3_prepare_v2(x->db, x->object_sql[i], -1, &x->objects[i], NULL) !=
        SQLITE_OK) {
      snprintf(err, err_size, "cross-check: %s", sqlite3_errmsg(x->db));
      rt_crosscheck_free(x);
      return NULL;
    }
  return x;
}

void rt_crosscheck_free(RtCrossCheck *x) {
  if (!x)
    return;
  sqlite3_finalize(x->stmt);
  sqlite3_finalize(x->comparable);
  sqlite3_finalize(x->event_data);
  for (size_t i = 0; i < x->object_count; i++) {
    if (x->objects)
      sqlite3_finalize(x->objects[i]);
    free(x->object_sql[i]);
  }
  free(x->objects);
  free(x->object_sql);
  free(x->event_data_sql);
  buf_free(&x->event_data_text);
  sqlite3_close(x->db);
  rt_matcher_free(&x->matcher);
  free(x->sql);
  free(x->comparable_sql);
  free(x);
}

const char *rt_crosscheck_why(const RtCrossCheck *x) {
  return x->why;
}

const char *rt_crosscheck_sql(const RtCrossCheck *x) {
  return x->sql;
}

void rt_crosscheck_set_flink_version(RtCrossCheck *x, RtFlinkVersion v) {
  x->flink_version = v;
}

/* Steps x->event_data on the message: binds the JSON column's STRING value
 * as ?2 of `stmts` (a copy in x, alive until the next event) and says
 * whether it is a JSON string. */
static int bind_event_data(RtCrossCheck *x, const RtMessage *m,
                           sqlite3_stmt *const *stmts, size_t n, bool *is_text, char *err,
                           size_t err_size) {
  *is_text = false;
  bool null = true;
  x->event_data_text.len = 0;
  if (x->event_data) {
    sqlite3_reset(x->event_data);
    sqlite3_bind_text(x->event_data, 1, m->json, (int)m->json_len, SQLITE_STATIC);
    if (sqlite3_step(x->event_data) != SQLITE_ROW) {
      snprintf(err, err_size, "cross-check: %s", sqlite3_errmsg(x->db));
      sqlite3_reset(x->event_data);
      return -1;
    }
    const unsigned char *type = sqlite3_column_text(x->event_data, 0);
    *is_text = type && strcmp((const char *)type, "text") == 0;
    null = sqlite3_column_type(x->event_data, 1) == SQLITE_NULL;
    if (!null) {
      const char *text = (const char *)sqlite3_column_text(x->event_data, 1);
      size_t len = (size_t)sqlite3_column_bytes(x->event_data, 1);
      buf_add(&x->event_data_text, text ? text : "", len);
      buf_addc(&x->event_data_text, '\0'); /* a non-NULL pointer when empty */
      x->event_data_text.len--;
    }
    sqlite3_reset(x->event_data); /* frees SQLite's copy */
  }
  for (size_t i = 0; i < n; i++) {
    if (null)
      sqlite3_bind_null(stmts[i], 2);
    else
      sqlite3_bind_text(stmts[i], 2, x->event_data_text.p, (int)x->event_data_text.len,
                        SQLITE_STATIC);
  }
  return 0;
}

/* Whether event_data's keys, on the objects the paths walk, make the event
 * not comparable (build_object_sql); event_data is valid JSON text. */
static int objects_not_comparable(RtCrossCheck *x, bool *hit, char *err,
                                  size_t err_size) {
  *hit = false;
  for (size_t i = 0; i < x->object_count && !*hit; i++) {
    sqlite3_stmt *q = x->objects[i];
    sqlite3_bind_text(q, 1, x->event_data_text.p, (int)x->event_data_text.len,
                      SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_ROW) {
      snprintf(err, err_size, "cross-check: %s", sqlite3_errmsg(x->db));
      sqlite3_reset(q);
      return -1;
    }
    *hit = sqlite3_column_int(q, 0) != 0;
    sqlite3_reset(q); /* frees json_each's copy before the next object */
  }
  return 0;
}

int rt_crosscheck_event(RtCrossCheck *x, const RtMessage *m, const RtTruth *truth,
                        RtTruth *sqlite_truth, char *err, size_t err_size) {
  sqlite3_reset(x->comparable);
  sqlite3_reset(x->stmt);
  bool is_text;
  sqlite3_stmt *const with_event_data[] = {x->comparable, x->stmt};
  if (bind_event_data(x, m, with_event_data, x->event_data ? 2 : 0, &is_text, err,
                      err_size) != 0)
    return -1;
  sqlite3_bind_text(x->comparable, 1, m->json, (int)m->json_len, SQLITE_STATIC);
  if (sqlite3_step(x->comparable) != SQLITE_ROW) {
    snprintf(err, err_size, "cross-check: %s", sqlite3_errmsg(x->db));
    sqlite3_reset(x->comparable);
    return -1;
  }
  int code = sqlite3_column_type(x->comparable, 0) == SQLITE_NULL
                 ? 0
                 : sqlite3_column_int(x->comparable, 0);
  sqlite3_reset(x->comparable);
  if (code == 0 && is_text) {
    bool hit;
    if (objects_not_comparable(x, &hit, err, err_size) != 0)
      return -1;
    if (hit)
      code = 5;
  }
  if (code != 0) {
    x->why = code > 0 && code < (int)(sizeof NOT_COMPARABLE / sizeof NOT_COMPARABLE[0])
                 ? NOT_COMPARABLE[code]
                 : "not comparable";
    return RT_CROSSCHECK_NOT_COMPARABLE; /* err is left alone: it signals SQLite errors */
  }
  sqlite3_bind_text(x->stmt, 1, m->json, (int)m->json_len, SQLITE_STATIC);
  if (sqlite3_step(x->stmt) != SQLITE_ROW) {
    snprintf(err, err_size, "cross-check: %s", sqlite3_errmsg(x->db));
    sqlite3_reset(x->stmt);
    return -1;
  }
  int bad = 0;
  for (size_t i = 0; i < x->p->route_count; i++) {
    int col = (int)i;
    RtTruth t = sqlite3_column_type(x->stmt, col) == SQLITE_NULL ? RT_UNKNOWN
                : sqlite3_column_int(x->stmt, col)               ? RT_TRUE
                                                                 : RT_FALSE;
    sqlite_truth[i] = t;
    bad += t != truth[i];
  }
  sqlite3_reset(x->stmt);
  return bad;
}
