/* Stage 2: the YAML tree to the filter AST. Checks structure only (keys,
 * node kinds, operator argument shapes); types are the checker's job. */
#ifndef FILTERC_PARSE_H
#define FILTERC_PARSE_H

#include "ast.h"
#include "source.h"

/* Parses a loaded source file. Returns a Program (possibly with fewer
 * filters than written, when some were malformed) or NULL when the YAML
 * itself could not be read; diagnostics explain either way. The Program
 * borrows sf->path for diagnostics, so sf must outlive it. */
Program *program_parse(const SourceFile *sf, DiagList *diags);
void program_free(Program *program);

#endif
