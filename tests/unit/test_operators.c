/* Every operator of the table through every back end: the evaluator, the
 * SQLite cross-check (which must agree) and the SQL emitter (which must
 * spell it as the table says). The cases are indexed by OpKind, so an
 * operator added to the table without a case here fails this test, and
 * one added without its back-end cases fails the build (-Wswitch-enum) or
 * the evaluation below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "filterc_runtime.h"
#include "sql_expr.h"

/* How to exercise one operator: its arguments in YAML, and a value of the
 * field that makes it TRUE and one that makes it FALSE. The field is a
 * flat column (`flat`) and, for the same values, a JSON path. */
typedef struct OpCase {
  const char *args;       /* YAML after the operator, "" for none */
  const char *flat;       /* the flat column it reads */
  const char *when_true;  /* JSON value */
  const char *when_false; /* JSON value */
  RtTruth when_missing;   /* the field absent (NULL) */
} OpCase;

/* ORDER OP (indexed by OpKind) */
static const OpCase OP_CASES[OP__COUNT] = {
    [OP_EQUALS] = {"value: A", "event_type", "\"A\"", "\"B\"", RT_UNKNOWN},
    [OP_NOT_EQUALS] = {"value: A", "event_type", "\"B\"", "\"A\"", RT_UNKNOWN},
    [OP_IN] = {"values: [A, C]", "event_type", "\"C\"", "\"B\"", RT_UNKNOWN},
    [OP_NOT_IN] = {"values: [A, C]", "event_type", "\"B\"", "\"C\"", RT_UNKNOWN},
    [OP_GREATER_THAN] = {"value: 10", "__ts_ms", "11", "10", RT_UNKNOWN},
    [OP_LESS_THAN] = {"value: 10", "__ts_ms", "9", "10", RT_UNKNOWN},
    [OP_GREATER_THAN_OR_EQUAL] = {"value: 10", "__ts_ms", "10", "9", RT_UNKNOWN},
    [OP_LESS_THAN_OR_EQUAL] = {"value: 10", "__ts_ms", "10", "11", RT_UNKNOWN},
    [OP_BETWEEN] = {"min: 1, max: 3", "__ts_ms", "3", "4", RT_UNKNOWN},
    [OP_MATCHES] = {"value: '^A'", "event_type", "\"AB\"", "\"BA\"", RT_UNKNOWN},
    [OP_IS_NULL] = {"", "event_type", "null", "\"A\"", RT_TRUE},
    [OP_IS_NOT_NULL] = {"", "event_type", "\"A\"", "null", RT_FALSE},
};

static Schema schema;

static int setup(void **state) {
  (void)state;
  DiagList d;
  diag_list_init(&d);
  int rc = schema_load(&schema, NULL, &d);
  diag_list_free(&d);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  schema_free(&schema);
  return 0;
}

typedef struct Engine {
  Compilation unit;
  RtSession *session;
} Engine;

static void engine_init(Engine *e, const char *field, OpKind op, const OpCase *c) {
  char yaml[1024];
  snprintf(yaml, sizeof yaml,
           "filters:\n  - id: f\n    name: f\n    consumerId: c\n    enabled: true\n"
           "    outputTopic: out\n    conditions:\n"
           "      - {field: '%s', operator: %s%s%s}\n",
           field, operator_info(op)->name, *c->args ? ", " : "", c->args);
  DiagList d;
  diag_list_init(&d);
  int rc = compile_memory(&e->unit, "ops.yaml", yaml, strlen(yaml), &schema,
                          VARIANT_NORMAL, &d);
  for (size_t i = 0; rc != 0 && i < d.count; i++)
    fprintf(stderr, "%s\n%s", d.items[i].message, yaml);
  diag_list_free(&d);
  assert_int_equal(rc, 0);
  char err[256];
  e->session = rt_session_new(&e->unit.plan,
                              &(RtSessionOptions){.max_line = 1 << 20,
                                                  .cross_check = true,
                                                  .flink_version = RT_FLINK_DEFAULT},
                              err, sizeof err);
  if (!e->session)
    fprintf(stderr, "%s\n", err);
  assert_non_null(e->session);
}

static void engine_free(Engine *e) {
  rt_session_free(e->session);
  compilation_free(&e->unit);
}

/* The route's truth on one event; the cross-check must agree. */
static RtTruth truth(Engine *e, const char *event) {
  RtEvent ev;
  char err[256];
  assert_int_equal(
      rt_session_eval(e->session, event, strlen(event), NULL, &ev, err, sizeof err), 0);
  assert_non_null(ev.message);
  if (ev.disagreements)
    fprintf(stderr, "cross-check disagrees on %s\n", event);
  assert_int_equal(ev.disagreements, 0);
  return ev.result->route_truth[0];
}

static void expect(Engine *e, const char *event, RtTruth want, OpKind op) {
  RtTruth got = truth(e, event);
  if (got != want)
    fprintf(stderr, "%s on %s: want %s, got %s\n", operator_info(op)->name, event,
            rt_truth_name(want), rt_truth_name(got));
  assert_int_equal(got, want);
}

static void test_table_order(void **state) {
  (void)state;
  for (size_t i = 0; i < OP__COUNT; i++) {
    assert_int_equal(OPERATORS[i].kind, i); /* ORDER OP */
    assert_non_null(OPERATORS[i].name);
    assert_non_null(OPERATORS[i].sql);
    assert_ptr_equal(operator_by_name(OPERATORS[i].name), &OPERATORS[i]);
  }
}

static void test_every_operator_flat(void **state) {
  (void)state;
  for (size_t i = 0; i < OP__COUNT; i++) {
    const OpCase *c = &OP_CASES[i];
    assert_non_null(c->flat); /* a new operator needs its case above */
    Engine e;
    engine_init(&e, c->flat, (OpKind)i, c);
    char event[256];
    snprintf(event, sizeof event, "{\"%s\":%s}", c->flat, c->when_true);
    expect(&e, event, RT_TRUE, (OpKind)i);
    snprintf(event, sizeof event, "{\"%s\":%s}", c->flat, c->when_false);
    expect(&e, event, RT_FALSE, (OpKind)i);
    expect(&e, "{}", c->when_missing, (OpKind)i);
    engine_free(&e);
  }
}

/* The same values inside event_data: JSON_VALUE then, for the numeric
 * operators, TRY_CAST AS DOUBLE. */
static void test_every_operator_json_path(void **state) {
  (void)state;
  for (size_t i = 0; i < OP__COUNT; i++) {
    const OpCase *c = &OP_CASES[i];
    Engine e;
    engine_init(&e, "eventBody.v", (OpKind)i, c);
    char event[256];
    const char *values[2] = {c->when_true, c->when_false};
    for (int k = 0; k < 2; k++) {
      snprintf(event, sizeof event,
               "{\"event_data\":\"{\\\"eventBody\\\":{\\\"v\\\":%s}}\"}", values[k]);
      /* the JSON text holds quotes: escape them for the outer string */
      char escaped[512];
      size_t o = 0;
      const char *inner = strstr(event, "\\\"v\\\":") + 6;
      memcpy(escaped, event, (size_t)(inner - event));
      o = (size_t)(inner - event);
      for (const char *p = values[k]; *p; p++) {
        if (*p == '"')
          escaped[o++] = '\\';
        escaped[o++] = *p;
      }
      strcpy(escaped + o, "}}\"}");
      expect(&e, escaped, k == 0 ? RT_TRUE : RT_FALSE, (OpKind)i);
    }
    engine_free(&e);
  }
}

/* The emitter spells each operator as the table says, in its form. */
static void test_every_operator_sql(void **state) {
  (void)state;
  for (size_t i = 0; i < OP__COUNT; i++) {
    const OpCase *c = &OP_CASES[i];
    const OperatorInfo *op = operator_info((OpKind)i);
    Engine e;
    engine_init(&e, c->flat, (OpKind)i, c);
    Buf sb;
    buf_init(&sb);
    sql_route_condition(&sb, &e.unit.program->filters[0].routes[0], &e.unit.plan);
    const char *sql = buf_str(&sb);
    char want[64];
    switch (op->form) {
    case SQL_FORM_INFIX:
      snprintf(want, sizeof want, "` %s ", op->sql);
      break;
    case SQL_FORM_POSTFIX:
      snprintf(want, sizeof want, "` %s", op->sql);
      break;
    case SQL_FORM_CALL:
      snprintf(want, sizeof want, "%s(`", op->sql);
      break;
    }
    const char *found = strstr(sql, want);
    if (!found) /* (names spelled out: GCC's UBSan build cannot see op->name is set) */
      fprintf(stderr, "%s: '%s' lacks '%s'\n", op->name ? op->name : "?", sql, want);
    assert_non_null(found);
    buf_free(&sb);
    engine_free(&e);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_order),
      cmocka_unit_test(test_every_operator_flat),
      cmocka_unit_test(test_every_operator_json_path),
      cmocka_unit_test(test_every_operator_sql),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
