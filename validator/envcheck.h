/* The checks on an environment's settings, run with the type checker. */
#ifndef FILTERC_ENVCHECK_H
#define FILTERC_ENVCHECK_H

#include "ast.h"
#include "schema.h"

/* Checks env's option keys for `target` and its key column against the
 * schema: a key filterc sets itself, or one a letter or two away from a
 * known option, is an error (with the option to use); an option the
 * connector may know but filterc does not is a warning. A `${` without its
 * closing brace is an error. Returns 0, or -1 after an error. */
int env_check(const Environment *env, const Schema *schema, const char *file,
              DiagList *diags);

/* env_check for every environment of the program. */
int envs_check(const Program *program, const Schema *schema, DiagList *diags);

#endif
