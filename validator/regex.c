#include "regex.h"

#include <string.h>

pcre2_code *regex_compile(const char *pattern, size_t len, char *message,
                          size_t message_size, size_t *offset) {
  pcre2_compile_context *ctx = pcre2_compile_context_create(NULL);
  /* Java reads \uhhhh and \x{h...}; PCRE2 does with these two options. */
  pcre2_set_compile_extra_options(ctx, PCRE2_EXTRA_ALT_BSUX);
  int code = 0;
  PCRE2_SIZE off = 0;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len,
                                 PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_NEVER_BACKSLASH_C,
                                 &code, &off, ctx);
  pcre2_compile_context_free(ctx);
  if (!re) {
    if (message && message_size) {
      if (pcre2_get_error_message(code, (PCRE2_UCHAR *)message, message_size) < 0)
        strncpy(message, "invalid regular expression", message_size - 1);
      message[message_size - 1] = '\0';
    }
    if (offset)
      *offset = off;
  }
  return re;
}

static bool starts(const char *p, size_t left, const char *s) {
  size_t n = strlen(s);
  return left >= n && memcmp(p, s, n) == 0;
}

static void add(RegexLint *out, size_t max, size_t *count, RegexLintLevel level,
                size_t offset, const char *code, const char *message) {
  if (*count < max)
    out[*count] = (RegexLint){level, offset, code, message};
  (*count)++;
}

size_t regex_lint(const char *pat, size_t len, RegexLint *out, size_t max) {
  size_t count = 0;
  bool in_class = false;
  bool case_insensitive_seen = false, non_ascii_seen = false;
  /* per nesting level: did this group contain a quantifier? */
  bool group_has_quant[64] = {false};
  size_t depth = 0;
  for (size_t i = 0; i < len; i++) {
    const char *p = pat + i;
    size_t left = len - i;
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80)
      non_ascii_seen = true;
    if (c == '\\') {
      if (left < 2)
        break;
      char e = p[1];
      if (e == 'K')
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "\\K (reset match start) does not exist in Java regular expressions");
      else if (e == 'g' || e == 'N' || e == 'o')
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "this escape is PCRE-only; Java reads it differently or not at all");
      else if (e == 'Q' && in_class)
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "\\Q...\\E inside a character class differs between Java and PCRE");
      else if (e == 'p' || e == 'P')
        add(out, max, &count, REGEX_LINT_WARNING, i, "regex-dialect",
            "Unicode property names differ between Java and PCRE; check the "
            "class on both");
      if (e == 'Q' && !in_class) { /* skip the quoted run */
        const char *end = NULL;
        for (size_t k = i + 2; k + 1 < len; k++)
          if (pat[k] == '\\' && pat[k + 1] == 'E') {
            end = pat + k;
            break;
          }
        i = end ? (size_t)(end - pat) + 1 : len;
        continue;
      }
      i++;
      continue;
    }
    if (in_class) {
      if (c == ']')
        in_class = false;
      else if (starts(p, left, "[:") || starts(p, left, "[="))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "POSIX classes like [[:alpha:]] are PCRE-only; Java reads them as a "
            "set of characters (use \\p{Alpha})");
      else if (c == '[' || starts(p, left, "&&"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "nested classes and && intersections are Java-only syntax");
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (left > 1 && p[1] == ']') /* `[]...]`: ] literal in PCRE, error in Java */
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "a class starting with ']' is read differently by Java");
      else if (left > 2 && p[1] == '^' && p[2] == ']')
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "a class starting with '^]' is read differently by Java");
      if (left > 1 && (p[1] == ']' || p[1] == '^'))
        i++;
      continue;
    }
    if (c == '(') {
      if (starts(p, left, "(?R)") || starts(p, left, "(?&") ||
          (left > 2 && p[1] == '?' && (p[2] >= '0' && p[2] <= '9')) ||
          starts(p, left, "(?+") || starts(p, left, "(?-1") || starts(p, left, "(?P>"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "recursion and subroutine calls do not exist in Java");
      else if (starts(p, left, "(?("))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "conditional groups (?(...)...) do not exist in Java");
      else if (starts(p, left, "(*"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "backtracking verbs like (*SKIP) do not exist in Java");
      else if (starts(p, left, "(?|"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "branch reset groups (?|...) do not exist in Java");
      else if (starts(p, left, "(?P<") || starts(p, left, "(?P=") ||
               starts(p, left, "(?'"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "Java names groups only as (?<name>...)");
      else if (starts(p, left, "(?C"))
        add(out, max, &count, REGEX_LINT_ERROR, i, "regex-dialect",
            "callouts do not exist in Java");
      else if (left > 2 && p[1] == '?' && p[2] != ':' && p[2] != '=' && p[2] != '!' &&
               p[2] != '<' && p[2] != '>') {
        for (size_t k = i + 2; k < len && pat[k] != ')' && pat[k] != ':'; k++)
          if (pat[k] == 'i')
            case_insensitive_seen = true;
      }
      if (depth + 1 < sizeof group_has_quant / sizeof group_has_quant[0])
        group_has_quant[++depth] = false;
      continue;
    }
    if (c == ')') {
      bool inner = depth > 0 && group_has_quant[depth];
      if (depth > 0)
        depth--;
      if (inner && left > 1 && (p[1] == '+' || p[1] == '*' || p[1] == '{'))
        add(out, max, &count, REGEX_LINT_WARNING, i + 1, "regex-backtracking",
            "a repeated group that itself repeats can backtrack exponentially "
            "on a near-miss (like (a+)+); Java has no match limit, so such a "
            "pattern can stall the Flink job");
      if (inner && depth > 0)
        group_has_quant[depth] = true;
      continue;
    }
    if (c == '+' || c == '*' || c == '{')
      group_has_quant[depth] = true;
  }
  if (case_insensitive_seen && non_ascii_seen)
    add(out, max, &count, REGEX_LINT_WARNING, 0, "regex-dialect",
        "(?i) folds only ASCII letters in Java unless (?u) is also given; "
        "PCRE2 folds Unicode");
  return count;
}
