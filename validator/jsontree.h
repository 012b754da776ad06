/* Stage 1 for filters files written as JSON: strict JSON (RFC 8259, read by
 * jansson: no comments, no trailing commas, no duplicate keys) to the same
 * positioned tree the YAML front end builds (yamltree.h), so every later
 * stage is shared. A `.json` file is read here rather than as YAML (of which
 * JSON is nearly a subset) because the YAML reader would accept a trailing
 * comma or a comment that every other JSON tool then rejects. */
#ifndef FILTERC_JSONTREE_H
#define FILTERC_JSONTREE_H

#include <stdbool.h>

#include "yamltree.h"

/* True when the path names a file to read as JSON (it ends in ".json"). */
bool json_tree_wanted(const char *path);

/* Parses sf into *root (NULL for a file holding only whitespace). Returns 0
 * on success, -1 after adding diagnostics at the offending line and column. */
int json_load_tree(Arena *arena, const SourceFile *sf, const YamlLimits *limits,
                   DiagList *diags, YNode **root);

#endif
