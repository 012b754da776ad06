/* filterc diff: what a change to a filters file does, for its reviewer.
 * Routes are matched by filter id and topic; a route changed when its SQL
 * WHERE text (generator/sql_expr.c, so formatting-only YAML edits are not
 * changes) or its filter's enabled/status differs. Given a corpus, both
 * versions are evaluated on every event and each topic's gains and losses
 * are counted, with a few line numbers to look at. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filterc_runtime.h"
#include "sql_expr.h"
#include "termtext.h"

#define MAX_LINE ((size_t)16 << 20)
#define MAX_EXAMPLES 3

typedef struct DiffOptions {
  FrontOptions front;
  const char *old_path, *new_path, *events;
} DiffOptions;

/* One side of the comparison. */
typedef struct Side {
  const char *path;
  Schema schema;
  Compilation unit;
  bool loaded;
} Side;

typedef struct Counts {
  size_t filters_added, filters_removed, filters_changed;
  size_t routes_added, routes_removed, routes_changed;
} Counts;

/* Per topic of either version: events the new version sends there that
 * the old did not (gained) and the reverse (lost). */
typedef struct TopicDelta {
  const char *topic;
  uint64_t gained, lost;
  uint64_t gained_lines[MAX_EXAMPLES], lost_lines[MAX_EXAMPLES];
} TopicDelta;

static void diff_usage(FILE *out) {
  fputs("usage: filterc diff OLD.yaml NEW.yaml [--events FILE.jsonl]\n"
        "                    [--schema FILE] [--event-schema FILE]\n"
        "                    [--variant normal|no-op] [--werror]\n"
        "                    [--format text|json|github|sarif] [-q]\n"
        "\n"
        "  --flink-version V the Flink release to follow where releases differ\n"
        "                    (1.18 1.19 1.20 2.0 2.1 2.2; default 1.19, or the\n"
        "                    filters file's settings: "
        "flink_version)\n" CLI_RUNTIME_TARGET_HELP "\n"
        "Lists the filters and routes (filter id + topic) added, removed or\n"
        "changed between two versions of a filters file, with each changed\n"
        "route's SQL WHERE before and after; a route changed when its WHERE\n"
        "text or its filter's enabled/status differs. With --events, evaluates\n"
        "both versions on every event ('-' reads stdin) and prints per topic how\n"
        "many events would be gained or lost, with up to 3 example line numbers.\n"
        "\n"
        "Exit status: 0 no differences, 1 differences (or errors in either\n"
        "file), 2 usage or I/O error.\n",
        out);
}

static int parse_diff_args(DiffOptions *o, int argc, char **argv) {
  int positional = 0;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int m;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      diff_usage(stdout);
      exit(EXIT_OK);
    }
    if ((m = match_valued_option("--events", argc, argv, &i, &v)) != 0) {
      if (m < 0)
        return -1;
      o->events = v;
      continue;
    }
    if ((m = parse_target_option("diff", argc, argv, &i, &o->front.target)) != 0) {
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
      unknown_option("diff", argv[i], diff_usage);
      return -1;
    }
    if (positional == 0)
      o->old_path = argv[i];
    else if (positional == 1)
      o->new_path = argv[i];
    positional++;
  }
  if (positional != 2) {
    term_printf(stderr, "filterc diff: needs exactly two filters files\n");
    return -1;
  }
  return 0;
}

/* ---- matching ------------------------------------------------------------ */

static const Filter *find_filter(const Program *p, const char *id) {
  for (size_t i = 0; i < p->filter_count; i++)
    if (p->filters[i].id && strcmp(p->filters[i].id, id) == 0)
      return &p->filters[i];
  return NULL;
}

static const Route *find_route(const Filter *f, const char *topic) {
  for (size_t i = 0; f && i < f->route_count; i++)
    if (strcmp(f->routes[i].topic, topic) == 0)
      return &f->routes[i];
  return NULL;
}

static void print_where(FILE *out, const char *label, const Route *r, const Plan *plan) {
  Buf sb;
  buf_init(&sb);
  sql_route_condition(&sb, r, plan);
  term_printf(out, "      WHERE %s:\n        ", label);
  term_write_sql(out, buf_str(&sb), "\n        ");
  fputc('\n', out);
  buf_free(&sb);
}

static bool same_where(const Route *a, const Plan *pa, const Route *b, const Plan *pb) {
  Buf x, y;
  buf_init(&x);
  buf_init(&y);
  sql_route_condition(&x, a, pa);
  sql_route_condition(&y, b, pb);
  bool same = strcmp(buf_str(&x), buf_str(&y)) == 0;
  buf_free(&x);
  buf_free(&y);
  return same;
}

static const char *state(const Filter *f) {
  return f->enabled ? filter_status_name(f->status) : "disabled";
}

/* Filters only in one version: every route added or removed. */
static void print_whole_filter(FILE *out, const Filter *f, const Plan *plan, char mark,
                               Counts *n) {
  term_printf(out, "%s filter %s (%s)\n", mark == '+' ? "added" : "removed", f->id,
              state(f));
  for (size_t i = 0; i < f->route_count; i++) {
    term_printf(out, "  %c route %s -> %s\n", mark, f->id, f->routes[i].topic);
    print_where(out, mark == '+' ? "after" : "before", &f->routes[i], plan);
  }
  if (mark == '+') {
    n->filters_added++;
    n->routes_added += f->route_count;
  } else {
    n->filters_removed++;
    n->routes_removed += f->route_count;
  }
}

/* A filter in both versions: its state and each route, by topic. */
static void compare_filter(FILE *out, const Filter *a, const Side *old, const Filter *b,
                           const Side *new, Counts *n) {
  bool header = false, state_changed = a->enabled != b->enabled || a->status != b->status;
#define HEADER()                                                                         \
  do {                                                                                   \
    if (!header)                                                                         \
      term_printf(out, "changed filter %s\n", a->id);                                    \
    header = true;                                                                       \
  } while (0)
  if (state_changed) {
    HEADER();
    term_printf(out, "  state: %s -> %s\n", state(a), state(b));
  }
  for (size_t i = 0; i < a->route_count; i++) {
    const Route *ra = &a->routes[i], *rb = find_route(b, ra->topic);
    if (!rb) {
      HEADER();
      term_printf(out, "  - route %s -> %s\n", a->id, ra->topic);
      print_where(out, "before", ra, &old->unit.plan);
      n->routes_removed++;
    } else if (state_changed || !same_where(ra, &old->unit.plan, rb, &new->unit.plan)) {
      HEADER();
      term_printf(out, "  ~ route %s -> %s\n", a->id, ra->topic);
      print_where(out, "before", ra, &old->unit.plan);
      print_where(out, "after", rb, &new->unit.plan);
      n->routes_changed++;
    }
  }
  for (size_t i = 0; i < b->route_count; i++) {
    const Route *rb = &b->routes[i];
    if (!find_route(a, rb->topic)) {
      HEADER();
      term_printf(out, "  + route %s -> %s\n", b->id, rb->topic);
      print_where(out, "after", rb, &new->unit.plan);
      n->routes_added++;
    }
  }
#undef HEADER
  if (header)
    n->filters_changed++;
}

static void compare_programs(FILE *out, const Side *old, const Side *new, Counts *n) {
  const Program *pa = old->unit.program, *pb = new->unit.program;
  for (size_t i = 0; i < pa->filter_count; i++) {
    const Filter *a = &pa->filters[i];
    const Filter *b = a->id ? find_filter(pb, a->id) : NULL;
    if (!b)
      print_whole_filter(out, a, &old->unit.plan, '-', n);
    else
      compare_filter(out, a, old, b, new, n);
  }
  for (size_t i = 0; i < pb->filter_count; i++) {
    const Filter *b = &pb->filters[i];
    if (b->id && !find_filter(pa, b->id))
      print_whole_filter(out, b, &new->unit.plan, '+', n);
  }
}

/* ---- the corpus ---------------------------------------------------------- */

typedef struct Evaluation {
  const Plan *plan;
  RtSession *session;
  size_t *delta_of_topic; /* plan topic -> index into the deltas */
} Evaluation;

static size_t delta_index(TopicDelta **deltas, size_t *count, const char *topic) {
  for (size_t i = 0; i < *count; i++)
    if (strcmp((*deltas)[i].topic, topic) == 0)
      return i;
  TopicDelta *grown = realloc(*deltas, (*count + 1) * sizeof **deltas);
  if (!grown)
    abort(); /* as the arena and Buf do */
  *deltas = grown;
  grown[*count] = (TopicDelta){.topic = topic};
  return (*count)++;
}

static int evaluation_init(Evaluation *e, const Side *s, const FrontOptions *front,
                           TopicDelta **deltas, size_t *delta_count) {
  char err[256];
  e->plan = &s->unit.plan;
  RtFlinkVersion fv;
  if (cli_flink_version(front, s->unit.program, &fv) != 0)
    return -1;
  if (!(e->session = rt_session_new(
            e->plan, &(RtSessionOptions){.max_line = MAX_LINE, .flink_version = fv}, err,
            sizeof err))) {
    term_printf(stderr, "filterc diff: %s: %s\n", s->path, err);
    return -1;
  }
  e->delta_of_topic = calloc(e->plan->topic_count + 1, sizeof *e->delta_of_topic);
  if (!e->delta_of_topic)
    return -1;
  for (size_t t = 0; t < e->plan->topic_count; t++)
    e->delta_of_topic[t] = delta_index(deltas, delta_count, e->plan->topics[t].name);
  return 0;
}

static void evaluation_free(Evaluation *e) {
  free(e->delta_of_topic);
  rt_session_free(e->session);
}

/* Marks in `hit` (one per delta) the topics version e sends the event to.
 * Returns false for a malformed event. */
static bool topics_hit(Evaluation *e, const char *line, size_t len, bool *hit) {
  RtEvent ev;
  char err[256];
  if (rt_session_eval(e->session, line, len, NULL, &ev, err, sizeof err) != 0 ||
      !ev.message)
    return false;
  for (size_t t = 0; t < e->plan->topic_count; t++)
    if (ev.result->topic_hit[t])
      hit[e->delta_of_topic[t]] = true;
  return true;
}

static void note(uint64_t *count, uint64_t *lines, uint64_t lineno) {
  if (*count < MAX_EXAMPLES)
    lines[*count] = lineno;
  (*count)++;
}

static void print_examples(FILE *out, uint64_t count, const uint64_t *lines) {
  term_printf(out, " (line%s", count > 1 ? "s" : "");
  for (uint64_t i = 0; i < count && i < MAX_EXAMPLES; i++)
    term_printf(out, "%s%llu", i ? ", " : " ", (unsigned long long)lines[i]);
  fputs(count > MAX_EXAMPLES ? ", ...)" : ")", out);
}

static void print_deltas(FILE *out, const TopicDelta *d, size_t count, uint64_t events,
                         uint64_t malformed) {
  term_printf(out, "corpus: %llu events", (unsigned long long)events);
  if (malformed)
    term_printf(out, ", %llu malformed lines skipped", (unsigned long long)malformed);
  fputc('\n', out);
  bool any = false;
  for (size_t i = 0; i < count; i++) {
    if (!d[i].gained && !d[i].lost)
      continue;
    any = true;
    term_printf(out, "  topic %s: +%llu gained", d[i].topic,
                (unsigned long long)d[i].gained);
    if (d[i].gained)
      print_examples(out, d[i].gained, d[i].gained_lines);
    term_printf(out, ", -%llu lost", (unsigned long long)d[i].lost);
    if (d[i].lost)
      print_examples(out, d[i].lost, d[i].lost_lines);
    fputc('\n', out);
  }
  if (!any)
    fputs("  no event would be routed differently\n", out);
}

/* Returns EXIT_OK, or EXIT_USAGE on I/O errors; *changed is set when any
 * event is routed differently. */
static int compare_corpus(FILE *out, const DiffOptions *o, const Side *old,
                          const Side *new, bool *changed) {
  TopicDelta *deltas = NULL;
  size_t delta_count = 0;
  Evaluation a = {0}, b = {0};
  bool *hit_a = NULL, *hit_b = NULL;
  FILE *f = NULL;
  RtLines *lines = NULL;
  int status = EXIT_USAGE;
  if (evaluation_init(&a, old, &o->front, &deltas, &delta_count) != 0 ||
      evaluation_init(&b, new, &o->front, &deltas, &delta_count) != 0)
    goto done;
  hit_a = calloc(delta_count + 1, sizeof *hit_a);
  hit_b = calloc(delta_count + 1, sizeof *hit_b);
  f = strcmp(o->events, "-") == 0 ? stdin : fopen(o->events, "rb");
  if (!f) {
    term_printf(stderr, "filterc diff: cannot open %s\n", o->events);
    goto done;
  }
  if (!hit_a || !hit_b || !(lines = rt_lines_new(f, MAX_LINE)))
    goto done;
  const char *line;
  size_t len;
  uint64_t lineno, events = 0, malformed = 0;
  bool too_long;
  int got;
  while ((got = rt_lines_next(lines, &line, &len, &lineno, &too_long)) > 0) {
    if (!too_long && len == 0)
      continue;
    memset(hit_a, 0, delta_count * sizeof *hit_a);
    memset(hit_b, 0, delta_count * sizeof *hit_b);
    /* Both versions read the same schema, so a line is malformed for both
     * or for neither. */
    if (too_long || !topics_hit(&a, line, len, hit_a) ||
        !topics_hit(&b, line, len, hit_b)) {
      malformed++;
      continue;
    }
    events++;
    for (size_t t = 0; t < delta_count; t++) {
      if (hit_b[t] && !hit_a[t])
        note(&deltas[t].gained, deltas[t].gained_lines, lineno);
      else if (hit_a[t] && !hit_b[t])
        note(&deltas[t].lost, deltas[t].lost_lines, lineno);
    }
  }
  if (got < 0) {
    term_printf(stderr, "filterc diff: cannot read %s\n", o->events);
    goto done;
  }
  print_deltas(out, deltas, delta_count, events, malformed);
  for (size_t t = 0; t < delta_count; t++)
    *changed |= deltas[t].gained || deltas[t].lost;
  status = EXIT_OK;
done:
  if (lines)
    rt_lines_free(lines);
  if (f && f != stdin)
    fclose(f);
  free(hit_a);
  free(hit_b);
  evaluation_free(&a);
  evaluation_free(&b);
  free(deltas);
  return status;
}

/* ---- the command --------------------------------------------------------- */

static void side_free(Side *s) {
  if (!s->loaded)
    return;
  compilation_free(&s->unit);
  schema_free(&s->schema);
}

int cmd_diff(int argc, char **argv) {
  DiffOptions o = {0};
  if (parse_diff_args(&o, argc, argv) != 0) {
    diff_usage(stderr);
    return EXIT_USAGE;
  }
  Side old = {.path = o.old_path}, new = {.path = o.new_path};
  int sa = load_program(&o.front, old.path, &old.schema, &old.unit);
  old.loaded = sa == EXIT_OK;
  int sb = load_program(&o.front, new.path, &new.schema, &new.unit);
  new.loaded = sb == EXIT_OK;
  int status = sa == EXIT_USAGE || sb == EXIT_USAGE ? EXIT_USAGE
               : sa != EXIT_OK || sb != EXIT_OK     ? EXIT_FINDINGS
                                                    : EXIT_OK;
  if (status != EXIT_OK)
    goto done;
  Counts n = {0};
  term_printf(stdout, "--- %s\n+++ %s\n", old.path, new.path);
  compare_programs(stdout, &old, &new, &n);
  term_printf(stdout,
              "filters: %zu added, %zu removed, %zu changed; "
              "routes: %zu added, %zu removed, %zu changed\n",
              n.filters_added, n.filters_removed, n.filters_changed, n.routes_added,
              n.routes_removed, n.routes_changed);
  bool changed = n.filters_added || n.filters_removed || n.filters_changed;
  if (o.events)
    status = compare_corpus(stdout, &o, &old, &new, &changed);
  if (status == EXIT_OK && changed)
    status = EXIT_FINDINGS;
done:
  side_free(&old);
  side_free(&new);
  return status;
}
