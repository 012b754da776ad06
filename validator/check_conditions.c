/* Conditions: giving every comparison its SQL type from the schema, the
 * valueType or its literals, and reporting operators, lists, ranges,
 * patterns and enum values that cannot work. Separate from the literal
 * rules it applies (check_literals.c) and from the field resolution it
 * starts with (check_paths.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "operators.h"
#include "regex.h"
#include "suggest.h"
#include "termtext.h"

static SqlType type_from_value_type(ValueType vt, const Literal *args, size_t n) {
  switch (vt) {
  case VALUE_TYPE_STRING:
    return SQL_TYPE_STRING;
  case VALUE_TYPE_NUMBER:
    return SQL_TYPE_DOUBLE;
  case VALUE_TYPE_BOOLEAN:
    return SQL_TYPE_BOOLEAN;
  case VALUE_TYPE_TIMESTAMP:
    /* epoch milliseconds when written as numbers, ISO text otherwise */
    return n > 0 && args[0].kind == LITERAL_NUMBER ? SQL_TYPE_DOUBLE : SQL_TYPE_STRING;
  case VALUE_TYPE_NONE:
    break;
  }
  return SQL_TYPE_UNKNOWN;
}

static SqlType type_from_literals(const Literal *args, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (args[i].kind) {
    case LITERAL_NUMBER:
      return SQL_TYPE_DOUBLE;
    case LITERAL_BOOL:
      return SQL_TYPE_BOOLEAN;
    case LITERAL_STRING:
      return SQL_TYPE_STRING;
    case LITERAL_NULL:
      break;
    }
  }
  return SQL_TYPE_STRING;
}

static bool value_type_fits(ValueType vt, SqlType t) {
  switch (vt) {
  case VALUE_TYPE_NONE:
    return true;
  case VALUE_TYPE_STRING:
    return t == SQL_TYPE_STRING;
  case VALUE_TYPE_NUMBER:
    return t == SQL_TYPE_DOUBLE || t == SQL_TYPE_BIGINT;
  case VALUE_TYPE_BOOLEAN:
    return t == SQL_TYPE_BOOLEAN;
  case VALUE_TYPE_TIMESTAMP:
    return t == SQL_TYPE_STRING || t == SQL_TYPE_DOUBLE || t == SQL_TYPE_BIGINT;
  }
  return false;
}

/* The pattern is Java's (Flink runs java.util.regex); regex_java.c
 * translates it for PCRE2 or says why it cannot, and we compile the
 * translation here so that what the evaluator will run is known to work.
 * It is translated on every check (each check has its own diagnostics
 * list) but compiled once: the code is kept on the condition for the
 * Plan, owned by the Program. */
static void check_regex(Checker *ck, Cond *c) {
  const Literal *lit = &c->args[0];
  RegexJava t;
  regex_java_translate(lit->text, lit->len, &t);
  if (!t.has_error && !c->re) {
    char message[256];
    pcre2_code *re = regex_compile_translation(&t, message, sizeof message);
    Program *p = ck->program;
    pcre2_code **grown =
        re ? realloc(p->regexes, (p->regex_count + 1) * sizeof *grown) : NULL;
    if (grown) {
      p->regexes = grown;
      p->regexes[p->regex_count++] = re;
      c->re = re;
    } else if (re) {
      pcre2_code_free(re); /* out of memory: the Plan compiles it again */
    } else {
      regex_java_pcre2_failure(&t, message);
    }
  }
  for (size_t i = 0; i < t.issue_count; i++) {
    const RegexIssue *is = &t.issues[i];
    Diag *d = tc_report(ck, is->level == REGEX_ERROR ? SEV_ERROR : SEV_WARNING, lit->pos,
                        is->code, "%s", is->message);
    if (is->hint[0])
      diag_hint(d, "%s\npattern: %s\n%*s^", is->hint, lit->text, (int)(is->offset + 9),
                "");
    else
      diag_hint(d, "pattern: %s\n%*s^", lit->text, (int)(is->offset + 9), "");
  }
  regex_java_free(&t);
}

/* A column's `values`, or the symbols of an Avro enum / JSON Schema enum
 * the event schema gives a path (`sp`). */
static void check_enum_values(Checker *ck, const Cond *c, const SchemaPath *sp) {
  const char *name = sp ? c->field.text : NULL;
  const char *const *values = sp ? sp->values : NULL;
  size_t value_count = sp ? sp->value_count : 0;
  if (c->field.column >= 0) {
    const SchemaColumn *col = &ck->schema->columns[c->field.column];
    name = col->name;
    values = col->values;
    value_count = col->value_count;
  }
  if (!values || c->op == OP_MATCHES)
    return;
  for (size_t i = 0; i < c->arg_count; i++) {
    const Literal *lit = &c->args[i];
    if (lit->kind != LITERAL_STRING)
      continue;
    bool found = false;
    for (size_t k = 0; k < value_count; k++)
      found |= values[k] && strcmp(values[k], lit->text) == 0;
    if (found)
      continue;
    char allowed[256] = "";
    for (size_t k = 0; k < value_count && values[k]; k++) {
      strncat(allowed, k ? ", " : "", sizeof allowed - strlen(allowed) - 1);
      strncat(allowed, values[k], sizeof allowed - strlen(allowed) - 1);
    }
    Diag *d =
        tc_report(ck, SEV_ERROR, lit->pos, "bad-enum-value",
                  "'%s' is never '%s'; it holds one of: %s", name, lit->text, allowed);
    const char *guess = suggest_closest(lit->text, values, value_count);
    if (guess)
      diag_hint(d, "did you mean '%s'?", guess);
  }
}

/* Issue 9: on a path whose type nothing tells, a quoted number makes the
 * comparison a text one, where '99' > '100' and '1e3' < '5'. Often meant as
 * a number; a text order on digits is rarely what anyone wants. */
static void warn_quoted_numbers(Checker *ck, const Cond *c) {
  for (size_t i = 0; i < c->arg_count; i++) {
    const Literal *lit = &c->args[i];
    double v;
    if (lit->kind != LITERAL_STRING || !tc_string_to_number(lit->text, &v))
      continue;
    Diag *d = tc_report(ck, SEV_WARNING, lit->pos, "quoted-number",
                        "'%s' is compared as text: the schema does not know its type and "
                        "\"%s\" is quoted, so '99' > '100'",
                        c->field.text, lit->text);
    diag_hint(d,
              "write the number unquoted (%s) or add valueType: number to compare "
              "numerically; valueType: string keeps the text order silently",
              lit->text);
    return; /* one per condition: the hint covers the rest */
  }
}

static void check_compare(Checker *ck, Cond *c) {
  const OperatorInfo *op = operator_info(c->op);
  SqlType known;
  const SchemaPath *sp;
  if (!tc_resolve_field(ck, &c->field, &known, &sp))
    return;
  /* a field the schema calls a timestamp reads ISO text as one */
  ValueType vt = sp && sp->timestamp && c->value_type == VALUE_TYPE_NONE
                     ? VALUE_TYPE_TIMESTAMP
                     : c->value_type;
  if (known != SQL_TYPE_UNKNOWN) {
    c->type = known;
    if (!value_type_fits(c->value_type, known)) {
      Diag *d =
          tc_report(ck, SEV_ERROR, c->value_type_pos, "value-type-mismatch",
                    "valueType %s does not fit '%s', which is %s",
                    value_type_name(c->value_type), c->field.text, sql_type_name(known));
      diag_hint(d, "the generated SQL never casts message data; remove valueType "
                   "or compare a field of that type");
      return;
    }
  } else if (op->string_only) {
    c->type = SQL_TYPE_STRING;
  } else if (c->value_type != VALUE_TYPE_NONE) {
    c->type = type_from_value_type(c->value_type, c->args, c->arg_count);
  } else {
    c->type = type_from_literals(c->args, c->arg_count);
  }
  if (op->string_only && c->type != SQL_TYPE_STRING) {
    tc_report(ck, SEV_ERROR, c->op_pos, "operator-type-mismatch",
              "'%s' applies to strings; '%s' is %s", op->name, c->field.text,
              sql_type_name(c->type));
    return;
  }
  if (op->ordered && c->type == SQL_TYPE_BOOLEAN) {
    tc_report(ck, SEV_ERROR, c->op_pos, "operator-type-mismatch",
              "'%s' needs an ordered type; '%s' is BOOLEAN", op->name, c->field.text);
    return;
  }
  if (op->shape == ARGS_LIST && c->arg_count == 0) {
    Diag *d = tc_report(ck, SEV_ERROR, c->op_pos, "empty-list",
                        "'%s' with an empty list is never TRUE", op->name);
    diag_hint(d, "list at least one value");
    return;
  }
  if (op->shape == ARGS_LIST) {
    for (size_t i = 1; i < c->arg_count; i++)
      if (c->args[i].kind != c->args[0].kind && c->args[i].kind != LITERAL_NULL &&
          c->args[0].kind != LITERAL_NULL) {
        Diag *d = tc_report(ck, SEV_ERROR, c->args[i].pos, "mixed-list",
                            "list mixes %s and %s", tc_literal_kind_name(c->args[0].kind),
                            tc_literal_kind_name(c->args[i].kind));
        diag_hint(d, "every value of one list has the field's type");
        return;
      }
  }
  if (known == SQL_TYPE_UNKNOWN && c->field.column < 0 && op->ordered &&
      c->type == SQL_TYPE_STRING && c->value_type == VALUE_TYPE_NONE)
    warn_quoted_numbers(ck, c);
  for (size_t i = 0; i < c->arg_count; i++)
    if (c->args[i].kind == LITERAL_STRING &&
        term_has_bidi(c->args[i].text, c->args[i].len)) {
      Diag *d =
          tc_report(ck, SEV_WARNING, c->args[i].pos, "bidi-control",
                    "this value holds a bidi control character (U+202E and the like): "
                    "the SQL string literal shows in a review in another order than "
                    "it compares");
      diag_hint(d, "write the characters in their logical order, without the control");
    }
  bool ok = true;
  for (size_t i = 0; i < c->arg_count; i++)
    ok &= tc_coerce_literal(ck, c, vt, &c->args[i]);
  if (!ok)
    return;
  if (op->shape == ARGS_LIST) {
    LiteralSet seen;
    tc_literal_set_init(&seen, c->arg_count);
    for (size_t i = 0; i < c->arg_count; i++)
      if (tc_literal_set_add(&seen, &c->args[i]))
        tc_report(ck, SEV_WARNING, c->args[i].pos, "duplicate-value",
                  "'%s' is listed twice", c->args[i].text);
    free(seen.slots);
  }
  if (op->shape == ARGS_RANGE && tc_literal_compare(&c->args[0], &c->args[1]) > 0) {
    Diag *d = tc_report(ck, SEV_ERROR, c->args[0].pos, "between-bounds",
                        "'between' has min %s greater than max %s: it can never be TRUE",
                        c->args[0].text, c->args[1].text);
    diag_hint(d, "swap min and max");
  }
  if (c->op == OP_MATCHES)
    check_regex(ck, c);
  check_enum_values(ck, c, sp);
}

void tc_check_cond(Checker *ck, Cond *c) {
  if (c->kind == COND_COMPARE) {
    check_compare(ck, c);
    return;
  }
  for (size_t i = 0; i < c->kid_count; i++)
    tc_check_cond(ck, c->kids[i]);
}
