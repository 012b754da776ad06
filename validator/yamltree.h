/* Stage 1: YAML text to a tree of positioned nodes, via libyaml's event
 * parser. This stage knows nothing about filters; it enforces the limits
 * that keep hostile YAML from exhausting the process (depth, alias
 * expansion), rejects duplicate mapping keys and resolves scalar tags. */
#ifndef FILTERC_YAMLTREE_H
#define FILTERC_YAMLTREE_H

#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

typedef enum YNodeKind { YNODE_SCALAR, YNODE_SEQUENCE, YNODE_MAPPING } YNodeKind;

/* What a scalar resolves to under the YAML 1.2 core schema (plus a few YAML
 * 1.1 spellings people still write, such as `yes`, which we flag). */
typedef enum YScalarKind {
  YSCALAR_STRING,
  YSCALAR_NULL,
  YSCALAR_BOOL,
  YSCALAR_INT,
  YSCALAR_FLOAT,
  YSCALAR_BAD_NUMBER /* looked like a number but is out of range, nan, inf */
} YScalarKind;

typedef struct YNode YNode;
typedef struct YPair {
  YNode *key, *value;
} YPair;

struct YNode {
  /* Packed: a 10,000-filter file has about 400,000 nodes, and their size
   * is most of the front end's memory and page-fault time. */
  uint8_t kind;   /* YNodeKind */
  uint8_t scalar; /* YScalarKind, for YNODE_SCALAR */
  bool quoted;
  bool bool_value;
  SrcPos pos;
  uint32_t expanded; /* node count with aliases expanded, saturating */
  size_t count;      /* items or pairs */
  union {
    struct { /* YNODE_SCALAR */
      const char *text;
      size_t len;
      double number; /* YSCALAR_INT and YSCALAR_FLOAT */
    };
    YNode **items; /* YNODE_SEQUENCE */
    YPair *pairs;  /* YNODE_MAPPING */
  };
};

typedef struct YamlLimits {
  unsigned max_depth;
  size_t max_expanded_nodes;
} YamlLimits;

extern const YamlLimits YAML_DEFAULT_LIMITS;

/* Parses sf into *root (NULL for an empty document). Returns 0 on success,
 * -1 after adding diagnostics. */
int yaml_load_tree(Arena *arena, const SourceFile *sf, const YamlLimits *limits,
                   DiagList *diags, YNode **root);

/* Looks a key up in a mapping node; NULL if absent. */
YNode *ynode_get(const YNode *map, const char *key);
const char *ynode_kind_name(const YNode *node);

#endif
