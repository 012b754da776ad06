#include "ast.h"

#include <string.h>

static const char *const TARGET_NAMES[] = {"confluent", "flink", NULL};

int target_from_name(const char *name, Target *out) {
  for (size_t i = 0; TARGET_NAMES[i]; i++)
    if (strcmp(name, TARGET_NAMES[i]) == 0) {
      *out = (Target)i;
      return 0;
    }
  return -1;
}

const char *target_name(Target t) {
  return TARGET_NAMES[t];
}

const char *const *target_names(void) {
  return TARGET_NAMES;
}

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
