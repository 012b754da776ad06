#include "operators.h"

#include <string.h>

const OperatorInfo OPERATORS[OP__COUNT] = {
    [OP_EQUALS] = {OP_EQUALS, "equals", ARGS_ONE, "=", false, false},
    [OP_NOT_EQUALS] = {OP_NOT_EQUALS, "notEquals", ARGS_ONE, "<>", false, false},
    [OP_IN] = {OP_IN, "in", ARGS_LIST, "IN", false, false},
    [OP_NOT_IN] = {OP_NOT_IN, "notIn", ARGS_LIST, "NOT IN", false, false},
    [OP_GREATER_THAN] = {OP_GREATER_THAN, "greaterThan", ARGS_ONE, ">", true, false},
    [OP_LESS_THAN] = {OP_LESS_THAN, "lessThan", ARGS_ONE, "<", true, false},
    [OP_GREATER_THAN_OR_EQUAL] = {OP_GREATER_THAN_OR_EQUAL, "greaterThanOrEqual",
                                  ARGS_ONE, ">=", true, false},
    [OP_LESS_THAN_OR_EQUAL] = {OP_LESS_THAN_OR_EQUAL, "lessThanOrEqual", ARGS_ONE,
                               "<=", true, false},
    [OP_BETWEEN] = {OP_BETWEEN, "between", ARGS_RANGE, "BETWEEN", true, false},
    [OP_MATCHES] = {OP_MATCHES, "matches", ARGS_ONE, "REGEXP", false, true},
    [OP_IS_NULL] = {OP_IS_NULL, "isNull", ARGS_NONE, "IS NULL", false, false},
    [OP_IS_NOT_NULL] = {OP_IS_NOT_NULL, "isNotNull", ARGS_NONE, "IS NOT NULL", false,
                        false},
};

const OperatorInfo *operator_by_name(const char *name) {
  for (size_t i = 0; i < OP__COUNT; i++)
    if (strcmp(OPERATORS[i].name, name) == 0)
      return &OPERATORS[i];
  return NULL;
}
