/* A short unified-style diff for `filterc generate --check`: enough for a
 * CI log to show what is stale, not a general diff tool. */
#ifndef FILTERC_DIFF_H
#define FILTERC_DIFF_H

#include <stddef.h>
#include <stdio.h>

/* Prints one hunk covering every line between the common prefix and the
 * common suffix of `a` and `b`, with up to 3 lines of context and at most
 * `max_lines` changed lines shown. Returns 0 when a and b are identical
 * (and prints nothing), 1 otherwise. */
int print_short_diff(FILE *out, const char *a_name, const char *a, size_t a_len,
                     const char *b_name, const char *b, size_t b_len, size_t max_lines);

#endif
