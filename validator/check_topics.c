/* Topics and filter ids: Kafka's topic-name rules, a route into the source
 * topic, duplicate topics and '.' versus '_' collisions, and filter ids that
 * are malformed or used twice. Separate because these checks read the whole
 * file's routes at once, not one condition. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "typecheck.h"

const char *kafka_topic_problem(const char *topic) {
  size_t n = strlen(topic);
  if (n == 0)
    return "is empty";
  if (n > 249)
    return "is longer than 249 characters";
  if (!strcmp(topic, ".") || !strcmp(topic, ".."))
    return "cannot be '.' or '..'";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)topic[i];
    if (!isalnum(c) && c != '.' && c != '_' && c != '-')
      return "may contain only ASCII letters, digits, '.', '_' and '-'";
  }
  return NULL;
}

static bool valid_filter_id(const char *id) {
  if (!*id)
    return false;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return false;
  return true;
}

typedef struct TopicUse {
  const char *topic;
  char *folded; /* '.' -> '_' for the metric-name collision check */
  const Route *route;
} TopicUse;

static int compare_topic_use(const void *pa, const void *pb) {
  const TopicUse *a = pa, *b = pb;
  int c = strcmp(a->folded, b->folded);
  if (c)
    return c;
  c = strcmp(a->topic, b->topic);
  if (c)
    return c;
  if (a->route->topic_pos.line != b->route->topic_pos.line)
    return a->route->topic_pos.line < b->route->topic_pos.line ? -1 : 1;
  return (a->route->topic_pos.col > b->route->topic_pos.col) -
         (a->route->topic_pos.col < b->route->topic_pos.col);
}

void tc_check_topics(Checker *ck) {
  Program *p = ck->program;
  size_t total = 0;
  for (size_t i = 0; i < p->filter_count; i++)
    total += p->filters[i].route_count;
  TopicUse *uses = calloc(total ? total : 1, sizeof *uses);
  if (!uses)
    abort();
  size_t n = 0;
  for (size_t i = 0; i < p->filter_count; i++)
    for (size_t r = 0; r < p->filters[i].route_count; r++) {
      const Route *route = &p->filters[i].routes[r];
      const char *why = kafka_topic_problem(route->topic);
      if (why) {
        Diag *d = tc_report(ck, SEV_ERROR, route->topic_pos, "bad-topic",
                            "topic name '%s' %s", route->topic, why);
        diag_hint(d, "Kafka topic names use [a-zA-Z0-9._-], 1 to 249 characters");
        continue;
      }
      if (strcmp(route->topic, ck->schema->topic) == 0) {
        tc_report(ck, SEV_ERROR, route->topic_pos, "bad-topic",
                  "routing into the source topic '%s' would feed events back into "
                  "the filter",
                  route->topic);
        continue;
      }
      char *folded = arena_strdup(ck->arena, route->topic);
      for (char *q = folded; *q; q++)
        if (*q == '.')
          *q = '_';
      uses[n++] = (TopicUse){route->topic, folded, route};
    }
  qsort(uses, n, sizeof *uses, compare_topic_use);
  for (size_t i = 1; i < n; i++) {
    if (strcmp(uses[i].folded, uses[i - 1].folded) != 0)
      continue;
    const Route *first = uses[i - 1].route, *again = uses[i].route;
    if (strcmp(uses[i].topic, uses[i - 1].topic) == 0) {
      Diag *d = tc_report(ck, SEV_ERROR, again->topic_pos, "duplicate-topic",
                          "topic '%s' is already written by filter '%s' (line %u)",
                          again->topic, first->filter->id ? first->filter->id : "?",
                          first->topic_pos.line);
      diag_hint(d, "give each route its own topic, or merge the conditions into "
                   "one filter with an 'any:' group");
    } else {
      tc_report(ck, SEV_WARNING, again->topic_pos, "topic-collision",
                "topics '%s' and '%s' differ only in '.' versus '_', which collide "
                "in Kafka metric names",
                first->topic, again->topic);
    }
  }
  free(uses);
}

static int compare_filter_ids(const void *pa, const void *pb) {
  const Filter *a = *(const Filter *const *)pa, *b = *(const Filter *const *)pb;
  int c = strcmp(a->id, b->id);
  if (c)
    return c;
  return (a->pos.line > b->pos.line) - (a->pos.line < b->pos.line);
}

void tc_check_filter_ids(Checker *ck) {
  Program *p = ck->program;
  Filter **sorted = calloc(p->filter_count ? p->filter_count : 1, sizeof *sorted);
  if (!sorted)
    abort();
  size_t n = 0;
  for (size_t i = 0; i < p->filter_count; i++) {
    Filter *f = &p->filters[i];
    if (!f->id)
      continue;
    if (!valid_filter_id(f->id)) {
      Diag *d = tc_report(ck, SEV_ERROR, f->id_pos, "bad-id",
                          "filter id '%s' must match ^[a-z0-9-]+$", f->id);
      diag_hint(d, "use lowercase letters, digits and hyphens");
    }
    sorted[n++] = f;
  }
  qsort(sorted, n, sizeof *sorted, compare_filter_ids);
  for (size_t i = 1; i < n; i++)
    if (strcmp(sorted[i]->id, sorted[i - 1]->id) == 0) {
      Diag *d = tc_report(ck, SEV_ERROR, sorted[i]->id_pos, "duplicate-id",
                          "filter id '%s' is already used", sorted[i]->id);
      diag_hint(d, "first used at line %u", sorted[i - 1]->id_pos.line);
    }
  free(sorted);
}
