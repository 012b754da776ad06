#include "testfile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

static const char *const FILE_KEYS[] = {"filters", "variant", "cases", NULL};
static const char *const CASE_KEYS[] = {"name",       "events",         "topics",
                                        "must_reach", "must_not_reach", NULL};
static const char *const EVENTS_FILE_KEYS[] = {"file", NULL};

typedef struct Reader {
  const char *file;
  DiagList *diags;
  size_t errors;
} Reader;

static Diag *error(Reader *r, SrcPos pos, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static Diag *error(Reader *r, SrcPos pos, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *d = diag_addv(r->diags, SEV_ERROR, r->file, pos, code, fmt, ap);
  va_end(ap);
  r->errors++;
  return d;
}

static size_t count_words(const char *const *words) {
  size_t n = 0;
  while (words[n])
    n++;
  return n;
}

static void check_keys(Reader *r, const YNode *map, const char *const *allowed,
                       const char *what) {
  for (size_t i = 0; i < map->count; i++) {
    const YNode *key = map->pairs[i].key;
    bool known = false;
    for (const char *const *k = allowed; *k; k++)
      known |= strcmp(*k, key->text) == 0;
    if (known)
      continue;
    Diag *d =
        error(r, key->pos, "unknown-key", "unknown key '%s' in %s", key->text, what);
    const char *guess = suggest_closest(key->text, allowed, count_words(allowed));
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
  }
}

static const char *kind_wanted(YNodeKind kind) {
  switch (kind) {
  case YNODE_SCALAR:
    return "a scalar";
  case YNODE_SEQUENCE:
    return "a list";
  case YNODE_MAPPING:
    return "a mapping";
  }
  return "?";
}

static bool expect_kind(Reader *r, const YNode *n, YNodeKind kind, const char *what) {
  if (n->kind == kind)
    return true;
  error(r, n->pos, "wrong-node-kind", "%s must be %s, not %s", what, kind_wanted(kind),
        ynode_kind_name(n));
  return false;
}

/* A string scalar (a topic, a path, a name). Numbers and booleans count
 * only when quoted, as in the filters file. */
static bool expect_string(Reader *r, const YNode *n, const char *what) {
  if (!expect_kind(r, n, YNODE_SCALAR, what))
    return false;
  if (n->scalar == YSCALAR_STRING || n->quoted)
    return true;
  error(r, n->pos, "wrong-node-kind", "%s must be a string, not %s", what,
        ynode_kind_name(n));
  return false;
}

static void read_topics(Reader *r, const YNode *c, const char *key, TopicList *out) {
  const YNode *n = ynode_get(c, key);
  *out = (TopicList){0};
  if (!n)
    return;
  out->node = n;
  char what[64];
  snprintf(what, sizeof what, "'%s'", key);
  if (!expect_kind(r, n, YNODE_SEQUENCE, what))
    return;
  out->items = calloc(n->count + 1, sizeof *out->items);
  snprintf(what, sizeof what, "a topic in '%s'", key);
  for (size_t i = 0; i < n->count; i++)
    if (expect_string(r, n->items[i], what))
      out->items[out->count++] = n->items[i];
}

/* An inline event is a mapping or a string holding a JSON object. */
static void check_event(Reader *r, const YNode *ev) {
  if (ev->kind == YNODE_MAPPING)
    return;
  if (ev->kind == YNODE_SEQUENCE || ev->scalar != YSCALAR_STRING) {
    Diag *d = error(r, ev->pos, "bad-event", "an event must be an object, not %s",
                    ynode_kind_name(ev));
    diag_hint(d, "write a mapping ({id: e1, event_type: X}) or a JSON object string");
    return;
  }
  json_error_t je;
  json_t *j = json_loadb(ev->text, ev->len, JSON_REJECT_DUPLICATES, &je);
  if (!j) {
    /* jansson counts from 1 within the string; the string's own position
     * is the best anchor in the YAML (quoting shifts the columns). */
    error(r, ev->pos, "bad-event", "an event string is not valid JSON: %s (at %d:%d)",
          je.text, je.line, je.column);
    return;
  }
  if (!json_is_object(j))
    error(r, ev->pos, "bad-event", "an event must be a JSON object, not a JSON %s",
          json_is_array(j) ? "array" : "scalar");
  json_decref(j);
}

static void read_case(Reader *r, const YNode *c, size_t index, TestCase *tc) {
  tc->pos = c->pos;
  const YNode *name = ynode_get(c, "name");
  if (name && expect_string(r, name, "'name'"))
    tc->name = name->text;
  if (!tc->name || !tc->name[0]) {
    tc->owned_name = malloc(32);
    snprintf(tc->owned_name, 32, "case %zu", index + 1);
    tc->name = tc->owned_name;
  }
  check_keys(r, c, CASE_KEYS, "a test case");
  read_topics(r, c, "topics", &tc->topics);
  read_topics(r, c, "must_reach", &tc->must_reach);
  read_topics(r, c, "must_not_reach", &tc->must_not_reach);
  if (tc->topics.node && (tc->must_reach.node || tc->must_not_reach.node)) {
    const YNode *other =
        tc->must_reach.node ? tc->must_reach.node : tc->must_not_reach.node;
    Diag *d = error(r, other->pos, "conflicting-keys",
                    "'topics' (exactly these topics) and '%s' exclude each other",
                    tc->must_reach.node ? "must_reach" : "must_not_reach");
    diag_hint(d, "keep 'topics', or replace it by 'must_reach' and 'must_not_reach'");
  } else if (!tc->topics.node && !tc->must_reach.node && !tc->must_not_reach.node) {
    Diag *d =
        error(r, c->pos, "missing-key", "test case '%s' has no expectation", tc->name);
    diag_hint(d, "add 'topics: [...]' (exactly these; [] for none), or "
                 "'must_reach' and/or 'must_not_reach'");
  }
  const YNode *events = ynode_get(c, "events");
  if (!events) {
    error(r, c->pos, "missing-key", "test case '%s' has no 'events'", tc->name);
    return;
  }
  tc->events_pos = events->pos;
  if (events->kind == YNODE_MAPPING) {
    check_keys(r, events, EVENTS_FILE_KEYS, "'events'");
    const YNode *file = ynode_get(events, "file");
    if (!file)
      error(r, events->pos, "missing-key", "'events' as a mapping needs 'file: PATH'");
    else if (expect_string(r, file, "'file'"))
      tc->events_file = file->text;
    return;
  }
  if (events->kind == YNODE_SCALAR) {
    Diag *d =
        error(r, events->pos, "wrong-node-kind",
              "'events' must be a list or {file: PATH}, not %s", ynode_kind_name(events));
    diag_hint(d, "write events: [{...}] or events: {file: samples.jsonl}");
    return;
  }
  if (events->count == 0) {
    error(r, events->pos, "missing-value",
          "'events' is an empty list: the case tests "
          "nothing");
    return;
  }
  tc->events = events;
  for (size_t i = 0; i < events->count; i++)
    check_event(r, events->items[i]);
}

size_t testfile_read(TestFile *tf, const char *path, const YNode *root, DiagList *diags) {
  *tf = (TestFile){.path = path};
  Reader r = {path, diags, 0};
  SrcPos top = {1, 1};
  if (!root) {
    error(&r, (SrcPos){0, 0}, "missing-key",
          "the test file is empty: it needs 'filters: FILE' and 'cases: [...]'");
    return r.errors;
  }
  if (!expect_kind(&r, root, YNODE_MAPPING, "a test file"))
    return r.errors;
  check_keys(&r, root, FILE_KEYS, "a test file");
  const YNode *filters = ynode_get(root, "filters");
  if (!filters)
    error(&r, top, "missing-key", "the test file has no 'filters: FILE'");
  else if (expect_string(&r, filters, "'filters'")) {
    tf->filters = filters->text;
    tf->filters_pos = filters->pos;
  }
  const YNode *variant = ynode_get(root, "variant");
  if (variant && expect_string(&r, variant, "'variant'")) {
    if (variant_from_name(variant->text, &tf->variant) != 0)
      error(&r, variant->pos, "bad-variant", "variant must be normal or no-op, not '%s'",
            variant->text);
    else
      tf->has_variant = true;
  }
  const YNode *cases = ynode_get(root, "cases");
  if (!cases) {
    error(&r, top, "missing-key", "the test file has no 'cases: [...]'");
    return r.errors;
  }
  if (!expect_kind(&r, cases, YNODE_SEQUENCE, "'cases'"))
    return r.errors;
  if (cases->count == 0)
    error(&r, cases->pos, "missing-value", "'cases' is an empty list");
  tf->cases = calloc(cases->count + 1, sizeof *tf->cases);
  for (size_t i = 0; i < cases->count; i++) {
    const YNode *c = cases->items[i];
    if (!expect_kind(&r, c, YNODE_MAPPING, "a test case"))
      continue;
    read_case(&r, c, i, &tf->cases[tf->case_count++]);
  }
  return r.errors;
}

/* ---- topics ------------------------------------------------------------ */

static void check_list(Reader *r, const TopicList *l, const char *const *topics,
                       size_t topic_count) {
  for (size_t i = 0; i < l->count; i++) {
    const char *t = l->items[i]->text;
    bool known = false;
    for (size_t k = 0; k < topic_count && !known; k++)
      known = strcmp(topics[k], t) == 0;
    if (known)
      continue;
    Diag *d = error(r, l->items[i]->pos, "unknown-topic",
                    "no route of the filters writes topic '%s'", t);
    const char *guess = suggest_closest(t, topics, topic_count);
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
  }
}

size_t testfile_check_topics(const TestFile *tf, const Program *program,
                             DiagList *diags) {
  Reader r = {tf->path, diags, 0};
  size_t n = 0;
  for (size_t f = 0; f < program->filter_count; f++)
    n += program->filters[f].route_count;
  const char **topics = calloc(n + 1, sizeof *topics);
  n = 0;
  for (size_t f = 0; f < program->filter_count; f++)
    for (size_t k = 0; k < program->filters[f].route_count; k++)
      if (program->filters[f].routes[k].topic)
        topics[n++] = program->filters[f].routes[k].topic;
  for (size_t i = 0; i < tf->case_count; i++) {
    check_list(&r, &tf->cases[i].topics, topics, n);
    check_list(&r, &tf->cases[i].must_reach, topics, n);
    check_list(&r, &tf->cases[i].must_not_reach, topics, n);
  }
  free(topics);
  return r.errors;
}

void testfile_free(TestFile *tf) {
  for (size_t i = 0; i < tf->case_count; i++) {
    free(tf->cases[i].owned_name);
    free(tf->cases[i].topics.items);
    free(tf->cases[i].must_reach.items);
    free(tf->cases[i].must_not_reach.items);
  }
  free(tf->cases);
  *tf = (TestFile){0};
}
