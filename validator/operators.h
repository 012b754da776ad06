/* The operator table: the one place that says what each operator is called
 * in YAML, what arguments it takes, which types it accepts and what SQL it
 * becomes. Adding an operator: add an OpKind, a row in OPERATORS
 * (operators.c), then its case in the SQL emitter and the evaluator. */
#ifndef FILTERC_OPERATORS_H
#define FILTERC_OPERATORS_H

#include <stdbool.h>
#include <stddef.h>

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

typedef struct OperatorInfo {
  OpKind kind;
  const char *name; /* YAML spelling */
  ArgShape shape;
  const char *sql;  /* SQL operator or keyword */
  bool ordered;     /* needs an ordered type: not BOOLEAN */
  bool string_only; /* only STRING operands (matches) */
} OperatorInfo;

extern const OperatorInfo OPERATORS[OP__COUNT];

/* NULL when no operator has that name. */
const OperatorInfo *operator_by_name(const char *name);
static inline const OperatorInfo *operator_info(OpKind op) {
  return &OPERATORS[op];
}

#endif
