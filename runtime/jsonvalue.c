/* Stage 3: JSON_VALUE on the message's JSON column, with the typing rules
 * of filterc_runtime.h. event_data is parsed once per message, on the
 * first path that needs it, so flat-column filters never pay for it. */
#include <string.h>

#include "internal.h"

static bool data_root(RtMessage *m, RtJsonNode *root) {
  RtDecoder *d = m->decoder;
  if (d->data_state == 0) {
    int col = d->schema->json_column;
    const RtValue *v = col >= 0 ? &m->columns[col] : NULL;
    const char *error;
    d->data_state = -1;
    if (v && v->kind == RT_STRING &&
        rt_json_parse(d->data_doc, v->str, v->len, &d->data_root, &error) == 0)
      d->data_state = 1;
  }
  *root = d->data_root;
  return d->data_state == 1;
}

static bool walk(RtJsonNode node, const PathStep *steps, size_t n, RtJsonNode *out) {
  for (size_t i = 0; i < n; i++) {
    const PathStep *s = &steps[i];
    bool ok = s->is_index ? rt_json_element(node, s->index, &node)
                          : rt_json_member(node, s->key, s->key_len, &node);
    if (!ok)
      return false;
  }
  *out = node;
  return true;
}

/* JSON_VALUE(<json column>, path) without RETURNING: the STRING form.
 * Calcite's jsonValue hands back the raw scalar Jayway produced and the
 * generated code (JsonValueCallGen.scala) converts it with
 * String.valueOf(raw). NULL for a missing step, JSON null, an object or an
 * array (lax mode: NULL ON EMPTY / NULL ON ERROR). */
static bool json_value_text(RtMessage *m, const FieldRef *f, const char **text,
                            size_t *len) {
  RtJsonNode node;
  if (!data_root(m, &node) || !walk(node, f->steps, f->step_count, &node))
    return false;
  switch (rt_json_type(node)) {
  case RT_JSON_STRING:
    *text = rt_json_string(node, len);
    return true;
  case RT_JSON_BOOL:
    *text = rt_json_bool(node) ? "true" : "false";
    *len = strlen(*text);
    return true;
  case RT_JSON_INT64:
  case RT_JSON_UINT64:
  case RT_JSON_DOUBLE:
    *text = m->decoder->numtext;
    *len = rt_number_text(node, m->decoder->numtext);
    return true;
  case RT_JSON_NULL:
  case RT_JSON_ARRAY:
  case RT_JSON_OBJECT:
    break;
  }
  return false;
}

/* The operand as the generated SQL reads it: the STRING form, then, for
 * another type, TRY_CAST(... AS type) (sql_expr.c). */
RtValue rt_json_value(RtMessage *m, const FieldRef *f, SqlType type) {
  RtValue v = {.kind = RT_NULL};
  const char *s;
  size_t n;
  if (!json_value_text(m, f, &s, &n))
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
