#include "keys.h"

#include <string.h>

const KeyInfo ROOT_KEYS[] = {
    {"filters", "The list of filters. Keys starting with `x-` are left to you, "
                "typically to hold YAML anchors shared by several filters."},
    {"settings", "Options of the generated Flink job: `bootstrap_servers`, "
                 "`group_id`, `startup_mode` (command-line flags override them)."},
    {"outputs", "The SQL files generated from this file: a list of `{path, target, "
                "variant}`; `filterc generate FILE` writes them and `--check` "
                "compares them."},
    {"version", "The file format's version, as the legacy file wrote it; accepted "
                "and not used."},
    {"environments", "Named deployments (`NAME: {target, variant, source, topics, key, "
                     "properties, ...}`): `filterc generate --env NAME`, an output's "
                     "`env: NAME`, `filterc topics --env NAME`."},
    {NULL, NULL},
};

const KeyInfo FILTER_KEYS[] = {
    {"id", "Unique id, lowercase letters, digits and hyphens (`^[a-z0-9-]+$`); names "
           "the filter in diagnostics, SQL comments and test traces."},
    {"name", "Human-readable title (required, non-empty)."},
    {"description", "Optional free text."},
    {"consumerId", "The consuming service (required, non-empty)."},
    {"outputTopic", "The Kafka topic that receives the events this filter matches. "
                    "Write either `outputTopic` or `outputTopics`."},
    {"outputTopics",
     "Routes to several topics: a list of `{topic, condition}` "
     "or `{topic, conditions}`; an event reaches `topic` when the filter's "
     "`conditions` and the route's condition are TRUE."},
    {"conditions", "The conditions an event must satisfy, joined by `conditionLogic` "
                   "(each may override the join with `logicalOperator`). Required "
                   "unless every `outputTopics` entry has its own condition."},
    {"enabled", "`true` to route events; `false` keeps the filter in the file "
                "without generating SQL for it (required)."},
    {"conditionLogic", "How `conditions` are joined: `AND` (default) or `OR`."},
    {"status", "Lifecycle: `deployed`, `pending_approval`, `deprecated` (still "
               "generated, with a warning) or `deleted` (not generated)."},
    {"version", "The filter's revision, a positive integer."},
    {"createdAt", "Workflow metadata of the predecessor: kept, not used."},
    {"updatedAt", "Workflow metadata of the predecessor: kept, not used."},
    {"approvedBy", "Workflow metadata of the predecessor: kept, not used."},
    {"approvedAt", "Workflow metadata of the predecessor: kept, not used."},
    {"deployedAt", "Workflow metadata of the predecessor: kept, not used."},
    {"deploymentError", "Workflow metadata of the predecessor: kept, not used."},
    {"flinkStatementIds", "Workflow metadata of the predecessor: kept, not used."},
    {NULL, NULL},
};

const KeyInfo CONDITION_KEYS[] = {
    {"field", "A flat column of the schema (`event_type`, `__op`) or a path into the "
              "JSON in `event_data` (`eventBody.entities[0].entityType`)."},
    {"operator", "The comparison; its arguments are `value`, `values`, `min`/`max` "
                 "or none, depending on the operator."},
    {"value", "The literal a single-value operator compares with."},
    {"values", "The list `in` and `notIn` compare with."},
    {"min", "Lower bound of `between` (inclusive)."},
    {"max", "Upper bound of `between` (inclusive)."},
    {"valueType", "How to read the field and the values: `string`, `number`, "
                  "`boolean` or `timestamp` (default: the schema's type, or the "
                  "values' own)."},
    {"logicalOperator", "Joins this condition to the one before it: `AND` or `OR` "
                        "(default: the list's `conditionLogic`). AND binds tighter "
                        "than OR, as in SQL."},
    {"all", "A group: TRUE when every condition in the list is TRUE."},
    {"any", "A group: TRUE when at least one condition in the list is TRUE."},
    {"not", "A group: negates one condition (SQL NOT: UNKNOWN stays UNKNOWN)."},
    {"variant",
     "Keeps this condition in one variant only: `normal` or `no-op` (the "
     "source without the CDC columns `__op`, `__table`, `__ts_ms`, `__deleted`)."},
    {NULL, NULL},
};

const KeyInfo ROUTE_KEYS[] = {
    {"topic", "The Kafka topic this route writes to."},
    {"condition", "The route's own condition: one condition or a list, AND-ed with "
                  "the filter's `conditions`."},
    {"conditions", "The route's own conditions (a list), AND-ed with the filter's "
                   "`conditions`."},
    {"conditionLogic", "How this route's conditions are joined: `AND` (default) or "
                       "`OR`."},
    {NULL, NULL},
};

const KeyInfo OUTPUT_KEYS[] = {
    {"path", "The SQL file to write, relative to the filters file and below its "
             "directory."},
    {"target", "`confluent` (Confluent Cloud) or `flink` (self-managed, Kafka "
               "connector)."},
    {"variant", "`normal` (default) or `no-op`: the source without the CDC columns."},
    {"env", "An entry of `environments:` instead of `target` and `variant`."},
    {NULL, NULL},
};

const KeyInfo ENV_KEYS[] = {
    {"target",
     "`confluent` (Confluent Cloud) or `flink` (self-managed, Kafka connector)."},
    {"variant", "`normal` (default) or `no-op`."},
    {"source", "`{topic, json_column}`: the source topic and its JSON column's name."},
    {"topics", "`{prefix, suffix}` around every sink topic."},
    {"key", "The message key column of the sinks (none when absent)."},
    {"startup_mode", "The source's `scan.startup.mode`."},
    {"properties", "Kafka client properties of the source and every sink (`flink`)."},
    {"source_options", "Further `WITH` options of the source table."},
    {"sink_options", "Further `WITH` options of every sink table."},
    {"sink_partitioner", "The Kafka connector's `sink.partitioner` (`flink`)."},
    {"error_handling", "`{mode: fail|ignore|log, log_target}`: Confluent's "
                       "`error-handling.mode` on the source (`confluent`)."},
    {NULL, NULL},
};

const KeyInfo ENV_SOURCE_KEYS[] = {
    {"topic", "The source topic (default: the schema's)."},
    {"json_column", "The name of the JSON column in this pipeline."},
    {NULL, NULL},
};

const KeyInfo ENV_TOPICS_KEYS[] = {
    {"prefix", "Put before every sink topic."},
    {"suffix", "Put after every sink topic."},
    {NULL, NULL},
};

const KeyInfo ENV_ERROR_KEYS[] = {
    {"mode", "`fail` (default), `ignore` or `log`."},
    {"log_target", "The table bad messages go to with `mode: log`."},
    {NULL, NULL},
};

/* ORDER KafkaSettings (generator/emit.c) */
const KeyInfo SETTING_KEYS[] = {
    {"bootstrap_servers", "Kafka bootstrap servers of the generated job (default "
                          "`kafka:29092`; `--bootstrap-servers` overrides it)."},
    {"group_id", "Kafka consumer group of the generated job (default "
                 "`event-routing-job`; `--group-id` overrides it)."},
    {"startup_mode", "Where the job starts reading: `earliest-offset` (default), "
                     "`latest-offset` or `group-offsets`."},
    {"error_handling_mode",
     "Confluent Cloud: what a record the source cannot deserialize does: `log` "
     "(default: written to the dead-letter table `error_log`, the statement goes "
     "on), `fail` (the statement fails) or `ignore` (skipped)."},
    {"flink_version", "The Flink release `filterc route/test/explain/diff` follow where "
                      "releases differ: 1.18, 1.19 (default), 1.20, 2.0, 2.1, 2.2."},
    {NULL, NULL},
};

const KeyInfo STARTUP_MODE_NAMES[] = {
    {"earliest-offset", "From the oldest retained event."},
    {"latest-offset", "From new events only."},
    {"group-offsets", "From the consumer group's committed offsets."},
    {NULL, NULL},
};

/* ORDER FilterStatus (ast.h), after FILTER_STATUS_NONE */
const KeyInfo STATUS_NAMES[] = {
    {"deployed", "Live: generates SQL."},
    {"pending_approval", "Waiting for approval: generates SQL."},
    {"deprecated", "Still generates SQL, with a warning."},
    {"deleted", "Kept for the record: generates no SQL."},
    {"approved", "Legacy: approved, generates SQL."},
    {"deploying", "Legacy: generates SQL, with an `ambiguous-status` warning."},
    {"failed", "Legacy: generates SQL, with an `ambiguous-status` warning."},
    {"disabled", "Legacy: generates no SQL."},
    {"active", "Legacy: live, generates SQL."},
    {"pending_deletion", "Legacy: generates no SQL, as `deleted`."},
    {NULL, NULL},
};

/* ORDER ValueType (ast.h), after VALUE_TYPE_NONE */
const KeyInfo VALUE_TYPE_NAMES[] = {
    {"string", "Compare as text."},
    {"number", "Compare as DOUBLE; quoted numbers (`\"100\"`) are accepted."},
    {"boolean", "Compare as BOOLEAN; the strings `\"true\"`/`\"false\"` are accepted."},
    {"timestamp", "An ISO-8601 text: compared as text on a text field, as epoch "
                  "milliseconds on a number."},
    {NULL, NULL},
};

const KeyInfo LOGIC_NAMES[] = {
    {"AND", "Both conditions must be TRUE."},
    {"OR", "Either condition may be TRUE."},
    {NULL, NULL},
};

const KeyInfo VARIANT_NAMES[] = {
    {"normal", "The source with the CDC columns (`__op`, `__table`, ...)."},
    {"no-op", "The source without the CDC columns."},
    {NULL, NULL},
};

size_t key_count(const KeyInfo *keys) {
  size_t n = 0;
  while (keys[n].name)
    n++;
  return n;
}

const KeyInfo *key_find(const KeyInfo *keys, const char *name) {
  for (; keys->name; keys++) /* the first byte rules out most keys */
    if (keys->name[0] == name[0] && strcmp(keys->name, name) == 0)
      return keys;
  return NULL;
}
