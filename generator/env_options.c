#include "env_options.h"

#include <string.h>

static void add(TableOptions *t, const char *key, const char *value) {
  t->items[t->count++] = (TableOption){key, value};
}

static const char *prefixed(Arena *arena, const char *prefix, const char *key) {
  size_t a = strlen(prefix), b = strlen(key);
  char *out = arena_alloc(arena, a + b + 1);
  memcpy(out, prefix, a);
  memcpy(out + a, key, b + 1);
  return out;
}

TableOptions env_table_options(const Environment *env, bool sink, Arena *arena) {
  TableOptions t = {0};
  if (!env)
    return t;
  size_t cap =
      8 + env->properties.count + env->source_options.count + env->sink_options.count;
  t.items = arena_alloc(arena, cap * sizeof *t.items);
  switch (env->target) {
  case TARGET_FLINK:
    /* The message key: the column's bytes as they are ('raw'), as the
     * deployed CAST(id AS BYTES) made them; the value keeps every column
     * (value.fields-include defaults to ALL). KafkaConnectorOptions
     * KEY_FORMAT, KEY_FIELDS. */
    if (sink && env->key) {
      add(&t, "key.format", "raw");
      add(&t, "key.fields", env->key);
    }
    for (size_t i = 0; i < env->properties.count; i++) {
      const EnvOption *o = &env->properties.items[i];
      /* bootstrap.servers and group.id have their own lines */
      if (strcmp(o->key, "bootstrap.servers") == 0 || strcmp(o->key, "group.id") == 0)
        continue;
      add(&t, prefixed(arena, "properties.", o->key), o->value);
    }
    if (sink && env->sink_partitioner)
      add(&t, "sink.partitioner", env->sink_partitioner);
    break;
  case TARGET_CONFLUENT:
    if (sink && env->key) {
      /* DISTRIBUTED BY puts the key column in the message key; 'raw'
       * writes its bytes as they are and 'all' keeps it in the value too
       * (Confluent's default for a key column is to move it). */
      add(&t, "key.format", "raw");
      add(&t, "value.fields-include", "all");
    }
    /* error_handling is the source template's own pair of options (emit.c
     * resolves it with the settings: block's error_handling_mode) */
    break;
  }
  const EnvOptions *extra = sink ? &env->sink_options : &env->source_options;
  for (size_t i = 0; i < extra->count; i++)
    add(&t, extra->items[i].key, extra->items[i].value);
  return t;
}
