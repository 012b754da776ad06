#include "schema.h"

#include <string.h>
#include <strings.h>

#include "eventschema.h"
#include "yamltree.h"

const char *variant_name(Variant v) {
  return v == VARIANT_NO_OP ? "no-op" : "normal";
}

int variant_from_name(const char *name, Variant *out) {
  if (strcmp(name, "normal") == 0)
    *out = VARIANT_NORMAL;
  else if (strcmp(name, "no-op") == 0)
    *out = VARIANT_NO_OP;
  else
    return -1;
  return 0;
}

int sql_type_from_name(const char *name, SqlType *out) {
  static const struct {
    const char *name;
    SqlType type;
  } names[] = {{"STRING", SQL_TYPE_STRING},
               {"BIGINT", SQL_TYPE_BIGINT},
               {"DOUBLE", SQL_TYPE_DOUBLE},
               {"BOOLEAN", SQL_TYPE_BOOLEAN}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(names[i].name, name) == 0) {
      *out = names[i].type;
      return 0;
    }
  return -1;
}

typedef struct SchemaReader {
  Schema *schema;
  DiagList *diags;
  bool failed;
} SchemaReader;

static void schema_error(SchemaReader *r, const YNode *at, const char *msg,
                         const char *what) {
  diag_add(r->diags, SEV_ERROR, r->schema->source.path, at ? at->pos : (SrcPos){0, 0},
           "bad-schema", "%s%s%s", msg, what ? ": " : "", what ? what : "");
  r->failed = true;
}

static const char *expect_string(SchemaReader *r, const YNode *n, const char *what) {
  if (!n || n->kind != YNODE_SCALAR || n->scalar == YSCALAR_NULL) {
    schema_error(r, n, "expected a string", what);
    return NULL;
  }
  return n->text;
}

static bool expect_flag(SchemaReader *r, const YNode *n, const char *what) {
  if (!n)
    return false;
  if (n->kind != YNODE_SCALAR || n->scalar != YSCALAR_BOOL) {
    schema_error(r, n, "expected true or false", what);
    return false;
  }
  return n->bool_value;
}

static SqlType expect_type(SchemaReader *r, const YNode *n, const char *what) {
  const char *name = expect_string(r, n, what);
  SqlType t = SQL_TYPE_UNKNOWN;
  if (name && sql_type_from_name(name, &t) != 0)
    schema_error(r, n, "unknown type (STRING, BIGINT, DOUBLE, BOOLEAN)", name);
  return t;
}

static void read_column(SchemaReader *r, SchemaColumn *col, const YNode *key,
                        const YNode *spec) {
  Arena *a = &r->schema->arena;
  col->name = key->text;
  col->sink = true;
  if (!spec || spec->kind != YNODE_MAPPING) {
    schema_error(r, spec ? spec : key, "column spec must be a mapping", key->text);
    return;
  }
  for (size_t i = 0; i < spec->count; i++) {
    const char *k = spec->pairs[i].key->text;
    const YNode *v = spec->pairs[i].value;
    if (strcmp(k, "type") == 0)
      col->type = expect_type(r, v, k);
    else if (strcmp(k, "cdc") == 0)
      col->cdc = expect_flag(r, v, k);
    else if (strcmp(k, "sink") == 0)
      col->sink = expect_flag(r, v, k);
    else if (strcmp(k, "json") == 0)
      col->json = expect_flag(r, v, k);
    else if (strcmp(k, "nested") == 0)
      col->nested = expect_string(r, v, k);
    else if (strcmp(k, "values") == 0) {
      if (v->kind != YNODE_SEQUENCE) {
        schema_error(r, v, "expected a list", k);
        continue;
      }
      col->values = arena_alloc(a, v->count * sizeof *col->values);
      col->value_count = v->count;
      for (size_t j = 0; j < v->count; j++)
        col->values[j] = expect_string(r, v->items[j], k);
    } else
      schema_error(r, spec->pairs[i].key, "unknown column property", k);
  }
  if (col->type == SQL_TYPE_UNKNOWN && !r->failed)
    schema_error(r, key, "column has no type", key->text);
}

static void read_schema(SchemaReader *r, const YNode *root) {
  Schema *s = r->schema;
  Arena *a = &s->arena;
  if (!root || root->kind != YNODE_MAPPING) {
    schema_error(r, root, "schema must be a mapping", NULL);
    return;
  }
  s->topic = expect_string(r, ynode_get(root, "topic"), "topic");
  const YNode *cols = ynode_get(root, "columns");
  if (!cols || cols->kind != YNODE_MAPPING || cols->count == 0) {
    schema_error(r, cols ? cols : root, "expected a non-empty mapping", "columns");
    return;
  }
  s->column_count = cols->count;
  s->columns = arena_alloc(a, cols->count * sizeof *s->columns);
  s->json_column = -1;
  for (size_t i = 0; i < cols->count; i++) {
    read_column(r, &s->columns[i], cols->pairs[i].key, cols->pairs[i].value);
    if (s->columns[i].json)
      s->json_column = (int)i;
  }
  const YNode *paths = ynode_get(root, "json_paths");
  if (paths) {
    if (paths->kind != YNODE_MAPPING) {
      schema_error(r, paths, "expected a mapping", "json_paths");
    } else {
      s->path_count = paths->count;
      s->paths = arena_alloc(a, paths->count * sizeof *s->paths);
      for (size_t i = 0; i < paths->count; i++) {
        s->paths[i].path = paths->pairs[i].key->text;
        s->paths[i].type = expect_type(r, paths->pairs[i].value, s->paths[i].path);
      }
    }
  }
  const YNode *closed = ynode_get(root, "closed_objects");
  if (closed) {
    if (closed->kind != YNODE_SEQUENCE) {
      schema_error(r, closed, "expected a list", "closed_objects");
    } else {
      s->closed_count = closed->count;
      s->closed = arena_alloc(a, closed->count * sizeof *s->closed);
      for (size_t i = 0; i < closed->count; i++)
        s->closed[i] = expect_string(r, closed->items[i], "closed_objects");
    }
  }
  const YNode *events = ynode_get(root, "event_schema");
  if (events)
    s->event_schema_path = expect_string(r, events, "event_schema");
  for (size_t i = 0; i < root->count; i++) {
    const char *k = root->pairs[i].key->text;
    if (strcmp(k, "topic") && strcmp(k, "columns") && strcmp(k, "json_paths") &&
        strcmp(k, "closed_objects") && strcmp(k, "event_schema"))
      schema_error(r, root->pairs[i].key, "unknown schema key", k);
  }
}

/* The YAML's event_schema is relative to the YAML file, as an include is. */
static const char *relative_to(Arena *a, const char *base, const char *path) {
  const char *slash = base ? strrchr(base, '/') : NULL;
  if (path[0] == '/' || !slash)
    return path;
  size_t dir = (size_t)(slash - base) + 1, n = strlen(path);
  char *out = arena_alloc(a, dir + n + 1);
  memcpy(out, base, dir);
  memcpy(out + dir, path, n + 1);
  return out;
}

int schema_load(Schema *schema, const char *path, DiagList *diags) {
  return schema_load_with_events(schema, path, NULL, diags);
}

int schema_load_with_events(Schema *schema, const char *path, const char *event_schema,
                            DiagList *diags) {
  memset(schema, 0, sizeof *schema);
  arena_init(&schema->arena);
  schema->json_column = -1;
  int rc =
      path ? source_load(&schema->source, path, SOURCE_MAX_BYTES, diags)
           : source_from_memory(&schema->source, "<built-in schema>", BUILTIN_SCHEMA_YAML,
                                (size_t)BUILTIN_SCHEMA_YAML_LEN, diags);
  if (rc != 0)
    return -1;
  YNode *root = NULL;
  if (yaml_load_tree(&schema->arena, &schema->source, &YAML_DEFAULT_LIMITS, diags,
                     &root) != 0)
    return -1;
  SchemaReader r = {.schema = schema, .diags = diags};
  read_schema(&r, root);
  if (r.failed)
    return -1;
  if (event_schema)
    schema->event_schema_path = event_schema;
  else if (schema->event_schema_path)
    schema->event_schema_path =
        relative_to(&schema->arena, path, schema->event_schema_path);
  if (schema->event_schema_path &&
      event_schema_load(schema, schema->event_schema_path, diags) != 0)
    return -1;
  return 0;
}

void schema_free(Schema *schema) {
  arena_free(&schema->arena);
  source_free(&schema->source);
  source_free(&schema->event_source);
}

/* `prefix` is an ancestor of `path`: the next character starts a step. */
static size_t ancestor_length(const char *prefix, const char *path) {
  size_t n = strlen(prefix);
  return strncmp(path, prefix, n) == 0 && (path[n] == '.' || path[n] == '[') ? n : 0;
}

/* The deepest ancestor decides: a map inside a closed record is open, a
 * record inside a map is closed again. */
JsonPathStatus schema_json_path(const Schema *schema, const char *canonical,
                                const SchemaPath **found) {
  *found = NULL;
  for (size_t i = 0; i < schema->path_count; i++)
    if (strcmp(schema->paths[i].path, canonical) == 0) {
      *found = &schema->paths[i];
      return JSON_PATH_KNOWN;
    }
  size_t best = 0;
  JsonPathStatus status = JSON_PATH_UNDESCRIBED;
  const SchemaPath *scalar = NULL;
  for (size_t i = 0; i < schema->path_count; i++) {
    size_t n = ancestor_length(schema->paths[i].path, canonical);
    if (n > best) {
      best = n;
      status = JSON_PATH_UNDER_SCALAR;
      scalar = &schema->paths[i];
    }
  }
  /* the path itself: an open value (a map, several types) or an object or
   * array the schema describes further down */
  for (size_t i = 0; i < schema->open_count; i++)
    if (strcmp(schema->open[i], canonical) == 0)
      return JSON_PATH_OPEN;
  for (size_t i = 0; i < schema->path_count; i++)
    if (ancestor_length(canonical, schema->paths[i].path))
      return JSON_PATH_CONTAINER;
  for (size_t i = 0; i < schema->closed_count; i++)
    if (strcmp(schema->closed[i], canonical) == 0 ||
        ancestor_length(canonical, schema->closed[i]))
      return JSON_PATH_CONTAINER;
  for (size_t i = 0; i < schema->open_count; i++)
    if (ancestor_length(canonical, schema->open[i]))
      return JSON_PATH_CONTAINER;
  for (size_t i = 0; i < schema->closed_count; i++) {
    size_t n = ancestor_length(schema->closed[i], canonical);
    if (n > best) {
      best = n;
      status = JSON_PATH_NOT_IN_CLOSED;
    }
  }
  for (size_t i = 0; i < schema->open_count; i++) {
    size_t n = ancestor_length(schema->open[i], canonical);
    if (n >= best && n > 0) { /* open wins a tie: it accepts more */
      best = n;
      status = JSON_PATH_OPEN;
    }
  }
  if (status == JSON_PATH_UNDER_SCALAR)
    *found = scalar;
  return status;
}

bool schema_column_visible(const SchemaColumn *col, Variant variant) {
  return !(col->cdc && variant == VARIANT_NO_OP);
}

int schema_column_index(const Schema *schema, const char *name) {
  for (size_t i = 0; i < schema->column_count; i++)
    if (strcmp(schema->columns[i].name, name) == 0)
      return (int)i;
  return -1;
}

int schema_find_column(const Schema *schema, const char *name, Variant variant) {
  int i = schema_column_index(schema, name);
  if (i >= 0 && !schema_column_visible(&schema->columns[i], variant))
    return -1;
  return i;
}
