#include "trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* Appends with vsnprintf, never past size; returns the new length. */
__attribute__((format(printf, 4, 5))) static size_t
append(char *out, size_t size, size_t n, const char *fmt, ...) {
  if (n >= size)
    return n;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(out + n, size - n, fmt, ap);
  va_end(ap);
  return k < 0 ? n : n + (size_t)k;
}

static size_t literal_text(const Literal *lit, SqlType type, char *out, size_t size,
                           size_t n) {
  switch (type) {
  case SQL_TYPE_STRING:
    return append(out, size, n, "'%s'", lit->text);
  case SQL_TYPE_BOOLEAN:
    return append(out, size, n, "%s", lit->boolean ? "true" : "false");
  case SQL_TYPE_BIGINT:
  case SQL_TYPE_DOUBLE:
  case SQL_TYPE_UNKNOWN:
    break;
  }
  /* as written, unless the checker converted it (timestamps, int64) */
  if (lit->kind == LITERAL_NUMBER && lit->text)
    return append(out, size, n, "%s", lit->text);
  return append(out, size, n, "%.15g", lit->number);
}

void describe_cond(const Cond *c, char *out, size_t size) {
  if (c->kind != COND_COMPARE) {
    const char *name = c->kind == COND_ALL ? "all" : c->kind == COND_ANY ? "any" : "not";
    snprintf(out, size, "%s%s", name, c->implicit ? " (of the conditions list)" : "");
    return;
  }
  const OperatorInfo *op = operator_info(c->op);
  SqlType type = c->op == OP_MATCHES ? SQL_TYPE_STRING : c->type;
  size_t n = append(out, size, 0, "%s %s", c->field.text, op->name);
  for (size_t i = 0; i < c->arg_count; i++) {
    const char *sep = op->shape == ARGS_RANGE  ? (i ? " and " : " ")
                      : op->shape == ARGS_LIST ? (i ? ", " : " [")
                                               : " ";
    n = append(out, size, n, "%s", sep);
    n = literal_text(&c->args[i], type, out, size, n);
  }
  if (op->shape == ARGS_LIST)
    append(out, size, n, "]");
}

void describe_value(const RtValue *v, char *out, size_t size) {
  switch (v->kind) {
  case RT_NULL:
    snprintf(out, size, "NULL");
    break;
  case RT_STRING: {
    int shown = v->len > 60 ? 60 : (int)v->len;
    snprintf(out, size, "'%.*s'%s", shown, v->str, v->len > 60 ? "..." : "");
    break;
  }
  case RT_BIGINT:
    snprintf(out, size, "%" PRId64, v->i);
    break;
  case RT_DOUBLE:
    snprintf(out, size, "%.17g", v->d);
    break;
  case RT_BOOL:
    snprintf(out, size, "%s", v->b ? "TRUE" : "FALSE");
    break;
  }
}

static void print_node(FILE *out, const Plan *p, uint32_t id, RtEvaluator *e,
                       RtMessage *m, const RtTruth *trace, int indent) {
  const PlanNode *node = &p->nodes[id];
  char label[512], value[128];
  describe_cond(node->cond, label, sizeof label);
  fprintf(out, "%*s%-7s %s", indent, "", rt_truth_name(trace[id]), label);
  if (node->cond->kind == COND_COMPARE) {
    RtValue v = rt_operand(e, m, node->cond);
    describe_value(&v, value, sizeof value);
    fprintf(out, "   <- %s is %s", node->cond->field.text, value);
  }
  fputc('\n', out);
  for (uint32_t k = 0; k < node->kid_count; k++)
    print_node(out, p, p->kids[node->kid_start + k], e, m, trace, indent + 2);
}

void print_route_trace(FILE *out, const Plan *p, size_t route, RtEvaluator *e,
                       RtMessage *m, const RtTruth *trace, int indent) {
  const PlanRoute *r = &p->routes[route];
  if (r->filter_root != PLAN_NO_NODE)
    print_node(out, p, r->filter_root, e, m, trace, indent);
  else
    fprintf(out, "%*s(filter has no condition: TRUE)\n", indent, "");
  if (r->route_root != PLAN_NO_NODE) {
    fprintf(out, "%*sAND route condition:\n", indent, "");
    print_node(out, p, r->route_root, e, m, trace, indent);
  }
}
