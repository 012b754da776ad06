/* filterc topics: the output topics one environment writes, so they can
 * be created ahead of deployment (partitions, retention) instead of by
 * auto-creation. The names are the sinks' names in that environment's SQL:
 * the same Plan topics with the environment's prefix and suffix. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void topics_usage(FILE *out) {
  fputs("usage: filterc topics [--env NAME] [--format text|json] [--schema FILE] FILE\n"
        "\n"
        "Prints the output topics of the file's active filters, one per line, as\n"
        "environment NAME names them (prefix and suffix; its variant). json:\n"
        "{\"env\": NAME|null, \"source\": TOPIC, \"topics\": [...]}.\n",
        out);
}

int cmd_topics(int argc, char **argv) {
  FrontOptions front = {0};
  const char *env_name = NULL, *input = NULL;
  bool json = false;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      topics_usage(stdout);
      return EXIT_OK;
    }
    int m = match_valued_option("--env", argc, argv, &i, &v);
    if (m < 0)
      return EXIT_USAGE;
    if (m > 0) {
      env_name = v;
      continue;
    }
    m = match_valued_option("--format", argc, argv, &i, &v);
    if (m < 0)
      return EXIT_USAGE;
    if (m > 0) {
      if (strcmp(v, "json") && strcmp(v, "text")) {
        fprintf(stderr, "filterc topics: --format must be text or json, not '%s'\n", v);
        return EXIT_USAGE;
      }
      json = !strcmp(v, "json");
      continue;
    }
    if ((m = parse_front_option(&front, argc, argv, &i)) != 0) {
      if (m < 0)
        return EXIT_USAGE;
      continue;
    }
    if (is_quiet_option(argv[i]))
      continue;
    if (argv[i][0] == '-' && argv[i][1] != '\0')
      return unknown_option("topics", argv[i], topics_usage);
    if (input) {
      fprintf(stderr, "filterc topics: one filters file at a time ('%s', '%s')\n", input,
              argv[i]);
      topics_usage(stderr);
      return EXIT_USAGE;
    }
    input = argv[i];
  }
  if (!input) {
    topics_usage(stderr);
    return EXIT_USAGE;
  }
  Schema schema;
  Compilation unit;
  int rc = load_program(&front, input, &schema, &unit);
  const Environment *env = NULL;
  if (rc == EXIT_OK && env_name) {
    env = program_env(unit.program, env_name);
    if (!env) {
      fprintf(stderr, "filterc topics: %s has no environment '%s'\n", input, env_name);
      rc = EXIT_USAGE;
    }
  }
  if (rc == EXIT_OK && !unit.planned)
    rc = EXIT_FINDINGS;
  if (rc == EXIT_OK) {
    Arena arena;
    arena_init(&arena);
    const Plan *plan = &unit.plan;
    const char *source =
        env && env->source_topic ? env->source_topic : plan->schema->topic;
    if (json) {
      json_t *topics = json_array();
      for (size_t t = 0; t < plan->topic_count; t++)
        json_array_append_new(
            topics, json_string(env_topic_name(env, plan->topics[t].name, &arena)));
      json_t *root =
          json_pack("{s:o,s:s,s:o}", "env", env ? json_string(env->name) : json_null(),
                    "source", source, "topics", topics);
      json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
      fputc('\n', stdout);
      json_decref(root);
    } else {
      for (size_t t = 0; t < plan->topic_count; t++)
        printf("%s\n", env_topic_name(env, plan->topics[t].name, &arena));
    }
    arena_free(&arena);
    if (fflush(stdout) != 0)
      rc = EXIT_USAGE;
  }
  compilation_free(&unit);
  schema_free(&schema);
  return rc;
}
