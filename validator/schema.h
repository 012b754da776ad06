/* The schema of the source topic, loaded from data (schema/ YAML files), never
 * hard-coded: column names, SQL types, which columns are CDC metadata, and
 * what is known about the JSON inside event_data. */
#ifndef FILTERC_SCHEMA_H
#define FILTERC_SCHEMA_H

#include "ast.h"
#include "source.h"

typedef struct SchemaColumn {
  const char *name;
  SqlType type;
  bool cdc;            /* absent in the no-op variant */
  bool sink;           /* copied to the filtered topics */
  bool json;           /* holds the business event as JSON text */
  const char *nested;  /* event_data path that always equals this column */
  const char **values; /* allowed values, or NULL */
  size_t value_count;
} SchemaColumn;

typedef struct SchemaPath {
  const char *path; /* dotted, with [*] for any index */
  SqlType type;
  /* Avro timestamp-millis (BIGINT epoch milliseconds) or JSON Schema
   * date-time (STRING): a condition on it reads ISO-8601 literals as
   * timestamps, as valueType: timestamp does. */
  bool timestamp;
  bool nullable;       /* a union with null, or a JSON Schema type list with "null" */
  const char **values; /* Avro enum symbols / JSON Schema string enum, or NULL */
  size_t value_count;
} SchemaPath;

typedef struct Schema {
  Arena arena;
  SourceFile source;
  const char *topic;
  SchemaColumn *columns;
  size_t column_count;
  SchemaPath *paths;
  size_t path_count;
  const char **closed; /* closed object paths */
  size_t closed_count;
  const char **open; /* maps and open objects: any key below is accepted */
  size_t open_count;
  bool json_root_open; /* the event schema accepts any top-level key */
  int json_column;     /* index of the json column, or -1 */
  /* The event body's schema (eventschema.h), when one is given: the YAML's
   * `event_schema` key (relative to the YAML file) or --event-schema. */
  const char *event_schema_path;
  SourceFile event_source; /* empty when there is none */
} Schema;

/* What the schema says about a JSON path (canonical form, [*] for indexes). */
typedef enum JsonPathStatus {
  JSON_PATH_KNOWN,         /* a typed path: *found */
  JSON_PATH_UNDESCRIBED,   /* nothing is known about it */
  JSON_PATH_OPEN,          /* below a map or an open object: untyped */
  JSON_PATH_NOT_IN_CLOSED, /* below a closed object but none of its keys */
  JSON_PATH_UNDER_SCALAR,  /* below a typed scalar (*found), which has no keys */
  JSON_PATH_CONTAINER      /* an object or array the schema describes: not a value */
} JsonPathStatus;

JsonPathStatus schema_json_path(const Schema *schema, const char *canonical,
                                const SchemaPath **found);

/* Loads the schema from `path`, or the built-in one when path is NULL.
 * Returns 0, or -1 after adding diagnostics; always call schema_free. */
int schema_load(Schema *schema, const char *path, DiagList *diags);
/* The same, with the event body's schema from `event_schema` (NULL: the
 * YAML's event_schema key, if any). */
int schema_load_with_events(Schema *schema, const char *path, const char *event_schema,
                            DiagList *diags);
void schema_free(Schema *schema);

/* Column index by name visible in `variant`, or -1. */
int schema_find_column(const Schema *schema, const char *name, Variant variant);
/* Any column by name regardless of variant, or -1. */
int schema_column_index(const Schema *schema, const char *name);
bool schema_column_visible(const SchemaColumn *col, Variant variant);

const char *variant_name(Variant v);
int variant_from_name(const char *name, Variant *out);
int sql_type_from_name(const char *name, SqlType *out);

/* The built-in schema text (generated at build time from the YAML file). */
extern const char BUILTIN_SCHEMA_YAML[];
extern const unsigned long BUILTIN_SCHEMA_YAML_LEN;

#endif
