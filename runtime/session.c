/* A runtime session: lines -> decode -> evaluate -> cross-check for one
 * Plan. Every command that runs events (route, test, explain, diff) uses
 * this one bundle, so they cannot disagree on how a line is handled. */
#include <stdlib.h>

#include "internal.h"

struct RtSession {
  const Plan *plan;
  RtDecoder *decoder;
  RtEvaluator *eval;
  RtCrossCheck *xcheck; /* NULL without the cross-check */
  RtTruth *sqlite_truth;
};

RtSession *rt_session_new(const Plan *plan, const RtSessionOptions *opts, char *err,
                          size_t err_size) {
  RtSession *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(err, err_size, "out of memory");
    return NULL;
  }
  s->plan = plan;
  s->decoder = rt_decoder_new(plan, opts->max_line);
  s->eval = rt_evaluator_new(plan);
  s->sqlite_truth = calloc(plan->route_count + 1, sizeof *s->sqlite_truth);
  if (!s->decoder || !s->eval || !s->sqlite_truth) {
    snprintf(err, err_size, "out of memory");
    rt_session_free(s);
    return NULL;
  }
  if (opts->cross_check && !(s->xcheck = rt_crosscheck_new(plan, err, err_size))) {
    rt_session_free(s);
    return NULL;
  }
  rt_decoder_set_flink_version(s->decoder, opts->flink_version);
  if (s->xcheck)
    rt_crosscheck_set_flink_version(s->xcheck, opts->flink_version);
  return s;
}

void rt_session_free(RtSession *s) {
  if (!s)
    return;
  rt_crosscheck_free(s->xcheck);
  rt_evaluator_free(s->eval);
  rt_decoder_free(s->decoder);
  free(s->sqlite_truth);
  free(s);
}

int rt_session_eval(RtSession *s, const char *line, size_t len, RtTruth *trace,
                    RtEvent *ev, char *err, size_t err_size) {
  *ev = (RtEvent){0};
  ev->message = rt_decode(s->decoder, line, len, &ev->error);
  if (!ev->message)
    return 0;
  ev->result = rt_eval(s->eval, ev->message, trace);
  if (!s->xcheck)
    return 0;
  int bad = rt_crosscheck_event(s->xcheck, ev->message, ev->result->route_truth,
                                s->sqlite_truth, err, err_size);
  if (bad == RT_CROSSCHECK_NOT_COMPARABLE) {
    ev->not_comparable = rt_crosscheck_why(s->xcheck);
    return 0;
  }
  if (bad < 0)
    return -1;
  ev->sqlite_truth = s->sqlite_truth;
  ev->disagreements = bad;
  return 0;
}

RtMessage *rt_session_decode(RtSession *s, const char *line, size_t len,
                             const char **error) {
  return rt_decode(s->decoder, line, len, error);
}

RtEvaluator *rt_session_evaluator(RtSession *s) {
  return s->eval;
}
