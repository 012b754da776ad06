/* The filters format's key tables: every key each kind of mapping accepts,
 * with its one-line meaning. The parser checks keys against them (unknown
 * keys, "did you mean"); `filterc schema` builds the editor's JSON Schema
 * from them and from the operator table, so the schema cannot drift from
 * what the parser accepts. */
#ifndef FILTERC_KEYS_H
#define FILTERC_KEYS_H

#include <stddef.h>

typedef struct KeyInfo {
  const char *name;
  const char *doc; /* one line, Markdown */
} KeyInfo;

/* Each list ends with a {NULL, NULL} row. */
extern const KeyInfo ROOT_KEYS[];       /* the top-level mapping */
extern const KeyInfo FILTER_KEYS[];     /* one filter */
extern const KeyInfo CONDITION_KEYS[];  /* a comparison or a group */
extern const KeyInfo ROUTE_KEYS[];      /* one outputTopics entry */
extern const KeyInfo OUTPUT_KEYS[];     /* one outputs entry */
extern const KeyInfo ENV_KEYS[];        /* one environments entry (issue 10) */
extern const KeyInfo ENV_SOURCE_KEYS[]; /* its source: */
extern const KeyInfo ENV_TOPICS_KEYS[]; /* its topics: */
extern const KeyInfo ENV_ERROR_KEYS[];  /* its error_handling: */
/* The `settings:` block, in KafkaSettings order (generator/emit.c). */
extern const KeyInfo SETTING_KEYS[];

/* The words some keys take, in their enums' order (index + 1 is the
 * FilterStatus or ValueType). Each list ends with a {NULL, NULL} row. */
extern const KeyInfo STATUS_NAMES[];
extern const KeyInfo VALUE_TYPE_NAMES[];
extern const KeyInfo LOGIC_NAMES[];
extern const KeyInfo VARIANT_NAMES[];
/* The startup modes the generator can emit (settings.startup_mode). */
extern const KeyInfo STARTUP_MODE_NAMES[];

/* The pattern a filter id must match (checked by typecheck.c). */
#define FILTER_ID_PATTERN "^[a-z0-9-]+$"

/* Rows before the {NULL, NULL} end. */
size_t key_count(const KeyInfo *keys);
/* The row named `name`, or NULL. */
const KeyInfo *key_find(const KeyInfo *keys, const char *name);

#endif
