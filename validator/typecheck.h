/* Stage 3: resolve every field against the schema, give every comparison
 * its SQL type, and report what cannot work. After a run with no errors the
 * Program is "checked": back ends may rely on FieldRef.column/json_path,
 * Cond.type and literals that match it. */
#ifndef FILTERC_TYPECHECK_H
#define FILTERC_TYPECHECK_H

#include "ast.h"
#include "schema.h"

/* Returns the number of errors it added. */
size_t typecheck_program(Program *program, const Schema *schema, Variant variant,
                         DiagList *diags);

/* Parses `a.b[0]['key with.dots']` into steps. Returns 0, or -1 with
 * *error_offset set to the byte where the path stopped making sense. */
int parse_field_path(Arena *arena, const char *text, PathStep **steps, size_t *count,
                     size_t *error_offset);

/* Kafka topic name rules; NULL when legal, else the reason. */
const char *kafka_topic_problem(const char *topic);

/* ISO-8601 date-time (`2024-01-15`, `2024-01-15T10:30:00Z`,
 * `2024-01-15 10:30:00.123+02:00`) to epoch milliseconds. */
bool parse_iso_timestamp(const char *text, double *epoch_ms);

#endif
