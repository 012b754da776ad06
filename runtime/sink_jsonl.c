/* Routed events as JSON Lines, one DIR/TOPIC.jsonl per topic, each line the
 * event as Flink's json format would write it to the filtered topic (its
 * sink columns, NULL as null). Every file is created at the start; at most
 * max_open stay open at once (the others are reopened to append when an
 * event reaches them), so thousands of topics do not run out of file
 * descriptors ("Too many open files" past ~1,020 topics). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "internal.h"

typedef struct JsonlSink {
  RtSink base;
  FILE **files; /* per topic; NULL while closed */
  char **paths; /* per topic */
  size_t open_count, max_open;
  size_t victim; /* where the search for a file to close starts */
  size_t *cols;
  size_t col_count;
  Buf line;
} JsonlSink;

static void close_files(JsonlSink *s, bool *ok) {
  for (size_t t = 0; s->files && t < s->base.p->topic_count; t++)
    if (s->files[t] && fclose(s->files[t]) != 0)
      *ok = false;
  for (size_t t = 0; s->paths && t < s->base.p->topic_count; t++)
    free(s->paths[t]);
  free(s->paths);
  free(s->files);
  free(s->cols);
  buf_free(&s->line);
  free(s);
}

static int jsonl_write(RtSink *base, size_t topic, const RtMessage *m, uint64_t lineno) {
  JsonlSink *s = (JsonlSink *)base;
  (void)lineno;
  Buf *b = &s->line;
  b->len = 0;
  for (size_t k = 0; k < s->col_count; k++) {
    const SchemaColumn *c = &base->p->schema->columns[s->cols[k]];
    RtValue v = rt_sink_value(base->p, m, s->cols[k]);
    buf_addc(b, k ? ',' : '{');
    buf_json_string(b, c->name, strlen(c->name));
    buf_addc(b, ':');
    char num[RT_DOUBLE_TEXT_MAX];
    switch (v.kind) {
    case RT_NULL:
      buf_adds(b, "null");
      break;
    case RT_STRING:
      buf_json_string(b, v.str, v.len);
      break;
    case RT_BIGINT:
      snprintf(num, sizeof num, "%lld", (long long)v.i);
      buf_adds(b, num);
      break;
    case RT_DOUBLE:
      rt_java_double_text(v.d, num);
      buf_adds(b, num);
      break;
    case RT_BOOL:
      buf_adds(b, v.b ? "true" : "false");
      break;
    }
  }
  buf_adds(b, s->col_count ? "}\n" : "{}\n");
  if (!s->files[topic]) {
    /* close another file first when max_open are open (round robin) */
    size_t n = base->p->topic_count;
    for (; s->open_count >= s->max_open; s->victim = (s->victim + 1) % n)
      if (s->files[s->victim]) {
        if (fclose(s->files[s->victim]) != 0)
          return -1;
        s->files[s->victim] = NULL;
        s->open_count--;
      }
    s->files[topic] = fopen(s->paths[topic], "a");
    if (!s->files[topic])
      return -1;
    s->open_count++;
  }
  return fwrite(b->p, 1, b->len, s->files[topic]) == b->len ? 0 : -1;
}

static int jsonl_finish(RtSink *base, const RtSummary *sum, char *err, size_t err_size) {
  (void)sum;
  bool ok = true;
  close_files((JsonlSink *)base, &ok);
  if (!ok)
    snprintf(err, err_size, "writing the topic files failed: %s", strerror(errno));
  return ok ? 0 : -1;
}

static const RtSinkOps JSONL_OPS = {jsonl_write, jsonl_finish};

RtSink *rt_sink_jsonl_new(const Plan *p, const char *dir, char *err, size_t err_size) {
  JsonlSink *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->base = (RtSink){&JSONL_OPS, p};
  s->files = calloc(p->topic_count + 1, sizeof *s->files);
  s->cols = calloc(p->schema->column_count + 1, sizeof *s->cols);
  s->col_count = rt_sink_columns(p, s->cols);
  bool ok = true;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    snprintf(err, err_size, "%s: %s", dir, strerror(errno));
    close_files(s, &ok);
    return NULL;
  }
  /* as many open files as the limit allows, keeping room for the rest
   * of the process (SQLite for --cross-check, the events file, stdio) */
  struct rlimit lim;
  s->max_open = 16;
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    if (lim.rlim_cur < lim.rlim_max && lim.rlim_cur < p->topic_count + 64) {
      lim.rlim_cur =
          lim.rlim_max < p->topic_count + 64 ? lim.rlim_max : p->topic_count + 64;
      setrlimit(RLIMIT_NOFILE, &lim);
      getrlimit(RLIMIT_NOFILE, &lim);
    }
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur > 64 + 16)
      s->max_open = (size_t)lim.rlim_cur - 64;
    else if (lim.rlim_cur == RLIM_INFINITY)
      s->max_open = p->topic_count + 1;
  }
  s->paths = calloc(p->topic_count + 1, sizeof *s->paths);
  for (size_t t = 0; t < p->topic_count; t++) {
    Buf path = {0};
    buf_adds(&path, dir);
    buf_addc(&path, '/');
    buf_adds(&path, p->topics[t].name); /* Kafka names: [a-zA-Z0-9._-], not . or .. */
    buf_adds(&path, ".jsonl");
    buf_addc(&path, '\0');
    s->paths[t] = strdup(path.p);
    FILE *f = s->paths[t] ? fopen(path.p, "w") : NULL;
    bool made = f && fclose(f) == 0;
    if (!made)
      snprintf(err, err_size, "%s: %s", path.p, strerror(errno));
    buf_free(&path);
    if (!made) {
      close_files(s, &ok);
      return NULL;
    }
  }
  return &s->base;
}
