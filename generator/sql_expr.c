#include "sql_expr.h"

#include <string.h>

#include "sql_quote.h"

/* The value a comparison reads: a column directly, or a JSON path.
 *
 * A JSON path is read with the STRING form of JSON_VALUE and, for another
 * type, converted with TRY_CAST. Neither can throw on message data:
 * JSON_VALUE without RETURNING converts the raw JSON scalar with
 * String.valueOf, and TRY_CAST gives NULL where CAST would fail the job.
 * `JSON_VALUE(... RETURNING DOUBLE)` is not used because Flink's generated
 * code casts the raw object with a plain Java cast outside ON ERROR
 * (JsonValueCallGen.scala): a JSON integer throws ClassCastException and
 * fails the job (FLINK-40463, CALCITE-7801). */
static void operand(Buf *out, const Cond *c, const Schema *schema) {
  const FieldRef *f = &c->field;
  if (f->column >= 0) {
    const char *name = schema->columns[f->column].name;
    sql_quote_ident(out, name, strlen(name));
    return;
  }
  bool converted = c->type != SQL_TYPE_STRING;
  if (converted)
    buf_adds(out, "TRY_CAST(");
  const char *json = schema->columns[schema->json_column].name;
  buf_adds(out, "JSON_VALUE(");
  sql_quote_ident(out, json, strlen(json));
  buf_adds(out, ", ");
  sql_quote_string(out, f->json_path, strlen(f->json_path));
  buf_addc(out, ')');
  if (converted)
    buf_printf(out, " AS %s)", sql_type_name(c->type));
}

/* Number text is the checker's canonical spelling; anything else would be
 * a checker bug, and is not allowed to reach the SQL unquoted. */
static bool number_text_ok(const char *s, size_t n) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!strchr("0123456789.eE+-", s[i]) || s[i] == '\0')
      return false;
  return true;
}

static void literal(Buf *out, const Literal *lit) {
  switch (lit->kind) {
  case LITERAL_STRING:
    sql_quote_string(out, lit->text, lit->len);
    return;
  case LITERAL_NUMBER:
    if (number_text_ok(lit->text, lit->len))
      buf_add(out, lit->text, lit->len);
    else
      buf_printf(out, "%.17g", lit->number);
    return;
  case LITERAL_BOOL:
    buf_adds(out, lit->boolean ? "TRUE" : "FALSE");
    return;
  case LITERAL_NULL: /* the checker rejects null values */
    break;
  }
  buf_adds(out, "NULL");
}

/* Operator spelling comes from the operator table; the argument shape
 * decides the form. `matches` is the one function-call form. */
static void compare(Buf *out, const Cond *c, const Schema *schema) {
  const OperatorInfo *op = operator_info(c->op);
  if (c->op == OP_MATCHES) {
    buf_printf(out, "%s(", op->sql);
    operand(out, c, schema);
    buf_adds(out, ", ");
    literal(out, &c->args[0]);
    buf_addc(out, ')');
    return;
  }
  operand(out, c, schema);
  buf_printf(out, " %s", op->sql);
  switch (op->shape) {
  case ARGS_NONE:
    return;
  case ARGS_ONE:
    buf_addc(out, ' ');
    literal(out, &c->args[0]);
    return;
  case ARGS_LIST:
    buf_adds(out, " (");
    for (size_t i = 0; i < c->arg_count; i++) {
      if (i)
        buf_adds(out, ", ");
      literal(out, &c->args[i]);
    }
    buf_addc(out, ')');
    return;
  case ARGS_RANGE:
    buf_addc(out, ' ');
    literal(out, &c->args[0]);
    buf_adds(out, " AND ");
    literal(out, &c->args[1]);
    return;
  }
}

static void cond(Buf *out, const Cond *c, const Schema *schema, bool parens);

/* The members of an all/any group joined by `joiner`, each a comparison or
 * a parenthesised group. */
static void members(Buf *out, const Cond *c, const Schema *schema, const char *joiner) {
  for (size_t i = 0; i < c->kid_count; i++) {
    if (i)
      buf_adds(out, joiner);
    cond(out, c->kids[i], schema, true);
  }
}

static const char *inline_joiner(const Cond *c) {
  return c->kind == COND_ALL ? " AND " : " OR ";
}

/* `parens`: whether an all/any group needs its own parentheses here (not
 * at the top of a WHERE, nor directly inside NOT's). */
static void cond(Buf *out, const Cond *c, const Schema *schema, bool parens) {
  switch (c->kind) {
  case COND_COMPARE:
    compare(out, c, schema);
    return;
  case COND_NOT:
    buf_adds(out, "NOT (");
    cond(out, c->kids[0], schema, false);
    buf_addc(out, ')');
    return;
  case COND_ALL:
  case COND_ANY:
    if (c->kid_count == 1) { /* a group of one means its member */
      cond(out, c->kids[0], schema, parens);
      return;
    }
    if (parens)
      buf_addc(out, '(');
    members(out, c, schema, inline_joiner(c));
    if (parens)
      buf_addc(out, ')');
    return;
  }
}

void sql_cond(Buf *out, const Cond *c, const Plan *plan) {
  cond(out, c, plan->schema, true);
}

void sql_route_condition(Buf *out, const Route *r, const Plan *plan) {
  const Schema *schema = plan->schema;
  const Cond *f = r->filter->cond, *own = r->cond;
  if (f && own) {
    buf_addc(out, '(');
    cond(out, f, schema, false);
    buf_adds(out, ")\n  AND (");
    cond(out, own, schema, false);
    buf_addc(out, ')');
    return;
  }
  const Cond *only = f ? f : own;
  if (!only) { /* the checker rejects routes without conditions */
    buf_adds(out, "FALSE");
    return;
  }
  if ((only->kind == COND_ALL || only->kind == COND_ANY) && only->kid_count > 1)
    members(out, only, schema, only->kind == COND_ALL ? "\n  AND " : "\n   OR ");
  else
    cond(out, only, schema, false);
}
