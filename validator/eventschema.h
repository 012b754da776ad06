/* The event body's schema: what the JSON document in the schema's json
 * column (event_data) holds, read from the producer's own description of it,
 * an Avro schema (.avsc) or a JSON Schema. It becomes the same data the
 * schema YAML's json_paths/closed_objects give by hand: typed paths, closed
 * objects (an unknown key below one is a typo) and open ones (maps, objects
 * that allow more keys: anything below is accepted, untyped). */
#ifndef FILTERC_EVENTSCHEMA_H
#define FILTERC_EVENTSCHEMA_H

#include "schema.h"

/* Reads `path` into schema->event_source and merges what it describes into
 * the schema: its paths take precedence, and the YAML's json_paths and
 * closed_objects stay only for top-level keys the file does not describe.
 * Returns 0, or -1 after adding diagnostics that name the file, line and
 * column. */
int event_schema_load(Schema *schema, const char *path, DiagList *diags);
/* The same for text already in memory (tests, fuzzers). */
int event_schema_from_memory(Schema *schema, const char *name, const char *data,
                             size_t len, DiagList *diags);

#endif
