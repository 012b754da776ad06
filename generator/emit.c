#include "emit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "env_options.h"
#include "keys.h"
#include "sql_expr.h"
#include "sql_quote.h"
#include "suggest.h"

/* ---- targets and settings ----------------------------------------------- */

const char *stmt_kind_name(StmtKind k) {
  static const char *const names[] = {"source", "sink", "insert", "job"};
  return names[k];
}

/* The self-managed defaults: the seed's docker-compose network
 * (architecture document, "Consumer Configuration": kafka:29092), the
 * seed's job name as consumer group, and reading the topic from the start
 * as the Confluent statements do. */
static const KafkaSettings KAFKA_DEFAULTS = {
    .bootstrap_servers = "kafka:29092",
    .group_id = "event-routing-job",
    .startup_mode = "earliest-offset",
    /* Not Confluent Cloud's own default (`fail`: one record the source
     * cannot deserialize fails the statement, and it fails again on the
     * same record after every restart): `log` keeps the record in the
     * dead-letter table and goes on, so no SQL of ours fails the job on
     * data and no record is lost without a trace. */
    .error_handling_mode = CONFLUENT_ERROR_HANDLING_DEFAULT,
};

/* The KafkaSettings fields; SETTING_KEYS has flink_version after them. */
#define SETTING_COUNT 4

/* SETTING_KEYS (validator/keys.c) lists the `settings:` block's keys in
 * KafkaSettings order; STARTUP_MODE_NAMES the startup modes that need no
 * further options ('timestamp' and 'specific-offsets' would need a
 * timestamp or offsets as well). */

static const char **setting_slot(KafkaSettings *k, size_t i) {
  const char **slots[] = {&k->bootstrap_servers, &k->group_id, &k->startup_mode,
                          &k->error_handling_mode};
  return slots[i];
}

/* Flags over the file's settings over the defaults. Returns -1 after
 * reporting a bad value. */
static int resolve_kafka(const Program *p, const GenOptions *o, KafkaSettings *out,
                         DiagList *diags) {
  *out = KAFKA_DEFAULTS;
  for (size_t i = 0; i < p->setting_count; i++) {
    const Setting *s = &p->settings[i];
    size_t k = 0;
    while (k < SETTING_COUNT && strcmp(s->key, SETTING_KEYS[k].name) != 0)
      k++;
    if (k < SETTING_COUNT) {
      *setting_slot(out, k) = s->value;
      continue;
    }
    if (strcmp(s->key, "flink_version") == 0)
      continue; /* the evaluator's (filterc route/test/explain/diff) */
    Diag *d = diag_add(diags, SEV_WARNING, p->file, s->pos, "unknown-setting",
                       "setting '%s' is not used by the SQL generator", s->key);
    const char *names[SETTING_COUNT + 1];
    for (size_t n = 0; n <= SETTING_COUNT; n++) /* flink_version included */
      names[n] = SETTING_KEYS[n].name;
    const char *guess = suggest_closest(s->key, names, SETTING_COUNT + 1);
    diag_hint(d,
              guess ? "did you mean '%s'?"
                    : "known settings: bootstrap_servers, "
                      "group_id, startup_mode, error_handling_mode, flink_version%s",
              guess ? guess : "");
  }
  /* the environment's own values win over the shared settings: block */
  if (o->env) {
    for (size_t i = 0; i < o->env->properties.count; i++) {
      const EnvOption *e = &o->env->properties.items[i];
      if (strcmp(e->key, "bootstrap.servers") == 0)
        out->bootstrap_servers = e->value;
      else if (strcmp(e->key, "group.id") == 0)
        out->group_id = e->value;
    }
    if (o->env->startup_mode)
      out->startup_mode = o->env->startup_mode;
    /* ORDER ErrorMode (ast.h); DEFAULT keeps the settings: block's */
    static const char *const modes[] = {NULL, "fail", "ignore", "log"};
    if (modes[o->env->error_mode])
      out->error_handling_mode = modes[o->env->error_mode];
  }
  KafkaSettings flags = o->flags;
  for (size_t k = 0; k < SETTING_COUNT; k++)
    if (*setting_slot(&flags, k))
      *setting_slot(out, k) = *setting_slot(&flags, k);
  int rc = 0;
  for (size_t k = 0; k < SETTING_COUNT; k++)
    if (!(*setting_slot(out, k))[0]) {
      diag_add(diags, SEV_ERROR, p->file, (SrcPos){0, 0}, "bad-setting",
               "setting '%s' is empty", SETTING_KEYS[k].name);
      rc = -1;
    }
  bool known_mode = false;
  for (size_t i = 0; i < 3; i++)
    known_mode |= strcmp(out->startup_mode, STARTUP_MODE_NAMES[i].name) == 0;
  if (!known_mode) {
    Diag *d =
        diag_add(diags, SEV_ERROR, p->file, (SrcPos){0, 0}, "bad-setting",
                 "startup mode '%s' is not one filterc can emit", out->startup_mode);
    diag_hint(d, "use earliest-offset, latest-offset or group-offsets");
    rc = -1;
  }
  if (strcmp(out->error_handling_mode, "fail") != 0 &&
      strcmp(out->error_handling_mode, "ignore") != 0 &&
      strcmp(out->error_handling_mode, "log") != 0) {
    Diag *d = diag_add(diags, SEV_ERROR, p->file, (SrcPos){0, 0}, "bad-setting",
                       "error_handling_mode '%s' is not one Confluent Cloud knows",
                       out->error_handling_mode);
    diag_hint(d, "use fail, ignore or log");
    rc = -1;
  }
  return rc;
}

/* ---- what each template may use ----------------------------------------- */

enum { COL_NAME, COL_TYPE, COL__COUNT };
static const TplField COLUMN_FIELDS[] = {
    [COL_NAME] = {"name", TPL_TEXT, NULL},
    [COL_TYPE] = {"type", TPL_SQL, NULL},
    [COL__COUNT] = {NULL, TPL_TEXT, NULL},
};

/* Both CREATE TABLE templates (source and sink) see the same names. */
enum {
  TABLE_NAME,
  TABLE_COLUMNS,
  TABLE_TARGET,
  TABLE_VARIANT,
  TABLE_NO_OP,
  TABLE_BOOTSTRAP,
  TABLE_GROUP_ID,
  TABLE_STARTUP,
  TABLE_ERROR_MODE,
  TABLE_ERROR_LOG,
  TABLE_ERROR_LOG_TARGET,
  TABLE_WRITERS,
  TABLE_OPTIONS,
  TABLE_KEY,
  TABLE__COUNT
};
enum { OPT_KEY, OPT_VALUE, OPT__COUNT };
static const TplField OPTION_FIELDS[] = {
    [OPT_KEY] = {"key", TPL_TEXT, NULL},
    [OPT_VALUE] = {"value", TPL_TEXT, NULL},
    [OPT__COUNT] = {NULL, TPL_TEXT, NULL},
};
enum { WRITER_ID, WRITER_NAME, WRITER__COUNT };
static const TplField WRITER_FIELDS[] = {
    [WRITER_ID] = {"id", TPL_TEXT, NULL},
    [WRITER_NAME] = {"name", TPL_TEXT, NULL},
    [WRITER__COUNT] = {NULL, TPL_TEXT, NULL},
};
static const TplField TABLE_FIELDS[] = {
    [TABLE_NAME] = {"table", TPL_TEXT, NULL},
    [TABLE_COLUMNS] = {"columns", TPL_LIST, COLUMN_FIELDS},
    [TABLE_TARGET] = {"target", TPL_TEXT, NULL},
    [TABLE_VARIANT] = {"variant", TPL_TEXT, NULL},
    [TABLE_NO_OP] = {"no_op", TPL_FLAG, NULL},
    [TABLE_BOOTSTRAP] = {"bootstrap_servers", TPL_TEXT, NULL},
    [TABLE_GROUP_ID] = {"group_id", TPL_TEXT, NULL},
    [TABLE_STARTUP] = {"startup_mode", TPL_TEXT, NULL},
    [TABLE_ERROR_MODE] = {"error_handling_mode", TPL_TEXT, NULL},
    [TABLE_ERROR_LOG] = {"error_log", TPL_FLAG, NULL},
    [TABLE_ERROR_LOG_TARGET] = {"error_log_target", TPL_TEXT, NULL},
    [TABLE_WRITERS] = {"filters", TPL_LIST, WRITER_FIELDS},
    [TABLE_OPTIONS] = {"options", TPL_LIST, OPTION_FIELDS},
    [TABLE_KEY] = {"key", TPL_TEXT, NULL},
    [TABLE__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum { SEL_NAME, SEL_VALUE, SEL_CONSTANT, SEL__COUNT };
static const TplField SELECT_FIELDS[] = {
    [SEL_NAME] = {"name", TPL_TEXT, NULL},
    [SEL_VALUE] = {"value", TPL_SQL, NULL},
    [SEL_CONSTANT] = {"constant", TPL_FLAG, NULL},
    [SEL__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum {
  INS_TABLE,
  INS_SOURCE,
  INS_COLUMNS,
  INS_WHERE,
  INS_ID,
  INS_NAME,
  INS_DESCRIPTION,
  INS_CONSUMER,
  INS_STATUS,
  INS_VERSION,
  INS_DEPRECATED,
  INS_MULTI_TOPIC,
  INS_NO_OP,
  INS__COUNT
};
static const TplField INSERT_FIELDS[] = {
    [INS_TABLE] = {"table", TPL_TEXT, NULL},
    [INS_SOURCE] = {"source", TPL_TEXT, NULL},
    [INS_COLUMNS] = {"columns", TPL_LIST, SELECT_FIELDS},
    [INS_WHERE] = {"where", TPL_SQL, NULL},
    [INS_ID] = {"filter_id", TPL_TEXT, NULL},
    [INS_NAME] = {"filter_name", TPL_TEXT, NULL},
    [INS_DESCRIPTION] = {"description", TPL_TEXT, NULL},
    [INS_CONSUMER] = {"consumer", TPL_TEXT, NULL},
    [INS_STATUS] = {"status", TPL_TEXT, NULL},
    [INS_VERSION] = {"version", TPL_SQL, NULL},
    [INS_DEPRECATED] = {"deprecated", TPL_FLAG, NULL},
    [INS_MULTI_TOPIC] = {"multi_topic", TPL_FLAG, NULL},
    [INS_NO_OP] = {"no_op", TPL_FLAG, NULL},
    [INS__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum { SQL_ITEM_SQL, SQL_ITEM__COUNT };
static const TplField SQL_ITEM_FIELDS[] = {
    [SQL_ITEM_SQL] = {"sql", TPL_SQL, NULL},
    [SQL_ITEM__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum { JOB_STATEMENT_SET, JOB_INSERTS, JOB__COUNT };
static const TplField JOB_FIELDS[] = {
    [JOB_STATEMENT_SET] = {"statement_set", TPL_FLAG, NULL},
    [JOB_INSERTS] = {"inserts", TPL_LIST, SQL_ITEM_FIELDS},
    [JOB__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum { SKIP_ID, SKIP_REASON, SKIP__COUNT };
static const TplField SKIP_FIELDS[] = {
    [SKIP_ID] = {"id", TPL_TEXT, NULL},
    [SKIP_REASON] = {"reason", TPL_TEXT, NULL},
    [SKIP__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum {
  HDR_INPUT,
  HDR_TARGET,
  HDR_VARIANT,
  HDR_NO_OP,
  HDR_STATEMENT_SET,
  HDR_FILTERS,
  HDR_ROUTES,
  HDR_TOPICS,
  HDR_SKIPPED,
  HDR_DEPRECATED,
  HDR_ENV,
  HDR__COUNT
};
static const TplField HEADER_FIELDS[] = {
    [HDR_INPUT] = {"input", TPL_TEXT, NULL},
    [HDR_TARGET] = {"target", TPL_TEXT, NULL},
    [HDR_VARIANT] = {"variant", TPL_TEXT, NULL},
    [HDR_NO_OP] = {"no_op", TPL_FLAG, NULL},
    [HDR_STATEMENT_SET] = {"statement_set", TPL_FLAG, NULL},
    [HDR_FILTERS] = {"filter_count", TPL_SQL, NULL},
    [HDR_ROUTES] = {"route_count", TPL_SQL, NULL},
    [HDR_TOPICS] = {"topic_count", TPL_SQL, NULL},
    [HDR_SKIPPED] = {"skipped", TPL_LIST, SKIP_FIELDS},
    [HDR_DEPRECATED] = {"deprecated", TPL_LIST, SKIP_FIELDS},
    [HDR_ENV] = {"env", TPL_TEXT, NULL},
    [HDR__COUNT] = {NULL, TPL_TEXT, NULL},
};

enum { FILE_HEADER, FILE_SOURCE, FILE_SINKS, FILE_JOB, FILE__COUNT };
static const TplField FILE_FIELDS[] = {
    [FILE_HEADER] = {"header", TPL_SQL, NULL},
    [FILE_SOURCE] = {"source", TPL_SQL, NULL},
    [FILE_SINKS] = {"sinks", TPL_LIST, SQL_ITEM_FIELDS},
    [FILE_JOB] = {"job", TPL_SQL, NULL},
    [FILE__COUNT] = {NULL, TPL_TEXT, NULL},
};

/* ---- templates ---------------------------------------------------------- */

typedef struct TemplateSpec {
  const char *file;
  const TplField *fields;
  size_t offset; /* of the Template pointer in TemplateSet */
} TemplateSpec;

static const TemplateSpec TEMPLATE_SPECS[] = {
    {"header.sql.tpl", HEADER_FIELDS, offsetof(TemplateSet, header)},
    {"source.sql.tpl", TABLE_FIELDS, offsetof(TemplateSet, source)},
    {"sink.sql.tpl", TABLE_FIELDS, offsetof(TemplateSet, sink)},
    {"insert.sql.tpl", INSERT_FIELDS, offsetof(TemplateSet, insert)},
    {"job.sql.tpl", JOB_FIELDS, offsetof(TemplateSet, job)},
    {"file.sql.tpl", FILE_FIELDS, offsetof(TemplateSet, file)},
};
enum { TEMPLATE_COUNT = sizeof TEMPLATE_SPECS / sizeof TEMPLATE_SPECS[0] };

static Template **template_slot(TemplateSet *set, size_t i) {
  return (Template **)((char *)set + TEMPLATE_SPECS[i].offset);
}

/* DIR/TARGET/FILE, or DIR/common/FILE when the target does not override
 * it: the statement layout and comments are shared, the DDL is not. */
static void template_path(char *path, size_t cap, const char *dir, Target target,
                          const char *file) {
  snprintf(path, cap, "%s/%s/%s", dir, target_name(target), file);
  if (access(path, F_OK) != 0)
    snprintf(path, cap, "%s/common/%s", dir, file);
}

int templates_load(TemplateSet *set, const char *dir, Target target, DiagList *diags) {
  memset(set, 0, sizeof *set);
  int rc = 0;
  for (size_t i = 0; i < TEMPLATE_COUNT; i++) {
    char path[PATH_MAX];
    template_path(path, sizeof path, dir, target, TEMPLATE_SPECS[i].file);
    if (template_load(template_slot(set, i), path, TEMPLATE_SPECS[i].fields, diags) != 0)
      rc = -1;
  }
  return rc;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *templates_default_dir(void) {
  /* the source tree first, so a build uses the templates next to it (and
   * edits to them take effect without installing); then the install */
  static const char *const dirs[] = {FILTERC_SOURCE_TEMPLATES, FILTERC_INSTALL_TEMPLATES};
  for (size_t i = 0; i < 2; i++)
    if (is_dir(dirs[i]))
      return dirs[i];
  return NULL;
}

void templates_free(TemplateSet *set) {
  for (size_t i = 0; i < TEMPLATE_COUNT; i++) {
    template_free(*template_slot(set, i));
    *template_slot(set, i) = NULL;
  }
}

size_t templates_sources(const TemplateSet *set, const SourceFile **out) {
  size_t n = 0;
  for (size_t i = 0; i < TEMPLATE_COUNT; i++) {
    Template *t = *template_slot((TemplateSet *)set, i);
    if (t)
      out[n++] = template_source(t);
  }
  return n;
}

/* ---- building values ---------------------------------------------------- */

typedef struct Emitter {
  const Plan *plan;
  const Program *program; /* plan->program */
  const Schema *schema;   /* plan->schema */
  const GenOptions *opts;
  const TemplateSet *templates;
  KafkaSettings kafka;
  Arena *arena; /* the output's */
  DiagList *diags;
  Buf buf; /* scratch for rendering */
  int status;
} Emitter;

static TplValue text(const char *s) {
  return (TplValue){.text = s, .len = s ? strlen(s) : 0};
}

static TplValue flag(bool b) {
  return (TplValue){.flag = b};
}

static TplValue list(const TplList *l) {
  return (TplValue){.list = l};
}

/* A list of `count` items of `stride` values, zeroed, in the arena. */
static TplList *new_list(Emitter *e, size_t count, size_t stride) {
  TplList *l = arena_alloc(e->arena, sizeof *l);
  l->count = count;
  l->stride = stride;
  l->values = arena_alloc(e->arena, (count ? count : 1) * stride * sizeof(TplValue));
  return l;
}

static TplValue *item(const TplList *l, size_t i) {
  return (TplValue *)l->values + i * l->stride;
}

static TplValue sql_text(Emitter *e, const char *s, size_t n) {
  return (TplValue){.text = arena_strndup(e->arena, s, n), .len = n};
}

static TplValue number(Emitter *e, long long n) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%lld", n);
  return sql_text(e, digits, (size_t)len);
}

/* Renders into the arena; a render error marks the run failed. The piece
 * loses its trailing line breaks (a template file ends with one), so the
 * template that places it decides the spacing. */
static TplValue render_file(Emitter *e, const Template *t, const TplValue *root,
                            bool piece) {
  buf_reset(&e->buf);
  if (template_render(t, root, &e->buf, e->diags) != 0)
    e->status = -1;
  size_t n = e->buf.len;
  while (piece && n > 0 && (e->buf.p[n - 1] == '\n' || e->buf.p[n - 1] == '\r'))
    n--;
  return sql_text(e, buf_str(&e->buf), n);
}

static TplValue render(Emitter *e, const Template *t, const TplValue *root) {
  return render_file(e, t, root, true);
}

/* The columns of `schema` that pass `keep`, with their types. */
static TplList *column_list(Emitter *e, bool (*keep)(const SchemaColumn *, Variant)) {
  const Schema *s = e->schema;
  size_t n = 0;
  for (size_t i = 0; i < s->column_count; i++)
    n += keep(&s->columns[i], e->plan->variant);
  TplList *l = new_list(e, n, COL__COUNT);
  for (size_t i = 0, k = 0; i < s->column_count; i++) {
    const SchemaColumn *c = &s->columns[i];
    if (!keep(c, e->plan->variant))
      continue;
    TplValue *v = item(l, k++);
    v[COL_NAME] = text(c->name);
    v[COL_TYPE] = text(sql_type_name(c->type));
  }
  return l;
}

static bool source_column(const SchemaColumn *c, Variant v) {
  return schema_column_visible(c, v);
}

static bool sink_column(const SchemaColumn *c, Variant v) {
  (void)v; /* sinks have the same columns in both variants */
  return c->sink;
}

/* In the no-op variant the source lacks the CDC columns the sinks carry.
 * The SELECT supplies what the recommended connector would have written
 * for a row of business_events: every event is taken as an insert. */
static const struct {
  const char *column, *value;
} NO_OP_CONSTANTS[] = {{"__op", "c"}, {"__table", "business_events"}};

/* The SELECT list: each sink column read from the source, or a constant
 * when the variant's source lacks it. */
static TplList *select_list(Emitter *e) {
  const Schema *s = e->schema;
  size_t n = 0;
  for (size_t i = 0; i < s->column_count; i++)
    n += s->columns[i].sink;
  TplList *l = new_list(e, n, SEL__COUNT);
  Buf *b = &e->buf;
  for (size_t i = 0, k = 0; i < s->column_count; i++) {
    const SchemaColumn *c = &s->columns[i];
    if (!c->sink)
      continue;
    TplValue *v = item(l, k++);
    v[SEL_NAME] = text(c->name);
    buf_reset(b);
    if (schema_column_visible(c, e->plan->variant)) {
      sql_quote_ident(b, c->name, strlen(c->name));
    } else {
      const char *constant = NULL;
      for (size_t j = 0; j < sizeof NO_OP_CONSTANTS / sizeof NO_OP_CONSTANTS[0]; j++)
        if (strcmp(NO_OP_CONSTANTS[j].column, c->name) == 0)
          constant = NO_OP_CONSTANTS[j].value;
      if (constant)
        sql_quote_string(b, constant, strlen(constant));
      else /* a typed NULL: not message data, so the cast cannot fail */
        buf_printf(b, "CAST(NULL AS %s)", sql_type_name(c->type));
      v[SEL_CONSTANT] = flag(true);
    }
    v[SEL_VALUE] = sql_text(e, buf_str(b), b->len);
  }
  return l;
}

/* The filters whose routes write to `topic`, for the sink's comment. */
static TplList *writers(Emitter *e, const Route *r) {
  TplList *l = new_list(e, 1, WRITER__COUNT);
  item(l, 0)[WRITER_ID] = text(r->filter->id);
  item(l, 0)[WRITER_NAME] = text(r->filter->name);
  return l;
}

/* The environment's extra WITH options of the source or a sink. */
static TplList *option_list(Emitter *e, bool sink) {
  TableOptions t = env_table_options(e->opts->env, sink, e->arena);
  TplList *l = new_list(e, t.count, OPT__COUNT);
  for (size_t i = 0; i < t.count; i++) {
    item(l, i)[OPT_KEY] = text(t.items[i].key);
    item(l, i)[OPT_VALUE] = text(t.items[i].value);
  }
  return l;
}

static void table_values(Emitter *e, TplValue *v, const char *table, TplList *columns) {
  v[TABLE_NAME] = text(table);
  v[TABLE_COLUMNS] = list(columns);
  v[TABLE_TARGET] = text(target_name(e->opts->target));
  v[TABLE_VARIANT] = text(variant_name(e->plan->variant));
  v[TABLE_NO_OP] = flag(e->plan->variant == VARIANT_NO_OP);
  v[TABLE_BOOTSTRAP] = text(e->kafka.bootstrap_servers);
  v[TABLE_GROUP_ID] = text(e->kafka.group_id);
  v[TABLE_STARTUP] = text(e->kafka.startup_mode);
  v[TABLE_ERROR_MODE] = text(e->kafka.error_handling_mode);
  v[TABLE_ERROR_LOG] = flag(strcmp(e->kafka.error_handling_mode, "log") == 0);
  v[TABLE_ERROR_LOG_TARGET] =
      text(e->opts->env && e->opts->env->error_log_target ? e->opts->env->error_log_target
                                                          : "error_log");
}

static TplValue insert_sql(Emitter *e, const Route *r, TplList *columns) {
  const Filter *f = r->filter;
  TplValue v[INS__COUNT] = {0};
  v[INS_TABLE] = text(env_topic_name(e->opts->env, r->topic, e->arena));
  v[INS_SOURCE] = text(e->schema->topic);
  v[INS_COLUMNS] = list(columns);
  buf_reset(&e->buf);
  sql_route_condition(&e->buf, r, e->plan);
  v[INS_WHERE] = sql_text(e, buf_str(&e->buf), e->buf.len);
  v[INS_ID] = text(f->id);
  v[INS_NAME] = text(f->name);
  v[INS_DESCRIPTION] = text(f->description);
  v[INS_CONSUMER] = text(f->consumer_id);
  v[INS_STATUS] = text(filter_status_name(f->status));
  if (f->version > 0)
    v[INS_VERSION] = number(e, f->version);
  v[INS_DEPRECATED] = flag(f->status == FILTER_STATUS_DEPRECATED);
  v[INS_MULTI_TOPIC] = flag(f->multi_topic);
  v[INS_NO_OP] = flag(e->plan->variant == VARIANT_NO_OP);
  return render(e, e->templates->insert, v);
}

static const char *skip_reason(const Filter *f) {
  return !f->enabled ? "disabled" : filter_status_name(f->status);
}

static void header_lists(Emitter *e, TplValue *v) {
  const Program *p = e->program;
  size_t skipped = 0, deprecated = 0;
  for (size_t i = 0; i < p->filter_count; i++) {
    skipped += !filter_is_active(&p->filters[i]);
    deprecated += filter_is_active(&p->filters[i]) &&
                  p->filters[i].status == FILTER_STATUS_DEPRECATED;
  }
  TplList *s = new_list(e, skipped, SKIP__COUNT);
  TplList *d = new_list(e, deprecated, SKIP__COUNT);
  for (size_t i = 0, ks = 0, kd = 0; i < p->filter_count; i++) {
    const Filter *f = &p->filters[i];
    if (!filter_is_active(f)) {
      item(s, ks)[SKIP_ID] = text(f->id);
      item(s, ks++)[SKIP_REASON] = text(skip_reason(f));
    } else if (f->status == FILTER_STATUS_DEPRECATED) {
      item(d, kd)[SKIP_ID] = text(f->id);
      item(d, kd++)[SKIP_REASON] = text("deprecated");
      Diag *diag =
          diag_add(e->diags, SEV_WARNING, p->file, f->pos, "deprecated-filter",
                   "filter '%s' is deprecated; its SQL is still generated", f->id);
      diag_hint(diag, "set enabled: false or status: deleted to stop routing");
    }
  }
  v[HDR_SKIPPED] = list(s);
  v[HDR_DEPRECATED] = list(d);
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static Statement *add_statement(Statement *stmts, size_t *n, StmtKind kind,
                                const char *table, TplValue sql) {
  stmts[*n] = (Statement){kind, table, sql.text};
  return &stmts[(*n)++];
}

int generate_sql(const Plan *plan, const GenOptions *opts, const TemplateSet *templates,
                 Generated *out, DiagList *diags) {
  memset(out, 0, sizeof *out);
  arena_init(&out->arena);
  const Program *program = plan->program;
  const Environment *env = opts->env;
  /* env was checked with the program (validator/envcheck.c) */
  /* An environment names the source topic and the JSON column as its
   * pipeline has them: the same plan, read through a copy of the schema
   * with those two names changed, so every table, SELECT and JSON_VALUE
   * uses them. */
  Schema renamed;
  Plan local;
  if (env && (env->source_topic || env->json_column)) {
    renamed = *plan->schema;
    renamed.columns =
        arena_alloc(&out->arena, renamed.column_count * sizeof *renamed.columns);
    memcpy(renamed.columns, plan->schema->columns,
           renamed.column_count * sizeof *renamed.columns);
    if (env->source_topic)
      renamed.topic = env->source_topic;
    if (env->json_column && renamed.json_column >= 0)
      renamed.columns[renamed.json_column].name = env->json_column;
    local = *plan;
    local.schema = &renamed;
    plan = &local;
  }
  const Schema *schema = plan->schema;
  Emitter e = {.plan = plan,
               .program = program,
               .schema = schema,
               .opts = opts,
               .templates = templates,
               .arena = &out->arena,
               .diags = diags};
  buf_init(&e.buf);
  if (resolve_kafka(program, opts, &e.kafka, diags) != 0) {
    buf_free(&e.buf);
    return -1;
  }
  if (plan->route_count == 0)
    diag_add(diags, SEV_WARNING, program->file, (SrcPos){0, 0}, "no-active-filters",
             "no enabled filter: the SQL only creates the source table");

  /* source, one sink per distinct topic, then one job or one statement per
   * INSERT, in the Plan's order */
  out->stmts = arena_alloc(&out->arena, (2 + plan->topic_count + plan->route_count) *
                                            sizeof *out->stmts);
  TplValue table[TABLE__COUNT] = {0};
  table_values(&e, table, schema->topic, column_list(&e, source_column));
  table[TABLE_OPTIONS] = list(option_list(&e, false));
  TplValue source = render(&e, templates->source, table);
  add_statement(out->stmts, &out->stmt_count, STMT_SOURCE, schema->topic, source);

  TplList *sink_columns = column_list(&e, sink_column);
  TplList *sink_sql = new_list(&e, plan->topic_count, SQL_ITEM__COUNT);
  TplList *sink_options = option_list(&e, true);
  for (size_t t = 0; t < plan->topic_count; t++) {
    const PlanTopic *topic = &plan->topics[t];
    const char *name = env_topic_name(env, topic->name, &out->arena);
    table_values(&e, table, name, sink_columns);
    table[TABLE_WRITERS] = list(writers(&e, plan->routes[topic->first_route].route));
    table[TABLE_OPTIONS] = list(sink_options);
    table[TABLE_KEY] = text(env ? env->key : NULL);
    TplValue sql = render(&e, templates->sink, table);
    item(sink_sql, t)[SQL_ITEM_SQL] = sql;
    add_statement(out->stmts, &out->stmt_count, STMT_SINK, name, sql);
  }

  TplList *columns = select_list(&e);
  TplList *inserts = new_list(&e, plan->route_count, SQL_ITEM__COUNT);
  for (size_t i = 0; i < plan->route_count; i++)
    item(inserts, i)[SQL_ITEM_SQL] = insert_sql(&e, plan->routes[i].route, columns);
  TplValue job_values[JOB__COUNT] = {[JOB_STATEMENT_SET] =
                                         flag(!opts->separate_statements),
                                     [JOB_INSERTS] = list(inserts)};
  TplValue job = {0};
  if (plan->route_count > 0) {
    job = render(&e, templates->job, job_values);
    if (!opts->separate_statements)
      add_statement(out->stmts, &out->stmt_count, STMT_JOB, NULL, job);
    else
      for (size_t i = 0; i < plan->route_count; i++)
        add_statement(out->stmts, &out->stmt_count, STMT_INSERT,
                      env_topic_name(env, plan->routes[i].route->topic, &out->arena),
                      item(inserts, i)[SQL_ITEM_SQL]);
  }

  TplValue header[HDR__COUNT] = {
      [HDR_INPUT] = text(base_name(opts->input_name)),
      [HDR_TARGET] = text(target_name(opts->target)),
      [HDR_VARIANT] = text(variant_name(plan->variant)),
      [HDR_NO_OP] = flag(plan->variant == VARIANT_NO_OP),
      [HDR_STATEMENT_SET] = flag(!opts->separate_statements),
      [HDR_FILTERS] = number(&e, (long long)program->filter_count),
      [HDR_ROUTES] = number(&e, (long long)plan->route_count),
      [HDR_TOPICS] = number(&e, (long long)plan->topic_count),
      [HDR_ENV] = text(env ? env->name : NULL),
  };
  header_lists(&e, header);
  TplValue file[FILE__COUNT] = {
      [FILE_HEADER] = render(&e, templates->header, header),
      [FILE_SOURCE] = source,
      [FILE_SINKS] = list(sink_sql),
      [FILE_JOB] = job,
  };
  TplValue whole = render_file(&e, templates->file, file, false);
  out->text = whole.text;
  out->len = whole.len;
  buf_free(&e.buf);
  return e.status;
}

void generated_free(Generated *g) {
  arena_free(&g->arena);
  memset(g, 0, sizeof *g);
}
