/* Results of `filterc test` kept for the machine-readable reports: JUnit
 * XML and JSON results, and coverage as JSON or lcov. The runner
 * (cmd_test.c) fills them; this file only renders. Coverage is computed
 * while the Plan is alive (one per test file) and kept as plain data. */
#ifndef FILTERC_CLI_TEST_REPORT_H
#define FILTERC_CLI_TEST_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "plan.h"

typedef struct CaseResult {
  char *name;
  char *where; /* "file:line:col" of the case */
  bool ok;
  char *details; /* the failure: expected/actual and traces, as printed */
  double secs;
} CaseResult;

/* One condition node's coverage. */
typedef struct CondCoverage {
  char *label; /* "event_type equals 'LoanCreated'" */
  char *filter;
  SrcPos pos;
  unsigned depth;
  bool route_cond; /* part of a route's own condition */
  size_t hits[3];  /* evaluations that were TRUE, FALSE, UNKNOWN (RtTruth order) */
} CondCoverage;

typedef struct RouteCoverage {
  char *filter, *topic;
  SrcPos pos;
  size_t routed; /* events the cases sent there */
} RouteCoverage;

/* Every string is owned: the Program is gone when the reports render. */
typedef struct Coverage {
  char *filters_file;
  CondCoverage *conds;
  size_t cond_count;
  RouteCoverage *routes;
  size_t route_count;
} Coverage;

typedef struct SuiteResult {
  char *path;
  char *filters; /* the filters file it ran against, NULL when it could not */
  const char *variant;
  char *error;       /* why the file did not run (its diagnostics), or NULL */
  void *diagnostics; /* json_t: the test file's diagnostics, or NULL */
  CaseResult *cases;
  size_t case_count, case_cap;
  double secs;
  bool has_coverage;
  Coverage cov;
} SuiteResult;

typedef struct Results {
  SuiteResult *suites;
  size_t count, cap;
} Results;

SuiteResult *results_add_suite(Results *r, const char *path);
CaseResult *suite_add_case(SuiteResult *s);
void results_free(Results *r);
/* Keeps the "diagnostics" array of a `validate --format json` document. */
void suite_set_diagnostics(SuiteResult *s, const char *json_document);

/* Fills cov from the plan and per-node outcome counts (hits[node][truth])
 * and per-route counts of routed events, copying every string. */
void coverage_build(Coverage *cov, const Plan *p, const size_t (*hits)[3],
                    const size_t *routed);

/* Branch coverage: conditions' TRUE and FALSE outcomes reached, out of two
 * per condition. */
void coverage_branches(const Coverage *cov, size_t *reached, size_t *total);
double coverage_percent(const Coverage *cov);

void render_coverage_text(FILE *out, const Coverage *cov);
void render_junit(FILE *out, const Results *r);
void render_results_json(FILE *out, const Results *r, bool with_coverage);
void render_coverage_json(FILE *out, const Results *r);
void render_coverage_lcov(FILE *out, const Results *r);

#endif
