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
    const Plan *plan = &unit.plan;
    char err[256];
    RtSession *session = rt_session_new(
        plan, &(RtSessionOptions){.max_line = 1 << 20, .flink_version = RT_FLINK_DEFAULT},
        err, sizeof err);
    RtEvent ev;
    if (session &&
        rt_session_eval(session, argv[2], strlen(argv[2]), NULL, &ev, err, sizeof err) ==
            0 &&
        ev.message) {
      for (size_t t = 0; t < plan->topic_count; t++)
        if (ev.result->topic_hit[t])
          printf("%s\n", plan->topics[t].name);
      rc = 0;
    }
    rt_session_free(session);
  }
  compilation_free(&unit);
  schema_free(&schema);
  diag_list_free(&diags);
  return rc;
}
