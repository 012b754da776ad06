/* Stage 3: JSON_VALUE on the message's JSON column, with the typing rules
 * of filterc_runtime.h. event_data is parsed once per message, on the
 * first path that needs it, so flat-column filters never pay for it. */
#include <string.h>
#include <strings.h>

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

static bool is_number(RtJsonType t) {
  return t == RT_JSON_INT64 || t == RT_JSON_UINT64 || t == RT_JSON_DOUBLE;
}

RtValue rt_json_value(RtMessage *m, const FieldRef *f, SqlType type) {
  RtValue null = {.kind = RT_NULL};
  RtJsonNode node;
  if (!data_root(m, &node) || !walk(node, f->steps, f->step_count, &node))
    return null;
  RtJsonType t = rt_json_type(node);
  size_t n = 0;
  const char *s = t == RT_JSON_STRING ? rt_json_string(node, &n) : NULL;
  switch (type) {
  case SQL_TYPE_STRING:
    if (s)
      return (RtValue){.kind = RT_STRING, .str = s, .len = n};
    if (t == RT_JSON_BOOL)
      return rt_json_bool(node) ? (RtValue){.kind = RT_STRING, .str = "true", .len = 4}
                                : (RtValue){.kind = RT_STRING, .str = "false", .len = 5};
    if (is_number(t)) {
      char *text = m->decoder->numtext;
      n = rt_number_text(node, text);
      return (RtValue){.kind = RT_STRING, .str = text, .len = n};
    }
    return null;
  case SQL_TYPE_DOUBLE: {
    RtValue v = {.kind = RT_DOUBLE};
    if (is_number(t))
      v.d = rt_json_double(node);
    else if (!s || !rt_parse_decimal(s, n, &v.d))
      return null;
    return v;
  }
  case SQL_TYPE_BIGINT: {
    RtValue v = {.kind = RT_BIGINT};
    if (t == RT_JSON_INT64)
      v.i = rt_json_int64(node);
    else if (!s || !rt_parse_long(s, n, &v.i))
      return null;
    return v;
  }
  case SQL_TYPE_BOOLEAN:
    if (t == RT_JSON_BOOL)
      return (RtValue){.kind = RT_BOOL, .b = rt_json_bool(node)};
    if (s && n == 4 && strncasecmp(s, "true", 4) == 0)
      return (RtValue){.kind = RT_BOOL, .b = true};
    if (s && n == 5 && strncasecmp(s, "false", 5) == 0)
      return (RtValue){.kind = RT_BOOL, .b = false};
    return null;
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return null;
}
