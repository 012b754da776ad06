/* libFuzzer harness: arbitrary bytes as event lines, decoded and evaluated
 * by the runtime against a fixed filter set (FUZZ_EVENTS_FILTERS, every
 * operator plus a backtracking regex), compiled once per variant at the
 * first call. Each input is split at newlines the way `filterc route`
 * splits its input, and every line is evaluated with and without a trace,
 * since the two take different paths through eval.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "filterc_runtime.h"

#ifndef FUZZ_EVENTS_FILTERS
#error "FUZZ_EVENTS_FILTERS must name the filters file"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINE ((size_t)16 << 20) /* as cmd_route.c */

typedef struct Setup {
  Compilation unit;
  const Plan *plan;
  RtDecoder *decoder;
  RtEvaluator *eval;
  RtTruth *trace;
} Setup;

static Schema schema;
static Setup setups[2];
static bool ready;

static void setup(void) {
  DiagList d;
  diag_list_init(&d);
  if (schema_load(&schema, NULL, &d) != 0)
    abort();
  for (int v = VARIANT_NORMAL; v <= VARIANT_NO_OP; v++) {
    Setup *s = &setups[v];
    if (compile_file(&s->unit, FUZZ_EVENTS_FILTERS, &schema, (Variant)v, &d) != 0) {
      fprintf(stderr, "fuzz_events: %s does not compile\n", FUZZ_EVENTS_FILTERS);
      abort();
    }
    s->plan = &s->unit.plan;
    s->decoder = rt_decoder_new(s->plan, MAX_LINE);
    s->eval = rt_evaluator_new(s->plan);
    s->trace = calloc(s->plan->node_count, sizeof *s->trace);
    if (!s->decoder || !s->eval || !s->trace)
      abort();
  }
  diag_list_free(&d);
  ready = true;
}

static void check_result(const Setup *s, const RtResult *r) {
  size_t hits = 0;
  for (size_t i = 0; i < s->plan->topic_count; i++)
    hits += r->topic_hit[i];
  if (hits != r->topics_hit)
    abort();
  size_t unknown = 0;
  for (size_t i = 0; i < s->plan->route_count; i++) {
    if (r->route_truth[i] > RT_UNKNOWN)
      abort();
    unknown += r->route_truth[i] == RT_UNKNOWN;
  }
  if (unknown != r->unknown_routes)
    abort();
}

static void run_line(Setup *s, const char *line, size_t len) {
  const char *error = NULL;
  RtMessage *m = rt_decode(s->decoder, line, len, &error);
  if (!m) {
    if (!error) /* malformed lines must say why */
      abort();
    return;
  }
  /* Copy the short-circuit result: the traced call reuses its storage. */
  const RtResult *r = rt_eval(s->eval, m, NULL);
  check_result(s, r);
  size_t n = s->plan->route_count;
  RtTruth fast[64];
  if (n <= 64)
    memcpy(fast, r->route_truth, n * sizeof *fast);
  r = rt_eval(s->eval, m, s->trace);
  check_result(s, r);
  /* Stopping early must not change any route's truth. */
  if (n <= 64 && memcmp(fast, r->route_truth, n * sizeof *fast) != 0)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready)
    setup();
  const char *p = (const char *)data, *end = p + size;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = (size_t)((nl ? nl : end) - p);
    for (int v = VARIANT_NORMAL; v <= VARIANT_NO_OP; v++)
      run_line(&setups[v], p, len);
    p += len + 1;
  }
  return 0;
}
