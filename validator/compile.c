#include "compile.h"

#include <string.h>

#include "envcheck.h"
#include "parse.h"
#include "typecheck.h"

static int finish(Compilation *c, int load_rc, const Schema *schema, Variant variant,
                  DiagList *diags) {
  size_t errors_before = diags->errors;
  if (load_rc == -1) {
    c->io_error = true;
    return -1;
  }
  if (load_rc != 0)
    return -1;
  c->program = program_parse(&c->source, diags);
  if (c->program) {
    typecheck_program(c->program, schema, variant, diags);
    envs_check(c->program, schema, diags);
  }
  if (!c->program || diags->errors != errors_before)
    return -1;
  char err[300];
  if (plan_build(&c->plan, c->program, schema, variant, err, sizeof err) != 0) {
    diag_add(diags, SEV_ERROR, c->source.path, (SrcPos){1, 1}, "internal", "%s", err);
    return -1;
  }
  c->planned = true;
  return 0;
}

int compile_file(Compilation *c, const char *path, const Schema *schema, Variant variant,
                 DiagList *diags) {
  memset(c, 0, sizeof *c);
  int rc = source_load(&c->source, path, SOURCE_MAX_BYTES, diags);
  return finish(c, rc, schema, variant, diags);
}

int compile_memory(Compilation *c, const char *name, const char *data, size_t len,
                   const Schema *schema, Variant variant, DiagList *diags) {
  memset(c, 0, sizeof *c);
  int rc = source_from_memory(&c->source, name, data, len, diags);
  return finish(c, rc, schema, variant, diags);
}

void compilation_free(Compilation *c) {
  if (c->planned)
    plan_free(&c->plan);
  program_free(c->program);
  source_free(&c->source);
  memset(c, 0, sizeof *c);
}
