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
 * The file is read by testfile.c (every problem a positioned diagnostic,
 * all before any case runs). Each failure prints the expected and actual
 * topics and, for every route to a topic in the difference, its conditions
 * with TRUE/FALSE/UNKNOWN and the values they read. --coverage reports
 * which conditions the tests made TRUE, FALSE and UNKNOWN and which routes
 * they reached; test_report.c renders JUnit, JSON and lcov. --cross-check
 * runs every event through the SQLite translation too. */
#include <fnmatch.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "filterc_runtime.h"
#include "output.h"
#include "termtext.h"
#include "test_report.h"
#include "testfile.h"
#include "trace.h"
#include "yamltree.h"

#define MAX_LINE ((size_t)16 << 20)

typedef enum ResultsFormat { RESULTS_TEXT, RESULTS_JUNIT, RESULTS_JSON } ResultsFormat;
typedef enum CoverageFormat {
  COVERAGE_TEXT,
  COVERAGE_JSON,
  COVERAGE_LCOV
} CoverageFormat;

typedef struct TestOptions {
  FrontOptions front; /* front.format: the test files' diagnostics */
  bool coverage, cross_check;
  ResultsFormat format;
  const char *output; /* JUnit/JSON results: "-" is stdout */
  const char *run;    /* fnmatch(3) pattern on case names, or NULL */
  CoverageFormat coverage_format;
  const char *coverage_output; /* NULL: stdout */
  double threshold;            /* percent of branches, or < 0 */
} TestOptions;

/* Everything one test file runs against. */
typedef struct Suite {
  const TestOptions *o;
  const char *path; /* the test file */
  const char *dir;  /* its directory, for relative paths */
  const Plan *p;
  RtSession *session;
  RtTruth *trace;
  size_t (*hits)[3]; /* per node: evaluations that were FALSE, TRUE, UNKNOWN */
  size_t *routed;    /* per route: events sent there */
  SuiteResult *result;
  size_t passed, failed;
  FILE *out; /* the current case's details, printed after its PASS/FAIL */
} Suite;

static void test_usage(FILE *out) {
  fputs("usage: filterc test [--format text|junit|json] [-o FILE] [--run PATTERN]\n"
        "                    [--coverage] [--coverage-format text|json|lcov]\n"
        "                    [--coverage-output FILE] [--coverage-threshold N]\n"
        "                    [--cross-check] [--schema FILE] [--event-schema FILE]\n"
        "                    [--variant normal|no-op]\n"
        "                    [--werror] [-q] TESTFILE...\n"
        "\n"
        "  --flink-version V the Flink release to follow where releases differ\n"
        "                    (1.18 1.19 1.20 2.0 2.1 2.2; default 1.19, or the\n"
        "                    filters file's settings: "
        "flink_version)\n" CLI_RUNTIME_TARGET_HELP "\n"
        "Runs test files: each names a filters file and gives cases of events\n"
        "with the topics they must (or must not) reach. Prints PASS/FAIL per\n"
        "case; a failure shows expected and actual topics and each condition's\n"
        "TRUE/FALSE/UNKNOWN result.\n"
        "\n"
        "A test file (every key; paths are relative to the test file):\n"
        "\n"
        "  filters: filters.yaml        # required: the filters file under test\n"
        "  variant: normal              # optional: normal | no-op (default --variant)\n"
        "  cases:                       # required, a non-empty list\n"
        "    - name: LoanCreated insert # optional (default: case N)\n"
        "      events:                  # required: a list of mappings or JSON object\n"
        "        - {id: e1, event_type: LoanCreated, __op: c}      # strings...\n"
        "        - '{\"id\": \"e2\", \"event_type\": \"LoanCreated\", \"__op\": \"c\"}'\n"
        "      topics: [filtered-loan-created-events]  # exactly these ([]: none)\n"
        "    - name: corpus sample\n"
        "      events: {file: samples.jsonl}  # ...or a JSONL file, one event a line\n"
        "      must_reach: [a]          # instead of topics: at least these,\n"
        "      must_not_reach: [b]      # and none of these\n"
        "\n"
        "Every expectation applies to every event of its case. Unknown keys, wrong\n"
        "kinds, events that are not objects, topics no route writes and `topics`\n"
        "together with `must_reach`/`must_not_reach` are errors (file:line:col),\n"
        "all reported before anything runs.\n"
        "\n"
        "  --format F          results as text (default), junit (JUnit XML: one\n"
        "                      testcase per case) or json\n"
        "  -o, --output FILE   write junit/json results to FILE (default stdout)\n"
        "  --run PATTERN       run only cases whose name matches the shell\n"
        "                      pattern (fnmatch: *, ?, [...])\n"
        "  --coverage          per condition: made TRUE, FALSE, UNKNOWN; per route:\n"
        "                      routed an event; branch coverage = TRUE and FALSE\n"
        "                      outcomes reached / (2 x conditions)\n"
        "  --coverage-format F text (default), json or lcov (branches per\n"
        "                      condition line, a function per route)\n"
        "  --coverage-output FILE  write json/lcov coverage to FILE\n"
        "  --coverage-threshold N  exit 1 when a test file's branch coverage is\n"
        "                      below N percent\n"
        "  --cross-check       evaluate every event in SQLite too; a disagreement\n"
        "                      fails the case\n"
        "  --werror            warnings in the filters file are errors\n"
        "  -q, --quiet         print failing cases only: no PASS lines, file\n"
        "                      headers or closing count\n"
        "\n"
        "Exit status: 0 all passed, 1 a case failed, a test file has errors or\n"
        "coverage is below the threshold, 2 usage or I/O error.\n",
        out);
}

static void join_path(char *out, size_t size, const char *dir, const char *rel) {
  if (rel[0] == '/' || !dir[0])
    snprintf(out, size, "%s", rel);
  else
    snprintf(out, size, "%s/%s", dir, rel);
}

/* ---- YAML to JSON, for events written as mappings ---------------------- */

/* Whether s[0..n) is a number as JSON spells it (RFC 8259 section 6). */
static bool json_number_text(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && s[i] == '-')
    i++;
  if (i < n && s[i] == '0')
    i++;
  else if (i < n && s[i] >= '1' && s[i] <= '9')
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
  else
    return false;
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == start)
      return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == start)
      return false;
  }
  return i == n;
}

/* A YAML number as JSON: as written when JSON spells it the same (so
 * 64-bit integers keep every digit), else its value: 0x10, +5, 007, .5
 * and 0o17 are YAML numbers that JSON would reject. */
static void json_number(Buf *f, const YNode *n) {
  if (json_number_text(n->text, n->len)) {
    buf_add(f, n->text, n->len);
    return;
  }
  double v = n->number;
  if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v)
    buf_printf(f, "%lld", (long long)v);
  else
    buf_printf(f, "%.17g", v);
}

/* Strings are escaped as Jackson writes them (buf_json_string); the
 * runtime parses the text, so only the values matter. */
static void yaml_to_json(Buf *f, const YNode *n) {
  switch (n->kind) {
  case YNODE_SCALAR:
    switch (n->quoted ? YSCALAR_STRING : n->scalar) {
    case YSCALAR_NULL:
      buf_adds(f, "null");
      break;
    case YSCALAR_BOOL:
      buf_adds(f, n->bool_value ? "true" : "false");
      break;
    case YSCALAR_INT:
    case YSCALAR_FLOAT:
      json_number(f, n);
      break;
    default:
      buf_json_string(f, n->text, n->len);
    }
    break;
  case YNODE_SEQUENCE:
    buf_addc(f, '[');
    for (size_t i = 0; i < n->count; i++) {
      buf_adds(f, i ? "," : "");
      yaml_to_json(f, n->items[i]);
    }
    buf_addc(f, ']');
    break;
  case YNODE_MAPPING:
    buf_addc(f, '{');
    for (size_t i = 0; i < n->count; i++) {
      buf_adds(f, i ? "," : "");
      buf_json_string(f, n->pairs[i].key->text, n->pairs[i].key->len);
      buf_addc(f, ':');
      yaml_to_json(f, n->pairs[i].value);
    }
    buf_addc(f, '}');
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
      term_printf(s->out, "%s%s", shown++ ? ", " : "", s->p->topics[t].name);
  if (!shown)
    fprintf(s->out, "(none)");
  fprintf(s->out, "\n");
}

static void print_list(const Suite *s, const YNode *list) {
  for (size_t i = 0; list && i < list->count; i++)
    term_printf(s->out, "%s%s", i ? ", " : "", list->items[i]->text);
  if (!list || !list->count)
    fprintf(s->out, "(none)");
  fprintf(s->out, "\n");
}

/* Prints the traces of the routes that send to (or could send to) topic. */
static void explain_topic(Suite *s, RtMessage *m, const char *topic) {
  for (size_t i = 0; i < s->p->route_count; i++) {
    if (strcmp(s->p->routes[i].route->topic, topic))
      continue;
    term_printf(
        s->out, "        route to '%s' (filter '%s'): %s\n", topic,
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
    term_printf(s->out, "      %s:\n", where);
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
        term_printf(s->out, "        - %s (expected, not reached)\n",
                    want->items[i]->text);
        explain_topic(s, m, want->items[i]->text);
      }
    for (size_t t = 0; t < s->p->topic_count; t++)
      if (hit[t] && ((x->topics && !listed(x->topics, s->p->topics[t].name)) ||
                     listed(x->must_not_reach, s->p->topics[t].name))) {
        term_printf(s->out, "        + %s (reached, not expected)\n",
                    s->p->topics[t].name);
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
    term_printf(s->out, "      %s: cross-check %s\n", where, err);
    return false;
  }
  RtMessage *m = ev.message;
  if (!m) {
    term_printf(s->out, "      %s: malformed event: %s (%s)\n", where, ev.error,
                cli_malformed_outcome(s->p));
    return false;
  }
  const RtResult *r = ev.result;
  for (size_t i = 0; i < s->p->node_count; i++)
    s->hits[i][s->trace[i]]++;
  for (size_t i = 0; i < s->p->route_count; i++)
    s->routed[i] += r->route_truth[i] == RT_TRUE;
  bool ok = true;
  if (ev.not_comparable)
    fprintf(s->out, "      %s: cross-check: not comparable: %s\n", where,
            ev.not_comparable);
  if (rt_evaluator_regex_limit_hits(rt_session_evaluator(s->session)) != limit_hits) {
    term_printf(s->out, "      %s: %s: %s\n", where, RT_REGEX_LIMIT_OUTCOME,
                RT_REGEX_LIMIT_DETAIL);
    ok = false;
  }
  if (ev.sqlite_truth && ev.disagreements) {
    term_printf(s->out, "      %s: cross-check disagreement:\n", where);
    for (size_t i = 0; i < s->p->route_count; i++)
      if (r->route_truth[i] != ev.sqlite_truth[i])
        term_printf(s->out, "        route to '%s': native %s, SQLite %s\n",
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
    term_printf(s->out, "      cannot open events file %s\n", path);
    return false;
  }
  /* a regular file under the filters file's limit: /dev/zero would be read
   * for ever, as one endless line */
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
      (unsigned long long)st.st_size > SOURCE_MAX_BYTES) {
    term_printf(s->out, "      events file %s is not a regular file under %zu bytes\n",
                path, SOURCE_MAX_BYTES);
    fclose(f);
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
      term_printf(s->out, "      %s: line too long\n", where);
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
    term_printf(s->out, "      %s has no events\n", path);
    return false;
  }
  return ok;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one case (the test file had no errors: every key and topic is
 * known). Text results print as they come; every result is kept for the
 * JUnit and JSON reports. */
static bool run_case(Suite *s, const TestCase *tc) {
  Expect x = {tc->topics.node, tc->must_reach.node, tc->must_not_reach.node};
  double start = now();
  bool ok = true;
  /* results print after the PASS/FAIL line: collect them first */
  char *details = NULL;
  size_t details_len = 0;
  s->out = open_memstream(&details, &details_len);
  if (tc->events) {
    for (size_t i = 0; i < tc->events->count; i++) {
      const YNode *ev = tc->events->items[i];
      char where[600];
      snprintf(where, sizeof where, "event %zu (%s:%u:%u)", i + 1, s->path, ev->pos.line,
               ev->pos.col);
      Buf json = {0};
      if (ev->kind == YNODE_SCALAR)
        buf_add(&json, ev->text, ev->len);
      else
        yaml_to_json(&json, ev);
      ok &= run_event(s, &x, buf_str(&json), json.len, where);
      buf_free(&json);
    }
  } else {
    ok = run_file_events(s, &x, tc->events_file);
  }
  fclose(s->out);
  s->out = NULL;
  CaseResult *r = suite_add_case(s->result);
  char where[600];
  snprintf(where, sizeof where, "%s:%u:%u", s->path, tc->pos.line, tc->pos.col);
  *r = (CaseResult){strdup(tc->name), strdup(where), ok, details, now() - start};
  if (s->o->format == RESULTS_TEXT) {
    if (!ok || !s->o->front.quiet)
      term_printf(stdout, "  %s  %s\n", ok ? "PASS" : "FAIL", tc->name);
    if (!ok)
      fwrite(details, 1, details_len, stdout);
  }
  return ok;
}

/* ---- one test file ---------------------------------------------------- */

/* Prints the test file's diagnostics gcc-style on stderr, as validate does,
 * and keeps them for the JUnit report (as text) and the JSON results (as
 * validate --format json writes them). */
static void report_file_errors(const TestOptions *o, SuiteResult *result, DiagList *diags,
                               const SourceFile *sf) {
  const SourceFile *src[] = {sf};
  print_diagnostics(&o->front, diags, src, 1);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  diag_render_text(f, diags, src, 1, false);
  fclose(f);
  free(result->error);
  result->error = text;
  f = open_memstream(&text, &len);
  diag_render_json(f, diags);
  fclose(f);
  suite_set_diagnostics(result, text);
  free(text);
}

static bool selected(const TestOptions *o, const TestCase *tc) {
  return !o->run || fnmatch(o->run, tc->name, 0) == 0;
}

static int run_suite(const TestOptions *o, const char *path, Results *results,
                     size_t *passed, size_t *failed) {
  double start = now();
  SuiteResult *result = results_add_suite(results, path);
  DiagList diags;
  diag_list_init(&diags);
  SourceFile sf = {0};
  Arena arena;
  arena_init(&arena);
  YNode *root = NULL;
  TestFile tf = {0};
  int status = EXIT_OK;
  if (source_load(&sf, path, SOURCE_MAX_BYTES, &diags) != 0) {
    report_file_errors(o, result, &diags, &sf);
    status = EXIT_USAGE; /* missing or unreadable: a usage error, as elsewhere */
  } else if (yaml_load_tree(&arena, &sf, &YAML_DEFAULT_LIMITS, &diags, &root) != 0 ||
             testfile_read(&tf, path, root, &diags) != 0) {
    status = EXIT_FINDINGS;
  }
  char *dir_copy = strdup(path);
  const char *dir = dirname(dir_copy);
  TestOptions local = *o;
  if (tf.has_variant)
    local.front.variant = tf.variant;
  result->variant = variant_name(local.front.variant);
  Schema schema;
  Compilation unit;
  bool loaded = false;
  /* The filters are compiled even when the test file has errors, so that
   * unknown topics are reported with the other problems, all at once. */
  if (status != EXIT_USAGE && tf.filters) {
    char fpath[4096];
    join_path(fpath, sizeof fpath, dir, tf.filters);
    result->filters = strdup(fpath);
    /* Only a filters file (.yaml, .yml, .json) is read: a diagnostic
     * quotes the lines of what it reads, and `filters: ~/.netrc` must not
     * print a token to a CI log. */
    size_t n = strlen(fpath);
    bool filters_name = (n > 5 && strcmp(fpath + n - 5, ".yaml") == 0) ||
                        (n > 4 && strcmp(fpath + n - 4, ".yml") == 0) ||
                        (n > 5 && strcmp(fpath + n - 5, ".json") == 0);
    int st = EXIT_USAGE;
    if (!filters_name)
      term_printf(stderr,
                  "%s: `filters:` must name a .yaml, .yml or .json file, not '%s'\n",
                  path, tf.filters);
    else
      st = load_program(&local.front, fpath, &schema, &unit);
    loaded = st == EXIT_OK;
    if (loaded && testfile_check_topics(&tf, unit.program, &diags))
      status = EXIT_FINDINGS;
    if (!loaded) {
      status = st > status ? st : status;
      if (!result->error)
        result->error = strdup("the filters file has errors (see the diagnostics)");
    }
  }
  if (diags.count && sf.text)
    report_file_errors(o, result, &diags, &sf);
  if (loaded && status == EXIT_OK) {
    const Plan *p = &unit.plan;
    char err[512];
    Suite s = {.o = &local, .path = path, .dir = dir, .p = p, .result = result};
    s.trace = calloc(p->node_count + 1, sizeof *s.trace);
    s.hits = calloc(p->node_count + 1, sizeof *s.hits);
    s.routed = calloc(p->route_count + 1, sizeof *s.routed);
    RtFlinkVersion fv;
    if (cli_flink_version(&local.front, unit.program, &fv) != 0) {
      status = EXIT_FINDINGS;
    } else if (!(s.session =
                     rt_session_new(p,
                                    &(RtSessionOptions){.max_line = MAX_LINE,
                                                        .cross_check = o->cross_check,
                                                        .flink_version = fv},
                                    err, sizeof err))) {
      fprintf(stderr, "%s: %s\n", path, err);
      result->error = strdup(err);
      status = EXIT_USAGE;
    } else {
      if (o->format == RESULTS_TEXT && !o->front.quiet)
        term_printf(stdout, "%s (%s, %s variant)\n", path, unit.program->file,
                    variant_name(p->variant));
      for (size_t i = 0; i < tf.case_count; i++)
        if (!selected(o, &tf.cases[i]))
          continue;
        else if (run_case(&s, &tf.cases[i]))
          s.passed++;
        else
          s.failed++;
      if (o->coverage) {
        coverage_build(&result->cov, p, (const size_t(*)[3])s.hits, s.routed);
        result->has_coverage = true;
        if (o->format == RESULTS_TEXT && o->coverage_format == COVERAGE_TEXT)
          render_coverage_text(stdout, &result->cov);
      }
    }
    *passed += s.passed;
    *failed += s.failed;
    rt_session_free(s.session);
    free(s.trace);
    free(s.hits);
    free(s.routed);
  }
  if (loaded) {
    compilation_free(&unit);
    schema_free(&schema);
  }
  result->secs = now() - start;
  testfile_free(&tf);
  free(dir_copy);
  source_free(&sf);
  arena_free(&arena);
  diag_list_free(&diags);
  return status;
}

/* ---- options and reports ---------------------------------------------- */

/* Writes a report to path ("-": stdout) whole: a failed run never leaves
 * half a file for CI to pick up. */
static int write_report(const char *path, void (*render)(FILE *, const Results *, bool),
                        const Results *r, bool flag) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  render(f, r, flag);
  fclose(f);
  int rc = 0;
  if (!strcmp(path, "-")) {
    fwrite(text, 1, len, stdout);
  } else {
    char err[512];
    if (write_file_atomic(path, text, len, err, sizeof err) != 0) {
      fprintf(stderr, "filterc test: %s\n", err);
      rc = -1;
    }
  }
  free(text);
  return rc;
}

static void junit_report(FILE *f, const Results *r, bool unused) {
  (void)unused;
  render_junit(f, r);
}

static void coverage_report(FILE *f, const Results *r, bool lcov) {
  if (lcov)
    render_coverage_lcov(f, r);
  else
    render_coverage_json(f, r);
}

static int parse_test_option(TestOptions *o, int argc, char **argv, int *i) {
  const char *v = NULL;
  int m;
  if (!strcmp(argv[*i], "--coverage")) {
    o->coverage = true;
    return 1;
  }
  if (!strcmp(argv[*i], "--cross-check")) {
    o->cross_check = true;
    return 1;
  }
  if ((m = match_valued_option("--format", argc, argv, i, &v)) != 0) {
    if (m > 0 && !strcmp(v, "text"))
      o->format = RESULTS_TEXT;
    else if (m > 0 && !strcmp(v, "junit"))
      o->format = RESULTS_JUNIT;
    else if (m > 0 && !strcmp(v, "json"))
      o->format = RESULTS_JSON;
    else if (m > 0) {
      fprintf(stderr, "filterc test: --format must be text, junit or json, not '%s'\n",
              v);
      return -1;
    }
    return m;
  }
  if ((m = match_valued_option("--run", argc, argv, i, &v)) != 0) {
    o->run = v;
    return m;
  }
  if ((m = match_valued_option("--output", argc, argv, i, &v)) != 0 ||
      (m = match_valued_option("-o", argc, argv, i, &v)) != 0) {
    o->output = v;
    return m;
  }
  if ((m = match_valued_option("--coverage-format", argc, argv, i, &v)) != 0) {
    o->coverage = true;
    if (m > 0 && !strcmp(v, "text"))
      o->coverage_format = COVERAGE_TEXT;
    else if (m > 0 && !strcmp(v, "json"))
      o->coverage_format = COVERAGE_JSON;
    else if (m > 0 && !strcmp(v, "lcov"))
      o->coverage_format = COVERAGE_LCOV;
    else if (m > 0) {
      fprintf(stderr, "filterc test: --coverage-format must be text, json or lcov\n");
      return -1;
    }
    return m;
  }
  if ((m = match_valued_option("--coverage-output", argc, argv, i, &v)) != 0) {
    o->coverage = true;
    o->coverage_output = v;
    return m;
  }
  if ((m = match_valued_option("--coverage-threshold", argc, argv, i, &v)) != 0) {
    char *end = NULL;
    o->coverage = true;
    if (m > 0) {
      o->threshold = strtod(v, &end);
      if (end == v || *end || !(o->threshold >= 0 && o->threshold <= 100)) {
        fprintf(stderr,
                "filterc test: --coverage-threshold takes a percentage, 0 to "
                "100, not '%s'\n",
                v);
        return -1;
      }
    }
    return m;
  }
  if ((m = parse_target_option("test", argc, argv, i, &o->front.target)) != 0) {
    o->front.target_given = m > 0;
    return m;
  }
  return parse_front_option(&o->front, argc, argv, i);
}

int cmd_test(int argc, char **argv) {
  TestOptions o = {.threshold = -1, .output = "-"};
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t file_count = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      test_usage(stdout);
      free(files);
      return EXIT_OK;
    }
    int r = parse_test_option(&o, argc, argv, &i);
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
  const char *cov_out = o.coverage_output ? o.coverage_output : "-";
  bool stdout_report = o.format != RESULTS_TEXT && !strcmp(o.output, "-");
  if (file_count == 0 ||
      (o.coverage_format != COVERAGE_TEXT && stdout_report && !strcmp(cov_out, "-"))) {
    if (file_count)
      fprintf(stderr, "filterc test: the results and the coverage both go to stdout: "
                      "give --coverage-output FILE or --output FILE\n");
    test_usage(stderr);
    free(files);
    return EXIT_USAGE;
  }
  Results results = {0};
  size_t passed = 0, failed = 0;
  int worst = EXIT_OK;
  for (size_t i = 0; i < file_count; i++) {
    int st = run_suite(&o, files[i], &results, &passed, &failed);
    worst = st > worst ? st : worst;
  }
  if (o.run && passed + failed == 0 && worst == EXIT_OK) {
    fprintf(stderr, "filterc test: no case matches --run '%s'\n", o.run);
    worst = EXIT_USAGE;
  }
  bool below = false;
  for (size_t i = 0; o.threshold >= 0 && i < results.count; i++) {
    const SuiteResult *s = &results.suites[i];
    if (s->has_coverage && coverage_percent(&s->cov) < o.threshold) {
      fprintf(stderr,
              "%s: branch coverage of %s is %.1f%%, below --coverage-threshold %g\n",
              s->path, s->cov.filters_file, coverage_percent(&s->cov), o.threshold);
      below = true;
    }
  }
  if (o.format == RESULTS_TEXT) {
    if (!o.front.quiet)
      term_printf(stdout, "%zu case%s: %zu passed, %zu failed\n", passed + failed,
                  passed + failed == 1 ? "" : "s", passed, failed);
  } else if (write_report(o.output,
                          o.format == RESULTS_JUNIT ? junit_report : render_results_json,
                          &results, o.coverage) != 0) {
    worst = EXIT_USAGE;
  }
  if (o.coverage_format != COVERAGE_TEXT &&
      write_report(cov_out, coverage_report, &results,
                   o.coverage_format == COVERAGE_LCOV) != 0)
    worst = EXIT_USAGE;
  results_free(&results);
  free(files);
  if (worst != EXIT_OK)
    return worst;
  return failed || below ? EXIT_FINDINGS : EXIT_OK;
}
