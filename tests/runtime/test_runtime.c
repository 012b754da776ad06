/* Unit tests of the runtime. Expected results are written out by hand from
 * the rules in flink-semantics.md and filterc_runtime.h; every evaluation
 * is run twice, natively and through the SQLite cross-check, and both
 * must give the expected truth. */
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
#include "filterc_runtime.h"
#include "numtext.h"
#include "regex.h"

#define F RT_FALSE
#define T RT_TRUE
#define U RT_UNKNOWN

/* ---- helpers ---------------------------------------------------------- */

typedef struct Engine {
  Schema schema;
  Compilation unit;
  const Plan *p;
  RtDecoder *decoder;
  RtEvaluator *eval;
  RtCrossCheck *xcheck;
  int not_comparable; /* events the cross-check could not compare */
} Engine;

static void engine_free(Engine *e) {
  rt_crosscheck_free(e->xcheck);
  rt_evaluator_free(e->eval);
  rt_decoder_free(e->decoder);
  compilation_free(&e->unit);
  schema_free(&e->schema);
}

/* One filter "f" to topic "out" whose conditions are `conds` (YAML list
 * items, indented for the conditions key). */
/* event_schema: an event body schema file, or NULL for the built-in schema
 * alone. */
static void engine_init_with(Engine *e, const char *conds, Variant variant,
                             const char *event_schema) {
  char yaml[8192];
  snprintf(yaml, sizeof yaml,
           "filters:\n  - id: f\n    name: f\n    consumerId: c\n    enabled: true\n"
           "    outputTopic: out\n    conditions:\n%s",
           conds);
  DiagList diags;
  diag_list_init(&diags);
  memset(e, 0, sizeof *e);
  assert_int_equal(schema_load_with_events(&e->schema, NULL, event_schema, &diags), 0);
  int rc =
      compile_memory(&e->unit, "t.yaml", yaml, strlen(yaml), &e->schema, variant, &diags);
  if (rc != 0)
    for (size_t i = 0; i < diags.count; i++)
      fprintf(stderr, "%s\n%s\n", diags.items[i].message, yaml);
  assert_int_equal(rc, 0);
  diag_list_free(&diags);
  char err[256];
  e->p = &e->unit.plan;
  e->decoder = rt_decoder_new(e->p, 1 << 20);
  e->eval = rt_evaluator_new(e->p);
  e->xcheck = rt_crosscheck_new(e->p, err, sizeof err);
  assert_non_null(e->xcheck);
}

static void engine_init(Engine *e, const char *conds, Variant variant) {
  engine_init_with(e, conds, variant, NULL);
}

/* Truth of route 0 on event, asserting that SQLite agrees. */
static RtTruth route_truth(Engine *e, const char *event) {
  const char *error = NULL;
  RtMessage *m = rt_decode(e->decoder, event, strlen(event), &error);
  if (!m)
    fprintf(stderr, "malformed: %s: %s\n", event, error);
  assert_non_null(m);
  const RtResult *r = rt_eval(e->eval, m, NULL);
  RtTruth native = r->route_truth[0];
  RtTruth sqlite;
  char err[256];
  int bad = rt_crosscheck_event(e->xcheck, m, &native, &sqlite, err, sizeof err);
  if (bad == RT_CROSSCHECK_NOT_COMPARABLE) { /* counted; the tests say where */
    e->not_comparable++;
    return native;
  }
  if (bad != 0)
    fprintf(stderr, "cross-check: %s: native %s, SQLite %s\n", event,
            rt_truth_name(native), rt_truth_name(sqlite));
  assert_int_equal(bad, 0);
  return native;
}

typedef struct Case {
  const char *cond;  /* YAML flow mapping(s) */
  const char *event; /* JSON line */
  RtTruth want;
} Case;

static void run_cases_with(const Case *cases, size_t n, const char *event_schema) {
  for (size_t i = 0; i < n; i++) {
    Engine e;
    char conds[2048];
    snprintf(conds, sizeof conds, "      - %s\n", cases[i].cond);
    engine_init_with(&e, conds, VARIANT_NORMAL, event_schema);
    RtTruth got = route_truth(&e, cases[i].event);
    if (got != cases[i].want)
      fprintf(stderr, "case %zu: %s on %s: want %s, got %s\n", i, cases[i].cond,
              cases[i].event, rt_truth_name(cases[i].want), rt_truth_name(got));
    assert_int_equal(got, cases[i].want);
    engine_free(&e);
  }
}

static void run_cases(const Case *cases, size_t n) {
  run_cases_with(cases, n, NULL);
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

/* ---- three-valued logic ----------------------------------------------- */

/* Atom a: event_type = 'A'; atom b: event_name = 'B'. Each is TRUE, FALSE
 * or UNKNOWN depending on the value we put in the event (A/x/null). */
static const char *value_for(RtTruth truth, const char *yes) {
  return truth == T ? yes : truth == F ? "\"x\"" : "null";
}

static void test_truth_tables(void **state) {
  (void)state;
  /* SQL's Kleene tables, written out: rows a, columns b (F, T, U) */
  static const RtTruth AND[3][3] = {{F, F, F}, {F, T, U}, {F, U, U}};
  static const RtTruth OR[3][3] = {{F, T, U}, {T, T, T}, {U, T, U}};
  static const RtTruth NOT[3] = {T, F, U};
  const char *a = "{field: event_type, operator: equals, value: A}";
  const char *b = "{field: event_name, operator: equals, value: B}";
  char conds[3][1024];
  snprintf(conds[0], sizeof conds[0], "      - all:\n          - %s\n          - %s\n", a,
           b);
  snprintf(conds[1], sizeof conds[1], "      - any:\n          - %s\n          - %s\n", a,
           b);
  snprintf(conds[2], sizeof conds[2], "      - not: %s\n", a);
  for (int form = 0; form < 3; form++) {
    Engine e;
    engine_init(&e, conds[form], VARIANT_NORMAL);
    for (RtTruth x = RT_FALSE; x <= RT_UNKNOWN; x++)
      for (RtTruth y = RT_FALSE; y <= RT_UNKNOWN; y++) {
        char ev[256];
        snprintf(ev, sizeof ev, "{\"event_type\":%s,\"event_name\":%s}",
                 value_for(x, "\"A\""), value_for(y, "\"B\""));
        RtTruth want = form == 0 ? AND[x][y] : form == 1 ? OR[x][y] : NOT[x];
        assert_int_equal(route_truth(&e, ev), want);
      }
    engine_free(&e);
  }
}

/* ---- operators with NULL, missing and wrong-type inputs ---------------- */

static void test_operators_flat(void **state) {
  (void)state;
  static const Case cases[] = {
      {"{field: event_type, operator: equals, value: A}", "{\"event_type\":\"A\"}", T},
      {"{field: event_type, operator: equals, value: A}", "{\"event_type\":\"a\"}", F},
      {"{field: event_type, operator: equals, value: A}", "{}", U},
      {"{field: event_type, operator: equals, value: A}", "{\"event_type\":null}", U},
      {"{field: event_type, operator: notEquals, value: A}", "{}", U},
      {"{field: event_type, operator: notEquals, value: A}", "{\"event_type\":\"B\"}", T},
      /* BIGINT literals are exact: 2^53 + 1 is not rounded to 2^53 */
      {"{field: __ts_ms, operator: equals, value: 9007199254740993}",
       "{\"__ts_ms\":9007199254740992}", F},
      {"{field: __ts_ms, operator: equals, value: 9007199254740993}",
       "{\"__ts_ms\":9007199254740993}", T},
      {"{field: __ts_ms, operator: greaterThan, value: 9223372036854775806}",
       "{\"__ts_ms\":9223372036854775807}", T},
      /* a JSON number in a STRING column is its text */
      {"{field: event_type, operator: equals, value: '12'}", "{\"event_type\":12}", T},
      {"{field: event_type, operator: equals, value: '1.5'}", "{\"event_type\":1.5}", T},
      {"{field: event_type, operator: equals, value: '100.0'}", "{\"event_type\":100}",
       F},
      /* ... its source text, since Flink 1.18's JsonParser decoder
       * (JsonParser.getText() of a number token) */
      {"{field: event_type, operator: equals, value: '100.0'}", "{\"event_type\":1e2}",
       F},
      {"{field: event_type, operator: equals, value: '1e2'}", "{\"event_type\":1e2}", T},
      {"{field: event_type, operator: equals, value: 'true'}", "{\"event_type\":true}",
       T},
      {"{field: event_type, operator: equals, value: '{\"a\":1}'}",
       "{\"event_type\":{ \"a\" : 1 }}", T},
      {"{field: event_type, operator: in, values: [A, B]}", "{\"event_type\":\"B\"}", T},
      {"{field: event_type, operator: in, values: [A, B]}", "{\"event_type\":\"C\"}", F},
      {"{field: event_type, operator: in, values: [A, B]}", "{}", U},
      {"{field: event_type, operator: notIn, values: [A, B]}", "{}", U},
      {"{field: event_type, operator: notIn, values: [A, B]}", "{\"event_type\":\"C\"}",
       T},
      {"{field: event_type, operator: notIn, values: [A, B]}", "{\"event_type\":\"A\"}",
       F},
      {"{field: event_type, operator: isNull}", "{}", T},
      {"{field: event_type, operator: isNull}", "{\"event_type\":null}", T},
      {"{field: event_type, operator: isNull}", "{\"event_type\":\"\"}", F},
      {"{field: event_type, operator: isNotNull}", "{}", F},
      {"{field: event_type, operator: isNotNull}", "{\"event_type\":[]}", T},
      /* UTF-8 byte order: 'é' (C3 A9) sorts after 'z' */
      {"{field: event_type, operator: greaterThan, value: z}", "{\"event_type\":\"é\"}",
       T},
      {"{field: event_type, operator: lessThan, value: b}", "{\"event_type\":\"B\"}", T},
      {"{field: event_type, operator: between, min: b, max: d}", "{\"event_type\":\"d\"}",
       T},
      {"{field: event_type, operator: between, min: b, max: d}",
       "{\"event_type\":\"da\"}", F},
      {"{field: event_type, operator: between, min: b, max: d}", "{}", U},
      /* matches is a find, not a full match */
      {"{field: event_type, operator: matches, value: 'oan'}",
       "{\"event_type\":\"Loan\"}", T},
      {"{field: event_type, operator: matches, value: '^oan'}",
       "{\"event_type\":\"Loan\"}", F},
      {"{field: event_type, operator: matches, value: 'oan'}", "{}", U},
      /* BIGINT: integers, strings holding integers, truncated floats */
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":5}", T},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":\" 5 \"}", T},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":\"+5\"}", T},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":5.9}", T},
      {"{field: __ts_ms, operator: equals, value: -5}", "{\"__ts_ms\":-5.9}", T},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":\"5.0\"}", U},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":\"abc\"}", U},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":true}", U},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":{}}", U},
      {"{field: __ts_ms, operator: greaterThan, value: 0}",
       "{\"__ts_ms\":\"9223372036854775807\"}", T},
      {"{field: __ts_ms, operator: greaterThan, value: 0}",
       "{\"__ts_ms\":\"9223372036854775808\"}", U},
      {"{field: __ts_ms, operator: lessThan, value: 0}",
       "{\"__ts_ms\":\"-9223372036854775808\"}", T},
      {"{field: __ts_ms, operator: between, min: 1, max: 3}", "{\"__ts_ms\":3}", T},
      {"{field: __ts_ms, operator: notIn, values: [1, 2]}", "{\"__ts_ms\":null}", U},
  };
  RUN(cases);
}

/* ---- JSON_VALUE typing ------------------------------------------------ */

#define ED(json) "{\"event_data\":\"" json "\"}"

static void test_json_value(void **state) {
  (void)state;
  static const Case cases[] = {
      /* TRY_CAST(JSON_VALUE(...) AS DOUBLE): Double.parseDouble of the text */
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":11}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"11.5\\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\" 11 \\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"abc\\\"}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"NaN\\\"}}"), F},
      {"{field: eventBody.amount, operator: notEquals, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"NaN\\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 7}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"0x1p3\\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"11.5d\\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"\\\\t11\\\"}}"), T},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":\\\"1e\\\"}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":true}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":[11]}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":{\\\"v\\\":11}}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":{}}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       ED("{\\\"eventBody\\\":[1]}"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}", ED("{not json"), U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       "{\"event_data\":null}", U},
      {"{field: eventBody.amount, operator: greaterThan, value: 10}", "{}", U},
      /* event_data written as an object: the column holds its JSON text */
      {"{field: eventBody.amount, operator: greaterThan, value: 10}",
       "{\"event_data\":{\"eventBody\":{\"amount\":12}}}", T},
      {"{field: eventBody.amount, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"amount\\\":1}}"), F},
      /* arrays */
      {"{field: 'eventBody.e[1].t', operator: equals, value: b}",
       ED("{\\\"eventBody\\\":{\\\"e\\\":[{\\\"t\\\":\\\"a\\\"},{\\\"t\\\":\\\"b\\\"}]}"
          "}"),
       T},
      {"{field: 'eventBody.e[2].t', operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"e\\\":[{\\\"t\\\":\\\"a\\\"}]}}"), T},
      {"{field: 'eventBody.e[0].t', operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"e\\\":{\\\"t\\\":\\\"a\\\"}}}"), T},
      /* RETURNING STRING of numbers and booleans: their text */
      {"{field: eventBody.s, operator: equals, value: '7'}",
       ED("{\\\"eventBody\\\":{\\\"s\\\":7}}"), T},
      {"{field: eventBody.s, operator: equals, value: '0.5'}",
       ED("{\\\"eventBody\\\":{\\\"s\\\":5e-1}}"), T},
      {"{field: eventBody.s, operator: equals, value: 'false'}",
       ED("{\\\"eventBody\\\":{\\\"s\\\":false}}"), T},
      {"{field: eventBody.s, operator: isNull}", ED("{\\\"eventBody\\\":{\\\"s\\\":{}}}"),
       T},
      {"{field: eventBody.s, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"s\\\":null}}"), T},
      /* TRY_CAST(JSON_VALUE(...) AS BOOLEAN): t/true/y/yes/1, f/false/n/no/0
       * in any case, not trimmed */
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":true}}"), T},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":\\\"TRUE\\\"}}"), T},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":\\\"False\\\"}}"), F},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":\\\"yes\\\"}}"), T},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":1}}"), T},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":0}}"), F},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":\\\" TRUE \\\"}}"), U},
      {"{field: eventBody.b, operator: equals, value: true}",
       ED("{\\\"eventBody\\\":{\\\"b\\\":2}}"), U},
      /* keys that need quoting */
      {"{field: \"eventBody['a b'].c\", operator: equals, value: 1}",
       ED("{\\\"eventBody\\\":{\\\"a b\\\":{\\\"c\\\":1}}}"), T},
  };
  RUN(cases);
}

/* ---- input shapes ----------------------------------------------------- */

static const RtValue *column(Engine *e, RtMessage *m, const char *name) {
  int i = schema_column_index(&e->schema, name);
  assert_true(i >= 0);
  rt_message_column(m, (size_t)i);
  return &m->columns[i];
}

static void assert_string(const RtValue *v, const char *want) {
  assert_int_equal(v->kind, RT_STRING);
  assert_int_equal(v->len, strlen(want));
  assert_memory_equal(v->str, want, v->len);
}

static RtMessage *decode(Engine *e, const char *line) {
  const char *error = NULL;
  RtMessage *m = rt_decode(e->decoder, line, strlen(line), &error);
  assert_non_null(m);
  return m;
}

/* Several paths of one message come from one walk of event_data
 * (json_paths.c): a path that is a prefix of another, a repeated key
 * replacing a whole subtree, array siblings, and a syntax error after the
 * values that makes every path NULL. Each case ANDs its conditions. */
static void test_json_paths_one_walk(void **state) {
  (void)state;
#define AND "\n      - "
  static const Case cases[] = {
      {"{field: eventBody.a, operator: isNull}" AND
       "{field: eventBody.a.b, operator: equals, value: 1}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":1}}}"), T},
      {"{field: eventBody.a, operator: equals, value: x}" AND
       "{field: eventBody.a.b, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":\\\"x\\\"}}"), T},
      {"{field: eventBody.a.b, operator: equals, value: 3}" AND
       "{field: eventBody.a.c, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":1,\\\"c\\\":2},\\\"a\\\":{\\\"b\\\":"
          "3}}}"),
       T},
      {"{field: eventBody.a.b, operator: equals, value: 1}" AND
       "{field: eventBody.a.c, operator: equals, value: 2}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":1,\\\"c\\\":2},\\\"a\\\":{\\\"b\\\":"
          "3}}}"),
       F},
      {"{field: 'eventBody.e[0]', operator: equals, value: p}" AND
       "{field: 'eventBody.e[1]', operator: equals, value: q}" AND
       "{field: 'eventBody.e[2]', operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"e\\\":[\\\"p\\\",\\\"q\\\"]}}"), T},
      {"{field: eventBody.a, operator: isNull}" AND
       "{field: eventBody.b, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":\\\"x\\\",\\\"b\\\":\\\"y\\\"},\\\"z\\\":[1,]}"),
       T},
      {"{field: eventBody.a, operator: equals, value: x}" AND
       "{field: eventBody.b, operator: equals, value: y}",
       ED("{\\\"eventBody\\\":{\\\"a\\\":\\\"x\\\",\\\"b\\\":\\\"y\\\"},\\\"z\\\":[1]}"),
       T},
  };
#undef AND
  RUN(cases);
}

static void test_debezium(void **state) {
  (void)state;
  Engine e;
  /* the job reads __ts_ms and __deleted only when a condition does */
  engine_init(&e,
              "      - {field: event_type, operator: isNotNull}\n"
              "      - {field: __ts_ms, operator: isNotNull}\n"
              "      - {field: __deleted, operator: isNotNull}\n",
              VARIANT_NORMAL);
  RtMessage *m = decode(&e, "{\"schema\":{},\"payload\":{\"before\":null,\"after\":"
                            "{\"id\":\"a1\",\"event_type\":\"X\"},\"source\":{\"table\":"
                            "\"business_events\",\"ts_ms\":77},\"op\":\"u\","
                            "\"ts_ms\":88}}");
  assert_int_equal(m->shape, RT_SHAPE_DEBEZIUM);
  assert_string(column(&e, m, "id"), "a1");
  assert_string(column(&e, m, "__op"), "u");
  assert_string(column(&e, m, "__table"), "business_events");
  assert_string(column(&e, m, "__deleted"), "false");
  assert_int_equal(column(&e, m, "__ts_ms")->kind, RT_BIGINT);
  /* __ts_ms is the envelope's ts_ms (the connector's processing time), not
   * source.ts_ms: AbstractExtractNewRecordState.FieldReference */
  assert_int_equal(column(&e, m, "__ts_ms")->i, 88);
  m = decode(&e,
             "{\"before\":{\"id\":\"a2\"},\"after\":null,\"source\":{},\"op\":\"d\"}");
  assert_string(column(&e, m, "id"), "a2");
  assert_string(column(&e, m, "__op"), "d");
  assert_string(column(&e, m, "__deleted"), "true");
  assert_int_equal(column(&e, m, "__table")->kind, RT_NULL);
  assert_int_equal(column(&e, m, "__ts_ms")->kind, RT_NULL);
  /* a snapshot read emits "after" */
  m = decode(&e, "{\"before\":null,\"after\":{\"id\":\"a3\"},\"source\":{\"table\":"
                 "\"t\"},\"op\":\"r\",\"ts_ms\":5}");
  assert_string(column(&e, m, "id"), "a3");
  assert_string(column(&e, m, "__op"), "r");
  assert_string(column(&e, m, "__deleted"), "false");
  assert_int_equal(column(&e, m, "__ts_ms")->i, 5);
  const char *error = NULL;
  /* a truncate has neither row: the transform drops it */
  const char *truncate = "{\"before\":null,\"after\":null,\"op\":\"t\"}";
  assert_null(rt_decode(e.decoder, truncate, strlen(truncate), &error));
  const char *no_row = "{\"before\":null,\"after\":null,\"op\":\"c\"}";
  assert_null(rt_decode(e.decoder, no_row, strlen(no_row), &error));
  assert_non_null(error);
  engine_free(&e);
}

static void test_business_event(void **state) {
  (void)state;
  Engine e;
  /* the job reads __ts_ms and __deleted only when a condition does */
  engine_init(&e,
              "      - {field: event_type, operator: isNotNull}\n"
              "      - {field: __ts_ms, operator: isNotNull}\n"
              "      - {field: __deleted, operator: isNotNull}\n",
              VARIANT_NORMAL);
  const char *line =
      "{\"eventHeader\":{\"uuid\":\"u1\",\"eventName\":\"N\",\"eventType\":"
      "\"T\",\"createdDate\":1705312200000,\"savedDate\":1705312205123},"
      "\"eventBody\":{}}";
  RtMessage *m = decode(&e, line);
  assert_int_equal(m->shape, RT_SHAPE_BUSINESS_EVENT);
  assert_string(column(&e, m, "id"), "u1");
  assert_string(column(&e, m, "event_name"), "N");
  assert_string(column(&e, m, "event_type"), "T");
  assert_string(column(&e, m, "created_date"), "2024-01-15T09:50:00Z");
  assert_string(column(&e, m, "saved_date"), "2024-01-15T09:50:05.123Z");
  assert_string(column(&e, m, "event_data"), line);
  assert_string(column(&e, m, "__op"), "c");
  assert_string(column(&e, m, "__table"), "business_events");
  assert_int_equal(column(&e, m, "__ts_ms")->i, 1705312205123);
  engine_free(&e);
}

static void test_no_op_variant(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: equals, value: A}\n",
              VARIANT_NO_OP);
  RtMessage *m = decode(&e, "{\"event_type\":\"A\",\"__op\":\"d\",\"__table\":\"x\"}");
  /* the source has no such columns: never read; the sink adds constants */
  assert_int_equal(column(&e, m, "__op")->kind, RT_NULL);
  size_t op = (size_t)schema_column_index(&e.schema, "__op");
  size_t table = (size_t)schema_column_index(&e.schema, "__table");
  RtValue v = rt_sink_value(e.p, m, op);
  assert_string(&v, "c");
  v = rt_sink_value(e.p, m, table);
  assert_string(&v, "business_events");
  assert_int_equal(rt_eval(e.eval, m, NULL)->route_truth[0], RT_TRUE);
  engine_free(&e);
}

static void test_malformed(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: isNotNull}\n", VARIANT_NORMAL);
  static const char *bad[] = {"{",
                              "{\"a\":}",
                              "[1,2]",
                              "\"str\"",
                              "42",
                              "null",
                              "{\"a\":1,}",
                              "{a:1}",
                              "{\"a\":NaN}",
                              "{\"a\":01}",
                              "{\"a\":-}",
                              "{\"a\":1.}",
                              "{\"a\":1e}",
                              "{\"a\":.5}",
                              "{\"a\":+1}",
                              "{\"a\":'x'}",
                              "{\"a\":1 /* c */}",
                              "{\"a\":truex}",
                              "{\"a\":\"\\x\"}",  /* bad escape in a skipped value */
                              "{\"a\":\"\xff\"}", /* invalid UTF-8 */
                              "{\"a\":\"\xc3(\"}",
                              "{\"a\":[1,2}",
                              " ",
                              ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *error = NULL;
    assert_null(rt_decode(e.decoder, bad[i], strlen(bad[i]), &error));
    assert_non_null(error);
  }
  /* a UTF-8 byte order mark is skipped, as Jackson does */
  assert_int_equal(route_truth(&e, "\xef\xbb\xbf{\"event_type\":\"x\"}"), RT_TRUE);
  /* still usable after errors */
  assert_int_equal(route_truth(&e, "{\"event_type\":\"x\"}"), RT_TRUE);
  engine_free(&e);
}

/* ---- the row converter (Flink >= 1.18 JsonParserToRowDataConverters) -- */

static void run_cases_on(const Case *cases, size_t n, RtFlinkVersion v) {
  for (size_t i = 0; i < n; i++) {
    Engine e;
    char conds[2048];
    snprintf(conds, sizeof conds, "      - %s\n", cases[i].cond);
    engine_init(&e, conds, VARIANT_NORMAL);
    rt_decoder_set_flink_version(e.decoder, v);
    rt_crosscheck_set_flink_version(e.xcheck, v);
    RtTruth got = route_truth(&e, cases[i].event);
    if (got != cases[i].want)
      fprintf(stderr, "case %zu (Flink %s): %s on %s: want %s, got %s\n", i,
              rt_flink_version_name(v), cases[i].cond, cases[i].event,
              rt_truth_name(cases[i].want), rt_truth_name(got));
    assert_int_equal(got, cases[i].want);
    engine_free(&e);
  }
}

static void test_row_converter(void **state) {
  (void)state;
  static const Case cases[] = {
      /* STRING: getText() of a number token is its source text (r2 item 6) */
      {"{field: event_type, operator: equals, value: '1.50'}", "{\"event_type\":1.50}",
       T},
      {"{field: event_type, operator: equals, value: '1e5'}", "{\"event_type\":1e5}", T},
      {"{field: event_type, operator: equals, value: '-0'}", "{\"event_type\":-0}", T},
      {"{field: event_type, operator: equals, value: '1E+5'}", "{\"event_type\":1E+5}",
       T},
      {"{field: event_type, operator: equals, value: '123456789012345678901'}",
       "{\"event_type\":123456789012345678901}", T},
      {"{field: event_type, operator: equals, value: '1e400'}", "{\"event_type\":1e400}",
       T},
      /* an object: Jackson's compact toString, floats as Double.toString */
      {"{field: event_type, operator: equals, value: "
       "'{\"a\":1.5,\"b\":[100000.0,0,\"x\"]}'}",
       "{\"event_type\":{ \"a\" : 1.50, \"b\" : [1e5, -0, \"x\"] }}", T},
      /* a repeated key: ObjectNode keeps the first position, the last value,
       * at every depth */
      {"{field: event_type, operator: equals, value: "
       "'{\"a\":3,\"b\":{\"x\":[2,2.5]},\"c\":4}'}",
       "{\"event_type\":{\"a\":1,\"b\":{\"x\":1,\"x\":[2,2.50]},\"a\":3,\"c\":4}}", T},
      {"{field: event_type, operator: equals, value: '{\"k\":{\"z\":0},\"m\":1}'}",
       "{\"event_type\":{\"k\":[1,{\"q\":1}],\"m\":1,\"k\":{\"z\":0}}}", T},
      /* a string column with an object is consumed: the next key is read */
      {"{field: id, operator: equals, value: x}",
       "{\"event_type\":{\"a\":[1]},\"id\":\"x\"}", T},
      /* BIGINT (convertToLong): a float token truncates toward zero */
      {"{field: __ts_ms, operator: equals, value: 1}", "{\"__ts_ms\":1.9}", T},
      {"{field: __ts_ms, operator: equals, value: -1}", "{\"__ts_ms\":-1.9}", T},
      {"{field: __ts_ms, operator: equals, value: 100}", "{\"__ts_ms\":1e2}", T},
      {"{field: __ts_ms, operator: equals, value: 9223372036854775807}",
       "{\"__ts_ms\":9.223372036854775807e18}", T},
      {"{field: __ts_ms, operator: isNull}", "{\"__ts_ms\":1e19}", T},
      {"{field: __ts_ms, operator: isNull}", "{\"__ts_ms\":9223372036854775808}", T},
      /* other tokens: Long.parseLong(getText().trim()) */
      {"{field: __ts_ms, operator: equals, value: 123}", "{\"__ts_ms\":\" 123 \"}", T},
      {"{field: __ts_ms, operator: equals, value: 5}", "{\"__ts_ms\":\"+5\"}", T},
      {"{field: __ts_ms, operator: isNull}", "{\"__ts_ms\":\"1.5\"}", T},
      {"{field: __ts_ms, operator: isNull}", "{\"__ts_ms\":\"1e3\"}", T},
      {"{field: __ts_ms, operator: isNull}", "{\"__ts_ms\":true}", T},
      /* text after the top-level object is never read */
      {"{field: event_type, operator: equals, value: A}", "{\"event_type\":\"A\"} xyz",
       T},
      {"{field: event_type, operator: equals, value: A}", "{\"event_type\":\"A\"}{", T},
      /* raw control characters in strings: ALLOW_UNESCAPED_CONTROL_CHARS */
      {"{field: event_type, operator: equals, value: \"a\\tb\\u0001\"}",
       "{\"event_type\":\"a\tb\001\"}", T},
      /* a lone surrogate escape becomes '?' (StringData's UTF-8 encoding) */
      {"{field: event_type, operator: equals, value: 'a?b'}",
       "{\"event_type\":\"a\\ud800b\"}", T},
      {"{field: event_type, operator: equals, value: \"\\U0001F600\"}",
       "{\"event_type\":\"\\ud83d\\ude00\"}", T},
      /* unknown keys are skipped, whatever they hold */
      {"{field: event_type, operator: equals, value: A}",
       "{\"x\":{\"y\":[1,2,{\"z\":null}]},\"w\":1e400,\"event_type\":\"A\"}", T},
      /* repeated keys: each match counts; the last read wins (r2 item 5) */
      {"{field: event_type, operator: equals, value: B}",
       "{\"event_type\":\"A\",\"event_type\":\"B\"}", T},
      /* ... and once 10 keys (the source table's arity) were matched, the
       * rest is skipped: __deleted is never read */
      {"{field: __deleted, operator: isNull}",
       "{\"event_type\":\"A\",\"event_type\":\"A\",\"id\":\"1\",\"event_name\":\"n\","
       "\"created_date\":\"c\",\"saved_date\":\"s\",\"event_data\":\"{}\",\"__op\":\"c\","
       "\"__table\":\"t\",\"__ts_ms\":1,\"__deleted\":\"false\"}",
       T},
      {"{field: __deleted, operator: equals, value: 'false'}",
       "{\"event_type\":\"A\",\"id\":\"1\",\"event_name\":\"n\","
       "\"created_date\":\"c\",\"saved_date\":\"s\",\"event_data\":\"{}\",\"__op\":\"c\","
       "\"__table\":\"t\",\"__ts_ms\":1,\"__deleted\":\"false\"}",
       T},
      /* an object in a BIGINT column: convertToLong fails on "{" (NULL) and
       * does not consume it, so the row loop reads its members as the
       * message's and stops at its end (r2 item 10) */
      {"{all: [{field: event_type, operator: equals, value: B}, "
       "{field: __ts_ms, operator: isNull}]}",
       "{\"__ts_ms\":{\"event_type\":\"B\"},\"event_type\":\"A\"}", T},
      {"{any: [{field: event_type, operator: isNull}, "
       "{field: __ts_ms, operator: equals, value: 0}]}",
       "{\"__ts_ms\":{},\"event_type\":\"A\"}", T},
      /* ... but only when the job reads __ts_ms: the source's projection
       * (the sink columns and the compared ones) is the row type, and a
       * key outside it is skipped whole */
      {"{field: event_type, operator: equals, value: A}",
       "{\"__ts_ms\":{\"event_type\":\"B\"},\"event_type\":\"A\"}", T},
  };
  RUN(cases);
  /* an array in a BIGINT column: the desynchronised loop runs past the end
   * of the message and skipToNextField throws on the null token: the row
   * is dropped */
  Engine e;
  engine_init(&e,
              "      - {field: event_type, operator: isNotNull}\n"
              "      - {field: __ts_ms, operator: isNull}\n",
              VARIANT_NORMAL);
  const char *desync = "{\"__ts_ms\":[1,2],\"event_type\":\"A\"}";
  const char *error = NULL;
  assert_null(rt_decode(e.decoder, desync, strlen(desync), &error));
  /* a bad escape in a known column: Flink nulls the field and resumes
   * inside the string; not replicated, so the line is flagged */
  const char *bad_escape = "{\"event_type\":\"a\\qb\"}";
  error = NULL;
  assert_null(rt_decode(e.decoder, bad_escape, strlen(bad_escape), &error));
  assert_non_null(strstr(error, "not replicate"));
  engine_free(&e);
}

/* ---- JSON_VALUE on event_data: Jackson's ObjectMapper through Jayway ---- */

static void test_json_value_jackson(void **state) {
  (void)state;
  /* the text String.valueOf gives, by Flink version (r1 item 6) */
  static const struct {
    const char *json, *old_text, *new_text;
  } numbers[] = {
      {"1.50", "1.5", "1.50"},
      {"1e5", "100000.0", "1E+5"},
      {"100.0", "100.0", "100.0"},
      {"1E-7", "1.0E-7", "1E-7"},
      {"12345678901234567890", "12345678901234567890", "12345678901234567890"},
      {"-0", "0", "0"},
      {"0.1", "0.1", "0.1"},
      {"-0.0", "-0.0", "0.0"},
      {"1e400", "Infinity", "1E+400"},
      {"0.000001", "1.0E-6", "0.000001"},
      {"1.5E+1", "15.0", "15"},
      {"-12.5e-10", "-1.25E-9", "-1.25E-9"},
  };
  for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
    for (int era = 0; era < 2; era++) {
      char cond[256], event[256];
      snprintf(cond, sizeof cond, "{field: eventBody.x, operator: equals, value: '%s'}",
               era ? numbers[i].new_text : numbers[i].old_text);
      snprintf(event, sizeof event, ED("{\\\"eventBody\\\":{\\\"x\\\":%s}}"),
               numbers[i].json);
      Case c = {cond, event, T};
      run_cases_on(&c, 1, era ? RT_FLINK_2_0 : RT_FLINK_1_19);
    }
  static const Case cases[] = {
      /* a repeated key: the last wins, at every level */
      {"{field: eventBody.x, operator: equals, value: '2'}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1,\\\"x\\\":2}}"), T},
      {"{field: eventBody.x, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1},\\\"eventBody\\\":{\\\"y\\\":2}}"), T},
      /* text after the document is ignored (FAIL_ON_TRAILING_TOKENS off) */
      {"{field: eventBody.x, operator: equals, value: '1'}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1}} xyz"), T},
      /* ... but the document itself must be JSON: a control character in a
       * string, a leading zero, NaN, a syntax error anywhere give NULL */
      {"{field: eventBody.x, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1,\\\"y\\\":\\\"a\\u0001b\\\"}}"), T},
      {"{field: eventBody.x, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1,\\\"y\\\":01}}"), T},
      {"{field: eventBody.x, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1,\\\"y\\\":NaN}}"), T},
      {"{field: eventBody.x, operator: isNull}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":1,\\\"y\\\":[}}"), T},
      /* integers beyond 64 bits are BigIntegers: TRY_CAST AS BIGINT fails */
      {"{field: eventBody.x, operator: greaterThan, value: 1, valueType: number}",
       ED("{\\\"eventBody\\\":{\\\"x\\\":12345678901234567890}}"), T},
      {"{field: 'eventBody.entities[1].n', operator: equals, value: 'b'}",
       ED("{\\\"eventBody\\\":{\\\"entities\\\":[{\\\"n\\\":\\\"a\\\"},{\\\"n\\\":"
          "\\\"b\\\"}]}}"),
       T},
  };
  RUN(cases);
  RtFlinkVersion v;
  assert_true(rt_flink_version_parse("1.18", &v) && v == RT_FLINK_1_18);
  assert_true(rt_flink_version_parse("2.1.0", &v) && v == RT_FLINK_2_1);
  assert_false(rt_flink_version_parse("1.1", &v));
  assert_false(rt_flink_version_parse("3.0", &v));
}

static void test_lines(void **state) {
  (void)state;
  static const char text[] = "a\r\n\nlong-line-here\nlast";
  FILE *f = fmemopen((void *)text, sizeof text - 1, "rb");
  RtLines *r = rt_lines_new(f, 8);
  const char *line;
  size_t len;
  uint64_t no;
  bool too_long;
  assert_int_equal(rt_lines_next(r, &line, &len, &no, &too_long), 1);
  assert_int_equal(len, 1);
  assert_memory_equal(line, "a", 1);
  assert_false(too_long);
  assert_int_equal(rt_lines_next(r, &line, &len, &no, &too_long), 1);
  assert_int_equal(len, 0);
  assert_int_equal(no, 2);
  assert_int_equal(rt_lines_next(r, &line, &len, &no, &too_long), 1);
  assert_true(too_long);
  assert_int_equal(no, 3);
  assert_int_equal(rt_lines_next(r, &line, &len, &no, &too_long), 1);
  assert_false(too_long);
  assert_int_equal(len, 4);
  assert_memory_equal(line, "last", 4);
  assert_int_equal(no, 4);
  assert_int_equal(rt_lines_next(r, &line, &len, &no, &too_long), 0);
  rt_lines_free(r);
  fclose(f);
}

/* ---- numbers as Java prints and parses them ---------------------------- */

static void test_numtext(void **state) {
  (void)state;
  static const struct {
    double d;
    const char *java; /* Double.toString(d) */
  } doubles[] = {{1.5, "1.5"},
                 {100.0, "100.0"},
                 {0.001, "0.001"},
                 {0.0001, "1.0E-4"},
                 {1e7, "1.0E7"},
                 {9999999.0, "9999999.0"},
                 {1e21, "1.0E21"},
                 {-0.0, "-0.0"},
                 {0.0, "0.0"},
                 {12345678.9, "1.23456789E7"},
                 {0.1 + 0.2, "0.30000000000000004"},
                 {-2.5e-5, "-2.5E-5"},
                 {1e300, "1.0E300"}};
  for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    char out[RT_DOUBLE_TEXT_MAX];
    rt_java_double_text(doubles[i].d, out);
    assert_string_equal(out, doubles[i].java);
  }
  int64_t v;
  assert_true(rt_parse_long(" -42\t", 5, &v));
  assert_int_equal(v, -42);
  assert_true(rt_parse_long("-9223372036854775808", 20, &v));
  assert_true(v == INT64_MIN);
  assert_false(rt_parse_long("9223372036854775808", 19, &v));
  assert_false(rt_parse_long("1.0", 3, &v));
  assert_false(rt_parse_long("", 0, &v));
  assert_false(rt_parse_long("+", 1, &v));
  assert_false(rt_parse_long("1 2", 3, &v));
  double d;
  assert_true(rt_parse_decimal(" .5 ", 4, &d));
  assert_true(d == 0.5);
  assert_true(rt_parse_decimal("5.", 2, &d));
  assert_true(rt_parse_decimal("-1e3", 4, &d));
  assert_true(d == -1000.0);
  assert_false(rt_parse_decimal("1e", 2, &d));
  assert_false(rt_parse_decimal(".", 1, &d));
  assert_false(rt_parse_decimal("NaN", 3, &d));
  assert_false(rt_parse_decimal("0x10", 4, &d));
  assert_false(rt_parse_decimal("1d", 2, &d));
}

/* ---- regex limits, cross-check sensitivity ---------------------------- */

static void test_regex_limit(void **state) {
  (void)state;
  char message[128];
  size_t off;
  const char *pat = "(a+){1,30}$"; /* (a+)+ is rejected: Java recurses */
  pcre2_code *re = regex_compile(pat, strlen(pat), message, sizeof message, &off);
  assert_non_null(re);
  RtMatcher m;
  assert_int_equal(rt_matcher_init(&m), 0);
  char subject[64];
  memset(subject, 'a', 40);
  subject[40] = 'b';
  assert_int_equal(rt_matcher_find(&m, re, subject, 41), RT_UNKNOWN);
  assert_int_equal(m.limit_hits, 1);
  assert_int_equal(rt_matcher_find(&m, re, "xaa", 3), RT_TRUE);
  assert_int_equal(rt_matcher_find(&m, re, "xb", 2), RT_FALSE);
  rt_matcher_free(&m);
  pcre2_code_free(re);
}

/* A `matches` pattern is compiled once: the checker's compiled code is the
 * Plan's (it was compiled twice, 5 % of generating 10,000 filters). */
static void test_regex_compiled_once(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: matches, value: '^Loan'}\n",
              VARIANT_NORMAL);
  size_t regex_nodes = 0;
  for (size_t i = 0; i < e.p->node_count; i++) {
    const PlanNode *n = &e.p->nodes[i];
    if (!n->re)
      continue;
    regex_nodes++;
    assert_ptr_equal(n->re, n->cond->re);
    assert_null(n->re_owned);
  }
  assert_int_equal(regex_nodes, 1);
  assert_int_equal(e.unit.program->regex_count, 1);
  assert_int_equal(route_truth(&e, "{\"event_type\":\"LoanCreated\"}"), RT_TRUE);
  engine_free(&e);
}

static void test_crosscheck_reports(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: equals, value: A}\n",
              VARIANT_NORMAL);
  RtMessage *m = decode(&e, "{\"event_type\":\"A\"}");
  RtTruth wrong = RT_UNKNOWN, sqlite;
  char err[128];
  assert_int_equal(rt_crosscheck_event(e.xcheck, m, &wrong, &sqlite, err, sizeof err), 1);
  assert_int_equal(sqlite, RT_TRUE);
  engine_free(&e);
}

typedef struct XcheckOutcome {
  int rc;
  const char *why;
} XcheckOutcome;

/* The cross-check's reasons about event_data's objects (reason 5), each
 * object a path walks checked on its own statement (issue 14): a key that
 * repeats in a walked object, or one of the paths' keys written with an
 * escape, makes the event not comparable; a repeat in an object no path
 * walks does not, nor does anything when no path is read. */
static XcheckOutcome xcheck_on(Engine *e, const char *event) {
  RtMessage *m = decode(e, event);
  const RtResult *r = rt_eval(e->eval, m, NULL);
  RtTruth sqlite;
  char err[128];
  int rc = rt_crosscheck_event(e->xcheck, m, r->route_truth, &sqlite, err, sizeof err);
  return (XcheckOutcome){
      rc, rc == RT_CROSSCHECK_NOT_COMPARABLE ? rt_crosscheck_why(e->xcheck) : NULL};
}

static void test_crosscheck_event_data_objects(void **state) {
  (void)state;
  Engine e;
  engine_init(&e,
              "      - {field: eventBody.a.b, operator: equals, value: x}\n"
              "      - {field: eventBody.c, operator: equals, value: y}\n",
              VARIANT_NORMAL);
  static const struct {
    const char *event_data; /* as a JSON string's content */
    bool comparable;
  } cases[] = {
      {"{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":\\\"x\\\"},\\\"c\\\":\\\"y\\\"}}", true},
      /* a repeat in the walked object eventBody.a */
      {"{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":\\\"x\\\",\\\"b\\\":\\\"z\\\"},"
       "\\\"c\\\":\\\"y\\\"}}",
       false},
      /* a repeat at the top of event_data */
      {"{\\\"eventBody\\\":{\\\"c\\\":\\\"y\\\"},\\\"eventBody\\\":{}}", false},
      /* a repeat in an object no path walks */
      {"{\\\"eventBody\\\":{\\\"a\\\":{\\\"b\\\":\\\"x\\\"},\\\"c\\\":\\\"y\\\","
       "\\\"d\\\":{\\\"k\\\":1,\\\"k\\\":2}}}",
       true},
      /* the key c written with an escape: Jackson reads it as c */
      {"{\\\"eventBody\\\":{\\\"\\\\u0063\\\":\\\"y\\\"}}", false},
      /* an escape in a key no path takes */
      {"{\\\"eventBody\\\":{\\\"c\\\":\\\"y\\\",\\\"\\\\u0064\\\":1}}", true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char event[512];
    snprintf(event, sizeof event, "{\"event_data\":\"%s\"}", cases[i].event_data);
    XcheckOutcome got = xcheck_on(&e, event);
    if ((got.rc != RT_CROSSCHECK_NOT_COMPARABLE) != cases[i].comparable)
      fprintf(stderr, "case %zu: %s: rc %d\n", i, event, got.rc);
    if (cases[i].comparable) {
      assert_int_equal(got.rc, 0);
    } else {
      assert_int_equal(got.rc, RT_CROSSCHECK_NOT_COMPARABLE);
      assert_non_null(strstr(got.why, "event_data that SQLite reads otherwise"));
    }
  }
  engine_free(&e);
  /* without paths, event_data is not looked into */
  engine_init(&e, "      - {field: event_type, operator: equals, value: A}\n",
              VARIANT_NORMAL);
  assert_int_equal(
      xcheck_on(&e, "{\"event_type\":\"A\",\"event_data\":\"{\\\"k\\\":1,\\\"k\\\":2}\"}")
          .rc,
      0);
  engine_free(&e);
}

/* A JSON path the event schema types BIGINT (Avro long) is read as
 * TRY_CAST(JSON_VALUE(..) AS BIGINT): BinaryStringDataUtil.toLong of the
 * text Flink's JSON_VALUE gives (String.valueOf of what Jayway returns), so
 * integers stay exact beyond 2^53, a fraction is dropped, and what toLong
 * rejects is NULL. */
static void test_bigint_path(void **state) {
  (void)state;
  char path[] = "/tmp/filterc-rt-avsc-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("{\"type\": \"record\", \"name\": \"E\", \"fields\": [\n"
        " {\"name\": \"eventHeader\", \"type\": {\"type\": \"record\", \"name\": \"H\",\n"
        "  \"fields\": [{\"name\": \"count\", \"type\": \"long\"},\n"
        "   {\"name\": \"createdDate\", \"type\": {\"type\": \"long\", \"logicalType\": "
        "\"timestamp-millis\"}}]}}]}\n",
        f);
  fclose(f);
  static const Case cases[] = {
      /* 2^53 + 1 is itself as BIGINT; as DOUBLE both sides would be 2^53 */
      {"{field: eventHeader.count, operator: notEquals, value: 9007199254740992}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":9007199254740993}}"), T},
      {"{field: eventHeader.count, operator: equals, value: 9007199254740993}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":9007199254740993}}"), T},
      {"{field: eventHeader.count, operator: equals, value: 9223372036854775807}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":9223372036854775807}}"), T},
      /* beyond int64: toLong overflows, NULL */
      {"{field: eventHeader.count, operator: greaterThan, value: 0}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":9223372036854775808}}"), U},
      /* "1.9": the fraction is dropped */
      {"{field: eventHeader.count, operator: equals, value: 1}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":1.9}}"), T},
      /* a JSON string of digits casts too */
      {"{field: eventHeader.count, operator: between, min: 10, max: 12}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":\\\"12\\\"}}"), T},
      /* toLong has no exponent: the string "1e3" is NULL */
      {"{field: eventHeader.count, operator: greaterThan, value: 0}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":\\\"1e3\\\"}}"), U},
      {"{field: eventHeader.count, operator: in, values: [1, 2]}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":true}}"), U},
      {"{field: eventHeader.count, operator: isNull}", ED("{\\\"eventHeader\\\":{}}"), T},
      {"{field: eventHeader.count, operator: lessThan, value: -5}",
       ED("{\\\"eventHeader\\\":{\\\"count\\\":-6}}"), T},
      /* timestamp-millis: the ISO literal is exact epoch milliseconds */
      {"{field: eventHeader.createdDate, operator: greaterThanOrEqual, "
       "value: '2024-01-01T00:00:00Z'}",
       ED("{\\\"eventHeader\\\":{\\\"createdDate\\\":1704067200000}}"), T},
      {"{field: eventHeader.createdDate, operator: greaterThanOrEqual, "
       "value: '2024-01-01T00:00:00Z'}",
       ED("{\\\"eventHeader\\\":{\\\"createdDate\\\":1704067199999}}"), F},
  };
  run_cases_with(cases, sizeof cases / sizeof cases[0], path);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_truth_tables),
      cmocka_unit_test(test_operators_flat),
      cmocka_unit_test(test_json_value),
      cmocka_unit_test(test_bigint_path),
      cmocka_unit_test(test_json_paths_one_walk),
      cmocka_unit_test(test_debezium),
      cmocka_unit_test(test_business_event),
      cmocka_unit_test(test_no_op_variant),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_row_converter),
      cmocka_unit_test(test_json_value_jackson),
      cmocka_unit_test(test_lines),
      cmocka_unit_test(test_numtext),
      cmocka_unit_test(test_regex_limit),
      cmocka_unit_test(test_regex_compiled_once),
      cmocka_unit_test(test_crosscheck_reports),
      cmocka_unit_test(test_crosscheck_event_data_objects),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
