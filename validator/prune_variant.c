/* Variant pruning: dropping the conditions marked `variant: normal` or
 * `variant: no-op` for the other variant, and refusing marks where dropping
 * would change the meaning. Separate because it rewrites the tree before
 * anything is checked, while the other jobs only read it. */
#include "check_internal.h"

static void reject_nested_variant_marks(Checker *ck, const Cond *c) {
  for (size_t i = 0; i < c->kid_count; i++) {
    const Cond *kid = c->kids[i];
    if (kid->has_only_variant) {
      Diag *d = tc_report(ck, SEV_ERROR, kid->pos, "bad-variant",
                          "'variant' may only mark a condition AND-ed at the top "
                          "of a filter or route");
      diag_hint(d, "dropping it from inside an any/not group would change what "
                   "the rest of the group means");
    }
    reject_nested_variant_marks(ck, kid);
  }
}

/* Drops the conditions marked for the other variant. Only top-level AND
 * members may be marked: removing one of them leaves the meaning of the
 * rest unchanged (it is as if the condition were TRUE). */
Cond *tc_prune_for_variant(Checker *ck, Cond *c) {
  if (!c)
    return NULL;
  if (c->has_only_variant)
    return c->only_variant == ck->variant ? c : NULL;
  if (c->kind != COND_ALL) {
    reject_nested_variant_marks(ck, c);
    return c;
  }
  size_t kept = 0;
  for (size_t i = 0; i < c->kid_count; i++) {
    Cond *kid = c->kids[i];
    if (kid->has_only_variant && kid->only_variant != ck->variant)
      continue;
    if (!kid->has_only_variant)
      reject_nested_variant_marks(ck, kid);
    c->kids[kept++] = kid;
  }
  c->kid_count = kept;
  if (kept == 0)
    return NULL;
  return kept == 1 ? c->kids[0] : c;
}
