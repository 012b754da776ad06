/* filterc explain: one filter, shown three ways — its normalised condition
 * tree, the SQL WHERE the generator emits for it, and, given events, how
 * each condition evaluated and why the event was or was not routed.
 * Nothing here evaluates or renders SQL itself: the tree comes from the
 * checked AST, the SQL from generator/sql_expr.c, the truths from the
 * runtime's trace, so explain cannot disagree with generate or route. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filterc_runtime.h"
#include "sql_expr.h"
#include "termtext.h"
#include "trace.h"

#define MAX_LINE ((size_t)16 << 20)

typedef struct ExplainOptions {
  FrontOptions front;
  const char *file, *filter_id, *event, *events;
} ExplainOptions;

/* What explaining events needs, built once per run. */
typedef struct Explainer {
  const Plan *plan;
  const Filter *filter;
  RtSession *session;
  RtTruth *trace;
} Explainer;

static void explain_usage(FILE *out) {
  fputs("usage: filterc explain FILE --filter ID [--event JSON | --events FILE]\n"
        "                       [--schema FILE] [--event-schema FILE]\n"
        "                       [--variant normal|no-op] [--werror]\n"
        "                       [--format text|json|github|sarif] [-q]\n"
        "\n"
        "  --flink-version V the Flink release to follow where releases differ\n"
        "                    (1.18 1.19 1.20 2.0 2.1 2.2; default 1.19, or the\n"
        "                    filters file's settings: "
        "flink_version)\n" CLI_RUNTIME_TARGET_HELP "\n"
        "Prints filter ID's normalised condition tree (with source line:col) and\n"
        "the SQL WHERE clause `filterc generate` emits for each of its routes.\n"
        "Given an event (one JSON object) or a JSONL file of events ('-' reads\n"
        "stdin), also prints each condition's value and TRUE/FALSE/UNKNOWN\n"
        "result, and one line per route saying why the event was or was not\n"
        "routed.\n"
        "\n"
        "Exit status: 0 ok, 1 filter errors, 2 usage or I/O error (also an\n"
        "unknown filter id or a malformed event).\n",
        out);
}

static int parse_explain_args(ExplainOptions *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int m;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      explain_usage(stdout);
      exit(EXIT_OK);
    }
    if ((m = match_valued_option("--filter", argc, argv, &i, &v)) != 0) {
      if (m < 0)
        return -1;
      o->filter_id = v;
      continue;
    }
    if ((m = match_valued_option("--events", argc, argv, &i, &v)) != 0) {
      if (m < 0)
        return -1;
      o->events = v;
      continue;
    }
    if ((m = match_valued_option("--event", argc, argv, &i, &v)) != 0) {
      if (m < 0)
        return -1;
      o->event = v;
      continue;
    }
    if ((m = parse_target_option("explain", argc, argv, &i, &o->front.target)) != 0) {
      if (m < 0)
        return -1;
      o->front.target_given = true;
      continue;
    }
    if ((m = parse_front_option(&o->front, argc, argv, &i)) != 0) {
      if (m < 0)
        return -1;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      unknown_option("explain", argv[i], explain_usage);
      return -1;
    }
    if (o->file) {
      term_printf(stderr, "filterc explain: one filters file only\n");
      return -1;
    }
    o->file = argv[i];
  }
  if (!o->file || !o->filter_id) {
    term_printf(stderr, "filterc explain: a filters file and --filter ID are required\n");
    return -1;
  }
  if (o->event && o->events) {
    term_printf(stderr, "filterc explain: --event and --events exclude each other\n");
    return -1;
  }
  return 0;
}

/* ---- the static part: tree and SQL --------------------------------------- */

static void print_cond_tree(FILE *out, const Cond *c, int depth) {
  char label[512];
  describe_cond(c, label, sizeof label);
  term_printf(out, "  %*s%u:%u  %s\n", depth * 2, "", c->pos.line, c->pos.col, label);
  for (size_t k = 0; k < c->kid_count; k++)
    print_cond_tree(out, c->kids[k], depth + 1);
}

static void print_static(FILE *out, const Explainer *x) {
  const Filter *f = x->filter;
  term_printf(out, "filter %s (%s) at %u:%u: %s, status %s\n", f->id,
              f->name ? f->name : "", f->id_pos.line, f->id_pos.col,
              f->enabled ? "enabled" : "disabled", filter_status_name(f->status));
  fputs("condition tree:\n", out);
  if (f->cond)
    print_cond_tree(out, f->cond, 1);
  else
    fputs("    (none)\n", out);
  Buf sb;
  buf_init(&sb);
  for (size_t i = 0; i < f->route_count; i++) {
    const Route *r = &f->routes[i];
    term_printf(out, "route to %s:\n", r->topic);
    if (r->cond) {
      fputs("  own condition tree:\n", out);
      print_cond_tree(out, r->cond, 2);
    }
    buf_reset(&sb);
    sql_route_condition(&sb, r, x->plan);
    fputs("  SQL WHERE:\n    ", out);
    term_write_sql(out, buf_str(&sb), "\n    ");
    fputc('\n', out);
  }
  buf_free(&sb);
}

/* ---- the dynamic part: one event ----------------------------------------- */

static void print_eval_node(FILE *out, const Explainer *x, uint32_t id, RtMessage *m,
                            int depth) {
  const PlanNode *node = &x->plan->nodes[id];
  char label[512], value[128];
  describe_cond(node->cond, label, sizeof label);
  term_printf(out, "    %*s%-7s %u:%u  %s", depth * 2, "", rt_truth_name(x->trace[id]),
              node->cond->pos.line, node->cond->pos.col, label);
  if (node->cond->kind == COND_COMPARE) {
    RtValue v = rt_operand(rt_session_evaluator(x->session), m, node->cond);
    describe_value(&v, value, sizeof value);
    term_printf(out, "   <- %s is %s", node->cond->field.text, value);
  }
  fputc('\n', out);
  for (uint32_t k = 0; k < node->kid_count; k++)
    print_eval_node(out, x, x->plan->kids[node->kid_start + k], m, depth + 1);
}

/* The node to blame for a root that is not TRUE: walk down through AND
 * groups to the first member with the group's result, since that member
 * alone decides it. OR and NOT are blamed as a whole: no single member of
 * a FALSE OR is "the" reason. */
static uint32_t blame(const Explainer *x, uint32_t id) {
  for (;;) {
    const PlanNode *node = &x->plan->nodes[id];
    if (node->cond->kind != COND_ALL &&
        !(node->cond->kind == COND_ANY && node->kid_count == 1))
      return id;
    uint32_t next = PLAN_NO_NODE;
    for (uint32_t k = 0; k < node->kid_count && next == PLAN_NO_NODE; k++) {
      uint32_t kid = x->plan->kids[node->kid_start + k];
      if (x->trace[kid] == x->trace[id])
        next = kid;
    }
    if (next == PLAN_NO_NODE)
      return id;
    id = next;
  }
}

/* "condition at L:C (SQL) is T", without a newline. */
static void print_condition(FILE *out, const Explainer *x, uint32_t id) {
  const Cond *c = x->plan->nodes[id].cond;
  Buf sql;
  buf_init(&sql);
  sql_cond(&sql, c, x->plan);
  term_printf(out, "condition at %u:%u (%s) is %s", c->pos.line, c->pos.col,
              buf_str(&sql), rt_truth_name(x->trace[id]));
  buf_free(&sql);
}

/* Why node `id` has its result, ending the line. An UNKNOWN OR or a NOT
 * is explained through the member that makes it so, since that is where
 * the NULL the user is looking for sits. */
static void print_reason(FILE *out, const Explainer *x, uint32_t id, RtMessage *m) {
  const PlanNode *node = &x->plan->nodes[id];
  const Cond *c = node->cond;
  print_condition(out, x, id);
  switch (c->kind) {
  case COND_COMPARE: {
    char value[128];
    RtValue v = rt_operand(rt_session_evaluator(x->session), m, c);
    describe_value(&v, value, sizeof value);
    if (v.kind == RT_NULL)
      term_printf(out, " because %s is NULL\n", c->field.text);
    else if (x->trace[id] == RT_UNKNOWN) /* only a regex limit does this */
      term_printf(out,
                  " because the pattern hit the evaluator's match limit on %s = "
                  "%s: " RT_REGEX_LIMIT_OUTCOME "\n",
                  c->field.text, value);
    else
      term_printf(out, " because %s is %s\n", c->field.text, value);
    return;
  }
  case COND_NOT: {
    uint32_t kid = x->plan->kids[node->kid_start];
    fputs(" because its operand is: ", out);
    print_reason(out, x, blame(x, kid), m);
    return;
  }
  case COND_ANY:
    if (x->trace[id] == RT_FALSE) {
      term_printf(out, " because none of its %u alternatives is TRUE\n", node->kid_count);
      return;
    }
    for (uint32_t k = 0; k < node->kid_count; k++) {
      uint32_t kid = x->plan->kids[node->kid_start + k];
      if (x->trace[kid] == RT_UNKNOWN) {
        fputs(" because no alternative is TRUE and ", out);
        print_reason(out, x, blame(x, kid), m);
        return;
      }
    }
    fputc('\n', out);
    return;
  case COND_ALL: /* blame() only stops at an AND whose members disagree */
    fputc('\n', out);
    return;
  }
}

static void explain_route(FILE *out, const Explainer *x, size_t ri, RtMessage *m,
                          RtTruth truth) {
  const PlanRoute *r = &x->plan->routes[ri];
  term_printf(out, "  route to %s: %s\n", r->route->topic, rt_truth_name(truth));
  if (r->filter_root != PLAN_NO_NODE)
    print_eval_node(out, x, r->filter_root, m, 0);
  if (r->route_root != PLAN_NO_NODE) {
    fputs("    AND route condition:\n", out);
    print_eval_node(out, x, r->route_root, m, 0);
  }
  if (truth == RT_TRUE) {
    term_printf(out, "  routed to %s: every condition is TRUE\n", r->route->topic);
    return;
  }
  /* The filter's part is evaluated first in the SQL's AND; blame it when it
   * has the route's result, else the route's own part. */
  uint32_t root = r->filter_root != PLAN_NO_NODE && x->trace[r->filter_root] == truth
                      ? r->filter_root
                      : r->route_root;
  term_printf(out, "  not routed to %s: ", r->route->topic);
  print_reason(out, x, blame(x, root), m);
}

/* Returns false for a malformed event. */
static bool explain_event(FILE *out, const Explainer *x, const char *json, size_t len,
                          const char *where) {
  term_printf(out, "%s:\n", where);
  RtEvent ev;
  char err[256];
  if (rt_session_eval(x->session, json, len, x->trace, &ev, err, sizeof err) != 0) {
    term_printf(out, "  not evaluated: %s\n", err);
    return false;
  }
  RtMessage *m = ev.message;
  if (!m) {
    term_printf(out, "  not routed: malformed event: %s\n", ev.error);
    return false;
  }
  if (!filter_is_active(x->filter)) {
    term_printf(out, "  not routed: the filter is %s\n",
                x->filter->enabled ? "deleted" : "disabled");
    return true;
  }
  const RtResult *res = ev.result;
  for (size_t i = 0; i < x->plan->route_count; i++)
    if (x->plan->routes[i].route->filter == x->filter)
      explain_route(out, x, i, m, res->route_truth[i]);
  return true;
}

static int explain_events_file(FILE *out, const Explainer *x, const char *path) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    term_printf(stderr, "filterc explain: cannot open %s\n", path);
    return EXIT_USAGE;
  }
  RtLines *lines = rt_lines_new(f, MAX_LINE);
  const char *line;
  size_t len;
  uint64_t lineno;
  bool too_long;
  int status = lines ? EXIT_OK : EXIT_USAGE;
  while (lines && rt_lines_next(lines, &line, &len, &lineno, &too_long) > 0) {
    char where[64];
    snprintf(where, sizeof where, "event at line %llu", (unsigned long long)lineno);
    if (too_long) {
      term_printf(out, "%s:\n  not routed: line too long\n", where);
      status = EXIT_USAGE;
      continue;
    }
    if (len == 0)
      continue;
    if (!explain_event(out, x, line, len, where))
      status = EXIT_USAGE;
  }
  rt_lines_free(lines);
  if (f != stdin)
    fclose(f);
  return status;
}

static const Filter *find_filter(const Program *p, const char *id) {
  for (size_t i = 0; i < p->filter_count; i++)
    if (p->filters[i].id && strcmp(p->filters[i].id, id) == 0)
      return &p->filters[i];
  return NULL;
}

int cmd_explain(int argc, char **argv) {
  ExplainOptions o = {0};
  if (parse_explain_args(&o, argc, argv) != 0) {
    explain_usage(stderr);
    return EXIT_USAGE;
  }
  Schema schema;
  Compilation unit;
  int status = load_program(&o.front, o.file, &schema, &unit);
  if (status != EXIT_OK)
    return status;
  Explainer x = {.plan = &unit.plan};
  x.filter = find_filter(unit.program, o.filter_id);
  if (!x.filter) {
    term_printf(stderr, "filterc explain: no filter '%s' in %s\n", o.filter_id, o.file);
    status = EXIT_USAGE;
    goto done;
  }
  print_static(stdout, &x);
  if (!o.event && !o.events)
    goto done;
  char err[256];
  RtFlinkVersion fv = RT_FLINK_DEFAULT;
  if (cli_flink_version(&o.front, unit.program, &fv) != 0) {
    status = EXIT_FINDINGS;
    goto done;
  }
  x.session = rt_session_new(
      x.plan, &(RtSessionOptions){.max_line = MAX_LINE, .flink_version = fv}, err,
      sizeof err);
  x.trace = calloc(x.plan->node_count + 1, sizeof *x.trace);
  if (!x.session || !x.trace) {
    term_printf(stderr, "filterc explain: %s\n", x.session ? "out of memory" : err);
    status = EXIT_USAGE;
  } else {
    if (o.event) {
      if (!explain_event(stdout, &x, o.event, strlen(o.event), "event"))
        status = EXIT_USAGE;
    } else {
      status = explain_events_file(stdout, &x, o.events);
    }
  }
  free(x.trace);
  rt_session_free(x.session);
done:
  compilation_free(&unit);
  schema_free(&schema);
  return status;
}
