#include "template.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "source.h"
#include "sql_quote.h"

enum { MAX_NESTING = 16, MAX_TEMPLATE_BYTES = 1024 * 1024 };

typedef enum NodeOp { NODE_TEXT, NODE_VALUE, NODE_EACH, NODE_IF } NodeOp;
typedef enum Filter { FILTER_NONE, FILTER_IDENT, FILTER_STRING, FILTER_COMMENT } Filter;

/* Built-in names inside #each: the item's position. */
enum { BUILTIN_FIRST = -1, BUILTIN_LAST = -2 };

/* A name resolved at load time: `up` scopes out from the current one,
 * value `index` there (or a BUILTIN_ for the loop position). */
typedef struct Ref {
  unsigned up;
  int index;
} Ref;

typedef struct Node Node;
struct Node {
  NodeOp op;
  SrcPos pos;
  const char *text; /* NODE_TEXT: points into the source */
  size_t len;
  Ref ref;          /* NODE_VALUE, NODE_EACH, NODE_IF */
  TplKind kind;     /* of ref */
  Filter filter;    /* NODE_VALUE */
  bool negate;      /* NODE_IF */
  Node *body, *alt; /* NODE_EACH, NODE_IF (alt: the else part) */
  Node *next;
};

struct Template {
  Arena arena;
  SourceFile source;
  Node *root;
};

/* ---- parsing ------------------------------------------------------------ */

typedef enum TagKind {
  TAG_VALUE,
  TAG_EACH,
  TAG_IF,
  TAG_ELSE,
  TAG_END_EACH,
  TAG_END_IF,
  TAG_COMMENT,
  TAG_EOF
} TagKind;

typedef struct Parser {
  Template *t;
  DiagList *diags;
  const char *src, *end, *p; /* p: the scan position */
  const TplField *scopes[MAX_NESTING + 1];
  unsigned depth; /* scopes[0..depth] are visible; 0 is the root */
  bool failed;
  /* the tag just scanned */
  TagKind tag;
  SrcPos tag_pos;
  const char *tag_start; /* its "{{" in src */
  const char *name;      /* arena copy */
  Filter filter;
  bool negate;
} Parser;

static SrcPos pos_at(const Parser *ps, const char *at) {
  return source_position(&ps->t->source, (size_t)(at - ps->src));
}

/* The one error function of the template parser: the diagnostic carries
 * the template's file and the position; the compiler checks every format. */
static void error(Parser *ps, SrcPos pos, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void error(Parser *ps, SrcPos pos, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addv(ps->diags, SEV_ERROR, ps->t->source.path, pos, code, fmt, ap);
  va_end(ap);
  ps->failed = true;
}

static Node *new_node(Parser *ps, NodeOp op, SrcPos pos) {
  Node *n = arena_alloc(&ps->t->arena, sizeof *n);
  n->op = op;
  n->pos = pos;
  return n;
}

static bool is_name_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* Splits the inside of a tag into its kind, name and filter. */
static void read_tag(Parser *ps, const char *s, const char *e) {
  while (s < e && isspace((unsigned char)*s))
    s++;
  while (e > s && isspace((unsigned char)e[-1]))
    e--;
  ps->name = NULL;
  ps->filter = FILTER_NONE;
  ps->negate = false;
  if (s < e && *s == '!') {
    ps->tag = TAG_COMMENT;
    return;
  }
  static const struct {
    const char *word;
    TagKind kind;
  } blocks[] = {{"#each", TAG_EACH},
                {"#if", TAG_IF},
                {"else", TAG_ELSE},
                {"/each", TAG_END_EACH},
                {"/if", TAG_END_IF}};
  ps->tag = TAG_VALUE;
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
    size_t n = strlen(blocks[i].word);
    if ((size_t)(e - s) >= n && memcmp(s, blocks[i].word, n) == 0 &&
        (s + n == e || isspace((unsigned char)s[n]))) {
      ps->tag = blocks[i].kind;
      s += n;
      break;
    }
  }
  if (ps->tag == TAG_ELSE || ps->tag == TAG_END_EACH || ps->tag == TAG_END_IF) {
    while (s < e && isspace((unsigned char)*s))
      s++;
    if (s != e)
      error(ps, ps->tag_pos, "template-syntax", "unexpected text in '{{%s}}'",
            ps->tag == TAG_ELSE     ? "else"
            : ps->tag == TAG_END_IF ? "/if"
                                    : "/each");
    return;
  }
  while (s < e && isspace((unsigned char)*s))
    s++;
  if (ps->tag == TAG_IF && s < e && *s == '!') {
    ps->negate = true;
    s++;
  }
  const char *name = s;
  while (s < e && is_name_char(*s))
    s++;
  if (s == name) {
    error(ps, ps->tag_pos, "template-syntax", "expected a name in the tag");
    return;
  }
  ps->name = arena_strndup(&ps->t->arena, name, (size_t)(s - name));
  while (s < e && isspace((unsigned char)*s))
    s++;
  if (s == e)
    return;
  if (ps->tag != TAG_VALUE || *s != '|') {
    error(ps, ps->tag_pos, "template-syntax", "unexpected text after '%s'", ps->name);
    return;
  }
  s++;
  while (s < e && isspace((unsigned char)*s))
    s++;
  static const char *const filters[] = {"ident", "string", "comment"};
  for (size_t i = 0; i < 3; i++)
    if ((size_t)(e - s) == strlen(filters[i]) &&
        memcmp(s, filters[i], (size_t)(e - s)) == 0)
      ps->filter = (Filter)(i + 1);
  if (ps->filter == FILTER_NONE)
    error(ps, ps->tag_pos, "template-syntax",
          "unknown filter after '%s': use ident, string or comment", ps->name);
}

static bool only_blanks(const char *s, const char *e) {
  for (; s < e; s++)
    if (*s != ' ' && *s != '\t')
      return false;
  return true;
}

/* Scans text up to the next tag. Returns the text node (or NULL when
 * empty) and leaves the tag in ps->tag. A block tag alone on its line
 * takes the line's blanks and line break with it. */
static Node *scan(Parser *ps) {
  const char *start = ps->p;
  const char *open = NULL;
  for (const char *q = start; q + 1 < ps->end; q++)
    if (q[0] == '{' && q[1] == '{') {
      open = q;
      break;
    }
  const char *text_end = open ? open : ps->end;
  if (!open) {
    ps->tag = TAG_EOF;
    ps->tag_pos = pos_at(ps, ps->end);
    ps->p = ps->end;
  } else {
    ps->tag_pos = pos_at(ps, open);
    ps->tag_start = open;
    const char *close = NULL;
    for (const char *q = open + 2; q + 1 < ps->end; q++)
      if (q[0] == '}' && q[1] == '}') {
        close = q;
        break;
      }
    if (!close) {
      error(ps, ps->tag_pos, "template-syntax", "'{{' without a closing '}}'");
      ps->tag = TAG_EOF;
      ps->p = ps->end;
    } else {
      read_tag(ps, open + 2, close);
      ps->p = close + 2;
      if (ps->tag != TAG_VALUE) {
        const char *line = open;
        while (line > ps->src && line[-1] != '\n')
          line--;
        const char *after = ps->p;
        while (after < ps->end && (*after == ' ' || *after == '\t'))
          after++;
        bool at_eol = after == ps->end || *after == '\n' ||
                      (*after == '\r' && after + 1 < ps->end && after[1] == '\n');
        if (only_blanks(line, open) && at_eol) {
          if (line >= start)
            text_end = line;
          ps->p = after == ps->end ? after : after + (*after == '\r' ? 2 : 1);
        }
      }
    }
  }
  if (text_end == start)
    return NULL;
  Node *n = new_node(ps, NODE_TEXT, pos_at(ps, start));
  n->text = start;
  n->len = (size_t)(text_end - start);
  return n;
}

static const char *kind_name(TplKind k) {
  static const char *const names[] = {"text", "SQL", "a flag", "a list"};
  return names[k];
}

/* Finds ps->name in the visible scopes, innermost first. */
static bool resolve(Parser *ps, Ref *ref, TplKind *kind, const TplField **item) {
  for (unsigned up = 0; up <= ps->depth; up++) {
    unsigned level = ps->depth - up;
    if (level > 0 && (!strcmp(ps->name, "first") || !strcmp(ps->name, "last"))) {
      *ref = (Ref){up, ps->name[0] == 'f' ? BUILTIN_FIRST : BUILTIN_LAST};
      *kind = TPL_FLAG;
      return true;
    }
    const TplField *fields = ps->scopes[level];
    for (int i = 0; fields[i].name; i++)
      if (strcmp(fields[i].name, ps->name) == 0) {
        *ref = (Ref){up, i};
        *kind = fields[i].kind;
        *item = fields[i].item;
        return true;
      }
  }
  error(ps, ps->tag_pos, "template-unknown-name", "unknown name '%s' in this template",
        ps->name);
  return false;
}

/* Whether the tag at ps->tag_start sits inside a -- line comment: "--"
 * earlier on its line, outside '...' and `...`. | comment makes text safe
 * there only (it keeps quotes and backticks), so anywhere else it would put
 * raw user text into the SQL. */
static bool in_line_comment(const Parser *ps) {
  const char *line = ps->tag_start;
  while (line > ps->src && line[-1] != '\n')
    line--;
  char quote = 0;
  for (const char *q = line; q + 1 < ps->tag_start; q++) {
    if (quote)
      quote = *q == quote ? 0 : quote;
    else if (*q == '\'' || *q == '`')
      quote = *q;
    else if (q[0] == '-' && q[1] == '-')
      return true;
  }
  return false;
}

static void check_value(Parser *ps, Node *n) {
  if (n->kind == TPL_TEXT && n->filter == FILTER_COMMENT && !in_line_comment(ps)) {
    error(ps, n->pos, "template-comment",
          "'%s | comment' is only safe inside a -- comment; use | ident or | string here",
          ps->name);
  } else if (n->kind == TPL_TEXT && n->filter == FILTER_NONE) {
    /* The message names the field twice; error() passes one argument. */
    diag_add(ps->diags, SEV_ERROR, ps->t->source.path, n->pos, "template-unquoted",
             "'%s' is user text: write {{%s | ident}}, | string or | comment", ps->name,
             ps->name);
    ps->failed = true;
  } else if (n->kind == TPL_SQL && n->filter != FILTER_NONE)
    error(ps, n->pos, "template-filter",
          "'%s' is already SQL and takes no quoting filter", ps->name);
  else if (n->kind == TPL_FLAG || n->kind == TPL_LIST) {
    char what[80];
    snprintf(what, sizeof what, "'%s' is %s: use it in {{#if}}%s", ps->name,
             kind_name(n->kind), n->kind == TPL_LIST ? " or {{#each}}" : "");
    error(ps, n->pos, "template-kind", "%s", what);
  }
}

static Node *parse_seq(Parser *ps, TagKind *stop);

/* Parses the body of a block up to its end tag; #if may have an else. */
static void parse_block(Parser *ps, Node *n, TagKind open, SrcPos open_pos) {
  TagKind stop;
  n->body = parse_seq(ps, &stop);
  if (open == TAG_IF && stop == TAG_ELSE)
    n->alt = parse_seq(ps, &stop);
  TagKind want = open == TAG_IF ? TAG_END_IF : TAG_END_EACH;
  if (stop != want && !ps->failed) {
    diag_add(ps->diags, SEV_ERROR, ps->t->source.path, open_pos, "template-syntax",
             "'{{%s}}' is not closed by '{{%s}}'", open == TAG_IF ? "#if" : "#each",
             open == TAG_IF ? "/if" : "/each");
    ps->failed = true;
  }
}

/* Parses nodes until an else, an end tag or the end of the file, which it
 * returns in *stop. */
static Node *parse_seq(Parser *ps, TagKind *stop) {
  Node *head = NULL, **tail = &head;
  for (;;) {
    Node *text = scan(ps);
    if (text) {
      *tail = text;
      tail = &text->next;
    }
    if (ps->tag == TAG_EOF || ps->tag == TAG_ELSE || ps->tag == TAG_END_EACH ||
        ps->tag == TAG_END_IF) {
      *stop = ps->tag;
      return head;
    }
    if (ps->tag == TAG_COMMENT || !ps->name)
      continue;
    TagKind tag = ps->tag;
    SrcPos pos = ps->tag_pos;
    Node *n = new_node(ps,
                       tag == TAG_VALUE  ? NODE_VALUE
                       : tag == TAG_EACH ? NODE_EACH
                                         : NODE_IF,
                       pos);
    n->filter = ps->filter;
    n->negate = ps->negate;
    const TplField *item = NULL;
    if (!resolve(ps, &n->ref, &n->kind, &item))
      continue;
    if (tag == TAG_VALUE) {
      check_value(ps, n);
    } else if (tag == TAG_EACH) {
      if (n->kind != TPL_LIST) {
        error(ps, pos, "template-kind", "'{{#each %s}}' needs a list", ps->name);
        continue;
      }
      if (ps->depth == MAX_NESTING) {
        error(ps, pos, "template-syntax", "'{{#each %s}}' nests too deeply", ps->name);
        continue;
      }
      ps->scopes[++ps->depth] = item;
      parse_block(ps, n, TAG_EACH, pos);
      ps->depth--;
      if (ps->failed)
        return head;
    } else {
      parse_block(ps, n, TAG_IF, pos);
      if (ps->failed)
        return head;
    }
    *tail = n;
    tail = &n->next;
  }
}

static Template *new_template(void) {
  Template *t = calloc(1, sizeof *t);
  if (!t)
    abort();
  arena_init(&t->arena);
  return t;
}

/* Parses t->source, once loaded. */
static int parse_source(Template *t, const TplField *fields, DiagList *diags) {
  Parser ps = {.t = t,
               .diags = diags,
               .src = t->source.text,
               .end = t->source.text + t->source.len};
  ps.p = ps.src;
  ps.scopes[0] = fields;
  TagKind stop;
  t->root = parse_seq(&ps, &stop);
  if (!ps.failed && stop != TAG_EOF)
    error(&ps, ps.tag_pos, "template-syntax", "'{{%s}}' without a matching opening tag",
          stop == TAG_ELSE     ? "else"
          : stop == TAG_END_IF ? "/if"
                               : "/each");
  return ps.failed ? -1 : 0;
}

int template_parse(Template **out, const char *path, const char *text, size_t len,
                   const TplField *fields, DiagList *diags) {
  Template *t = *out = new_template();
  if (source_from_memory(&t->source, path, text, len, diags) != 0)
    return -1;
  return parse_source(t, fields, diags);
}

int template_load(Template **out, const char *path, const TplField *fields,
                  DiagList *diags) {
  Template *t = *out = new_template();
  if (source_load(&t->source, path, MAX_TEMPLATE_BYTES, diags) != 0)
    return -1;
  return parse_source(t, fields, diags);
}

const SourceFile *template_source(const Template *t) {
  return &t->source;
}

void template_free(Template *t) {
  if (!t)
    return;
  source_free(&t->source);
  arena_free(&t->arena);
  free(t);
}

/* ---- rendering ---------------------------------------------------------- */

typedef struct Frame {
  const TplValue *values;
  size_t index, count; /* the loop position (not used at the root) */
} Frame;

typedef struct Renderer {
  const Template *t;
  Buf *out;
  DiagList *diags;
  Frame frames[MAX_NESTING + 1];
  unsigned depth;
  int status;
} Renderer;

static const TplValue *lookup(const Renderer *r, Ref ref, bool *builtin) {
  const Frame *f = &r->frames[r->depth - ref.up];
  if (ref.index == BUILTIN_FIRST || ref.index == BUILTIN_LAST) {
    *builtin = ref.index == BUILTIN_FIRST ? f->index == 0 : f->index + 1 == f->count;
    return NULL;
  }
  return &f->values[ref.index];
}

static bool truthy(const Renderer *r, const Node *n) {
  bool builtin = false;
  const TplValue *v = lookup(r, n->ref, &builtin);
  if (!v)
    return builtin;
  switch (n->kind) {
  case TPL_FLAG:
    return v->flag;
  case TPL_LIST:
    return v->list && v->list->count > 0;
  case TPL_TEXT:
  case TPL_SQL:
    return v->text && v->len > 0;
  }
  return false;
}

static void render_value(Renderer *r, const Node *n) {
  bool builtin;
  const TplValue *v = lookup(r, n->ref, &builtin);
  const char *s = v && v->text ? v->text : "";
  size_t len = v && v->text ? v->len : 0;
  switch (n->filter) {
  case FILTER_NONE:
    buf_add(r->out, s, len);
    return;
  case FILTER_IDENT:
    if (!sql_ident_quotable(s, len)) {
      diag_add(r->diags, SEV_ERROR, r->t->source.path, n->pos, "bad-identifier",
               "this value cannot be a Flink identifier (empty, or holds a line "
               "break or NUL): '%.60s'",
               s);
      r->status = -1;
      return;
    }
    sql_quote_ident(r->out, s, len);
    return;
  case FILTER_STRING:
    sql_quote_string(r->out, s, len);
    return;
  case FILTER_COMMENT:
    sql_comment_text(r->out, s, len);
    return;
  }
}

static void render_seq(Renderer *r, const Node *n) {
  for (; n; n = n->next) {
    switch (n->op) {
    case NODE_TEXT:
      buf_add(r->out, n->text, n->len);
      break;
    case NODE_VALUE:
      render_value(r, n);
      break;
    case NODE_IF:
      render_seq(r, truthy(r, n) != n->negate ? n->body : n->alt);
      break;
    case NODE_EACH: {
      bool unused;
      const TplList *list = lookup(r, n->ref, &unused)->list;
      if (!list)
        break;
      Frame *f = &r->frames[++r->depth];
      f->count = list->count;
      for (f->index = 0; f->index < list->count; f->index++) {
        f->values = list->values + f->index * list->stride;
        render_seq(r, n->body);
      }
      r->depth--;
      break;
    }
    }
  }
}

int template_render(const Template *t, const TplValue *root, Buf *out, DiagList *diags) {
  Renderer r = {.t = t, .out = out, .diags = diags};
  r.frames[0].values = root;
  render_seq(&r, t->root);
  return r.status;
}
