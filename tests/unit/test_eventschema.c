/* Unit tests of the event body's schema (validator/eventschema.c): Avro and
 * JSON Schema files flattened to typed, closed and open paths, the errors a
 * bad file gets (with line and column), and what the type checker does with
 * them. Each test writes its schema to a temporary file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "compile.h"

typedef struct Fixture {
  char path[64];
  Schema schema;
  DiagList diags;
  Compilation unit;
} Fixture;

static int setup(void **state) {
  Fixture *fx = calloc(1, sizeof *fx);
  snprintf(fx->path, sizeof fx->path, "/tmp/filterc-evschema-XXXXXX");
  int fd = mkstemp(fx->path);
  if (fd < 0)
    return -1;
  close(fd);
  diag_list_init(&fx->diags);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  Fixture *fx = *state;
  compilation_free(&fx->unit);
  schema_free(&fx->schema);
  diag_list_free(&fx->diags);
  unlink(fx->path);
  free(fx);
  return 0;
}

/* Loads the built-in schema with `text` as its event schema. */
static int load(Fixture *fx, const char *text) {
  FILE *f = fopen(fx->path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  schema_free(&fx->schema);
  diag_list_free(&fx->diags);
  diag_list_init(&fx->diags);
  return schema_load_with_events(&fx->schema, NULL, fx->path, &fx->diags);
}

static JsonPathStatus status(Fixture *fx, const char *path, const SchemaPath **sp) {
  const SchemaPath *ignored;
  return schema_json_path(&fx->schema, path, sp ? sp : &ignored);
}

static const Diag *find(const DiagList *d, const char *code) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].code, code) == 0)
      return &d->items[i];
  return NULL;
}

static const Cond *compile_one(Fixture *fx, const char *condition) {
  char buf[2048];
  snprintf(buf, sizeof buf,
           "filters:\n  - id: f\n    name: n\n    consumerId: c\n    outputTopic: t\n"
           "    enabled: true\n    conditions:\n      - %s\n",
           condition);
  compilation_free(&fx->unit);
  diag_list_free(&fx->diags);
  diag_list_init(&fx->diags);
  compile_memory(&fx->unit, "f.yaml", buf, strlen(buf), &fx->schema, VARIANT_NORMAL,
                 &fx->diags);
  assert_non_null(fx->unit.program);
  return fx->unit.program->filters[0].cond;
}

static const char *AVRO =
    "{\"type\": \"record\", \"name\": \"E\", \"namespace\": \"x\", \"fields\": [\n"
    " {\"name\": \"eventHeader\", \"type\": {\"type\": \"record\", \"name\": \"H\",\n"
    "  \"fields\": [{\"name\": \"eventType\", \"type\": \"string\"},\n"
    "   {\"name\": \"eventName\", \"type\": \"string\"},\n"
    "   {\"name\": \"createdDate\", \"type\": \"long\", \"logicalType\": "
    "\"timestamp-millis\"},\n"
    "   {\"name\": \"count\", \"type\": \"int\"}]}},\n"
    " {\"name\": \"eventBody\", \"type\": {\"type\": \"record\", \"name\": \"B\",\n"
    "  \"fields\": [{\"name\": \"entities\", \"type\": {\"type\": \"array\", \"items\":\n"
    "    {\"type\": \"record\", \"name\": \"Entity\", \"fields\": [\n"
    "     {\"name\": \"entityId\", \"type\": \"string\"},\n"
    "     {\"name\": \"score\", \"type\": [\"null\", \"double\"]},\n"
    "     {\"name\": \"active\", \"type\": \"boolean\"},\n"
    "     {\"name\": \"kind\", \"type\": {\"type\": \"enum\", \"name\": \"K\", "
    "\"symbols\": [\"A\"]}},\n"
    "     {\"name\": \"attrs\", \"type\": {\"type\": \"map\", \"values\": \"string\"}},\n"
    "     {\"name\": \"any\", \"type\": [\"string\", \"long\"]}]}}},\n"
    "   {\"name\": \"main\", \"type\": \"x.Entity\"},\n"
    "   {\"name\": \"list\", \"type\": {\"type\": \"record\", \"name\": \"Node\", "
    "\"fields\": [\n"
    "     {\"name\": \"v\", \"type\": \"long\"}, {\"name\": \"next\", \"type\": "
    "[\"null\", \"Node\"]}]}}]}}]}\n";

static void test_avro_paths(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx, AVRO), 0);
  const SchemaPath *sp = NULL;
  assert_int_equal(status(fx, "eventHeader.createdDate", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BIGINT);
  assert_true(sp->timestamp);
  assert_int_equal(status(fx, "eventHeader.count", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BIGINT);
  assert_false(sp->timestamp);
  assert_int_equal(status(fx, "eventBody.entities[*].score", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_DOUBLE);
  assert_true(sp->nullable);
  assert_int_equal(status(fx, "eventBody.entities[*].active", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BOOLEAN);
  assert_int_equal(status(fx, "eventBody.entities[*].kind", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_STRING);
  /* a named type used again by its full name */
  assert_int_equal(status(fx, "eventBody.main.entityId", &sp), JSON_PATH_KNOWN);
  assert_int_equal(status(fx, "eventBody.main.entityid", NULL), JSON_PATH_NOT_IN_CLOSED);
  /* maps and multi-type unions are open; records closed */
  assert_int_equal(status(fx, "eventBody.entities[*].attrs.x", NULL), JSON_PATH_OPEN);
  assert_int_equal(status(fx, "eventBody.entities[*].any", NULL), JSON_PATH_OPEN);
  assert_int_equal(status(fx, "eventBody.entites[*].entityId", NULL),
                   JSON_PATH_NOT_IN_CLOSED);
  assert_int_equal(status(fx, "eventHeader.eventType.x", NULL), JSON_PATH_UNDER_SCALAR);
  /* a recursive record ends open instead of looping */
  assert_int_equal(status(fx, "eventBody.list.v", NULL), JSON_PATH_KNOWN);
  assert_int_equal(status(fx, "eventBody.list.next.v", NULL), JSON_PATH_OPEN);
  assert_int_equal(fx->diags.count, 0);
}

static const char *JSON_SCHEMA =
    "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
    " \"type\": \"object\", \"additionalProperties\": false,\n"
    " \"properties\": {\n"
    "  \"eventHeader\": {\"$ref\": \"#/$defs/Header\"},\n"
    "  \"eventBody\": {\"type\": \"object\", \"properties\": {\n"
    "    \"entities\": {\"type\": \"array\", \"items\": {\"$ref\": "
    "\"#/definitions/Entity\"}},\n"
    "    \"loan terms\": {\"type\": [\"number\", \"null\"]}}}},\n"
    " \"$defs\": {\"Header\": {\"type\": \"object\", \"additionalProperties\": false,\n"
    "   \"properties\": {\"eventType\": {\"type\": \"string\"},\n"
    "    \"eventName\": {\"type\": \"string\"},\n"
    "    \"at\": {\"type\": \"string\", \"format\": \"date-time\"},\n"
    "    \"n\": {\"type\": [\"integer\", \"null\"]},\n"
    "    \"ok\": {\"anyOf\": [{\"type\": \"boolean\"}, {\"type\": \"null\"}]},\n"
    "    \"status\": {\"enum\": [\"active\", \"closed\", null]}}}},\n"
    " \"definitions\": {\"Entity\": {\"type\": \"object\", \"additionalProperties\": "
    "false,\n"
    "   \"properties\": {\"entityId\": {\"type\": \"string\"}, \"tags\": {\"type\": "
    "\"array\"}}}}}\n";

static void test_json_schema_paths(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx, JSON_SCHEMA), 0);
  const SchemaPath *sp = NULL;
  assert_int_equal(status(fx, "eventHeader.at", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_STRING);
  assert_true(sp->timestamp);
  assert_int_equal(status(fx, "eventHeader.n", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BIGINT);
  assert_true(sp->nullable);
  assert_int_equal(status(fx, "eventHeader.ok", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BOOLEAN);
  assert_true(sp->nullable);
  assert_int_equal(status(fx, "eventBody['loan terms']", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_DOUBLE);
  assert_int_equal(status(fx, "eventBody.entities[*].entityId", &sp), JSON_PATH_KNOWN);
  assert_int_equal(status(fx, "eventBody.entities[*].entityID", NULL),
                   JSON_PATH_NOT_IN_CLOSED);
  assert_int_equal(status(fx, "eventBody.entities[*].tags[*]", NULL), JSON_PATH_OPEN);
  /* eventBody has no additionalProperties: false, so it stays open */
  assert_int_equal(status(fx, "eventBody.other", NULL), JSON_PATH_OPEN);
  assert_int_equal(status(fx, "eventHeader.typo", NULL), JSON_PATH_NOT_IN_CLOSED);
  assert_false(fx->schema.json_root_open);
  /* a string enum: its symbols are the only values */
  assert_int_equal(status(fx, "eventHeader.status", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_STRING);
  assert_int_equal(sp->value_count, 2);
  compile_one(fx, "{field: eventHeader.status, operator: in, values: [active, closd]}");
  const Diag *d = find(&fx->diags, "bad-enum-value");
  assert_non_null(d);
  assert_int_equal(d->pos.col, 68);
  assert_non_null(strstr(d->hint, "'closed'"));
  compile_one(fx, "{field: eventHeader.status, operator: matches, value: clo}");
  assert_null(find(&fx->diags, "bad-enum-value"));
}

/* Every error names the event schema file and the line of the problem. */
static void test_errors_have_positions(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx, "{\"type\": \"record\", \"name\": \"E\", \"fields\": [\n"
                            "  {\"name\": \"a\", \"type\": \"string\"},\n"
                            "  {\"name\": \"b\", \"type\": \"lnog\"}]}\n"),
                   -1);
  const Diag *d = find(&fx->diags, "bad-schema");
  assert_non_null(d);
  assert_string_equal(d->file, fx->path);
  assert_int_equal(d->pos.line, 3);
  assert_int_equal(d->pos.col, 25);
  assert_non_null(strstr(d->message, "lnog"));

  assert_int_equal(load(fx, "{\"type\": \"object\",\n \"properties\": {\"a\": \n"
                            "  {\"$ref\": \"#/$defs/Nope\"}}}\n"),
                   -1);
  d = find(&fx->diags, "bad-schema");
  assert_non_null(d);
  assert_int_equal(d->pos.line, 3);
  assert_non_null(strstr(d->message, "#/$defs/Nope"));

  assert_int_equal(load(fx, "{\"type\": \"object\",\n \"type\": 1}\n"), -1);
  d = find(&fx->diags, "bad-schema");
  assert_non_null(d);
  assert_int_equal(d->pos.line, 2); /* duplicate key, from jansson */

  assert_int_equal(load(fx, "{\"type\": \"object\", \"properties\": {\"a\": "
                            "{\"type\": \"strin\"}}}"),
                   -1);
  assert_non_null(find(&fx->diags, "bad-schema"));

  schema_free(&fx->schema);
  diag_list_free(&fx->diags);
  diag_list_init(&fx->diags);
  assert_int_equal(
      schema_load_with_events(&fx->schema, NULL, "/nonexistent/e.avsc", &fx->diags), -1);
  assert_true(fx->diags.errors > 0);
}

/* A self-referencing $ref and a deep chain end without a hang or a crash. */
static void test_recursion_is_bounded(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx,
                        "{\"type\": \"object\", \"properties\": {\"t\": {\"$ref\": "
                        "\"#/$defs/T\"}},\n \"$defs\": {\"T\": {\"type\": \"object\", "
                        "\"properties\": {\"kid\": {\"$ref\": \"#/$defs/T\"}}}}}"),
                   0);
  assert_int_equal(status(fx, "t.kid.kid.x", NULL), JSON_PATH_OPEN);
  assert_int_equal(load(fx, "{\"$ref\": \"#\"}"), 0);
}

/* A closed root (an Avro record) lists every top-level key: the YAML's
 * json_paths for others go; an open root keeps them where it is silent. */
static void test_merge_with_yaml(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx,
                        "{\"type\": \"record\", \"name\": \"E\", \"fields\": [\n"
                        " {\"name\": \"eventHeader\", \"type\": {\"type\": \"record\", "
                        "\"name\": \"H\", \"fields\": [{\"name\": \"uuid\", \"type\": "
                        "\"long\"}]}}]}"),
                   0);
  const SchemaPath *sp = NULL;
  assert_int_equal(status(fx, "eventHeader.uuid", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_BIGINT); /* the event schema wins */
  assert_int_equal(status(fx, "eventHeader.eventType", NULL), JSON_PATH_NOT_IN_CLOSED);
  compile_one(fx,
              "{field: 'eventBody.entities[0].entityType', operator: equals, value: x}");
  assert_non_null(find(&fx->diags, "unknown-field"));
  assert_int_equal(load(fx,
                        "{\"type\": \"object\", \"properties\": {\"eventHeader\": "
                        "{\"type\": \"object\", \"properties\": {\"uuid\": {\"type\": "
                        "\"integer\"}}}}}"),
                   0);
  assert_true(fx->schema.json_root_open);
  assert_int_equal(status(fx, "eventBody.entities[*].entityType", &sp), JSON_PATH_KNOWN);
  assert_int_equal(sp->type, SQL_TYPE_STRING); /* from the YAML */
  assert_int_equal(status(fx, "eventHeader.eventType", NULL), JSON_PATH_OPEN);
  compile_one(fx, "{field: 'other.x', operator: equals, value: x}");
  assert_int_equal(fx->diags.errors, 0);
}

static void test_typecheck_with_event_schema(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx, AVRO), 0);
  /* a typo under a closed record: unknown-field with a suggestion */
  compile_one(fx, "{field: 'eventBody.entites[0].entityId', operator: equals, value: x}");
  const Diag *d = find(&fx->diags, "unknown-field");
  assert_non_null(d);
  assert_non_null(d->hint);
  assert_non_null(strstr(d->hint, "eventBody.entities[0].entityId"));
  /* timestamp-millis: ISO text becomes exact epoch milliseconds, BIGINT */
  const Cond *c =
      compile_one(fx, "{field: eventHeader.createdDate, operator: greaterThan, "
                      "value: '2024-01-01T00:00:00Z'}");
  assert_int_equal(fx->diags.errors, 0);
  assert_int_equal(c->type, SQL_TYPE_BIGINT);
  assert_true(c->args[0].has_int64);
  assert_true(c->args[0].int64 == INT64_C(1704067200000));
  /* an int field is BIGINT, exactly */
  c = compile_one(
      fx, "{field: eventHeader.count, operator: equals, value: 9007199254740993}");
  assert_int_equal(fx->diags.errors, 0);
  assert_int_equal(c->type, SQL_TYPE_BIGINT);
  assert_true(c->args[0].int64 == INT64_C(9007199254740993));
  assert_string_equal(c->field.json_path, "$.eventHeader.count");
  /* the nested-to-column mapping still applies */
  c = compile_one(fx, "{field: eventHeader.eventType, operator: equals, value: X}");
  assert_true(c->field.mapped);
  /* open map: any key, typed by the literal */
  c = compile_one(fx, "{field: 'eventBody.entities[0].attrs.region', operator: equals, "
                      "value: 3}");
  assert_int_equal(fx->diags.errors, 0);
  assert_int_equal(c->type, SQL_TYPE_DOUBLE);
  /* an Avro enum's symbols are its only values */
  compile_one(fx, "{field: 'eventBody.entities[0].kind', operator: notEquals, value: B}");
  d = find(&fx->diags, "bad-enum-value");
  assert_non_null(d);
  assert_non_null(strstr(d->message, "A"));
  compile_one(fx, "{field: 'eventBody.entities[0].kind', operator: equals, value: A}");
  assert_int_equal(fx->diags.count, 0);
  /* a top-level key the record does not have */
  compile_one(fx, "{field: payload.x, operator: isNull}");
  assert_non_null(find(&fx->diags, "unknown-field"));
}

/* Issue 9: a quoted number on a path of unknown type is a text comparison. */
static void test_quoted_number_warning(void **state) {
  Fixture *fx = *state;
  assert_int_equal(load(fx, AVRO), 0);
  compile_one(fx, "{field: 'eventBody.entities[0].attrs.amount', operator: greaterThan, "
                  "value: '100'}");
  const Diag *d = find(&fx->diags, "quoted-number");
  assert_non_null(d);
  assert_int_equal(d->severity, SEV_WARNING);
  assert_non_null(strstr(d->hint, "valueType: number"));
  /* not with valueType, not for equality, not for a text value, not on a
   * typed path (there it is an error or a conversion) */
  compile_one(fx, "{field: 'eventBody.entities[0].attrs.amount', operator: greaterThan, "
                  "value: '100', valueType: number}");
  assert_null(find(&fx->diags, "quoted-number"));
  compile_one(fx, "{field: 'eventBody.entities[0].attrs.amount', operator: equals, "
                  "value: '100'}");
  assert_null(find(&fx->diags, "quoted-number"));
  compile_one(fx, "{field: 'eventBody.entities[0].attrs.code', operator: lessThan, "
                  "value: 'M'}");
  assert_null(find(&fx->diags, "quoted-number"));
  compile_one(fx, "{field: 'eventBody.entities[0].entityId', operator: greaterThan, "
                  "value: '100'}");
  assert_null(find(&fx->diags, "quoted-number"));
  compile_one(fx, "{field: 'eventBody.entities[0].attrs.amount', operator: between, "
                  "min: '5', max: '100'}");
  assert_non_null(find(&fx->diags, "quoted-number"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_avro_paths, setup, teardown),
      cmocka_unit_test_setup_teardown(test_json_schema_paths, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors_have_positions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_recursion_is_bounded, setup, teardown),
      cmocka_unit_test_setup_teardown(test_merge_with_yaml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_typecheck_with_event_schema, setup, teardown),
      cmocka_unit_test_setup_teardown(test_quoted_number_warning, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
