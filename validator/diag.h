/* Diagnostics are collected, never printed from where they are found: every
 * stage appends to a DiagList and the CLI renders the list once, sorted, in
 * the format the user asked for. */
#ifndef FILTERC_DIAG_H
#define FILTERC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct SrcPos {
  uint32_t line, col; /* 1-based; line 0 means "the file as a whole" */
} SrcPos;

typedef enum Severity { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

typedef struct Diag {
  Severity severity;
  const char *file; /* borrowed: outlives the list */
  SrcPos pos;
  const char *code; /* stable kebab-case id, e.g. "unknown-field" */
  char *message;    /* owned */
  char *hint;       /* owned, optional: "did you mean", fix-it text */
  size_t seq;       /* insertion order, keeps sorting stable */
} Diag;

typedef struct DiagList {
  Diag *items;
  size_t count, cap;
  size_t errors, warnings;
} DiagList;

void diag_list_init(DiagList *list);
void diag_list_free(DiagList *list);

Diag *diag_add(DiagList *list, Severity sev, const char *file, SrcPos pos,
               const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* diag_add for callers that wrap it in their own variadic error function. */
Diag *diag_addv(DiagList *list, Severity sev, const char *file, SrcPos pos,
                const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
/* Attaches a hint to a diagnostic returned by diag_add. */
void diag_hint(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Turns warnings into errors (--werror). */
void diag_promote_warnings(DiagList *list);
/* Removes the diagnostics at index `from` and after that repeat one before
 * `from` (same file name, position, severity, code and message): a file
 * compiled once per variant reports what both variants share once. */
void diag_drop_repeats(DiagList *list, size_t from);
/* Orders by file, line, column, then insertion order. */
void diag_sort(DiagList *list);

const char *severity_name(Severity sev);

#endif
