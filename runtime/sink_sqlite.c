/* Routed events into an SQLite database: one table per topic (its sink
 * columns plus `line`, the input line number), filterc_topics mapping each
 * topic to its table, and filterc_summary with the run's counts and where
 * its rules came from (filters file, SHA-256, filterc version, time).
 *
 * A table is named as its topic. SQLite compares names without regard to
 * ASCII case, reserves sqlite_* (such a topic's table is `~TOPIC`), and
 * filterc's own tables are filterc_topics and filterc_summary, so a topic
 * that would collide (`Loans` after `loans`, `filterc_summary`) gets the
 * table `TOPIC#2` (#3, ...): filterc_topics says which. One transaction, prepared
 * statements, no journal: the file is a result to inspect, rebuilt by rerunning. `path`
 * is a new, empty file staged by the CLI. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

typedef struct SqliteSink {
  RtSink base;
  sqlite3 *db;
  sqlite3_stmt **insert; /* per topic */
  char **tables;         /* per topic: its table's name */
  size_t *cols;
  size_t col_count;
} SqliteSink;

static void quote_ident(Buf *b, const char *name) {
  buf_addc(b, '"');
  for (; *name; name++) {
    if (*name == '"')
      buf_addc(b, '"');
    buf_addc(b, *name);
  }
  buf_addc(b, '"');
}

static const char *sql_type(SqlType t) {
  switch (t) {
  case SQL_TYPE_BIGINT:
  case SQL_TYPE_BOOLEAN:
    return " INTEGER";
  case SQL_TYPE_DOUBLE:
    return " REAL";
  case SQL_TYPE_STRING:
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return " TEXT";
}

static int exec(SqliteSink *s, const char *sql, char *err, size_t err_size) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return 0;
  snprintf(err, err_size, "sqlite: %s", msg ? msg : sqlite3_errmsg(s->db));
  sqlite3_free(msg);
  return -1;
}

static int sqlite_write(RtSink *base, size_t topic, const RtMessage *m, uint64_t lineno) {
  SqliteSink *s = (SqliteSink *)base;
  sqlite3_stmt *st = s->insert[topic];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)lineno);
  for (size_t k = 0; k < s->col_count; k++) {
    RtValue v = rt_sink_value(base->p, m, s->cols[k]);
    int at = (int)k + 2;
    switch (v.kind) {
    case RT_NULL:
      sqlite3_bind_null(st, at);
      break;
    case RT_STRING:
      sqlite3_bind_text(st, at, v.str, (int)v.len, SQLITE_STATIC);
      break;
    case RT_BIGINT:
      sqlite3_bind_int64(st, at, v.i);
      break;
    case RT_DOUBLE:
      sqlite3_bind_double(st, at, v.d);
      break;
    case RT_BOOL:
      sqlite3_bind_int(st, at, v.b);
      break;
    }
  }
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

static void close_sink(SqliteSink *s) {
  for (size_t t = 0; s->insert && t < s->base.p->topic_count; t++)
    sqlite3_finalize(s->insert[t]);
  for (size_t t = 0; s->tables && t < s->base.p->topic_count; t++)
    sqlite3_free(s->tables[t]);
  free(s->tables);
  sqlite3_close(s->db);
  free(s->insert);
  free(s->cols);
  free(s);
}

static int sqlite_finish(RtSink *base, const RtSummary *sum, char *err, size_t err_size) {
  SqliteSink *s = (SqliteSink *)base;
  const Plan *p = base->p;
  sqlite3_stmt *st = NULL;
  int rc = exec(s,
                "CREATE TABLE filterc_topics (topic TEXT PRIMARY KEY, table_name TEXT "
                "NOT NULL UNIQUE, events INTEGER NOT NULL);"
                "CREATE TABLE filterc_summary (metric TEXT NOT NULL, name TEXT, "
                "count INTEGER, value TEXT)",
                err, err_size);
  if (rc == 0 && sqlite3_prepare_v2(s->db, "INSERT INTO filterc_topics VALUES (?,?,?)",
                                    -1, &st, NULL) != SQLITE_OK)
    rc = -1;
  for (size_t t = 0; rc == 0 && t < p->topic_count; t++) {
    sqlite3_bind_text(st, 1, p->topics[t].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->tables[t], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)sum->topic_events[t]);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = -1;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc == 0 && sqlite3_prepare_v2(s->db, "INSERT INTO filterc_summary VALUES (?,?,?,?)",
                                    -1, &st, NULL) != SQLITE_OK)
    rc = -1;
#define ROW(metric, name, n)                                                             \
  do {                                                                                   \
    sqlite3_bind_text(st, 1, metric, -1, SQLITE_STATIC);                                 \
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);                                   \
    sqlite3_bind_int64(st, 3, (sqlite3_int64)(n));                                       \
    sqlite3_bind_null(st, 4);                                                            \
    if (sqlite3_step(st) != SQLITE_DONE)                                                 \
      rc = -1;                                                                           \
    sqlite3_reset(st);                                                                   \
  } while (0)
  if (rc == 0) {
    ROW("lines", NULL, sum->lines);
    ROW("events", NULL, sum->events);
    ROW("malformed_lines", NULL, sum->malformed);
    ROW("regex_limit_hits", NULL, sum->regex_limit_hits);
    for (size_t t = 0; t < p->topic_count; t++)
      ROW("topic_events", p->topics[t].name, sum->topic_events[t]);
    for (size_t r = 0; r < p->route_count; r++)
      ROW("route_unknown", p->routes[r].route->topic, sum->route_unknown[r]);
    if (sum->crosscheck_events) {
      ROW("crosscheck_events", NULL, sum->crosscheck_events);
      ROW("crosscheck_disagreements", NULL, sum->crosscheck_disagreements);
      ROW("crosscheck_not_comparable", NULL, sum->crosscheck_not_comparable);
    }
  }
#undef ROW
  const RtProvenance *pv = sum->provenance;
  const char *const facts[][2] = {
      {"filters_file", pv ? pv->filters_file : NULL},
      {"filters_sha256", pv ? pv->filters_sha256 : NULL},
      {"filterc_version", pv ? pv->filterc_version : NULL},
      {"routed_at", pv ? pv->routed_at : NULL},
  };
  for (size_t i = 0; rc == 0 && i < sizeof facts / sizeof facts[0]; i++) {
    if (!facts[i][1])
      continue;
    sqlite3_bind_text(st, 1, facts[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_null(st, 2);
    sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, facts[i][1], -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = -1;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (rc == 0)
    rc = exec(s, "COMMIT", err, err_size);
  else if (!err[0])
    snprintf(err, err_size, "sqlite: %s", sqlite3_errmsg(s->db));
  close_sink(s);
  return rc;
}

static const RtSinkOps SQLITE_OPS = {sqlite_write, sqlite_finish};

/* Whether `name` is taken: SQLite's names ignore ASCII case. */
static bool table_taken(char *const *tables, size_t count, const char *name) {
  if (sqlite3_stricmp(name, "filterc_summary") == 0 ||
      sqlite3_stricmp(name, "filterc_topics") == 0)
    return true;
  for (size_t i = 0; i < count; i++)
    if (sqlite3_stricmp(tables[i], name) == 0)
      return true;
  return false;
}

/* Names each topic's table: the topic, or TOPIC#N when that collides. */
static void name_tables(SqliteSink *s) {
  const Plan *p = s->base.p;
  for (size_t t = 0; t < p->topic_count; t++) {
    const char *topic = p->topics[t].name;
    /* SQLite reserves sqlite_* for itself (CREATE TABLE fails), so such a
     * topic's table is ~TOPIC; '~' is in no Kafka topic name. */
    const char *prefix = sqlite3_strnicmp(topic, "sqlite_", 7) == 0 ? "~" : "";
    s->tables[t] = sqlite3_mprintf("%s%s", prefix, topic);
    for (unsigned n = 2; table_taken(s->tables, t, s->tables[t]); n++) {
      sqlite3_free(s->tables[t]);
      s->tables[t] = sqlite3_mprintf("%s%s#%u", prefix, topic, n);
    }
  }
}

RtSink *rt_sink_sqlite_new(const Plan *p, const char *path, char *err, size_t err_size) {
  SqliteSink *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->base = (RtSink){&SQLITE_OPS, p};
  s->cols = calloc(p->schema->column_count + 1, sizeof *s->cols);
  s->insert = calloc(p->topic_count + 1, sizeof *s->insert);
  s->tables = calloc(p->topic_count + 1, sizeof *s->tables);
  s->col_count = rt_sink_columns(p, s->cols);
  name_tables(s);
  err[0] = '\0';
  /* `path` is a new, empty file: the CLI stages the database beside its
   * target and renames it into place when complete (generator/output.h), so
   * a failure never leaves half a database, and nothing is unlinked here */
  if (sqlite3_open(path, &s->db) != SQLITE_OK) {
    snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(s->db));
    close_sink(s);
    return NULL;
  }
  /* A staging file no one else opens, renamed into place only when
   * complete: no journal, no fsync, no lock to take per transaction; large
   * pages and a bounded 8 MB cache make a few large writes of the many
   * small ones (page_size must come before the first table). */
  int rc =
      exec(s,
           "PRAGMA page_size=65536; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
           "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-8192; BEGIN",
           err, err_size);
  for (size_t t = 0; rc == 0 && t < p->topic_count; t++) {
    Buf create = {0}, insert = {0};
    buf_adds(&create, "CREATE TABLE ");
    quote_ident(&create, s->tables[t]);
    buf_adds(&create, " (line INTEGER");
    buf_adds(&insert, "INSERT INTO ");
    quote_ident(&insert, s->tables[t]);
    buf_adds(&insert, " VALUES (?");
    for (size_t k = 0; k < s->col_count; k++) {
      const SchemaColumn *c = &p->schema->columns[s->cols[k]];
      buf_adds(&create, ", ");
      quote_ident(&create, c->name);
      buf_adds(&create, sql_type(c->type));
      buf_adds(&insert, ",?");
    }
    buf_adds(&create, ")");
    buf_adds(&insert, ")");
    buf_addc(&create, '\0');
    buf_addc(&insert, '\0');
    rc = exec(s, create.p, err, err_size);
    if (rc == 0 &&
        sqlite3_prepare_v2(s->db, insert.p, -1, &s->insert[t], NULL) != SQLITE_OK) {
      snprintf(err, err_size, "sqlite: %s", sqlite3_errmsg(s->db));
      rc = -1;
    }
    buf_free(&create);
    buf_free(&insert);
  }
  if (rc != 0) {
    close_sink(s);
    return NULL;
  }
  return &s->base;
}
