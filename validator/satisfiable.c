/* Satisfiability: warning when the AND-ed comparisons of a route can never
 * all be TRUE, so nothing reaches its topic. Separate because it is a
 * budgeted search of its own (per-operand state, hash sets of lists) that
 * runs only on conditions already checked clean. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "operators.h"

/* The check keeps, per operand, what the AND-ed conditions so far allow
 * (a range, an equals value, the null-ness), so each condition is tested
 * once against the state instead of against every earlier condition: all
 * pairs took 470 s on 130,000 conditions expanded from 960 bytes of
 * aliases. Only `in` against earlier `in` lists on the same operand stays
 * pairwise; that, and a filter's conditions re-read for each of its
 * routes, count against SAT_BUDGET, and past it the check stops with a
 * note instead of running for minutes. */
enum { SAT_BUDGET = 20000000 }; /* about 0.5 s of probes */

static bool same_operand(const Cond *a, const Cond *b) {
  if (a->type != b->type)
    return false;
  if (a->field.column >= 0 || b->field.column >= 0)
    return a->field.column == b->field.column;
  return a->field.json_path && b->field.json_path &&
         strcmp(a->field.json_path, b->field.json_path) == 0;
}

typedef struct Bound {
  const Literal *lo, *hi;
  bool lo_open, hi_open;
} Bound;

/* The interval of values a comparison admits, read from the operator
 * table: an outcome mask of exactly EQUAL is a point, GREATER/LESS (with or
 * without EQUAL) one open or closed side, BETWEEN both closed sides.
 * Anything else (<>, IN, REGEXP, ...) is no interval. */
static Bound bound_of(const Cond *c) {
  const OperatorInfo *op = operator_info(c->op);
  Bound b = {0};
  switch (op->meaning) {
  case MEANING_COMPARE: {
    unsigned h = op->holds & ~(unsigned)OUTCOME_UNORDERED;
    bool eq = (h & OUTCOME_EQUAL) != 0;
    if (h == OUTCOME_EQUAL)
      b.lo = b.hi = &c->args[0];
    else if (h == (OUTCOME_GREATER | (eq ? OUTCOME_EQUAL : 0)))
      b.lo = &c->args[0], b.lo_open = !eq;
    else if (h == (OUTCOME_LESS | (eq ? OUTCOME_EQUAL : 0)))
      b.hi = &c->args[0], b.hi_open = !eq;
    break;
  }
  case MEANING_RANGE:
    b.lo = &c->args[0], b.hi = &c->args[1];
    break;
  case MEANING_MEMBER:
  case MEANING_REGEX:
  case MEANING_NULLNESS:
    break;
  }
  return b;
}

static bool bounds_disjoint(Bound a, Bound b) {
  /* empty when one's lower bound is above the other's upper bound */
  const Bound *pairs[2][2] = {{&a, &b}, {&b, &a}};
  for (int i = 0; i < 2; i++) {
    const Bound *x = pairs[i][0], *y = pairs[i][1];
    if (!x->lo || !y->hi)
      continue;
    int cmp = tc_literal_compare(x->lo, y->hi);
    if (cmp > 0 || (cmp == 0 && (x->lo_open || y->hi_open)))
      return true;
  }
  return false;
}

/* The conditions AND-ed in one route, and what checking them may cost. */
typedef struct SatCheck {
  Checker *ck;
  Cond **items;
  LiteralSet *sets; /* per item, built on first use (slots NULL until then) */
  size_t count, cap;
} SatCheck;

/* Charges work to the file's budget; false once it is spent. */
static bool sat_charge(Checker *ck, size_t work) {
  if (ck->sat_work > SAT_BUDGET)
    return false;
  ck->sat_work += work;
  return ck->sat_work <= SAT_BUDGET;
}

static const LiteralSet *set_of(SatCheck *sc, size_t i) {
  LiteralSet *s = &sc->sets[i];
  if (!s->slots) {
    const Cond *c = sc->items[i];
    tc_literal_set_init(s, c->arg_count);
    for (size_t k = 0; k < c->arg_count; k++)
      tc_literal_set_add(s, &c->args[k]);
  }
  return s;
}

static bool list_contains(const Cond *c, const Literal *v) {
  for (size_t i = 0; i < c->arg_count; i++)
    if (tc_literal_equal(&c->args[i], v))
      return true;
  return false;
}

/* Whether the `in` lists of items a and b share a value: the smaller list
 * probes the larger one's set. */
static bool lists_intersect(SatCheck *sc, size_t a, size_t b) {
  if (sc->items[a]->arg_count > sc->items[b]->arg_count) {
    size_t t = a;
    a = b, b = t;
  }
  const Cond *small = sc->items[a];
  bool built = sc->sets[b].slots != NULL;
  if (!sat_charge(sc->ck, small->arg_count + (built ? 0 : sc->items[b]->arg_count)))
    return true; /* over budget: assume they may meet */
  const LiteralSet *set = set_of(sc, b);
  for (size_t i = 0; i < small->arg_count; i++)
    if (tc_literal_set_has(set, &small->args[i]))
      return true;
  return false;
}

static bool never_both(SatCheck *sc, size_t ia, size_t ib) {
  const Cond *a = sc->items[ia], *b = sc->items[ib];
  if (!same_operand(a, b))
    return false;
  bool a_null = a->op == OP_IS_NULL, b_null = b->op == OP_IS_NULL;
  if (a_null || b_null)
    return !(a_null && b_null); /* NULL makes every other test non-TRUE */
  if (a->op == OP_IS_NOT_NULL || b->op == OP_IS_NOT_NULL)
    return false;
  if (a->op == OP_MATCHES || b->op == OP_MATCHES || a->op == OP_NOT_EQUALS ||
      b->op == OP_NOT_EQUALS)
    return false;
  if (a->op == OP_EQUALS && b->op == OP_IN)
    return !list_contains(b, &a->args[0]);
  if (b->op == OP_EQUALS && a->op == OP_IN)
    return !list_contains(a, &b->args[0]);
  if (a->op == OP_EQUALS && b->op == OP_NOT_IN)
    return list_contains(b, &a->args[0]);
  if (b->op == OP_EQUALS && a->op == OP_NOT_IN)
    return list_contains(a, &b->args[0]);
  if (a->op == OP_IN && b->op == OP_IN)
    return !lists_intersect(sc, ia, ib);
  if (a->op == OP_IN || b->op == OP_IN || a->op == OP_NOT_IN || b->op == OP_NOT_IN)
    return false;
  return bounds_disjoint(bound_of(a), bound_of(b));
}

static void collect_conjuncts(SatCheck *out, Cond *c) {
  if (!c)
    return;
  if (c->kind == COND_ALL) {
    for (size_t i = 0; i < c->kid_count; i++)
      collect_conjuncts(out, c->kids[i]);
    return;
  }
  if (c->kind != COND_COMPARE || c->type == SQL_TYPE_UNKNOWN)
    return;
  if (out->count == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 8;
    out->items = realloc(out->items, out->cap * sizeof *out->items);
    if (!out->items)
      abort();
  }
  out->items[out->count++] = c;
}

typedef struct Keyed {
  const Cond *cond;
  size_t index;
} Keyed;

/* Orders by operand, so that same_operand holds exactly within runs. */
static int compare_operands(const void *pa, const void *pb) {
  const Keyed *a = pa, *b = pb;
  const FieldRef *x = &a->cond->field, *y = &b->cond->field;
  if (a->cond->type != b->cond->type)
    return a->cond->type < b->cond->type ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  if (x->column < 0) {
    if (!x->json_path || !y->json_path) {
      if (x->json_path || y->json_path)
        return x->json_path ? -1 : 1;
      /* neither has a path: each is an operand of its own */
      return (a->index > b->index) - (a->index < b->index);
    }
    int c = strcmp(x->json_path, y->json_path);
    if (c)
      return c;
  }
  return (a->index > b->index) - (a->index < b->index);
}

/* What the conditions so far on one operand allow. Indexes into items;
 * NONE when absent. */
#define NONE SIZE_MAX
typedef struct OperandState {
  size_t null_cond, other_cond; /* the first isNull, the first other */
  size_t lo, hi;                /* tightest lower and upper bounds */
  size_t eq;                    /* the first equals */
  size_t lists;                 /* in/notIn before the first equals (chain) */
  size_t ins;                   /* every `in` (chain) */
} OperandState;

typedef struct Chains {
  size_t *next_list, *next_in;
} Chains;

/* Whether item i contradicts the conditions before it on its operand
 * (st); then adds it to st. Each test here is one never_both. */
static bool conflicts(SatCheck *sc, OperandState *st, Chains *ch, size_t i) {
  const Cond *c = sc->items[i];
  if (c->op == OP_IS_NULL ? st->other_cond != NONE : st->null_cond != NONE)
    return true;
  if (c->op == OP_IS_NULL) {
    if (st->null_cond == NONE)
      st->null_cond = i;
    return false;
  }
  if (st->other_cond == NONE)
    st->other_cond = i;
  Bound b = bound_of(c);
  if (b.lo || b.hi) {
    /* disjoint from one earlier range <=> disjoint from their intersection */
    if ((st->lo != NONE && never_both(sc, st->lo, i)) ||
        (st->hi != NONE && never_both(sc, st->hi, i)))
      return true;
    if (b.lo) {
      Bound cur = st->lo == NONE ? (Bound){0} : bound_of(sc->items[st->lo]);
      int cmp = cur.lo ? tc_literal_compare(b.lo, cur.lo) : 1;
      if (cmp > 0 || (cmp == 0 && b.lo_open && !cur.lo_open))
        st->lo = i;
    }
    if (b.hi) {
      Bound cur = st->hi == NONE ? (Bound){0} : bound_of(sc->items[st->hi]);
      int cmp = cur.hi ? tc_literal_compare(b.hi, cur.hi) : -1;
      if (cmp < 0 || (cmp == 0 && b.hi_open && !cur.hi_open))
        st->hi = i;
    }
  }
  switch (c->op) {
  case OP_EQUALS:
    if (st->eq == NONE) { /* later equals hold the same value, or the range failed */
      for (size_t k = st->lists; k != NONE; k = ch->next_list[k]) {
        if (!sat_charge(sc->ck, sc->items[k]->arg_count))
          return false;
        if (never_both(sc, k, i))
          return true;
      }
      st->eq = i;
      st->lists = NONE;
    }
    break;
  case OP_IN:
    if (st->eq != NONE && never_both(sc, st->eq, i))
      return true;
    for (size_t k = st->ins; k != NONE; k = ch->next_in[k])
      if (never_both(sc, k, i))
        return true;
    ch->next_in[i] = st->ins, st->ins = i;
    if (st->eq == NONE)
      ch->next_list[i] = st->lists, st->lists = i;
    break;
  case OP_NOT_IN:
    if (st->eq != NONE && never_both(sc, st->eq, i))
      return true;
    if (st->eq == NONE)
      ch->next_list[i] = st->lists, st->lists = i;
    break;
  case OP_NOT_EQUALS:
  case OP_GREATER_THAN:
  case OP_LESS_THAN:
  case OP_GREATER_THAN_OR_EQUAL:
  case OP_LESS_THAN_OR_EQUAL:
  case OP_BETWEEN:
  case OP_MATCHES:
  case OP_IS_NULL:
  case OP_IS_NOT_NULL:
  case OP__COUNT:
    break;
  }
  return false;
}

static void report_budget(Checker *ck, SrcPos pos) {
  Diag *d = tc_report(ck, SEV_NOTE, pos, "check-budget",
                      "the file is too large to check every route for contradictory "
                      "conditions; routes from here on are not checked");
  diag_hint(d, "split the file, or use fewer conditions per filter");
}

void tc_check_satisfiable(Checker *ck, Cond *filter_cond, Cond *route_cond,
                          const char *topic) {
  SatCheck sc = {.ck = ck};
  collect_conjuncts(&sc, filter_cond);
  collect_conjuncts(&sc, route_cond);
  size_t n = sc.count;
  if (n < 2 || !sat_charge(ck, n)) {
    if (n >= 2 && !ck->sat_budget_reported) {
      ck->sat_budget_reported = true;
      report_budget(ck, sc.items[0]->pos);
    }
    free(sc.items);
    return;
  }
  Keyed *keyed = malloc(n * sizeof *keyed);
  size_t *operand = malloc(n * sizeof *operand);
  Chains ch = {malloc(n * sizeof(size_t)), malloc(n * sizeof(size_t))};
  sc.sets = calloc(n, sizeof *sc.sets);
  if (!keyed || !operand || !ch.next_list || !ch.next_in || !sc.sets)
    abort();
  for (size_t i = 0; i < n; i++)
    keyed[i] = (Keyed){sc.items[i], i};
  qsort(keyed, n, sizeof *keyed, compare_operands);
  size_t operands = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && !same_operand(keyed[i - 1].cond, keyed[i].cond))
      operands++;
    operand[keyed[i].index] = operands;
  }
  OperandState *states = malloc((operands + 1) * sizeof *states);
  if (!states)
    abort();
  for (size_t k = 0; k <= operands; k++)
    states[k] = (OperandState){NONE, NONE, NONE, NONE, NONE, NONE, NONE};
  for (size_t i = 0; i < n; i++) {
    if (!conflicts(&sc, &states[operand[i]], &ch, i))
      continue;
    /* the earliest condition it contradicts, as the message names one */
    size_t k = 0;
    while (k < i && !never_both(&sc, k, i))
      k++;
    Diag *d = tc_report(ck, SEV_WARNING, sc.items[i]->pos, "unsatisfiable",
                        "this condition and the one at line %u can never both "
                        "be TRUE, so nothing reaches '%s'",
                        sc.items[k < i ? k : i]->pos.line, topic ? topic : "?");
    diag_hint(d, "did you mean to join them with OR (an 'any:' group)?");
    break; /* one report per route is enough */
  }
  if (ck->sat_work > SAT_BUDGET && !ck->sat_budget_reported) {
    ck->sat_budget_reported = true;
    report_budget(ck, sc.items[0]->pos);
  }
  for (size_t i = 0; i < n; i++)
    free(sc.sets[i].slots);
  free(sc.sets);
  free(states);
  free(ch.next_list);
  free(ch.next_in);
  free(operand);
  free(keyed);
  free(sc.items);
}
#undef NONE

/* Nested groups are checked on their own AND-ed members too. */
void tc_check_groups_satisfiable(Checker *ck, Cond *c, const char *topic) {
  if (!c || c->kind == COND_COMPARE)
    return;
  for (size_t i = 0; i < c->kid_count; i++) {
    Cond *kid = c->kids[i];
    if (kid->kind == COND_ALL && c->kind != COND_ALL)
      tc_check_satisfiable(ck, kid, NULL, topic);
    tc_check_groups_satisfiable(ck, kid, topic);
  }
}
