/* filterc schema: the JSON Schema (draft-07) of the filters format, for
 * editors: yaml-language-server and VS Code's YAML extension use it for
 * completion, hover docs and structure errors as you type. It is built from
 * the tables the parser itself reads (the key tables in validator/keys.c and
 * the operator table in validator/operators.c), so it cannot drift from what
 * filterc accepts. validator/schema/filters.schema.json is a committed copy;
 * tests/editor/schema_test.sh checks it equals this output.
 *
 * The schema expresses structure only (keys, node kinds, required keys,
 * each operator's arguments, the enums); types against the event schema,
 * regexes and topics are left to `filterc validate`. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keys.h"
#include "operators.h"

static void schema_usage(FILE *out) {
  fputs("usage: filterc schema [--format json|markdown] [-q]\n"
        "\n"
        "Prints the JSON Schema (draft-07) of the filters format to stdout, for\n"
        "editors: completion, hover docs and structure errors as you type. The\n"
        "installed copy is share/filterc/filters.schema.json.\n"
        "\n"
        "  --format F    json (default: the schema) or markdown (the README's\n"
        "                key and operator reference, from the same tables)\n"
        "  -q, --quiet   accepted, as by every command (there is no summary)\n",
        out);
}

static json_t *ref(const char *definition) {
  char target[64];
  snprintf(target, sizeof target, "#/definitions/%s", definition);
  return json_pack("{s:s}", "$ref", target);
}

static json_t *scalar(void) {
  return json_pack("{s:[s,s,s,s]}", "type", "string", "number", "boolean", "null");
}

/* An enum of the table's names, with their docs as the per-value hover
 * text VS Code and yaml-language-server show (markdownEnumDescriptions). */
static json_t *enum_of(const KeyInfo *names) {
  json_t *values = json_array(), *docs = json_array();
  for (const KeyInfo *k = names; k->name; k++) {
    json_array_append_new(values, json_string(k->name));
    json_array_append_new(docs, json_string(k->doc));
  }
  return json_pack("{s:o, s:o}", "enum", values, "markdownEnumDescriptions", docs);
}

static json_t *required(const char *a, const char *b) {
  return b ? json_pack("{s:[s,s]}", "required", a, b)
           : json_pack("{s:[s]}", "required", a);
}

/* {"not": {"anyOf": [{"required": [k]}...]}}: none of the keys present. */
static json_t *none_of(const char *const *keys) {
  json_t *any = json_array();
  for (; *keys; keys++)
    json_array_append_new(any, required(*keys, NULL));
  return json_pack("{s:{s:o}}", "not", "anyOf", any);
}

static json_t *with(json_t *schema, const char *key, json_t *value) {
  json_object_set_new(schema, key, value);
  return schema;
}

static json_t *merge(json_t *into, json_t *from) {
  json_object_update(into, from);
  json_decref(from);
  return into;
}

/* The properties object of one mapping kind: every key in the table, each
 * with its doc and the schema `value_of` gives it. */
static json_t *properties(const KeyInfo *keys, json_t *(*value_of)(const char *name)) {
  json_t *props = json_object();
  for (const KeyInfo *k = keys; k->name; k++) {
    json_t *s = value_of(k->name);
    if (!s) {
      fprintf(stderr, "filterc schema: no schema for key '%s'\n", k->name);
      abort(); /* a key added to keys.c needs its schema here */
    }
    if (json_object_get(s, "$ref")) /* draft-07 ignores keywords beside $ref */
      s = json_pack("{s:[o]}", "allOf", s);
    json_object_set_new(s, "description", json_string(k->doc));
    json_object_set_new(props, k->name, s);
  }
  return props;
}

static json_t *condition_list(void) {
  return json_pack("{s:s, s:o}", "type", "array", "items", ref("condition"));
}

static json_t *condition_key(const char *name) {
  if (!strcmp(name, "field"))
    return json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
  if (!strcmp(name, "operator")) {
    json_t *values = json_array(), *docs = json_array();
    for (size_t i = 0; i < OP__COUNT; i++) {
      json_array_append_new(values, json_string(OPERATORS[i].name));
      json_array_append_new(docs, json_string(OPERATORS[i].doc));
    }
    return json_pack("{s:o, s:o}", "enum", values, "markdownEnumDescriptions", docs);
  }
  if (!strcmp(name, "value")) /* a list only in the legacy in/between forms */
    return json_pack("{s:[o, {s:s, s:o}]}", "anyOf", scalar(), "type", "array", "items",
                     scalar());
  if (!strcmp(name, "values"))
    return json_pack("{s:s, s:o}", "type", "array", "items", scalar());
  if (!strcmp(name, "min") || !strcmp(name, "max"))
    return scalar();
  if (!strcmp(name, "valueType"))
    return enum_of(VALUE_TYPE_NAMES);
  if (!strcmp(name, "logicalOperator"))
    return enum_of(LOGIC_NAMES);
  if (!strcmp(name, "all") || !strcmp(name, "any"))
    return with(condition_list(), "minItems", json_integer(1));
  if (!strcmp(name, "not"))
    return ref("condition");
  if (!strcmp(name, "variant"))
    return enum_of(VARIANT_NAMES);
  return NULL;
}

/* What each operator's arguments must be, as parse.c's parse_args reads
 * them from the operator's ArgShape. */
static json_t *argument_shape(const OperatorInfo *op) {
  static const char *const all_args[] = {"value", "values", "min", "max", NULL};
  static const char *const not_one[] = {"values", "min", "max", NULL};
  static const char *const not_range[] = {"value", "values", NULL};
  static const char *const not_legacy_range[] = {"values", "min", "max", NULL};
  switch (op->shape) {
  case ARGS_NONE:
    return none_of(all_args);
  case ARGS_ONE:
    return merge(json_pack("{s:[s], s:{s:o}}", "required", "value", "properties", "value",
                           scalar()),
                 none_of(not_one));
  case ARGS_LIST: /* values: [...], or the legacy value: [...] (a warning) */
    return json_pack("{s:[{s:[s], s:{s:[s]}}, {s:[s], s:{s:{s:s}}, s:{s:[s]}}]}", "oneOf",
                     "required", "values", "not", "required", "value", "required",
                     "value", "properties", "value", "type", "array", "not", "required",
                     "values");
  case ARGS_RANGE: /* min and max, or the legacy value: [min, max] */
    return json_pack("{s:[o, o]}", "oneOf",
                     merge(required("min", "max"), none_of(not_range)),
                     merge(json_pack("{s:[s], s:{s:{s:s, s:i, s:i}}}", "required",
                                     "value", "properties", "value", "type", "array",
                                     "minItems", 2, "maxItems", 2),
                           none_of(not_legacy_range)));
  }
  return NULL;
}

static json_t *condition(void) {
  static const char *const comparison_keys[] = {"field", "operator", NULL};
  static const char *const group_keys[] = {"all", "any", "not", NULL};
  json_t *shapes = json_array();
  for (size_t i = 0; i < OP__COUNT; i++)
    json_array_append_new(shapes,
                          json_pack("{s:{s:{s:{s:s}}, s:[s]}, s:o}", "if", "properties",
                                    "operator", "const", OPERATORS[i].name, "required",
                                    "operator", "then", argument_shape(&OPERATORS[i])));
  /* a comparison, or exactly one group, never both (ambiguous-condition) */
  json_t *kinds =
      json_pack("[o, o, o, o]", merge(required("field", "operator"), none_of(group_keys)),
                merge(required("all", NULL), none_of(comparison_keys)),
                merge(required("any", NULL), none_of(comparison_keys)),
                merge(required("not", NULL), none_of(comparison_keys)));
  return json_pack("{s:s, s:s, s:o, s:b, s:o, s:o}", "description",
                   "A comparison (`field`, `operator` and its arguments) or one group "
                   "(`all`, `any` or `not`).",
                   "type", "object", "properties",
                   properties(CONDITION_KEYS, condition_key), "additionalProperties", 0,
                   "oneOf", kinds, "allOf", shapes);
}

static json_t *route_key(const char *name) {
  if (!strcmp(name, "topic"))
    return json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
  if (!strcmp(name, "condition") || !strcmp(name, "conditions"))
    return json_pack("{s:[o, o]}", "anyOf", ref("condition"), condition_list());
  if (!strcmp(name, "conditionLogic"))
    return enum_of(LOGIC_NAMES);
  return NULL;
}

static json_t *route(void) {
  return json_pack("{s:s, s:s, s:o, s:[s], s:b, s:{s:[s,s]}}", "description",
                   "One route of a multi-topic filter.", "type", "object", "properties",
                   properties(ROUTE_KEYS, route_key), "required", "topic",
                   "additionalProperties", 0, "not", "required", "condition",
                   "conditions");
}

static json_t *filter_key(const char *name) {
  if (!strcmp(name, "id"))
    return json_pack("{s:s, s:s}", "type", "string", "pattern", FILTER_ID_PATTERN);
  if (!strcmp(name, "name") || !strcmp(name, "description") ||
      !strcmp(name, "consumerId") || !strcmp(name, "outputTopic"))
    return json_pack("{s:s}", "type", "string");
  if (!strcmp(name, "outputTopics"))
    return json_pack("{s:s, s:i, s:o}", "type", "array", "minItems", 1, "items",
                     ref("route"));
  if (!strcmp(name, "conditions"))
    return condition_list();
  if (!strcmp(name, "enabled"))
    return json_pack("{s:s}", "type", "boolean");
  if (!strcmp(name, "conditionLogic"))
    return enum_of(LOGIC_NAMES);
  if (!strcmp(name, "status"))
    return enum_of(STATUS_NAMES);
  /* the predecessor's workflow metadata: kept, any value */
  static const char *const workflow[] = {
      "createdAt",  "updatedAt",       "approvedBy",       "approvedAt",
      "deployedAt", "deploymentError", "flinkStatementIds"};
  for (size_t i = 0; i < sizeof workflow / sizeof workflow[0]; i++)
    if (!strcmp(name, workflow[i]))
      return json_object();
  if (!strcmp(name, "version"))
    return json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 1, "maximum",
                     1000000000);
  return NULL;
}

static json_t *filter(void) {
  /* without `conditions`, every route needs its own (no-conditions) */
  json_t *routes_conditioned =
      json_pack("{s:{s:{s:[s]}}, s:{s:[s], s:{s:{s:{s:[{s:[s]}, {s:[s]}]}}}}}", "if",
                "not", "required", "conditions", "then", "required", "outputTopics",
                "properties", "outputTopics", "items", "anyOf", "required", "condition",
                "required", "conditions");
  return json_pack("{s:s, s:s, s:o, s:[s,s,s,s], s:b, s:[o,o], s:[o]}", "description",
                   "One filter: which events reach which topic.", "type", "object",
                   "properties", properties(FILTER_KEYS, filter_key), "required", "id",
                   "name", "consumerId", "enabled", "additionalProperties", 0, "oneOf",
                   required("outputTopic", NULL), required("outputTopics", NULL), "allOf",
                   routes_conditioned);
}

static json_t *setting_key(const char *name) {
  if (!strcmp(name, "startup_mode"))
    return enum_of(STARTUP_MODE_NAMES);
  return key_find(SETTING_KEYS, name) ? scalar() : NULL;
}

static json_t *output_key(const char *name) {
  if (!strcmp(name, "path"))
    return json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
  if (!strcmp(name, "target")) {
    json_t *values = json_array();
    for (const char *const *t = target_names(); *t; t++)
      json_array_append_new(values, json_string(*t));
    return json_pack("{s:o}", "enum", values);
  }
  if (!strcmp(name, "variant"))
    return enum_of(VARIANT_NAMES);
  if (!strcmp(name, "env"))
    return json_pack("{s:s}", "type", "string");
  return NULL;
}

static json_t *string_key(const char *name) {
  (void)name;
  return json_pack("{s:s}", "type", "string");
}

static json_t *option_map(void) {
  return json_pack("{s:s, s:o}", "type", "object", "additionalProperties", scalar());
}

static json_t *env_key(const char *name) {
  if (!strcmp(name, "target") || !strcmp(name, "variant"))
    return output_key(name);
  if (!strcmp(name, "source"))
    return json_pack("{s:s, s:o, s:b}", "type", "object", "properties",
                     properties(ENV_SOURCE_KEYS, string_key), "additionalProperties", 0);
  if (!strcmp(name, "topics"))
    return json_pack("{s:s, s:o, s:b}", "type", "object", "properties",
                     properties(ENV_TOPICS_KEYS, string_key), "additionalProperties", 0);
  if (!strcmp(name, "key"))
    return json_pack("{s:[s,s]}", "type", "string", "null");
  if (!strcmp(name, "startup_mode") || !strcmp(name, "sink_partitioner"))
    return json_pack("{s:s}", "type", "string");
  if (!strcmp(name, "properties") || !strcmp(name, "source_options") ||
      !strcmp(name, "sink_options"))
    return option_map();
  if (!strcmp(name, "error_handling")) {
    json_t *props = properties(ENV_ERROR_KEYS, string_key);
    json_object_set_new(json_object_get(props, "mode"), "enum",
                        json_pack("[s,s,s]", "fail", "ignore", "log"));
    return json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                     "additionalProperties", 0);
  }
  return NULL;
}

static json_t *root_key(const char *name) {
  if (!strcmp(name, "environments"))
    return json_pack("{s:s, s:{s:s, s:o, s:[s], s:b}}", "type", "object",
                     "additionalProperties", "type", "object", "properties",
                     properties(ENV_KEYS, env_key), "required", "target",
                     "additionalProperties", 0);
  if (!strcmp(name, "filters"))
    return ref("filterList");
  if (!strcmp(name, "settings")) /* other keys draw a warning: scalars only */
    return json_pack("{s:s, s:o, s:o}", "type", "object", "properties",
                     properties(SETTING_KEYS, setting_key), "additionalProperties",
                     scalar());
  if (!strcmp(name, "outputs"))
    return json_pack("{s:s, s:{s:s, s:o, s:[s], s:b}}", "type", "array", "items", "type",
                     "object", "properties", properties(OUTPUT_KEYS, output_key),
                     "required", "path", "additionalProperties", 0);
  if (!strcmp(name, "version"))
    return scalar();
  return NULL;
}

static json_t *filters_schema(void) {
  json_t *file = json_pack(
      "{s:s, s:s, s:o, s:{s:{}}, s:b, s:[s]}", "description",
      "A filters file: `filters`, optionally `settings`, and `x-` keys for anchors.",
      "type", "object", "properties", properties(ROOT_KEYS, root_key),
      "patternProperties", "^x-", "additionalProperties", 0, "required", "filters");
  json_t *definitions = json_pack(
      "{s:o, s:o, s:o, s:o, s:o}", "file", file, "filterList",
      json_pack("{s:s, s:s, s:o}", "description", "A bare list of filters (legacy form).",
                "type", "array", "items", ref("filter")),
      "filter", filter(), "route", route(), "condition", condition());
  return json_pack("{s:s, s:s, s:s, s:[o,o], s:o}", "$schema",
                   "http://json-schema.org/draft-07/schema#", "title",
                   "filterc filters file", "description",
                   "Event-routing filters compiled by filterc to Flink SQL. Generated by "
                   "`filterc schema` from filterc's key and operator tables.",
                   "oneOf", ref("file"), ref("filterList"), "definitions", definitions);
}

static void markdown_keys(const char *title, const KeyInfo *keys) {
  printf("\n%s\n\n| key | meaning |\n| --- | --- |\n", title);
  for (const KeyInfo *k = keys; k->name; k++)
    printf("| `%s` | %s |\n", k->name, k->doc);
}

static const char *shape_text(ArgShape shape) {
  switch (shape) {
  case ARGS_NONE:
    return "none";
  case ARGS_ONE:
    return "`value`";
  case ARGS_LIST:
    return "`values`";
  case ARGS_RANGE:
    return "`min`, `max`";
  }
  return "";
}

/* The README's reference: the same rows the JSON Schema's descriptions
 * come from. */
static void print_markdown(void) {
  markdown_keys("**Top level** (and `x-...` keys, left to you):", ROOT_KEYS);
  markdown_keys("**A filter** (`id`, `name`, `consumerId`, `enabled` and an output "
                "topic are required):",
                FILTER_KEYS);
  markdown_keys("**A condition** (a comparison or one group):", CONDITION_KEYS);
  markdown_keys("**An `outputTopics` entry:**", ROUTE_KEYS);
  markdown_keys("**An `outputs` entry:**", OUTPUT_KEYS);
  markdown_keys("**An `environments` entry** (`NAME: {...}`; see Environments):", ENV_KEYS);
  markdown_keys("**`settings`:**", SETTING_KEYS);
  puts("\n**Operators:**\n\n| operator | arguments | meaning |\n| --- | --- | --- |");
  for (size_t i = 0; i < OP__COUNT; i++)
    printf("| `%s` | %s | %s |\n", OPERATORS[i].name, shape_text(OPERATORS[i].shape),
           OPERATORS[i].doc);
}

int cmd_schema(int argc, char **argv) {
  bool markdown = false;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int m = match_valued_option("--format", argc, argv, &i, &v);
    if (m < 0)
      return EXIT_USAGE;
    if (m > 0) {
      if (strcmp(v, "json") && strcmp(v, "markdown")) {
        fprintf(stderr, "filterc schema: --format must be json or markdown, not '%s'\n",
                v);
        return EXIT_USAGE;
      }
      markdown = !strcmp(v, "markdown");
      continue;
    }
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      schema_usage(stdout);
      return EXIT_OK;
    }
    if (is_quiet_option(argv[i]))
      continue; /* accepted everywhere; this command prints no summary */
    if (argv[i][0] == '-')
      return unknown_option("schema", argv[i], schema_usage);
    fprintf(stderr, "filterc schema: unexpected argument '%s'\n", argv[i]);
    schema_usage(stderr);
    return EXIT_USAGE;
  }
  if (markdown) {
    print_markdown();
    return EXIT_OK;
  }
  json_t *schema = filters_schema();
  if (!schema) {
    fputs("filterc schema: internal error building the schema\n", stderr);
    return EXIT_USAGE;
  }
  json_dumpf(schema, stdout, JSON_INDENT(2));
  fputc('\n', stdout);
  json_decref(schema);
  return EXIT_OK;
}
