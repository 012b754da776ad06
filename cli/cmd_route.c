/* filterc route: runs every active route over a JSONL corpus, streaming in
 * constant memory, and writes the routed events to an SQLite database, to
 * JSONL files per topic, or only counts them. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "filterc_runtime.h"
#include "output.h"
#include "sha256.h"

#define MAX_LINE ((size_t)16 << 20)
#define MAX_REPORTS 20 /* malformed lines / disagreements printed in full */

typedef enum OutFormat { OUT_SQLITE, OUT_JSONL, OUT_COUNT, OUT_TRUTH } OutFormat;

typedef struct RouteOptions {
  FrontOptions front;
  OutFormat format;
  const char *output;
  bool cross_check;
  bool quiet;
  unsigned threads; /* 0: one per online core */
  const char *filters, *events;
} RouteOptions;

static void route_usage(FILE *out) {
  fputs("usage: filterc route [--format sqlite|jsonl|count|truth] [-o OUT]\n"
        "                     [--cross-check] [--threads N] [--schema FILE]\n"
        "                     [--event-schema FILE] [--variant normal|no-op] [-q]\n"
        "                     FILTERS EVENTS.jsonl\n"
        "\n"
        "  --flink-version V the Flink release to follow where releases differ\n"
        "                    (1.18 1.19 1.20 2.0 2.1 2.2; default 1.19, or the\n"
        "                    filters file's settings: "
        "flink_version)\n" CLI_RUNTIME_TARGET_HELP "\n"
        "Evaluates every enabled route on each event (one JSON object per line;\n"
        "'-' reads stdin) with Flink's semantics and writes the routed events.\n"
        "\n"
        "  --format sqlite   (default) one table per topic plus filterc_summary,\n"
        "                    in OUT (default routed.db), replaced\n"
        "  --format jsonl    one TOPIC.jsonl per topic in directory OUT\n"
        "                    (default routed/)\n"
        "  --format count    write nothing; print the summary only\n"
        "  --format truth    one line per input line on stdout (or in file OUT):\n"
        "                    LINENO, a tab, then one of T, F, U (UNKNOWN) per route\n"
        "                    in the order of the INSERTs `filterc generate` emits\n"
        "                    (active filters in file order, each filter's routes in\n"
        "                    order), or MALFORMED, or BLANK; for comparing with\n"
        "                    another evaluator (tests/oracle)\n"
        "  --cross-check     also evaluate each event in SQLite and report any\n"
        "                    disagreement (exit status 1)\n"
        "  --threads N       evaluate on N threads (default: one per core); the\n"
        "                    output is the same, in input order, for any N\n"
        "  -q, --quiet       no summary or progress on stderr\n"
        "\n"
        "Malformed lines are reported with their line number, counted and skipped.\n"
        "Exit status: 0 ok, 1 filter errors or cross-check disagreements,\n"
        "2 usage or I/O error.\n",
        out);
}

static int parse_route_args(RouteOptions *o, int argc, char **argv) {
  const char *positional[2];
  int count = 0;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int m;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      route_usage(stdout);
      exit(EXIT_OK);
    }
    if (!strcmp(argv[i], "--cross-check")) {
      o->cross_check = true;
      continue;
    }
    if (is_quiet_option(argv[i])) {
      o->quiet = true;
      continue;
    }
    if ((m = match_valued_option("--threads", argc, argv, &i, &v)) != 0) {
      char *end;
      long n = m > 0 ? strtol(v, &end, 10) : 0;
      if (m < 0 || *v == '\0' || *end || n < 1 || n > 256) {
        if (m > 0)
          fprintf(stderr, "filterc route: --threads needs a number from 1 to 256\n");
        return -1;
      }
      o->threads = (unsigned)n;
      continue;
    }
    if ((m = match_valued_option("-o", argc, argv, &i, &v)) != 0 ||
        (m = match_valued_option("--output", argc, argv, &i, &v)) != 0) {
      if (m < 0)
        return -1;
      o->output = v;
      continue;
    }
    if (!strncmp(argv[i], "--format", 8)) { /* ours, not the diagnostics format */
      if (match_valued_option("--format", argc, argv, &i, &v) < 0)
        return -1;
      if (!strcmp(v, "sqlite"))
        o->format = OUT_SQLITE;
      else if (!strcmp(v, "jsonl"))
        o->format = OUT_JSONL;
      else if (!strcmp(v, "count"))
        o->format = OUT_COUNT;
      else if (!strcmp(v, "truth"))
        o->format = OUT_TRUTH;
      else {
        fprintf(stderr,
                "filterc route: --format must be sqlite, jsonl, count or truth\n");
        return -1;
      }
      continue;
    }
    if ((m = parse_target_option("route", argc, argv, &i, &o->front.target)) != 0) {
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
      unknown_option("route", argv[i], route_usage);
      return -1;
    }
    if (count == 2) {
      fprintf(stderr, "filterc route: too many arguments\n");
      return -1;
    }
    positional[count++] = argv[i];
  }
  if (count != 2) {
    fprintf(stderr, "filterc route: need a filters file and an events file\n");
    return -1;
  }
  o->filters = positional[0];
  o->events = positional[1];
  if (!o->output)
    o->output = o->format == OUT_JSONL   ? "routed"
                : o->format == OUT_TRUTH ? "-"
                                         : "routed.db";
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct Run {
  const RouteOptions *o;
  const Plan *p;
  RtPipeline *pipeline; /* evaluates, on o->threads threads */
  RtSession *writer;    /* re-decodes the routed lines for the sink */
  RtSink *sink;
  FILE *truth; /* --format truth: the per-line output */
  RtLines *lines;
  off_t total; /* input size when known, for progress */
  bool show_progress;
  double start, last;
  RtSummary sum;
  uint64_t reports;
  /* why events were not comparable: the cross-check's few fixed reasons */
  const char *why_text[8];
  uint64_t why_count[8];
} Run;

static void report(Run *r, uint64_t lineno, const char *what, const char *detail) {
  if (r->reports++ < MAX_REPORTS)
    fprintf(stderr, "%s:%llu: %s: %s\n", r->o->events, (unsigned long long)lineno, what,
            detail);
}

/* Reports the routes on which the native evaluator and SQLite disagree. */
static void cross_check_report(Run *r, const RtLineResult *lr) {
  if (lr->not_comparable) { /* counted by reason: a few fixed strings */
    r->sum.crosscheck_not_comparable++;
    for (size_t i = 0; i < 8; i++) {
      if (!r->why_text[i])
        r->why_text[i] = lr->not_comparable;
      if (r->why_text[i] == lr->not_comparable) {
        r->why_count[i]++;
        break;
      }
    }
    return;
  }
  r->sum.crosscheck_events++;
  for (size_t i = 0; lr->disagreements > 0 && i < r->p->route_count; i++) {
    if (lr->route_truth[i] == lr->sqlite_truth[i])
      continue;
    r->sum.crosscheck_disagreements++;
    char detail[512];
    snprintf(detail, sizeof detail, "route to '%s' (filter '%s'): native %s, SQLite %s",
             r->p->routes[i].route->topic, r->p->routes[i].route->filter->id,
             rt_truth_name(lr->route_truth[i]), rt_truth_name(lr->sqlite_truth[i]));
    report(r, lr->lineno, "error: cross-check disagreement", detail);
  }
}

static void progress(Run *r, RtLines *lines, off_t total, double start) {
  double mb = (double)rt_lines_bytes_read(lines) / 1e6;
  double secs = now() - start;
  fprintf(stderr, "\r%llu lines, %.0f MB", (unsigned long long)r->sum.lines, mb);
  if (total > 0)
    fprintf(stderr, " (%.0f%%)", 100.0 * mb * 1e6 / (double)total);
  fprintf(stderr, ", %.0f MB/s   ", secs > 0 ? mb / secs : 0.0);
}

static void print_summary(const Run *r, double secs, uint64_t bytes) {
  const Plan *p = r->p;
  const RtSummary *s = &r->sum;
  fprintf(stderr,
          "%llu lines: %llu events, %llu malformed, %llu blank; %.2f s, %.0f events/s, "
          "%.0f MB/s\n",
          (unsigned long long)s->lines, (unsigned long long)s->events,
          (unsigned long long)s->malformed, (unsigned long long)s->blank, secs,
          secs > 0 ? (double)s->events / secs : 0.0,
          secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
  if (s->malformed)
    fprintf(stderr, "  malformed lines: %s\n", cli_malformed_outcome(p));
  for (size_t t = 0; t < p->topic_count; t++)
    fprintf(stderr, "  %-40s %llu events\n", p->topics[t].name,
            (unsigned long long)s->topic_events[t]);
  for (size_t i = 0; i < p->route_count; i++)
    if (s->route_unknown[i])
      fprintf(stderr,
              "  UNKNOWN (not routed): %llu events on route to '%s' (filter '%s')\n",
              (unsigned long long)s->route_unknown[i], p->routes[i].route->topic,
              p->routes[i].route->filter->id);
  if (s->regex_limit_hits)
    fprintf(
        stderr,
        "  %llu regex matches hit the PCRE2 limits: " RT_REGEX_LIMIT_OUTCOME
        " (Java has no limit: StackOverflowError or a stalled task; counted UNKNOWN)\n",
        (unsigned long long)s->regex_limit_hits);
  if (r->o->cross_check)
    fprintf(stderr,
            "  cross-check: %llu events, %llu disagreements; %llu events not "
            "comparable (SQLite cannot read them as Flink does)\n",
            (unsigned long long)s->crosscheck_events,
            (unsigned long long)s->crosscheck_disagreements,
            (unsigned long long)s->crosscheck_not_comparable);
  for (size_t i = 0; r->o->cross_check && i < 8 && r->why_text[i]; i++)
    fprintf(stderr, "    not comparable: %llu events: %s\n",
            (unsigned long long)r->why_count[i], r->why_text[i]);
  if (r->reports > MAX_REPORTS)
    fprintf(stderr, "  (%llu more reports not shown)\n",
            (unsigned long long)(r->reports - MAX_REPORTS));
}

/* One --format truth line: the route truths in route order, which is the
 * order of the INSERTs the generator writes (one INSERT per active route). */
static void write_truth(FILE *out, const RtLineResult *lr, size_t routes) {
  fprintf(out, "%llu\t", (unsigned long long)lr->lineno);
  switch (lr->kind) {
  case RT_LINE_BLANK:
    fputs("BLANK\n", out);
    return;
  case RT_LINE_TOO_LONG:
  case RT_LINE_MALFORMED:
    fputs("MALFORMED\n", out);
    return;
  case RT_LINE_EVENT:
    break;
  }
  for (size_t i = 0; i < routes; i++) {
    switch (lr->route_truth[i]) {
    case RT_TRUE:
      putc('T', out);
      break;
    case RT_FALSE:
      putc('F', out);
      break;
    case RT_UNKNOWN:
      putc('U', out);
      break;
    }
  }
  putc('\n', out);
}

/* One line's result, in input order: counts, reports and the sink. */
static int on_line(void *ctx, const RtLineResult *lr) {
  Run *r = ctx;
  r->sum.lines++;
  if (r->truth)
    write_truth(r->truth, lr, r->p->route_count);
  if (r->show_progress && (lr->lineno & 0xffff) == 0 && now() - r->last > 0.5) {
    r->last = now();
    progress(r, r->lines, r->total, r->start);
  }
  switch (lr->kind) {
  case RT_LINE_BLANK:
    r->sum.blank++;
    return 0;
  case RT_LINE_TOO_LONG:
    r->sum.malformed++;
    report(r, lr->lineno, "malformed line skipped", "line longer than the 16 MiB limit");
    return 0;
  case RT_LINE_MALFORMED:
    r->sum.malformed++;
    if (!r->truth) /* the truth output says MALFORMED on that line */
      report(r, lr->lineno, "malformed line skipped", lr->error);
    return 0;
  case RT_LINE_EVENT:
    break;
  }
  r->sum.events++;
  if (lr->regex_limit_hits)
    report(r, lr->lineno, RT_REGEX_LIMIT_OUTCOME, RT_REGEX_LIMIT_DETAIL);
  for (size_t i = 0; lr->unknown_routes && i < r->p->route_count; i++)
    r->sum.route_unknown[i] += lr->route_truth[i] == RT_UNKNOWN;
  RtMessage *m = NULL;
  for (size_t t = 0; lr->topics_hit && t < r->p->topic_count; t++) {
    if (!lr->topic_hit[t])
      continue;
    r->sum.topic_events[t]++;
    if (!r->sink)
      continue;
    const char *error = NULL;
    if (!m && !(m = rt_session_decode(r->writer, lr->line, lr->len, &error))) {
      fprintf(stderr,
              "filterc route: line %llu decoded differently the second time: %s\n",
              (unsigned long long)lr->lineno, error ? error : "?");
      return EXIT_USAGE;
    }
    if (rt_sink_write(r->sink, t, m, lr->lineno) != 0) {
      fprintf(stderr, "filterc route: writing %s failed\n", r->o->output);
      return EXIT_USAGE;
    }
  }
  if (lr->sqlite_truth)
    cross_check_report(r, lr);
  return 0;
}

/* The main loop: lines -> pipeline (decode, evaluate, cross-check on N
 * threads) -> on_line in input order -> sink. */
static int route_stream(Run *r, FILE *in) {
  r->lines = rt_lines_new(in, MAX_LINE);
  if (!r->lines)
    return EXIT_USAGE;
  struct stat st;
  r->total = fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
  r->show_progress =
      !r->o->quiet && isatty(fileno(stderr)) && (r->total == 0 || r->total > (64 << 20));
  r->start = r->last = now();
  char err[512];
  int status = EXIT_OK;
  int rc = rt_pipeline_run(r->pipeline, r->lines, on_line, r, err, sizeof err);
  if (rc == -2) {
    fprintf(stderr, "filterc route: reading %s failed\n", r->o->events);
    status = EXIT_USAGE;
  } else if (rc == -1) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_USAGE;
  } else if (rc != 0) {
    status = rc;
  }
  if (r->show_progress)
    fputs("\r\033[K", stderr);
  r->sum.regex_limit_hits = rt_pipeline_regex_limit_hits(r->pipeline);
  if (!r->o->quiet)
    print_summary(r, now() - r->start, rt_lines_bytes_read(r->lines));
  rt_lines_free(r->lines);
  return status;
}

static unsigned default_threads(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static int run_route(const RouteOptions *o, const Plan *p, const RtProvenance *prov) {
  char err[512] = "";
  Run r = {.o = o, .p = p};
  r.sum.provenance = prov;
  r.sum.topic_events = calloc(p->topic_count + 1, sizeof *r.sum.topic_events);
  r.sum.route_unknown = calloc(p->route_count + 1, sizeof *r.sum.route_unknown);
  int status = EXIT_OK;
  RtFlinkVersion fv = RT_FLINK_DEFAULT;
  if (cli_flink_version(&o->front, p->program, &fv) != 0)
    status = EXIT_FINDINGS;
  FILE *in = status != EXIT_OK        ? NULL
             : strcmp(o->events, "-") ? fopen(o->events, "rb")
                                      : stdin;
  if (!in && status == EXIT_OK) {
    fprintf(stderr, "filterc route: cannot open %s\n", o->events);
    status = EXIT_USAGE;
  }
  unsigned threads = o->threads ? o->threads : default_threads();
  RtSessionOptions opts = {
      .max_line = MAX_LINE, .cross_check = o->cross_check, .flink_version = fv};
  RtSessionOptions writer_opts = {.max_line = MAX_LINE, .flink_version = fv};
  if (status == EXIT_OK &&
      (!(r.pipeline = rt_pipeline_new(p, threads, &opts, err, sizeof err)) ||
       !(r.writer = rt_session_new(p, &writer_opts, err, sizeof err)))) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_USAGE;
  }
  if (status == EXIT_OK && o->format == OUT_TRUTH) {
    r.truth = strcmp(o->output, "-") ? fopen(o->output, "w") : stdout;
    if (!r.truth) {
      fprintf(stderr, "filterc route: cannot write %s\n", o->output);
      status = EXIT_USAGE;
    }
  }
  /* The output is built beside its target and put in place only when
   * complete (generator/output.h): a failed or killed run leaves the
   * previous output as it was. */
  StagedFile db = {.fd = -1, .out_fd = -1};
  StagedDir dir = {0};
  bool staged = false;
  if (status == EXIT_OK && o->format == OUT_JSONL && strcmp(o->output, "-") == 0) {
    fprintf(stderr, "filterc route: --format jsonl writes a directory, not '-'\n");
    status = EXIT_USAGE;
  }
  if (status == EXIT_OK && o->format != OUT_COUNT && o->format != OUT_TRUTH) {
    staged = (o->format == OUT_SQLITE ? stage_file(&db, o->output, true, err, sizeof err)
                                      : stage_dir(&dir, o->output, err, sizeof err)) == 0;
    if (staged)
      r.sink = o->format == OUT_SQLITE ? rt_sink_sqlite_new(p, db.path, err, sizeof err)
                                       : rt_sink_jsonl_new(p, dir.path, err, sizeof err);
    if (!r.sink) {
      fprintf(stderr, "filterc route: %s\n", err);
      status = EXIT_USAGE;
    }
  }
  if (status == EXIT_OK)
    status = route_stream(&r, in);
  if (r.sink && rt_sink_finish(r.sink, &r.sum, err, sizeof err) != 0) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_USAGE;
  }
  if (staged && status != EXIT_USAGE &&
      (o->format == OUT_SQLITE ? stage_commit(&db, err, sizeof err)
                               : stage_dir_commit(&dir, NULL, 0, err, sizeof err)) != 0) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_USAGE;
  } else if (staged && status == EXIT_USAGE) {
    if (o->format == OUT_SQLITE)
      stage_abort(&db);
    else
      stage_dir_abort(&dir);
  }
  if (status == EXIT_OK && r.sum.crosscheck_disagreements)
    status = EXIT_FINDINGS;
  if (r.truth && (fflush(r.truth) != 0 || ferror(r.truth))) {
    fprintf(stderr, "filterc route: writing %s failed\n", o->output);
    status = EXIT_USAGE;
  }
  if (r.truth && r.truth != stdout)
    fclose(r.truth);
  if (in && in != stdin)
    fclose(in);
  rt_pipeline_free(r.pipeline);
  rt_session_free(r.writer);
  free(r.sum.topic_events);
  free(r.sum.route_unknown);
  return status;
}

int cmd_route(int argc, char **argv) {
  RouteOptions o = {0};
  if (parse_route_args(&o, argc, argv) != 0) {
    route_usage(stderr);
    return EXIT_USAGE;
  }
  Schema schema;
  Compilation unit;
  int status = load_program(&o.front, o.filters, &schema, &unit);
  if (status != EXIT_OK)
    return status;
  /* recorded in the SQLite output: which rules, which tool, when */
  char sha[65], when[32];
  sha256_hex(unit.source.text, unit.source.len, sha);
  time_t t = time(NULL);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
  RtProvenance prov = {o.filters, sha, FILTERC_VERSION, when};
  status = run_route(&o, &unit.plan, &prov);
  compilation_free(&unit);
  schema_free(&schema);
  return status;
}
