#include "yamltree.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The node cap is what the later stages can afford, aliases expanded or
 * not: every stage after this one is linear in the expanded tree, and at
 * the cap (131,072 conditions from 430 bytes of aliases) validate takes
 * 0.5 s, generate 0.4 s (3 MB of SQL), explain 1.1 s, diff 2 s, with
 * under 70 MB of memory. A tenfold cap would be tenfold that. */
const YamlLimits YAML_DEFAULT_LIMITS = {.max_depth = 64, .max_expanded_nodes = 1000000};

enum { MAX_ANCHORS = 10000 };
#define EXPANDED_CAP ((size_t)UINT32_MAX)

typedef struct Frame {
  YNode *node;
  char *anchor; /* malloc'd copy; registered when the node closes */
  YNode **children;
  size_t count, cap;
  bool aliased; /* an alias occurs somewhere below: the node cap names it */
} Frame;

typedef struct Anchor {
  char *name;
  YNode *node;
} Anchor;

/* Anchors by name, open addressing: an alias is resolved in constant time
 * (a linear scan over 10,000 anchors made 8 MB of aliases take 37 s). A
 * redefined name replaces the old entry: later definitions win. */
typedef struct AnchorTable {
  Anchor *slots; /* name NULL: empty */
  size_t cap;    /* a power of two, at least twice count */
  size_t count;
} AnchorTable;

typedef struct Builder {
  Arena *arena;
  const SourceFile *sf;
  const YamlLimits *limits;
  DiagList *diags;
  Frame *frames;
  size_t depth, frames_cap;
  AnchorTable anchors;
  YNode *root;
  int documents;
  bool failed;
} Builder;

static SrcPos mark_pos(yaml_mark_t mark) {
  return (SrcPos){(uint32_t)mark.line + 1, (uint32_t)mark.column + 1};
}

static void fail(Builder *b, SrcPos pos, const char *code, const char *msg) {
  diag_add(b->diags, SEV_ERROR, b->sf->path, pos, code, "%s", msg);
  b->failed = true;
}

static bool match_all(const char *s, size_t len, size_t start, int (*pred)(int)) {
  if (start >= len)
    return false;
  for (size_t i = start; i < len; i++)
    if (!pred((unsigned char)s[i]))
      return false;
  return true;
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}
static int is_octal(int c) {
  return c >= '0' && c <= '7';
}
static int is_hex(int c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_one_of(const char *s, size_t len, const char *const *words) {
  /* every word is at most 5 bytes: most scalars are rejected at once
   * (this runs on each plain scalar of the file) */
  if (len > 5)
    return false;
  for (; *words; words++) /* the first byte rules out most words */
    if ((*words)[0] == s[0] && strlen(*words) == len && memcmp(s, *words, len) == 0)
      return true;
  return false;
}

/* YAML 1.2 float syntax: [-+]? ( . digits | digits [ . digits* ] ) ([eE][-+]?digits)? */
static bool looks_like_float(const char *s, size_t len) {
  size_t i = 0;
  if (i < len && (s[i] == '-' || s[i] == '+'))
    i++;
  size_t int_digits = 0, frac_digits = 0;
  while (i < len && is_digit(s[i]))
    i++, int_digits++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && is_digit(s[i]))
      i++, frac_digits++;
  }
  if (int_digits + frac_digits == 0)
    return false;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '-' || s[i] == '+'))
      i++;
    if (!match_all(s, len, i, is_digit))
      return false;
    return true;
  }
  return i == len;
}

static void resolve_plain_scalar(YNode *n) {
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
  static const char *const trues[] = {"true", "True", "TRUE", NULL};
  static const char *const falses[] = {"false", "False", "FALSE", NULL};
  static const char *const specials[] = {".nan",  ".NaN",  ".NAN",  ".inf",  ".Inf",
                                         ".INF",  "-.inf", "-.Inf", "-.INF", "+.inf",
                                         "+.Inf", "+.INF", NULL};
  const char *s = n->text;
  size_t len = n->len;
  if (is_one_of(s, len, nulls)) {
    n->scalar = YSCALAR_NULL;
  } else if (is_one_of(s, len, trues) || is_one_of(s, len, falses)) {
    n->scalar = YSCALAR_BOOL;
    n->bool_value = s[0] == 't' || s[0] == 'T';
  } else if (is_one_of(s, len, specials)) {
    n->scalar = YSCALAR_BAD_NUMBER;
  } else if (len > 2 && s[0] == '0' && s[1] == 'x' && match_all(s, len, 2, is_hex)) {
    n->scalar = len > 2 + 13 ? YSCALAR_BAD_NUMBER : YSCALAR_INT;
    n->number = (double)strtoull(s + 2, NULL, 16);
  } else if (len > 2 && s[0] == '0' && s[1] == 'o' && match_all(s, len, 2, is_octal)) {
    n->scalar = len > 2 + 17 ? YSCALAR_BAD_NUMBER : YSCALAR_INT;
    n->number = (double)strtoull(s + 2, NULL, 8);
  } else if (looks_like_float(s, len)) {
    size_t start = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool integer = match_all(s, len, start, is_digit);
    errno = 0;
    double v = strtod(s, NULL); /* text is NUL-terminated in the arena */
    n->number = v;
    if (errno == ERANGE && (isinf(v) || v != 0))
      n->scalar = YSCALAR_BAD_NUMBER;
    else if (isinf(v) || isnan(v))
      n->scalar = YSCALAR_BAD_NUMBER;
    else if (errno == ERANGE) /* underflow to zero: keep, it is a number */
      n->scalar = YSCALAR_FLOAT;
    else
      n->scalar = integer ? YSCALAR_INT : YSCALAR_FLOAT;
  } else {
    n->scalar = YSCALAR_STRING;
  }
}

/* Applies an explicit tag. Only the core schema's tags make sense in a
 * filters file; anything else (!!binary, !!python/object, !custom) is an
 * error rather than something we silently reinterpret. */
static void apply_tag(Builder *b, YNode *n, const char *tag) {
  static const char core[] = "tag:yaml.org,2002:";
  if (!tag || strcmp(tag, "!") == 0)
    return;
  if (strncmp(tag, core, sizeof core - 1) == 0) {
    const char *t = tag + sizeof core - 1;
    if (n->kind == YNODE_SCALAR && strcmp(t, "str") == 0) {
      n->scalar = YSCALAR_STRING;
      return;
    }
    if (n->kind == YNODE_SCALAR && !n->quoted &&
        ((strcmp(t, "int") == 0 && n->scalar == YSCALAR_INT) ||
         (strcmp(t, "float") == 0 &&
          (n->scalar == YSCALAR_INT || n->scalar == YSCALAR_FLOAT)) ||
         (strcmp(t, "bool") == 0 && n->scalar == YSCALAR_BOOL) ||
         (strcmp(t, "null") == 0 && n->scalar == YSCALAR_NULL)))
      return;
    if ((n->kind == YNODE_SEQUENCE && strcmp(t, "seq") == 0) ||
        (n->kind == YNODE_MAPPING && strcmp(t, "map") == 0))
      return;
  }
  diag_add(b->diags, SEV_ERROR, b->sf->path, n->pos, "unsupported-tag",
           "YAML tag '%s' is not supported here; filter files use plain "
           "strings, numbers, booleans, lists and mappings",
           tag);
  /* not fatal: the node is read as if untagged so the rest is checked */
}

static size_t anchor_hash(const char *name) {
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    h = (h ^ *p) * 1099511628211u;
  return (size_t)h;
}

/* The slot holding name, or the empty slot where it would go. */
static Anchor *anchor_slot(const AnchorTable *t, const char *name) {
  for (size_t i = anchor_hash(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
    if (!t->slots[i].name || strcmp(t->slots[i].name, name) == 0)
      return &t->slots[i];
}

static YNode *find_anchor(Builder *b, const char *name) {
  if (b->anchors.count == 0)
    return NULL;
  Anchor *a = anchor_slot(&b->anchors, name);
  return a->name ? a->node : NULL;
}

static void grow_anchors(AnchorTable *t) {
  AnchorTable bigger = {.cap = t->cap ? t->cap * 2 : 64, .count = t->count};
  bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
  if (!bigger.slots)
    abort();
  for (size_t i = 0; i < t->cap; i++)
    if (t->slots[i].name)
      *anchor_slot(&bigger, t->slots[i].name) = t->slots[i];
  free(t->slots);
  *t = bigger;
}

static void add_anchor(Builder *b, char *name, YNode *node, SrcPos pos) {
  AnchorTable *t = &b->anchors;
  if (t->count == MAX_ANCHORS) {
    fail(b, pos, "too-many-anchors", "too many YAML anchors (limit 10000)");
    free(name);
    return;
  }
  if (2 * (t->count + 1) > t->cap)
    grow_anchors(t);
  Anchor *a = anchor_slot(t, name);
  if (a->name) { /* redefined: the new node replaces the old */
    free(name);
    a->node = node;
  } else {
    *a = (Anchor){name, node};
  }
  /* every definition counts towards the limit, as before the table */
  t->count++;
}

static char *copy_anchor(const yaml_char_t *anchor) {
  if (!anchor)
    return NULL;
  char *s = strdup((const char *)anchor);
  if (!s)
    abort();
  return s;
}

static void attach(Builder *b, YNode *n) {
  if (b->depth == 0) {
    if (!b->root)
      b->root = n;
    return;
  }
  Frame *f = &b->frames[b->depth - 1];
  if (f->count == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 8;
    f->children = realloc(f->children, f->cap * sizeof *f->children);
    if (!f->children)
      abort();
  }
  f->children[f->count++] = n;
}

static void push_frame(Builder *b, YNode *n, char *anchor) {
  if (b->depth == b->frames_cap) {
    b->frames_cap = b->frames_cap ? b->frames_cap * 2 : 16;
    b->frames = realloc(b->frames, b->frames_cap * sizeof *b->frames);
    if (!b->frames)
      abort();
  }
  b->frames[b->depth++] = (Frame){.node = n, .anchor = anchor};
}

static int compare_pairs_by_key(const void *pa, const void *pb) {
  const YPair *a = pa, *b = pb;
  size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
  int c = memcmp(a->key->text, b->key->text, n);
  if (c)
    return c;
  if (a->key->len != b->key->len)
    return a->key->len < b->key->len ? -1 : 1;
  /* equal keys: order by position so the later one is reported */
  if (a->key->pos.line != b->key->pos.line)
    return a->key->pos.line < b->key->pos.line ? -1 : 1;
  return a->key->pos.col < b->key->pos.col ? -1 : a->key->pos.col > b->key->pos.col;
}

static void check_duplicate_keys(Builder *b, YNode *map) {
  if (map->count < 2)
    return;
  if (map->count <= 16) { /* the usual small mapping: pairwise, no allocation */
    bool any = false;
    for (size_t i = 1; i < map->count && !any; i++)
      for (size_t j = 0; j < i && !any; j++)
        any = map->pairs[i].key->len == map->pairs[j].key->len &&
              memcmp(map->pairs[i].key->text, map->pairs[j].key->text,
                     map->pairs[i].key->len) == 0;
    if (!any)
      return; /* else report them below, in the same order as a large one */
  }
  YPair *sorted = malloc(map->count * sizeof *sorted);
  if (!sorted)
    abort();
  memcpy(sorted, map->pairs, map->count * sizeof *sorted);
  qsort(sorted, map->count, sizeof *sorted, compare_pairs_by_key);
  for (size_t i = 1; i < map->count; i++) {
    const YNode *prev = sorted[i - 1].key, *cur = sorted[i].key;
    if (prev->len == cur->len && memcmp(prev->text, cur->text, cur->len) == 0) {
      Diag *d = diag_add(b->diags, SEV_ERROR, b->sf->path, cur->pos, "duplicate-key",
                         "duplicate key '%s' in mapping", cur->text);
      diag_hint(d, "first defined at line %u, column %u; the first value is used",
                prev->pos.line, prev->pos.col);
    }
  }
  free(sorted);
}

/* A plain `<<` key: YAML's merge key (yaml.org/type/merge.html), which
 * configs use to share settings between environments. */
static bool is_merge_key(const YNode *key) {
  return key->kind == YNODE_SCALAR && !key->quoted && key->len == 2 &&
         key->text[0] == '<' && key->text[1] == '<';
}

typedef struct Ranked {
  YPair pair;
  size_t rank; /* precedence: own keys first, then merged maps in order */
} Ranked;

static int compare_ranked(const void *pa, const void *pb) {
  const Ranked *a = pa, *b = pb;
  int c = compare_pairs_by_key(&a->pair, &b->pair);
  const YNode *x = a->pair.key, *y = b->pair.key;
  if (x->len == y->len && memcmp(x->text, y->text, x->len) == 0)
    return a->rank < b->rank ? -1 : a->rank > b->rank;
  return c;
}

static int compare_rank(const void *pa, const void *pb) {
  const Ranked *a = pa, *b = pb;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* Replaces `<<: *a` (or `<<: [*a, *b]`) by the keys of the merged maps
 * that the mapping does not set itself; of two merged maps, the earlier
 * wins. Sorting keeps this O(n log n) whatever the number of keys. */
static void apply_merge_keys(Builder *b, YNode *map) {
  size_t merges = 0, total = 0;
  for (size_t i = 0; i < map->count; i++) {
    if (!is_merge_key(map->pairs[i].key)) {
      total++;
      continue;
    }
    merges++;
    const YNode *v = map->pairs[i].value;
    const YNode *const *srcs =
        v->kind == YNODE_SEQUENCE ? (const YNode *const *)v->items : &v;
    size_t n = v->kind == YNODE_SEQUENCE ? v->count : 1;
    for (size_t k = 0; k < n; k++) {
      if (srcs[k]->kind != YNODE_MAPPING) {
        Diag *d = diag_add(b->diags, SEV_ERROR, b->sf->path, srcs[k]->pos, "bad-merge",
                           "a merge key (<<) takes a mapping or a list of mappings, "
                           "not %s",
                           ynode_kind_name(srcs[k]));
        diag_hint(d, "write <<: *anchor, where the anchor names a mapping");
        b->failed = true;
        return;
      }
      total += srcs[k]->count;
    }
  }
  if (merges == 0)
    return;
  Ranked *all = malloc((total ? total : 1) * sizeof *all);
  if (!all)
    abort();
  size_t count = 0, rank = 0;
  for (size_t i = 0; i < map->count; i++)
    if (!is_merge_key(map->pairs[i].key))
      all[count++] = (Ranked){map->pairs[i], rank++};
  for (size_t i = 0; i < map->count; i++) {
    if (!is_merge_key(map->pairs[i].key))
      continue;
    const YNode *v = map->pairs[i].value;
    const YNode *const *srcs =
        v->kind == YNODE_SEQUENCE ? (const YNode *const *)v->items : &v;
    size_t n = v->kind == YNODE_SEQUENCE ? v->count : 1;
    for (size_t k = 0; k < n; k++)
      for (size_t j = 0; j < srcs[k]->count; j++)
        all[count++] = (Ranked){srcs[k]->pairs[j], rank++};
  }
  qsort(all, count, sizeof *all, compare_ranked);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++) {
    bool dup = kept > 0 && all[kept - 1].pair.key->len == all[i].pair.key->len &&
               memcmp(all[kept - 1].pair.key->text, all[i].pair.key->text,
                      all[i].pair.key->len) == 0;
    if (!dup)
      all[kept++] = all[i];
  }
  qsort(all, kept, sizeof *all, compare_rank);
  map->pairs = arena_alloc(b->arena, (kept ? kept : 1) * sizeof *map->pairs);
  for (size_t i = 0; i < kept; i++)
    map->pairs[i] = all[i].pair;
  map->count = kept;
  free(all);
}

static void close_frame(Builder *b) {
  Frame *f = &b->frames[--b->depth];
  YNode *n = f->node;
  size_t expanded = 1;
  for (size_t i = 0; i < f->count; i++) {
    expanded += f->children[i]->expanded;
    if (expanded > EXPANDED_CAP)
      expanded = EXPANDED_CAP;
  }
  n->expanded = (uint32_t)expanded;
  if (n->kind == YNODE_SEQUENCE) {
    n->count = f->count;
    n->items = arena_alloc(b->arena, f->count * sizeof *n->items);
    if (f->count)
      memcpy(n->items, f->children, f->count * sizeof *n->items);
  } else {
    n->count = f->count / 2;
    n->pairs = arena_alloc(b->arena, n->count * sizeof *n->pairs);
    bool scalar_keys = true;
    for (size_t i = 0; i < n->count; i++) {
      n->pairs[i].key = f->children[2 * i];
      n->pairs[i].value = f->children[2 * i + 1];
      if (n->pairs[i].key->kind != YNODE_SCALAR) {
        fail(b, n->pairs[i].key->pos, "complex-key",
             "mapping keys must be plain strings");
        scalar_keys = false;
      }
    }
    if (scalar_keys) {
      check_duplicate_keys(b, n);
      apply_merge_keys(b, n);
    }
  }
  free(f->children);
  f->children = NULL;
  if (expanded > b->limits->max_expanded_nodes) {
    /* One cap for both, since later stages pay per node either way; but a
     * plain large file must not be blamed on aliases it does not have. */
    if (f->aliased)
      diag_add(b->diags, SEV_ERROR, b->sf->path, n->pos, "alias-expansion",
               "YAML aliases expand this node to more than %zu nodes",
               b->limits->max_expanded_nodes);
    else
      diag_add(b->diags, SEV_ERROR, b->sf->path, n->pos, "too-many-nodes",
               "this node holds more than %zu YAML nodes, the limit for a filters "
               "file",
               b->limits->max_expanded_nodes);
    b->failed = true;
  }
  if (f->aliased && b->depth > 0)
    b->frames[b->depth - 1].aliased = true;
  if (f->anchor)
    add_anchor(b, f->anchor, n, n->pos);
  f->anchor = NULL;
  attach(b, n);
}

static YNode *new_node(Builder *b, YNodeKind kind, yaml_mark_t mark) {
  YNode *n = arena_alloc(b->arena, sizeof *n);
  n->kind = (uint8_t)kind;
  n->pos = mark_pos(mark);
  n->expanded = 1;
  return n;
}

static void on_event(Builder *b, yaml_event_t *ev) {
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (++b->documents > 1)
      fail(b, mark_pos(ev->start_mark), "multiple-documents",
           "a filters file holds one YAML document; found a second");
    break;
  case YAML_SCALAR_EVENT: {
    YNode *n = new_node(b, YNODE_SCALAR, ev->start_mark);
    n->text = arena_strndup(b->arena, (const char *)ev->data.scalar.value,
                            ev->data.scalar.length);
    n->len = ev->data.scalar.length;
    /* "\0" escapes are legal YAML, but every later stage (and the SQL the
     * generator writes) treats text as C strings: a NUL would cut a name
     * short or put a raw NUL byte into the generated SQL. */
    if (memchr(n->text, '\0', n->len))
      diag_add(b->diags, SEV_ERROR, b->sf->path, n->pos, "nul-byte",
               "a string holds a NUL character (\\0), which filters cannot carry");
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
                ev->data.scalar.style != YAML_ANY_SCALAR_STYLE;
    if (n->quoted)
      n->scalar = YSCALAR_STRING;
    else
      resolve_plain_scalar(n);
    apply_tag(b, n, (const char *)ev->data.scalar.tag);
    if (ev->data.scalar.anchor)
      add_anchor(b, copy_anchor(ev->data.scalar.anchor), n, n->pos);
    attach(b, n);
    break;
  }
  case YAML_ALIAS_EVENT: {
    YNode *target = find_anchor(b, (const char *)ev->data.alias.anchor);
    if (!target) {
      diag_add(b->diags, SEV_ERROR, b->sf->path, mark_pos(ev->start_mark),
               "undefined-alias", "alias '*%s' refers to no earlier anchor",
               (const char *)ev->data.alias.anchor);
      b->failed = true;
      break;
    }
    if (b->depth > 0)
      b->frames[b->depth - 1].aliased = true;
    attach(b, target);
    break;
  }
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
    YNode *n = new_node(b, seq ? YNODE_SEQUENCE : YNODE_MAPPING, ev->start_mark);
    if (b->depth >= b->limits->max_depth) {
      diag_add(b->diags, SEV_ERROR, b->sf->path, n->pos, "nesting-too-deep",
               "YAML nesting deeper than %u levels", b->limits->max_depth);
      b->failed = true;
      break;
    }
    const yaml_char_t *tag =
        seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
    apply_tag(b, n, (const char *)tag);
    push_frame(b, n,
               copy_anchor(seq ? ev->data.sequence_start.anchor
                               : ev->data.mapping_start.anchor));
    break;
  }
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    close_frame(b);
    break;
  case YAML_NO_EVENT: /* nothing to build from these */
  case YAML_STREAM_START_EVENT:
  case YAML_STREAM_END_EVENT:
  case YAML_DOCUMENT_END_EVENT:
    break;
  }
}

static void report_parser_error(Builder *b, const yaml_parser_t *p) {
  SrcPos pos;
  if (p->error == YAML_READER_ERROR)
    pos = source_position(b->sf, p->problem_offset);
  else
    pos = mark_pos(p->problem_mark);
  const char *problem = p->problem ? p->problem : "malformed YAML";
  Diag *d;
  if (p->context)
    d = diag_add(b->diags, SEV_ERROR, b->sf->path, pos, "yaml-syntax", "%s %s", problem,
                 p->context);
  else
    d = diag_add(b->diags, SEV_ERROR, b->sf->path, pos, "yaml-syntax", "%s", problem);
  size_t off = p->error == YAML_READER_ERROR ? p->problem_offset : p->problem_mark.index;
  if (off < b->sf->len && b->sf->text[off] == '\t')
    diag_hint(d, "YAML does not allow tabs for indentation; use spaces");
  else if (p->context && strstr(p->context, "flow"))
    diag_hint(d, "inside { } or [ ], quote values that contain [ ] { } or ','");
  else if (p->context && p->context_mark.line != p->problem_mark.line)
    diag_hint(d, "the construct started at line %u, column %u",
              (unsigned)p->context_mark.line + 1, (unsigned)p->context_mark.column + 1);
  b->failed = true;
}

int yaml_load_tree(Arena *arena, const SourceFile *sf, const YamlLimits *limits,
                   DiagList *diags, YNode **root) {
  Builder b = {.arena = arena, .sf = sf, .limits = limits, .diags = diags};
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    abort();
  yaml_parser_set_input_string(&parser, (const unsigned char *)sf->text, sf->len);
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      report_parser_error(&b, &parser);
      break;
    }
    bool done = ev.type == YAML_STREAM_END_EVENT;
    on_event(&b, &ev);
    yaml_event_delete(&ev);
    if (done || b.failed)
      break;
  }
  yaml_parser_delete(&parser);
  for (size_t i = 0; i < b.depth; i++) {
    free(b.frames[i].children);
    free(b.frames[i].anchor);
  }
  free(b.frames);
  for (size_t i = 0; i < b.anchors.cap; i++)
    free(b.anchors.slots[i].name);
  free(b.anchors.slots);
  *root = b.failed ? NULL : b.root;
  return b.failed ? -1 : 0;
}

YNode *ynode_get(const YNode *map, const char *key) {
  if (!map || map->kind != YNODE_MAPPING)
    return NULL;
  size_t len = strlen(key);
  for (size_t i = 0; i < map->count; i++) {
    const YNode *k = map->pairs[i].key;
    if (k->len == len && k->text[0] == key[0] && memcmp(k->text, key, len) == 0)
      return map->pairs[i].value;
  }
  return NULL;
}

const char *ynode_kind_name(const YNode *node) {
  if (!node)
    return "nothing";
  switch (node->kind) {
  case YNODE_SCALAR:
    switch (node->scalar) {
    case YSCALAR_NULL:
      return "null";
    case YSCALAR_BOOL:
      return "a boolean";
    case YSCALAR_INT:
    case YSCALAR_FLOAT:
    case YSCALAR_BAD_NUMBER:
      return "a number";
    case YSCALAR_STRING:
      return "a string";
    }
    return "a scalar";
  case YNODE_SEQUENCE:
    return "a list";
  case YNODE_MAPPING:
    return "a mapping";
  }
  return "a node";
}
