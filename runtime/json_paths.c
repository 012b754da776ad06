/* Stage 3a: every JSON path the Plan reads in event_data, resolved by one
 * walk of the document per message.
 *
 * JSON_VALUE runs once per path in Flink, and each run has Jayway read the
 * whole document with Jackson's ObjectMapper (a syntax error anywhere makes
 * the result NULL), so the answers of all paths come from the same token
 * stream. The paths are kept as a trie of their steps; one walk of that
 * stream follows every branch of the trie at once and skips the rest, so
 * the cost of a message is one tokenization of event_data whatever the
 * number of routes and paths. The walk starts on the first path a route
 * asks for: a message that no route reads a path of is never walked. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { NO_NODE = UINT32_MAX };

/* Inlined: the walk asks child_of for every key of every object it enters. */
static inline __attribute__((always_inline)) bool same_step(const PathStep *a,
                                                            const PathStep *b) {
  if (a->is_index != b->is_index)
    return false;
  if (a->is_index)
    return a->index == b->index;
  return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

static uint32_t add_node(RtPaths *t, const PathStep *step) {
  if (t->node_count == t->node_cap) {
    size_t cap = t->node_cap ? 2 * t->node_cap : 16;
    RtPathNode *grown = realloc(t->nodes, cap * sizeof *grown);
    if (!grown)
      abort(); /* as Buf does */
    t->nodes = grown;
    t->node_cap = cap;
  }
  RtPathNode *n = &t->nodes[t->node_count];
  *n = (RtPathNode){.first_child = NO_NODE,
                    .next_sibling = NO_NODE,
                    .slot = -1,
                    .visited = t->walk_count};
  if (step)
    n->step = *step;
  return (uint32_t)t->node_count++;
}

static inline __attribute__((always_inline)) uint32_t
child_of(const RtPaths *t, uint32_t n, const PathStep *step) {
  for (uint32_t c = t->nodes[n].first_child; c != NO_NODE; c = t->nodes[c].next_sibling)
    if (same_step(&t->nodes[c].step, step))
      return c;
  return NO_NODE;
}

void rt_paths_init(RtPaths *t, const Plan *plan) {
  memset(t, 0, sizeof *t);
  add_node(t, NULL); /* the root: the document */
  for (size_t i = 0; i < plan->node_count; i++) {
    const Cond *c = plan->nodes[i].cond;
    if (c->kind == COND_COMPARE && c->field.column < 0)
      rt_paths_slot(t, &c->field);
  }
}

void rt_paths_free(RtPaths *t) {
  free(t->nodes);
  free(t->results);
  buf_free(&t->text);
  memset(t, 0, sizeof *t);
}

int rt_paths_slot(RtPaths *t, const FieldRef *f) {
  /* a FieldRef asks again for every message: remember its answer */
  size_t h = ((uintptr_t)f >> 4) % RT_PATHS_CACHE;
  if (t->cache_ref[h] == f)
    return t->cache_slot[h];
  uint32_t n = 0;
  for (size_t k = 0; k < f->step_count; k++) {
    uint32_t c = child_of(t, n, &f->steps[k]);
    if (c == NO_NODE) {
      c = add_node(t, &f->steps[k]);
      t->nodes[c].next_sibling = t->nodes[n].first_child;
      t->nodes[n].first_child = c;
      t->walked = false; /* a new branch: the message's walk did not see it */
    }
    n = c;
  }
  if (t->nodes[n].slot < 0) {
    RtPathResult *grown = realloc(t->results, (t->slot_count + 1) * sizeof *grown);
    if (!grown)
      abort();
    t->results = grown;
    t->results[t->slot_count] = (RtPathResult){.found = false};
    t->nodes[n].slot = (int)t->slot_count++;
    t->walked = false;
  }
  t->cache_ref[h] = f;
  t->cache_slot[h] = t->nodes[n].slot;
  return t->nodes[n].slot;
}

/* A repeated key replaces the whole value (LinkedHashMap.put in
 * UntypedObjectDeserializer): forget what the subtree's paths found. */
static void forget(RtPaths *t, uint32_t n) {
  if (t->nodes[n].slot >= 0)
    t->results[t->nodes[n].slot].found = false;
  for (uint32_t c = t->nodes[n].first_child; c != NO_NODE; c = t->nodes[c].next_sibling)
    forget(t, c);
}

/* The current token is the value at trie node n. False on a syntax error
 * or a string Jackson cannot read. */
static bool walk(RtPaths *t, JkParser *jp, uint32_t n) {
  JkTok tok = jp->tok;
  int slot = t->nodes[n].slot;
  if (slot >= 0) {
    RtPathResult *r = &t->results[slot];
    r->found = false; /* an object, an array or null is not a scalar: NULL */
    if (tok != JK_START_OBJECT && tok != JK_START_ARRAY && tok != JK_NULL) {
      r->at = t->text.len;
      if (!jk_append_text(jp, &t->text))
        return false;
      r->len = t->text.len - r->at;
      r->tok = tok;
      r->found = true;
    }
  }
  if (t->nodes[n].first_child == NO_NODE)
    return jk_skip_children(jp);
  if (tok == JK_START_OBJECT) {
    for (;;) {
      tok = jk_next(jp);
      if (tok == JK_END_OBJECT)
        return true;
      if (tok != JK_FIELD_NAME)
        return false;
      const char *key;
      size_t len;
      jk_text(jp, &key, &len); /* a name's text is valid (scan_name) */
      uint32_t c = child_of(t, n, &(PathStep){.key = key, .key_len = len});
      if (jk_next(jp) == JK_ERROR)
        return false;
      if (c != NO_NODE) {
        if (t->nodes[c].visited == t->walk_count)
          forget(t, c); /* the key again: its earlier value is replaced */
        t->nodes[c].visited = t->walk_count;
        if (!walk(t, jp, c))
          return false;
      } else if (!jk_skip_children(jp)) {
        return false;
      }
    }
  }
  if (tok == JK_START_ARRAY) {
    for (unsigned long i = 0;; i++) {
      tok = jk_next(jp);
      if (tok == JK_END_ARRAY)
        return true;
      if (tok == JK_ERROR)
        return false;
      uint32_t c = child_of(t, n, &(PathStep){.is_index = true, .index = i});
      if (!(c != NO_NODE ? walk(t, jp, c) : jk_skip_children(jp)))
        return false;
    }
  }
  return true; /* a scalar where the paths go on: they find nothing */
}

bool rt_paths_walk(RtPaths *t, JkParser *jp, const char *doc, size_t len) {
  t->text.len = 0;
  for (size_t i = 0; i < t->slot_count; i++)
    t->results[i].found = false;
  t->walk_count++; /* no node is visited in this walk yet */
  t->walked = true;
  jk_reset(jp, doc, len);
  /* readValue reads the first value and ignores what follows
   * (FAIL_ON_TRAILING_TOKENS is off); no value at all is an error */
  JkTok tok = jk_next(jp);
  t->valid = tok != JK_END && tok != JK_ERROR && walk(t, jp, 0);
  return t->valid;
}
