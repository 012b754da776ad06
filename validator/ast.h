/* The filter AST. Every node lives in the Program's arena and keeps the
 * source position it came from. The parser fills the syntactic fields; the
 * type checker fills the fields marked "checked" (resolved field, SQL type).
 * Back ends (SQL generator, native evaluator) read only checked programs. */
#ifndef FILTERC_AST_H
#define FILTERC_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "operators.h"

/* `valueType:` as written in a condition. */
typedef enum ValueType {
  VALUE_TYPE_NONE,
  VALUE_TYPE_STRING,
  VALUE_TYPE_NUMBER,
  VALUE_TYPE_BOOLEAN,
  VALUE_TYPE_TIMESTAMP
} ValueType;

/* The SQL type a condition compares at. STRING compares UTF-8 bytes; DOUBLE
 * and BIGINT numerically; BOOLEAN false < true. */
typedef enum SqlType {
  SQL_TYPE_UNKNOWN,
  SQL_TYPE_STRING,
  SQL_TYPE_DOUBLE,
  SQL_TYPE_BIGINT,
  SQL_TYPE_BOOLEAN
} SqlType;

/* Which source the SQL reads: `normal` has the CDC metadata columns the
 * ExtractNewRecordState transform adds (__op, __table, ...); `no-op` reads a
 * connector without them and treats every event as an insert. */
typedef enum Variant { VARIANT_NORMAL, VARIANT_NO_OP } Variant;

/* What the generated SQL runs on: Confluent Cloud for Apache Flink, or
 * self-managed Flink with the Kafka connector. */
typedef enum Target { TARGET_CONFLUENT, TARGET_FLINK } Target;

/* 0 and *out set, or -1 for an unknown name. */
int target_from_name(const char *name, Target *out);
const char *target_name(Target t);
/* The names, NULL-terminated, for "did you mean". */
const char *const *target_names(void);

typedef enum LiteralKind {
  LITERAL_NULL,
  LITERAL_STRING,
  LITERAL_NUMBER,
  LITERAL_BOOL
} LiteralKind;

typedef struct Literal {
  LiteralKind kind;
  SrcPos pos;
  const char *text; /* string contents, or the number as written */
  size_t len;       /* bytes in text */
  double number;    /* LITERAL_NUMBER (and strings converted by valueType) */
  bool integer;     /* LITERAL_NUMBER written without fraction or exponent */
  bool has_int64;   /* checked: a BIGINT comparison's literal, exactly int64 */
  int64_t int64;    /* has_int64: the value (number holds it as a double) */
  bool boolean;     /* LITERAL_BOOL */
} Literal;

/* One step of a path into the JSON in event_data. */
typedef struct PathStep {
  bool is_index;
  const char *key; /* is_index == false */
  size_t key_len;
  unsigned long index; /* is_index == true */
} PathStep;

typedef struct FieldRef {
  const char *text; /* as written */
  SrcPos pos;
  /* checked: */
  int column;      /* schema column index, or -1 for a JSON path */
  PathStep *steps; /* JSON path steps (column == -1) */
  size_t step_count;
  const char *json_path; /* JSON_VALUE path text, e.g. "$.eventHeader.eventType" */
  bool mapped;           /* a nested path the schema maps to `column` */
} FieldRef;

typedef enum CondKind { COND_COMPARE, COND_ALL, COND_ANY, COND_NOT } CondKind;

typedef struct Cond Cond;
struct Cond {
  CondKind kind;
  SrcPos pos;
  /* COND_ALL / COND_ANY: kids[0..kid_count); COND_NOT: kids[0] */
  Cond **kids;
  size_t kid_count;
  bool implicit; /* group built from conditionLogic / logicalOperator */
  /* COND_COMPARE */
  FieldRef field;
  OpKind op;
  SrcPos op_pos;
  Literal *args; /* ARGS_ONE: 1; ARGS_LIST: n; ARGS_RANGE: 2 (min, max) */
  size_t arg_count;
  ValueType value_type;
  SrcPos value_type_pos;
  /* `variant: normal` on a condition: it applies only to that variant and
   * is dropped from the AND it belongs to elsewhere. */
  bool has_only_variant;
  Variant only_variant;
  /* checked: the type both sides are compared at */
  SqlType type;
  /* checked: a `matches` pattern, compiled once for the checker and the
   * Plan (owned by the Program) */
  struct pcre2_real_code_8 *re;
};

typedef enum FilterStatus {
  FILTER_STATUS_NONE, /* not written: treated as deployed */
  FILTER_STATUS_DEPLOYED,
  FILTER_STATUS_PENDING_APPROVAL,
  FILTER_STATUS_DEPRECATED,
  FILTER_STATUS_DELETED,
  /* The predecessor's lifecycle statuses, accepted as they are (issue 10).
   * approved, deploying, failed and active emit SQL (the filter was meant to
   * run); disabled and pending_deletion do not. */
  FILTER_STATUS_APPROVED,
  FILTER_STATUS_DEPLOYING,
  FILTER_STATUS_FAILED,
  FILTER_STATUS_DISABLED,
  FILTER_STATUS_ACTIVE,
  FILTER_STATUS_PENDING_DELETION
} FilterStatus;

typedef struct Filter Filter;

/* One output of a filter: an event goes to `topic` when the filter's
 * condition AND the route's own condition are TRUE. */
typedef struct Route {
  const char *topic;
  SrcPos topic_pos;
  Cond *cond; /* route-specific, NULL when the filter's condition is all */
  Filter *filter;
} Route;

struct Filter {
  SrcPos pos;
  const char *id;
  SrcPos id_pos;
  const char *name;
  const char *description;
  const char *consumer_id;
  bool enabled; /* default true */
  FilterStatus status;
  long version; /* 0 when absent */
  Cond *cond;   /* NULL when the filter has no conditions (an error) */
  Route *routes;
  size_t route_count;
  bool multi_topic; /* written with outputTopics */
  bool broken;      /* had structural errors: the parts that parsed are still
                       type-checked, so one run reports every problem */
};

typedef struct Setting {
  const char *key, *value;
  SrcPos pos;
} Setting;

/* One SQL file the filters file declares under `outputs:`: what
 * `filterc generate FILE` writes and `filterc generate --check FILE`
 * compares. The entry names its target and variant; an environment
 * (`env: NAME`, issue 10) would be one more way to say the same, resolved
 * before generation, so back ends only ever see a target and a variant. */
typedef struct OutputDecl {
  const char *path; /* as written: relative to the filters file's directory */
  Target target;
  Variant variant;
  const char *env; /* `env: NAME`: target and variant come from it */
  SrcPos pos;      /* of the entry, for diagnostics */
} OutputDecl;

/* One `key: value` of an environment's option maps, as written. */
typedef struct EnvOption {
  const char *key, *value;
  SrcPos key_pos, value_pos;
} EnvOption;

typedef struct EnvOptions {
  EnvOption *items;
  size_t count;
} EnvOptions;

/* Confluent Cloud's `error-handling.mode` for the source table. */
typedef enum ErrorMode {
  ERROR_MODE_DEFAULT, /* not written: the option is left out (fail) */
  ERROR_MODE_FAIL,
  ERROR_MODE_IGNORE,
  ERROR_MODE_LOG
} ErrorMode;

/* One deployment of the filters (`environments:` NAME: {...}): where the
 * SQL runs and the names and options of its tables. Every string is user
 * text, quoted by the generator like any other; a value may be a
 * deploy-time placeholder `${NAME}`, kept verbatim in the SQL and filled in
 * only by the deploy step. NULL fields were not written. */
typedef struct Environment {
  const char *name;
  SrcPos pos;
  Target target;
  Variant variant;
  const char *source_topic;                /* default: the schema's topic */
  const char *json_column;                 /* the JSON column's name in this pipeline */
  const char *topic_prefix, *topic_suffix; /* around every sink topic */
  const char *key;                         /* the message key column; NULL: none */
  SrcPos key_pos;
  const char *startup_mode;
  const char *sink_partitioner;
  ErrorMode error_mode;
  const char *error_log_target;
  EnvOptions properties;     /* Kafka client properties, source and sinks */
  EnvOptions source_options; /* extra WITH options of the source table */
  EnvOptions sink_options;   /* extra WITH options of every sink table */
} Environment;

typedef struct Program {
  Arena arena; /* owns everything below but the compiled patterns */
  struct pcre2_real_code_8 **regexes; /* every Cond.re, freed with the Program */
  size_t regex_count;
  const char *file;
  Filter *filters;
  size_t filter_count;
  Setting *settings; /* top-level `settings:` block, for the generators */
  size_t setting_count;
  OutputDecl *outputs; /* top-level `outputs:`, in the file's order */
  size_t output_count;
  Environment *envs; /* top-level `environments:`, in the file's order */
  size_t env_count;
} Program;

/* The environment called `name`, or NULL. */
const Environment *program_env(const Program *p, const char *name);
/* A sink topic's name in `env` (prefix + topic + suffix), in `arena`;
 * `topic` itself when env is NULL. */
const char *env_topic_name(const Environment *env, const char *topic, Arena *arena);

/* A filter emits SQL and routes events only when enabled and not deleted. */
bool filter_is_active(const Filter *f);

const char *sql_type_name(SqlType t);
const char *value_type_name(ValueType t);
const char *filter_status_name(FilterStatus s);

#endif
