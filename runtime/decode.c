/* Stage 2: one JSON line to a message with typed columns. The conversions
 * are Flink's json format converters (JsonToRowDataConverters) with
 * ignore-parse-errors; the rules are listed in filterc_runtime.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

RtDecoder *rt_decoder_new(const Plan *plan, size_t max_line) {
  RtDecoder *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  const Schema *schema = plan->schema;
  d->schema = schema;
  d->variant = plan->variant;
  d->line_doc = rt_json_doc_new(max_line + 64);
  d->data_doc = rt_json_doc_new(max_line + 64);
  d->columns =
      calloc(schema->column_count ? schema->column_count : 1, sizeof *d->columns);
  d->scratch_at =
      calloc(schema->column_count ? schema->column_count : 1, sizeof *d->scratch_at);
  if (!d->line_doc || !d->data_doc || !d->columns || !d->scratch_at) {
    rt_decoder_free(d);
    return NULL;
  }
  return d;
}

void rt_decoder_free(RtDecoder *d) {
  if (!d)
    return;
  rt_json_doc_free(d->line_doc);
  rt_json_doc_free(d->data_doc);
  free(d->columns);
  free(d->scratch_at);
  buf_free(&d->scratch);
  buf_free(&d->rewrite);
  free(d);
}

size_t rt_number_text(RtJsonNode n, char out[RT_DOUBLE_TEXT_MAX]) {
  switch (rt_json_type(n)) {
  case RT_JSON_INT64:
    return (size_t)snprintf(out, RT_DOUBLE_TEXT_MAX, "%" PRId64, rt_json_int64(n));
  case RT_JSON_UINT64:
    return (size_t)snprintf(out, RT_DOUBLE_TEXT_MAX, "%" PRIu64, rt_json_uint64(n));
  case RT_JSON_DOUBLE:
    break;
  case RT_JSON_NULL: /* not numbers: callers ask only for numbers */
  case RT_JSON_BOOL:
  case RT_JSON_STRING:
  case RT_JSON_ARRAY:
  case RT_JSON_OBJECT:
    break;
  }
  return rt_java_double_text(rt_json_double(n), out);
}

/* ---- column conversion ------------------------------------------------ */

static void to_scratch(RtDecoder *d, size_t col, const char *s, size_t n) {
  d->scratch_at[col] = d->scratch.len;
  d->columns[col] = (RtValue){.kind = RT_STRING, .len = n};
  buf_add(&d->scratch, s, n);
}

static void serialize_to_scratch(RtDecoder *d, size_t col, RtJsonNode v) {
  size_t need = rt_json_serialize(v, NULL, 0);
  buf_reserve(&d->scratch, need);
  rt_json_serialize(v, d->scratch.p + d->scratch.len, need);
  d->scratch_at[col] = d->scratch.len;
  d->columns[col] = (RtValue){.kind = RT_STRING, .len = need};
  d->scratch.len += need;
}

/* Jackson's asText() for a scalar, as (pointer, length); containers give
 * "" as ObjectNode/ArrayNode do. Numbers go to tmp. */
static const char *as_text(RtJsonNode v, char tmp[RT_DOUBLE_TEXT_MAX], size_t *len) {
  switch (rt_json_type(v)) {
  case RT_JSON_STRING:
    return rt_json_string(v, len);
  case RT_JSON_BOOL:
    *len = rt_json_bool(v) ? 4 : 5;
    return rt_json_bool(v) ? "true" : "false";
  case RT_JSON_INT64:
  case RT_JSON_UINT64:
  case RT_JSON_DOUBLE:
    *len = rt_number_text(v, tmp);
    return tmp;
  case RT_JSON_NULL:
  case RT_JSON_ARRAY:
  case RT_JSON_OBJECT:
    break;
  }
  *len = 0;
  return "";
}

static RtValue bigint_value(RtJsonNode v) {
  RtValue out = {.kind = RT_NULL};
  char tmp[RT_DOUBLE_TEXT_MAX];
  switch (rt_json_type(v)) {
  case RT_JSON_INT64:
    out = (RtValue){.kind = RT_BIGINT, .i = rt_json_int64(v)};
    break;
  case RT_JSON_DOUBLE: {
    /* DoubleNode.canConvertToLong() is a range check, asLong() a (long)
     * cast: truncation toward zero, saturating at 2^63. */
    double x = rt_json_double(v);
    if (x >= -9223372036854775808.0 && x <= 9223372036854775808.0)
      out = (RtValue){.kind = RT_BIGINT,
                      .i = x >= 9223372036854775808.0 ? INT64_MAX : (int64_t)x};
    break;
  }
  case RT_JSON_STRING:
  case RT_JSON_BOOL:
  case RT_JSON_UINT64: { /* Long.parseLong(asText().trim()) */
    size_t n;
    const char *s = as_text(v, tmp, &n);
    if (rt_parse_long(s, n, &out.i))
      out.kind = RT_BIGINT;
    break;
  }
  case RT_JSON_NULL:
  case RT_JSON_ARRAY:
  case RT_JSON_OBJECT:
    break;
  }
  return out;
}

static RtValue double_value(RtJsonNode v) {
  RtValue out = {.kind = RT_NULL};
  char tmp[RT_DOUBLE_TEXT_MAX];
  RtJsonType t = rt_json_type(v);
  if (t == RT_JSON_INT64 || t == RT_JSON_UINT64 || t == RT_JSON_DOUBLE)
    return (RtValue){.kind = RT_DOUBLE, .d = rt_json_double(v)};
  size_t n;
  const char *s = as_text(v, tmp, &n);
  if (rt_parse_decimal(s, n, &out.d))
    out.kind = RT_DOUBLE;
  return out;
}

static RtValue boolean_value(RtJsonNode v) {
  if (rt_json_type(v) == RT_JSON_BOOL)
    return (RtValue){.kind = RT_BOOL, .b = rt_json_bool(v)};
  char tmp[RT_DOUBLE_TEXT_MAX];
  size_t n;
  const char *s = as_text(v, tmp, &n);
  rt_java_trim(&s, &n);
  return (RtValue){.kind = RT_BOOL, .b = n == 4 && strncasecmp(s, "true", 4) == 0};
}

static void convert(RtDecoder *d, size_t col, RtJsonNode v) {
  RtJsonType t = rt_json_type(v);
  d->scratch_at[col] = SIZE_MAX;
  if (t == RT_JSON_NULL) {
    d->columns[col] = (RtValue){.kind = RT_NULL};
    return;
  }
  switch (d->schema->columns[col].type) {
  case SQL_TYPE_BIGINT:
    d->columns[col] = bigint_value(v);
    return;
  case SQL_TYPE_DOUBLE:
    d->columns[col] = double_value(v);
    return;
  case SQL_TYPE_BOOLEAN:
    d->columns[col] = boolean_value(v);
    return;
  case SQL_TYPE_STRING:
  case SQL_TYPE_UNKNOWN:
    break;
  }
  if (t == RT_JSON_STRING) {
    size_t n;
    const char *s = rt_json_string(v, &n);
    d->columns[col] = (RtValue){.kind = RT_STRING, .str = s, .len = n};
  } else if (t == RT_JSON_OBJECT || t == RT_JSON_ARRAY) {
    serialize_to_scratch(d, col, v);
  } else {
    char tmp[RT_DOUBLE_TEXT_MAX];
    size_t n;
    const char *s = as_text(v, tmp, &n);
    to_scratch(d, col, s, n);
  }
}

static void take_member(void *ctx, const char *key, size_t key_len, RtJsonNode value) {
  RtDecoder *d = ctx;
  const Schema *schema = d->schema;
  for (size_t i = 0; i < schema->column_count; i++) {
    const char *name = schema->columns[i].name;
    if (name[0] == key[0] && strlen(name) == key_len && memcmp(name, key, key_len) == 0) {
      if (schema_column_visible(&schema->columns[i], d->variant))
        convert(d, i, value);
      return;
    }
  }
}

static void read_columns(RtDecoder *d, RtJsonNode root) {
  size_t n = d->schema->column_count;
  for (size_t i = 0; i < n; i++) {
    d->columns[i] = (RtValue){.kind = RT_NULL};
    d->scratch_at[i] = SIZE_MAX;
  }
  d->scratch.len = 0;
  rt_json_each_member(root, take_member, d);
  /* the scratch buffer has stopped moving: point into it */
  for (size_t i = 0; i < n; i++)
    if (d->scratch_at[i] != SIZE_MAX)
      d->columns[i].str = d->scratch.p + d->scratch_at[i];
}

/* ---- other shapes, rewritten to the flat message ---------------------- */

static bool has(RtJsonNode obj, const char *key) {
  RtJsonNode v;
  return rt_json_member(obj, key, strlen(key), &v);
}

static RtJsonNode member_or_null(RtJsonNode obj, const char *key) {
  RtJsonNode v;
  if (!rt_json_member(obj, key, strlen(key), &v))
    v.doc = NULL;
  return v;
}

/* Opens the object or separates members. */
static void add_separator(Buf *b) {
  if (b->len == 0)
    buf_addc(b, '{');
  else if (b->p[b->len - 1] != '{')
    buf_addc(b, ',');
}

static void add_key(Buf *b, const char *key) {
  add_separator(b);
  buf_json_string(b, key, strlen(key));
  buf_addc(b, ':');
}

static void add_json(Buf *b, RtJsonNode v) {
  if (!v.doc) {
    buf_adds(b, "null");
    return;
  }
  size_t need = rt_json_serialize(v, NULL, 0);
  buf_reserve(b, need);
  rt_json_serialize(v, b->p + b->len, need);
  b->len += need;
}

static void add_field(Buf *b, const char *key, RtJsonNode v) {
  add_key(b, key);
  add_json(b, v);
}

typedef struct RowCopy {
  Buf *out;
} RowCopy;

static void copy_member(void *ctx, const char *key, size_t key_len, RtJsonNode value) {
  Buf *b = ((RowCopy *)ctx)->out;
  add_separator(b);
  buf_json_string(b, key, key_len);
  buf_addc(b, ':');
  add_json(b, value);
}

/* Returns the envelope (the object holding op/before/after), if any. */
static bool find_envelope(RtJsonNode root, RtJsonNode *env) {
  RtJsonNode payload;
  if (rt_json_member(root, "payload", 7, &payload) &&
      rt_json_type(payload) == RT_JSON_OBJECT && has(payload, "op") &&
      (has(payload, "before") || has(payload, "after"))) {
    *env = payload;
    return true;
  }
  if (has(root, "op") && (has(root, "before") || has(root, "after"))) {
    *env = root;
    return true;
  }
  return false;
}

static const char *rewrite_envelope(RtDecoder *d, RtJsonNode env) {
  RtJsonNode op = member_or_null(env, "op");
  size_t op_len = 0;
  const char *op_text =
      op.doc && rt_json_type(op) == RT_JSON_STRING ? rt_json_string(op, &op_len) : "";
  bool deleted = op_len == 1 && op_text[0] == 'd';
  RtJsonNode row = member_or_null(env, deleted ? "before" : "after");
  if (!row.doc || rt_json_type(row) != RT_JSON_OBJECT)
    return deleted ? "Debezium delete without a \"before\" row"
                   : "Debezium envelope without an \"after\" row";
  RtJsonNode source = member_or_null(env, "source");
  Buf *b = &d->rewrite;
  b->len = 0;
  RowCopy rc = {b};
  buf_addc(b, '{');
  rt_json_each_member(row, copy_member, &rc);
  add_field(b, "__op", op);
  add_field(b, "__table", source.doc ? member_or_null(source, "table") : source);
  add_field(b, "__ts_ms", source.doc ? member_or_null(source, "ts_ms") : source);
  add_key(b, "__deleted");
  buf_adds(b, deleted ? "\"true\"" : "\"false\"");
  buf_addc(b, '}');
  return NULL;
}

/* Epoch milliseconds as the connector renders a TIMESTAMP column. */
static void add_timestamp(Buf *b, const char *key, RtJsonNode v) {
  add_key(b, key);
  if (!v.doc || rt_json_type(v) != RT_JSON_INT64) {
    add_json(b, v);
    return;
  }
  int64_t ms = rt_json_int64(v);
  int64_t secs = ms / 1000 - (ms % 1000 < 0);
  int millis = (int)(ms - secs * 1000);
  time_t t = (time_t)secs;
  struct tm tm;
  char text[64];
  if (!gmtime_r(&t, &tm)) {
    add_json(b, v);
    return;
  }
  size_t n = strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  if (millis)
    n += (size_t)snprintf(text + n, sizeof text - n, ".%03d", millis);
  snprintf(text + n, sizeof text - n, "Z");
  buf_json_string(b, text, strlen(text));
}

static void rewrite_business_event(RtDecoder *d, RtJsonNode root, const char *line,
                                   size_t len) {
  RtJsonNode h = member_or_null(root, "eventHeader");
  if (h.doc && rt_json_type(h) != RT_JSON_OBJECT)
    h.doc = NULL;
#define HEADER(name) (h.doc ? member_or_null(h, name) : h)
  Buf *b = &d->rewrite;
  b->len = 0;
  add_field(b, "id", HEADER("uuid"));
  add_field(b, "event_name", HEADER("eventName"));
  add_field(b, "event_type", HEADER("eventType"));
  add_timestamp(b, "created_date", HEADER("createdDate"));
  add_timestamp(b, "saved_date", HEADER("savedDate"));
  add_key(b, "event_data");
  buf_json_string(b, line, len);
  add_key(b, "__op");
  buf_adds(b, "\"c\"");
  add_key(b, "__table");
  buf_adds(b, "\"business_events\"");
  RtJsonNode saved = HEADER("savedDate");
  add_key(b, "__ts_ms");
  if (saved.doc && rt_json_type(saved) == RT_JSON_INT64)
    add_json(b, saved);
  else
    buf_adds(b, "null");
  add_key(b, "__deleted");
  buf_adds(b, "\"false\"");
  buf_addc(b, '}');
#undef HEADER
}

RtMessage *rt_decode(RtDecoder *d, const char *line, size_t len, const char **error) {
  RtJsonNode root;
  d->data_state = 0;
  if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) { /* Jackson skips a BOM */
    line += 3;
    len -= 3;
  }
  if (rt_json_parse(d->line_doc, line, len, &root, error) != 0)
    return NULL;
  if (rt_json_type(root) != RT_JSON_OBJECT) {
    *error = "not a JSON object";
    return NULL;
  }
  RtMessage *m = &d->msg;
  *m = (RtMessage){.shape = RT_SHAPE_MESSAGE,
                   .columns = d->columns,
                   .column_count = d->schema->column_count,
                   .json = line,
                   .json_len = len,
                   .decoder = d};
  RtJsonNode env;
  if (find_envelope(root, &env)) {
    *error = rewrite_envelope(d, env);
    if (*error)
      return NULL;
    m->shape = RT_SHAPE_DEBEZIUM;
  } else if (has(root, "eventHeader") && !has(root, "event_data") &&
             !has(root, "event_type")) {
    rewrite_business_event(d, root, line, len);
    m->shape = RT_SHAPE_BUSINESS_EVENT;
  }
  if (m->shape != RT_SHAPE_MESSAGE) {
    m->json = d->rewrite.p;
    m->json_len = d->rewrite.len;
    if (rt_json_parse(d->line_doc, m->json, m->json_len, &root, error) != 0)
      return NULL; /* cannot happen: we wrote valid JSON */
  }
  read_columns(d, root);
  return m;
}
