#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "termtext.h"

typedef struct Lines {
  const char **start;
  size_t *len; /* without the line break */
  size_t count;
} Lines;

static Lines split_lines(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    count += s[i] == '\n';
  count += n > 0 && s[n - 1] != '\n';
  Lines l = {malloc((count ? count : 1) * sizeof *l.start),
             malloc((count ? count : 1) * sizeof *l.len), 0};
  if (!l.start || !l.len)
    abort();
  const char *p = s, *end = s + n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    l.start[l.count] = p;
    l.len[l.count++] = (size_t)(e - p);
    p = nl ? nl + 1 : end;
  }
  return l;
}

static int same_line(const Lines *a, size_t i, const Lines *b, size_t k) {
  return a->len[i] == b->len[k] && memcmp(a->start[i], b->start[k], a->len[i]) == 0;
}

static void print_lines(FILE *out, char mark, const Lines *l, size_t from, size_t to,
                        size_t *budget) {
  for (size_t i = from; i < to; i++) {
    if (*budget == 0) {
      fprintf(out, "%c... (%zu more lines)\n", mark, to - i);
      return;
    }
    term_printf(out, "%c%.*s\n", mark, (int)l->len[i], l->start[i]); /* file text */
    (*budget)--;
  }
}

int print_short_diff(FILE *out, const char *a_name, const char *a, size_t a_len,
                     const char *b_name, const char *b, size_t b_len, size_t max_lines) {
  if (a_len == b_len && memcmp(a, b, a_len) == 0)
    return 0;
  Lines la = split_lines(a, a_len), lb = split_lines(b, b_len);
  size_t pre = 0;
  while (pre < la.count && pre < lb.count && same_line(&la, pre, &lb, pre))
    pre++;
  size_t suf = 0;
  while (suf < la.count - pre && suf < lb.count - pre &&
         same_line(&la, la.count - 1 - suf, &lb, lb.count - 1 - suf))
    suf++;
  size_t ctx = 3;
  size_t from = pre > ctx ? pre - ctx : 0;
  size_t a_to = la.count - suf, b_to = lb.count - suf;
  size_t a_end = a_to + (suf < ctx ? suf : ctx), b_end = b_to + (suf < ctx ? suf : ctx);
  term_printf(out, "--- %s\n+++ %s\n", a_name, b_name);
  fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", from + 1, a_end - from, from + 1,
          b_end - from);
  size_t budget = max_lines;
  size_t unlimited = (size_t)-1;
  print_lines(out, ' ', &la, from, pre, &unlimited);
  print_lines(out, '-', &la, pre, a_to, &budget);
  print_lines(out, '+', &lb, pre, b_to, &budget);
  print_lines(out, ' ', &la, a_to, a_end, &unlimited);
  if (a_len != b_len && la.count == lb.count && pre == la.count)
    fputs("(the files differ only in their final line break)\n", out);
  free(la.start);
  free(la.len);
  free(lb.start);
  free(lb.len);
  return 1;
}
