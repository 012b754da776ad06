#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsontree.h"
#include "keys.h"
#include "regex.h"
#include "schema.h"
#include "suggest.h"
#include "yamltree.h"

typedef struct Parser {
  Program *program;
  Arena *arena;
  const char *file;
  DiagList *diags;
} Parser;

/* Top-level keys starting with "x-" are left to the user, typically to hold
 * YAML anchors shared by several filters (as docker-compose does). */
static bool is_extension_key(const char *key) {
  return key[0] == 'x' && key[1] == '-';
}

static size_t count_words(const char *const *words) {
  size_t n = 0;
  while (words[n])
    n++;
  return n;
}

/* Reports keys of `map` not in `allowed`, with a suggestion. */
static void check_keys(Parser *p, const YNode *map, const KeyInfo *allowed,
                       const char *what) {
  const char *names[32];
  size_t count = key_count(allowed);
  for (size_t i = 0; i < count && i < 32; i++)
    names[i] = allowed[i].name;
  for (size_t i = 0; i < map->count; i++) {
    const YNode *key = map->pairs[i].key;
    if (key_find(allowed, key->text) ||
        (allowed == ROOT_KEYS && is_extension_key(key->text)))
      continue;
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, key->pos, "unknown-key",
                       "unknown key '%s' in %s", key->text, what);
    const char *guess = suggest_closest(key->text, names, count < 32 ? count : 32);
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
  }
}

static bool expect_kind(Parser *p, const YNode *n, YNodeKind kind, const char *what) {
  if (n->kind == kind)
    return true;
  const char *wanted = kind == YNODE_SCALAR     ? "a scalar"
                       : kind == YNODE_SEQUENCE ? "a list"
                                                : "a mapping";
  diag_add(p->diags, SEV_ERROR, p->file, n->pos, "wrong-node-kind",
           "%s must be %s, not %s", what, wanted, ynode_kind_name(n));
  return false;
}

/* A string-valued key such as id or name. Numbers and booleans are taken
 * as their text only when quoted; `id: 123` is reported. */
static const char *get_string(Parser *p, const YNode *map, const char *key, SrcPos *pos) {
  const YNode *n = ynode_get(map, key);
  if (!n)
    return NULL;
  if (pos)
    *pos = n->pos;
  if (n->kind != YNODE_SCALAR || n->scalar != YSCALAR_STRING) {
    diag_add(p->diags, SEV_ERROR, p->file, n->pos, "wrong-node-kind",
             "'%s' must be a string, not %s", key, ynode_kind_name(n));
    return NULL;
  }
  return n->text;
}

static int get_bool(Parser *p, const YNode *map, const char *key, bool dflt, bool *out) {
  const YNode *n = ynode_get(map, key);
  *out = dflt;
  if (!n)
    return 0;
  if (n->kind != YNODE_SCALAR || n->scalar != YSCALAR_BOOL) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "wrong-node-kind",
                       "'%s' must be true or false, not %s", key, ynode_kind_name(n));
    if (n->kind == YNODE_SCALAR)
      diag_hint(d, "write %s: true or %s: false without quotes", key, key);
    return -1;
  }
  *out = n->bool_value;
  return 1;
}

static bool literal_from_node(Parser *p, const YNode *n, Literal *lit, const char *what) {
  if (!expect_kind(p, n, YNODE_SCALAR, what))
    return false;
  lit->pos = n->pos;
  lit->text = n->text;
  lit->len = n->len;
  switch (n->scalar) {
  case YSCALAR_NULL:
    lit->kind = LITERAL_NULL;
    return true;
  case YSCALAR_BOOL:
    lit->kind = LITERAL_BOOL;
    lit->boolean = n->bool_value;
    return true;
  case YSCALAR_INT:
  case YSCALAR_FLOAT:
    lit->kind = LITERAL_NUMBER;
    lit->number = n->number;
    lit->integer = n->scalar == YSCALAR_INT;
    return true;
  case YSCALAR_BAD_NUMBER: {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "bad-number",
                       "'%s' is not a finite number a filter can compare with", n->text);
    diag_hint(d, "numbers must be finite and within double range; quote the "
                 "value if it is meant as text");
    return false;
  }
  case YSCALAR_STRING:
    lit->kind = LITERAL_STRING;
    return true;
  }
  return false;
}

static Cond *new_group(Parser *p, CondKind kind, SrcPos pos, size_t n) {
  Cond *c = arena_alloc(p->arena, sizeof *c);
  c->kind = kind;
  c->pos = pos;
  c->kid_count = n;
  c->kids = arena_alloc(p->arena, n * sizeof *c->kids);
  return c;
}

static Cond *parse_condition_list(Parser *p, const YNode *list,
                                  const char *default_logic_text, const char *what);

/* Both bounds are read even when the first is bad, so both are reported. */
static bool parse_bounds(Parser *p, const YNode *min, const YNode *max, Cond *c) {
  bool min_ok = literal_from_node(p, min, &c->args[0], "'min'");
  bool max_ok = literal_from_node(p, max, &c->args[1], "'max'");
  return min_ok && max_ok;
}

/* The predecessor compiled `matches` to SQL LIKE, where % is any run of
 * characters and _ any one. A regular expression rarely holds a %, and an
 * _ at either end is LIKE's "one character" far more often than a literal
 * underscore, so such a pattern probably means something else now. */
static void warn_like_pattern(Parser *p, const Literal *lit) {
  if (lit->kind != LITERAL_STRING || lit->len == 0)
    return;
  bool percent = memchr(lit->text, '%', lit->len) != NULL;
  bool edge_underscore = lit->text[0] == '_' || lit->text[lit->len - 1] == '_';
  if (!percent && !edge_underscore)
    return;
  Diag *d = diag_add(p->diags, SEV_WARNING, p->file, lit->pos, "like-pattern",
                     "'matches' takes a regular expression, but this looks like a "
                     "SQL LIKE pattern (%s)",
                     percent ? "'%' as a wildcard" : "'_' as a wildcard");
  diag_hint(d, "the predecessor compiled matches to LIKE: write .* for %% and . for _");
}

static bool parse_args(Parser *p, const YNode *map, Cond *c, const OperatorInfo *op) {
  const YNode *value = ynode_get(map, "value");
  const YNode *values = ynode_get(map, "values");
  const YNode *min = ynode_get(map, "min");
  const YNode *max = ynode_get(map, "max");
  SrcPos at = c->op_pos;
  switch (op->shape) {
  case ARGS_NONE: {
    const YNode *extra = value ? value : values ? values : min ? min : max;
    if (extra) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, extra->pos, "unexpected-value",
                         "'%s' takes no value", op->name);
      diag_hint(d, "remove the value; '%s' tests the field itself", op->name);
      return false;
    }
    return true;
  }
  case ARGS_ONE:
    if (values || min || max) {
      const YNode *extra = values ? values : min ? min : max;
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, extra->pos, "unexpected-value",
                         "'%s' takes a single 'value'", op->name);
      if (values)
        diag_hint(d, "use operator 'in' to compare with a list");
      return false;
    }
    if (!value) {
      diag_add(p->diags, SEV_ERROR, p->file, at, "missing-value", "'%s' needs a 'value'",
               op->name);
      return false;
    }
    if (value->kind == YNODE_SEQUENCE) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, value->pos, "wrong-node-kind",
                         "'%s' compares with one value, not a list", op->name);
      diag_hint(d, "use operator 'in' with 'values:' for a list");
      return false;
    }
    c->arg_count = 1;
    c->args = arena_alloc(p->arena, sizeof *c->args);
    if (!literal_from_node(p, value, &c->args[0], "'value'"))
      return false;
    if (c->op == OP_MATCHES)
      warn_like_pattern(p, &c->args[0]);
    return true;
  case ARGS_LIST: {
    const YNode *list = values;
    if (!list && value && value->kind == YNODE_SEQUENCE) {
      Diag *d =
          diag_add(p->diags, SEV_WARNING, p->file, value->pos, "legacy-list-value",
                   "'%s' with a list in 'value'; the list belongs in 'values'", op->name);
      diag_hint(d, "rename 'value:' to 'values:'");
      list = value;
    } else if (value) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, value->pos, "missing-values",
                         "'%s' needs a list in 'values', not 'value'", op->name);
      diag_hint(d, "write values: [%s]",
                value->kind == YNODE_SCALAR ? value->text : "...");
      return false;
    }
    if (!list) {
      diag_add(p->diags, SEV_ERROR, p->file, at, "missing-values",
               "'%s' needs a list in 'values'", op->name);
      return false;
    }
    if (!expect_kind(p, list, YNODE_SEQUENCE, "'values'"))
      return false;
    c->arg_count = list->count;
    c->args = arena_alloc(p->arena, list->count * sizeof *c->args);
    bool ok = true;
    for (size_t i = 0; i < list->count; i++)
      ok &= literal_from_node(p, list->items[i], &c->args[i], "a list item");
    return ok;
  }
  case ARGS_RANGE: {
    c->arg_count = 2;
    c->args = arena_alloc(p->arena, 2 * sizeof *c->args);
    if (value && value->kind == YNODE_SEQUENCE && value->count == 2 && !min && !max) {
      /* The legacy form `value: [min, max]`: unambiguous, so accepted, with
       * a warning that shows the spelling to move to. */
      Diag *d = diag_add(p->diags, SEV_WARNING, p->file, value->pos, "legacy-between",
                         "'between' with 'value: [min, max]' is the legacy form");
      diag_hint(d, "write min: %s and max: %s",
                value->items[0]->kind == YNODE_SCALAR ? value->items[0]->text : "...",
                value->items[1]->kind == YNODE_SCALAR ? value->items[1]->text : "...");
      return parse_bounds(p, value->items[0], value->items[1], c);
    }
    if (value || values) {
      const YNode *bad = value ? value : values;
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, bad->pos, "between-bounds",
                         "'between' needs 'min' and 'max'; '%s' is not a range",
                         value ? "value" : "values");
      diag_hint(d, "write min: LOW and max: HIGH (both inclusive)");
      return false;
    }
    if (!min || !max) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, at, "between-bounds",
                         "'between' needs both 'min' and 'max'; '%s' is missing",
                         min ? "max" : "min");
      diag_hint(d, "for a one-sided range use %s",
                min ? "greaterThanOrEqual" : "lessThanOrEqual");
      return false;
    }
    return parse_bounds(p, min, max, c);
  }
  }
  return false;
}

static bool parse_value_type(Parser *p, const YNode *map, Cond *c) {
  const char *names[4];
  for (size_t i = 0; i < 4; i++)
    names[i] = VALUE_TYPE_NAMES[i].name;
  const YNode *n = ynode_get(map, "valueType");
  if (!n)
    return true;
  if (!expect_kind(p, n, YNODE_SCALAR, "'valueType'"))
    return false;
  c->value_type_pos = n->pos;
  for (size_t i = 0; i < 4; i++)
    if (strcmp(n->text, names[i]) == 0) {
      c->value_type = (ValueType)(i + 1);
      return true;
    }
  Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "bad-value-type",
                     "unknown valueType '%s'", n->text);
  const char *guess = suggest_closest(n->text, names, 4);
  diag_hint(d,
            guess ? "did you mean '%s'?" : "use string, number, boolean or timestamp%s",
            guess ? guess : "");
  return false;
}

static Cond *parse_condition(Parser *p, const YNode *n);

static Cond *parse_group(Parser *p, const YNode *map, const YNode *key,
                         const YNode *body) {
  if (strcmp(key->text, "not") == 0) {
    if (body->kind == YNODE_SEQUENCE) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, body->pos, "wrong-node-kind",
                         "'not' takes one condition, not a list");
      diag_hint(d, "write not: {all: [...]} or not: {any: [...]}");
      return NULL;
    }
    Cond *inner = parse_condition(p, body);
    if (!inner)
      return NULL;
    Cond *c = new_group(p, COND_NOT, map->pos, 1);
    c->kids[0] = inner;
    return c;
  }
  if (!expect_kind(p, body, YNODE_SEQUENCE,
                   key->text[0] == 'a' && key->text[1] == 'l' ? "'all'" : "'any'"))
    return NULL;
  if (body->count == 0) {
    diag_add(p->diags, SEV_ERROR, p->file, body->pos, "empty-group",
             "'%s' needs at least one condition", key->text);
    return NULL;
  }
  CondKind kind = strcmp(key->text, "all") == 0 ? COND_ALL : COND_ANY;
  Cond *c = new_group(p, kind, map->pos, body->count);
  /* keep the members that parsed, so they are still type-checked */
  size_t kept = 0;
  for (size_t i = 0; i < body->count; i++) {
    Cond *kid = parse_condition(p, body->items[i]);
    if (kid)
      c->kids[kept++] = kid;
  }
  c->kid_count = kept;
  return kept ? c : NULL;
}

static Cond *parse_condition_body(Parser *p, const YNode *n);

/* `variant: normal|no-op` marks a condition that exists in one variant only
 * (typically `__op equals c`, meaningless where there is no __op). */
static bool parse_only_variant(Parser *p, const YNode *map, Cond *c) {
  const YNode *n = ynode_get(map, "variant");
  if (!n)
    return true;
  if (n->kind == YNODE_SCALAR && strcmp(n->text, "normal") == 0)
    c->only_variant = VARIANT_NORMAL;
  else if (n->kind == YNODE_SCALAR && strcmp(n->text, "no-op") == 0)
    c->only_variant = VARIANT_NO_OP;
  else {
    diag_add(p->diags, SEV_ERROR, p->file, n->pos, "bad-variant",
             "'variant' must be normal or no-op");
    return false;
  }
  c->has_only_variant = true;
  return true;
}

/* One condition mapping: a comparison, or a group (all/any/not). */
static Cond *parse_condition(Parser *p, const YNode *n) {
  Cond *c = parse_condition_body(p, n);
  if (c && !parse_only_variant(p, n, c))
    return NULL;
  return c;
}

static Cond *parse_condition_body(Parser *p, const YNode *n) {
  if (!expect_kind(p, n, YNODE_MAPPING, "a condition"))
    return NULL;
  check_keys(p, n, CONDITION_KEYS, "condition");
  const YNode *group_key = NULL, *group_body = NULL;
  size_t groups = 0;
  for (size_t i = 0; i < n->count; i++) {
    const char *k = n->pairs[i].key->text;
    if (!strcmp(k, "all") || !strcmp(k, "any") || !strcmp(k, "not")) {
      groups++;
      group_key = n->pairs[i].key;
      group_body = n->pairs[i].value;
    }
  }
  if (groups > 0) {
    if (groups > 1 || ynode_get(n, "field") || ynode_get(n, "operator")) {
      diag_add(p->diags, SEV_ERROR, p->file, n->pos, "ambiguous-condition",
               "a condition is either a comparison or one group (all, any, not), "
               "not both");
      return NULL;
    }
    return parse_group(p, n, group_key, group_body);
  }
  Cond *c = arena_alloc(p->arena, sizeof *c);
  c->kind = COND_COMPARE;
  c->pos = n->pos;
  c->field.column = -1;
  SrcPos field_pos = n->pos;
  const char *field = get_string(p, n, "field", &field_pos);
  const YNode *op_node = ynode_get(n, "operator");
  bool ok = true;
  if (!ynode_get(n, "field")) {
    diag_add(p->diags, SEV_ERROR, p->file, n->pos, "missing-key",
             "condition has no 'field'");
    ok = false;
  } else if (!field) {
    ok = false;
  } else if (field[0] == '\0') {
    diag_add(p->diags, SEV_ERROR, p->file, field_pos, "unknown-field",
             "'field' is empty");
    ok = false;
  }
  c->field.text = field;
  c->field.pos = field_pos;
  if (!op_node) {
    diag_add(p->diags, SEV_ERROR, p->file, n->pos, "missing-key",
             "condition has no 'operator'");
    return NULL;
  }
  if (!expect_kind(p, op_node, YNODE_SCALAR, "'operator'"))
    return NULL;
  c->op_pos = op_node->pos;
  const OperatorInfo *op = operator_by_name(op_node->text);
  if (!op) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, op_node->pos, "unknown-operator",
                       "unknown operator '%s'", op_node->text);
    const char *names[OP__COUNT];
    for (size_t i = 0; i < OP__COUNT; i++)
      names[i] = OPERATORS[i].name;
    const char *guess = suggest_closest(op_node->text, names, OP__COUNT);
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
    return NULL;
  }
  c->op = op->kind;
  ok &= parse_args(p, n, c, op);
  ok &= parse_value_type(p, n, c);
  return ok ? c : NULL;
}

typedef enum Logic { LOGIC_AND, LOGIC_OR, LOGIC_BAD } Logic;

static Logic parse_logic(Parser *p, const YNode *n, const char *key) {
  if (!n)
    return LOGIC_AND;
  if (n->kind == YNODE_SCALAR && strcmp(n->text, "AND") == 0)
    return LOGIC_AND;
  if (n->kind == YNODE_SCALAR && strcmp(n->text, "OR") == 0)
    return LOGIC_OR;
  Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "bad-logic",
                     "'%s' must be AND or OR, not '%s'", key,
                     n->kind == YNODE_SCALAR ? n->text : ynode_kind_name(n));
  if (n->kind == YNODE_SCALAR && (!strcmp(n->text, "and") || !strcmp(n->text, "or")))
    diag_hint(d, "write it in capitals");
  return LOGIC_BAD;
}

/* A list of conditions joined by logicalOperator (each joins a condition to
 * the one before it, defaulting to the list's conditionLogic). The result
 * follows SQL precedence, AND before OR: `a AND b OR c` is `(a AND b) OR c`,
 * built here as explicit groups so no later stage has to know the rule. */
static Cond *parse_condition_list(Parser *p, const YNode *list,
                                  const char *default_logic_text, const char *what) {
  if (!expect_kind(p, list, YNODE_SEQUENCE, what))
    return NULL;
  if (list->count == 0)
    return NULL; /* caller reports the empty list */
  Logic dflt =
      default_logic_text && strcmp(default_logic_text, "OR") == 0 ? LOGIC_OR : LOGIC_AND;
  Cond **conds = arena_alloc(p->arena, list->count * sizeof *conds);
  Logic *joins = arena_alloc(p->arena, list->count * sizeof *joins);
  bool saw_and = false, saw_or = false, explicit_join = false;
  size_t n = 0; /* conditions that parsed; the others were reported */
  for (size_t k = 0; k < list->count; k++) {
    const YNode *item = list->items[k];
    Cond *cond = parse_condition(p, item);
    const YNode *lo =
        item->kind == YNODE_MAPPING ? ynode_get(item, "logicalOperator") : NULL;
    Logic j = lo ? parse_logic(p, lo, "logicalOperator") : dflt;
    if (j == LOGIC_BAD)
      j = dflt;
    if (!cond)
      continue;
    size_t i = n++;
    conds[i] = cond;
    if (lo && k == 0) {
      Diag *d =
          diag_add(p->diags, SEV_WARNING, p->file, lo->pos, "ignored-logical-operator",
                   "logicalOperator on the first condition joins it to "
                   "nothing and is ignored");
      diag_hint(d, "logicalOperator joins a condition to the one before it");
    }
    if (lo && k > 0)
      explicit_join = true;
    joins[i] = j;
    if (i > 0) {
      saw_and |= j == LOGIC_AND;
      saw_or |= j == LOGIC_OR;
    }
  }
  if (n == 0)
    return NULL;
  if (saw_and && saw_or && explicit_join) {
    Diag *d = diag_add(p->diags, SEV_WARNING, p->file, list->pos, "mixed-logic",
                       "conditions mix AND and OR without a group; AND binds "
                       "tighter, as in SQL");
    diag_hint(d, "make the intent explicit with 'all:' and 'any:' groups");
  }
  if (n == 1)
    return conds[0];
  /* Split into runs of AND; the runs are OR-ed. */
  size_t runs = 1;
  for (size_t i = 1; i < n; i++)
    runs += joins[i] == LOGIC_OR;
  Cond *any = runs > 1 ? new_group(p, COND_ANY, list->pos, runs) : NULL;
  size_t start = 0, r = 0;
  for (size_t i = 1; i <= n; i++) {
    if (i < n && joins[i] == LOGIC_AND)
      continue;
    size_t len = i - start;
    Cond *run = conds[start];
    if (len > 1) {
      run = new_group(p, COND_ALL, conds[start]->pos, len);
      memcpy(run->kids, conds + start, len * sizeof *run->kids);
      run->implicit = true;
    }
    if (!any)
      return run;
    any->kids[r++] = run;
    start = i;
  }
  any->implicit = true;
  return any;
}

static const char *logic_text(Parser *p, const YNode *map) {
  const YNode *n = ynode_get(map, "conditionLogic");
  if (!n)
    return "AND";
  Logic l = parse_logic(p, n, "conditionLogic");
  return l == LOGIC_OR ? "OR" : "AND";
}

static void parse_routes(Parser *p, const YNode *map, Filter *f) {
  const YNode *single = ynode_get(map, "outputTopic");
  const YNode *multi = ynode_get(map, "outputTopics");
  if (single && multi) {
    diag_add(p->diags, SEV_ERROR, p->file, multi->pos, "conflicting-keys",
             "a filter has either 'outputTopic' or 'outputTopics', not both");
    return;
  }
  if (!single && !multi) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, f->pos, "missing-key",
                       "filter '%s' has no 'outputTopic'", f->id ? f->id : "?");
    diag_hint(d, "add outputTopic: TOPIC, or outputTopics: [{topic, conditions}]");
    return;
  }
  if (single) {
    SrcPos pos;
    const char *topic = get_string(p, map, "outputTopic", &pos);
    if (!topic)
      return;
    f->route_count = 1;
    f->routes = arena_alloc(p->arena, sizeof *f->routes);
    f->routes[0] = (Route){.topic = topic, .topic_pos = pos, .filter = f};
    return;
  }
  if (!expect_kind(p, multi, YNODE_SEQUENCE, "'outputTopics'"))
    return;
  if (multi->count == 0) {
    diag_add(p->diags, SEV_ERROR, p->file, multi->pos, "missing-key",
             "'outputTopics' is empty");
    return;
  }
  f->multi_topic = true;
  f->routes = arena_alloc(p->arena, multi->count * sizeof *f->routes);
  for (size_t i = 0; i < multi->count; i++) {
    const YNode *entry = multi->items[i];
    if (!expect_kind(p, entry, YNODE_MAPPING, "an outputTopics entry"))
      continue;
    check_keys(p, entry, ROUTE_KEYS, "outputTopics entry");
    Route *r = &f->routes[f->route_count];
    *r = (Route){.filter = f, .topic_pos = entry->pos};
    r->topic = get_string(p, entry, "topic", &r->topic_pos);
    if (!r->topic) {
      if (!ynode_get(entry, "topic"))
        diag_add(p->diags, SEV_ERROR, p->file, entry->pos, "missing-key",
                 "outputTopics entry has no 'topic'");
      continue;
    }
    const YNode *c1 = ynode_get(entry, "condition");
    const YNode *c2 = ynode_get(entry, "conditions");
    if (c1 && c2) {
      diag_add(p->diags, SEV_ERROR, p->file, c2->pos, "conflicting-keys",
               "write 'condition' or 'conditions', not both");
      continue;
    }
    const YNode *conds = c1 ? c1 : c2;
    if (conds) {
      /* `condition:` may be one mapping or a list, as in the legacy file */
      if (conds->kind == YNODE_MAPPING)
        r->cond = parse_condition(p, conds);
      else
        r->cond = parse_condition_list(p, conds, logic_text(p, entry), "'conditions'");
      if (!r->cond && conds->kind == YNODE_SEQUENCE && conds->count == 0)
        diag_add(p->diags, SEV_ERROR, p->file, conds->pos, "no-conditions",
                 "route to '%s' has an empty condition list", r->topic);
      if (!r->cond)
        continue;
    }
    f->route_count++;
  }
}

static FilterStatus parse_status(Parser *p, const YNode *map) {
  enum { STATUS_COUNT = 10 };
  const char *names[STATUS_COUNT];
  for (size_t i = 0; i < STATUS_COUNT; i++)
    names[i] = STATUS_NAMES[i].name;
  const YNode *n = ynode_get(map, "status");
  if (!n)
    return FILTER_STATUS_NONE;
  if (n->kind == YNODE_SCALAR && n->scalar == YSCALAR_STRING)
    for (size_t i = 0; i < STATUS_COUNT; i++)
      if (strcmp(n->text, names[i]) == 0) {
        FilterStatus st = (FilterStatus)(i + 1);
        /* The predecessor set these while a deployment was under way or
         * after it broke: whether the filter should run is not written
         * down, so filterc keeps it running and says so. */
        if (st == FILTER_STATUS_DEPLOYING || st == FILTER_STATUS_FAILED) {
          Diag *d = diag_add(p->diags, SEV_WARNING, p->file, n->pos, "ambiguous-status",
                             "status '%s' does not say whether the filter should run; "
                             "its SQL is generated",
                             n->text);
          diag_hint(d, "set status: deployed to keep it, or deleted to drop it");
        }
        return st;
      }
  Diag *d =
      diag_add(p->diags, SEV_ERROR, p->file, n->pos, "bad-status", "unknown status '%s'",
               n->kind == YNODE_SCALAR ? n->text : ynode_kind_name(n));
  const char *guess =
      n->kind == YNODE_SCALAR ? suggest_closest(n->text, names, STATUS_COUNT) : NULL;
  if (guess)
    diag_hint(d, "did you mean '%s'?", guess);
  else
    diag_hint(d, "use deployed, pending_approval, deprecated or deleted (or a "
                 "legacy status: approved, deploying, failed, disabled, active, "
                 "pending_deletion)");
  return FILTER_STATUS_NONE;
}

static void require_key(Parser *p, const YNode *map, const Filter *f, const char *key,
                        const char *hint) {
  if (ynode_get(map, key))
    return;
  Diag *d = diag_add(p->diags, SEV_ERROR, p->file, f->pos, "missing-key",
                     "filter '%s' has no '%s'", f->id ? f->id : "?", key);
  diag_hint(d, "%s", hint);
}

static bool parse_filter(Parser *p, const YNode *map, Filter *f) {
  if (!expect_kind(p, map, YNODE_MAPPING, "a filter"))
    return false;
  size_t errors_before = p->diags->errors;
  check_keys(p, map, FILTER_KEYS, "filter");
  f->pos = map->pos;
  f->id_pos = map->pos;
  f->id = get_string(p, map, "id", &f->id_pos);
  f->name = get_string(p, map, "name", NULL);
  f->description = get_string(p, map, "description", NULL);
  f->consumer_id = get_string(p, map, "consumerId", NULL);
  require_key(p, map, f, "id", "add id: lowercase-words-with-hyphens");
  require_key(p, map, f, "name", "add name: a human-readable title");
  require_key(p, map, f, "consumerId", "add consumerId: the consuming service");
  require_key(p, map, f, "enabled", "add enabled: true (or false to keep it off)");
  get_bool(p, map, "enabled", true, &f->enabled);
  f->status = parse_status(p, map);
  const YNode *version = ynode_get(map, "version");
  if (version) {
    if (version->kind != YNODE_SCALAR || version->scalar != YSCALAR_INT ||
        version->number < 1 || version->number > 1e9)
      diag_add(p->diags, SEV_ERROR, p->file, version->pos, "bad-version",
               "'version' must be a positive integer");
    else
      f->version = (long)version->number;
  }
  parse_routes(p, map, f);
  const YNode *conds = ynode_get(map, "conditions");
  if (conds) {
    f->cond = parse_condition_list(p, conds, logic_text(p, map), "'conditions'");
    if (!f->cond && conds->kind == YNODE_SEQUENCE && conds->count == 0 && !f->multi_topic)
      diag_add(p->diags, SEV_ERROR, p->file, conds->pos, "no-conditions",
               "filter '%s' has an empty condition list; it would route every "
               "event",
               f->id ? f->id : "?");
  } else {
    bool routes_all_conditioned = f->multi_topic && f->route_count > 0;
    for (size_t i = 0; i < f->route_count; i++)
      routes_all_conditioned &= f->routes[i].cond != NULL;
    if (!routes_all_conditioned) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, f->pos, "no-conditions",
                         "filter '%s' has no conditions; it would route every event",
                         f->id ? f->id : "?");
      diag_hint(d, "add conditions: [...]; to route everything, say so with "
                   "a condition such as {field: id, operator: isNotNull}");
    }
  }
  f->broken = p->diags->errors != errors_before;
  return true;
}

static void parse_settings(Parser *p, const YNode *n) {
  Program *prog = p->program;
  if (!expect_kind(p, n, YNODE_MAPPING, "'settings'"))
    return;
  prog->settings = arena_alloc(p->arena, n->count * sizeof *prog->settings);
  for (size_t i = 0; i < n->count; i++) {
    const YNode *v = n->pairs[i].value;
    if (!expect_kind(p, v, YNODE_SCALAR, "a setting"))
      continue;
    if (!v->quoted &&
        v->scalar == YSCALAR_NULL) { /* `key: null` is not the text 'null' */
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, v->pos, "bad-setting",
                         "setting '%s' is null", n->pairs[i].key->text);
      diag_hint(d, "give it a value, or remove it to use the default");
      continue;
    }
    prog->settings[prog->setting_count++] =
        (Setting){n->pairs[i].key->text, v->text, v->pos};
  }
}

/* Skips "./" and repeated slashes, so "./a.sql" and "a.sql" compare equal. */
static const char *skip_dot_slash(const char *path) {
  for (;;) {
    if (path[0] == '.' && path[1] == '/')
      path += 2;
    else if (path[0] == '/' && path[1] == '/')
      path++;
    else
      return path;
  }
}

/* Why a declared output path is refused, or NULL. Paths stay inside the
 * filters file's directory tree: a filters file changed in a pull request
 * must not be able to make `filterc generate` write anywhere else, nor over
 * itself. */
static const char *bad_output_path(const char *path, const char *filters_file) {
  if (!path[0])
    return "is empty";
  if (path[0] == '/')
    return "is absolute; write it relative to the filters file";
  for (const char *c = path;;) {
    const char *end = strchr(c, '/');
    size_t n = end ? (size_t)(end - c) : strlen(c);
    if (n == 2 && c[0] == '.' && c[1] == '.')
      return "has a '..' component; outputs stay beside or below the filters file";
    if (!end)
      break;
    c = end + 1;
  }
  if (path[strlen(path) - 1] == '/')
    return "names a directory, not a file";
  const char *base = strrchr(filters_file, '/');
  if (strcmp(skip_dot_slash(path), base ? base + 1 : filters_file) == 0)
    return "is the filters file itself";
  return NULL;
}

static void hint_env_names(Parser *p, Diag *d, const char *name) {
  const Program *prog = p->program;
  const char **names = arena_alloc(p->arena, (prog->env_count + 1) * sizeof *names);
  for (size_t i = 0; i < prog->env_count; i++)
    names[i] = prog->envs[i].name;
  names[prog->env_count] = NULL;
  const char *guess = suggest_closest(name, names, prog->env_count);
  if (guess)
    diag_hint(d, "did you mean '%s'?", guess);
  else if (prog->env_count == 0)
    diag_hint(d, "declare it under a top-level environments: map");
}

/* A string, number or boolean scalar of an environment, as its text:
 * `properties: {retries: 3}` means the same as `retries: '3'`. */
static const char *env_scalar(Parser *p, const YNode *n, const char *what) {
  if (n->kind != YNODE_SCALAR || n->scalar == YSCALAR_NULL) {
    diag_add(p->diags, SEV_ERROR, p->file, n->pos, "wrong-node-kind",
             "%s must be a string, not %s", what, ynode_kind_name(n));
    return NULL;
  }
  return n->text;
}

static const char *env_string(Parser *p, const YNode *map, const char *key, SrcPos *pos) {
  const YNode *n = ynode_get(map, key);
  if (!n)
    return NULL;
  if (pos)
    *pos = n->pos;
  char what[64];
  snprintf(what, sizeof what, "'%s'", key);
  return env_scalar(p, n, what);
}

static void env_options(Parser *p, const YNode *map, const char *key, EnvOptions *out) {
  const YNode *n = ynode_get(map, key);
  if (!n)
    return;
  char what[64];
  snprintf(what, sizeof what, "'%s'", key);
  if (!expect_kind(p, n, YNODE_MAPPING, what))
    return;
  out->items = arena_alloc(p->arena, (n->count ? n->count : 1) * sizeof *out->items);
  for (size_t i = 0; i < n->count; i++) {
    const char *v = env_scalar(p, n->pairs[i].value, "an option value");
    if (v)
      out->items[out->count++] = (EnvOption){
          n->pairs[i].key->text, v, n->pairs[i].key->pos, n->pairs[i].value->pos};
  }
}

static void parse_env(Parser *p, const YNode *key, const YNode *n, Environment *env) {
  *env = (Environment){.name = key->text, .pos = key->pos};
  if (!expect_kind(p, n, YNODE_MAPPING, "an environment"))
    return;
  check_keys(p, n, ENV_KEYS, "an environment");
  SrcPos pos = n->pos;
  const char *target = env_string(p, n, "target", &pos);
  if (!target && !ynode_get(n, "target")) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, key->pos, "missing-key",
                       "environment '%s' has no 'target'", env->name);
    diag_hint(d, "target: confluent (Confluent Cloud) or flink (self-managed)");
  } else if (target && target_from_name(target, &env->target) != 0) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-target",
                       "unknown target '%s'", target);
    const char *const *names = target_names();
    const char *guess = suggest_closest(target, names, count_words(names));
    diag_hint(d, guess ? "did you mean '%s'?" : "use confluent or flink%s",
              guess ? guess : "");
  }
  const char *variant = env_string(p, n, "variant", &pos);
  if (variant && variant_from_name(variant, &env->variant) != 0)
    diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-variant",
             "'variant' must be normal or no-op");
  const YNode *source = ynode_get(n, "source");
  if (source && expect_kind(p, source, YNODE_MAPPING, "'source'")) {
    check_keys(p, source, ENV_SOURCE_KEYS, "an environment's source");
    env->source_topic = env_string(p, source, "topic", NULL);
    env->json_column = env_string(p, source, "json_column", NULL);
  }
  const YNode *topics = ynode_get(n, "topics");
  if (topics && expect_kind(p, topics, YNODE_MAPPING, "'topics'")) {
    check_keys(p, topics, ENV_TOPICS_KEYS, "an environment's topics");
    env->topic_prefix = env_string(p, topics, "prefix", NULL);
    env->topic_suffix = env_string(p, topics, "suffix", NULL);
  }
  const YNode *k = ynode_get(n, "key");
  if (k && !(k->kind == YNODE_SCALAR && k->scalar == YSCALAR_NULL)) {
    env->key = env_scalar(p, k, "'key'");
    env->key_pos = k->pos;
  }
  env->startup_mode = env_string(p, n, "startup_mode", NULL);
  env->sink_partitioner = env_string(p, n, "sink_partitioner", NULL);
  const YNode *eh = ynode_get(n, "error_handling");
  if (eh && expect_kind(p, eh, YNODE_MAPPING, "'error_handling'")) {
    check_keys(p, eh, ENV_ERROR_KEYS, "error_handling");
    static const char *const modes[] = {"fail", "ignore", "log", NULL};
    const char *mode = env_string(p, eh, "mode", &pos);
    env->error_log_target = env_string(p, eh, "log_target", NULL);
    if (mode) {
      size_t i = 0;
      while (modes[i] && strcmp(modes[i], mode) != 0)
        i++;
      if (!modes[i]) {
        Diag *d = diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-setting",
                           "error_handling mode '%s' is not fail, ignore or log", mode);
        const char *guess = suggest_closest(mode, modes, 3);
        if (guess)
          diag_hint(d, "did you mean '%s'?", guess);
      } else
        env->error_mode = (ErrorMode)(i + 1);
    }
    if (env->error_log_target && env->error_mode != ERROR_MODE_LOG)
      diag_add(p->diags, SEV_ERROR, p->file, eh->pos, "bad-setting",
               "error_handling log_target needs mode: log");
  }
  env_options(p, n, "properties", &env->properties);
  env_options(p, n, "source_options", &env->source_options);
  env_options(p, n, "sink_options", &env->sink_options);
}

/* `environments:` NAME: {...}: the deployments one filters file serves. */
static void parse_envs(Parser *p, const YNode *n) {
  Program *prog = p->program;
  if (!expect_kind(p, n, YNODE_MAPPING, "'environments'"))
    return;
  prog->envs = arena_alloc(p->arena, (n->count ? n->count : 1) * sizeof *prog->envs);
  for (size_t i = 0; i < n->count; i++)
    parse_env(p, n->pairs[i].key, n->pairs[i].value, &prog->envs[prog->env_count++]);
}

static bool parse_output(Parser *p, const YNode *n, OutputDecl *out) {
  if (!expect_kind(p, n, YNODE_MAPPING, "an outputs entry"))
    return false;
  check_keys(p, n, OUTPUT_KEYS, "an outputs entry");
  *out = (OutputDecl){.pos = n->pos};
  bool ok = true;
  SrcPos pos = n->pos;
  out->path = get_string(p, n, "path", &pos);
  if (!out->path) {
    if (!ynode_get(n, "path")) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "missing-key",
                         "an outputs entry has no 'path'");
      diag_hint(d, "the SQL file to write, relative to the filters file");
    }
    ok = false;
  } else {
    const char *why = bad_output_path(out->path, p->file);
    if (why) {
      diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-output-path",
               "output path '%s' %s", out->path, why);
      ok = false;
    }
  }
  out->env = get_string(p, n, "env", &pos);
  if (out->env) {
    const Environment *env = program_env(p->program, out->env);
    if (!env) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, pos, "unknown-env",
                         "no environment '%s' under environments:", out->env);
      hint_env_names(p, d, out->env);
      return false;
    }
    if (ynode_get(n, "target") || ynode_get(n, "variant")) {
      diag_add(p->diags, SEV_ERROR, p->file, pos, "conflicting-keys",
               "an outputs entry with 'env' takes its target and variant from the "
               "environment");
      return false;
    }
    out->target = env->target;
    out->variant = env->variant;
    return ok;
  }
  const char *target = get_string(p, n, "target", &pos);
  if (!target) {
    if (!ynode_get(n, "target")) {
      Diag *d = diag_add(p->diags, SEV_ERROR, p->file, n->pos, "missing-key",
                         "an outputs entry has no 'target'");
      diag_hint(d, "target: confluent (Confluent Cloud) or flink (self-managed)");
    }
    ok = false;
  } else if (target_from_name(target, &out->target) != 0) {
    Diag *d = diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-target",
                       "unknown target '%s'", target);
    const char *const *names = target_names();
    const char *guess = suggest_closest(target, names, count_words(names));
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
    else
      diag_hint(d, "use confluent or flink");
    ok = false;
  }
  const char *variant = get_string(p, n, "variant", &pos);
  if (variant && variant_from_name(variant, &out->variant) != 0) {
    diag_add(p->diags, SEV_ERROR, p->file, pos, "bad-variant",
             "'variant' must be normal or no-op");
    ok = false;
  } else if (!variant && ynode_get(n, "variant"))
    ok = false;
  return ok;
}

/* `outputs:` declares the SQL files generated from this file, so that
 * `filterc generate FILE` and `--check FILE` need no per-file flags. */
static void parse_outputs(Parser *p, const YNode *n) {
  Program *prog = p->program;
  if (!expect_kind(p, n, YNODE_SEQUENCE, "'outputs'"))
    return;
  prog->outputs =
      arena_alloc(p->arena, (n->count ? n->count : 1) * sizeof *prog->outputs);
  for (size_t i = 0; i < n->count; i++) {
    OutputDecl *o = &prog->outputs[prog->output_count];
    if (!parse_output(p, n->items[i], o))
      continue;
    bool duplicate = false;
    for (size_t k = 0; k < prog->output_count && !duplicate; k++)
      duplicate =
          strcmp(skip_dot_slash(prog->outputs[k].path), skip_dot_slash(o->path)) == 0;
    if (duplicate) {
      diag_add(p->diags, SEV_ERROR, p->file, o->pos, "duplicate-output",
               "output '%s' is declared twice", o->path);
      continue;
    }
    prog->output_count++;
  }
}

Program *program_parse(const SourceFile *sf, DiagList *diags) {
  Program *prog = calloc(1, sizeof *prog);
  if (!prog)
    abort();
  arena_init(&prog->arena);
  prog->file = sf->path;
  Parser p = {.program = prog, .arena = &prog->arena, .file = sf->path, .diags = diags};
  YNode *root = NULL;
  int loaded = json_tree_wanted(sf->path)
                   ? json_load_tree(&prog->arena, sf, &YAML_DEFAULT_LIMITS, diags, &root)
                   : yaml_load_tree(&prog->arena, sf, &YAML_DEFAULT_LIMITS, diags, &root);
  if (loaded != 0) {
    program_free(prog);
    return NULL;
  }
  if (!root) {
    diag_add(diags, SEV_ERROR, sf->path, (SrcPos){1, 1}, "empty-file",
             "the file holds no filters");
    return prog;
  }
  const YNode *list = root;
  if (root->kind == YNODE_MAPPING) {
    check_keys(&p, root, ROOT_KEYS, "the top level");
    const YNode *settings = ynode_get(root, "settings");
    if (settings)
      parse_settings(&p, settings);
    const YNode *envs = ynode_get(root, "environments");
    if (envs)
      parse_envs(&p, envs);
    const YNode *outputs = ynode_get(root, "outputs");
    if (outputs)
      parse_outputs(&p, outputs);
    list = ynode_get(root, "filters");
    if (!list) {
      Diag *d = diag_add(diags, SEV_ERROR, sf->path, root->pos, "missing-key",
                         "no 'filters' list at the top level");
      diag_hint(d, "start the file with 'filters:' followed by a list");
      return prog;
    }
  }
  if (!expect_kind(&p, list, YNODE_SEQUENCE, "'filters'"))
    return prog;
  if (list->count == 0)
    diag_add(diags, SEV_WARNING, sf->path, list->pos, "no-filters",
             "the filters list is empty");
  prog->filters = arena_alloc(&prog->arena, list->count * sizeof *prog->filters);
  for (size_t i = 0; i < list->count; i++) {
    Filter *f = &prog->filters[prog->filter_count];
    memset(f, 0, sizeof *f);
    if (parse_filter(&p, list->items[i], f))
      prog->filter_count++;
  }
  return prog;
}

void program_free(Program *program) {
  if (!program)
    return;
  for (size_t i = 0; i < program->regex_count; i++)
    pcre2_code_free(program->regexes[i]);
  free(program->regexes);
  arena_free(&program->arena);
  free(program);
}
