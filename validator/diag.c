#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap) {
  if (!fmt) /* never passed, but UBSan builds of GCC 12 cannot prove it */
    fmt = "";
  va_list copy;
  va_copy(copy, ap);
  char probe[1];
  int n = vsnprintf(probe, sizeof probe, fmt, copy);
  va_end(copy);
  if (n < 0)
    n = 0;
  char *s = malloc((size_t)n + 1);
  if (!s)
    abort();
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

/* Messages quote user text (keys, values); a 1 MB key must not become a
 * 1 MB message. Cuts at a UTF-8 character boundary. */
static void shorten(char *message) {
  enum { MAX_MESSAGE = 400 };
  if (strlen(message) <= MAX_MESSAGE)
    return;
  size_t cut = MAX_MESSAGE - 3;
  while (cut > 0 && ((unsigned char)message[cut] & 0xC0) == 0x80)
    cut--;
  memcpy(message + cut, "...", 4);
}

void diag_list_init(DiagList *list) {
  memset(list, 0, sizeof *list);
}

void diag_list_free(DiagList *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].message);
    free(list->items[i].hint);
  }
  free(list->items);
  memset(list, 0, sizeof *list);
}

Diag *diag_add(DiagList *list, Severity sev, const char *file, SrcPos pos,
               const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *d = diag_addv(list, sev, file, pos, code, fmt, ap);
  va_end(ap);
  return d;
}

Diag *diag_addv(DiagList *list, Severity sev, const char *file, SrcPos pos,
                const char *code, const char *fmt, va_list ap) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 16;
    Diag *items = realloc(list->items, cap * sizeof *items);
    if (!items)
      abort();
    list->items = items;
    list->cap = cap;
  }
  Diag *d = &list->items[list->count];
  d->severity = sev;
  d->file = file;
  d->pos = pos;
  d->code = code;
  d->hint = NULL;
  d->seq = list->count;
  d->message = vformat(fmt, ap);
  shorten(d->message);
  list->count++;
  if (sev == SEV_ERROR)
    list->errors++;
  else if (sev == SEV_WARNING)
    list->warnings++;
  return d;
}

static bool same_diag(const Diag *a, const Diag *b) {
  return a->severity == b->severity && a->pos.line == b->pos.line &&
         a->pos.col == b->pos.col && strcmp(a->code, b->code) == 0 &&
         strcmp(a->message, b->message) == 0 &&
         (a->file == b->file || (a->file && b->file && strcmp(a->file, b->file) == 0));
}

void diag_drop_repeats(DiagList *list, size_t from) {
  size_t kept = from;
  for (size_t i = from; i < list->count; i++) {
    Diag *d = &list->items[i];
    bool repeat = false;
    for (size_t k = 0; k < from && !repeat; k++)
      repeat = same_diag(&list->items[k], d);
    if (!repeat) {
      list->items[kept] = *d;
      list->items[kept].seq = kept; /* diag_add numbers by count */
      kept++;
      continue;
    }
    if (d->severity == SEV_ERROR)
      list->errors--;
    else if (d->severity == SEV_WARNING)
      list->warnings--;
    free(d->message);
    free(d->hint);
  }
  list->count = kept;
}

void diag_hint(Diag *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  free(d->hint);
  d->hint = vformat(fmt, ap);
  va_end(ap);
}

void diag_promote_warnings(DiagList *list) {
  for (size_t i = 0; i < list->count; i++) {
    if (list->items[i].severity == SEV_WARNING) {
      list->items[i].severity = SEV_ERROR;
      list->warnings--;
      list->errors++;
    }
  }
}

static int compare_diags(const void *pa, const void *pb) {
  const Diag *a = pa, *b = pb;
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c)
    return c;
  if (a->pos.line != b->pos.line)
    return a->pos.line < b->pos.line ? -1 : 1;
  if (a->pos.col != b->pos.col)
    return a->pos.col < b->pos.col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(DiagList *list) {
  if (list->count > 1)
    qsort(list->items, list->count, sizeof *list->items, compare_diags);
}

const char *severity_name(Severity sev) {
  switch (sev) {
  case SEV_NOTE:
    return "note";
  case SEV_WARNING:
    return "warning";
  case SEV_ERROR:
    return "error";
  }
  return "error";
}
