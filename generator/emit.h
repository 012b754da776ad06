/* Assembles the SQL for a checked program: the source table, one sink per
 * distinct output topic, and the INSERTs (in one EXECUTE STATEMENT SET by
 * default), each statement rendered from its template, the WHERE clauses
 * from sql_expr. Output depends on the inputs only: same program, options
 * and templates give the same bytes. */
#ifndef FILTERC_EMIT_H
#define FILTERC_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "plan.h"
#include "schema.h"
#include "template.h"

/* Target, target_from_name and target_name are in ast.h: a filters file
 * names targets in its `outputs:` block. */

/* Confluent Cloud's 'error-handling.mode' when settings: error_handling_mode
 * is not given (emit.c says why it is not Confluent's own `fail`). */
#define CONFLUENT_ERROR_HANDLING_DEFAULT "log"

/* The source's settings (Kafka for self-managed Flink; the error
 * handling of Confluent Cloud). NULL: not given at this level. */
typedef struct KafkaSettings {
  const char *bootstrap_servers;
  const char *group_id;
  const char *startup_mode;
  const char *error_handling_mode; /* confluent: fail | ignore | log */
} KafkaSettings;

typedef struct GenOptions {
  Target target;
  bool separate_statements; /* plain INSERTs instead of one statement set */
  const char *input_name;   /* the filters file as the header names it */
  KafkaSettings flags;      /* from the command line; they win over the
                               file's settings block, which wins over the
                               defaults */
  const Environment *env;   /* `--env NAME` or an output's `env:`; NULL:
                               none. Its target and variant must be the
                               ones above and the plan's. */
} GenOptions;

/* The template files of one target, loaded and checked. */
typedef struct TemplateSet {
  Template *header, *source, *sink, *insert, *job, *file;
} TemplateSet;

/* Loads header.sql.tpl, source.sql.tpl, sink.sql.tpl, insert.sql.tpl,
 * job.sql.tpl and file.sql.tpl, each from DIR/TARGET/ or else DIR/common/.
 * Returns 0, or -1 after diagnostics; free with templates_free after
 * printing them either way. */
int templates_load(TemplateSet *set, const char *dir, Target target, DiagList *diags);
void templates_free(TemplateSet *set);
/* The templates directory when --templates is not given: the source
 * tree's templates/ if it still exists, else the installed copy
 * (DATADIR/filterc/templates). NULL when neither exists. */
const char *templates_default_dir(void);
/* The loaded templates' sources, for quoting lines in diagnostics.
 * Returns how many were stored in `out` (at most 6). */
size_t templates_sources(const TemplateSet *set, const SourceFile **out);

typedef enum StmtKind { STMT_SOURCE, STMT_SINK, STMT_INSERT, STMT_JOB } StmtKind;

/* One statement, in deploy order. */
typedef struct Statement {
  StmtKind kind;
  const char *table; /* the table it creates or writes; NULL for a job */
  const char *sql;   /* ends with a newline */
} Statement;

typedef struct Generated {
  Arena arena;      /* owns everything below */
  const char *text; /* the whole file */
  size_t len;
  Statement *stmts;
  size_t stmt_count;
} Generated;

/* Generates SQL from the Plan of a program that compiled without errors
 * (its schema and variant decide the tables). Returns 0, or -1 after
 * adding diagnostics (bad settings, a value a template cannot quote).
 * Adds warnings for deprecated filters. Always call generated_free. */
int generate_sql(const Plan *plan, const GenOptions *opts, const TemplateSet *templates,
                 Generated *out, DiagList *diags);
void generated_free(Generated *g);

const char *stmt_kind_name(StmtKind k);

#endif
