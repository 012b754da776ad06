/* Checked conditions to Flink SQL boolean expressions. This is the only
 * stage that turns the AST into SQL text; templates only place it. */
#ifndef FILTERC_SQL_EXPR_H
#define FILTERC_SQL_EXPR_H

#include "ast.h"
#include "buf.h"
#include "plan.h"

/* One condition, fully parenthesised: every all/any group is in
 * parentheses and NOT always wraps its operand, so the SQL means exactly
 * the AST whatever Flink's operator precedence. */
void sql_cond(Buf *out, const Cond *c, const Plan *plan);

/* The WHERE condition of a route (without the WHERE keyword): its filter's
 * condition AND the route's own, each parenthesised, on separate lines.
 * With only one of them, its top-level members go one per line. The route
 * may belong to a filter the plan does not run (diff shows removed ones). */
void sql_route_condition(Buf *out, const Route *r, const Plan *plan);

#endif
