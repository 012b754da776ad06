/* filterc test: runs YAML test files, in the spirit of `promtool test
 * rules`. A test file names a filters file and lists cases; each case gives
 * events and the topics each of them must reach:
 *
 *   filters: filters.yaml          # relative to the test file
 *   variant: normal                # optional (default: --variant)
 *   cases:
 *     - name: a LoanCreated insert reaches the loan topic
 *       events:                    # inline: YAML mappings or JSON strings
 *         - {id: e1, event_type: LoanCreated, __op: c}
 *         - '{"id": "e2", "event_type": "LoanCreated", "__op": "c"}'
 *       topics: [filtered-loan-created-events]   # exactly these ([]: none)
 *     - name: corpus sample
 *       events: {file: samples.jsonl}            # relative to the test file
 *       must_reach: [a]            # instead of topics: at least these...
 *       must_not_reach: [b]        # ...and none of these
 *
 * Each failure prints the expected and actual topics and, for every route
 * to a topic in the difference, its conditions with TRUE/FALSE/UNKNOWN and
 * the values they read. --coverage reports which conditions the tests made
 * TRUE, FALSE and UNKNOWN; --cross-check runs every event through the
 * SQLite translation too. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filterc_runtime.h"
#include "trace.h"
#include "yamltree.h"

#define MAX_LINE ((size_t)16 << 20)

typedef struct TestOptions {
  FrontOptions front;
  bool coverage, cross_check;
} TestOptions;

/* Everything one test file runs against. */
typedef struct Suite {
  const TestOptions *o;
  const char *path; /* the test file */
  const char *dir;  /* its directory, for relative paths */
  const Plan *p;
  RtSession *session;
  RtTruth *trace;
  unsigned char (*seen)[3]; /* per node: made TRUE, FALSE, UNKNOWN */
  size_t passed, failed;
  FILE *out; /* the current case's details, printed after its PASS/FAIL */
} Suite;

static void test_usage(FILE *out) {
  fputs("usage: filterc test [--coverage] [--cross-check] [--schema FILE]\n"
        "                    [--event-schema FILE] [--variant normal|no-op]\n"
        "                    [--werror] [-q] TESTFILE...\n"
        "\n"
        "Runs test files: each names a filters file and gives cases of events\n"
        "with the topics they must (or must not) reach. Prints PASS/FAIL per\n"
        "case; a failure shows expected and actual topics and each condition's\n"
        "TRUE/FALSE/UNKNOWN result.\n"
        "\n"
        "  --coverage      report per filter and condition whether the tests\n"
        "                  made it TRUE, FALSE and UNKNOWN\n"
        "  --cross-check   evaluate every event in SQLite too; a disagreement\n"
        "                  fails the case\n"
        "  -q, --quiet     print failing cases only: no PASS lines, file headers\n"
        "                  or closing count\n"
        "\n"
        "Exit status: 0 all passed, 1 a case failed or a file has errors,\n"
        "2 usage or I/O error.\n",
        out);
}

static void join_path(char *out, size_t size, const char *dir, const char *rel) {
  if (rel[0] == '/' || !dir[0])
    snprintf(out, size, "%s", rel);
  else
    snprintf(out, size, "%s/%s", dir, rel);
}

/* ---- YAML to JSON, for events written as mappings ---------------------- */

static void json_string(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

static void yaml_to_json(FILE *f, const YNode *n) {
  switch (n->kind) {
  case YNODE_SCALAR:
    switch (n->quoted ? YSCALAR_STRING : n->scalar) {
    case YSCALAR_NULL:
      fputs("null", f);
      break;
    case YSCALAR_BOOL:
      fputs(n->bool_value ? "true" : "false", f);
      break;
    case YSCALAR_INT:
    case YSCALAR_FLOAT:
      fwrite(n->text, 1, n->len, f);
      break;
    default:
      json_string(f, n->text, n->len);
    }
    break;
  case YNODE_SEQUENCE:
    fputc('[', f);
    for (size_t i = 0; i < n->count; i++) {
      if (i)
        fputc(',', f);
      yaml_to_json(f, n->items[i]);
    }
    fputc(']', f);
    break;
  case YNODE_MAPPING:
    fputc('{', f);
    for (size_t i = 0; i < n->count; i++) {
      if (i)
        fputc(',', f);
      json_string(f, n->pairs[i].key->text, n->pairs[i].key->len);
      fputc(':', f);
      yaml_to_json(f, n->pairs[i].value);
    }
    fputc('}', f);
    break;
  }
}

/* ---- expectations ----------------------------------------------------- */

typedef struct Expect {
  const YNode *topics, *must_reach, *must_not_reach;
} Expect;

static bool listed(const YNode *list, const char *topic) {
  for (size_t i = 0; list && i < list->count; i++)
    if (list->items[i]->kind == YNODE_SCALAR && !strcmp(list->items[i]->text, topic))
      return true;
  return false;
}

static bool topic_hit(const Suite *s, const RtResult *r, const char *topic) {
  for (size_t t = 0; t < s->p->topic_count; t++)
    if (r->topic_hit[t] && !strcmp(s->p->topics[t].name, topic))
      return true;
  return false;
}

static void print_topics(const Suite *s, const RtResult *r) {
  size_t shown = 0;
  for (size_t t = 0; t < s->p->topic_count; t++)
    if (r->topic_hit[t])
      fprintf(s->out, "%s%s", shown++ ? ", " : "", s->p->topics[t].name);
  if (!shown)
    fprintf(s->out, "(none)");
  fprintf(s->out, "\n");
}

static void print_list(const Suite *s, const YNode *list) {
  for (size_t i = 0; list && i < list->count; i++)
    fprintf(s->out, "%s%s", i ? ", " : "", list->items[i]->text);
  if (!list || !list->count)
    fprintf(s->out, "(none)");
  fprintf(s->out, "\n");
}

/* Prints the traces of the routes that send to (or could send to) topic. */
static void explain_topic(Suite *s, RtMessage *m, const char *topic) {
  for (size_t i = 0; i < s->p->route_count; i++) {
    if (strcmp(s->p->routes[i].route->topic, topic))
      continue;
    fprintf(s->out, "        route to '%s' (filter '%s'): %s\n", topic,
            s->p->routes[i].route->filter->id,
            rt_truth_name(
                rt_eval(rt_session_evaluator(s->session), m, s->trace)->route_truth[i]));
    print_route_trace(s->out, s->p, i, rt_session_evaluator(s->session), m, s->trace, 10);
  }
}

/* Checks one evaluated event; prints the difference when it fails. */
static bool check_event(Suite *s, const Expect *x, RtMessage *m, const RtResult *r,
                        const char *where) {
  /* copy: explain_topic re-evaluates and reuses the result buffers */
  bool *hit = calloc(s->p->topic_count + 1, sizeof *hit);
  memcpy(hit, r->topic_hit, s->p->topic_count * sizeof *hit);
  RtResult snapshot = *r;
  snapshot.topic_hit = hit;
  bool ok = true;
  const YNode *want = x->topics ? x->topics : x->must_reach;
  for (size_t i = 0; want && i < want->count; i++)
    ok &= topic_hit(s, &snapshot, want->items[i]->text);
  for (size_t t = 0; t < s->p->topic_count; t++) {
    if (!hit[t])
      continue;
    if ((x->topics && !listed(x->topics, s->p->topics[t].name)) ||
        listed(x->must_not_reach, s->p->topics[t].name))
      ok = false;
  }
  if (!ok) {
    fprintf(s->out, "      %s:\n", where);
    fprintf(s->out, "        expected: ");
    if (x->topics) {
      print_list(s, x->topics);
    } else {
      fprintf(s->out, "at least ");
      print_list(s, x->must_reach);
      fprintf(s->out, "        and none of: ");
      print_list(s, x->must_not_reach);
    }
    fprintf(s->out, "        actual:   ");
    print_topics(s, &snapshot);
    for (size_t i = 0; want && i < want->count; i++)
      if (!topic_hit(s, &snapshot, want->items[i]->text)) {
        fprintf(s->out, "        - %s (expected, not reached)\n", want->items[i]->text);
        explain_topic(s, m, want->items[i]->text);
      }
    for (size_t t = 0; t < s->p->topic_count; t++)
      if (hit[t] && ((x->topics && !listed(x->topics, s->p->topics[t].name)) ||
                     listed(x->must_not_reach, s->p->topics[t].name))) {
        fprintf(s->out, "        + %s (reached, not expected)\n", s->p->topics[t].name);
        explain_topic(s, m, s->p->topics[t].name);
      }
  }
  free(hit);
  return ok;
}

/* Decodes, evaluates, cross-checks and checks one event. */
static bool run_event(Suite *s, const Expect *x, const char *json, size_t len,
                      const char *where) {
  RtEvent ev;
  char err[256];
  uint64_t limit_hits = rt_evaluator_regex_limit_hits(rt_session_evaluator(s->session));
  if (rt_session_eval(s->session, json, len, s->trace, &ev, err, sizeof err) != 0) {
    fprintf(s->out, "      %s: cross-check %s\n", where, err);
    return false;
  }
  RtMessage *m = ev.message;
  if (!m) {
    fprintf(s->out, "      %s: malformed event: %s\n", where, ev.error);
    return false;
  }
  const RtResult *r = ev.result;
  for (size_t i = 0; i < s->p->node_count; i++)
    s->seen[i][s->trace[i]] = 1;
  bool ok = true;
  if (rt_evaluator_regex_limit_hits(rt_session_evaluator(s->session)) != limit_hits) {
    fprintf(s->out, "      %s: %s: %s\n", where, RT_REGEX_LIMIT_OUTCOME,
            RT_REGEX_LIMIT_DETAIL);
    ok = false;
  }
  if (ev.sqlite_truth && ev.disagreements) {
    fprintf(s->out, "      %s: cross-check disagreement:\n", where);
    for (size_t i = 0; i < s->p->route_count; i++)
      if (r->route_truth[i] != ev.sqlite_truth[i])
        fprintf(s->out, "        route to '%s': native %s, SQLite %s\n",
                s->p->routes[i].route->topic, rt_truth_name(r->route_truth[i]),
                rt_truth_name(ev.sqlite_truth[i]));
    ok = false;
  }
  return check_event(s, x, m, r, where) && ok;
}

static bool run_file_events(Suite *s, const Expect *x, const char *rel) {
  char path[4096];
  join_path(path, sizeof path, s->dir, rel);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(s->out, "      cannot open events file %s\n", path);
    return false;
  }
  RtLines *lines = rt_lines_new(f, MAX_LINE);
  const char *line;
  size_t len;
  uint64_t lineno;
  bool too_long, ok = true;
  size_t count = 0;
  while (lines && rt_lines_next(lines, &line, &len, &lineno, &too_long) > 0) {
    char where[4200];
    snprintf(where, sizeof where, "event at %s:%llu", path, (unsigned long long)lineno);
    if (too_long) {
      fprintf(s->out, "      %s: line too long\n", where);
      ok = false;
      continue;
    }
    if (len == 0)
      continue;
    ok &= run_event(s, x, line, len, where);
    count++;
  }
  rt_lines_free(lines);
  fclose(f);
  if (count == 0) {
    fprintf(s->out, "      %s has no events\n", path);
    return false;
  }
  return ok;
}

static bool is_list(const YNode *n) {
  return n && n->kind == YNODE_SEQUENCE;
}

static bool run_case(Suite *s, const YNode *c, size_t index) {
  const YNode *name = ynode_get(c, "name");
  const YNode *events = ynode_get(c, "events");
  Expect x = {ynode_get(c, "topics"), ynode_get(c, "must_reach"),
              ynode_get(c, "must_not_reach")};
  char title[512];
  snprintf(title, sizeof title, "%s",
           name && name->kind == YNODE_SCALAR ? name->text : "");
  if (!title[0])
    snprintf(title, sizeof title, "case %zu", index + 1);
  bool ok = true;
  size_t count = 0;
  /* results print after the PASS/FAIL line: collect them first */
  char *details = NULL;
  size_t details_len = 0;
  s->out = open_memstream(&details, &details_len);
  if ((x.topics && !is_list(x.topics)) || (x.must_reach && !is_list(x.must_reach)) ||
      (x.must_not_reach && !is_list(x.must_not_reach)) ||
      (!x.topics && !x.must_reach && !x.must_not_reach) ||
      (x.topics && (x.must_reach || x.must_not_reach))) {
    fprintf(s->out,
            "      %s:%u: give `topics: [...]` (exactly these), or `must_reach` "
            "and/or `must_not_reach` lists\n",
            s->path, c->pos.line);
    ok = false;
  } else if (is_list(events)) {
    for (size_t i = 0; i < events->count; i++) {
      const YNode *ev = events->items[i];
      char where[600];
      snprintf(where, sizeof where, "event %zu (%s:%u)", i + 1, s->path, ev->pos.line);
      char *json = NULL;
      size_t len = 0;
      FILE *jf = open_memstream(&json, &len);
      if (ev->kind == YNODE_SCALAR)
        fwrite(ev->text, 1, ev->len, jf);
      else
        yaml_to_json(jf, ev);
      fclose(jf);
      ok &= run_event(s, &x, json, len, where);
      free(json);
      count++;
    }
  } else if (events && events->kind == YNODE_MAPPING && ynode_get(events, "file")) {
    ok = run_file_events(s, &x, ynode_get(events, "file")->text);
    count = 1;
  } else {
    fprintf(s->out, "      %s:%u: `events` must be a list or {file: PATH}\n", s->path,
            c->pos.line);
    ok = false;
  }
  if (count == 0) {
    fprintf(s->out, "      no events\n");
    ok = false;
  }
  fclose(s->out);
  if (!ok || !s->o->front.quiet)
    printf("  %s  %s\n", ok ? "PASS" : "FAIL", title);
  if (!ok)
    fwrite(details, 1, details_len, stdout);
  free(details);
  return ok;
}

/* ---- coverage --------------------------------------------------------- */

static void print_coverage(const Suite *s) {
  const Plan *p = s->p;
  size_t full = 0;
  printf("coverage of %s (T/F/U: made TRUE, FALSE, UNKNOWN at least once):\n",
         p->program->file);
  const Filter *current = NULL;
  for (size_t i = 0; i < p->node_count; i++) {
    const PlanNode *n = &p->nodes[i];
    if (n->filter != current) {
      current = n->filter;
      printf("  filter %s\n", current->id);
    }
    char label[512];
    describe_cond(n->cond, label, sizeof label);
    bool all = s->seen[i][RT_TRUE] && s->seen[i][RT_FALSE] && s->seen[i][RT_UNKNOWN];
    full += all;
    printf("    %c %c %c  %4u:%-3u %*s%s%s\n", s->seen[i][RT_TRUE] ? 'T' : '.',
           s->seen[i][RT_FALSE] ? 'F' : '.', s->seen[i][RT_UNKNOWN] ? 'U' : '.',
           n->cond->pos.line, n->cond->pos.col, (int)n->depth * 2, "",
           n->route_cond ? "route: " : "", label);
  }
  printf("  %zu of %zu conditions were TRUE, FALSE and UNKNOWN\n", full, p->node_count);
}

/* ---- one test file ---------------------------------------------------- */

static int run_suite(const TestOptions *o, const char *path, size_t *passed,
                     size_t *failed) {
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf;
  Arena arena;
  arena_init(&arena);
  YNode *root = NULL;
  int status = EXIT_OK;
  if (source_load(&sf, path, SOURCE_MAX_BYTES, &diags) != 0 ||
      yaml_load_tree(&arena, &sf, &YAML_DEFAULT_LIMITS, &diags, &root) != 0) {
    const SourceFile *src[] = {&sf};
    print_diagnostics(&o->front, &diags, src, 1);
    status = EXIT_USAGE;
  }
  const YNode *filters =
      root && root->kind == YNODE_MAPPING ? ynode_get(root, "filters") : NULL;
  const YNode *cases = filters ? ynode_get(root, "cases") : NULL;
  if (status == EXIT_OK &&
      (!filters || filters->kind != YNODE_SCALAR || !is_list(cases))) {
    fprintf(stderr, "%s: a test file needs `filters: FILE` and a `cases:` list\n", path);
    status = EXIT_USAGE;
  }
  char *dir_copy = strdup(path);
  const char *dir = dirname(dir_copy);
  TestOptions local = *o;
  const YNode *variant = root && status == EXIT_OK ? ynode_get(root, "variant") : NULL;
  if (variant && variant_from_name(variant->text, &local.front.variant) != 0) {
    fprintf(stderr, "%s: variant must be normal or no-op\n", path);
    status = EXIT_USAGE;
  }
  Schema schema;
  Compilation unit;
  bool loaded = false;
  if (status == EXIT_OK) {
    char fpath[4096];
    join_path(fpath, sizeof fpath, dir, filters->text);
    status = load_program(&local.front, fpath, &schema, &unit);
    loaded = status == EXIT_OK;
  }
  if (loaded) {
    const Plan *p = &unit.plan;
    char err[512];
    Suite s = {.o = &local, .path = path, .dir = dir, .p = p};
    s.trace = calloc(p->node_count + 1, sizeof *s.trace);
    s.seen = calloc(p->node_count + 1, sizeof *s.seen);
    if (!(s.session = rt_session_new(p, MAX_LINE, o->cross_check, err, sizeof err))) {
      fprintf(stderr, "%s: %s\n", path, err);
      status = EXIT_USAGE;
    } else {
      if (!o->front.quiet)
        printf("%s (%s, %s variant)\n", path, unit.program->file,
               variant_name(p->variant));
      for (size_t i = 0; i < cases->count; i++)
        if (run_case(&s, cases->items[i], i))
          s.passed++;
        else
          s.failed++;
      if (o->coverage)
        print_coverage(&s);
    }
    *passed += s.passed;
    *failed += s.failed;
    rt_session_free(s.session);
    free(s.trace);
    free(s.seen);
  }
  if (loaded) {
    compilation_free(&unit);
    schema_free(&schema);
  }
  free(dir_copy);
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
  return status;
}

int cmd_test(int argc, char **argv) {
  TestOptions o = {0};
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t file_count = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      test_usage(stdout);
      free(files);
      return EXIT_OK;
    }
    if (!strcmp(argv[i], "--coverage")) {
      o.coverage = true;
      continue;
    }
    if (!strcmp(argv[i], "--cross-check")) {
      o.cross_check = true;
      continue;
    }
    int r = parse_front_option(&o.front, argc, argv, &i);
    if (r == 0 && argv[i][0] == '-' && argv[i][1] != '\0') {
      free(files);
      return unknown_option("test", argv[i], test_usage);
    }
    if (r < 0) {
      test_usage(stderr);
      free(files);
      return EXIT_USAGE;
    }
    if (r == 0)
      files[file_count++] = argv[i];
  }
  if (file_count == 0) {
    test_usage(stderr);
    free(files);
    return EXIT_USAGE;
  }
  size_t passed = 0, failed = 0;
  int worst = EXIT_OK;
  for (size_t i = 0; i < file_count; i++) {
    int st = run_suite(&o, files[i], &passed, &failed);
    worst = st > worst ? st : worst;
  }
  if (!o.front.quiet)
    printf("%zu case%s: %zu passed, %zu failed\n", passed + failed,
           passed + failed == 1 ? "" : "s", passed, failed);
  free(files);
  if (worst != EXIT_OK)
    return worst;
  return failed ? EXIT_FINDINGS : EXIT_OK;
}
