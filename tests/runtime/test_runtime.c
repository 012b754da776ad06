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
      {"{field: event_type, operator: equals, value: '100.0'}", "{\"event_type\":1e2}",
       T},
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

static void test_debezium(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: isNotNull}\n", VARIANT_NORMAL);
  RtMessage *m = decode(&e, "{\"schema\":{},\"payload\":{\"before\":null,\"after\":"
                            "{\"id\":\"a1\",\"event_type\":\"X\"},\"source\":{\"table\":"
                            "\"business_events\",\"ts_ms\":77},\"op\":\"u\"}}");
  assert_int_equal(m->shape, RT_SHAPE_DEBEZIUM);
  assert_string(column(&e, m, "id"), "a1");
  assert_string(column(&e, m, "__op"), "u");
  assert_string(column(&e, m, "__table"), "business_events");
  assert_string(column(&e, m, "__deleted"), "false");
  assert_int_equal(column(&e, m, "__ts_ms")->kind, RT_BIGINT);
  assert_int_equal(column(&e, m, "__ts_ms")->i, 77);
  m = decode(&e,
             "{\"before\":{\"id\":\"a2\"},\"after\":null,\"source\":{},\"op\":\"d\"}");
  assert_string(column(&e, m, "id"), "a2");
  assert_string(column(&e, m, "__op"), "d");
  assert_string(column(&e, m, "__deleted"), "true");
  assert_int_equal(column(&e, m, "__table")->kind, RT_NULL);
  const char *error = NULL;
  const char *no_row = "{\"before\":null,\"after\":null,\"op\":\"c\"}";
  assert_null(rt_decode(e.decoder, no_row, strlen(no_row), &error));
  assert_non_null(error);
  engine_free(&e);
}

static void test_business_event(void **state) {
  (void)state;
  Engine e;
  engine_init(&e, "      - {field: event_type, operator: isNotNull}\n", VARIANT_NORMAL);
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
                              "{\"a\":1} x",
                              "{\"a\":\"\\x\"}",
                              "{\"a\":\"\xff\"}",
                              "{\"a\":\"\\ud800\"}",
                              "{\"a\":1e400}",
                              "{\"a\":123456789012345678901234567890}",
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
      cmocka_unit_test(test_truth_tables),  cmocka_unit_test(test_operators_flat),
      cmocka_unit_test(test_json_value),    cmocka_unit_test(test_bigint_path),
      cmocka_unit_test(test_debezium),      cmocka_unit_test(test_business_event),
      cmocka_unit_test(test_no_op_variant), cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_lines),         cmocka_unit_test(test_numtext),
      cmocka_unit_test(test_regex_limit),   cmocka_unit_test(test_crosscheck_reports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
