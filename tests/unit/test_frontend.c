/* Unit tests of the front end's pieces: each test builds its input, runs
 * one stage and checks the result that stage is responsible for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "parse.h"
#include "regex.h"
#include "suggest.h"
#include "typecheck.h"
#include "yamltree.h"

/* ---- helpers ---------------------------------------------------------- */

typedef struct Fixture {
  Schema schema;
  DiagList diags;
  Compilation unit;
} Fixture;

static int setup(void **state) {
  Fixture *fx = calloc(1, sizeof *fx);
  diag_list_init(&fx->diags);
  if (schema_load(&fx->schema, NULL, &fx->diags) != 0)
    return -1;
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  Fixture *fx = *state;
  compilation_free(&fx->unit);
  schema_free(&fx->schema);
  diag_list_free(&fx->diags);
  free(fx);
  return 0;
}

static int compile_text(Fixture *fx, const char *yaml, Variant variant) {
  compilation_free(&fx->unit);
  diag_list_free(&fx->diags);
  diag_list_init(&fx->diags);
  return compile_memory(&fx->unit, "test.yaml", yaml, strlen(yaml), &fx->schema, variant,
                        &fx->diags);
}

static bool has_code(const DiagList *d, const char *code) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].code, code) == 0)
      return true;
  return false;
}

static const char *FILTER_HEAD = "filters:\n"
                                 "  - id: f\n"
                                 "    name: n\n"
                                 "    consumerId: c\n"
                                 "    outputTopic: t\n"
                                 "    enabled: true\n"
                                 "    conditions:\n";

static int compile_conditions_in(Fixture *fx, const char *conditions, Variant variant) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s%s", FILTER_HEAD, conditions);
  return compile_text(fx, buf, variant);
}

static int compile_conditions(Fixture *fx, const char *conditions) {
  return compile_conditions_in(fx, conditions, VARIANT_NORMAL);
}

/* ---- YAML tree -------------------------------------------------------- */

static YNode *load_yaml(Arena *arena, DiagList *diags, SourceFile *sf, const char *text) {
  source_from_memory(sf, "y.yaml", text, strlen(text), diags);
  YNode *root = NULL;
  yaml_load_tree(arena, sf, &YAML_DEFAULT_LIMITS, diags, &root);
  return root;
}

static void test_scalar_resolution(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  YNode *root = load_yaml(&arena, &diags, &sf,
                          "[1, -2.5, 1e3, 0x10, 0o17, true, False, ~, null, '12', "
                          "\"true\", 1e400, .nan, abc, 1_000]");
  assert_non_null(root);
  assert_int_equal(root->count, 15);
  const YScalarKind want[] = {YSCALAR_INT,        YSCALAR_FLOAT,  YSCALAR_FLOAT,
                              YSCALAR_INT,        YSCALAR_INT,    YSCALAR_BOOL,
                              YSCALAR_BOOL,       YSCALAR_NULL,   YSCALAR_NULL,
                              YSCALAR_STRING,     YSCALAR_STRING, YSCALAR_BAD_NUMBER,
                              YSCALAR_BAD_NUMBER, YSCALAR_STRING, YSCALAR_STRING};
  for (size_t i = 0; i < 15; i++)
    assert_int_equal(root->items[i]->scalar, want[i]);
  assert_true(root->items[0]->number == 1.0);
  assert_true(root->items[2]->number == 1000.0);
  assert_true(root->items[3]->number == 16.0);
  assert_true(root->items[4]->number == 15.0);
  assert_false(root->items[6]->bool_value);
  assert_int_equal(diags.count, 0);
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
}

static void test_positions_are_one_based(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  YNode *root = load_yaml(&arena, &diags, &sf, "a:\n  b: [x, yz]\n");
  YNode *b = ynode_get(ynode_get(root, "a"), "b");
  assert_non_null(b);
  assert_int_equal(b->items[1]->pos.line, 2);
  assert_int_equal(b->items[1]->pos.col, 10);
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
}

static void test_alias_bomb_is_bounded(void **state) {
  (void)state;
  char text[2048] = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'j'; c++) {
    char line[128];
    snprintf(line, sizeof line, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c,
             c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    strcat(text, line);
  }
  Arena arena;
  arena_init(&arena);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  YNode *root = load_yaml(&arena, &diags, &sf, text);
  assert_null(root);
  assert_true(has_code(&diags, "alias-expansion"));
  /* the tree shares aliased nodes, so memory stayed small */
  assert_true(arena.total < 1024 * 1024);
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
}

static void test_recursive_alias_is_undefined(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  /* an anchor is only visible once its node is complete: no cycles */
  YNode *root = load_yaml(&arena, &diags, &sf, "a: &x [1, *x]\n");
  assert_null(root);
  assert_true(has_code(&diags, "undefined-alias"));
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
}

static void test_depth_limit(void **state) {
  (void)state;
  char text[400];
  memset(text, '[', 100);
  memset(text + 100, ']', 100);
  text[200] = '\0';
  Arena arena;
  arena_init(&arena);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  assert_null(load_yaml(&arena, &diags, &sf, text));
  assert_true(has_code(&diags, "nesting-too-deep"));
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
}

/* ---- source ----------------------------------------------------------- */

static void test_utf8_validation(void **state) {
  (void)state;
  const unsigned char ok[] = "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80";
  assert_int_equal(utf8_first_invalid(ok, sizeof ok - 1), sizeof ok - 1);
  const unsigned char overlong[] = "a\xc0\xaf";
  assert_int_equal(utf8_first_invalid(overlong, 3), 1);
  const unsigned char surrogate[] = "ab\xed\xa0\x80";
  assert_int_equal(utf8_first_invalid(surrogate, 5), 2);
  const unsigned char truncated[] = "abc\xe2\x80";
  assert_int_equal(utf8_first_invalid(truncated, 5), 3);
  const unsigned char too_big[] = "\xf4\x90\x80\x80";
  assert_int_equal(utf8_first_invalid(too_big, 4), 0);
}

/* ---- small helpers of the checker ------------------------------------- */

static void test_edit_distance_and_suggestions(void **state) {
  (void)state;
  assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
  assert_int_equal(edit_distance("ab", "ba", 5), 1);          /* transposition */
  assert_int_equal(edit_distance("abc", "abcdefghij", 2), 3); /* capped */
  const char *const cands[] = {"event_type", "event_name", "id", "__op"};
  assert_string_equal(suggest_closest("event_typ", cands, 4), "event_type");
  assert_string_equal(suggest_closest("EVENT_NAME", cands, 4), "event_name");
  assert_null(suggest_closest("completely-different", cands, 4));
}

static void test_field_paths(void **state) {
  (void)state;
  Arena arena;
  arena_init(&arena);
  PathStep *steps;
  size_t n, bad;
  assert_int_equal(parse_field_path(&arena, "a.b[12]['c d'].e", &steps, &n, &bad), 0);
  assert_int_equal(n, 5);
  assert_string_equal(steps[1].key, "b");
  assert_true(steps[2].is_index);
  assert_int_equal(steps[2].index, 12);
  assert_string_equal(steps[3].key, "c d");
  assert_int_equal(parse_field_path(&arena, "a..b", &steps, &n, &bad), -1);
  assert_int_equal(bad, 2);
  assert_int_equal(parse_field_path(&arena, "a[x]", &steps, &n, &bad), -1);
  assert_int_equal(parse_field_path(&arena, "a['unterminated", &steps, &n, &bad), -1);
  assert_int_equal(parse_field_path(&arena, "[0]", &steps, &n, &bad), -1);
  assert_int_equal(parse_field_path(&arena, "a.", &steps, &n, &bad), -1);
  arena_free(&arena);
}

static void test_kafka_topic_names(void **state) {
  (void)state;
  assert_null(kafka_topic_problem("filtered-loan-created-events"));
  assert_null(kafka_topic_problem("a.b_c-D9"));
  assert_non_null(kafka_topic_problem(""));
  assert_non_null(kafka_topic_problem("."));
  assert_non_null(kafka_topic_problem(".."));
  assert_non_null(kafka_topic_problem("has space"));
  assert_non_null(kafka_topic_problem("back`tick"));
  char name[251];
  memset(name, 'a', 250);
  name[250] = '\0';
  assert_non_null(kafka_topic_problem(name));
  name[249] = '\0';
  assert_null(kafka_topic_problem(name));
}

static void test_iso_timestamps(void **state) {
  (void)state;
  double ms;
  assert_true(parse_iso_timestamp("2024-01-15T10:30:00Z", &ms));
  assert_true(ms == 1705314600000.0);
  assert_true(parse_iso_timestamp("1970-01-01", &ms));
  assert_true(ms == 0.0);
  assert_true(parse_iso_timestamp("2024-01-15 10:30:00.250+01:00", &ms));
  assert_true(ms == 1705311000250.0);
  assert_false(parse_iso_timestamp("2024-13-01", &ms));
  assert_false(parse_iso_timestamp("NOW-24H", &ms));
  assert_true(parse_iso_timestamp("2024-01-15T10:30", &ms)); /* no seconds */
  assert_true(ms == 1705314600000.0);
  assert_false(parse_iso_timestamp("2024-01-15T10:30:00Zjunk", &ms));
}

/* The translation of one pattern; its first issue's code, or "" if none. */
static const char *translate_code(const char *pattern, char *pcre2, size_t size) {
  static char code[32];
  RegexJava t;
  regex_java_translate(pattern, strlen(pattern), &t);
  snprintf(pcre2, size, "%s", buf_str(&t.pcre2));
  snprintf(code, sizeof code, "%s", t.issue_count ? t.issues[0].code : "");
  regex_java_free(&t);
  return code;
}

static void test_regex_translation(void **state) {
  (void)state;
  char out[512];
  assert_string_equal(translate_code("^loan-[0-9]+$", out, sizeof out), "");
  assert_string_equal(translate_code("a\\Kb", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("[[:digit:]]", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("(?R)", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("a{,3}", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("a{", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("", out, sizeof out), "empty-regex");
  assert_string_equal(translate_code("(a|b)+", out, sizeof out), "regex-stack-overflow");
  assert_string_equal(translate_code("(?:a|b)++", out, sizeof out), "");
  assert_string_equal(translate_code("(a|b){0,50}", out, sizeof out), "");
  assert_string_equal(translate_code("(ab)+", out, sizeof out), "");
  assert_string_equal(translate_code("a*a*b", out, sizeof out), "regex-backtracking");
  assert_string_equal(translate_code("a*b*c", out, sizeof out), "");
  assert_string_equal(translate_code("(?i)\\1", out, sizeof out), "regex-unsupported");
  /* escaped parentheses and \Q..\E quoting are not constructs */
  assert_string_equal(translate_code("\\(\\?R\\)", out, sizeof out), "");
  assert_string_equal(translate_code("\\Q(?R)\\E", out, sizeof out), "");
  /* found by fuzzing the translator: an empty quote or a stray \E first */
  assert_string_equal(translate_code("\\Q\\E*a", out, sizeof out), "bad-regex");
  assert_string_equal(translate_code("\\E*a", out, sizeof out), "regex-dialect");
  assert_string_equal(translate_code("\\Q\\Ea", out, sizeof out), "");
  assert_string_equal(out, "a");
  /* translations */
  translate_code(".", out, sizeof out);
  assert_string_equal(out, "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]");
  translate_code("(?i)k\u00e9", out, sizeof out);
  assert_string_equal(out, "[kK]\\x{E9}"); /* ASCII-only folding */
  translate_code("(?x)[a b]#c", out, sizeof out);
  assert_string_equal(out, "[ab]");
  translate_code("\\ca", out, sizeof out);
  assert_string_equal(out, "\\x{21}"); /* Java: 'a' ^ 64 */
  translate_code("(a)\\11", out, sizeof out);
  assert_string_equal(out, "(a)(?:\\g{1})1");
  translate_code("\\p{Alpha}", out, sizeof out);
  assert_string_equal(out, "[a-zA-Z]");
  char msg[128];
  size_t off;
  pcre2_code *re = regex_compile("\\u0041", 6, msg, sizeof msg, &off);
  assert_non_null(re); /* Java's \uhhhh escape */
  pcre2_code_free(re);
  assert_null(regex_compile("a(", 2, msg, sizeof msg, &off));
  assert_int_equal(off, 1); /* the unclosed group */
}

/* ---- parser and checker on whole programs ----------------------------- */

static void test_logical_operator_precedence(void **state) {
  Fixture *fx = *state;
  /* a AND b OR c AND d  ==  (a AND b) OR (c AND d) */
  assert_int_equal(
      compile_conditions(
          fx, "      - {field: id, operator: equals, value: a}\n"
              "      - {field: id, operator: equals, value: b, logicalOperator: AND}\n"
              "      - {field: id, operator: equals, value: c, logicalOperator: OR}\n"
              "      - {field: id, operator: equals, value: d, logicalOperator: AND}\n"),
      0);
  const Cond *c = fx->unit.program->filters[0].cond;
  assert_int_equal(c->kind, COND_ANY);
  assert_int_equal(c->kid_count, 2);
  assert_int_equal(c->kids[0]->kind, COND_ALL);
  assert_int_equal(c->kids[1]->kind, COND_ALL);
  assert_string_equal(c->kids[0]->kids[1]->args[0].text, "b");
  assert_string_equal(c->kids[1]->kids[0]->args[0].text, "c");
  assert_true(has_code(&fx->diags, "mixed-logic"));
}

static void test_condition_logic_or(void **state) {
  Fixture *fx = *state;
  assert_int_equal(
      compile_text(
          fx,
          "filters:\n  - id: f\n    name: n\n    consumerId: c\n    outputTopic: t\n"
          "    enabled: true\n    conditionLogic: OR\n    conditions:\n"
          "      - {field: id, operator: equals, value: a}\n"
          "      - {field: id, operator: equals, value: b}\n",
          VARIANT_NORMAL),
      0);
  const Cond *c = fx->unit.program->filters[0].cond;
  assert_int_equal(c->kind, COND_ANY);
  assert_int_equal(c->kid_count, 2);
  assert_false(has_code(&fx->diags, "mixed-logic"));
}

static void test_nested_path_maps_to_column(void **state) {
  Fixture *fx = *state;
  assert_int_equal(
      compile_conditions(
          fx, "      - {field: eventHeader.eventType, operator: equals, value: X}\n"
              "      - {field: \"eventBody.entities[0].updatedAttributes['loan "
              "terms'].rate\","
              " operator: lessThan, value: 0.05}\n"),
      0);
  const Cond *c = fx->unit.program->filters[0].cond;
  const Cond *mapped = c->kids[0], *nested = c->kids[1];
  assert_true(mapped->field.mapped);
  assert_int_equal(mapped->field.column, schema_column_index(&fx->schema, "event_type"));
  assert_int_equal(nested->field.column, -1);
  assert_string_equal(nested->field.json_path,
                      "$.eventBody.entities[0].updatedAttributes['loan terms'].rate");
  assert_int_equal(nested->type, SQL_TYPE_DOUBLE);
}

static void test_types_and_coercions(void **state) {
  Fixture *fx = *state;
  assert_int_equal(
      compile_conditions(fx,
                         "      - {field: __ts_ms, operator: greaterThan, value: 17e11}\n"
                         "      - {field: eventHeader.createdDate, operator: greaterThan,"
                         " value: '2024-01-15T10:30:00Z', valueType: timestamp}\n"
                         "      - {field: eventBody.flag, operator: equals, value: "
                         "'true', valueType: boolean}\n"
                         "      - {field: eventBody.n, operator: in, values: ['1', "
                         "'2.50'], valueType: number}\n"),
      0);
  const Cond *c = fx->unit.program->filters[0].cond;
  assert_int_equal(c->kids[0]->type, SQL_TYPE_BIGINT);
  assert_string_equal(c->kids[0]->args[0].text, "1700000000000");
  assert_int_equal(c->kids[1]->type, SQL_TYPE_DOUBLE);
  assert_true(c->kids[1]->args[0].number == 1705314600000.0);
  assert_int_equal(c->kids[2]->type, SQL_TYPE_BOOLEAN);
  assert_int_equal(c->kids[2]->args[0].kind, LITERAL_BOOL);
  assert_true(c->kids[2]->args[0].boolean);
  assert_string_equal(c->kids[3]->args[0].text, "1");
  assert_string_equal(c->kids[3]->args[1].text, "2.5");
}

static void test_legacy_between_is_accepted(void **state) {
  Fixture *fx = *state;
  assert_int_equal(
      compile_conditions(
          fx, "      - {field: eventBody.amount, operator: between, value: [10, 20]}\n"),
      0);
  const Cond *c = fx->unit.program->filters[0].cond;
  assert_int_equal(c->op, OP_BETWEEN);
  assert_int_equal(c->arg_count, 2);
  assert_true(c->args[0].number == 10 && c->args[1].number == 20);
  assert_true(has_code(&fx->diags, "legacy-between"));
}

static void test_variant_marks(void **state) {
  Fixture *fx = *state;
  const char *conds =
      "      - {field: event_type, operator: equals, value: A}\n"
      "      - {field: __op, operator: equals, value: c, variant: normal}\n";
  assert_int_equal(compile_conditions_in(fx, conds, VARIANT_NORMAL), 0);
  assert_int_equal(fx->unit.program->filters[0].cond->kind, COND_ALL);
  assert_int_equal(compile_conditions_in(fx, conds, VARIANT_NO_OP), 0);
  const Cond *c = fx->unit.program->filters[0].cond;
  assert_int_equal(c->kind, COND_COMPARE); /* the __op condition is gone */
  assert_string_equal(c->field.text, "event_type");
  /* a mark inside an any: group would change its meaning: rejected */
  assert_int_not_equal(
      compile_conditions(
          fx, "      - any:\n"
              "          - {field: event_type, operator: equals, value: A}\n"
              "          - {field: __op, operator: equals, value: c, variant: normal}\n"),
      0);
  assert_true(has_code(&fx->diags, "bad-variant"));
}

static void test_disabled_filters_are_still_checked(void **state) {
  Fixture *fx = *state;
  assert_int_not_equal(
      compile_text(
          fx,
          "filters:\n  - id: off\n    name: n\n    consumerId: c\n    outputTopic: t\n"
          "    enabled: false\n    status: deleted\n"
          "    conditions: [{field: nope, operator: isNull}]\n",
          VARIANT_NORMAL),
      0);
  assert_true(has_code(&fx->diags, "unknown-field"));
  const Filter *f = &fx->unit.program->filters[0];
  assert_false(f->enabled);
  assert_int_equal(f->status, FILTER_STATUS_DELETED);
  assert_false(filter_is_active(f));
}

static void test_every_operator_parses(void **state) {
  Fixture *fx = *state;
  for (size_t i = 0; i < OP__COUNT; i++) {
    const OperatorInfo *op = operator_info((OpKind)i);
    char cond[256];
    switch (op->shape) {
    case ARGS_NONE:
      snprintf(cond, sizeof cond, "      - {field: id, operator: %s}\n", op->name);
      break;
    case ARGS_ONE:
      snprintf(cond, sizeof cond, "      - {field: id, operator: %s, value: x}\n",
               op->name);
      break;
    case ARGS_LIST:
      snprintf(cond, sizeof cond, "      - {field: id, operator: %s, values: [x, y]}\n",
               op->name);
      break;
    case ARGS_RANGE:
      snprintf(cond, sizeof cond, "      - {field: id, operator: %s, min: a, max: b}\n",
               op->name);
      break;
    }
    assert_int_equal(compile_conditions(fx, cond), 0);
    assert_int_equal(fx->unit.program->filters[0].cond->op, op->kind);
    assert_ptr_equal(operator_by_name(op->name), op);
  }
}

static void test_long_messages_are_shortened(void **state) {
  (void)state;
  DiagList diags;
  diag_list_init(&diags);
  char key[5000];
  memset(key, 'k', sizeof key - 1);
  key[sizeof key - 1] = '\0';
  key[383] = (char)0xC3; /* message bytes 396-397: across the cut at 397 */
  key[384] = (char)0xA9;
  Diag *d = diag_add(&diags, SEV_ERROR, "f", (SrcPos){1, 1}, "unknown-key",
                     "unknown key '%s'", key);
  assert_true(strlen(d->message) <= 400);
  assert_string_equal(d->message + strlen(d->message) - 3, "...");
  assert_int_equal(
      utf8_first_invalid((const unsigned char *)d->message, strlen(d->message)),
      strlen(d->message));
  diag_list_free(&diags);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scalar_resolution),
      cmocka_unit_test(test_positions_are_one_based),
      cmocka_unit_test(test_alias_bomb_is_bounded),
      cmocka_unit_test(test_recursive_alias_is_undefined),
      cmocka_unit_test(test_depth_limit),
      cmocka_unit_test(test_utf8_validation),
      cmocka_unit_test(test_edit_distance_and_suggestions),
      cmocka_unit_test(test_field_paths),
      cmocka_unit_test(test_kafka_topic_names),
      cmocka_unit_test(test_iso_timestamps),
      cmocka_unit_test(test_regex_translation),
      cmocka_unit_test(test_long_messages_are_shortened),
      cmocka_unit_test_setup_teardown(test_logical_operator_precedence, setup, teardown),
      cmocka_unit_test_setup_teardown(test_condition_logic_or, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nested_path_maps_to_column, setup, teardown),
      cmocka_unit_test_setup_teardown(test_types_and_coercions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_legacy_between_is_accepted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_variant_marks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_disabled_filters_are_still_checked, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_every_operator_parses, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
