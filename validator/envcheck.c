/* Checks of the `environments:` block against the schema and each
 * environment's target (issue 10): option keys, placeholders, the key
 * column. Part of compilation, so `filterc validate` reports them. */
#include "envcheck.h"

#include <string.h>

#include "suggest.h"
#include "typecheck.h"

/* Options of Flink's Kafka connector (KafkaConnectorOptions) and of its
 * JSON format (JsonFormatOptions) that a user may add. */
static const char *const FLINK_OPTIONS[] = {"topic-pattern",
                                            "key.fields-prefix",
                                            "scan.startup.specific-offsets",
                                            "scan.startup.timestamp-millis",
                                            "scan.bounded.mode",
                                            "scan.bounded.specific-offsets",
                                            "scan.bounded.timestamp-millis",
                                            "scan.topic-partition-discovery.interval",
                                            "scan.parallelism",
                                            "sink.semantic",
                                            "sink.delivery-guarantee",
                                            "sink.transactional-id-prefix",
                                            "sink.parallelism",
                                            "json.fail-on-missing-field",
                                            "json.ignore-parse-errors",
                                            "json.timestamp-format.standard",
                                            "json.map-null-key.mode",
                                            "json.map-null-key.literal",
                                            "json.encode.decimal-as-plain-number",
                                            "json.encode.ignore-null-fields",
                                            NULL};

/* Options of Confluent Cloud's CREATE TABLE (the `confluent` connector)
 * that a user may add. */
static const char *const CONFLUENT_OPTIONS[] = {"changelog.mode",
                                                "kafka.cleanup-policy",
                                                "kafka.compaction.time",
                                                "kafka.consumer.isolation-level",
                                                "kafka.max-message-size",
                                                "kafka.producer.compression.type",
                                                "kafka.retention.size",
                                                "kafka.retention.time",
                                                "key.fields-prefix",
                                                "scan.bounded.mode",
                                                "scan.bounded.specific-offsets",
                                                "scan.bounded.timestamp-millis",
                                                "scan.startup.specific-offsets",
                                                "scan.startup.timestamp-millis",
                                                NULL};

/* Options filterc writes itself, and the environment key that sets each. */
static const struct {
  const char *option, *use;
} RESERVED[] = {
    {"connector", "target"},
    {"topic", "the filters' outputTopic and topics: prefix/suffix"},
    {"format", "the target (json or json-registry)"},
    {"value.format", "the target (json or json-registry)"},
    {"key.format", "key: COLUMN"},
    {"key.fields", "key: COLUMN"},
    {"value.fields-include", "key: COLUMN"},
    {"scan.startup.mode", "startup_mode"},
    {"sink.partitioner", "sink_partitioner"},
    {"error-handling.mode", "error_handling: {mode: ...}"},
    {"error-handling.log.target", "error_handling: {log_target: ...}"},
    {"properties.bootstrap.servers", "properties: {bootstrap.servers: ...}"},
    {"properties.group.id", "properties: {group.id: ...}"},
};
enum { RESERVED_COUNT = sizeof RESERVED / sizeof RESERVED[0] };

/* A `${` must close: `${bootstrap.servers` would reach the SQL as text the
 * deploy step cannot fill in. */
static int check_placeholders(const char *v, SrcPos pos, const char *file,
                              DiagList *diags) {
  for (const char *c = strstr(v, "${"); c; c = strstr(c + 2, "${")) {
    const char *end = strchr(c + 2, '}');
    if (!end || end == c + 2) {
      Diag *d = diag_add(diags, SEV_ERROR, file, pos, "bad-placeholder",
                         "'${' without a name and a closing '}' in an option value");
      diag_hint(d, "write ${NAME}; the deploy step fills it in from the environment");
      return -1;
    }
  }
  return 0;
}

static int check_option(const Environment *env, const EnvOption *o, const char *what,
                        const char *file, DiagList *diags) {
  int rc = check_placeholders(o->value, o->value_pos, file, diags);
  for (size_t i = 0; i < RESERVED_COUNT; i++)
    if (strcmp(o->key, RESERVED[i].option) == 0) {
      Diag *d = diag_add(diags, SEV_ERROR, file, o->key_pos, "reserved-option",
                         "'%s' in %s is written by filterc", o->key, what);
      diag_hint(d, "set it with %s", RESERVED[i].use);
      return -1;
    }
  if (strncmp(o->key, "properties.", 11) == 0) {
    if (env->target == TARGET_CONFLUENT) {
      diag_add(diags, SEV_ERROR, file, o->key_pos, "reserved-option",
               "Confluent Cloud manages the Kafka client: '%s' cannot be set", o->key);
      return -1;
    }
    Diag *d = diag_add(diags, SEV_ERROR, file, o->key_pos, "reserved-option",
                       "Kafka client properties go under properties:, for the "
                       "source and every sink");
    diag_hint(d, "write it as %s under properties:", o->key + 11);
    return -1;
  }
  const char *const *known =
      env->target == TARGET_FLINK ? FLINK_OPTIONS : CONFLUENT_OPTIONS;
  for (const char *const *k = known; *k; k++)
    if (strcmp(*k, o->key) == 0)
      return rc;
  /* A near miss of a known or reserved option is a typo: the connector
   * would reject it (or, worse, ignore it) only at deploy time. */
  const char *all[64];
  size_t n = 0;
  for (const char *const *k = known; *k; k++)
    all[n++] = *k;
  for (size_t i = 0; i < RESERVED_COUNT; i++)
    all[n++] = RESERVED[i].option;
  all[n] = NULL;
  const char *guess = suggest_closest(o->key, all, n);
  if (guess) {
    Diag *d = diag_add(diags, SEV_ERROR, file, o->key_pos, "misspelled-option",
                       "unknown option '%s' in %s", o->key, what);
    diag_hint(d, "did you mean '%s'?", guess);
    return -1;
  }
  diag_add(diags, SEV_WARNING, file, o->key_pos, "unknown-option",
           "option '%s' in %s is not one filterc knows for target %s; "
           "it is passed to the connector as written",
           o->key, what, target_name(env->target));
  return rc;
}

/* The names an environment puts into the SQL as identifiers and topics:
 * the source topic, the sink topics with prefix and suffix, the JSON
 * column. Each must be a name Kafka and Flink accept. */
static int check_names(const Environment *env, const Program *prog, const char *file,
                       DiagList *diags) {
  int rc = 0;
  const char *why = env->source_topic ? kafka_topic_problem(env->source_topic) : NULL;
  if (why) {
    Diag *d = diag_add(diags, SEV_ERROR, file, env->pos, "bad-topic",
                       "environment '%s': source topic '%s' %s", env->name,
                       env->source_topic, why);
    diag_hint(d, "Kafka topic names use [a-zA-Z0-9._-], 1 to 249 characters");
    rc = -1;
  }
  if (env->json_column && (!env->json_column[0] || strpbrk(env->json_column, "\r\n"))) {
    diag_add(diags, SEV_ERROR, file, env->pos, "bad-identifier",
             "environment '%s': json_column must be a non-empty name on one line",
             env->name);
    rc = -1;
  }
  if (env->topic_prefix || env->topic_suffix) {
    Arena arena;
    arena_init(&arena);
    for (size_t i = 0; i < prog->filter_count && rc == 0; i++)
      for (size_t r = 0; r < prog->filters[i].route_count && rc == 0; r++) {
        const char *name = env_topic_name(env, prog->filters[i].routes[r].topic, &arena);
        why = kafka_topic_problem(name);
        if (!why)
          continue;
        Diag *d = diag_add(diags, SEV_ERROR, file, env->pos, "bad-topic",
                           "environment '%s' names a sink topic '%s', which %s",
                           env->name, name, why);
        diag_hint(d, "topics: prefix and suffix use [a-zA-Z0-9._-]; a topic name "
                     "has at most 249 characters");
        rc = -1;
      }
    arena_free(&arena);
  }
  return rc;
}

int env_check(const Environment *env, const Schema *schema, const char *file,
              DiagList *diags) {
  int rc = 0;
  const struct {
    const EnvOptions *opts;
    const char *what;
  } maps[] = {{&env->source_options, "source_options"},
              {&env->sink_options, "sink_options"}};
  for (size_t m = 0; m < 2; m++)
    for (size_t i = 0; i < maps[m].opts->count; i++)
      if (check_option(env, &maps[m].opts->items[i], maps[m].what, file, diags) != 0)
        rc = -1;
  for (size_t i = 0; i < env->properties.count; i++) {
    const EnvOption *o = &env->properties.items[i];
    if (check_placeholders(o->value, o->value_pos, file, diags) != 0)
      rc = -1;
    if (env->target == TARGET_CONFLUENT) {
      Diag *d = diag_add(diags, SEV_ERROR, file, o->key_pos, "reserved-option",
                         "Confluent Cloud manages the Kafka client: property '%s' "
                         "cannot be set",
                         o->key);
      diag_hint(d, "properties: is for target flink");
      rc = -1;
    } else if (strncmp(o->key, "properties.", 11) == 0) {
      Diag *d =
          diag_add(diags, SEV_ERROR, file, o->key_pos, "reserved-option",
                   "write Kafka client property '%s' without 'properties.'", o->key);
      diag_hint(d, "filterc adds the prefix: %s", o->key + 11);
      rc = -1;
    }
  }
  if (env->target == TARGET_CONFLUENT && env->sink_partitioner) {
    diag_add(diags, SEV_ERROR, file, env->pos, "reserved-option",
             "sink_partitioner is an option of the Kafka connector (target flink)");
    rc = -1;
  }
  if (env->target == TARGET_FLINK && env->error_mode != ERROR_MODE_DEFAULT) {
    diag_add(diags, SEV_ERROR, file, env->pos, "reserved-option",
             "error_handling is an option of Confluent Cloud (target confluent); the "
             "Kafka connector skips bad JSON with json.ignore-parse-errors");
    rc = -1;
  }
  if (env->key) {
    int col = schema_column_index(schema, env->key);
    if (col < 0 || !schema->columns[col].sink ||
        !schema_column_visible(&schema->columns[col], env->variant)) {
      Diag *d = diag_add(diags, SEV_ERROR, file, env->key_pos, "unknown-field",
                         "key column '%s' is not a sink column of the schema "
                         "in the %s variant",
                         env->key, variant_name(env->variant));
      const char *names[64];
      size_t n = 0;
      for (size_t i = 0; i < schema->column_count && n < 63; i++)
        if (schema->columns[i].sink)
          names[n++] = schema->columns[i].name;
      names[n] = NULL;
      const char *guess = suggest_closest(env->key, names, n);
      if (guess)
        diag_hint(d, "did you mean '%s'?", guess);
      rc = -1;
    }
  }
  return rc;
}

int envs_check(const Program *program, const Schema *schema, DiagList *diags) {
  int rc = 0;
  for (size_t i = 0; i < program->env_count; i++) {
    if (env_check(&program->envs[i], schema, program->file, diags) != 0)
      rc = -1;
    if (check_names(&program->envs[i], program, program->file, diags) != 0)
      rc = -1;
  }
  return rc;
}
