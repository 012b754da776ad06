#include "jsontree.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

bool json_tree_wanted(const char *path) {
  size_t n = strlen(path);
  return n >= 5 && strcmp(path + n - 5, ".json") == 0;
}

/* jansson validates and decodes; it keeps no positions. The walker reads
 * the text again beside jansson's tree, which is safe because the text is
 * known to be valid JSON: it only skips whitespace, punctuation and tokens,
 * and objects come out of jansson in the text's order (insertion order, kept
 * since jansson 2.8). */
typedef struct Walker {
  Arena *arena;
  const SourceFile *sf;
  const YamlLimits *limits;
  DiagList *diags;
  size_t at; /* byte offset into sf->text */
  bool failed;
} Walker;

static bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(Walker *w) {
  while (w->at < w->sf->len && is_json_space(w->sf->text[w->at]))
    w->at++;
}

/* Past one string, number or literal token. */
static void skip_token(Walker *w) {
  const char *t = w->sf->text;
  size_t len = w->sf->len;
  if (w->at < len && t[w->at] == '"') {
    w->at++;
    while (w->at < len && t[w->at] != '"')
      w->at += t[w->at] == '\\' ? 2 : 1;
    w->at++;
    return;
  }
  while (w->at < len && !is_json_space(t[w->at]) && !strchr(",:]}", t[w->at]))
    w->at++;
}

static YNode *new_node(Walker *w, YNodeKind kind) {
  YNode *n = arena_alloc(w->arena, sizeof *n);
  n->kind = (uint8_t)kind;
  n->pos = source_position(w->sf, w->at);
  n->expanded = 1;
  return n;
}

static YNode *string_node(Walker *w, const char *s, size_t len) {
  YNode *n = new_node(w, YNODE_SCALAR);
  n->scalar = YSCALAR_STRING;
  n->quoted = true;
  n->text = arena_strndup(w->arena, s, len);
  n->len = len;
  return n;
}

static YNode *walk(Walker *w, json_t *v, unsigned depth);

static void add_expanded(YNode *n, const YNode *kid) {
  uint64_t sum = (uint64_t)n->expanded + kid->expanded;
  n->expanded = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
}

static YNode *walk_container(Walker *w, json_t *v, unsigned depth) {
  bool object = json_is_object(v);
  YNode *n = new_node(w, object ? YNODE_MAPPING : YNODE_SEQUENCE);
  if (depth >= w->limits->max_depth) {
    diag_add(w->diags, SEV_ERROR, w->sf->path, n->pos, "nesting-too-deep",
             "JSON nesting deeper than %u levels", w->limits->max_depth);
    w->failed = true;
    return NULL;
  }
  w->at++; /* { or [ */
  if (object) {
    n->count = json_object_size(v);
    n->pairs = arena_alloc(w->arena, n->count * sizeof *n->pairs);
    size_t i = 0;
    for (void *it = json_object_iter(v); it && i < n->count;
         it = json_object_iter_next(v, it), i++) {
      skip_space(w);
      const char *key = json_object_iter_key(it);
      n->pairs[i].key = string_node(w, key, strlen(key));
      skip_token(w);
      skip_space(w);
      w->at++; /* : */
      n->pairs[i].value = walk(w, json_object_iter_value(it), depth + 1);
      if (!n->pairs[i].value)
        return NULL;
      add_expanded(n, n->pairs[i].value);
      skip_space(w);
      w->at++; /* , or } */
    }
  } else {
    n->count = json_array_size(v);
    n->items = arena_alloc(w->arena, n->count * sizeof *n->items);
    for (size_t i = 0; i < n->count; i++) {
      n->items[i] = walk(w, json_array_get(v, i), depth + 1);
      if (!n->items[i])
        return NULL;
      add_expanded(n, n->items[i]);
      skip_space(w);
      w->at++; /* , or ] */
    }
  }
  if (n->count == 0) {
    skip_space(w);
    w->at++; /* } or ] */
  }
  return n;
}

static YNode *walk(Walker *w, json_t *v, unsigned depth) {
  skip_space(w);
  size_t start = w->at;
  YNode *n;
  switch (json_typeof(v)) {
  case JSON_OBJECT:
  case JSON_ARRAY:
    return walk_container(w, v, depth);
  case JSON_STRING:
    n = string_node(w, json_string_value(v), json_string_length(v));
    skip_token(w);
    return n;
  case JSON_INTEGER:
  case JSON_REAL:
  case JSON_TRUE:
  case JSON_FALSE:
  case JSON_NULL:
    break;
  }
  n = new_node(w, YNODE_SCALAR);
  skip_token(w);
  /* the token as written, so numbers keep their exact digits */
  n->text = arena_strndup(w->arena, w->sf->text + start, w->at - start);
  n->len = w->at - start;
  switch (json_typeof(v)) {
  case JSON_INTEGER:
    n->scalar = YSCALAR_INT;
    n->number = (double)json_integer_value(v);
    break;
  case JSON_REAL:
    n->scalar = YSCALAR_FLOAT;
    n->number = json_real_value(v);
    break;
  case JSON_TRUE:
  case JSON_FALSE:
    n->scalar = YSCALAR_BOOL;
    n->bool_value = json_is_true(v);
    break;
  case JSON_NULL:
    n->scalar = YSCALAR_NULL;
    break;
  case JSON_OBJECT: /* handled above */
  case JSON_ARRAY:
  case JSON_STRING:
    break;
  }
  return n;
}

/* jansson's error offset is just past the token it stopped at. The
 * diagnostic points at that token's start, or at the comma for the mistake
 * people make most: a comma before a closing bracket. */
static void report_syntax_error(Walker *w, size_t base, const json_error_t *err) {
  const char *t = w->sf->text;
  size_t off = base + (size_t)err->position;
  if (off > w->sf->len)
    off = w->sf->len;
  size_t tok = off;
  if (tok > base && tok <= w->sf->len && !(tok < w->sf->len && t[tok] == '\0'))
    tok--;                                             /* the last byte jansson read */
  if (tok > base && tok < w->sf->len && t[tok] == '"') /* a string: its opening quote */
    for (tok--; tok > base && !(t[tok] == '"' && t[tok - 1] != '\\');)
      tok--;
  size_t before = tok;
  while (before > base && is_json_space(t[before - 1]))
    before--;
  bool trailing = tok < w->sf->len && (t[tok] == ']' || t[tok] == '}') && before > base &&
                  t[before - 1] == ',';
  SrcPos pos;
  char message[sizeof err->text + 32];
  if (trailing) {
    pos = source_position(w->sf, before - 1);
    snprintf(message, sizeof message, "trailing comma before '%c'", t[tok]);
  } else if (off >= w->sf->len && w->sf->len > 0) {
    pos = (SrcPos){err->line > 0 ? (uint32_t)err->line : 1,
                   err->column > 0 ? (uint32_t)err->column : 1};
    snprintf(message, sizeof message, "%s", err->text);
  } else {
    pos = source_position(w->sf, tok);
    snprintf(message, sizeof message, "%s", err->text);
  }
  Diag *d =
      json_error_code(err) == json_error_duplicate_key
          ? diag_add(w->diags, SEV_ERROR, w->sf->path, pos, "duplicate-key", "%s",
                     message)
          : diag_add(w->diags, SEV_ERROR, w->sf->path, pos, "json-syntax", "%s", message);
  if (trailing)
    diag_hint(d, "JSON allows no comma after the last item; remove it");
  w->failed = true;
}

int json_load_tree(Arena *arena, const SourceFile *sf, const YamlLimits *limits,
                   DiagList *diags, YNode **root) {
  Walker w = {.arena = arena, .sf = sf, .limits = limits, .diags = diags};
  *root = NULL;
  size_t base = 0;
  if (sf->len >= 3 && memcmp(sf->text, "\xEF\xBB\xBF", 3) == 0)
    base = 3; /* a byte-order mark, as the YAML reader also accepts */
  w.at = base;
  skip_space(&w);
  if (w.at == sf->len)
    return 0; /* only whitespace: the caller reports the empty file */
  json_error_t err;
  json_t *doc = json_loadb(sf->text + base, sf->len - base,
                           JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
  if (!doc) {
    report_syntax_error(&w, base, &err);
    return -1;
  }
  w.at = base;
  *root = walk(&w, doc, 0);
  json_decref(doc);
  if (w.failed || !*root) {
    *root = NULL;
    return -1;
  }
  return 0;
}
