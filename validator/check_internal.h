/* What the type checker's files share. typecheck.c drives one run over a
 * Program; each job (field paths, literals, conditions, variant pruning,
 * satisfiability, topics and ids) lives in a file named after it, and the
 * functions one job hands another are declared here. Internal to the type
 * checker: back ends include typecheck.h. */
#ifndef FILTERC_CHECK_INTERNAL_H
#define FILTERC_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "schema.h"

/* The state of one typecheck_program run. */
typedef struct Checker {
  Program *program;
  Arena *arena;
  const Schema *schema;
  Variant variant;
  DiagList *diags;
  const char *file;
  size_t errors;
  const char **candidates; /* field names for suggestions */
  size_t candidate_count;
  size_t sat_work; /* spent of SAT_BUDGET, over the whole file */
  bool sat_budget_reported;
} Checker;

/* Adds a diagnostic for the checked file; counts errors. */
Diag *tc_report(Checker *ck, Severity sev, SrcPos pos, const char *code, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));

/* ---- check_paths.c */

/* f to a column or a JSON path, with the schema's type for it. */
bool tc_resolve_field(Checker *ck, FieldRef *f, SqlType *known, const SchemaPath **path);

/* ---- check_literals.c */

const char *tc_literal_kind_name(LiteralKind k);
/* Decimal text to a finite double; no hex, inf or nan. */
bool tc_string_to_number(const char *s, double *out);
/* One literal to the comparison type, or an error saying why not. */
bool tc_coerce_literal(Checker *ck, const Cond *c, ValueType vt, Literal *lit);

/* ---- literal_values.c */

bool tc_literal_equal(const Literal *a, const Literal *b);
/* -1, 0, 1; strings by UTF-8 bytes, as Flink compares them */
int tc_literal_compare(const Literal *a, const Literal *b);

/* A list's values in an open-addressing hash set, so duplicate and
 * membership checks cost one probe per value: comparing every pair took
 * 55 s on a 200,000-value `in` list. Equality is literal_equal's. */
typedef struct LiteralSet {
  const Literal **slots; /* NULL: empty */
  size_t mask;
} LiteralSet;

/* Room for n values; the set never grows. */
void tc_literal_set_init(LiteralSet *s, size_t n);
/* Adds v; returns the equal value already present, or NULL. */
const Literal *tc_literal_set_add(LiteralSet *s, const Literal *v);
bool tc_literal_set_has(const LiteralSet *s, const Literal *v);

/* ---- check_conditions.c */

/* Types and checks every comparison under c. */
void tc_check_cond(Checker *ck, Cond *c);

/* ---- prune_variant.c */

/* Drops the conditions marked for the other variant; NULL when none is left. */
Cond *tc_prune_for_variant(Checker *ck, Cond *c);

/* ---- satisfiable.c */

/* Warns when the AND-ed comparisons of a filter and one of its routes can
 * never all be TRUE. */
void tc_check_satisfiable(Checker *ck, Cond *filter_cond, Cond *route_cond,
                          const char *topic);
/* The same for the AND groups nested inside c. */
void tc_check_groups_satisfiable(Checker *ck, Cond *c, const char *topic);

/* ---- check_topics.c */

void tc_check_topics(Checker *ck);
void tc_check_filter_ids(Checker *ck);

#endif
