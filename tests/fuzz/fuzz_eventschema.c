/* libFuzzer harness: arbitrary bytes as an event body schema (Avro or JSON
 * Schema) merged into the built-in schema, then a filters file whose paths
 * exercise every lookup (known, closed, open, below a scalar, containers)
 * checked against it, with the diagnostics rendered: no crash, no leak, no
 * hang, and a failed load always says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "eventschema.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char FILTERS[] =
    "filters:\n  - id: f\n    name: n\n    consumerId: c\n    outputTopic: t\n"
    "    enabled: true\n    conditions:\n"
    "      - {field: eventHeader.createdDate, operator: greaterThan, value: "
    "'2024-01-01T00:00:00Z'}\n"
    "      - {field: 'eventBody.entities[0].entityId', operator: equals, value: x}\n"
    "      - {field: 'eventBody.entities', operator: isNull}\n"
    "      - {field: 'a.b[0].c', operator: greaterThan, value: '10'}\n"
    "      - {field: \"a['k k'].x\", operator: lessThan, value: 3}\n"
    "      - {field: a, operator: equals, value: true}\n";

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull && !(devnull = fopen("/dev/null", "w")))
    abort();
  DiagList diags;
  diag_list_init(&diags);
  Schema schema;
  if (schema_load(&schema, NULL, &diags) != 0)
    abort(); /* the built-in schema must always load */
  /* diagnostics borrow their file names: render before freeing the sources */
  Compilation c = {0};
  if (event_schema_from_memory(&schema, "fuzz.avsc", (const char *)data, size, &diags) !=
      0) {
    if (diags.errors == 0)
      abort(); /* a failure names its reason */
  } else {
    compile_memory(&c, "f.yaml", FILTERS, strlen(FILTERS), &schema, VARIANT_NORMAL,
                   &diags);
  }
  const SourceFile *sources[] = {&schema.event_source, &c.source};
  diag_render_text(devnull, &diags, sources, 2, false);
  compilation_free(&c);
  schema_free(&schema);
  diag_list_free(&diags);
  return 0;
}
