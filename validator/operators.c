#include "operators.h"

#include <string.h>

#define LT OUTCOME_LESS
#define EQ OUTCOME_EQUAL
#define GT OUTCOME_GREATER
#define NAN_ OUTCOME_UNORDERED

/* ORDER OP */
const OperatorInfo OPERATORS[OP__COUNT] = {
    /* kind, YAML name, arguments, SQL, SQL form, meaning, holds, negated,
     * ordered, string only, doc */
    {OP_EQUALS, "equals", ARGS_ONE, "=", SQL_FORM_INFIX, MEANING_COMPARE, EQ, false,
     false, false,
     "TRUE when the field equals `value` (SQL `=`; NULL field: UNKNOWN, not routed)."},
    {OP_NOT_EQUALS, "notEquals", ARGS_ONE, "<>", SQL_FORM_INFIX, MEANING_COMPARE,
     LT | GT | NAN_, false, false, false,
     "TRUE when the field differs from `value` (SQL `<>`; NULL field: UNKNOWN, not "
     "routed)."},
    {OP_IN, "in", ARGS_LIST, "IN", SQL_FORM_INFIX, MEANING_MEMBER, 0, false, false, false,
     "TRUE when the field equals one of `values` (SQL `IN`)."},
    {OP_NOT_IN, "notIn", ARGS_LIST, "NOT IN", SQL_FORM_INFIX, MEANING_MEMBER, 0, true,
     false, false,
     "TRUE when the field equals none of `values` (SQL `NOT IN`; NULL field: UNKNOWN, "
     "not routed)."},
    {OP_GREATER_THAN, "greaterThan", ARGS_ONE, ">", SQL_FORM_INFIX, MEANING_COMPARE, GT,
     false, true, false, "TRUE when the field is greater than `value` (SQL `>`)."},
    {OP_LESS_THAN, "lessThan", ARGS_ONE, "<", SQL_FORM_INFIX, MEANING_COMPARE, LT, false,
     true, false, "TRUE when the field is less than `value` (SQL `<`)."},
    {OP_GREATER_THAN_OR_EQUAL, "greaterThanOrEqual", ARGS_ONE, ">=", SQL_FORM_INFIX,
     MEANING_COMPARE, GT | EQ, false, true, false,
     "TRUE when the field is greater than or equal to `value` (SQL `>=`)."},
    {OP_LESS_THAN_OR_EQUAL, "lessThanOrEqual", ARGS_ONE, "<=", SQL_FORM_INFIX,
     MEANING_COMPARE, LT | EQ, false, true, false,
     "TRUE when the field is less than or equal to `value` (SQL `<=`)."},
    {OP_BETWEEN, "between", ARGS_RANGE, "BETWEEN", SQL_FORM_INFIX, MEANING_RANGE, 0,
     false, true, false,
     "TRUE when `min` <= field <= `max`, both inclusive (SQL `BETWEEN`)."},
    {OP_MATCHES, "matches", ARGS_ONE, "REGEXP", SQL_FORM_CALL, MEANING_REGEX, 0, false,
     false, true,
     "TRUE when the Java regular expression `value` is found anywhere in the field "
     "(Flink `REGEXP`); strings only."},
    {OP_IS_NULL, "isNull", ARGS_NONE, "IS NULL", SQL_FORM_POSTFIX, MEANING_NULLNESS, 0,
     false, false, false,
     "TRUE when the field is NULL or absent (SQL `IS NULL`); takes no value."},
    {OP_IS_NOT_NULL, "isNotNull", ARGS_NONE, "IS NOT NULL", SQL_FORM_POSTFIX,
     MEANING_NULLNESS, 0, true, false, false,
     "TRUE when the field is present and not NULL (SQL `IS NOT NULL`); takes no value."},
};

const OperatorInfo *operator_by_name(const char *name) {
  for (size_t i = 0; i < OP__COUNT; i++)
    if (strcmp(OPERATORS[i].name, name) == 0)
      return &OPERATORS[i];
  return NULL;
}
