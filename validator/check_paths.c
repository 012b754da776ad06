/* Field paths: parsing `a.b[0]['key']`, and resolving a field to a
 * schema column or a JSON path with its known type. Separate because it is
 * the only part of the checker that reads the schema's shape, and
 * parse_field_path is also used on its own. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check_internal.h"
#include "suggest.h"
#include "typecheck.h"

static bool is_key_byte(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

int parse_field_path(Arena *arena, const char *text, PathStep **steps, size_t *count,
                     size_t *error_offset) {
  size_t cap = 1;
  for (const char *p = text; *p; p++)
    cap += *p == '.' || *p == '[';
  PathStep *out = arena_alloc(arena, cap * sizeof *out);
  size_t n = 0, i = 0;
  bool need_key = true; /* at start or after '.' */
  while (text[i] || need_key) {
    if (need_key) {
      size_t start = i;
      while (is_key_byte((unsigned char)text[i]))
        i++;
      if (i == start) {
        *error_offset = i;
        return -1;
      }
      out[n++] = (PathStep){.key = arena_strndup(arena, text + start, i - start),
                            .key_len = i - start};
      need_key = false;
      continue;
    }
    if (text[i] == '.') {
      i++;
      need_key = true;
    } else if (text[i] == '[' && text[i + 1] == '\'') {
      size_t start = i + 2, k = start;
      while (text[k] && text[k] != '\'' && text[k] != '\\')
        k++;
      if (text[k] != '\'' || text[k + 1] != ']' || k == start) {
        *error_offset = k;
        return -1;
      }
      out[n++] = (PathStep){.key = arena_strndup(arena, text + start, k - start),
                            .key_len = k - start};
      i = k + 2;
    } else if (text[i] == '[' && isdigit((unsigned char)text[i + 1])) {
      size_t k = i + 1;
      unsigned long idx = 0;
      while (isdigit((unsigned char)text[k])) {
        if (idx > 1000000) {
          *error_offset = k;
          return -1;
        }
        idx = idx * 10 + (unsigned long)(text[k] - '0');
        k++;
      }
      if (text[k] != ']') {
        *error_offset = k;
        return -1;
      }
      out[n++] = (PathStep){.is_index = true, .index = idx};
      i = k + 1;
    } else {
      *error_offset = i;
      return -1;
    }
  }
  *steps = out;
  *count = n;
  return 0;
}

static bool plain_key(const PathStep *s) {
  if (!isalpha((unsigned char)s->key[0]) && s->key[0] != '_')
    return false;
  for (size_t i = 0; i < s->key_len; i++)
    if (!isalnum((unsigned char)s->key[i]) && s->key[i] != '_')
      return false;
  return true;
}

/* `wildcard` writes [*] for indexes: the form schema json_paths use. */
static char *render_path(Arena *arena, const PathStep *steps, size_t n,
                         bool json_value_form, bool wildcard) {
  size_t cap = 2;
  for (size_t i = 0; i < n; i++)
    cap += steps[i].is_index ? 24 : steps[i].key_len + 5;
  char *out = arena_alloc(arena, cap);
  size_t len = 0;
  if (json_value_form)
    out[len++] = '$';
  /* written byte by byte, not with snprintf: the checker renders every
   * path of every condition (a measured 3 % of generating 10,000 filters) */
  for (size_t i = 0; i < n; i++) {
    const PathStep *s = &steps[i];
    size_t key_len = s->is_index ? 0 : strnlen(s->key, s->key_len); /* as %s did */
    if (s->is_index && wildcard) {
      memcpy(out + len, "[*]", 3);
      len += 3;
    } else if (s->is_index) {
      char digits[24];
      size_t k = sizeof digits;
      unsigned long v = s->index;
      do
        digits[--k] = (char)('0' + v % 10);
      while ((v /= 10) != 0);
      out[len++] = '[';
      memcpy(out + len, digits + k, sizeof digits - k);
      len += sizeof digits - k;
      out[len++] = ']';
    } else if (plain_key(s)) {
      if (json_value_form || i > 0)
        out[len++] = '.';
      memcpy(out + len, s->key, key_len);
      len += key_len;
    } else {
      memcpy(out + len, "['", 2);
      memcpy(out + len + 2, s->key, key_len);
      len += key_len + 2;
      memcpy(out + len, "']", 2);
      len += 2;
    }
  }
  out[len] = '\0';
  return out;
}

static bool is_json_root(const Schema *schema, const PathStep *first) {
  if (schema->json_root_open)
    return true;
  for (size_t i = 0; i < schema->path_count; i++) {
    const char *p = schema->paths[i].path;
    size_t n = strcspn(p, ".[");
    if (n == first->key_len && memcmp(p, first->key, n) == 0)
      return true;
  }
  const char *const *lists[] = {schema->closed, schema->open};
  size_t counts[] = {schema->closed_count, schema->open_count};
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < counts[l]; i++) {
      size_t n = strcspn(lists[l][i], ".[");
      if (n == first->key_len && memcmp(lists[l][i], first->key, n) == 0)
        return true;
    }
  return false;
}

static void suggest_field(Checker *ck, Diag *d, const char *text) {
  const char *guess = suggest_closest(text, ck->candidates, ck->candidate_count);
  if (guess)
    diag_hint(d, "did you mean '%s'?", guess);
}

/* Resolves f to a column or a JSON path. *known is the schema's type for it,
 * or SQL_TYPE_UNKNOWN for a path the schema says nothing about; *path is
 * the schema's entry for a typed JSON path (timestamp, enum symbols). */
bool tc_resolve_field(Checker *ck, FieldRef *f, SqlType *known, const SchemaPath **path) {
  const Schema *schema = ck->schema;
  *known = SQL_TYPE_UNKNOWN;
  *path = NULL;
  f->column = -1;
  int col = schema_column_index(schema, f->text);
  if (col >= 0) {
    const SchemaColumn *c = &schema->columns[col];
    if (!schema_column_visible(c, ck->variant)) {
      Diag *d = tc_report(ck, SEV_ERROR, f->pos, "no-op-metadata",
                          "'%s' does not exist in the no-op variant: its connector "
                          "does not add CDC metadata",
                          f->text);
      diag_hint(d, "the no-op variant treats every event as an insert; drop the "
                   "condition, mark it 'variant: normal', or use the normal variant");
      return false;
    }
    f->column = col;
    *known = c->type;
    return true;
  }
  size_t bad = 0;
  if (parse_field_path(ck->arena, f->text, &f->steps, &f->step_count, &bad) != 0) {
    SrcPos pos = f->pos;
    Diag *d = tc_report(ck, SEV_ERROR, pos, "bad-path",
                        "'%s' is not a valid field path (problem at character %zu)",
                        f->text, bad + 1);
    diag_hint(d, "write a column name or a path like eventBody.entities[0].entityType; "
                 "quote odd keys as ['key name']");
    return false;
  }
  if (!is_json_root(schema, &f->steps[0])) {
    Diag *d =
        tc_report(ck, SEV_ERROR, f->pos, "unknown-field",
                  "unknown field '%s': not a column of '%s' nor a path into %s", f->text,
                  schema->topic,
                  schema->json_column >= 0 ? schema->columns[schema->json_column].name
                                           : "the event");
    suggest_field(ck, d, f->text);
    return false;
  }
  if (schema->json_column < 0) {
    tc_report(ck, SEV_ERROR, f->pos, "unknown-field",
              "'%s' is a JSON path but the schema has no JSON column", f->text);
    return false;
  }
  char *canonical = render_path(ck->arena, f->steps, f->step_count, false, true);
  const SchemaPath *sp = NULL;
  switch (schema_json_path(schema, canonical, &sp)) {
  case JSON_PATH_KNOWN:
  case JSON_PATH_UNDESCRIBED:
  case JSON_PATH_OPEN:
    break;
  case JSON_PATH_NOT_IN_CLOSED: {
    Diag *d = tc_report(ck, SEV_ERROR, f->pos, "unknown-field",
                        "unknown field '%s': the schema lists every key of this object",
                        f->text);
    suggest_field(ck, d, f->text);
    return false;
  }
  case JSON_PATH_CONTAINER: {
    /* JSON_VALUE yields scalars only: in lax mode (Flink's default path
     * mode) a non-scalar counts as empty, NULL ON EMPTY by default (Calcite
     * JsonFunctions.jsonValue) */
    Diag *d = tc_report(ck, SEV_ERROR, f->pos, "unknown-field",
                        "'%s' is an object or array in the schema, not a value: "
                        "JSON_VALUE is NULL on it for every event",
                        f->text);
    size_t n = strlen(f->text);
    for (size_t i = 0; i < ck->candidate_count; i++)
      if (strncmp(ck->candidates[i], f->text, n) == 0 &&
          (ck->candidates[i][n] == '.' || ck->candidates[i][n] == '[')) {
        diag_hint(d, "compare one of its values, such as '%s'", ck->candidates[i]);
        break;
      }
    return false;
  }
  case JSON_PATH_UNDER_SCALAR: {
    Diag *d =
        tc_report(ck, SEV_ERROR, f->pos, "unknown-field",
                  "unknown field '%s': the schema says '%s' is %s, which has no keys",
                  f->text, sp->path, sql_type_name(sp->type));
    suggest_field(ck, d, f->text);
    return false;
  }
  }
  for (size_t i = 0; i < f->step_count; i++)
    if (!f->steps[i].is_index && !plain_key(&f->steps[i]) &&
        strpbrk(f->steps[i].key, "'\\")) {
      tc_report(ck, SEV_ERROR, f->pos, "bad-path",
                "key '%s' contains a quote or backslash, which JSON paths cannot "
                "express portably",
                f->steps[i].key);
      return false;
    }
  /* A nested path the schema maps to a flat column compiles to the column. */
  for (size_t i = 0; i < schema->column_count; i++) {
    const SchemaColumn *c = &schema->columns[i];
    if (c->nested && strcmp(c->nested, canonical) == 0 &&
        schema_column_visible(c, ck->variant)) {
      f->column = (int)i;
      f->mapped = true;
      *known = c->type;
      return true;
    }
  }
  f->json_path = render_path(ck->arena, f->steps, f->step_count, true, false);
  if (sp) {
    /* The schema's type as it is: a BIGINT path is read with TRY_CAST(..
     * AS BIGINT), which turns what is not an integer into NULL rather than
     * failing the job (sql_expr.c). */
    *known = sp->type;
    *path = sp;
  }
  return true;
}
