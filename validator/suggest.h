/* "Did you mean" suggestions by edit distance. */
#ifndef FILTERC_SUGGEST_H
#define FILTERC_SUGGEST_H

#include <stddef.h>

/* Damerau-Levenshtein (optimal string alignment) distance, capped at
 * `limit + 1` so long strings cost little. */
size_t edit_distance(const char *a, const char *b, size_t limit);

/* The closest candidate within a distance that grows with the word's length
 * (a third of it, at least 1, at most 4), or NULL. Case differences count
 * as half an edit, so `eventtype` finds `eventType`. */
const char *suggest_closest(const char *word, const char *const *candidates,
                            size_t count);

#endif
