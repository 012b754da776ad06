/* A tiny template language for the SQL skeleton files in templates/.
 *
 *   {{name | ident}}    a text value as a backtick-quoted identifier
 *   {{name | string}}   a text value as a single-quoted string literal
 *   {{name | comment}}  a text value made safe inside a `--` comment
 *   {{name}}            an SQL value (already SQL, such as a WHERE condition)
 *   {{#each list}} ... {{/each}}        the body once per item; inside it the
 *                                       item's names, and `first` and `last`
 *   {{#if name}} ... {{else}} ... {{/if}}  a flag, or a list or text that is
 *                                       not empty; `{{#if !name}}` negates
 *   {{! a comment }}                    nothing
 *
 * A line holding only a block tag ({{#...}}, {{/...}}, {{else}}, {{!...}})
 * and blanks disappears with its line break, so templates can be laid out
 * readably. Everything else is copied as written.
 *
 * Each template is checked when it is loaded against the fields the
 * generator provides for it (TplField): an unknown name, a text value
 * without a quoting filter, or a filter on SQL is an error naming the
 * template file, line and column. User text therefore reaches the output
 * only through the quoting functions of sql_quote.h. */
#ifndef FILTERC_TEMPLATE_H
#define FILTERC_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "source.h"

typedef enum TplKind {
  TPL_TEXT, /* user text: needs a quoting filter */
  TPL_SQL,  /* SQL the generator built: inserted as is */
  TPL_FLAG, /* for #if */
  TPL_LIST  /* for #each and #if */
} TplKind;

/* The fields a template may use. Arrays end with {NULL}. */
typedef struct TplField {
  const char *name;
  TplKind kind;
  const struct TplField *item; /* TPL_LIST: the fields of each item */
} TplField;

typedef struct TplList TplList;

/* One value; which member is used depends on the field's kind. The values
 * of a scope are an array in the order of its TplField array. */
typedef struct TplValue {
  const char *text; /* TPL_TEXT, TPL_SQL (NULL reads as empty) */
  size_t len;
  bool flag;           /* TPL_FLAG */
  const TplList *list; /* TPL_LIST (NULL reads as empty) */
} TplValue;

/* `count` items of `stride` values each, stored one after the other. */
struct TplList {
  const TplValue *values;
  size_t count, stride;
};

typedef struct Template Template;

/* Loads and checks `path` against `fields`, which must outlive the
 * template. Returns 0, or -1 after adding diagnostics (file missing, syntax,
 * unknown names). Either way *out is set and must be freed with template_free, after the
 * diagnostics are printed: they borrow the template's copy of the path and quote its
 * lines through template_source. */
int template_load(Template **out, const char *path, const TplField *fields,
                  DiagList *diags);
/* The same from text in memory (tests). */
int template_parse(Template **out, const char *path, const char *text, size_t len,
                   const TplField *fields, DiagList *diags);
const SourceFile *template_source(const Template *t);
void template_free(Template *t);

/* Appends the template with `root` (values in `fields` order) to `out`.
 * Returns 0, or -1 after adding a diagnostic when a value cannot be quoted
 * as the template asks (an identifier with a line break). */
int template_render(const Template *t, const TplValue *root, Buf *out, DiagList *diags);

#endif
