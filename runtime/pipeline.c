/* The routing pipeline: lines -> batches -> N worker threads, each with its
 * own session (decoder, evaluator, cross-check) -> results handed back to
 * the caller on the calling thread, in input order.
 *
 * Why batches: a line costs about a microsecond to evaluate, far too little
 * to hand between threads one at a time; a batch of 256 KB (some 370 lines) is handed
 * once. Why results only: workers keep nothing of a line but its truths and
 * topic hits, so the caller, which writes outputs in order, re-decodes just
 * the lines that reach a topic (its own session). Memory is bounded by the
 * ring of batches, whatever the corpus size. With one thread no thread is
 * started and the same code runs inline, so the answers cannot depend on
 * the thread count. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* 256 KB: a batch is copied in and then decoded, by the same core when
 * single-threaded; at this size it is still in its L2 cache (4 MB was
 * measured 5-15% slower in CPU time, and the ring of 4 took 24 MB) */
#define BATCH_BYTES ((size_t)256 << 10)
#define BATCH_LINES 32768u

typedef enum SlotState { SLOT_EMPTY, SLOT_FILLED, SLOT_WORKING, SLOT_DONE } SlotState;

typedef struct Batch {
  SlotState state;
  uint64_t seq;
  Buf text;            /* the lines' bytes, back to back */
  RtLineResult *lines; /* line_count entries; pointers filled at emit */
  size_t *offsets;     /* start of each line in text */
  size_t line_count;
  RtTruth *truths;   /* line_count x route_count */
  RtTruth *sqlite;   /* line_count x route_count, with the cross-check */
  bool *hits;        /* line_count x topic_count */
  Buf errors;        /* NUL-terminated decoder messages, by offset */
  size_t *error_at;  /* per line: offset into errors, or SIZE_MAX */
  char failure[256]; /* a cross-check SQLite error, "" if none */
} Batch;

typedef struct Worker {
  pthread_t thread;
  RtPipeline *pl;
  RtSession *session; /* pl->sessions[i] */
} Worker;

struct RtPipeline {
  const Plan *plan;
  unsigned threads;
  bool cross_check;
  size_t max_line;
  Batch *ring;
  size_t ring_size;
  RtSession **sessions; /* one per worker */
  Worker *workers;
  size_t started;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  uint64_t next_to_work; /* the batch sequence number a worker takes next */
  uint64_t filled;       /* batches filled so far */
  bool stop;
};

static int batch_reserve(Batch *b, size_t lines, const Plan *p, bool xcheck) {
  size_t r = p->route_count ? p->route_count : 1, t = p->topic_count ? p->topic_count : 1;
  b->lines = calloc(lines, sizeof *b->lines);
  b->offsets = calloc(lines, sizeof *b->offsets);
  b->error_at = calloc(lines, sizeof *b->error_at);
  b->truths = calloc(lines * r, sizeof *b->truths);
  b->hits = calloc(lines * t, sizeof *b->hits);
  b->sqlite = xcheck ? calloc(lines * r, sizeof *b->sqlite) : NULL;
  return b->lines && b->offsets && b->error_at && b->truths && b->hits &&
                 (!xcheck || b->sqlite)
             ? 0
             : -1;
}

static void batch_free(Batch *b) {
  free(b->lines);
  free(b->offsets);
  free(b->error_at);
  free(b->truths);
  free(b->hits);
  free(b->sqlite);
  buf_free(&b->text);
  buf_free(&b->errors);
}

/* Evaluates every line of b with session s. */
static void work(const RtPipeline *pl, RtSession *s, Batch *b) {
  const Plan *p = pl->plan;
  b->errors.len = 0;
  b->failure[0] = '\0';
  for (size_t i = 0; i < b->line_count; i++) {
    RtLineResult *lr = &b->lines[i];
    b->error_at[i] = SIZE_MAX;
    if (lr->kind != RT_LINE_EVENT)
      continue;
    const char *line = b->text.p + b->offsets[i];
    RtEvent ev;
    uint64_t hits_before = rt_evaluator_regex_limit_hits(rt_session_evaluator(s));
    if (rt_session_eval(s, line, lr->len, NULL, &ev, b->failure, sizeof b->failure) != 0)
      return; /* the caller reports b->failure */
    lr->regex_limit_hits =
        rt_evaluator_regex_limit_hits(rt_session_evaluator(s)) - hits_before;
    if (!ev.message) {
      lr->kind = RT_LINE_MALFORMED;
      b->error_at[i] = b->errors.len;
      buf_adds(&b->errors, ev.error ? ev.error : "malformed");
      buf_addc(&b->errors, '\0');
      continue;
    }
    memcpy(b->truths + i * p->route_count, ev.result->route_truth,
           p->route_count * sizeof *b->truths);
    memcpy(b->hits + i * p->topic_count, ev.result->topic_hit,
           p->topic_count * sizeof *b->hits);
    lr->topics_hit = ev.result->topics_hit;
    lr->unknown_routes = ev.result->unknown_routes;
    lr->disagreements = ev.disagreements;
    lr->not_comparable = ev.not_comparable;
    if (ev.sqlite_truth)
      memcpy(b->sqlite + i * p->route_count, ev.sqlite_truth,
             p->route_count * sizeof *b->sqlite);
  }
}

static void *worker_main(void *arg) {
  RtPipeline *pl = ((Worker *)arg)->pl;
  RtSession *s = ((Worker *)arg)->session;
  pthread_mutex_lock(&pl->lock);
  for (;;) {
    while (!pl->stop && pl->next_to_work >= pl->filled)
      pthread_cond_wait(&pl->changed, &pl->lock);
    if (pl->next_to_work >= pl->filled && pl->stop)
      break;
    Batch *b = &pl->ring[pl->next_to_work % pl->ring_size];
    pl->next_to_work++;
    b->state = SLOT_WORKING;
    pthread_mutex_unlock(&pl->lock);
    work(pl, s, b);
    pthread_mutex_lock(&pl->lock);
    b->state = SLOT_DONE;
    pthread_cond_broadcast(&pl->changed);
  }
  pthread_mutex_unlock(&pl->lock);
  return NULL;
}

RtPipeline *rt_pipeline_new(const Plan *plan, unsigned threads,
                            const RtSessionOptions *opts, char *err, size_t err_size) {
  bool cross_check = opts->cross_check;
  RtPipeline *pl = calloc(1, sizeof *pl);
  if (!pl) {
    snprintf(err, err_size, "out of memory");
    return NULL;
  }
  pl->plan = plan;
  pl->threads = threads ? threads : 1;
  pl->cross_check = cross_check;
  pl->max_line = opts->max_line;
  pl->ring_size = pl->threads == 1 ? 1 : 2 * (size_t)pl->threads;
  pl->ring = calloc(pl->ring_size, sizeof *pl->ring);
  pl->sessions = calloc(pl->threads, sizeof *pl->sessions);
  pl->workers = calloc(pl->threads, sizeof *pl->workers);
  pthread_mutex_init(&pl->lock, NULL);
  pthread_cond_init(&pl->changed, NULL);
  if (!pl->ring || !pl->sessions || !pl->workers) {
    snprintf(err, err_size, "out of memory");
    rt_pipeline_free(pl);
    return NULL;
  }
  for (size_t i = 0; i < pl->ring_size; i++)
    if (batch_reserve(&pl->ring[i], BATCH_LINES, plan, cross_check) != 0) {
      snprintf(err, err_size, "out of memory");
      rt_pipeline_free(pl);
      return NULL;
    }
  for (unsigned i = 0; i < pl->threads; i++)
    if (!(pl->sessions[i] = rt_session_new(plan, opts, err, err_size))) {
      rt_pipeline_free(pl);
      return NULL;
    }
  return pl;
}

static void stop_workers(RtPipeline *pl) {
  pthread_mutex_lock(&pl->lock);
  pl->stop = true;
  pthread_cond_broadcast(&pl->changed);
  pthread_mutex_unlock(&pl->lock);
  for (size_t i = 0; i < pl->started; i++)
    pthread_join(pl->workers[i].thread, NULL);
  pl->started = 0;
}

void rt_pipeline_free(RtPipeline *pl) {
  if (!pl)
    return;
  stop_workers(pl);
  for (size_t i = 0; pl->ring && i < pl->ring_size; i++)
    batch_free(&pl->ring[i]);
  for (unsigned i = 0; pl->sessions && i < pl->threads; i++)
    rt_session_free(pl->sessions[i]);
  pthread_mutex_destroy(&pl->lock);
  pthread_cond_destroy(&pl->changed);
  free(pl->ring);
  free(pl->sessions);
  free(pl->workers);
  free(pl);
}

uint64_t rt_pipeline_regex_limit_hits(const RtPipeline *pl) {
  uint64_t n = 0;
  for (unsigned i = 0; i < pl->threads; i++)
    n += rt_evaluator_regex_limit_hits(rt_session_evaluator(pl->sessions[i]));
  return n;
}

static bool is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

/* Fills b with the next lines (up to the batch limits; one line longer
 * than BATCH_BYTES makes a batch of its own). Returns the rt_lines_next
 * status of the last read: 1 more may follow, 0 end, -1 read error. */
static int fill(RtLines *in, Batch *b) {
  b->text.len = 0;
  b->line_count = 0;
  while (b->line_count < BATCH_LINES && b->text.len < BATCH_BYTES) {
    const char *line;
    size_t len;
    uint64_t lineno;
    bool too_long;
    int rc = rt_lines_next(in, &line, &len, &lineno, &too_long);
    if (rc <= 0)
      return rc;
    RtLineResult *lr = &b->lines[b->line_count];
    *lr = (RtLineResult){.lineno = lineno, .len = len};
    lr->kind = too_long              ? RT_LINE_TOO_LONG
               : is_blank(line, len) ? RT_LINE_BLANK
                                     : RT_LINE_EVENT;
    b->offsets[b->line_count] = b->text.len;
    if (lr->kind == RT_LINE_EVENT)
      buf_add(&b->text, line, len);
    b->line_count++;
  }
  return 1;
}

/* Hands each line of b to fn in order; returns fn's first non-zero. */
static int emit(RtPipeline *pl, Batch *b, RtLineFn fn, void *ctx, char *err,
                size_t err_size) {
  const Plan *p = pl->plan;
  if (b->failure[0]) {
    snprintf(err, err_size, "%s", b->failure);
    return -1;
  }
  for (size_t i = 0; i < b->line_count; i++) {
    RtLineResult *lr = &b->lines[i];
    lr->line = lr->kind == RT_LINE_EVENT || lr->kind == RT_LINE_MALFORMED
                   ? b->text.p + b->offsets[i]
                   : NULL;
    lr->error = b->error_at[i] != SIZE_MAX ? b->errors.p + b->error_at[i] : NULL;
    lr->route_truth = b->truths + i * p->route_count;
    lr->topic_hit = b->hits + i * p->topic_count;
    lr->sqlite_truth = b->sqlite ? b->sqlite + i * p->route_count : NULL;
    int rc = fn(ctx, lr);
    if (rc)
      return rc;
  }
  return 0;
}

int rt_pipeline_run(RtPipeline *pl, RtLines *in, RtLineFn fn, void *ctx, char *err,
                    size_t err_size) {
  if (pl->threads == 1) { /* inline: no thread, same code */
    Batch *b = &pl->ring[0];
    for (;;) {
      int rc = fill(in, b);
      work(pl, pl->sessions[0], b);
      int st = emit(pl, b, fn, ctx, err, err_size);
      if (st)
        return st;
      if (rc <= 0)
        return rc < 0 ? -2 : 0;
    }
  }
  for (unsigned i = 0; i < pl->threads; i++) {
    Worker *w = &pl->workers[i];
    *w = (Worker){.pl = pl, .session = pl->sessions[i]};
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
      snprintf(err, err_size, "cannot start a worker thread");
      stop_workers(pl);
      return -1;
    }
    pl->started++;
  }
  uint64_t next_to_emit = 0;
  int rc = 1, status = 0;
  pthread_mutex_lock(&pl->lock);
  while (status == 0) {
    Batch *fill_slot = &pl->ring[pl->filled % pl->ring_size];
    Batch *emit_slot = &pl->ring[next_to_emit % pl->ring_size];
    if (rc > 0 && fill_slot->state == SLOT_EMPTY) {
      pthread_mutex_unlock(&pl->lock); /* read without holding the lock */
      rc = fill(in, fill_slot);
      pthread_mutex_lock(&pl->lock);
      fill_slot->state = SLOT_FILLED;
      fill_slot->seq = pl->filled++;
      pthread_cond_broadcast(&pl->changed);
    } else if (next_to_emit < pl->filled && emit_slot->state == SLOT_DONE) {
      pthread_mutex_unlock(&pl->lock);
      status = emit(pl, emit_slot, fn, ctx, err, err_size);
      pthread_mutex_lock(&pl->lock);
      emit_slot->state = SLOT_EMPTY;
      next_to_emit++;
    } else if (rc <= 0 && next_to_emit == pl->filled) {
      break;
    } else {
      pthread_cond_wait(&pl->changed, &pl->lock);
    }
  }
  pthread_mutex_unlock(&pl->lock);
  stop_workers(pl);
  if (status)
    return status;
  return rc < 0 ? -2 : 0;
}
