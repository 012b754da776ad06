/* The operator table: the one place that says what each operator is called
 * in YAML, what arguments it takes, which types it accepts, what SQL it
 * becomes and what it means. Every back end reads its meaning from here:
 * the evaluator (runtime/eval.c), the SQLite cross-check
 * (runtime/crosscheck.c), the SQL emitter (generator/sql_expr.c) and the
 * satisfiability check (validator/typecheck.c).
 *
 * Adding an operator: an OpKind (ORDER OP), its row in OPERATORS
 * (operators.c, same order); then build: every switch over OpKind is
 * exhaustive without `default:` (-Wswitch-enum), so the compiler names
 * each place that must handle it, and tests/unit/test_operators.c runs
 * every operator through every back end. */
#ifndef FILTERC_OPERATORS_H
#define FILTERC_OPERATORS_H

#include <stdbool.h>
#include <stddef.h>

/* ORDER OP: OPERATORS in operators.c lists its rows in this order. */
typedef enum OpKind {
  OP_EQUALS,
  OP_NOT_EQUALS,
  OP_IN,
  OP_NOT_IN,
  OP_GREATER_THAN,
  OP_LESS_THAN,
  OP_GREATER_THAN_OR_EQUAL,
  OP_LESS_THAN_OR_EQUAL,
  OP_BETWEEN,
  OP_MATCHES,
  OP_IS_NULL,
  OP_IS_NOT_NULL,
  OP__COUNT
} OpKind;

/* How an operator's arguments are written. */
typedef enum ArgShape {
  ARGS_NONE, /* isNull: no value */
  ARGS_ONE,  /* value: x */
  ARGS_LIST, /* values: [a, b] */
  ARGS_RANGE /* min: a, max: b */
} ArgShape;

/* How its SQL is written. */
typedef enum SqlForm {
  SQL_FORM_INFIX,   /* x = 1, x IN (1, 2), x BETWEEN 1 AND 2 */
  SQL_FORM_POSTFIX, /* x IS NULL */
  SQL_FORM_CALL     /* REGEXP(x, 'p') */
} SqlForm;

/* The outcome of comparing a non-NULL value with one literal. UNORDERED is
 * a DOUBLE NaN: Java's primitive comparisons, which Flink's generated code
 * uses, are all false for it except `!=`. */
typedef enum Outcome {
  OUTCOME_LESS = 1,
  OUTCOME_EQUAL = 2,
  OUTCOME_GREATER = 4,
  OUTCOME_UNORDERED = 8
} Outcome;

/* What an operator computes on a non-NULL value. */
typedef enum OpMeaning {
  MEANING_COMPARE, /* TRUE when the outcome against args[0] is in `holds` */
  MEANING_RANGE,   /* x >= args[0] AND x <= args[1] (BETWEEN) */
  MEANING_MEMBER,  /* some args[i] EQUAL; `negated`: none */
  MEANING_REGEX,   /* REGEXP find */
  MEANING_NULLNESS /* IS [NOT] NULL: never UNKNOWN; `negated`: IS NOT NULL */
} OpMeaning;

typedef struct OperatorInfo {
  OpKind kind;
  const char *name; /* YAML spelling */
  ArgShape shape;
  const char *sql; /* SQL operator, keyword or function name */
  SqlForm form;
  OpMeaning meaning;
  unsigned holds;   /* MEANING_COMPARE: Outcome bits that make it TRUE */
  bool negated;     /* MEANING_MEMBER, MEANING_NULLNESS */
  bool ordered;     /* needs an ordered type: not BOOLEAN */
  bool string_only; /* only STRING operands (matches) */
  const char *doc;  /* one line for people: `filterc schema`'s hover text */
} OperatorInfo;

extern const OperatorInfo OPERATORS[OP__COUNT];

/* NULL when no operator has that name. */
const OperatorInfo *operator_by_name(const char *name);
static inline const OperatorInfo *operator_info(OpKind op) {
  return &OPERATORS[op];
}

/* The truth of a MEANING_COMPARE operator for one outcome. */
static inline bool operator_holds(const OperatorInfo *op, Outcome o) {
  return (op->holds & (unsigned)o) != 0;
}

#endif
