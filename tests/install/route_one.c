/* A program outside the project that uses the installed runtime through
 * pkg-config: compiles a filters file and prints the topics one event
 * (argv[2], a JSON line) is routed to. */
#include <stdio.h>
#include <string.h>

#include <compile.h>
#include <filterc_runtime.h>

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  DiagList diags;
  diag_list_init(&diags);
  Schema schema;
  Compilation unit;
  int rc = 2;
  if (schema_load(&schema, NULL, &diags) != 0)
    return 2;
  if (compile_file(&unit, argv[1], &schema, VARIANT_NORMAL, &diags) == 0) {
    RtProgram prog;
    char err[256];
    if (rt_program_init(&prog, unit.program, &schema, VARIANT_NORMAL, err, sizeof err) ==
        0) {
      RtDecoder *dec = rt_decoder_new(&schema, VARIANT_NORMAL, 1 << 20);
      RtEvaluator *ev = rt_evaluator_new(&prog);
      const char *why = NULL;
      RtMessage *m = rt_decode(dec, argv[2], strlen(argv[2]), &why);
      if (m) {
        const RtResult *r = rt_eval(ev, m, NULL);
        for (size_t t = 0; t < prog.topic_count; t++)
          if (r->topic_hit[t])
            printf("%s\n", prog.topics[t]);
        rc = 0;
      }
      rt_evaluator_free(ev);
      rt_decoder_free(dec);
      rt_program_free(&prog);
    }
  }
  compilation_free(&unit);
  schema_free(&schema);
  diag_list_free(&diags);
  return rc;
}
