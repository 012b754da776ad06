/* Schema + filters file to a checked program, for the commands that run
 * filters (test, route): the same front end and diagnostics as validate. */
#include "cli.h"

int load_program(const FrontOptions *o, const char *path, Schema *schema,
                 Compilation *unit) {
  DiagList diags;
  diag_list_init(&diags);
  *unit = (Compilation){0};
  if (schema_load_with_events(schema, o->schema_path, o->event_schema_path, &diags) !=
      0) {
    const SourceFile *src[] = {&schema->source, &schema->event_source};
    print_diagnostics(o, &diags, src, 2);
    diag_list_free(&diags);
    schema_free(schema);
    return EXIT_USAGE;
  }
  compile_file(unit, path, schema, o->variant, &diags);
  const SourceFile *src[] = {&unit->source};
  print_diagnostics(o, &diags, src, 1);
  int status = unit->io_error ? EXIT_USAGE : diags.errors ? EXIT_FINDINGS : EXIT_OK;
  diag_list_free(&diags);
  if (status != EXIT_OK) {
    compilation_free(unit);
    schema_free(schema);
  } else {
    unit->plan.target = cli_runtime_target(o, unit->program);
  }
  return status;
}
