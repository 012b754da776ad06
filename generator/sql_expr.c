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
static void operand(StrBuf *out, const Cond *c, const Schema *schema) {
  const FieldRef *f = &c->field;
  if (f->column >= 0) {
    const char *name = schema->columns[f->column].name;
    sql_quote_ident(out, name, strlen(name));
    return;
  }
  bool converted = c->type != SQL_TYPE_STRING;
  if (converted)
    sb_puts(out, "TRY_CAST(");
  const char *json = schema->columns[schema->json_column].name;
  sb_puts(out, "JSON_VALUE(");
  sql_quote_ident(out, json, strlen(json));
  sb_puts(out, ", ");
  sql_quote_string(out, f->json_path, strlen(f->json_path));
  sb_putc(out, ')');
  if (converted)
    sb_printf(out, " AS %s)", sql_type_name(c->type));
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

static void literal(StrBuf *out, const Literal *lit) {
  switch (lit->kind) {
  case LITERAL_STRING:
    sql_quote_string(out, lit->text, lit->len);
    return;
  case LITERAL_NUMBER:
    if (number_text_ok(lit->text, lit->len))
      sb_putn(out, lit->text, lit->len);
    else
      sb_printf(out, "%.17g", lit->number);
    return;
  case LITERAL_BOOL:
    sb_puts(out, lit->boolean ? "TRUE" : "FALSE");
    return;
  case LITERAL_NULL: /* the checker rejects null values */
    break;
  }
  sb_puts(out, "NULL");
}

/* Operator spelling comes from the operator table; the argument shape
 * decides the form. `matches` is the one function-call form. */
static void compare(StrBuf *out, const Cond *c, const Schema *schema) {
  const OperatorInfo *op = operator_info(c->op);
  if (c->op == OP_MATCHES) {
    sb_printf(out, "%s(", op->sql);
    operand(out, c, schema);
    sb_puts(out, ", ");
    literal(out, &c->args[0]);
    sb_putc(out, ')');
    return;
  }
  operand(out, c, schema);
  sb_printf(out, " %s", op->sql);
  switch (op->shape) {
  case ARGS_NONE:
    return;
  case ARGS_ONE:
    sb_putc(out, ' ');
    literal(out, &c->args[0]);
    return;
  case ARGS_LIST:
    sb_puts(out, " (");
    for (size_t i = 0; i < c->arg_count; i++) {
      if (i)
        sb_puts(out, ", ");
      literal(out, &c->args[i]);
    }
    sb_putc(out, ')');
    return;
  case ARGS_RANGE:
    sb_putc(out, ' ');
    literal(out, &c->args[0]);
    sb_puts(out, " AND ");
    literal(out, &c->args[1]);
    return;
  }
}

static void cond(StrBuf *out, const Cond *c, const Schema *schema, bool parens);

/* The members of an all/any group joined by `joiner`, each a comparison or
 * a parenthesised group. */
static void members(StrBuf *out, const Cond *c, const Schema *schema,
                    const char *joiner) {
  for (size_t i = 0; i < c->kid_count; i++) {
    if (i)
      sb_puts(out, joiner);
    cond(out, c->kids[i], schema, true);
  }
}

static const char *inline_joiner(const Cond *c) {
  return c->kind == COND_ALL ? " AND " : " OR ";
}

/* `parens`: whether an all/any group needs its own parentheses here (not
 * at the top of a WHERE, nor directly inside NOT's). */
static void cond(StrBuf *out, const Cond *c, const Schema *schema, bool parens) {
  switch (c->kind) {
  case COND_COMPARE:
    compare(out, c, schema);
    return;
  case COND_NOT:
    sb_puts(out, "NOT (");
    cond(out, c->kids[0], schema, false);
    sb_putc(out, ')');
    return;
  case COND_ALL:
  case COND_ANY:
    if (c->kid_count == 1) { /* a group of one means its member */
      cond(out, c->kids[0], schema, parens);
      return;
    }
    if (parens)
      sb_putc(out, '(');
    members(out, c, schema, inline_joiner(c));
    if (parens)
      sb_putc(out, ')');
    return;
  }
}

void sql_cond(StrBuf *out, const Cond *c, const Plan *plan) {
  cond(out, c, plan->schema, true);
}

void sql_route_condition(StrBuf *out, const Route *r, const Plan *plan) {
  const Schema *schema = plan->schema;
  const Cond *f = r->filter->cond, *own = r->cond;
  if (f && own) {
    sb_putc(out, '(');
    cond(out, f, schema, false);
    sb_puts(out, ")\n  AND (");
    cond(out, own, schema, false);
    sb_putc(out, ')');
    return;
  }
  const Cond *only = f ? f : own;
  if (!only) { /* the checker rejects routes without conditions */
    sb_puts(out, "FALSE");
    return;
  }
  if ((only->kind == COND_ALL || only->kind == COND_ANY) && only->kid_count > 1)
    members(out, only, schema, only->kind == COND_ALL ? "\n  AND " : "\n   OR ");
  else
    cond(out, only, schema, false);
}
