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
  int json_column; /* index of the json column, or -1 */
} Schema;

/* Loads the schema from `path`, or the built-in one when path is NULL.
 * Returns 0, or -1 after adding diagnostics; always call schema_free. */
int schema_load(Schema *schema, const char *path, DiagList *diags);
void schema_free(Schema *schema);

/* Column index by name visible in `variant`, or -1. */
int schema_find_column(const Schema *schema, const char *name, Variant variant);
/* Any column by name regardless of variant, or -1. */
int schema_column_index(const Schema *schema, const char *name);
bool schema_column_visible(const SchemaColumn *col, Variant variant);

const char *variant_name(Variant v);
int variant_from_name(const char *name, Variant *out);
int sql_type_from_name(const char *name, SqlType *out);
/* Whether s[0..n) can be a backtick-quoted Flink identifier: not empty, no
 * NUL, CR or LF (generator/sql_quote.h explains why). */
bool sql_ident_quotable(const char *s, size_t n);

/* The built-in schema text (generated at build time from the YAML file). */
extern const char BUILTIN_SCHEMA_YAML[];
extern const unsigned long BUILTIN_SCHEMA_YAML_LEN;

#endif
