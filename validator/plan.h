/* The Plan: a checked Program bound to the Schema and Variant it was
 * checked against, and lowered into the form every back end walks.
 *
 * The type checker proves a Program correct; the Plan fixes, once, what
 * the back ends must agree on: which routes are active and in which order
 * (file order), the distinct output topics (first-seen order: one sink and
 * one output table each), every condition node numbered in pre-order
 * (traces, coverage and the oracle name nodes by these numbers), and each
 * `matches` pattern compiled once. The SQL generator, the evaluator, the
 * SQLite cross-check, explain, diff and coverage all take a Plan and
 * nothing else, so none of them can pair a program with the wrong schema
 * or variant.
 *
 * Ownership: a Plan borrows its Program and Schema (which must outlive it)
 * and owns its arrays and compiled patterns. */
#ifndef FILTERC_PLAN_H
#define FILTERC_PLAN_H

#include <stdint.h>

#include "ast.h"
#include "schema.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define PLAN_NO_NODE UINT32_MAX

/* One condition node of a filter or route, numbered in pre-order. */
typedef struct PlanNode {
  const Cond *cond;
  const Filter *filter;
  uint32_t kid_start; /* into Plan.kids */
  uint32_t kid_count;
  uint32_t depth;       /* 0 at a filter's or route's root */
  bool route_cond;      /* part of a route's own condition */
  pcre2_code *re;       /* compiled pattern of a `matches` */
  pcre2_code *re_owned; /* re when the Plan compiled it (no checker did) */
} PlanNode;

typedef struct PlanRoute {
  const Route *route;
  uint32_t filter_root; /* PLAN_NO_NODE: no condition (TRUE) */
  uint32_t route_root;  /* PLAN_NO_NODE: the route has no own condition */
  size_t topic;         /* index into topics */
  size_t filter_slot;   /* routes of one filter share its evaluation */
} PlanRoute;

typedef struct PlanTopic {
  const char *name;
  size_t first_route; /* the route that introduced it (the sink's owner) */
} PlanTopic;

typedef struct Plan {
  const Program *program;
  const Schema *schema;
  Variant variant;
  /* The deployment whose source table the runtime decodes like: the flink
   * target's json format nulls a field that does not convert, the
   * confluent target's json-registry rejects the record. plan_build sets
   * TARGET_FLINK; a command that knows the deployment (route and test
   * --target) sets it before any back end runs. The SQL generator takes
   * its target from GenOptions. */
  Target target;
  PlanNode *nodes;
  size_t node_count;
  uint32_t *kids;
  PlanRoute *routes; /* routes of active filters, in file order */
  size_t route_count;
  PlanTopic *topics; /* distinct, in first-seen order */
  size_t topic_count;
  size_t filter_slots;
} Plan;

/* Lowers a program that checked without errors against schema and
 * variant. Returns 0, or -1 with a message in err (out of memory, or a
 * pattern that does not compile: the checker should have rejected it). */
int plan_build(Plan *p, const Program *program, const Schema *schema, Variant variant,
               char *err, size_t err_size);
void plan_free(Plan *p);

#endif
