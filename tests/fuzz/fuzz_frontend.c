/* libFuzzer harness: arbitrary bytes as a filters file, through the whole
 * front end (load, YAML tree, parse, type check) in both variants, and the
 * diagnostics rendered both ways, since rendering quotes source lines and
 * is as exposed to hostile input as the parser. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "compile.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Schema schema;
static bool schema_ready;
static FILE *devnull;

static void setup(void) {
  DiagList d;
  diag_list_init(&d);
  if (schema_load(&schema, NULL, &d) != 0)
    abort(); /* the built-in schema must always load */
  diag_list_free(&d);
  devnull = fopen("/dev/null", "w");
  if (!devnull)
    abort();
  schema_ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!schema_ready)
    setup();
  /* both variants as YAML, and the normal one as strict JSON (jsontree.c) */
  for (int run = 0; run < 3; run++) {
    Variant v = run == 1 ? VARIANT_NO_OP : VARIANT_NORMAL;
    DiagList diags;
    Compilation c;
    diag_list_init(&diags);
    int rc = compile_memory(&c, run == 2 ? "fuzz.json" : "fuzz.yaml", (const char *)data,
                            size, &schema, v, &diags);
    /* A clean result must mean a program exists and no error was counted. */
    if (rc == 0 && (!c.program || diags.errors > 0))
      abort();
    const SourceFile *sources[] = {&c.source};
    diag_render_text(devnull, &diags, sources, 1, false);
    diag_render_json(devnull, &diags);
    compilation_free(&c);
    diag_list_free(&diags);
  }
  return 0;
}
