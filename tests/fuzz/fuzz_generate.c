/* libFuzzer harness: an arbitrary filters file; when it compiles without
 * errors, SQL is generated for every target x variant (and once with
 * separate statements) and the output's structure is checked against the
 * program, so no input can change the shape of the SQL:
 *   - quoting balances: a small lexer walks '...' ('' doubled), `...`
 *     (`` doubled) and -- comments to the end of the line;
 *   - the statements, counted by the semicolons outside quotes and
 *     comments, are exactly the source, one sink per distinct topic of the
 *     active routes, and the INSERTs in the layout asked for;
 *   - every string literal of the program's active conditions, every JSON
 *     path and every topic comes back unchanged from some quoted token. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "emit.h"

#ifndef FUZZ_TEMPLATES_DIR
#error "FUZZ_TEMPLATES_DIR must name the templates directory"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Schema schema;
static TemplateSet templates[2]; /* by Target */
static bool ready;

static void setup(void) {
  DiagList d;
  diag_list_init(&d);
  if (schema_load(&schema, NULL, &d) != 0 ||
      templates_load(&templates[TARGET_CONFLUENT], FUZZ_TEMPLATES_DIR, TARGET_CONFLUENT,
                     &d) != 0 ||
      templates_load(&templates[TARGET_FLINK], FUZZ_TEMPLATES_DIR, TARGET_FLINK, &d) != 0)
    abort();
  diag_list_free(&d);
  ready = true;
}

/* A quoted token of the SQL, its contents with the doubling undone. */
typedef struct Token {
  char quote;
  char *text;
  size_t len;
} Token;

typedef struct Lexed {
  Token *tokens;
  size_t count, cap;
  size_t semicolons;
} Lexed;

static void fail(const char *what, const Generated *g) {
  fprintf(stderr, "fuzz_generate: %s\n--- SQL ---\n%.*s\n", what, (int)g->len, g->text);
  abort();
}

/* Walks the SQL; aborts when a quote is left open. */
static void lex(const Generated *g, Lexed *out) {
  const char *s = g->text, *end = s + g->len;
  memset(out, 0, sizeof *out);
  while (s < end) {
    if (*s == '-' && s + 1 < end && s[1] == '-') {
      while (s < end && *s != '\n')
        s++;
      continue;
    }
    if (*s == ';')
      out->semicolons++;
    if (*s != '\'' && *s != '`') {
      s++;
      continue;
    }
    char q = *s++;
    char *text = malloc((size_t)(end - s) + 1);
    size_t n = 0;
    for (;;) {
      if (s == end)
        fail("unbalanced quote", g);
      if (*s == q) {
        if (s + 1 < end && s[1] == q) {
          text[n++] = q;
          s += 2;
          continue;
        }
        s++;
        break;
      }
      text[n++] = *s++;
    }
    if (out->count == out->cap) {
      out->cap = out->cap ? 2 * out->cap : 64;
      out->tokens = realloc(out->tokens, out->cap * sizeof *out->tokens);
    }
    out->tokens[out->count++] = (Token){q, text, n};
  }
}

static void lexed_free(Lexed *l) {
  for (size_t i = 0; i < l->count; i++)
    free(l->tokens[i].text);
  free(l->tokens);
}

static void expect_token(const Lexed *l, char quote, const char *s, size_t n,
                         const Generated *g) {
  for (size_t i = 0; i < l->count; i++)
    if (l->tokens[i].quote == quote && l->tokens[i].len == n &&
        memcmp(l->tokens[i].text, s, n) == 0)
      return;
  fprintf(stderr, "fuzz_generate: missing %c%.*s%c\n", quote, (int)n, s, quote);
  fail("a program text does not come back from the SQL", g);
}

/* The conditions that exist in `v`: a `variant:` mark drops its own
 * condition elsewhere. */
static void expect_cond(const Lexed *l, const Cond *c, Variant v, const Generated *g) {
  if (!c || (c->has_only_variant && c->only_variant != v))
    return;
  if (c->kind != COND_COMPARE) {
    for (size_t i = 0; i < c->kid_count; i++)
      expect_cond(l, c->kids[i], v, g);
    return;
  }
  if (c->field.json_path)
    expect_token(l, '\'', c->field.json_path, strlen(c->field.json_path), g);
  for (size_t i = 0; i < c->arg_count; i++)
    if (c->args[i].kind == LITERAL_STRING)
      expect_token(l, '\'', c->args[i].text, c->args[i].len, g);
}

static bool seen_topic(const Program *p, size_t fi, size_t ri) {
  const char *t = p->filters[fi].routes[ri].topic;
  for (size_t f = 0; f <= fi; f++) {
    if (!filter_is_active(&p->filters[f]))
      continue;
    size_t n = f == fi ? ri : p->filters[f].route_count;
    for (size_t r = 0; r < n; r++)
      if (strcmp(p->filters[f].routes[r].topic, t) == 0)
        return true;
  }
  return false;
}

static void check(const Plan *plan, const GenOptions *o, const Generated *g) {
  const Program *p = plan->program;
  size_t routes = 0, topics = 0;
  Lexed l;
  lex(g, &l);
  for (size_t f = 0; f < p->filter_count; f++) {
    const Filter *fl = &p->filters[f];
    if (!filter_is_active(fl))
      continue;
    expect_cond(&l, fl->cond, plan->variant, g);
    for (size_t r = 0; r < fl->route_count; r++) {
      routes++;
      topics += !seen_topic(p, f, r);
      expect_token(&l, '`', fl->routes[r].topic, strlen(fl->routes[r].topic), g);
      expect_cond(&l, fl->routes[r].cond, plan->variant, g);
    }
  }
  /* Each CREATE TABLE and INSERT ends with ';', and a statement set with
   * its END;. */
  bool set = !o->separate_statements && routes > 0;
  size_t stmts = 1 + topics + (o->separate_statements ? routes : set);
  if (g->stmt_count != stmts)
    fail("statement count differs from the program's", g);
  if (l.semicolons != 1 + topics + routes + set)
    fail("semicolon count differs from the program's statements", g);
  lexed_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready)
    setup();
  for (int v = VARIANT_NORMAL; v <= VARIANT_NO_OP; v++) {
    DiagList diags;
    Compilation c;
    diag_list_init(&diags);
    if (compile_memory(&c, "fuzz.yaml", (const char *)data, size, &schema, (Variant)v,
                       &diags) == 0 &&
        diags.errors == 0) {
      for (int t = TARGET_CONFLUENT; t <= TARGET_FLINK; t++)
        for (int sep = 0; sep <= (t == TARGET_FLINK); sep++) {
          GenOptions o = {
              .target = (Target)t, .separate_statements = sep, .input_name = "fuzz.yaml"};
          Generated g;
          memset(&g, 0, sizeof g);
          if (generate_sql(&c.plan, &o, &templates[t], &g, &diags) == 0)
            check(&c.plan, &o, &g);
          generated_free(&g);
        }
    }
    compilation_free(&c);
    diag_list_free(&diags);
  }
  return 0;
}
