/* REGEXP(str, pattern) for `matches`: a find, not a full match, of the
 * PCRE2 translation of the Java pattern (validator/regex_java.c). Every
 * match runs under PCRE2's match, depth and heap limits, so a pathological
 * pattern costs bounded time and memory; a match that hits a limit is
 * UNKNOWN (the row is not routed) and counted, never a hang, and the CLI
 * reports it as RT_REGEX_LIMIT_OUTCOME. */
#include "filterc_runtime.h"

int rt_matcher_init(RtMatcher *m) {
  m->limit_hits = 0;
  m->data = pcre2_match_data_create(1, NULL); /* a find needs one pair */
  m->context = pcre2_match_context_create(NULL);
  if (!m->data || !m->context) {
    rt_matcher_free(m);
    return -1;
  }
  pcre2_set_match_limit(m->context, RT_REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit(m->context, RT_REGEX_DEPTH_LIMIT);
  pcre2_set_heap_limit(m->context, RT_REGEX_HEAP_LIMIT_KIB);
  return 0;
}

void rt_matcher_free(RtMatcher *m) {
  pcre2_match_data_free(m->data);
  pcre2_match_context_free(m->context);
  m->data = NULL;
  m->context = NULL;
}

RtTruth rt_matcher_find(RtMatcher *m, const pcre2_code *re, const char *subject,
                        size_t len) {
  int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, 0, m->data, m->context);
  if (rc >= 0)
    return RT_TRUE;
  if (rc == PCRE2_ERROR_NOMATCH)
    return RT_FALSE;
  /* limits, or a subject that is not UTF-8 (cannot come from valid JSON) */
  m->limit_hits++;
  return RT_UNKNOWN;
}
