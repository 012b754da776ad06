#include "suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t edit_distance(const char *a, const char *b, size_t limit) {
  size_t n = strlen(a), m = strlen(b);
  if ((n > m ? n - m : m - n) > limit)
    return limit + 1;
  /* three rows for the transposition case */
  size_t *rows = malloc(3 * (m + 1) * sizeof *rows);
  if (!rows)
    abort();
  size_t *prev2 = rows, *prev = rows + m + 1, *cur = rows + 2 * (m + 1);
  for (size_t j = 0; j <= m; j++)
    prev[j] = j;
  for (size_t i = 1; i <= n; i++) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = prev[j] + 1;
      if (cur[j - 1] + 1 < best)
        best = cur[j - 1] + 1;
      if (prev[j - 1] + cost < best)
        best = prev[j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < best)
        best = prev2[j - 2] + 1;
      cur[j] = best;
      if (best < row_min)
        row_min = best;
    }
    size_t *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
    if (row_min > limit) {
      free(rows);
      return limit + 1;
    }
  }
  size_t d = prev[m];
  free(rows);
  return d;
}

static char *lowered(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  if (!out)
    abort();
  for (size_t i = 0; i <= n; i++)
    out[i] = (char)tolower((unsigned char)s[i]);
  return out;
}

const char *suggest_closest(const char *word, const char *const *candidates,
                            size_t count) {
  size_t len = strlen(word);
  size_t limit = len / 3;
  if (limit < 1)
    limit = 1;
  if (limit > 4)
    limit = 4;
  char *lw = lowered(word);
  const char *best = NULL;
  size_t best_score = (size_t)-1; /* in half edits */
  for (size_t i = 0; i < count; i++) {
    if (!candidates[i] || strcmp(candidates[i], word) == 0)
      continue;
    char *lc = lowered(candidates[i]);
    size_t folded = edit_distance(lw, lc, limit);
    free(lc);
    if (folded > limit)
      continue;
    size_t exact = edit_distance(word, candidates[i], limit + 4);
    size_t score = 2 * folded + (exact > folded ? 1 : 0);
    if (score < best_score) {
      best_score = score;
      best = candidates[i];
    }
  }
  free(lw);
  return best;
}
