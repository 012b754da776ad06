/* Stage 2: one JSON line to a message with typed columns. The conversions
 * are Flink's json format converters (JsonToRowDataConverters) with
 * ignore-parse-errors; the rules are listed in filterc_runtime.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"

RtDecoder *rt_decoder_new(const Plan *plan, size_t max_line) {
  RtDecoder *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  const Schema *schema = plan->schema;
  d->schema = schema;
  d->variant = plan->variant;
  d->field_error_rejects_record = plan->target == TARGET_CONFLUENT;
  (void)max_line; /* the tokenizer needs no per-line allocation */
  d->flink_version = RT_FLINK_DEFAULT;
  jk_init(&d->line_jp, "", 0, true);  /* ALLOW_UNESCAPED_CONTROL_CHARS */
  jk_init(&d->data_jp, "", 0, false); /* Jayway's ObjectMapper: strict */
  jk_init(&d->shape_jp, "", 0, true);
  rt_paths_init(&d->paths, plan);
  d->columns =
      calloc(schema->column_count ? schema->column_count : 1, sizeof *d->columns);
  d->scratch_at =
      calloc(schema->column_count ? schema->column_count : 1, sizeof *d->scratch_at);
  size_t nc = schema->column_count ? schema->column_count : 1;
  d->lazy_raw = calloc(nc, sizeof *d->lazy_raw);
  d->lazy_len = calloc(nc, sizeof *d->lazy_len);
  d->lazy_buf = calloc(nc, sizeof *d->lazy_buf);
  d->projected = calloc(nc, sizeof *d->projected);
  d->name_len = calloc(nc, sizeof *d->name_len);
  size_t *sink_cols = calloc(nc, sizeof *sink_cols);
  if (!d->lazy_raw || !d->lazy_len || !d->lazy_buf || !d->columns || !d->scratch_at ||
      !d->projected || !d->name_len || !sink_cols) {
    free(sink_cols);
    rt_decoder_free(d);
    return NULL;
  }
  /* The row converter's row type is the projection the Kafka source pushes
   * into the format (ProjectableDecodingFormat): the columns the job reads,
   * one job for the statement set, so the union over its INSERTs: the
   * sink columns taken from the source, the columns a condition compares
   * and event_data for a JSON path. Its size is the arity that stops the
   * row loop; a key outside it is skipped like an unknown one. */
  size_t n = rt_sink_columns(plan, sink_cols);
  for (size_t i = 0; i < n; i++)
    d->projected[sink_cols[i]] = true;
  free(sink_cols);
  for (size_t i = 0; i < plan->node_count; i++) {
    const Cond *c = plan->nodes[i].cond;
    if (c->kind != COND_COMPARE)
      continue;
    if (c->field.column >= 0)
      d->projected[c->field.column] = true;
    else if (schema->json_column >= 0)
      d->projected[schema->json_column] = true;
  }
  for (size_t i = 0; i < schema->column_count; i++) {
    d->name_len[i] = strlen(schema->columns[i].name);
    if (!schema_column_visible(&schema->columns[i], d->variant))
      d->projected[i] = false; /* no-op: __op, __table are constants */
    d->arity += d->projected[i];
  }
  return d;
}

void rt_decoder_free(RtDecoder *d) {
  if (!d)
    return;
  for (size_t i = 0; d->lazy_buf && i < d->schema->column_count; i++)
    buf_free(&d->lazy_buf[i]);
  free(d->lazy_raw);
  free(d->projected);
  free(d->name_len);
  free(d->lazy_len);
  free(d->lazy_buf);
  jk_free(&d->line_jp);
  jk_free(&d->data_jp);
  jk_free(&d->shape_jp);
  rt_paths_free(&d->paths);
  buf_free(&d->keys);
  buf_free(&d->value_text);
  free(d->columns);
  free(d->scratch_at);
  buf_free(&d->scratch);
  buf_free(&d->rewrite);
  free(d);
}

/* ---- the row converter ------------------------------------------------
 * Flink's json format since 1.18 (FLINK-32610: json.decode.json-parser.
 * enabled defaults to true) decodes a record with
 * JsonParserRowDataDeserializationSchema.deserialize, which runs
 * JsonParserToRowDataConverters.createRowConverter on a Jackson JsonParser.
 * The functions below transliterate it with 'json.ignore-parse-errors' =
 * 'true' (what `filterc generate --target flink` emits): a throw inside a
 * field converter nulls that field (wrapIntoNullableConverter), any other
 * throw drops the row (deserialize returns null). */

/* Keys that make the line another input shape (decided after decoding). */
enum {
  KEY_OP = 1,
  KEY_BEFORE = 2,
  KEY_AFTER = 4,
  KEY_PAYLOAD = 8,
  KEY_EVENT_HEADER = 16,
  KEY_EVENT_DATA = 32,
  KEY_EVENT_TYPE = 64
};

typedef struct Row {
  RtDecoder *d;
  JkParser *jp;
  unsigned keys;     /* KEY_* seen at the top level */
  bool unreplicated; /* Flink recovers from an error here in a way we do not follow */
} Row;

static JkTok row_next(Row *r) {
  JkTok t = jk_next(r->jp);
  if (t == JK_FIELD_NAME && r->jp->depth == 1 && !r->jp->escaped) {
    const char *k = r->jp->raw;
    size_t n = r->jp->raw_len;
#define IS(lit) (n == sizeof lit - 1 && memcmp(k, lit, n) == 0)
    r->keys |= IS("op")            ? KEY_OP
               : IS("before")      ? KEY_BEFORE
               : IS("after")       ? KEY_AFTER
               : IS("payload")     ? KEY_PAYLOAD
               : IS("eventHeader") ? KEY_EVENT_HEADER
               : IS("event_data")  ? KEY_EVENT_DATA
               : IS("event_type")  ? KEY_EVENT_TYPE
                                   : 0u;
#undef IS
  }
  return t;
}

static void set_scratch(RtDecoder *d, size_t col, size_t at) {
  d->scratch_at[col] = at;
  d->columns[col] = (RtValue){.kind = RT_STRING, .len = d->scratch.len - at};
}

/* A JSON string as Jackson's generator writes it (CharTypes.sOutputEscapes128:
 * \" \\ \b \t \n \f \r, other controls \u00XX; non-ASCII as is). */
static void add_jackson_string(Buf *b, const char *s, size_t n) {
  buf_json_string(b, s, n);
}

/* jp.readValueAsTree().toString(): the subtree as a Jackson JsonNode,
 * written compactly by InternalNodeMapper. Integers keep their digits
 * (IntNode/LongNode/BigIntegerNode; -0 is 0), floats are DoubleNodes
 * (Double.toString; USE_BIG_DECIMAL_FOR_FLOATS is on only for a schema with
 * a DECIMAL column, and ours has none), a non-finite double is written as
 * the string "Infinity" (QUOTE_NON_NUMERIC_NUMBERS). A key repeated in one
 * object keeps its first position with its last value (ObjectNode.set),
 * rebuilt here by moving the new value into the old one's place. */
/* One member of an object being written: where its value lies in `out`. */
typedef struct Member {
  size_t key;          /* offset of its NUL-terminated key in r->d->keys */
  size_t vstart, vend; /* its value: out->p[vstart..vend) */
} Member;

typedef struct TreeLevel {
  bool object;
  size_t first;     /* its members: members[first..count) */
  size_t key_start; /* its keys in r->d->keys */
  size_t dup;       /* SIZE_MAX, or the member a repeated key replaces */
  size_t dup_at;    /* where the repeated key's new value starts, minus 1 */
} TreeLevel;

/* The value that just ended belongs to the innermost open object: record
 * its end, or put it in the place of the value its repeated key replaces
 * (ObjectNode keeps the first position and the last value). */
static void member_done(Buf *out, TreeLevel *lv, Member *m, size_t count) {
  if (lv->dup == SIZE_MAX) {
    m[count - 1].vend = out->len;
    return;
  }
  Member *old = &m[lv->dup];
  size_t nstart = lv->dup_at + 1, nlen = out->len - nstart;
  size_t olen = old->vend - old->vstart, tail = lv->dup_at - old->vend;
  char *copy = malloc(nlen ? nlen : 1);
  if (!copy)
    abort(); /* as Buf does */
  memcpy(copy, out->p + nstart, nlen);
  memmove(out->p + old->vstart + nlen, out->p + old->vend, tail);
  memcpy(out->p + old->vstart, copy, nlen);
  free(copy);
  out->len = old->vstart + nlen + tail;
  for (size_t i = lv->dup + 1; i < count; i++) {
    m[i].vstart = m[i].vstart + nlen - olen;
    m[i].vend = m[i].vend + nlen - olen;
  }
  old->vend = old->vstart + nlen;
  lv->dup = SIZE_MAX;
}

static const char *tree_to_string(Row *r, Buf *out) {
  JkParser *jp = r->jp;
  size_t open = 0, base = out->len;
  Buf *keys = &r->d->keys; /* per open object: its keys, NUL-separated */
  keys->len = 0;
  TreeLevel lv[64];
  Member *members = NULL;
  size_t count = 0, cap = 0;
  const char *why = NULL;
  JkTok t = jp->tok;
  for (;;) {
    bool value_ended = false;
    switch (t) {
    case JK_START_OBJECT:
    case JK_START_ARRAY:
      if (out->len > base && out->p[out->len - 1] != '{' && out->p[out->len - 1] != '[' &&
          out->p[out->len - 1] != ':')
        buf_addc(out, ',');
      buf_addc(out, t == JK_START_OBJECT ? '{' : '[');
      if (open == 64) { /* Jackson's limit depends on its version: not guessed */
        why = "an object or array nested more than 64 deep in a STRING column";
        goto done;
      }
      lv[open++] = (TreeLevel){.object = t == JK_START_OBJECT,
                               .first = count,
                               .key_start = keys->len,
                               .dup = SIZE_MAX};
      break;
    case JK_END_OBJECT:
    case JK_END_ARRAY:
      buf_addc(out, t == JK_END_OBJECT ? '}' : ']');
      keys->len = lv[--open].key_start;
      count = lv[open].first;
      if (open == 0)
        goto done;
      value_ended = true;
      break;
    case JK_FIELD_NAME: {
      const char *s;
      size_t n;
      jk_text(jp, &s, &n);
      if (memchr(s, 0, n)) {
        why = "a key with a NUL character inside an object in a STRING column";
        goto done;
      }
      TreeLevel *l = &lv[open - 1];
      for (size_t i = l->first; i < count; i++) {
        const char *k = keys->p + members[i].key;
        if (strlen(k) == n && memcmp(k, s, n) == 0) {
          l->dup = i; /* the value is written at the end, then moved */
          l->dup_at = out->len;
          buf_addc(out, ':');
          break;
        }
      }
      if (l->dup != SIZE_MAX)
        break;
      if (count == cap) {
        cap = cap ? 2 * cap : 16;
        Member *grown = realloc(members, cap * sizeof *members);
        if (!grown)
          abort();
        members = grown;
      }
      members[count].key = keys->len;
      buf_add(keys, s, n);
      buf_addc(keys, '\0');
      if (out->p[out->len - 1] != '{')
        buf_addc(out, ',');
      add_jackson_string(out, s, n);
      buf_addc(out, ':');
      members[count].vstart = members[count].vend = out->len;
      count++;
      break;
    }
    case JK_STRING:
    case JK_INT:
    case JK_FLOAT:
    case JK_TRUE:
    case JK_FALSE:
    case JK_NULL: {
      if (out->p[out->len - 1] != '{' && out->p[out->len - 1] != '[' &&
          out->p[out->len - 1] != ':')
        buf_addc(out, ',');
      const char *s;
      size_t n;
      if (!jk_text(jp, &s, &n)) {
        why = "an invalid escape or byte in a string inside an object in a STRING column";
        goto done;
      }
      if (t == JK_STRING) {
        add_jackson_string(out, s, n);
      } else if (t == JK_INT) {
        if (n == 2 && s[0] == '-' && s[1] == '0')
          s++, n--;
        buf_add(out, s, n);
      } else if (t == JK_FLOAT) {
        char tmp[RT_DOUBLE_TEXT_MAX];
        double x;
        rt_cast_string_to_double(s, n, &x);
        size_t k = rt_java_double_text(x, tmp);
        if (tmp[k - 1] == 'y') /* Infinity */
          add_jackson_string(out, tmp, k);
        else
          buf_add(out, tmp, k);
      } else {
        buf_add(out, s, n);
      }
      value_ended = true;
      break;
    }
    case JK_END:
    case JK_ERROR:
      why = jp->error ? jp->error : "unexpected end of input";
      goto done;
    }
    if (value_ended && lv[open - 1].object)
      member_done(out, &lv[open - 1], members, count);
    t = jk_next(jp);
  }
done:
  free(members);
  return why;
}

/* Field converters (createNotNullConverter) on the current token; the
 * caller has handled null and JSON null (wrapIntoNullableConverter). A
 * converter that throws gives NULL and returns false: the flink target
 * reads on from where the parser stands, the confluent one rejects the
 * record. r->unreplicated: it threw where the parser's position afterwards
 * is not followed here. */
static bool convert_field(Row *r, size_t col) {
  RtDecoder *d = r->d;
  JkParser *jp = r->jp;
  JkTok t = jp->tok;
  RtValue *v = &d->columns[col];
  const char *s;
  size_t n;
  *v = (RtValue){.kind = RT_NULL};
  d->scratch_at[col] = SIZE_MAX;
  d->lazy_raw[col] = NULL;
  switch (d->schema->columns[col].type) {
  case SQL_TYPE_BOOLEAN: /* convertToBoolean */
    if (t == JK_TRUE || t == JK_FALSE) {
      *v = (RtValue){.kind = RT_BOOL, .b = t == JK_TRUE};
    } else if (jk_text(jp, &s, &n)) {
      rt_java_trim(&s, &n); /* Boolean.parseBoolean(getText().trim()) */
      *v = (RtValue){.kind = RT_BOOL, .b = n == 4 && strncasecmp(s, "true", 4) == 0};
      return true;
    }
    r->unreplicated = true;
    return false;
  case SQL_TYPE_BIGINT: /* convertToLong */
    if (t == JK_INT) {  /* getLongValue(): in range or it throws */
      if (rt_parse_long(jp->raw, jp->raw_len, &v->i))
        v->kind = RT_BIGINT;
      return v->kind == RT_BIGINT;
    }
    if (t == JK_FLOAT) {
      /* getLongValue() of a float: ParserBase.convertNumberToLong range-checks
       * the double against [Long.MIN_VALUE, Long.MAX_VALUE] as doubles, then
       * casts with (long), truncating toward zero (2^63 gives MAX_VALUE). */
      double x;
      rt_cast_string_to_double(jp->raw, jp->raw_len, &x);
      if (x >= -9223372036854775808.0 && x <= 9223372036854775808.0)
        *v = (RtValue){.kind = RT_BIGINT,
                       .i = x >= 9223372036854775808.0 ? INT64_MAX : (int64_t)x};
      return v->kind == RT_BIGINT;
    }
    if (jk_text(jp, &s, &n)) { /* Long.parseLong(getText().trim()) */
      if (s && rt_parse_long(s, n, &v->i))
        v->kind = RT_BIGINT;
      return v->kind == RT_BIGINT;
    }
    r->unreplicated = true;
    return false;
  case SQL_TYPE_DOUBLE:  /* convertToDouble */
    if (t == JK_FLOAT) { /* getDoubleValue(): 1e400 is Infinity */
      rt_cast_string_to_double(jp->raw, jp->raw_len, &v->d);
      v->kind = RT_DOUBLE;
      return true;
    }
    if (jk_text(jp, &s, &n)) { /* Double.parseDouble(getText().trim()) */
      if (s && rt_cast_string_to_double(s, n, &v->d))
        v->kind = RT_DOUBLE;
      return v->kind == RT_DOUBLE;
    }
    r->unreplicated = true;
    return false;
  case SQL_TYPE_STRING:
  case SQL_TYPE_UNKNOWN:
    break;
  }
  /* convertToString */
  if (t == JK_START_OBJECT || t == JK_START_ARRAY) {
    size_t at = d->scratch.len;
    const char *why = tree_to_string(r, &d->scratch);
    if (why) {
      d->scratch.len = at;
      if (!jk_recover(jp)) { /* a NaN or Infinity: Jackson reads on */
        r->unreplicated = true;
        d->why = why;
      }
      return false;
    }
    set_scratch(d, col, at);
    return true;
  }
  if (t == JK_STRING && jp->escaped) { /* decoded when first read */
    jp->string_read = true;
    if (jp->bad_string) {
      r->unreplicated = true;
      return false;
    }
    d->lazy_raw[col] = jp->raw;
    d->lazy_len[col] = jp->raw_len;
    *v = (RtValue){.kind = RT_STRING, .str = NULL, .len = 0};
    return true;
  }
  if (!jk_text(jp, &s, &n)) {
    r->unreplicated = true;
    return false;
  }
  if (s >= d->line && s + n <= d->line_end) { /* points into the line */
    *v = (RtValue){.kind = RT_STRING, .str = s, .len = n};
    return true;
  }
  size_t at = d->scratch.len;
  buf_add(&d->scratch, s, n);
  set_scratch(d, col, at);
  return true;
}

/* The column named `name`, or -1. Messages list the columns in schema
 * order, so the column after the previous key's is tried first (*hint);
 * names are unique in a schema, so the answer is the same. */
static int column_index(const RtDecoder *d, const char *name, size_t len, size_t *hint) {
  const Schema *schema = d->schema;
  size_t h = *hint;
  if (h < schema->column_count && d->name_len[h] == len &&
      memcmp(schema->columns[h].name, name, len) == 0) {
    *hint = h + 1;
    return d->projected[h] ? (int)h : -1;
  }
  for (size_t i = 0; i < schema->column_count; i++) {
    const char *c = schema->columns[i].name;
    if (d->name_len[i] == len && c[0] == name[0] && memcmp(c, name, len) == 0) {
      *hint = i + 1;
      return d->projected[i] ? (int)i : -1;
    }
  }
  return -1;
}

/* JsonParserToRowDataConverters.skipToNextField. A null current token is a
 * NullPointerException in Java's switch: a row error. */
static bool skip_to_next_field(Row *r) {
  JkParser *jp = r->jp;
  if (jp->tok == JK_END)
    return false;
  if (jp->tok == JK_START_OBJECT || jp->tok == JK_START_ARRAY) {
    size_t open = 1;
    while (open > 0) {
      JkTok t = row_next(r);
      if (t == JK_ERROR)
        return false;
      if (t == JK_END_OBJECT || t == JK_END_ARRAY)
        open--;
      else if (t == JK_START_OBJECT || t == JK_START_ARRAY)
        open++;
    }
  }
  return row_next(r) != JK_ERROR;
}

/* Why the confluent target rejects the record: Confluent Cloud's
 * json-registry format is not public; modelled (as the oracle does) as
 * Flink's json row converter without per-field leniency, so a field
 * converter's exception fails the record and 'error-handling.mode' decides
 * what happens to it. */
static const char *rejected_field(RtDecoder *d, size_t col) {
  const SchemaColumn *c = &d->schema->columns[col];
  snprintf(d->why_buf, sizeof d->why_buf,
           "column %s: the value does not convert to %s (Confluent's json-registry "
           "format rejects the record)",
           c->name, sql_type_name(c->type));
  return d->why_buf;
}

/* Returns NULL or why the row is dropped. */
static const char *convert_row(RtDecoder *d, const char *text, size_t len,
                               unsigned *keys) {
  JkParser *jp = &d->line_jp;
  jk_reset(jp, text, len);
  d->line = text;
  d->line_end = text + len;
  d->why = NULL;
  Row r = {.d = d, .jp = jp};
  size_t ncols = d->schema->column_count;
  size_t arity = d->arity;
  for (size_t i = 0; i < ncols; i++) {
    d->columns[i] = (RtValue){.kind = RT_NULL};
    d->scratch_at[i] = SIZE_MAX;
    d->lazy_raw[i] = NULL;
  }
  d->scratch.len = 0;
  const char *why = NULL;
  /* deserialize: the first token must be START_OBJECT */
  JkTok t = row_next(&r);
  if (t == JK_ERROR) {
    why = jp->error;
    goto done;
  }
  if (t != JK_START_OBJECT) {
    why = "not a JSON object";
    goto done;
  }
  size_t cnt = 0, hint = 0;
  row_next(&r);
  while (jp->tok != JK_END_OBJECT) {
    if (jp->tok == JK_ERROR) {
      why = jp->error;
      goto done;
    }
    if (cnt >= arity) { /* every column counted: the rest is skipped */
      if (!skip_to_next_field(&r)) {
        why = jp->error ? jp->error : "end of input inside the message";
        goto done;
      }
      continue;
    }
    /* String fieldName = jp.getText(): a name, or in a desynchronised
     * walk (below) whatever token stands here */
    const char *name;
    size_t name_len;
    if (!jk_text(jp, &name, &name_len)) {
      why = "a string with an invalid escape or byte";
      goto done;
    }
    int col = name ? column_index(d, name, name_len, &hint) : -1;
    if (row_next(&r) == JK_ERROR) {
      why = jp->error;
      goto done;
    }
    if (col >= 0) {
      if (jp->tok != JK_END && jp->tok != JK_NULL) {
        if (!convert_field(&r, (size_t)col) && d->field_error_rejects_record) {
          why = rejected_field(d, (size_t)col);
          goto done;
        }
      } else {
        d->columns[col] = (RtValue){.kind = RT_NULL};
        d->scratch_at[col] = SIZE_MAX;
        d->lazy_raw[col] = NULL;
      }
      if (r.unreplicated) {
        why = d->why
                  ? d->why
                  : "an invalid escape or byte in a string of a known column: Flink "
                    "nulls the field and resumes inside the string, which filterc does "
                    "not replicate";
        goto done;
      }
      /* An object or array given to a BIGINT, DOUBLE or BOOLEAN column is
       * not consumed by its converter, so this nextToken() steps into it
       * and the loop reads its members as the message's: Flink's own
       * behaviour, followed as is. */
      row_next(&r);
      cnt++;
    } else if (!skip_to_next_field(&r)) {
      why = jp->error ? jp->error : "end of input inside the message";
      goto done;
    }
  }
done:
  *keys = r.keys;
  if (why)
    return why;
  for (size_t i = 0; i < ncols; i++) /* the scratch buffer has stopped moving */
    if (d->scratch_at[i] != SIZE_MAX)
      d->columns[i].str = d->scratch.p + d->scratch_at[i];
  return NULL;
}

/* ---- other shapes, rewritten to the flat message ----------------------
 * Envelopes and bare business events are our input conveniences, not what
 * Flink reads: they are rewritten to the flat message the topic would hold
 * (ExtractNewRecordState, or the producer's mapping), then decoded as one.
 * Member values are copied as their source text, read with the same
 * tokenizer (so numbers keep their spelling and whatever Jackson accepts is
 * accepted); a key repeated in an object: the last one wins. */

typedef struct Span {
  const char *p; /* NULL: absent */
  size_t n;
} Span;

enum {
  M_PAYLOAD,
  M_OP,
  M_BEFORE,
  M_AFTER,
  M_SOURCE,
  M_TS_MS,
  M_EVENT_HEADER,
  M_EVENT_DATA,
  M_EVENT_TYPE,
  M_TABLE,
  M_UUID,
  M_EVENT_NAME,
  M_EVENT_TYPE_H,
  M_CREATED,
  M_SAVED,
  M__COUNT
};
static const char *const MEMBER_KEYS[M__COUNT] = {
    "payload", "op",          "before",     "after",       "source",
    "ts_ms",   "eventHeader", "event_data", "event_type",  "table",
    "uuid",    "eventName",   "eventType",  "createdDate", "savedDate"};

/* The raw value text of each key of MEMBER_KEYS in the object `text`.
 * False when it is not an object or has a syntax error before its end. */
static bool members(RtDecoder *d, Span text, Span out[M__COUNT]) {
  JkParser *jp = &d->shape_jp;
  for (size_t k = 0; k < M__COUNT; k++)
    out[k] = (Span){NULL, 0};
  if (!text.p)
    return false;
  jk_reset(jp, text.p, text.n);
  if (jk_next(jp) != JK_START_OBJECT)
    return false;
  JkTok t;
  while ((t = jk_next(jp)) == JK_FIELD_NAME) {
    const char *key;
    size_t n;
    jk_text(jp, &key, &n);
    size_t k = 0;
    while (k < M__COUNT &&
           !(strlen(MEMBER_KEYS[k]) == n && memcmp(MEMBER_KEYS[k], key, n) == 0))
      k++;
    if (jk_next(jp) == JK_ERROR)
      return false;
    const char *start = (const char *)jp->start;
    if (!jk_skip_children(jp))
      return false;
    if (k < M__COUNT)
      out[k] = (Span){start, (size_t)((const char *)jp->p - start)};
  }
  return t == JK_END_OBJECT;
}

static bool is_object(Span v) {
  return v.p && v.n && v.p[0] == '{';
}

/* The decoded text of a string value; false for anything else. */
static bool unquote(RtDecoder *d, Span v, const char **s, size_t *n) {
  if (!v.p || !v.n || v.p[0] != '"')
    return false;
  jk_reset(&d->shape_jp, v.p, v.n);
  return jk_next(&d->shape_jp) == JK_STRING && jk_text(&d->shape_jp, s, n);
}

/* An integer token in the long range (Jackson's NumberType INT or LONG). */
static bool int64_of(Span v, int64_t *out) {
  if (!v.p || !v.n || memchr(v.p, '.', v.n) || memchr(v.p, 'e', v.n) ||
      memchr(v.p, 'E', v.n) || v.p[0] == '"' ||
      (v.p[0] != '-' && (v.p[0] < '0' || v.p[0] > '9')))
    return false;
  return rt_parse_long(v.p, v.n, out);
}

static void add_raw(Buf *b, Span v) {
  if (v.p)
    buf_add(b, v.p, v.n);
  else
    buf_adds(b, "null");
}

/* Epoch milliseconds as the connector renders a TIMESTAMP column; any
 * other value copied. */
static void add_timestamp(Buf *b, Span v) {
  int64_t ms;
  if (!int64_of(v, &ms)) {
    add_raw(b, v);
    return;
  }
  int64_t secs = ms / 1000 - (ms % 1000 < 0);
  int millis = (int)(ms - secs * 1000);
  time_t t = (time_t)secs;
  struct tm tm;
  char text[64];
  if (!gmtime_r(&t, &tm)) {
    add_raw(b, v);
    return;
  }
  size_t n = strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  if (millis)
    n += (size_t)snprintf(text + n, sizeof text - n, ".%03d", millis);
  snprintf(text + n, sizeof text - n, "Z");
  buf_json_string(b, text, strlen(text));
}

/* ExtractNewRecordState (Debezium 2.x AbstractExtractNewRecordState.
 * rewrite / DefaultDeleteHandlingStrategy, delete.handling.mode=rewrite,
 * add.fields=op,table,ts_ms): c, u and r emit "after", a delete emits
 * "before"; a record with neither (a truncate, a tombstone) is dropped by
 * the transform. op and ts_ms are read from the envelope itself
 * (FieldReference.determineStruct), table from "source"; source.ts_ms
 * would be __source_ts_ms. __deleted is a STRING (InsertField's
 * static.value, OPTIONAL_STRING_SCHEMA). */
static const char *rewrite_envelope(RtDecoder *d, const Span *env) {
  const char *op;
  size_t op_len;
  bool deleted = unquote(d, env[M_OP], &op, &op_len) && op_len == 1 && op[0] == 'd';
  Span row = env[deleted ? M_BEFORE : M_AFTER];
  if (!is_object(row))
    return deleted ? "Debezium delete without a \"before\" row (ExtractNewRecordState "
                     "drops it)"
                   : "Debezium envelope without an \"after\" row (a truncate or "
                     "tombstone: ExtractNewRecordState drops it)";
  Span source[M__COUNT];
  Span table = {NULL, 0};
  if (is_object(env[M_SOURCE]) && members(d, env[M_SOURCE], source))
    table = source[M_TABLE];
  /* the row's members, then the added fields */
  const char *body = row.p + 1, *end = row.p + row.n - 1;
  while (body < end && (unsigned char)*body <= 0x20)
    body++;
  while (end > body && (unsigned char)end[-1] <= 0x20)
    end--;
  Buf *b = &d->rewrite;
  b->len = 0;
  buf_addc(b, '{');
  buf_add(b, body, (size_t)(end - body));
  if (end > body)
    buf_addc(b, ',');
  buf_adds(b, "\"__op\":");
  add_raw(b, env[M_OP]);
  buf_adds(b, ",\"__table\":");
  add_raw(b, table);
  buf_adds(b, ",\"__ts_ms\":");
  add_raw(b, env[M_TS_MS]);
  buf_adds(b, deleted ? ",\"__deleted\":\"true\"}" : ",\"__deleted\":\"false\"}");
  return NULL;
}

/* The producer's mapping of a bare business event (filterc_runtime.h). */
static void rewrite_business_event(RtDecoder *d, const Span *root, const char *line,
                                   size_t len) {
  Span h[M__COUNT];
  if (!is_object(root[M_EVENT_HEADER]) || !members(d, root[M_EVENT_HEADER], h))
    for (size_t k = 0; k < M__COUNT; k++)
      h[k] = (Span){NULL, 0};
  Buf *b = &d->rewrite;
  b->len = 0;
  buf_adds(b, "{\"id\":");
  add_raw(b, h[M_UUID]);
  buf_adds(b, ",\"event_name\":");
  add_raw(b, h[M_EVENT_NAME]);
  buf_adds(b, ",\"event_type\":");
  add_raw(b, h[M_EVENT_TYPE_H]);
  buf_adds(b, ",\"created_date\":");
  add_timestamp(b, h[M_CREATED]);
  buf_adds(b, ",\"saved_date\":");
  add_timestamp(b, h[M_SAVED]);
  buf_adds(b, ",\"event_data\":");
  buf_json_string(b, line, len);
  /* __ts_ms <- savedDate: our choice, the row's save time standing in for
   * the capture time */
  buf_adds(b, ",\"__op\":\"c\",\"__table\":\"business_events\",\"__ts_ms\":");
  int64_t saved;
  char num[32];
  if (int64_of(h[M_SAVED], &saved)) {
    snprintf(num, sizeof num, "%" PRId64, saved);
    buf_adds(b, num);
  } else {
    buf_adds(b, "null");
  }
  buf_adds(b, ",\"__deleted\":\"false\"}");
}

/* Rewrites the line when it is an envelope or a bare business event.
 * Returns 1 (rewritten into d->rewrite), 0 (a flat message) or -1 with
 * *error (an envelope without its row). */
static int rewrite_shape(RtDecoder *d, const char *line, size_t len, RtShape *shape,
                         const char **error) {
  Span root[M__COUNT], payload[M__COUNT];
  if (!members(d, (Span){line, len}, root))
    return 0;
  const Span *env = NULL;
  if (is_object(root[M_PAYLOAD]) && members(d, root[M_PAYLOAD], payload) &&
      payload[M_OP].p && (payload[M_BEFORE].p || payload[M_AFTER].p))
    env = payload;
  if (!env && root[M_OP].p && (root[M_BEFORE].p || root[M_AFTER].p))
    env = root;
  if (env) {
    *error = rewrite_envelope(d, env);
    *shape = RT_SHAPE_DEBEZIUM;
    return *error ? -1 : 1;
  }
  if (root[M_EVENT_HEADER].p && !root[M_EVENT_DATA].p && !root[M_EVENT_TYPE].p) {
    rewrite_business_event(d, root, line, len);
    *shape = RT_SHAPE_BUSINESS_EVENT;
    return 1;
  }
  return 0;
}

RtValue rt_message_column(const RtMessage *m, size_t col) {
  RtDecoder *d = m->decoder;
  if (d->lazy_raw[col]) {
    Buf *b = &d->lazy_buf[col];
    b->len = 0;
    jk_decode(d->lazy_raw[col], d->lazy_len[col], b);
    d->columns[col].str = b->p ? b->p : "";
    d->columns[col].len = b->len;
    d->lazy_raw[col] = NULL;
  }
  return d->columns[col];
}

void rt_decoder_set_flink_version(RtDecoder *d, RtFlinkVersion v) {
  d->flink_version = v;
}

RtMessage *rt_decode(RtDecoder *d, const char *line, size_t len, const char **error) {
  d->paths.walked = false;
  /* Jackson's ByteSourceJsonBootstrapper skips a UTF-8 BOM */
  if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
    line += 3;
    len -= 3;
  }
  RtMessage *m = &d->msg;
  *m = (RtMessage){.shape = RT_SHAPE_MESSAGE,
                   .columns = d->columns,
                   .column_count = d->schema->column_count,
                   .json = line,
                   .json_len = len,
                   .decoder = d};
  unsigned keys;
  const char *why = convert_row(d, line, len, &keys);
  /* the top-level keys the row loop saw tell whether the line may be
   * another shape; only then are its members read again */
  if ((keys & KEY_PAYLOAD) || (keys & KEY_EVENT_HEADER) ||
      ((keys & KEY_OP) && (keys & (KEY_BEFORE | KEY_AFTER)))) {
    RtShape shape = RT_SHAPE_MESSAGE;
    const char *bad = NULL;
    int rc = rewrite_shape(d, line, len, &shape, &bad);
    if (rc < 0) {
      *error = bad;
      return NULL;
    }
    if (rc > 0) {
      m->shape = shape;
      m->json = d->rewrite.p;
      m->json_len = d->rewrite.len;
      why = convert_row(d, m->json, m->json_len, &keys);
    }
  }
  if (why) {
    *error = why;
    return NULL;
  }
  return m;
}
