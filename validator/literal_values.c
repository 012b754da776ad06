/* Checked literal values compared with each other: equality, order, and a
 * hash set of a list's values. Separate because both the condition checks
 * (duplicate values) and the satisfiability check (disjoint ranges and
 * lists) rely on one definition of "the same value". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

bool tc_literal_equal(const Literal *a, const Literal *b) {
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case LITERAL_STRING:
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
  case LITERAL_NUMBER:
    return a->has_int64 && b->has_int64 ? a->int64 == b->int64 : a->number == b->number;
  case LITERAL_BOOL:
    return a->boolean == b->boolean;
  case LITERAL_NULL:
    return true;
  }
  return false;
}

/* -1, 0, 1; strings by UTF-8 bytes, as Flink compares them */
int tc_literal_compare(const Literal *a, const Literal *b) {
  if (a->kind == LITERAL_NUMBER && a->has_int64 && b->has_int64)
    return (a->int64 > b->int64) - (a->int64 < b->int64);
  if (a->kind == LITERAL_NUMBER)
    return (a->number > b->number) - (a->number < b->number);
  if (a->kind == LITERAL_BOOL)
    return (int)a->boolean - (int)b->boolean;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->text, b->text, n);
  if (c)
    return c < 0 ? -1 : 1;
  return (a->len > b->len) - (a->len < b->len);
}

static size_t literal_hash(const Literal *l) {
  uint64_t h = 14695981039346656037u ^ (uint64_t)l->kind; /* FNV-1a */
  const unsigned char *p = NULL;
  size_t n = 0;
  double v = 0;
  switch (l->kind) {
  case LITERAL_STRING:
    p = (const unsigned char *)l->text, n = l->len;
    break;
  case LITERAL_NUMBER:
    v = l->number == 0 ? 0 : l->number; /* -0.0 equals 0.0 */
    p = (const unsigned char *)&v, n = sizeof v;
    break;
  case LITERAL_BOOL:
    h ^= l->boolean ? 0x100u : 0;
    break;
  case LITERAL_NULL:
    break;
  }
  for (size_t i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211u;
  return (size_t)(h ^ (h >> 29));
}

/* Room for n values; the set never grows. */
void tc_literal_set_init(LiteralSet *s, size_t n) {
  size_t cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  s->slots = calloc(cap, sizeof *s->slots);
  if (!s->slots)
    abort();
  s->mask = cap - 1;
}

/* Adds v; returns the equal value already present, or NULL. */
const Literal *tc_literal_set_add(LiteralSet *s, const Literal *v) {
  for (size_t i = literal_hash(v) & s->mask;; i = (i + 1) & s->mask) {
    if (!s->slots[i]) {
      s->slots[i] = v;
      return NULL;
    }
    if (tc_literal_equal(s->slots[i], v))
      return s->slots[i];
  }
}

bool tc_literal_set_has(const LiteralSet *s, const Literal *v) {
  for (size_t i = literal_hash(v) & s->mask; s->slots[i]; i = (i + 1) & s->mask)
    if (tc_literal_equal(s->slots[i], v))
      return true;
  return false;
}
