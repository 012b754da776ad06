/* Stage 3's driver: one run of the type checker over a Program, calling
 * each job's file in order (ids, variant pruning, conditions,
 * satisfiability, topics). The jobs live in files of their own so each can
 * be read, and changed, without the others. */
#include "typecheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check_internal.h"

Diag *tc_report(Checker *ck, Severity sev, SrcPos pos, const char *code, const char *fmt,
                ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (sev == SEV_ERROR)
    ck->errors++;
  return diag_add(ck->diags, sev, ck->file, pos, code, "%s", buf);
}

static void build_candidates(Checker *ck) {
  const Schema *s = ck->schema;
  ck->candidate_count = 0;
  ck->candidates =
      arena_alloc(ck->arena, (s->column_count + s->path_count) * sizeof *ck->candidates);
  for (size_t i = 0; i < s->column_count; i++)
    if (schema_column_visible(&s->columns[i], ck->variant))
      ck->candidates[ck->candidate_count++] = s->columns[i].name;
  for (size_t i = 0; i < s->path_count; i++) {
    /* suggest concrete paths: [*] reads as [0] */
    const char *p = s->paths[i].path;
    char *q = arena_strdup(ck->arena, p);
    char *star;
    while ((star = strstr(q, "[*]")) != NULL)
      star[1] = '0';
    ck->candidates[ck->candidate_count++] = q;
  }
}

size_t typecheck_program(Program *program, const Schema *schema, Variant variant,
                         DiagList *diags) {
  Checker ck = {.program = program,
                .arena = &program->arena,
                .schema = schema,
                .variant = variant,
                .diags = diags,
                .file = program->file};
  build_candidates(&ck);
  tc_check_filter_ids(&ck);
  for (size_t i = 0; i < program->filter_count; i++) {
    Filter *f = &program->filters[i];
    if (f->name && !f->name[0])
      tc_report(&ck, SEV_ERROR, f->pos, "missing-key", "filter '%s' has an empty name",
                f->id ? f->id : "?");
    if (f->consumer_id && !f->consumer_id[0])
      tc_report(&ck, SEV_ERROR, f->pos, "missing-key",
                "filter '%s' has an empty consumerId", f->id ? f->id : "?");
    bool had_cond = f->cond != NULL;
    f->cond = tc_prune_for_variant(&ck, f->cond);
    for (size_t r = 0; r < f->route_count; r++)
      f->routes[r].cond = tc_prune_for_variant(&ck, f->routes[r].cond);
    if (had_cond && !f->cond && !f->broken) {
      bool routes_conditioned = f->multi_topic;
      for (size_t r = 0; r < f->route_count; r++)
        routes_conditioned &= f->routes[r].cond != NULL;
      if (!routes_conditioned) {
        Diag *d = tc_report(&ck, SEV_ERROR, f->pos, "no-conditions",
                            "in the %s variant filter '%s' has no conditions left "
                            "and would route every event",
                            variant_name(ck.variant), f->id ? f->id : "?");
        diag_hint(d, "every condition is marked for another variant");
      }
    }
    size_t before = ck.errors;
    if (f->cond)
      tc_check_cond(&ck, f->cond);
    for (size_t r = 0; r < f->route_count; r++)
      if (f->routes[r].cond)
        tc_check_cond(&ck, f->routes[r].cond);
    if (ck.errors != before || f->broken)
      continue;
    for (size_t r = 0; r < f->route_count; r++) {
      tc_check_satisfiable(&ck, f->cond, f->routes[r].cond, f->routes[r].topic);
      tc_check_groups_satisfiable(&ck, f->routes[r].cond, f->routes[r].topic);
    }
    tc_check_groups_satisfiable(&ck, f->cond, f->route_count ? f->routes[0].topic : NULL);
  }
  tc_check_topics(&ck);
  return ck.errors;
}
