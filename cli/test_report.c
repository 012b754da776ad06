#include "test_report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "filterc_runtime.h"
#include "trace.h"

/* ---- result lists ------------------------------------------------------ */

SuiteResult *results_add_suite(Results *r, const char *path) {
  if (r->count == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 4;
    r->suites = realloc(r->suites, r->cap * sizeof *r->suites);
  }
  SuiteResult *s = &r->suites[r->count++];
  *s = (SuiteResult){.path = strdup(path), .variant = ""};
  return s;
}

CaseResult *suite_add_case(SuiteResult *s) {
  if (s->case_count == s->case_cap) {
    s->case_cap = s->case_cap ? s->case_cap * 2 : 8;
    s->cases = realloc(s->cases, s->case_cap * sizeof *s->cases);
  }
  CaseResult *c = &s->cases[s->case_count++];
  *c = (CaseResult){0};
  return c;
}

void suite_set_diagnostics(SuiteResult *s, const char *json_document) {
  json_t *doc = json_loads(json_document, 0, NULL);
  json_decref(s->diagnostics);
  s->diagnostics = json_incref(json_object_get(doc, "diagnostics"));
  json_decref(doc);
}

static void coverage_free(Coverage *cov) {
  for (size_t i = 0; i < cov->cond_count; i++) {
    free(cov->conds[i].label);
    free(cov->conds[i].filter);
  }
  for (size_t i = 0; i < cov->route_count; i++) {
    free(cov->routes[i].filter);
    free(cov->routes[i].topic);
  }
  free(cov->conds);
  free(cov->routes);
  free(cov->filters_file);
}

void results_free(Results *r) {
  for (size_t i = 0; i < r->count; i++) {
    SuiteResult *s = &r->suites[i];
    for (size_t k = 0; k < s->case_count; k++) {
      free(s->cases[k].name);
      free(s->cases[k].where);
      free(s->cases[k].details);
    }
    free(s->cases);
    free(s->path);
    free(s->filters);
    free(s->error);
    json_decref(s->diagnostics);
    if (s->has_coverage)
      coverage_free(&s->cov);
  }
  free(r->suites);
  *r = (Results){0};
}

/* ---- coverage ---------------------------------------------------------- */

void coverage_build(Coverage *cov, const Plan *p, const size_t (*hits)[3],
                    const size_t *routed) {
  *cov = (Coverage){.filters_file = strdup(p->program->file)};
  cov->conds = calloc(p->node_count + 1, sizeof *cov->conds);
  cov->cond_count = p->node_count;
  for (size_t i = 0; i < p->node_count; i++) {
    const PlanNode *n = &p->nodes[i];
    CondCoverage *c = &cov->conds[i];
    char label[512];
    describe_cond(n->cond, label, sizeof label);
    c->label = strdup(label);
    c->filter = strdup(n->filter->id);
    c->pos = n->cond->pos;
    c->depth = n->depth;
    c->route_cond = n->route_cond;
    memcpy(c->hits, hits[i], sizeof c->hits);
  }
  cov->routes = calloc(p->route_count + 1, sizeof *cov->routes);
  cov->route_count = p->route_count;
  for (size_t i = 0; i < p->route_count; i++) {
    const Route *rt = p->routes[i].route;
    cov->routes[i] = (RouteCoverage){strdup(rt->filter->id), strdup(rt->topic),
                                     rt->topic_pos, routed[i]};
  }
}

void coverage_branches(const Coverage *cov, size_t *reached, size_t *total) {
  *reached = 0;
  for (size_t i = 0; i < cov->cond_count; i++)
    *reached += (cov->conds[i].hits[RT_TRUE] > 0) + (cov->conds[i].hits[RT_FALSE] > 0);
  *total = 2 * cov->cond_count;
}

double coverage_percent(const Coverage *cov) {
  size_t reached, total;
  coverage_branches(cov, &reached, &total);
  /* nothing to cover (no conditions) is full coverage, not a division by 0 */
  return total ? 100.0 * (double)reached / (double)total : 100.0;
}

static size_t unknown_reached(const Coverage *cov) {
  size_t n = 0;
  for (size_t i = 0; i < cov->cond_count; i++)
    n += cov->conds[i].hits[RT_UNKNOWN] > 0;
  return n;
}

static size_t routes_reached(const Coverage *cov) {
  size_t n = 0;
  for (size_t i = 0; i < cov->route_count; i++)
    n += cov->routes[i].routed > 0;
  return n;
}

void render_coverage_text(FILE *out, const Coverage *cov) {
  fprintf(out, "coverage of %s (T/F/U: made TRUE, FALSE, UNKNOWN at least once):\n",
          cov->filters_file);
  const char *current = NULL;
  for (size_t i = 0; i < cov->cond_count; i++) {
    const CondCoverage *c = &cov->conds[i];
    if (!current || strcmp(current, c->filter)) {
      current = c->filter;
      fprintf(out, "  filter %s\n", current);
    }
    fprintf(out, "    %c %c %c  %4u:%-3u %*s%s%s\n", c->hits[RT_TRUE] ? 'T' : '.',
            c->hits[RT_FALSE] ? 'F' : '.', c->hits[RT_UNKNOWN] ? 'U' : '.', c->pos.line,
            c->pos.col, (int)c->depth * 2, "", c->route_cond ? "route: " : "", c->label);
  }
  size_t reached, total;
  coverage_branches(cov, &reached, &total);
  fprintf(out, "  branches: %zu of %zu TRUE/FALSE outcomes reached (%.1f%%)\n", reached,
          total, coverage_percent(cov));
  fprintf(out, "  UNKNOWN:  %zu of %zu conditions were UNKNOWN at least once\n",
          unknown_reached(cov), cov->cond_count);
  fprintf(out, "  routes:   %zu of %zu routed at least one event\n", routes_reached(cov),
          cov->route_count);
  for (size_t i = 0; i < cov->route_count; i++)
    if (!cov->routes[i].routed)
      fprintf(out, "    never routed: %s (filter %s, line %u)\n", cov->routes[i].topic,
              cov->routes[i].filter, cov->routes[i].pos.line);
}

/* ---- text that must be valid UTF-8 (XML, JSON) ------------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), or 0. Event values in failure details come
 * from user files and need not be valid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  if (s[0] < 0x80)
    return 1;
  size_t len = s[0] >= 0xC2 && s[0] <= 0xDF   ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                              : 0;
  if (!len || len > n)
    return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
      (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
    return 0;
  return len;
}

/* s with invalid UTF-8 replaced by U+FFFD (malloc'd). */
static char *valid_utf8(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(3 * n + 1), *o = out;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq((const unsigned char *)s + i, n - i);
    if (k) {
      memcpy(o, s + i, k);
      o += k;
      i += k;
    } else {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    }
  }
  *o = '\0';
  return out;
}

/* XML 1.0 character data or attribute value: the five predefined entities,
 * tabs and newlines as references in attributes (so they survive attribute
 * normalisation), and the control characters XML forbids as U+FFFD. */
static void xml_text(FILE *out, const char *s, bool attribute) {
  char *v = valid_utf8(s ? s : "");
  for (const char *p = v; *p; p++) {
    unsigned char c = (unsigned char)*p;
    switch (c) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs(attribute ? "&quot;" : "\"", out);
      break;
    case '\n':
    case '\t':
    case '\r':
      if (attribute)
        fprintf(out, "&#%d;", c);
      else
        fputc(c, out);
      break;
    default:
      if (c < 0x20)
        fputs("\xEF\xBF\xBD", out);
      else
        fputc(c, out);
    }
  }
  free(v);
}

/* ---- JUnit XML --------------------------------------------------------- */

static size_t suite_failures(const SuiteResult *s) {
  size_t n = 0;
  for (size_t i = 0; i < s->case_count; i++)
    n += !s->cases[i].ok;
  return n;
}

/* One <testsuite> per test file, one <testcase> per case; a test file that
 * could not run is one <testcase> with an <error> holding its diagnostics.
 * Checked against the Jenkins xunit plugin's junit-10.xsd in the tests. */
void render_junit(FILE *out, const Results *r) {
  size_t tests = 0, failures = 0, errors = 0;
  double secs = 0;
  for (size_t i = 0; i < r->count; i++) {
    const SuiteResult *s = &r->suites[i];
    tests += s->error ? 1 : s->case_count;
    failures += suite_failures(s);
    errors += s->error != NULL;
    secs += s->secs;
  }
  fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fprintf(out,
          "<testsuites name=\"filterc test\" tests=\"%zu\" failures=\"%zu\" "
          "errors=\"%zu\" time=\"%.3f\">\n",
          tests, failures, errors, secs);
  for (size_t i = 0; i < r->count; i++) {
    const SuiteResult *s = &r->suites[i];
    fputs("  <testsuite name=\"", out);
    xml_text(out, s->path, true);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" time=\"%.3f\" file=\"",
            s->error ? 1 : s->case_count, suite_failures(s), s->error != NULL, s->secs);
    xml_text(out, s->path, true);
    fputs("\">\n", out);
    if (s->filters) {
      fputs("    <properties>\n      <property name=\"filters\" value=\"", out);
      xml_text(out, s->filters, true);
      fputs("\"/>\n      <property name=\"variant\" value=\"", out);
      xml_text(out, s->variant, true);
      fputs("\"/>\n    </properties>\n", out);
    }
    if (s->error) {
      fputs("    <testcase name=\"test file\" classname=\"", out);
      xml_text(out, s->path, true);
      fputs("\">\n      <error type=\"invalid-test-file\" message=\"the test file could "
            "not run\">",
            out);
      xml_text(out, s->error, false);
      fputs("</error>\n    </testcase>\n", out);
    }
    for (size_t k = 0; k < s->case_count; k++) {
      const CaseResult *c = &s->cases[k];
      fputs("    <testcase name=\"", out);
      xml_text(out, c->name, true);
      fputs("\" classname=\"", out);
      xml_text(out, s->path, true);
      fprintf(out, "\" time=\"%.3f\"", c->secs);
      if (c->ok) {
        fputs("/>\n", out);
        continue;
      }
      fputs(">\n      <failure type=\"expectation\" message=\"", out);
      xml_text(out, c->where, true);
      fputs(": the events did not reach the expected topics\">", out);
      xml_text(out, c->details, false);
      fputs("</failure>\n    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
  }
  fputs("</testsuites>\n", out);
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *jstr(const char *s) {
  char *v = valid_utf8(s ? s : "");
  json_t *j = json_string(v);
  free(v);
  return j;
}

static json_t *coverage_json(const SuiteResult *s) {
  const Coverage *cov = &s->cov;
  size_t reached, total;
  coverage_branches(cov, &reached, &total);
  json_t *conds = json_array(), *routes = json_array();
  for (size_t i = 0; i < cov->cond_count; i++) {
    const CondCoverage *c = &cov->conds[i];
    json_array_append_new(
        conds,
        json_pack("{s:o, s:I, s:I, s:o, s:b, s:I, s:I, s:I}", "filter", jstr(c->filter),
                  "line", (json_int_t)c->pos.line, "column", (json_int_t)c->pos.col,
                  "condition", jstr(c->label), "route", c->route_cond, "true",
                  (json_int_t)c->hits[RT_TRUE], "false", (json_int_t)c->hits[RT_FALSE],
                  "unknown", (json_int_t)c->hits[RT_UNKNOWN]));
  }
  for (size_t i = 0; i < cov->route_count; i++) {
    const RouteCoverage *rc = &cov->routes[i];
    json_array_append_new(routes, json_pack("{s:o, s:o, s:I, s:I, s:I}", "filter",
                                            jstr(rc->filter), "topic", jstr(rc->topic),
                                            "line", (json_int_t)rc->pos.line, "column",
                                            (json_int_t)rc->pos.col, "routed",
                                            (json_int_t)rc->routed));
  }
  return json_pack("{s:o, s:o, s:s, s:{s:{s:I, s:I, s:f}, s:{s:I, s:I}, s:{s:I, s:I}}, "
                   "s:o, s:o}",
                   "test_file", jstr(s->path), "filters", jstr(cov->filters_file),
                   "variant", s->variant, "summary", "branches", "reached",
                   (json_int_t)reached, "total", (json_int_t)total, "percent",
                   coverage_percent(cov), "unknown", "reached",
                   (json_int_t)unknown_reached(cov), "total", (json_int_t)cov->cond_count,
                   "routes", "reached", (json_int_t)routes_reached(cov), "total",
                   (json_int_t)cov->route_count, "conditions", conds, "routes", routes);
}

/* Seconds rounded to milliseconds, as the JUnit report writes them. */
static double ms(double secs) {
  return (double)(long long)(secs * 1000 + 0.5) / 1000;
}

static void dump(FILE *out, json_t *j) {
  json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  fputc('\n', out);
  json_decref(j);
}

void render_results_json(FILE *out, const Results *r, bool with_coverage) {
  json_t *files = json_array();
  size_t passed = 0, failed = 0, errors = 0;
  for (size_t i = 0; i < r->count; i++) {
    const SuiteResult *s = &r->suites[i];
    json_t *cases = json_array();
    for (size_t k = 0; k < s->case_count; k++) {
      const CaseResult *c = &s->cases[k];
      json_t *jc = json_pack("{s:o, s:o, s:s, s:f}", "name", jstr(c->name), "location",
                             jstr(c->where), "status", c->ok ? "pass" : "fail", "time",
                             ms(c->secs));
      if (!c->ok)
        json_object_set_new(jc, "details", jstr(c->details));
      json_array_append_new(cases, jc);
      passed += c->ok;
      failed += !c->ok;
    }
    json_t *jf = json_pack("{s:o, s:o, s:s, s:f, s:o}", "file", jstr(s->path), "filters",
                           s->filters ? jstr(s->filters) : json_null(), "variant",
                           s->variant, "time", ms(s->secs), "cases", cases);
    if (s->error) {
      json_object_set_new(jf, "error", jstr(s->error));
      errors++;
    }
    if (s->diagnostics)
      json_object_set(jf, "diagnostics", s->diagnostics);
    if (with_coverage && s->has_coverage)
      json_object_set_new(jf, "coverage", coverage_json(s));
    json_array_append_new(files, jf);
  }
  dump(out,
       json_pack("{s:I, s:I, s:I, s:o}", "passed", (json_int_t)passed, "failed",
                 (json_int_t)failed, "file_errors", (json_int_t)errors, "files", files));
}

void render_coverage_json(FILE *out, const Results *r) {
  json_t *files = json_array();
  for (size_t i = 0; i < r->count; i++)
    if (r->suites[i].has_coverage)
      json_array_append_new(files, coverage_json(&r->suites[i]));
  dump(out, json_pack("{s:o}", "coverage", files));
}

/* ---- lcov -------------------------------------------------------------- */

typedef struct LineHits {
  uint32_t line;
  size_t hits;
} LineHits;

static int by_line(const void *a, const void *b) {
  const LineHits *x = a, *y = b;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* lcov's tracefile format (geninfo(1)): the filters file is the source,
 * each route a function (hit = events routed there), each condition a
 * block with two branches, TRUE (0) and FALSE (1), and each line holding
 * conditions a line (hit = evaluations of its conditions). */
void render_coverage_lcov(FILE *out, const Results *r) {
  for (size_t i = 0; i < r->count; i++) {
    const SuiteResult *s = &r->suites[i];
    if (!s->has_coverage)
      continue;
    const Coverage *cov = &s->cov;
    fprintf(out, "TN:\nSF:%s\n", cov->filters_file);
    for (size_t k = 0; k < cov->route_count; k++)
      fprintf(out, "FN:%u,%s/%s\n", cov->routes[k].pos.line, cov->routes[k].filter,
              cov->routes[k].topic);
    for (size_t k = 0; k < cov->route_count; k++)
      fprintf(out, "FNDA:%zu,%s/%s\n", cov->routes[k].routed, cov->routes[k].filter,
              cov->routes[k].topic);
    fprintf(out, "FNF:%zu\nFNH:%zu\n", cov->route_count, routes_reached(cov));
    LineHits *lines = calloc(cov->cond_count + 1, sizeof *lines);
    for (size_t k = 0; k < cov->cond_count; k++) {
      const CondCoverage *c = &cov->conds[k];
      size_t evaluated = c->hits[0] + c->hits[1] + c->hits[2];
      for (int b = 0; b < 2; b++) {
        size_t taken = c->hits[b == 0 ? RT_TRUE : RT_FALSE];
        if (evaluated)
          fprintf(out, "BRDA:%u,%zu,%d,%zu\n", c->pos.line, k, b, taken);
        else
          fprintf(out, "BRDA:%u,%zu,%d,-\n", c->pos.line, k, b);
      }
      lines[k] = (LineHits){c->pos.line, evaluated};
    }
    size_t reached, total;
    coverage_branches(cov, &reached, &total);
    fprintf(out, "BRF:%zu\nBRH:%zu\n", total, reached);
    qsort(lines, cov->cond_count, sizeof *lines, by_line);
    size_t lf = 0, lh = 0;
    for (size_t k = 0; k < cov->cond_count;) {
      LineHits merged = lines[k];
      for (k++; k < cov->cond_count && lines[k].line == merged.line; k++)
        merged.hits += lines[k].hits;
      fprintf(out, "DA:%u,%zu\n", merged.line, merged.hits);
      lf++;
      lh += merged.hits > 0;
    }
    fprintf(out, "LF:%zu\nLH:%zu\nend_of_record\n", lf, lh);
    free(lines);
  }
}
