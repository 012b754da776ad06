/* Unit tests of the SQL back end: quoting, comment text, the template
 * language (rendering and its load-time errors), WHERE clauses from real
 * compiled conditions, and the short diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "diff.h"
#include "emit.h"
#include "sql_expr.h"
#include "sql_quote.h"
#include "template.h"

/* ---- quoting ------------------------------------------------------------ */

typedef void (*QuoteFn)(Buf *, const char *, size_t);

static void expect_quoted(QuoteFn fn, const char *in, size_t n, const char *want) {
  Buf sb;
  buf_init(&sb);
  fn(&sb, in, n);
  assert_string_equal(buf_str(&sb), want);
  buf_free(&sb);
}

#define QUOTE(fn, in, want) expect_quoted(fn, in, sizeof(in) - 1, want)

static void test_quote_ident(void **state) {
  (void)state;
  QUOTE(sql_quote_ident, "raw-business-events", "`raw-business-events`");
  QUOTE(sql_quote_ident, "a`b", "`a``b`");
  QUOTE(sql_quote_ident, "``", "``````");
  QUOTE(sql_quote_ident, "it's", "`it's`");
  assert_true(sql_ident_quotable("a b", 3));
  assert_false(sql_ident_quotable("", 0));
  assert_false(sql_ident_quotable("a\nb", 3));
  assert_false(sql_ident_quotable("a\rb", 3));
  assert_false(sql_ident_quotable("a\0b", 3));
}

static void test_quote_string(void **state) {
  (void)state;
  QUOTE(sql_quote_string, "LoanCreated", "'LoanCreated'");
  QUOTE(sql_quote_string, "", "''");
  QUOTE(sql_quote_string, "it's", "'it''s'");
  QUOTE(sql_quote_string, "''", "''''''");
  QUOTE(sql_quote_string, "'; DROP TABLE x; --", "'''; DROP TABLE x; --'");
  /* Flink processes no backslash escapes: they stay as written */
  QUOTE(sql_quote_string, "^\\d+\\'$", "'^\\d+\\''$'");
  QUOTE(sql_quote_string, "a\nb\r\u2028`", "'a\nb\r\u2028`'");
}

static void test_comment_text(void **state) {
  (void)state;
  QUOTE(sql_comment_text, "Loan Created Events", "Loan Created Events");
  QUOTE(sql_comment_text, "a\nb\r\nc", "a b  c");
  QUOTE(sql_comment_text, "x\u2028y\u2029z\xc2\x85w\tv\x01u\x7f", "x y z w v u ");
  QUOTE(sql_comment_text, "/* open", "/ * open");
  QUOTE(sql_comment_text, "close */", "close * /");
  QUOTE(sql_comment_text, "/*/", "/ * /");
  QUOTE(sql_comment_text, "-- and ; stay", "-- and ; stay");
  QUOTE(sql_comment_text, "Zürich 東京 🚀", "Zürich 東京 🚀");
  QUOTE(sql_comment_text, "bad \xff\xc3 utf8", "bad ?? utf8");
  QUOTE(sql_comment_text, "\xed\xa0\x80", "???"); /* a surrogate is not UTF-8 */
  QUOTE(sql_comment_text, "bidi \u202eevil\u202c", "bidi ?evil?");
}

/* ---- templates ---------------------------------------------------------- */

enum { F_NAME, F_SQL, F_FLAG, F_ITEMS, F__COUNT };
static const TplField ITEM_FIELDS[] = {{"name", TPL_TEXT, NULL}, {NULL, TPL_TEXT, NULL}};
static const TplField FIELDS[] = {
    [F_NAME] = {"name", TPL_TEXT, NULL}, [F_SQL] = {"sql", TPL_SQL, NULL},
    [F_FLAG] = {"flag", TPL_FLAG, NULL}, [F_ITEMS] = {"items", TPL_LIST, ITEM_FIELDS},
    [F__COUNT] = {NULL, TPL_TEXT, NULL},
};

/* Renders `text` with name = "it's", sql = "a = 1", flag, and items a`b, c. */
static char *render(const char *text, bool flag) {
  DiagList diags;
  diag_list_init(&diags);
  Template *t;
  int rc = template_parse(&t, "t.tpl", text, strlen(text), FIELDS, &diags);
  assert_int_equal(rc, 0);
  assert_int_equal(diags.count, 0);
  TplValue items[2] = {{.text = "a`b", .len = 3}, {.text = "c", .len = 1}};
  TplList list = {items, 2, 1};
  TplValue root[F__COUNT] = {
      [F_NAME] = {.text = "it's", .len = 4},
      [F_SQL] = {.text = "a = 1", .len = 5},
      [F_FLAG] = {.flag = flag},
      [F_ITEMS] = {.list = &list},
  };
  Buf sb;
  buf_init(&sb);
  assert_int_equal(template_render(t, root, &sb, &diags), 0);
  template_free(t);
  diag_list_free(&diags);
  char *out = strdup(buf_str(&sb));
  buf_free(&sb);
  return out;
}

static void expect_render(const char *text, bool flag, const char *want) {
  char *got = render(text, flag);
  assert_string_equal(got, want);
  free(got);
}

static void test_template_render(void **state) {
  (void)state;
  expect_render("{{name | string}} {{name|ident}} {{ sql }}", false,
                "'it''s' `it's` a = 1");
  expect_render("x{{#if flag}}yes{{else}}no{{/if}}", true, "xyes");
  expect_render("x{{#if flag}}yes{{else}}no{{/if}}", false, "xno");
  expect_render("{{#if !flag}}off{{/if}}", false, "off");
  expect_render("({{#each items}}{{name | ident}}{{#if !last}}, {{/if}}{{/each}})", false,
                "(`a``b`, `c`)");
  /* outer names stay visible in a loop; first is the loop's */
  expect_render("{{#each items}}{{#if first}}{{sql}}:{{/if}}{{name|string}};{{/each}}",
                false, "a = 1:'a`b';'c';");
  /* a block tag alone on its line takes the line with it */
  expect_render("a\n  {{#if flag}}\nb\n  {{/if}}\n{{! note }}\nc\n", true, "a\nb\nc\n");
  expect_render("{{#if items}}has items{{/if}}", false, "has items");
}

/* Loads `text` expecting one error with `code` at `line`. */
static void expect_template_error(const char *text, const char *code, uint32_t line) {
  DiagList diags;
  diag_list_init(&diags);
  Template *t;
  int rc = template_parse(&t, "bad.sql.tpl", text, strlen(text), FIELDS, &diags);
  assert_int_equal(rc, -1);
  assert_true(diags.count >= 1);
  assert_string_equal(diags.items[0].code, code);
  assert_string_equal(diags.items[0].file, "bad.sql.tpl");
  assert_int_equal(diags.items[0].pos.line, line);
  /* The message is fully formatted: no stray or garbage argument. */
  if (strcmp(code, "template-unquoted") == 0)
    assert_non_null(strstr(diags.items[0].message, "write {{name | ident}}"));
  template_free(t);
  diag_list_free(&diags);
}

static void test_template_errors(void **state) {
  (void)state;
  expect_template_error("ok\n{{nope}}\n", "template-unknown-name", 2);
  expect_template_error("\n\n{{name}}", "template-unquoted", 3);
  expect_template_error("{{sql | string}}", "template-filter", 1);
  expect_template_error("{{name | shout}}", "template-syntax", 1);
  expect_template_error("{{flag}}", "template-kind", 1);
  expect_template_error("{{#each name}}{{/each}}", "template-kind", 1);
  expect_template_error("a\n{{#if flag}}\nb\n", "template-syntax", 2);
  expect_template_error("{{/each}}", "template-syntax", 1);
  expect_template_error("x {{name | ident", "template-syntax", 1);
  /* an item's names exist only inside its loop */
  expect_template_error("{{#each items}}{{/each}}\n{{first}}", "template-unknown-name",
                        2);
}

static void test_template_bad_identifier(void **state) {
  (void)state;
  DiagList diags;
  diag_list_init(&diags);
  Template *t;
  const char *text = "{{name | ident}}";
  assert_int_equal(template_parse(&t, "t.tpl", text, strlen(text), FIELDS, &diags), 0);
  TplValue root[F__COUNT] = {[F_NAME] = {.text = "a\nb", .len = 3}};
  Buf sb;
  buf_init(&sb);
  assert_int_equal(template_render(t, root, &sb, &diags), -1);
  assert_string_equal(diags.items[0].code, "bad-identifier");
  assert_null(strchr(buf_str(&sb), '\n'));
  buf_free(&sb);
  template_free(t);
  diag_list_free(&diags);
}

/* ---- WHERE clauses from compiled filters --------------------------------- */

/* Compiles one filter with `conditions` (YAML flow text) and returns the
 * WHERE condition of its route `route`. */
static char *where_of(const char *filter_body, size_t route) {
  char yaml[4096];
  snprintf(yaml, sizeof yaml,
           "filters:\n  - id: t\n    name: t\n    consumerId: c\n    enabled: true\n%s",
           filter_body);
  DiagList diags;
  diag_list_init(&diags);
  Schema schema;
  assert_int_equal(schema_load(&schema, NULL, &diags), 0);
  Compilation c;
  int rc =
      compile_memory(&c, "t.yaml", yaml, strlen(yaml), &schema, VARIANT_NORMAL, &diags);
  if (rc != 0)
    for (size_t i = 0; i < diags.count; i++)
      fprintf(stderr, "%u:%u %s\n", diags.items[i].pos.line, diags.items[i].pos.col,
              diags.items[i].message);
  assert_int_equal(rc, 0);
  Buf sb;
  buf_init(&sb);
  sql_route_condition(&sb, &c.program->filters[0].routes[route], &c.plan);
  char *out = strdup(buf_str(&sb));
  buf_free(&sb);
  compilation_free(&c);
  schema_free(&schema);
  diag_list_free(&diags);
  return out;
}

static void expect_where(const char *conditions, const char *want) {
  char body[2048];
  snprintf(body, sizeof body, "    outputTopic: out\n    conditions:\n%s", conditions);
  char *got = where_of(body, 0);
  assert_string_equal(got, want);
  free(got);
}

static void test_where_operators(void **state) {
  (void)state;
  expect_where("      - {field: event_type, operator: notEquals, value: \"a'b\"}\n",
               "`event_type` <> 'a''b'");
  expect_where("      - {field: event_type, operator: notIn, values: [a, b]}\n",
               "`event_type` NOT IN ('a', 'b')");
  expect_where("      - {field: __ts_ms, operator: between, min: 1, max: 2}\n",
               "`__ts_ms` BETWEEN 1 AND 2");
  expect_where("      - {field: id, operator: matches, value: '^a\\d'}\n",
               "REGEXP(`id`, '^a\\d')");
  expect_where("      - {field: eventHeader.eventType, operator: isNull}\n",
               "`event_type` IS NULL");
  expect_where("      - {field: eventBody.x, operator: greaterThan, value: 5}\n",
               "TRY_CAST(JSON_VALUE(`event_data`, '$.eventBody.x') AS DOUBLE) > 5");
  expect_where("      - {field: eventBody.s, operator: equals, value: x}\n",
               "JSON_VALUE(`event_data`, '$.eventBody.s') = 'x'");
  expect_where("      - {field: __ts_ms, operator: equals, value: 9007199254740993}\n",
               "`__ts_ms` = 9007199254740993");
  expect_where(
      "      - {field: __ts_ms, operator: lessThan, value: 9223372036854775807}\n",
      "`__ts_ms` < 9223372036854775807");
  expect_where("      - {field: eventBody.ok, operator: equals, value: false}\n",
               "TRY_CAST(JSON_VALUE(`event_data`, '$.eventBody.ok') AS BOOLEAN) = FALSE");
  /* every operator of the table has its SQL spelling somewhere above or
   * in the golden files; check the table itself is what is used */
  for (size_t i = 0; i < OP__COUNT; i++)
    assert_non_null(operator_info((OpKind)i)->sql);
}

static void test_where_groups(void **state) {
  (void)state;
  expect_where(
      "      - {field: id, operator: isNotNull}\n"
      "      - any:\n"
      "          - {field: event_type, operator: equals, value: a}\n"
      "          - not: {all: [{field: event_name, operator: equals, value: b},"
      " {field: event_name, operator: equals, value: c}]}\n",
      "`id` IS NOT NULL\n  AND (`event_type` = 'a' OR NOT (`event_name` = 'b' AND "
      "`event_name` = 'c'))");
  char *got =
      where_of("    conditions:\n      - {field: id, operator: equals, value: x}\n"
               "    outputTopics:\n"
               "      - topic: t1\n"
               "        condition: {any: [{field: event_type, operator: equals, "
               "value: a}, {field: event_type, operator: equals, value: b}]}\n",
               0);
  assert_string_equal(got,
                      "(`id` = 'x')\n  AND (`event_type` = 'a' OR `event_type` = 'b')");
  free(got);
}

/* ---- diff --------------------------------------------------------------- */

static char *diff_of(const char *a, const char *b, int *rc) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  *rc = print_short_diff(f, "old", a, strlen(a), "new", b, strlen(b), 40);
  fclose(f);
  return buf;
}

static void test_diff(void **state) {
  (void)state;
  int rc;
  char *out = diff_of("a\nb\nc\n", "a\nb\nc\n", &rc);
  assert_int_equal(rc, 0);
  assert_string_equal(out, "");
  free(out);
  out = diff_of("1\n2\n3\n4\n5\nold\n6\n", "1\n2\n3\n4\n5\nnew\n6\n", &rc);
  assert_int_equal(rc, 1);
  assert_non_null(
      strstr(out, "--- old\n+++ new\n@@ -3,5 +3,5 @@\n 3\n 4\n 5\n-old\n+new\n 6\n"));
  free(out);
  out = diff_of("x\n", "x", &rc);
  assert_int_equal(rc, 1);
  assert_non_null(strstr(out, "final line break"));
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quote_ident),
      cmocka_unit_test(test_quote_string),
      cmocka_unit_test(test_comment_text),
      cmocka_unit_test(test_template_render),
      cmocka_unit_test(test_template_errors),
      cmocka_unit_test(test_template_bad_identifier),
      cmocka_unit_test(test_where_operators),
      cmocka_unit_test(test_where_groups),
      cmocka_unit_test(test_diff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
