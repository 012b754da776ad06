/* Avro and JSON Schema descriptions of event_data, flattened to the schema's
 * path lists (see eventschema.h). Both are read with jansson; jansson keeps
 * no positions, so a small scanner walks the text beside the parsed tree and
 * records where each object, array, string and number starts, which is what
 * lets every problem name its line and column. */
#include "eventschema.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than any real schema; a guard against recursive $ref/named types
 * that the visiting stack does not catch (distinct nodes all the way). */
#define EVENT_SCHEMA_MAX_DEPTH 64

typedef struct NodePos {
  const json_t *node;
  size_t offset;
} NodePos;

typedef struct StrVec {
  const char **items;
  size_t count, cap;
} StrVec;

typedef struct PathVec {
  SchemaPath *items;
  size_t count, cap;
} PathVec;

typedef struct NamedType {
  const char *name; /* full or short Avro name */
  json_t *node;
} NamedType;

typedef struct Walker {
  Schema *schema;
  DiagList *diags;
  const char *file;
  json_t *root;
  NodePos *pos;
  size_t pos_count, pos_cap;
  PathVec paths;
  StrVec closed, open;
  NamedType *names; /* Avro named types seen so far (defined before use) */
  size_t name_count, name_cap;
  const json_t *visiting[EVENT_SCHEMA_MAX_DEPTH]; /* records/$refs being walked */
  size_t depth;
  bool failed;
} Walker;

static void *grow(void *items, size_t *cap, size_t count, size_t size) {
  if (count < *cap)
    return items;
  *cap = *cap ? *cap * 2 : 16;
  void *p = realloc(items, *cap * size);
  if (!p)
    abort(); /* as arena_alloc: nothing sensible to do without memory */
  return p;
}

/* ---- positions -------------------------------------------------------- */

static void note_pos(Walker *w, const json_t *node, size_t offset) {
  w->pos = grow(w->pos, &w->pos_cap, w->pos_count, sizeof *w->pos);
  w->pos[w->pos_count++] = (NodePos){node, offset};
}

static size_t skip_ws(const char *t, size_t i, size_t len) {
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    i++;
  return i;
}

static size_t skip_string(const char *t, size_t i, size_t len) {
  for (i++; i < len && t[i] != '"'; i++)
    if (t[i] == '\\')
      i++;
  return i + 1;
}

/* Walks the text of `node` starting at t[i] (which jansson has already
 * accepted, so the text is well formed) and returns the offset after it.
 * Object members come in document order: jansson keeps insertion order and
 * duplicates are rejected at load. */
static size_t scan(Walker *w, const char *t, size_t i, size_t len, const json_t *node) {
  i = skip_ws(t, i, len);
  if (!json_is_true(node) && !json_is_false(node) && !json_is_null(node))
    note_pos(w, node, i); /* the three constants are shared singletons */
  if (json_is_object(node)) {
    i++;
    for (void *it = json_object_iter((json_t *)node); it;
         it = json_object_iter_next((json_t *)node, it)) {
      i = skip_ws(t, i, len);
      i = skip_string(t, i, len);
      i = skip_ws(t, i, len) + 1; /* ':' */
      i = scan(w, t, i, len, json_object_iter_value(it));
      i = skip_ws(t, i, len);
      if (i < len && t[i] == ',')
        i++;
    }
    return skip_ws(t, i, len) + 1;
  }
  if (json_is_array(node)) {
    i++;
    for (size_t k = 0; k < json_array_size(node); k++) {
      i = scan(w, t, i, len, json_array_get(node, k));
      i = skip_ws(t, i, len);
      if (i < len && t[i] == ',')
        i++;
    }
    return skip_ws(t, i, len) + 1;
  }
  if (json_is_string(node))
    return skip_string(t, i, len);
  while (i < len && !strchr(",]} \t\r\n", t[i]))
    i++;
  return i;
}

static SrcPos pos_of(const Walker *w, const json_t *node) {
  for (size_t i = 0; i < w->pos_count; i++)
    if (w->pos[i].node == node)
      return source_position(&w->schema->event_source, w->pos[i].offset);
  return (SrcPos){0, 0};
}

static void bad_schema(Walker *w, const json_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad_schema(Walker *w, const json_t *at, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_add(w->diags, SEV_ERROR, w->file, pos_of(w, at), "bad-schema", "%s", buf);
  w->failed = true;
}

/* ---- results ---------------------------------------------------------- */

static bool plain_key(const char *k) {
  if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
    return false;
  for (; *k; k++)
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_' ||
          (*k >= '0' && *k <= '9')))
      return false;
  return true;
}

/* The canonical form typecheck.c renders a filter's path in. NULL for a key
 * no filter path can spell (a quote or backslash in it). */
static const char *child_path(Walker *w, const char *parent, const char *key) {
  if (strpbrk(key, "'\\") || !*key)
    return NULL;
  size_t n = strlen(parent) + strlen(key) + 5;
  char *out = arena_alloc(&w->schema->arena, n);
  if (plain_key(key))
    snprintf(out, n, "%s%s%s", parent, *parent ? "." : "", key);
  else
    snprintf(out, n, "%s['%s']", parent, key);
  return out;
}

static const char *item_path(Walker *w, const char *parent) {
  size_t n = strlen(parent) + 4;
  char *out = arena_alloc(&w->schema->arena, n);
  snprintf(out, n, "%s[*]", parent);
  return out;
}

static void add_scalar(Walker *w, const json_t *at, const char *path, SqlType type,
                       bool timestamp, bool nullable) {
  if (!*path) {
    bad_schema(w, at, "the event body must be a record or an object, not a scalar");
    return;
  }
  w->paths.items =
      grow(w->paths.items, &w->paths.cap, w->paths.count, sizeof(SchemaPath));
  w->paths.items[w->paths.count++] = (SchemaPath){
      .path = path, .type = type, .timestamp = timestamp, .nullable = nullable};
}

/* The allowed strings of the path just added: Avro enum symbols or a JSON
 * Schema enum of strings (null entries aside); anything else leaves the
 * path unrestricted. */
static size_t string_enum(const json_t *list) {
  size_t n = 0;
  for (size_t i = 0; i < json_array_size(list); i++) {
    const json_t *v = json_array_get(list, i);
    if (json_is_string(v))
      n++;
    else if (!json_is_null(v))
      return 0;
  }
  return n;
}

static void set_values(Walker *w, const char *path, const json_t *list) {
  size_t n = string_enum(list);
  if (n == 0 || w->paths.count == 0 || w->paths.items[w->paths.count - 1].path != path)
    return;
  const char **values = arena_alloc(&w->schema->arena, n * sizeof *values);
  n = 0;
  for (size_t i = 0; i < json_array_size(list); i++)
    if (json_is_string(json_array_get(list, i)))
      values[n++] =
          arena_strdup(&w->schema->arena, json_string_value(json_array_get(list, i)));
  w->paths.items[w->paths.count - 1].values = values;
  w->paths.items[w->paths.count - 1].value_count = n;
}

static void add_object(Walker *w, StrVec *v, const char *path) {
  if (!*path) { /* the document itself: closed unless said open */
    if (v == &w->open)
      w->schema->json_root_open = true;
    return;
  }
  v->items = grow(v->items, &v->cap, v->count, sizeof *v->items);
  v->items[v->count++] = path;
}

static bool enter(Walker *w, const json_t *node, const char *path) {
  for (size_t i = 0; i < w->depth; i++)
    if (w->visiting[i] == node) {
      add_object(w, &w->open, path); /* recursive: any depth below is valid */
      return false;
    }
  if (w->depth == EVENT_SCHEMA_MAX_DEPTH) {
    bad_schema(w, node, "the schema nests deeper than %d levels", EVENT_SCHEMA_MAX_DEPTH);
    return false;
  }
  w->visiting[w->depth++] = node;
  return true;
}

/* ---- Avro ------------------------------------------------------------- */

static void avro_type(Walker *w, json_t *t, const char *path, bool nullable,
                      const char *logical, const char *ns);

static void avro_register(Walker *w, json_t *t, const char *ns) {
  const char *name = json_string_value(json_object_get(t, "name"));
  if (!name)
    return;
  const char *own_ns = json_string_value(json_object_get(t, "namespace"));
  if (!own_ns)
    own_ns = ns;
  for (int full = 0; full < 2; full++) {
    const char *n = name;
    if (full && own_ns && *own_ns && !strchr(name, '.')) {
      size_t len = strlen(own_ns) + strlen(name) + 2;
      char *buf = arena_alloc(&w->schema->arena, len);
      snprintf(buf, len, "%s.%s", own_ns, name);
      n = buf;
    } else if (full)
      break;
    w->names = grow(w->names, &w->name_cap, w->name_count, sizeof *w->names);
    w->names[w->name_count++] = (NamedType){n, t};
  }
}

static void avro_primitive(Walker *w, const json_t *at, const char *name,
                           const char *path, bool nullable, const char *logical,
                           const char *ns) {
  static const struct {
    const char *name;
    SqlType type;
  } prims[] = {{"boolean", SQL_TYPE_BOOLEAN}, {"int", SQL_TYPE_BIGINT},
               {"long", SQL_TYPE_BIGINT},     {"float", SQL_TYPE_DOUBLE},
               {"double", SQL_TYPE_DOUBLE},   {"string", SQL_TYPE_STRING},
               {"bytes", SQL_TYPE_STRING}};
  if (strcmp(name, "null") == 0)
    return; /* always null: nothing to compare */
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
    if (strcmp(prims[i].name, name) == 0) {
      /* timestamp-millis on a long: epoch milliseconds, which valueType:
       * timestamp already compares ISO literals against */
      bool ts = logical && prims[i].type == SQL_TYPE_BIGINT &&
                (strcmp(logical, "timestamp-millis") == 0 ||
                 strcmp(logical, "local-timestamp-millis") == 0);
      add_scalar(w, at, path, prims[i].type, ts, nullable);
      return;
    }
  for (size_t i = w->name_count; i-- > 0;)
    if (strcmp(w->names[i].name, name) == 0) {
      /* the record branch of avro_type guards against recursion */
      avro_type(w, w->names[i].node, path, nullable, logical, ns);
      return;
    }
  bad_schema(w, at,
             "unknown Avro type '%s' (a named type must be defined before its use)",
             name);
}

static void avro_record(Walker *w, json_t *t, const char *path, const char *ns) {
  json_t *fields = json_object_get(t, "fields");
  if (!json_is_array(fields)) {
    bad_schema(w, t, "an Avro record needs a 'fields' list");
    return;
  }
  add_object(w, &w->closed, path);
  for (size_t i = 0; i < json_array_size(fields); i++) {
    json_t *f = json_array_get(fields, i);
    const char *name = json_string_value(json_object_get(f, "name"));
    json_t *ft = json_object_get(f, "type");
    if (!json_is_object(f) || !name || !ft) {
      bad_schema(w, f, "an Avro field needs a 'name' and a 'type'");
      continue;
    }
    const char *child = child_path(w, path, name);
    if (!child)
      continue;
    /* producers often put logicalType on the field rather than in its type
     * (the deployed raw-event.avsc does); read it from either place */
    const char *logical = json_string_value(json_object_get(f, "logicalType"));
    avro_type(w, ft, child, false, logical, ns);
  }
}

static void avro_type(Walker *w, json_t *t, const char *path, bool nullable,
                      const char *logical, const char *ns) {
  if (json_is_string(t)) {
    avro_primitive(w, t, json_string_value(t), path, nullable, logical, ns);
    return;
  }
  if (json_is_array(t)) { /* a union */
    json_t *only = NULL;
    size_t branches = 0;
    bool has_null = false;
    for (size_t i = 0; i < json_array_size(t); i++) {
      json_t *b = json_array_get(t, i);
      if (json_is_string(b) && strcmp(json_string_value(b), "null") == 0)
        has_null = true;
      else {
        only = b;
        branches++;
      }
    }
    if (branches == 1)
      avro_type(w, only, path, nullable || has_null, logical, ns);
    else if (branches > 1)
      add_object(w, &w->open, path); /* several types: the literal decides */
    return;
  }
  if (!json_is_object(t)) {
    bad_schema(w, t, "an Avro type is a name, a union list or an object");
    return;
  }
  const char *kind = json_string_value(json_object_get(t, "type"));
  if (!kind) {
    bad_schema(w, t, "an Avro type object needs a 'type' name");
    return;
  }
  const char *own_logical = json_string_value(json_object_get(t, "logicalType"));
  const char *own_ns = json_string_value(json_object_get(t, "namespace"));
  if (!own_ns)
    own_ns = ns;
  if (strcmp(kind, "record") == 0 || strcmp(kind, "error") == 0) {
    avro_register(w, t, ns);
    if (enter(w, t, path)) {
      avro_record(w, t, path, own_ns);
      w->depth--;
    }
  } else if (strcmp(kind, "enum") == 0 || strcmp(kind, "fixed") == 0) {
    avro_register(w, t, ns);
    add_scalar(w, t, path, SQL_TYPE_STRING, false, nullable);
    if (strcmp(kind, "enum") == 0)
      set_values(w, path, json_object_get(t, "symbols"));
  } else if (strcmp(kind, "array") == 0) {
    json_t *items = json_object_get(t, "items");
    if (!items)
      bad_schema(w, t, "an Avro array needs 'items'");
    else if (*path)
      avro_type(w, items, item_path(w, path), false, NULL, own_ns);
    else
      bad_schema(w, t, "the event body must be a record or an object, not an array");
  } else if (strcmp(kind, "map") == 0) {
    add_object(w, &w->open, path); /* any key: typos below cannot be caught */
  } else {
    avro_primitive(w, t, kind, path, nullable, own_logical ? own_logical : logical,
                   own_ns);
  }
}

/* ---- JSON Schema ------------------------------------------------------ */

static void js_schema(Walker *w, json_t *s, const char *path, bool nullable);

/* "#/definitions/Entity", "#/$defs/Entity", any JSON pointer in the file. */
static json_t *js_resolve(Walker *w, json_t *at, const char *ref) {
  if (ref[0] != '#') {
    bad_schema(w, at, "'$ref': '%s' points outside the file; only '#/...' is read", ref);
    return NULL;
  }
  json_t *node = w->root;
  const char *p = ref + 1;
  while (*p == '/') {
    p++;
    size_t n = strcspn(p, "/");
    char *tok = arena_alloc(&w->schema->arena, n + 1), *o = tok;
    for (size_t i = 0; i < n; i++) { /* ~1 is '/', ~0 is '~' */
      if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
        *o++ = p[i + 1] == '0' ? '~' : '/';
        i++;
      } else
        *o++ = p[i];
    }
    *o = '\0';
    p += n;
    if (json_is_array(node)) {
      char *end;
      unsigned long k = strtoul(tok, &end, 10);
      node = *end ? NULL : json_array_get(node, k);
    } else
      node = json_object_get(node, tok);
    if (!node)
      break;
  }
  if (!node || *p)
    bad_schema(w, at, "'$ref': '%s' names nothing in this file", ref);
  return node;
}

/* The one branch of anyOf/oneOf that is not {"type": "null"}, or NULL. */
static json_t *js_only_non_null(json_t *list, bool *has_null) {
  json_t *only = NULL;
  size_t n = 0;
  for (size_t i = 0; i < json_array_size(list); i++) {
    json_t *b = json_array_get(list, i);
    const char *t = json_string_value(json_object_get(b, "type"));
    if (t && strcmp(t, "null") == 0 && json_object_size(b) == 1)
      *has_null = true;
    else {
      only = b;
      n++;
    }
  }
  return n == 1 ? only : NULL;
}

static void js_object(Walker *w, json_t *s, const char *path) {
  json_t *props = json_object_get(s, "properties");
  json_t *extra = json_object_get(s, "additionalProperties");
  bool closed = json_is_false(extra) && !json_object_get(s, "patternProperties");
  add_object(w, closed ? &w->closed : &w->open, path);
  if (props && !json_is_object(props)) {
    bad_schema(w, props, "'properties' must be an object");
    return;
  }
  const char *key;
  json_t *value;
  json_object_foreach(props, key, value) {
    const char *child = child_path(w, path, key);
    if (child)
      js_schema(w, value, child, false);
  }
}

static void js_typed(Walker *w, json_t *s, const char *type, const char *path,
                     bool nullable) {
  if (strcmp(type, "null") == 0)
    return;
  if (strcmp(type, "object") == 0) {
    js_object(w, s, path);
  } else if (strcmp(type, "array") == 0) {
    json_t *items = json_object_get(s, "items");
    if (!*path)
      bad_schema(w, s, "the event body must be a record or an object, not an array");
    else if (json_is_object(items))
      js_schema(w, items, item_path(w, path), false);
    else
      add_object(w, &w->open, path); /* no items, or a tuple: any element */
  } else if (strcmp(type, "string") == 0) {
    const char *format = json_string_value(json_object_get(s, "format"));
    add_scalar(w, s, path, SQL_TYPE_STRING, format && strcmp(format, "date-time") == 0,
               nullable);
    set_values(w, path, json_object_get(s, "enum"));
  } else if (strcmp(type, "integer") == 0) {
    add_scalar(w, s, path, SQL_TYPE_BIGINT, false, nullable);
  } else if (strcmp(type, "number") == 0) {
    add_scalar(w, s, path, SQL_TYPE_DOUBLE, false, nullable);
  } else if (strcmp(type, "boolean") == 0) {
    add_scalar(w, s, path, SQL_TYPE_BOOLEAN, false, nullable);
  } else {
    bad_schema(w, json_object_get(s, "type"),
               "unknown JSON Schema type '%s' (string, number, integer, boolean, object, "
               "array, null)",
               type);
  }
}

static void js_schema(Walker *w, json_t *s, const char *path, bool nullable) {
  if (json_is_true(s) || (json_is_object(s) && json_object_size(s) == 0)) {
    add_object(w, &w->open, path); /* anything */
    return;
  }
  if (!json_is_object(s)) {
    if (!json_is_false(s))
      bad_schema(w, s, "a JSON Schema is an object or a boolean");
    return;
  }
  json_t *ref = json_object_get(s, "$ref");
  if (ref) {
    json_t *target =
        json_is_string(ref) ? js_resolve(w, ref, json_string_value(ref)) : NULL;
    if (!json_is_string(ref))
      bad_schema(w, ref, "'$ref' must be a string");
    if (target && enter(w, target, path)) {
      js_schema(w, target, path, nullable);
      w->depth--;
    }
    return;
  }
  json_t *alt = json_object_get(s, "anyOf");
  if (!alt)
    alt = json_object_get(s, "oneOf");
  if (alt) {
    bool has_null = false;
    json_t *only = js_only_non_null(alt, &has_null);
    if (only)
      js_schema(w, only, path, nullable || has_null);
    else
      add_object(w, &w->open, path);
    return;
  }
  json_t *all = json_object_get(s, "allOf");
  if (all) {
    if (json_array_size(all) == 1)
      js_schema(w, json_array_get(all, 0), path, nullable);
    else
      add_object(w, &w->open, path);
    return;
  }
  json_t *type = json_object_get(s, "type");
  if (json_is_array(type)) {
    const char *only = NULL;
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(type); i++) {
      const char *t = json_string_value(json_array_get(type, i));
      if (!t)
        bad_schema(w, json_array_get(type, i), "a 'type' list holds type names");
      else if (strcmp(t, "null") == 0)
        nullable = true;
      else {
        only = t;
        n++;
      }
    }
    if (n == 1)
      js_typed(w, s, only, path, nullable);
    else if (n > 1)
      add_object(w, &w->open, path); /* several types: the literal decides */
    return;
  }
  if (type && !json_is_string(type)) {
    bad_schema(w, type, "'type' must be a name or a list of names");
    return;
  }
  if (type)
    js_typed(w, s, json_string_value(type), path, nullable);
  else if (json_object_get(s, "properties"))
    js_object(w, s, path);
  else if (json_object_get(s, "items"))
    js_typed(w, s, "array", path, nullable);
  else if (string_enum(json_object_get(s, "enum"))) {
    add_scalar(w, s, path, SQL_TYPE_STRING, false, nullable);
    set_values(w, path, json_object_get(s, "enum"));
  } else
    add_object(w, &w->open, path); /* untyped: anything */
}

/* ---- loading and merging ---------------------------------------------- */

static size_t root_key_length(const char *p) {
  return strcspn(p, ".[");
}

static bool described(const Walker *w, const char *p) {
  size_t n = root_key_length(p);
  const StrVec *lists[] = {&w->closed, &w->open};
  for (size_t i = 0; i < w->paths.count; i++)
    if (root_key_length(w->paths.items[i].path) == n &&
        strncmp(w->paths.items[i].path, p, n) == 0)
      return true;
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < lists[l]->count; i++)
      if (root_key_length(lists[l]->items[i]) == n &&
          strncmp(lists[l]->items[i], p, n) == 0)
        return true;
  return false;
}

/* The event schema's lists first, then, when its root is open, the YAML's
 * entries for top-level keys it does not describe. A closed root (an Avro
 * record) lists every top-level key, so the YAML's others are dropped: the
 * producer's schema wins over the hand-written one. */
static bool keep_yaml(const Walker *w, const char *p) {
  return w->schema->json_root_open && !described(w, p);
}

static void merge(Walker *w) {
  Schema *s = w->schema;
  Arena *a = &s->arena;
  SchemaPath *paths =
      arena_alloc(a, (w->paths.count + s->path_count + 1) * sizeof *paths);
  size_t np = 0;
  for (size_t i = 0; i < w->paths.count; i++)
    paths[np++] = w->paths.items[i];
  for (size_t i = 0; i < s->path_count; i++)
    if (keep_yaml(w, s->paths[i].path))
      paths[np++] = s->paths[i];
  const char **closed =
      arena_alloc(a, (w->closed.count + s->closed_count + 1) * sizeof *closed);
  size_t nc = 0;
  for (size_t i = 0; i < w->closed.count; i++)
    closed[nc++] = w->closed.items[i];
  for (size_t i = 0; i < s->closed_count; i++)
    if (keep_yaml(w, s->closed[i]))
      closed[nc++] = s->closed[i];
  const char **open = arena_alloc(a, (w->open.count + 1) * sizeof *open);
  for (size_t i = 0; i < w->open.count; i++)
    open[i] = w->open.items[i];
  s->paths = paths;
  s->path_count = np;
  s->closed = closed;
  s->closed_count = nc;
  s->open = open;
  s->open_count = w->open.count;
}

static bool is_avro(json_t *root) {
  const char *t = json_string_value(json_object_get(root, "type"));
  return t && strcmp(t, "record") == 0 && json_object_get(root, "fields");
}

static int read_loaded(Schema *schema, DiagList *diags);

int event_schema_load(Schema *schema, const char *path, DiagList *diags) {
  if (source_load(&schema->event_source, path, SOURCE_MAX_BYTES, diags) != 0)
    return -1;
  return read_loaded(schema, diags);
}

int event_schema_from_memory(Schema *schema, const char *name, const char *data,
                             size_t len, DiagList *diags) {
  if (source_from_memory(&schema->event_source, name, data, len, diags) != 0)
    return -1;
  return read_loaded(schema, diags);
}

static int read_loaded(Schema *schema, DiagList *diags) {
  SourceFile *src = &schema->event_source;
  Walker w = {.schema = schema, .diags = diags, .file = src->path};
  json_error_t err;
  /* a UTF-8 byte order mark, as editors on Windows write, is skipped */
  size_t start = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  w.root = json_loadb(src->text + start, src->len - start, JSON_REJECT_DUPLICATES, &err);
  if (!w.root) {
    diag_add(diags, SEV_ERROR, src->path,
             /* jansson counts column 0 at the end of a line */
             err.line > 0
                 ? (SrcPos){(uint32_t)err.line, err.column > 0 ? (uint32_t)err.column : 1}
                 : (SrcPos){0, 0},
             "bad-schema", "not a JSON schema file: %s", err.text);
    return -1;
  }
  scan(&w, src->text, start, src->len, w.root);
  if (!json_is_object(w.root))
    bad_schema(&w, w.root, "expected an Avro record schema or a JSON Schema object");
  else if (is_avro(w.root))
    avro_type(&w, w.root, "", false, NULL, NULL);
  else
    js_schema(&w, w.root, "", false);
  if (!w.failed)
    merge(&w);
  json_decref(w.root);
  free(w.pos);
  free(w.paths.items);
  free(w.closed.items);
  free(w.open.items);
  free(w.names);
  return w.failed ? -1 : 0;
}
