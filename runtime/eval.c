/* Stage 5: evaluation, in SQL three-valued logic. A route sends an event to
 * its topic only when (filter condition AND route condition) is TRUE.
 *
 *   comparison with a NULL operand        UNKNOWN (IN / NOT IN included)
 *   IS NULL / IS NOT NULL                 never UNKNOWN
 *   NOT UNKNOWN                           UNKNOWN
 *   AND: FALSE if any FALSE, else UNKNOWN if any UNKNOWN, else TRUE
 *   OR:  TRUE if any TRUE, else UNKNOWN if any UNKNOWN, else FALSE
 *   BETWEEN a AND b                       x >= a AND x <= b
 *   STRING compares by UTF-8 bytes, DOUBLE as doubles, BIGINT as int64,
 *   BOOLEAN false < true; `matches` is REGEXP (find). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct RtEvaluator {
  const Plan *p;
  RtMatcher matcher;
  RtTruth *route_truth;
  bool *topic_hit;
  RtTruth *filter_truth; /* per filter slot, this event */
  RtResult result;
};

const char *rt_truth_name(RtTruth t) {
  switch (t) {
  case RT_TRUE:
    return "TRUE";
  case RT_FALSE:
    return "FALSE";
  case RT_UNKNOWN:
    break;
  }
  return "UNKNOWN";
}

RtEvaluator *rt_evaluator_new(const Plan *p) {
  RtEvaluator *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  e->p = p;
  e->route_truth = calloc(p->route_count + 1, sizeof *e->route_truth);
  e->topic_hit = calloc(p->topic_count + 1, sizeof *e->topic_hit);
  e->filter_truth = calloc(p->filter_slots + 1, sizeof *e->filter_truth);
  if (!e->route_truth || !e->topic_hit || !e->filter_truth ||
      rt_matcher_init(&e->matcher) != 0) {
    rt_evaluator_free(e);
    return NULL;
  }
  e->result.route_truth = e->route_truth;
  e->result.topic_hit = e->topic_hit;
  return e;
}

void rt_evaluator_free(RtEvaluator *e) {
  if (!e)
    return;
  rt_matcher_free(&e->matcher);
  free(e->route_truth);
  free(e->topic_hit);
  free(e->filter_truth);
  free(e);
}

uint64_t rt_evaluator_regex_limit_hits(const RtEvaluator *e) {
  return e->matcher.limit_hits;
}

RtValue rt_operand(RtEvaluator *e, RtMessage *m, const Cond *c) {
  (void)e;
  if (c->field.column >= 0)
    return rt_message_column(m, (size_t)c->field.column);
  return rt_json_value(m, &c->field, c->type);
}

/* A non-NULL value against a literal of the condition's type. */
static Outcome compare(const RtValue *v, const Literal *lit) {
  int c = 0;
  switch (v->kind) {
  case RT_STRING: { /* UTF-8 bytes, as Flink's BinaryStringData.compareTo */
    size_t n = v->len < lit->len ? v->len : lit->len;
    c = memcmp(v->str, lit->text, n);
    if (c == 0)
      c = (v->len > lit->len) - (v->len < lit->len);
    break;
  }
  case RT_BIGINT: /* the checker guarantees an int64 literal */
    c = (v->i > lit->int64) - (v->i < lit->int64);
    break;
  case RT_DOUBLE:
    if (isnan(v->d))
      return OUTCOME_UNORDERED;
    c = (v->d > lit->number) - (v->d < lit->number);
    break;
  case RT_BOOL:
    c = (int)v->b - (int)lit->boolean;
    break;
  case RT_NULL:
    break;
  }
  return c < 0 ? OUTCOME_LESS : c > 0 ? OUTCOME_GREATER : OUTCOME_EQUAL;
}

static RtTruth truth_of(bool b) {
  return b ? RT_TRUE : RT_FALSE;
}

/* The operator's meaning comes from the operator table (operators.h). */
static RtTruth eval_compare(RtEvaluator *e, const PlanNode *node, RtMessage *m) {
  const Cond *c = node->cond;
  const OperatorInfo *op = operator_info(c->op);
  RtValue v = rt_operand(e, m, c);
  if (op->meaning == MEANING_NULLNESS)
    return truth_of((v.kind == RT_NULL) != op->negated);
  if (v.kind == RT_NULL)
    return RT_UNKNOWN;
  switch (op->meaning) {
  case MEANING_COMPARE:
    return truth_of(operator_holds(op, compare(&v, &c->args[0])));
  case MEANING_RANGE: {
    Outcome lo = compare(&v, &c->args[0]), hi = compare(&v, &c->args[1]);
    return truth_of((lo == OUTCOME_GREATER || lo == OUTCOME_EQUAL) &&
                    (hi == OUTCOME_LESS || hi == OUTCOME_EQUAL));
  }
  case MEANING_MEMBER: {
    /* literals are never NULL (the checker rejects null values), so the
     * list cannot make the result UNKNOWN */
    bool found = false;
    for (size_t i = 0; i < c->arg_count && !found; i++)
      found = compare(&v, &c->args[i]) == OUTCOME_EQUAL;
    return truth_of(found != op->negated);
  }
  case MEANING_REGEX:
    return rt_matcher_find(&e->matcher, node->re, v.str, v.len);
  case MEANING_NULLNESS:
    break;
  }
  return RT_UNKNOWN;
}

static RtTruth eval_node(RtEvaluator *e, uint32_t id, RtMessage *m, RtTruth *trace) {
  const Plan *p = e->p;
  const PlanNode *node = &p->nodes[id];
  const Cond *c = node->cond;
  RtTruth t;
  if (c->kind == COND_COMPARE) {
    t = eval_compare(e, node, m);
  } else if (c->kind == COND_NOT) {
    RtTruth k = eval_node(e, p->kids[node->kid_start], m, trace);
    t = k == RT_UNKNOWN ? RT_UNKNOWN : truth_of(k == RT_FALSE);
  } else {
    /* ALL: FALSE dominates; ANY: TRUE dominates; otherwise UNKNOWN wins */
    RtTruth dominant = c->kind == COND_ALL ? RT_FALSE : RT_TRUE;
    bool unknown = false, decided = false;
    for (uint32_t i = 0; i < node->kid_count; i++) {
      RtTruth k = eval_node(e, p->kids[node->kid_start + i], m, trace);
      if (k == dominant) {
        decided = true;
        if (!trace)
          break;
      }
      unknown |= k == RT_UNKNOWN;
    }
    t = decided   ? dominant
        : unknown ? RT_UNKNOWN
                  : (dominant == RT_FALSE ? RT_TRUE : RT_FALSE);
  }
  if (trace)
    trace[id] = t;
  return t;
}

static RtTruth and3(RtTruth a, RtTruth b) {
  if (a == RT_FALSE || b == RT_FALSE)
    return RT_FALSE;
  return a == RT_UNKNOWN || b == RT_UNKNOWN ? RT_UNKNOWN : RT_TRUE;
}

const RtResult *rt_eval(RtEvaluator *e, RtMessage *m, RtTruth *trace) {
  const Plan *p = e->p;
  RtResult *r = &e->result;
  memset(e->topic_hit, 0, p->topic_count * sizeof *e->topic_hit);
  r->topics_hit = 0;
  r->unknown_routes = 0;
  size_t slot_done = SIZE_MAX;
  for (size_t i = 0; i < p->route_count; i++) {
    const PlanRoute *rt = &p->routes[i];
    /* routes of one filter are adjacent: evaluate its condition once */
    if (slot_done != rt->filter_slot) {
      e->filter_truth[rt->filter_slot] = rt->filter_root == PLAN_NO_NODE
                                             ? RT_TRUE
                                             : eval_node(e, rt->filter_root, m, trace);
      slot_done = rt->filter_slot;
    }
    RtTruth t = e->filter_truth[rt->filter_slot];
    if (rt->route_root != PLAN_NO_NODE && (t != RT_FALSE || trace))
      t = and3(t, eval_node(e, rt->route_root, m, trace));
    e->route_truth[i] = t;
    if (t == RT_UNKNOWN)
      r->unknown_routes++;
    if (t == RT_TRUE && !e->topic_hit[rt->topic]) {
      e->topic_hit[rt->topic] = true;
      r->topics_hit++;
    }
  }
  return r;
}
