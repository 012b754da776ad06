/* The front end as one call: load, parse, type-check, lower to the Plan.
 * Every command uses this, so each sees the same checked Program, the same
 * Plan and the same diagnostics. The schema and variant are given here,
 * once; everything after reads them from the Plan. */
#ifndef FILTERC_COMPILE_H
#define FILTERC_COMPILE_H

#include "ast.h"
#include "plan.h"
#include "schema.h"
#include "source.h"

typedef struct Compilation {
  SourceFile source;
  Program *program; /* NULL when the file could not be read or parsed */
  bool io_error;    /* missing, directory, unreadable, too large */
  Plan plan;        /* planned: the program lowered for the back ends */
  bool planned;     /* the program had no errors and was lowered */
} Compilation;

/* Returns 0 when the program has no errors (warnings allowed). */
int compile_file(Compilation *c, const char *path, const Schema *schema, Variant variant,
                 DiagList *diags);
int compile_memory(Compilation *c, const char *name, const char *data, size_t len,
                   const Schema *schema, Variant variant, DiagList *diags);
void compilation_free(Compilation *c);

#endif
