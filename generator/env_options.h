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

/* The extra options of the source table (sink false) or of a sink table
 * in env for its target, in the order they are printed. */
TableOptions env_table_options(const Environment *env, bool sink, Arena *arena);

#endif
