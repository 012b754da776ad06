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

#define MAX_LINE ((size_t)16 << 20)
#define MAX_REPORTS 20 /* malformed lines / disagreements printed in full */

typedef enum OutFormat { OUT_SQLITE, OUT_JSONL, OUT_COUNT } OutFormat;

typedef struct RouteOptions {
  FrontOptions front;
  OutFormat format;
  const char *output;
  bool cross_check;
  bool quiet;
  const char *filters, *events;
} RouteOptions;

static void route_usage(FILE *out) {
  fputs("usage: filterc route [--format sqlite|jsonl|count] [-o OUT] [--cross-check]\n"
        "                     [--schema FILE] [--variant normal|no-op] [--quiet]\n"
        "                     FILTERS EVENTS.jsonl\n"
        "\n"
        "  --flink-version V the Flink release to follow where releases differ\n"
        "                    (1.18 1.19 1.20 2.0 2.1 2.2; default 1.19, or the\n"
        "                    filters file's settings: flink_version)\n"
        "\n"
        "Evaluates every enabled route on each event (one JSON object per line;\n"
        "'-' reads stdin) with Flink's semantics and writes the routed events.\n"
        "\n"
        "  --format sqlite   (default) one table per topic plus filterc_summary,\n"
        "                    in OUT (default routed.db), replaced\n"
        "  --format jsonl    one TOPIC.jsonl per topic in directory OUT\n"
        "                    (default routed/)\n"
        "  --format count    write nothing; print the summary only\n"
        "  --cross-check     also evaluate each event in SQLite and report any\n"
        "                    disagreement (exit status 1)\n"
        "  --quiet           no summary or progress on stderr\n"
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
    if (!strcmp(argv[i], "--quiet")) {
      o->quiet = true;
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
      else {
        fprintf(stderr, "filterc route: --format must be sqlite, jsonl or count\n");
        return -1;
      }
      continue;
    }
    if ((m = parse_front_option(&o->front, argc, argv, &i)) != 0) {
      if (m < 0)
        return -1;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "filterc route: unknown option '%s'\n", argv[i]);
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
    o->output = o->format == OUT_JSONL ? "routed" : "routed.db";
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

typedef struct Run {
  const RouteOptions *o;
  const RtProgram *p;
  RtDecoder *decoder;
  RtEvaluator *eval;
  RtCrossCheck *xcheck;
  RtTruth *sqlite_truth;
  RtSink *sink;
  RtSummary sum;
  uint64_t reports;
  /* why events were not comparable: the cross-check's few fixed reasons */
  char why_text[8][512];
  uint64_t why_count[8];
} Run;

static void report(Run *r, uint64_t lineno, const char *what, const char *detail) {
  if (r->reports++ < MAX_REPORTS)
    fprintf(stderr, "%s:%llu: %s: %s\n", r->o->events, (unsigned long long)lineno, what,
            detail);
}

static int cross_check(Run *r, RtMessage *m, const RtResult *res, uint64_t lineno) {
  char err[512];
  int bad = rt_crosscheck_event(r->xcheck, m, res->route_truth, r->sqlite_truth, err,
                                sizeof err);
  if (bad == RT_CROSSCHECK_NOT_COMPARABLE) {
    r->sum.crosscheck_not_comparable++;
    for (size_t i = 0; i < 8; i++) {
      if (!r->why_text[i][0])
        snprintf(r->why_text[i], sizeof r->why_text[i], "%s", err);
      if (strcmp(r->why_text[i], err) == 0) {
        r->why_count[i]++;
        break;
      }
    }
    return 0;
  }
  if (bad < 0) {
    fprintf(stderr, "filterc route: %s\n", err);
    return -1;
  }
  r->sum.crosscheck_events++;
  for (size_t i = 0; bad > 0 && i < r->p->route_count; i++) {
    if (res->route_truth[i] == r->sqlite_truth[i])
      continue;
    r->sum.crosscheck_disagreements++;
    char detail[512];
    snprintf(detail, sizeof detail, "route to '%s' (filter '%s'): native %s, SQLite %s",
             r->p->routes[i].route->topic, r->p->routes[i].route->filter->id,
             rt_truth_name(res->route_truth[i]), rt_truth_name(r->sqlite_truth[i]));
    report(r, lineno, "error: cross-check disagreement", detail);
  }
  return 0;
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
  const RtProgram *p = r->p;
  const RtSummary *s = &r->sum;
  fprintf(stderr,
          "%llu lines: %llu events, %llu malformed, %llu blank; %.2f s, %.0f events/s, "
          "%.0f MB/s\n",
          (unsigned long long)s->lines, (unsigned long long)s->events,
          (unsigned long long)s->malformed, (unsigned long long)s->blank, secs,
          secs > 0 ? (double)s->events / secs : 0.0,
          secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
  for (size_t t = 0; t < p->topic_count; t++)
    fprintf(stderr, "  %-40s %llu events\n", p->topics[t],
            (unsigned long long)s->topic_events[t]);
  for (size_t i = 0; i < p->route_count; i++)
    if (s->route_unknown[i])
      fprintf(stderr,
              "  UNKNOWN (not routed): %llu events on route to '%s' (filter '%s')\n",
              (unsigned long long)s->route_unknown[i], p->routes[i].route->topic,
              p->routes[i].route->filter->id);
  if (s->regex_limit_hits)
    fprintf(stderr, "  %llu regex matches hit the PCRE2 limits (counted UNKNOWN)\n",
            (unsigned long long)s->regex_limit_hits);
  if (r->xcheck)
    fprintf(stderr,
            "  cross-check: %llu events, %llu disagreements; %llu events not "
            "comparable (SQLite cannot read them as Flink does)\n",
            (unsigned long long)s->crosscheck_events,
            (unsigned long long)s->crosscheck_disagreements,
            (unsigned long long)s->crosscheck_not_comparable);
  for (size_t i = 0; r->xcheck && i < 8 && r->why_text[i][0]; i++)
    fprintf(stderr, "    not comparable: %llu events: %s\n",
            (unsigned long long)r->why_count[i], r->why_text[i]);
  if (r->reports > MAX_REPORTS)
    fprintf(stderr, "  (%llu more reports not shown)\n",
            (unsigned long long)(r->reports - MAX_REPORTS));
}

/* The main loop: lines -> messages -> results -> sink. */
static int route_stream(Run *r, FILE *in) {
  RtLines *lines = rt_lines_new(in, MAX_LINE);
  if (!lines)
    return EXIT_USAGE;
  struct stat st;
  off_t total = fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
  bool show_progress =
      !r->o->quiet && isatty(fileno(stderr)) && (total == 0 || total > (64 << 20));
  double start = now(), last = start;
  const char *line;
  size_t len;
  uint64_t lineno;
  bool too_long;
  int rc, status = EXIT_OK;
  while ((rc = rt_lines_next(lines, &line, &len, &lineno, &too_long)) > 0) {
    r->sum.lines++;
    if (show_progress && (lineno & 0xffff) == 0 && now() - last > 0.5) {
      last = now();
      progress(r, lines, total, start);
    }
    const char *error = "line longer than the 16 MiB limit";
    RtMessage *m = NULL;
    if (!too_long && blank(line, len)) {
      r->sum.blank++;
      continue;
    }
    if (!too_long)
      m = rt_decode(r->decoder, line, len, &error);
    if (!m) {
      r->sum.malformed++;
      report(r, lineno, "malformed line skipped", error);
      continue;
    }
    r->sum.events++;
    const RtResult *res = rt_eval(r->eval, m, NULL);
    for (size_t i = 0; res->unknown_routes && i < r->p->route_count; i++)
      r->sum.route_unknown[i] += res->route_truth[i] == RT_UNKNOWN;
    for (size_t t = 0; res->topics_hit && t < r->p->topic_count; t++) {
      if (!res->topic_hit[t])
        continue;
      r->sum.topic_events[t]++;
      if (r->sink && rt_sink_write(r->sink, t, m, lineno) != 0) {
        fprintf(stderr, "filterc route: writing %s failed\n", r->o->output);
        status = EXIT_USAGE;
        goto done;
      }
    }
    if (r->xcheck && cross_check(r, m, res, lineno) != 0) {
      status = EXIT_USAGE;
      goto done;
    }
  }
  if (rc < 0) {
    fprintf(stderr, "filterc route: reading %s failed\n", r->o->events);
    status = EXIT_USAGE;
  }
done:
  if (show_progress)
    fputs("\r\033[K", stderr);
  r->sum.regex_limit_hits = rt_evaluator_regex_limit_hits(r->eval);
  if (!r->o->quiet)
    print_summary(r, now() - start, rt_lines_bytes_read(lines));
  rt_lines_free(lines);
  return status;
}

static int run_route(const RouteOptions *o, const RtProgram *p) {
  char err[512] = "";
  Run r = {.o = o, .p = p};
  r.sum.topic_events = calloc(p->topic_count + 1, sizeof *r.sum.topic_events);
  r.sum.route_unknown = calloc(p->route_count + 1, sizeof *r.sum.route_unknown);
  r.sqlite_truth = calloc(p->route_count + 1, sizeof *r.sqlite_truth);
  r.decoder = rt_decoder_new(p->schema, p->variant, MAX_LINE);
  r.eval = rt_evaluator_new(p);
  int status = EXIT_OK;
  RtFlinkVersion fv;
  if (cli_flink_version(&o->front, p->program, &fv) != 0)
    status = EXIT_FINDINGS;
  else
    rt_decoder_set_flink_version(r.decoder, fv);
  FILE *in = status != EXIT_OK        ? NULL
             : strcmp(o->events, "-") ? fopen(o->events, "rb")
                                      : stdin;
  if (!in && status == EXIT_OK) {
    fprintf(stderr, "filterc route: cannot open %s\n", o->events);
    status = EXIT_USAGE;
  }
  if (status == EXIT_OK && o->cross_check &&
      !(r.xcheck = rt_crosscheck_new(p, err, sizeof err))) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_USAGE;
  }
  if (r.xcheck)
    rt_crosscheck_set_flink_version(r.xcheck, fv);
  if (status == EXIT_OK && o->format != OUT_COUNT) {
    r.sink = o->format == OUT_SQLITE ? rt_sink_sqlite_new(p, o->output, err, sizeof err)
                                     : rt_sink_jsonl_new(p, o->output, err, sizeof err);
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
  if (status == EXIT_OK && r.sum.crosscheck_disagreements)
    status = EXIT_FINDINGS;
  if (in && in != stdin)
    fclose(in);
  rt_crosscheck_free(r.xcheck);
  rt_evaluator_free(r.eval);
  rt_decoder_free(r.decoder);
  free(r.sqlite_truth);
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
  RtProgram p;
  char err[512];
  if (rt_program_init(&p, unit.program, &schema, o.front.variant, err, sizeof err) != 0) {
    fprintf(stderr, "filterc route: %s\n", err);
    status = EXIT_FINDINGS;
  } else {
    status = run_route(&o, &p);
    rt_program_free(&p);
  }
  compilation_free(&unit);
  schema_free(&schema);
  return status;
}
