/* Lowering a checked Program to its Plan (plan.h): condition trees
 * flattened into numbered nodes, each `matches` pattern compiled once, and
 * the routes of active filters with their distinct topics. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"

typedef struct Builder {
  Plan *p;
  size_t kid_cap; /* kid slots handed out */
  char *err;
  size_t err_size;
} Builder;

static size_t count_nodes(const Cond *c) {
  if (!c)
    return 0;
  size_t n = 1;
  for (size_t i = 0; i < c->kid_count; i++)
    n += count_nodes(c->kids[i]);
  return n;
}

/* Adds c and its subtree in pre-order; returns its node index. Kids of a
 * node are listed contiguously in p->kids. */
static uint32_t add_node(Builder *b, const Cond *c, const Filter *f, uint32_t depth,
                         bool route_cond) {
  Plan *p = b->p;
  uint32_t id = (uint32_t)p->node_count++;
  PlanNode *node = &p->nodes[id];
  *node = (PlanNode){.cond = c, .filter = f, .depth = depth, .route_cond = route_cond};
  if (c->kind == COND_COMPARE && operator_info(c->op)->meaning == MEANING_REGEX) {
    char message[256];
    size_t offset = 0;
    node->re = c->re; /* compiled by the checker */
    if (!node->re) {
      node->re = node->re_owned = regex_compile(c->args[0].text, c->args[0].len, message,
                                                sizeof message, &offset);
    }
    if (!node->re) {
      snprintf(b->err, b->err_size, "pattern '%s' does not compile: %s", c->args[0].text,
               message);
      return PLAN_NO_NODE;
    }
  }
  if (c->kind == COND_COMPARE)
    return id;
  /* reserve the kid slots first so they stay contiguous */
  uint32_t first = (uint32_t)b->kid_cap;
  b->kid_cap += c->kid_count;
  p->nodes[id].kid_start = first;
  p->nodes[id].kid_count = (uint32_t)c->kid_count;
  for (size_t i = 0; i < c->kid_count; i++) {
    uint32_t kid = add_node(b, c->kids[i], f, depth + 1, route_cond);
    if (kid == PLAN_NO_NODE)
      return PLAN_NO_NODE;
    p->kids[first + i] = kid;
  }
  return id;
}

/* Distinct topics by name: an open-addressing hash set of topic indexes,
 * sized for one topic per route, so 10,000 filters cost 10,000 probes and
 * not 50 million string comparisons. */
typedef struct TopicSet {
  size_t *slots; /* topic index + 1; 0 is empty */
  size_t mask;
} TopicSet;

static uint64_t hash_name(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t topic_index(Plan *p, TopicSet *set, const char *topic, size_t route) {
  size_t i = (size_t)hash_name(topic) & set->mask;
  for (; set->slots[i]; i = (i + 1) & set->mask)
    if (strcmp(p->topics[set->slots[i] - 1].name, topic) == 0)
      return set->slots[i] - 1;
  p->topics[p->topic_count] = (PlanTopic){.name = topic, .first_route = route};
  set->slots[i] = ++p->topic_count;
  return p->topic_count - 1;
}

int plan_build(Plan *p, const Program *program, const Schema *schema, Variant variant,
               char *err, size_t err_size) {
  *p = (Plan){
      .program = program, .schema = schema, .variant = variant, .target = TARGET_FLINK};
  size_t nodes = 0, routes = 0;
  for (size_t i = 0; i < program->filter_count; i++) {
    const Filter *f = &program->filters[i];
    if (!filter_is_active(f))
      continue;
    nodes += count_nodes(f->cond);
    for (size_t r = 0; r < f->route_count; r++)
      nodes += count_nodes(f->routes[r].cond);
    routes += f->route_count;
  }
  p->nodes = calloc(nodes + 1, sizeof *p->nodes);
  p->kids = calloc(nodes + 1, sizeof *p->kids);
  p->routes = calloc(routes + 1, sizeof *p->routes);
  p->topics = calloc(routes + 1, sizeof *p->topics);
  TopicSet set = {0};
  size_t cap = 16;
  while (cap < 2 * routes)
    cap *= 2;
  set.slots = calloc(cap, sizeof *set.slots);
  set.mask = cap - 1;
  if (!p->nodes || !p->kids || !p->routes || !p->topics || !set.slots) {
    snprintf(err, err_size, "out of memory");
    free(set.slots);
    plan_free(p);
    return -1;
  }
  Builder b = {.p = p, .err = err, .err_size = err_size};
  for (size_t i = 0; i < program->filter_count; i++) {
    const Filter *f = &program->filters[i];
    if (!filter_is_active(f))
      continue;
    uint32_t froot = f->cond ? add_node(&b, f->cond, f, 0, false) : PLAN_NO_NODE;
    if (f->cond && froot == PLAN_NO_NODE) {
      free(set.slots);
      plan_free(p);
      return -1;
    }
    for (size_t r = 0; r < f->route_count; r++) {
      const Route *route = &f->routes[r];
      uint32_t rroot = route->cond ? add_node(&b, route->cond, f, 0, true) : PLAN_NO_NODE;
      if (route->cond && rroot == PLAN_NO_NODE) {
        free(set.slots);
        plan_free(p);
        return -1;
      }
      size_t index = p->route_count++;
      p->routes[index] = (PlanRoute){.route = route,
                                     .filter_root = froot,
                                     .route_root = rroot,
                                     .topic = topic_index(p, &set, route->topic, index),
                                     .filter_slot = p->filter_slots};
    }
    p->filter_slots++;
  }
  free(set.slots);
  return 0;
}

void plan_free(Plan *p) {
  for (size_t i = 0; p->nodes && i < p->node_count; i++)
    pcre2_code_free(p->nodes[i].re_owned);
  free(p->nodes);
  free(p->kids);
  free(p->routes);
  free(p->topics);
  *p = (Plan){0};
}
