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
  if (!f->enabled)
    return false;
  switch ((FilterStatus)f->status) {
  case FILTER_STATUS_NONE:
  case FILTER_STATUS_DEPLOYED:
  case FILTER_STATUS_PENDING_APPROVAL:
  case FILTER_STATUS_DEPRECATED:
  case FILTER_STATUS_APPROVED:
  case FILTER_STATUS_DEPLOYING:
  case FILTER_STATUS_FAILED:
  case FILTER_STATUS_ACTIVE:
    return true;
  case FILTER_STATUS_DELETED:
  case FILTER_STATUS_DISABLED:
  case FILTER_STATUS_PENDING_DELETION:
    return false;
  }
  return false;
}

const Environment *program_env(const Program *p, const char *name) {
  for (size_t i = 0; i < p->env_count; i++)
    if (strcmp(p->envs[i].name, name) == 0)
      return &p->envs[i];
  return NULL;
}

const char *env_topic_name(const Environment *env, const char *topic, Arena *arena) {
  if (!env || (!env->topic_prefix && !env->topic_suffix))
    return topic;
  const char *pre = env->topic_prefix ? env->topic_prefix : "";
  const char *suf = env->topic_suffix ? env->topic_suffix : "";
  size_t a = strlen(pre), b = strlen(topic), c = strlen(suf);
  char *out = arena_alloc(arena, a + b + c + 1);
  memcpy(out, pre, a);
  memcpy(out + a, topic, b);
  memcpy(out + a + b, suf, c + 1);
  return out;
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
  static const char *const names[] = {"deployed",   "deployed",        "pending_approval",
                                      "deprecated", "deleted",         "approved",
                                      "deploying",  "failed",          "disabled",
                                      "active",     "pending_deletion"};
  return names[s];
}
