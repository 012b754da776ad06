/* Routed events as JSON Lines, one DIR/TOPIC.jsonl per topic, each line the
 * event as Flink's json format would write it to the filtered topic (its
 * sink columns, NULL as null). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

typedef struct JsonlSink {
  RtSink base;
  FILE **files; /* per topic */
  size_t *cols;
  size_t col_count;
  Buf line;
} JsonlSink;

static void close_files(JsonlSink *s, bool *ok) {
  for (size_t t = 0; s->files && t < s->base.p->topic_count; t++)
    if (s->files[t] && fclose(s->files[t]) != 0)
      *ok = false;
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
  for (size_t t = 0; t < p->topic_count; t++) {
    Buf path = {0};
    buf_adds(&path, dir);
    buf_addc(&path, '/');
    buf_adds(&path, p->topics[t].name); /* Kafka names: [a-zA-Z0-9._-], not . or .. */
    buf_adds(&path, ".jsonl");
    buf_addc(&path, '\0');
    s->files[t] = fopen(path.p, "w");
    if (!s->files[t])
      snprintf(err, err_size, "%s: %s", path.p, strerror(errno));
    buf_free(&path);
    if (!s->files[t]) {
      close_files(s, &ok);
      return NULL;
    }
  }
  return &s->base;
}
