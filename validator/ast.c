#include "ast.h"

bool filter_is_active(const Filter *f) {
  return f->enabled && f->status != FILTER_STATUS_DELETED;
}

const char *sql_type_name(SqlType t) {
  switch (t) {
  case SQL_TYPE_STRING:
    return "STRING";
  case SQL_TYPE_DOUBLE:
    return "DOUBLE";
  case SQL_TYPE_BIGINT:
    return "BIGINT";
  case SQL_TYPE_BOOLEAN:
    return "BOOLEAN";
  case SQL_TYPE_UNKNOWN:
    break;
  }
  return "UNKNOWN";
}

const char *value_type_name(ValueType t) {
  static const char *const names[] = {"none", "string", "number", "boolean", "timestamp"};
  return names[t];
}

const char *filter_status_name(FilterStatus s) {
  static const char *const names[] = {"deployed", "deployed", "pending_approval",
                                      "deprecated", "deleted"};
  return names[s];
}
