/* The WITH options an environment adds to the generated tables, and the
 * checks on the option keys it names. The emitter asks for one table's
 * extra options at a time; templates print them after their fixed ones. */
#ifndef FILTERC_ENV_OPTIONS_H
#define FILTERC_ENV_OPTIONS_H

#include "ast.h"
#include "schema.h"

typedef struct TableOption {
  const char *key, *value;
} TableOption;

typedef struct TableOptions {
  TableOption *items; /* in the arena given to env_table_options */
  size_t count;
} TableOptions;

/* Checks env's option keys for `target` and its key column against the
 * schema: a key filterc sets itself, or one a letter or two away from a
 * known option, is an error (with the option to use); an option the
 * connector may know but filterc does not is a warning. A `${` without its
 * closing brace is an error. Returns 0, or -1 after an error. */
int env_check(const Environment *env, const Schema *schema, const char *file,
              DiagList *diags);

/* The extra options of the source table (sink false) or of a sink table
 * in env for its target, in the order they are printed. */
TableOptions env_table_options(const Environment *env, bool sink, Arena *arena);

#endif
