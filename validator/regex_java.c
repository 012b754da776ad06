/* Java regular expression -> PCRE2 pattern with the same meaning.
 *
 * The parser follows java.util.regex.Pattern (JDK 17): expr() / sequence()
 * / atom() / closure() / clazz() / escape(), and it stops at the first
 * error as Pattern.compile does. Every construct it meets is a row of
 * CONSTRUCTS below, which says what becomes of it: the PCRE2 text that
 * means the same in Java's default mode (no UNICODE_CHARACTER_CLASS), or a
 * diagnostic. Each row was checked with tests/regex/JavaRegexProbe.java
 * against the JDK on this machine (corpus: tests/regex/corpus.tsv).
 *
 * The output uses no PCRE2 option but UTF: everything that depends on a
 * mode in Java (., ^, $, \b, (?i), (?x), (?d), (?s), (?m)) is spelled out,
 * so PCRE2's own newline convention, caseless folding (Unicode in UTF
 * mode) and extended mode are never involved.
 *
 * Besides meaning, the parser records what Java's matcher will do with a
 * repeated group (Pattern.group0): a group whose body TreeInfo.study finds
 * deterministic (fixed length, no Branch) becomes a GroupCurly, which
 * iterates; any other becomes Prolog + Loop, whose Loop.match recurses once
 * per iteration, so a long subject overflows the task's stack
 * (StackOverflowError is not an Exception: regExp does not catch it and the
 * Flink task fails, restarts and meets the same event again). A possessive
 * quantifier makes a plain Curly (iterative) instead. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "regex.h"

typedef enum Action { TRANSLATE, REJECT, WARN } Action;

typedef enum Construct {
  /* translated */
  K_LITERAL,
  K_DOT,
  K_DOT_DOTALL,
  K_DOT_UNIX_LINES,
  K_BEGIN,
  K_CARET_MULTILINE,
  K_CARET_UNIX_MULTILINE,
  K_DOLLAR,
  K_DOLLAR_MULTILINE,
  K_DOLLAR_UNIX,
  K_DOLLAR_UNIX_MULTILINE,
  K_END,
  K_LAST_MATCH,
  K_WORD_BOUNDARY,
  K_NOT_WORD_BOUNDARY,
  K_LINEBREAK,
  K_ASCII_CLASS_ESCAPE,
  K_POSIX_LOWER,
  K_POSIX_UPPER,
  K_POSIX_ASCII,
  K_POSIX_ALPHA,
  K_POSIX_DIGIT,
  K_POSIX_ALNUM,
  K_POSIX_PUNCT,
  K_POSIX_GRAPH,
  K_POSIX_PRINT,
  K_POSIX_BLANK,
  K_POSIX_CNTRL,
  K_POSIX_XDIGIT,
  K_POSIX_SPACE,
  K_CATEGORY,
  K_CATEGORY_LC,
  K_CATEGORY_LD,
  K_CATEGORY_L1,
  K_CATEGORY_ALL,
  K_SCRIPT,
  K_CHAR_ESCAPE,
  K_CLASS,
  K_CLASS_NESTED,
  K_CLASS_INTERSECTION,
  K_QUOTE,
  K_GROUP,
  K_NAMED_GROUP,
  K_LOOKAROUND,
  K_ATOMIC,
  K_INLINE_FLAGS,
  K_BACKREF,
  K_BACKREF_UNDEFINED,
  K_QUANTIFIER,
  /* rejected: Java rejects, PCRE2 would accept (or read it otherwise) */
  K_EMPTY_PATTERN,
  K_BRACE_NOT_QUANTIFIER,
  K_BRACE_NO_MIN,
  K_PCRE_RECURSION,
  K_PCRE_CONDITIONAL,
  K_PCRE_VERB,
  K_PCRE_BRANCH_RESET,
  K_PCRE_NAMED_GROUP,
  K_PCRE_CALLOUT,
  K_PCRE_COMMENT,
  K_PCRE_ESCAPE,
  K_PCRE_POSIX_CLASS,
  K_PCRE_PROPERTY,
  K_PCRE_FLAG,
  /* rejected: both reject */
  K_SYNTAX,
  /* rejected: Java accepts, the evaluator cannot mirror it */
  K_UNSUPPORTED,
  K_QUANT_ON_QUANT,
  K_CASELESS_BACKREF,
  K_CASELESS_PROPERTY,
  K_PCRE2_LIMIT,
  /* Java's matcher would fail the task or stall */
  K_RECURSIVE_LOOP,
  K_ADJACENT_QUANTIFIERS,
  K_NESTED_QUANTIFIERS,
  K_CONSTRUCT_COUNT
} Construct;

typedef struct Rule {
  const char *java;  /* the construct as Java spells it */
  Action action;     /* TRANSLATE: to pcre2 (NULL: computed, see java) */
  const char *pcre2; /* for POSIX properties: the class body */
  const char *code;
  const char *message;
  const char *hint; /* may hold one %s: the pattern's details */
} Rule;

/* Java's line terminators (Pattern.java, "Line terminators"). */
#define LT "\\n\\r\\x{85}\\x{2028}\\x{2029}"
/* Bound.check in JDK 17: a side is a word character when it is '_' or
 * Character.isLetterOrDigit (Unicode, not \w), or a non-spacing mark whose
 * base (hasBaseCharacter, back over further marks) is a letter or digit.
 * PCRE2 10.42 needs fixed-length lookbehind alternatives, so chains of up
 * to three marks are spelled out. WORD_BEFORE is a lookbehind body (the
 * character before the position), WORD_AT a lookahead body. */
#define LD "[\\p{L}\\p{Nd}]"
#define WORD_BEFORE "[\\p{L}\\p{Nd}_]|" LD "\\p{Mn}|" LD "\\p{Mn}{2}|" LD "\\p{Mn}{3}"
#define WORD_AT "[\\p{L}\\p{Nd}_]|(?<=" LD "|" LD "\\p{Mn}|" LD "\\p{Mn}{2})\\p{Mn}"

static const Rule CONSTRUCTS[K_CONSTRUCT_COUNT] = {
    [K_LITERAL] =
        {"a character", TRANSLATE, NULL, NULL,
         "itself; \\x{..} unless alphanumeric; [aA] under (?i) for ASCII letters "
         "only, (?i:..) under (?iu)",
         NULL},
    [K_DOT] = {".", TRANSLATE, "[^" LT "]", NULL, NULL, NULL},
    [K_DOT_DOTALL] = {"(?s).", TRANSLATE, "(?s:.)", NULL, NULL, NULL},
    [K_DOT_UNIX_LINES] = {"(?d).", TRANSLATE, "[^\\n]", NULL, NULL, NULL},
    [K_BEGIN] = {"^ or \\A", TRANSLATE, "\\A", NULL, NULL, NULL},
    /* Caret: after a terminator but not inside \r\n, never at the end */
    [K_CARET_MULTILINE] = {"(?m)^", TRANSLATE,
                           "(?:(?<![^" LT "])(?!(?<=\\r)\\n)(?=[\\s\\S]))", NULL, NULL,
                           NULL},
    [K_CARET_UNIX_MULTILINE] = {"(?md)^", TRANSLATE, "(?:(?<![^\\n])(?=[\\s\\S]))", NULL,
                                NULL, NULL},
    /* Dollar(multiline=false): at the end, or before one final terminator
     * (\r\n counts as one) but not between \r and \n */
    [K_DOLLAR] = {"$ or \\Z", TRANSLATE, "(?:(?=(?:\\r\\n|[" LT "])?\\z)(?!(?<=\\r)\\n))",
                  NULL, NULL, NULL},
    [K_DOLLAR_MULTILINE] = {"(?m)$", TRANSLATE, "(?:(?=[" LT "]|\\z)(?!(?<=\\r)\\n))",
                            NULL, NULL, NULL},
    [K_DOLLAR_UNIX] = {"(?d)$", TRANSLATE, "(?:(?=\\n?\\z))", NULL, NULL, NULL},
    [K_DOLLAR_UNIX_MULTILINE] = {"(?md)$", TRANSLATE, "(?:(?=\\n|\\z))", NULL, NULL,
                                 NULL},
    [K_END] = {"\\z", TRANSLATE, "\\z", NULL, NULL, NULL},
    [K_LAST_MATCH] = {"\\G", TRANSLATE, "\\G", NULL, NULL, NULL},
    [K_WORD_BOUNDARY] = {"\\b", TRANSLATE,
                         "(?:(?<=" WORD_BEFORE ")(?!" WORD_AT ")|(?<!" WORD_BEFORE
                         ")(?=" WORD_AT "))",
                         NULL, NULL, NULL},
    [K_NOT_WORD_BOUNDARY] = {"\\B", TRANSLATE,
                             "(?:(?<=" WORD_BEFORE ")(?=" WORD_AT ")|(?<!" WORD_BEFORE
                             ")(?!" WORD_AT "))",
                             NULL, NULL, NULL},
    /* LineEnding backtracks from \r\n to \r; PCRE2's \R is atomic */
    [K_LINEBREAK] = {"\\R", TRANSLATE,
                     "(?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])", NULL, NULL,
                     NULL},
    [K_ASCII_CLASS_ESCAPE] = {"\\d \\D \\s \\S \\w \\W \\h \\H \\v \\V", TRANSLATE, NULL,
                              NULL,
                              "the same escape: PCRE2 without UCP has Java's ASCII sets",
                              NULL},
    [K_POSIX_LOWER] = {"Lower", TRANSLATE, "a-z", NULL, NULL, NULL},
    [K_POSIX_UPPER] = {"Upper", TRANSLATE, "A-Z", NULL, NULL, NULL},
    [K_POSIX_ASCII] = {"ASCII", TRANSLATE, "\\x00-\\x7F", NULL, NULL, NULL},
    [K_POSIX_ALPHA] = {"Alpha", TRANSLATE, "a-zA-Z", NULL, NULL, NULL},
    [K_POSIX_DIGIT] = {"Digit", TRANSLATE, "0-9", NULL, NULL, NULL},
    [K_POSIX_ALNUM] = {"Alnum", TRANSLATE, "a-zA-Z0-9", NULL, NULL, NULL},
    [K_POSIX_PUNCT] = {"Punct", TRANSLATE, "!-\\/:-@\\[-`{-~", NULL, NULL, NULL},
    [K_POSIX_GRAPH] = {"Graph", TRANSLATE, "!-~", NULL, NULL, NULL},
    [K_POSIX_PRINT] = {"Print", TRANSLATE, " -~", NULL, NULL, NULL},
    [K_POSIX_BLANK] = {"Blank", TRANSLATE, " \\t", NULL, NULL, NULL},
    [K_POSIX_CNTRL] = {"Cntrl", TRANSLATE, "\\x00-\\x1F\\x7F", NULL, NULL, NULL},
    [K_POSIX_XDIGIT] = {"XDigit", TRANSLATE, "0-9a-fA-F", NULL, NULL, NULL},
    [K_POSIX_SPACE] = {"Space", TRANSLATE, " \\t\\n\\x0B\\f\\r", NULL, NULL, NULL},
    [K_CATEGORY] = {"\\p{Lu} \\p{IsLu} \\p{gc=Lu} \\pL", TRANSLATE, NULL, NULL,
                    "\\p{Lu}: the same Unicode general category", NULL},
    [K_CATEGORY_LC] = {"LC", TRANSLATE, "\\p{Lu}\\p{Ll}\\p{Lt}", NULL, NULL, NULL},
    [K_CATEGORY_LD] = {"LD", TRANSLATE, "\\p{L}\\p{Nd}", NULL, NULL, NULL},
    [K_CATEGORY_L1] = {"L1", TRANSLATE, "\\x00-\\xFF", NULL, NULL, NULL},
    [K_CATEGORY_ALL] = {"all", TRANSLATE, "\\x{0}-\\x{10FFFF}", NULL, NULL, NULL},
    [K_SCRIPT] = {"\\p{IsLatin} \\p{sc=Latin} \\p{script=Latin}", TRANSLATE, NULL, NULL,
                  "\\p{Latin}", NULL},
    [K_CHAR_ESCAPE] = {"\\t \\n \\r \\f \\a \\e \\cX \\0oo \\xhh \\x{h..} \\uhhhh",
                       TRANSLATE, NULL, NULL,
                       "\\x{..} of the code point Java computes (\\ca is '!')", NULL},
    [K_CLASS] = {"[...]", TRANSLATE, NULL, NULL,
                 "[...] with every member spelled \\x{..}; (?x) whitespace and comments "
                 "dropped, ASCII case variants added under (?i)",
                 NULL},
    [K_CLASS_NESTED] = {"[a[b]] [^a[b]]", TRANSLATE, NULL, NULL,
                        "a union (?:A|B); ^ negates the whole class, as in JDK 9+", NULL},
    [K_CLASS_INTERSECTION] = {"[a&&b]", TRANSLATE, NULL, NULL, "(?=A)B", NULL},
    [K_QUOTE] = {"\\Q...\\E", TRANSLATE, NULL, NULL, "its characters as literals", NULL},
    [K_GROUP] = {"(...) (?:...)", TRANSLATE, NULL, NULL, "the same group", NULL},
    [K_NAMED_GROUP] = {"(?<name>...)", TRANSLATE, NULL, NULL,
                       "a numbered group; \\k<name> becomes \\g{n}", NULL},
    [K_LOOKAROUND] = {"(?=) (?!) (?<=) (?<!)", TRANSLATE, NULL, NULL, "the same", NULL},
    [K_ATOMIC] = {"(?>...)", TRANSLATE, NULL, NULL, "the same", NULL},
    [K_INLINE_FLAGS] = {"(?imsdux-imsdux) (?i:...)", TRANSLATE, NULL, NULL,
                        "nothing: the flags change how the rest is spelled", NULL},
    [K_BACKREF] = {"\\1 \\k<name>", TRANSLATE, NULL, NULL,
                   "(?:\\g{n}); Java reads further digits only while the group exists",
                   NULL},
    [K_BACKREF_UNDEFINED] = {"\\9 without group 9", TRANSLATE, "(?!)", NULL,
                             "never matches, as in Java", NULL},
    [K_QUANTIFIER] = {"? * + {n} {n,} {n,m} and their ? and + forms", TRANSLATE, NULL,
                      NULL, "the same", NULL},

    [K_EMPTY_PATTERN] = {"an empty pattern", REJECT, NULL, "empty-regex",
                         "an empty pattern makes Flink's REGEXP FALSE on every row "
                         "(SqlFunctionUtils.regExp returns false for it)",
                         "to accept every value use isNotNull; to match an empty value "
                         "use equals: \"\""},
    [K_BRACE_NOT_QUANTIFIER] = {"{ not starting a quantifier", REJECT, NULL,
                                "regex-dialect",
                                "Java rejects a '{' that does not start a {n}, {n,} or "
                                "{n,m} quantifier (PCRE2 reads it as a literal); Flink's "
                                "REGEXP would be FALSE on every row",
                                "write \\{ for a literal brace%s"},
    [K_BRACE_NO_MIN] = {"{,n}", REJECT, NULL, "regex-dialect",
                        "Java has no {,n} quantifier: it rejects the pattern (PCRE2 "
                        "reads it as text); Flink's REGEXP would be FALSE on every row",
                        "write {0,n}%s"},
    [K_PCRE_RECURSION] =
        {"(?R) (?1) (?&name) (?P>name)", REJECT, NULL, "regex-dialect",
         "recursion and subroutine calls do not exist in Java: it rejects "
         "the pattern; Flink's REGEXP would be FALSE on every row",
         "%s"},
    [K_PCRE_CONDITIONAL] = {"(?(cond)yes|no)", REJECT, NULL, "regex-dialect",
                            "conditional groups do not exist in Java: it rejects the "
                            "pattern; Flink's REGEXP would be FALSE on every row",
                            "%s"},
    [K_PCRE_VERB] =
        {"(*VERB)", REJECT, NULL, "regex-dialect",
         "backtracking verbs like (*SKIP) do not exist in Java: it rejects the "
         "pattern; Flink's REGEXP would be FALSE on every row",
         "%s"},
    [K_PCRE_BRANCH_RESET] = {"(?|...)", REJECT, NULL, "regex-dialect",
                             "branch reset groups do not exist in Java: it rejects the "
                             "pattern; Flink's REGEXP would be FALSE on every row",
                             "write (?:...)%s"},
    [K_PCRE_NAMED_GROUP] =
        {"(?P<n>) (?'n') (?P=n) \\g{n}", REJECT, NULL, "regex-dialect",
         "Java names groups only as (?<name>...) with an ASCII letter "
         "and then letters or digits, and refers to them as \\k<name>: it "
         "rejects this pattern",
         "%s"},
    [K_PCRE_CALLOUT] = {"(?C)", REJECT, NULL, "regex-dialect",
                        "callouts do not exist in Java: it rejects the pattern", "%s"},
    [K_PCRE_COMMENT] = {"(?#...)", REJECT, NULL, "regex-dialect",
                        "Java has no (?#...) comments: it rejects the pattern",
                        "use (?x) and # comments, or drop it%s"},
    [K_PCRE_ESCAPE] = {"\\K \\g \\o \\i ... (an unknown letter escape)", REJECT, NULL,
                       "regex-dialect",
                       "Java rejects this escape (an ASCII letter it does not define); "
                       "Flink's REGEXP would be FALSE on every row",
                       "%s"},
    [K_PCRE_POSIX_CLASS] =
        {"[[:alpha:]]", REJECT, NULL, "regex-dialect",
         "POSIX bracket classes are PCRE syntax: Java reads [[:alpha:]] "
         "as the set of the characters ':', 'a', 'l', 'p', 'h'",
         "write \\p{Alpha}%s"},
    [K_PCRE_PROPERTY] = {"\\p{Greek} \\p{L&} \\p{alpha}", REJECT, NULL, "regex-dialect",
                         "Java does not know this property name (scripts need Is or sc=, "
                         "POSIX names are case-sensitive): it rejects the pattern",
                         "%s"},
    [K_PCRE_FLAG] = {"(?n) (?J) (?^) (?xx)", REJECT, NULL, "regex-dialect",
                     "Java knows only the inline flags i d m s u x U c: it rejects the "
                     "pattern",
                     "%s"},
    [K_SYNTAX] =
        {"malformed", REJECT, NULL, "bad-regex",
         "Java cannot compile this pattern; Flink's REGEXP would be FALSE on every "
         "row",
         "%s"},
    [K_UNSUPPORTED] =
        {"\\X \\b{g} \\N{name} \\p{InBlock} \\p{javaX} \\p{IsAlphabetic} (?U) "
         "(?c) {n} over 65535, lone surrogates",
         REJECT, NULL, "regex-unsupported",
         "Java accepts this construct but filterc cannot evaluate it exactly, "
         "so it is not allowed",
         "%s"},
    [K_QUANT_ON_QUANT] =
        {"x{2}{3} a*{2}", REJECT, NULL, "regex-unsupported",
         "Java reads a quantifier on a quantifier in its own way (x{2}{3} "
         "finds \"xxxxx\"); filterc does not follow it",
         "put the inner repetition in a group: (?:x{2}){3}%s"},
    [K_CASELESS_BACKREF] =
        {"(?i)\\1", REJECT, NULL, "regex-unsupported",
         "a back reference under (?i) compares ASCII case-insensitively "
         "in Java; filterc cannot evaluate it exactly",
         "%s"},
    [K_CASELESS_PROPERTY] =
        {"(?i)\\p{Lu}", REJECT, NULL, "regex-unsupported",
         "under (?i) Java's Unicode properties match case variants too; "
         "filterc cannot evaluate that exactly",
         "%s"},
    [K_PCRE2_LIMIT] = {"(?<=a+) (?<=ab?)", REJECT, NULL, "regex-unsupported",
                       "Java accepts this pattern but PCRE2, which evaluates it here, "
                       "cannot",
                       "PCRE2 says: %s"},
    [K_RECURSIVE_LOOP] =
        {"(a|b)+ (?:\\w|-)* (a?b)+ (a+)+", REJECT, NULL, "regex-stack-overflow",
         "Java matches a repeated group whose body has alternatives or "
         "variable length (Pattern.Loop) by recursing once per repetition: "
         "a long value throws StackOverflowError, which Flink's REGEXP "
         "does not catch, and the task fails and restarts on the same "
         "event",
         "%s"},
    [K_ADJACENT_QUANTIFIERS] =
        {"a*a*b .*\\d+", WARN, NULL, "regex-backtracking",
         "adjacent unbounded quantifiers over overlapping characters "
         "backtrack polynomially on a near-miss (a*a*a*a*a*a*b takes "
         "JDK 17 54 s on 80 characters); Java has no match limit, so "
         "the Flink task stalls",
         "make one of them possessive (a*+) or the sets disjoint%s"},
    [K_NESTED_QUANTIFIERS] =
        {"(a+){1,9} (a|aa){1,9}", WARN, NULL, "regex-backtracking",
         "a repeated group whose body repeats or has alternatives can "
         "backtrack exponentially on a near-miss; Java has no match "
         "limit, so the Flink task stalls",
         "make the outer quantifier possessive%s"},
};

/* ---- character sets, for the backtracking analysis ------------------- */

typedef struct CharSet {
  uint64_t bits[2]; /* ASCII members */
  bool high;        /* may match a non-ASCII character */
} CharSet;

static CharSet set_all(void) {
  return (CharSet){{UINT64_MAX, UINT64_MAX}, true};
}

static void set_add(CharSet *s, uint32_t c) {
  if (c < 128)
    s->bits[c >> 6] |= (uint64_t)1 << (c & 63);
  else
    s->high = true;
}

static void set_add_range(CharSet *s, uint32_t lo, uint32_t hi) {
  for (uint32_t c = lo; c <= hi && c < 128; c++)
    set_add(s, c);
  if (hi >= 128)
    s->high = true;
}

static bool set_overlap(CharSet a, CharSet b) {
  return (a.bits[0] & b.bits[0]) || (a.bits[1] & b.bits[1]) || (a.high && b.high);
}

static void set_union(CharSet *a, CharSet b) {
  a->bits[0] |= b.bits[0];
  a->bits[1] |= b.bits[1];
  a->high |= b.high;
}

static CharSet set_invert(CharSet s) {
  return (CharSet){{~s.bits[0], ~s.bits[1]}, true};
}

/* ---- the parser -------------------------------------------------------- */

enum {
  F_I = 1,  /* CASE_INSENSITIVE */
  F_M = 2,  /* MULTILINE */
  F_S = 4,  /* DOTALL */
  F_D = 8,  /* UNIX_LINES */
  F_U = 16, /* UNICODE_CASE */
  F_X = 32, /* COMMENTS */
};

#define MAX_NAMES 64
/* Groups and classes nested deeper than this are refused: the parser
 * recurses per level, and so does Java's Pattern.compile, whose
 * StackOverflowError on a deep pattern would fail the task as well. */
#define MAX_NESTING 200
#define UNBOUNDED UINT32_MAX

typedef struct GroupName {
  const char *name;
  size_t len, number;
} GroupName;

typedef struct Tx {
  const char *p;
  size_t len, i;
  unsigned flags;
  RegexJava *t;
  Buf *out;
  size_t groups_total; /* from a first pass; backrefs past it never match */
  size_t groups;       /* opened so far (Java's capturingGroupCount - 1) */
  GroupName names[MAX_NAMES];
  size_t name_count;
  bool stop;       /* an error was reported */
  int lookbehinds; /* open (?<= and (?<! groups */
  int depth;
} Tx;

/* What an atom or a group body is, as far as the analyses need. */
typedef struct Info {
  bool single;        /* matches exactly one character */
  bool deterministic; /* TreeInfo.study: fixed length, no Branch */
  bool unbounded;     /* contains an unbounded quantifier */
  bool zero_width;    /* an anchor or lookaround */
  bool nothing;       /* an empty \Q\E: no atom */
  bool linebreak;     /* \R */
  bool alternatives;  /* has a '|' */
  bool ambiguous;     /* has alternatives that may start with the same character */
  CharSet first;      /* characters a match may start with (over-approximated) */
  bool all_single;    /* a body whose alternatives are each one single */
  CharSet set;        /* for single: the characters it may match */
} Info;

static void issue(Tx *x, Construct k, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void issue(Tx *x, Construct k, size_t offset, const char *fmt, ...) {
  const Rule *r = &CONSTRUCTS[k];
  RegexJava *t = x->t;
  if (r->action == REJECT) {
    if (x->stop)
      return;
    x->stop = true;
    t->has_error = true;
  }
  if (t->issue_count >= REGEX_MAX_ISSUES)
    return;
  for (size_t i = 0; r->action == WARN && i < t->issue_count; i++)
    if (t->issues[i].message == r->message)
      return; /* one warning of a kind per pattern */
  RegexIssue *is = &t->issues[t->issue_count++];
  char detail[200] = "";
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
  }
  *is = (RegexIssue){.level = r->action == WARN ? REGEX_WARNING : REGEX_ERROR,
                     .offset = offset,
                     .code = r->code,
                     .message = r->message ? r->message : "the pattern does not compile"};
  if (r->hint) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(is->hint, sizeof is->hint, r->hint, detail);
#pragma GCC diagnostic pop
  }
}

static void syntax(Tx *x, size_t offset, const char *what) {
  issue(x, K_SYNTAX, offset, "Java: %s", what);
}

static void emit(Tx *x, Construct k) {
  buf_adds(x->out, CONSTRUCTS[k].pcre2);
}

static bool at_end(const Tx *x) {
  return x->i >= x->len;
}

/* Java's ASCII.isSpace, which (?x) skips. */
static bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
}

/* Pattern.peekPastWhitespace: in (?x) whitespace and # comments up to a
 * line terminator are not part of the pattern, inside classes too. */
static void skip_comments(Tx *x) {
  if (!(x->flags & F_X))
    return;
  while (!at_end(x)) {
    unsigned char c = (unsigned char)x->p[x->i];
    if (is_space(c)) {
      x->i++;
    } else if (c == '#') {
      while (!at_end(x)) {
        unsigned char d = (unsigned char)x->p[x->i];
        if (d == '\n' ||
            (!(x->flags & F_D) &&
             (d == '\r' ||
              (d == 0xC2 && x->i + 1 < x->len && (unsigned char)x->p[x->i + 1] == 0x85) ||
              (d == 0xE2 && x->i + 2 < x->len && (unsigned char)x->p[x->i + 1] == 0x80 &&
               ((unsigned char)x->p[x->i + 2] | 1) == 0xA9))))
          break;
        x->i++;
      }
    } else {
      break;
    }
  }
}

static int peek(Tx *x) {
  skip_comments(x);
  return at_end(x) ? -1 : (unsigned char)x->p[x->i];
}

static int peek_raw(const Tx *x, size_t ahead) {
  return x->i + ahead < x->len ? (unsigned char)x->p[x->i + ahead] : -1;
}

/* Reads one UTF-8 code point (the source is valid UTF-8). */
static uint32_t read_cp(Tx *x) {
  const unsigned char *s = (const unsigned char *)x->p + x->i;
  size_t left = x->len - x->i;
  uint32_t c = s[0];
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n > left)
    n = left;
  if (n == 2)
    c &= 0x1F;
  else if (n == 3)
    c &= 0x0F;
  else if (n == 4)
    c &= 0x07;
  for (size_t k = 1; k < n; k++)
    c = (c << 6) | (s[k] & 0x3F);
  x->i += n;
  return c;
}

static bool is_ascii_letter(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(uint32_t c) {
  return is_ascii_letter(c) || (c >= '0' && c <= '9');
}

/* \x{HEX}, written without printf (every non-alphanumeric literal of a
 * pattern takes this path) */
static void put_hex_escape(Buf *out, uint32_t c) {
  char text[16];
  size_t k = sizeof text;
  text[--k] = '}';
  do
    text[--k] = "0123456789ABCDEF"[c & 15];
  while ((c >>= 4) != 0);
  text[--k] = '{';
  text[--k] = 'x';
  text[--k] = '\\';
  buf_add(out, text + k, sizeof text - k);
}

static void put_cp(Buf *out, uint32_t c) {
  if (is_alnum(c))
    buf_addc(out, (char)c);
  else
    put_hex_escape(out, c);
}

/* A literal outside a class. Java's (?i) folds ASCII only (Pattern.single:
 * SingleI) unless (?u) (SingleU); PCRE2 in UTF mode would fold Unicode. */
static void emit_literal(Tx *x, uint32_t c, Info *info) {
  *info = (Info){.single = true, .deterministic = true};
  set_add(&info->set, c);
  if ((x->flags & F_I) && is_ascii_letter(c)) {
    uint32_t other = c ^ 0x20;
    set_add(&info->set, other);
    buf_printf(x->out, "[%c%c]", (char)c, (char)other);
  } else if ((x->flags & F_I) && (x->flags & F_U) && c >= 128) {
    info->set.high = true;
    buf_adds(x->out, "(?i:");
    put_hex_escape(x->out, c);
    buf_addc(x->out, ')');
  } else {
    put_cp(x->out, c);
  }
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads n hex digits; -1 if they are not there. */
static long read_hex(Tx *x, int n) {
  long v = 0;
  for (int k = 0; k < n; k++) {
    int h = hex_value(peek_raw(x, 0));
    if (h < 0)
      return -1;
    v = v * 16 + h;
    x->i++;
  }
  return v;
}

/* The escapes that stand for one character (Pattern.escape, the cases that
 * return a code point). Returns 1 with *cp, 0 if the escape is not of this
 * kind (x->i unchanged), -1 after an error. x->i is past the backslash. */
static int char_escape(Tx *x, uint32_t *cp, size_t start) {
  int e = peek_raw(x, 0);
  switch (e) {
  case 't':
    *cp = '\t';
    break;
  case 'n':
    *cp = '\n';
    break;
  case 'r':
    *cp = '\r';
    break;
  case 'f':
    *cp = '\f';
    break;
  case 'a':
    *cp = 0x07;
    break;
  case 'e':
    *cp = 0x1B;
    break;
  case 'c': /* Pattern.c(): the next character XOR 64 */
    x->i++;
    if (at_end(x)) {
      syntax(x, start, "Illegal control escape sequence");
      return -1;
    }
    if (peek_raw(x, 0) == '\\') {
      /* Java removes \Q..\E quoting before it parses \c: what \c then
       * takes depends on that rewriting */
      issue(x, K_UNSUPPORTED, start, "\\c followed by a backslash");
      return -1;
    }
    *cp = read_cp(x) ^ 64;
    return 1;
  case '0': { /* Pattern.o(): \0n, \0nn, \0mnn with m <= 3 */
    x->i++;
    int n = peek_raw(x, 0);
    if (n < '0' || n > '7') {
      syntax(x, start, "Illegal octal escape sequence");
      return -1;
    }
    x->i++;
    uint32_t v = (uint32_t)(n - '0');
    int m = peek_raw(x, 0);
    if (m >= '0' && m <= '7') {
      x->i++;
      v = v * 8 + (uint32_t)(m - '0');
      int o = peek_raw(x, 0);
      if (o >= '0' && o <= '7' && n <= '3') {
        x->i++;
        v = v * 8 + (uint32_t)(o - '0');
      }
    }
    *cp = v;
    return 1;
  }
  case 'x': {
    x->i++;
    long v;
    if (peek_raw(x, 0) == '{') {
      x->i++;
      v = 0;
      int digits = 0;
      for (int h; (h = hex_value(peek_raw(x, 0))) >= 0; x->i++, digits++) {
        v = v * 16 + h;
        if (v > 0x10FFFF)
          break;
      }
      if (!digits || peek_raw(x, 0) != '}' || v > 0x10FFFF) {
        syntax(x, start, "Illegal hexadecimal escape sequence");
        return -1;
      }
      x->i++;
    } else if ((v = read_hex(x, 2)) < 0) {
      syntax(x, start, "Illegal hexadecimal escape sequence");
      return -1;
    }
    *cp = (uint32_t)v;
    break;
  }
  case 'u': {
    x->i++;
    long v = read_hex(x, 4);
    if (v < 0) {
      syntax(x, start, "Illegal Unicode escape sequence");
      return -1;
    }
    /* Pattern.uxxxx joins an escaped surrogate pair */
    if (v >= 0xD800 && v <= 0xDBFF && peek_raw(x, 0) == '\\' && peek_raw(x, 1) == 'u') {
      size_t save = x->i;
      x->i += 2;
      long lo = read_hex(x, 4);
      if (lo >= 0xDC00 && lo <= 0xDFFF)
        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
      else
        x->i = save;
    }
    *cp = (uint32_t)v;
    break;
  }
  default:
    return 0;
  }
  if (e != 'x' && e != 'u')
    x->i++;
  if (*cp >= 0xD800 && *cp <= 0xDFFF) {
    issue(x, K_UNSUPPORTED, start,
          "a lone surrogate cannot occur in UTF-8 text; Java would match it in a "
          "malformed UTF-16 string only");
    return -1;
  }
  return 1;
}

typedef struct Prop {
  Construct k;
  char body[64]; /* class body (inside [ ]), or empty for K_CATEGORY/K_SCRIPT */
} Prop;

static bool name_is(const char *s, size_t n, const char *lit) {
  return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static bool is_category(const char *s, size_t n) {
  static const char *const cats[] = {
      "L",  "Lu", "Ll", "Lt", "Lm", "Lo", "M",  "Mn", "Mc", "Me", "N",  "Nd", "Nl",
      "No", "Z",  "Zs", "Zl", "Zp", "C",  "Cc", "Cf", "Co", "Cs", "Cn", "P",  "Pd",
      "Ps", "Pe", "Pc", "Po", "Pi", "Pf", "S",  "Sm", "Sc", "Sk", "So"};
  for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
    if (name_is(s, n, cats[i]))
      return true;
  return false;
}

/* Java's binary properties (CharPredicates.forProperty) and the Is forms
 * of the POSIX names, which are Unicode: not translated. */
static bool is_binary_property(const char *s, size_t n) {
  static const char *const names[] = {"ALPHABETIC",
                                      "ASSIGNED",
                                      "CONTROL",
                                      "EMOJI",
                                      "HEXDIGIT",
                                      "HEX_DIGIT",
                                      "IDEOGRAPHIC",
                                      "JOINCONTROL",
                                      "JOIN_CONTROL",
                                      "LETTER",
                                      "LOWERCASE",
                                      "NONCHARACTERCODEPOINT",
                                      "NONCHARACTER_CODE_POINT",
                                      "TITLECASE",
                                      "PUNCTUATION",
                                      "UPPERCASE",
                                      "WHITESPACE",
                                      "WHITE_SPACE",
                                      "WORD",
                                      "ALNUM",
                                      "BLANK",
                                      "GRAPH",
                                      "PRINT",
                                      "ALPHA",
                                      "DIGIT",
                                      "LOWER",
                                      "UPPER",
                                      "SPACE",
                                      "PUNCT",
                                      "XDIGIT",
                                      "CNTRL",
                                      "ASCII",
                                      "EMOJI_PRESENTATION",
                                      "EMOJI_MODIFIER",
                                      "EMOJI_MODIFIER_BASE",
                                      "EMOJI_COMPONENT",
                                      "EXTENDED_PICTOGRAPHIC"};
  char up[64];
  if (n >= sizeof up)
    return false;
  for (size_t i = 0; i < n; i++)
    up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (name_is(up, n, names[i]))
      return true;
  return false;
}

/* Resolves the name of \p{name} as Pattern.family / CharPredicates do.
 * Returns false after an error. */
static bool property(Tx *x, const char *s, size_t n, size_t start, Prop *out) {
  *out = (Prop){K_CATEGORY, ""};
  for (Construct k = K_POSIX_LOWER; k <= K_POSIX_SPACE; k++)
    if (name_is(s, n, CONSTRUCTS[k].java)) {
      out->k = k;
      bool caseless = (x->flags & F_I) && (k == K_POSIX_LOWER || k == K_POSIX_UPPER);
      snprintf(out->body, sizeof out->body, "%s",
               caseless ? "a-zA-Z" : CONSTRUCTS[k].pcre2);
      return true;
    }
  const char *eq = memchr(s, '=', n);
  if (eq) {
    size_t kn = (size_t)(eq - s);
    const char *v = eq + 1;
    size_t vn = n - kn - 1;
    if (name_is(s, kn, "gc") || name_is(s, kn, "general_category")) {
      s = v, n = vn;
    } else if (name_is(s, kn, "sc") || name_is(s, kn, "script")) {
      out->k = K_SCRIPT;
      snprintf(out->body, sizeof out->body, "%.*s", (int)vn, v);
      return true;
    } else {
      issue(x, K_UNSUPPORTED, start, "\\p{%.*s}: blocks and other keyed properties",
            (int)n, s);
      return false;
    }
  } else if (n > 2 && s[0] == 'I' && s[1] == 's') {
    s += 2, n -= 2;
    if (!is_category(s, n) && !name_is(s, n, "LC") && !name_is(s, n, "LD") &&
        !name_is(s, n, "L1")) {
      if (is_binary_property(s, n)) {
        issue(x, K_UNSUPPORTED, start,
              "\\p{Is%.*s} is a Unicode binary property in Java; write the ASCII POSIX "
              "name (\\p{Alpha}) or a general category (\\p{L})",
              (int)n, s);
        return false;
      }
      out->k = K_SCRIPT;
      snprintf(out->body, sizeof out->body, "%.*s", (int)n, s);
      return true;
    }
  } else if (n > 2 && s[0] == 'I' && s[1] == 'n') {
    issue(x, K_UNSUPPORTED, start,
          "\\p{%.*s}: Unicode blocks are not supported by PCRE2 10.42", (int)n, s);
    return false;
  } else if (n > 4 && memcmp(s, "java", 4) == 0) {
    issue(x, K_UNSUPPORTED, start,
          "\\p{%.*s}: java.lang.Character properties; write a general category or an "
          "ASCII POSIX name",
          (int)n, s);
    return false;
  }
  if (name_is(s, n, "LC")) {
    out->k = K_CATEGORY_LC;
  } else if (name_is(s, n, "LD")) {
    out->k = K_CATEGORY_LD;
  } else if (name_is(s, n, "L1")) {
    out->k = K_CATEGORY_L1;
  } else if (name_is(s, n, "all")) {
    out->k = K_CATEGORY_ALL;
  } else if (is_category(s, n)) {
    snprintf(out->body, sizeof out->body, "\\p{%.*s}", (int)n, s);
    return true;
  } else {
    issue(x, K_PCRE_PROPERTY, start, "Java: Unknown character property name {%.*s}",
          (int)n, s);
    return false;
  }
  snprintf(out->body, sizeof out->body, "%s", CONSTRUCTS[out->k].pcre2);
  return true;
}

/* The members of a POSIX row's class body (the table's own spelling:
 * characters, \xHH, \t \n \f \r, escaped punctuation, ranges). */
static CharSet body_set(const char *b) {
  CharSet s = {{0, 0}, false};
  uint32_t prev = 0;
  bool range = false, have_prev = false;
  while (*b) {
    uint32_t c = (unsigned char)*b++;
    if (c == '-' && have_prev && *b) {
      range = true;
      continue;
    }
    if (c == '\\') {
      char e = *b++;
      if (e == 'x') {
        c = (uint32_t)(hex_value(b[0]) * 16 + hex_value(b[1]));
        b += 2;
      } else {
        c = e == 't'   ? 9
            : e == 'n' ? 10
            : e == 'f' ? 12
            : e == 'r' ? 13
                       : (unsigned char)e;
      }
    }
    if (range)
      set_add_range(&s, prev, c);
    else
      set_add(&s, c);
    range = false;
    have_prev = true;
    prev = c;
  }
  return s;
}

/* \p{..} \P{..} \pL \PL with x->i at 'p' or 'P'. Appends the members to
 * body (a class body); sets *negated. */
static bool property_escape(Tx *x, size_t start, Buf *body, bool *negated, CharSet *set) {
  *negated = x->p[x->i] == 'P';
  x->i++;
  const char *name;
  size_t n;
  if (peek_raw(x, 0) == '{') {
    x->i++;
    name = x->p + x->i;
    while (!at_end(x) && x->p[x->i] != '}')
      x->i++;
    if (at_end(x)) {
      syntax(x, start, "Unclosed character family");
      return false;
    }
    n = (size_t)(x->p + x->i - name);
    x->i++;
  } else if (!at_end(x)) {
    name = x->p + x->i;
    n = 1;
    x->i++;
  } else {
    syntax(x, start, "Illegal character family");
    return false;
  }
  Prop prop;
  if (!property(x, name, n, start, &prop))
    return false;
  bool ascii = prop.k >= K_POSIX_LOWER && prop.k <= K_POSIX_SPACE;
  if ((x->flags & F_I) && !ascii) {
    issue(x, K_CASELESS_PROPERTY, start, "\\p{%.*s}", (int)n, name);
    return false;
  }
  if (prop.k == K_SCRIPT)
    buf_printf(body, "\\p{%s}", prop.body);
  else
    buf_adds(body, prop.body);
  *set = ascii ? body_set(prop.body) : set_all();
  return true;
}

/* The letters Java defines as escapes that are not single characters nor
 * \p; unknown ones are errors. */
static bool class_escape_letter(int e) {
  return e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W' ||
         e == 'h' || e == 'H' || e == 'v' || e == 'V';
}

static CharSet escape_set(int e) {
  CharSet s = {{0, 0}, false};
  switch (e) {
  case 'd':
    set_add_range(&s, '0', '9');
    return s;
  case 'w':
    set_add_range(&s, '0', '9'), set_add_range(&s, 'a', 'z'), set_add_range(&s, 'A', 'Z');
    set_add(&s, '_');
    return s;
  case 's':
    set_add(&s, ' '), set_add_range(&s, 9, 13);
    return s;
  case 'h':
    set_add(&s, ' '), set_add(&s, '\t'), s.high = true;
    return s;
  case 'v':
    set_add_range(&s, 10, 13), s.high = true;
    return s;
  default: /* the negated ones */
    return set_invert(escape_set(e + 32));
  }
}

static void unknown_escape(Tx *x, size_t start, int e) {
  if (e == 'X' || e == 'N')
    issue(x, K_UNSUPPORTED, start, "\\%c: %s", e,
          e == 'X' ? "grapheme clusters differ between Java and PCRE2"
                   : "named characters; write \\x{..} with the code point");
  else if (e == 'g')
    issue(x, K_PCRE_NAMED_GROUP, start, "write \\1 or \\k<name>");
  else
    issue(x, K_PCRE_ESCAPE, start, "Java: Illegal/unsupported escape sequence \\%c", e);
}

/* ---- character classes ------------------------------------------------ */

typedef struct ClassOut {
  Buf items; /* bracket body of the plain members */
  Buf alts;  /* '|'-separated expressions of nested negated/complex parts */
  CharSet set;
} ClassOut;

static void class_init(ClassOut *c) {
  buf_init(&c->items);
  buf_init(&c->alts);
  c->set = (CharSet){{0, 0}, false};
}

static void class_free(ClassOut *c) {
  buf_free(&c->items);
  buf_free(&c->alts);
}

/* The union as one single-character expression. */
static void class_expr(const ClassOut *c, Buf *out) {
  if (!c->alts.len) {
    if (c->items.len)
      buf_printf(out, "[%s]", buf_str(&c->items));
    else
      buf_adds(out, "(?!)");
    return;
  }
  buf_adds(out, "(?:");
  if (c->items.len)
    buf_printf(out, "[%s]|", buf_str(&c->items));
  buf_printf(out, "%s)", buf_str(&c->alts));
}

static void class_add_range(Tx *x, ClassOut *c, uint32_t lo, uint32_t hi) {
  put_cp(&c->items, lo);
  if (hi != lo) {
    buf_addc(&c->items, '-');
    put_cp(&c->items, hi);
  }
  set_add_range(&c->set, lo, hi);
  /* Pattern.range under (?i): ASCII case variants (CIRange), Unicode ones
   * only with (?u) */
  if (x->flags & F_I) {
    uint32_t a = lo > 'a' ? lo : 'a', b = hi < 'z' ? hi : 'z';
    if (a <= b)
      buf_printf(&c->items, "%c-%c", (char)(a - 32), (char)(b - 32)),
          set_add_range(&c->set, a - 32, b - 32);
    a = lo > 'A' ? lo : 'A', b = hi < 'Z' ? hi : 'Z';
    if (a <= b)
      buf_printf(&c->items, "%c-%c", (char)(a + 32), (char)(b + 32)),
          set_add_range(&c->set, a + 32, b + 32);
    if ((x->flags & F_U) && hi >= 128) {
      /* no exact rendering of Java's per-character toUpperCase/toLowerCase
       * test over a range: refuse rather than guess */
      issue(x, K_UNSUPPORTED, x->i, "a non-ASCII range under (?iu)");
    }
  }
}

static void parse_class(Tx *x, ClassOut *res, size_t open);

/* One operand of && : members until && or the closing ']'. first: a ']'
 * here is a member (right after '[' or '[^'). */
static void class_union(Tx *x, ClassOut *c, size_t open, bool first) {
  for (;;) {
    int ch = peek(x);
    if (ch < 0) {
      syntax(x, open, "Unclosed character class");
      return;
    }
    if (ch == ']' && !first)
      return;
    if (ch == ']' && first) {
      /* Java 17 takes a ']' right after '[' or '[^' as a member */
      x->i++;
      class_add_range(x, c, ']', ']');
      first = false;
      continue;
    }
    first = false;
    if (ch == '&' && peek_raw(x, 1) == '&')
      return;
    size_t start = x->i;
    if (ch == '[') {
      if (peek_raw(x, 1) == ':' || peek_raw(x, 1) == '=' || peek_raw(x, 1) == '.') {
        const char *close = NULL;
        for (size_t k = x->i + 2; k + 1 < x->len; k++)
          if (x->p[k] == peek_raw(x, 1) && x->p[k + 1] == ']') {
            close = x->p + k;
            break;
          }
        if (close) {
          issue(x, K_PCRE_POSIX_CLASS, start, " (here: %.*s)",
                (int)(close + 2 - (x->p + start)), x->p + start);
          return;
        }
      }
      if (++x->depth > MAX_NESTING) {
        issue(x, K_UNSUPPORTED, start, "classes nested more than %d deep", MAX_NESTING);
        return;
      }
      x->i++;
      ClassOut inner;
      class_init(&inner);
      parse_class(x, &inner, start);
      x->depth--;
      if (!x->stop) {
        if (!inner.alts.len) { /* a plain nested class: its members join ours */
          buf_adds(&c->items, buf_str(&inner.items));
        } else {
          if (c->alts.len)
            buf_addc(&c->alts, '|');
          class_expr(&inner, &c->alts);
        }
        c->set.bits[0] |= inner.set.bits[0];
        c->set.bits[1] |= inner.set.bits[1];
        c->set.high |= inner.set.high;
      }
      class_free(&inner);
      if (x->stop)
        return;
      continue;
    }
    uint32_t lo;
    if (ch == '\\') {
      x->i++;
      if (at_end(x)) {
        syntax(x, start, "Unexpected internal error"); /* Java's text for a trailing \ */
        return;
      }
      int e = peek_raw(x, 0);
      if (e == 'Q') {
        x->i++;
        while (!at_end(x) && !(x->p[x->i] == '\\' && peek_raw(x, 1) == 'E')) {
          uint32_t q = read_cp(x);
          class_add_range(x, c, q, q);
        }
        if (!at_end(x))
          x->i += 2;
        continue;
      }
      if (class_escape_letter(e)) {
        x->i++;
        buf_printf(&c->items, "\\%c", e);
        CharSet s = escape_set(e);
        c->set.bits[0] |= s.bits[0], c->set.bits[1] |= s.bits[1], c->set.high |= s.high;
        continue;
      }
      if (e == 'p' || e == 'P') {
        bool neg;
        CharSet s;
        Buf body;
        buf_init(&body);
        if (property_escape(x, start, &body, &neg, &s)) {
          if (!neg) {
            buf_adds(&c->items, buf_str(&body));
          } else {
            if (c->alts.len)
              buf_addc(&c->alts, '|');
            buf_printf(&c->alts, "[^%s]", buf_str(&body));
          }
          c->set = set_all();
        }
        buf_free(&body);
        if (x->stop)
          return;
        continue;
      }
      int r = char_escape(x, &lo, start);
      if (r < 0)
        return;
      if (r == 0) {
        if (is_alnum((uint32_t)e)) {
          if (e >= '0' && e <= '9')
            issue(x, K_UNSUPPORTED, start, "a back reference or digit escape in a class");
          else if (e == 'b' || e == 'B' || e == 'A' || e == 'G' || e == 'Z' || e == 'z' ||
                   e == 'R' || e == 'X' || e == 'k')
            syntax(x, start, "this escape is not allowed in a character class");
          else
            unknown_escape(x, start, e);
          return;
        }
        lo = read_cp(x);
      }
    } else {
      lo = read_cp(x);
    }
    /* a range? Java: '-' followed by a character other than ']' and '[' */
    uint32_t hi = lo;
    skip_comments(x);
    if (peek_raw(x, 0) == '-' && peek_raw(x, 1) != ']' && peek_raw(x, 1) != '[' &&
        peek_raw(x, 1) >= 0) {
      size_t dash = x->i;
      x->i++;
      skip_comments(x);
      if (peek_raw(x, 0) == '\\') {
        x->i++;
        int e = peek_raw(x, 0);
        int r = char_escape(x, &hi, dash);
        if (r < 0)
          return;
        if (r == 0) {
          if (is_alnum((uint32_t)e) || e < 0) {
            syntax(x, dash, "Illegal character range");
            return;
          }
          hi = read_cp(x);
        }
      } else if (at_end(x)) {
        syntax(x, open, "Unclosed character class");
        return;
      } else {
        hi = read_cp(x);
      }
      if (hi < lo) {
        syntax(x, start, "Illegal character range");
        return;
      }
    }
    class_add_range(x, c, lo, hi);
    if (x->stop)
      return;
  }
}

/* After '[': [^]? union (&& union)* ']'. Fills res with a plain body, or
 * with one expression in alts when nesting, negation of nested parts or &&
 * need one. */
static void parse_class(Tx *x, ClassOut *res, size_t open) {
  bool negated = false;
  if (peek_raw(x, 0) == '^') {
    negated = true;
    x->i++;
  }
  ClassOut acc;
  class_init(&acc);
  class_union(x, &acc, open, true);
  while (!x->stop && peek(x) == '&') {
    x->i += 2;
    ClassOut right;
    class_init(&right);
    class_union(x, &right, open, false);
    if (!x->stop && (right.items.len || right.alts.len)) {
      if (!acc.items.len && !acc.alts.len) { /* [&&a] is [a] in Java */
        class_free(&acc);
        acc = right;
        continue;
      }
      Buf e;
      buf_init(&e);
      buf_adds(&e, "(?:(?=");
      class_expr(&acc, &e);
      buf_adds(&e, ")");
      class_expr(&right, &e);
      buf_adds(&e, ")");
      CharSet s = {
          {acc.set.bits[0] & right.set.bits[0], acc.set.bits[1] & right.set.bits[1]},
          acc.set.high && right.set.high};
      class_free(&acc);
      class_init(&acc);
      buf_adds(&acc.alts, buf_str(&e));
      acc.set = s;
      buf_free(&e);
    }
    class_free(&right);
  }
  if (x->stop) {
    class_free(&acc);
    return;
  }
  if (peek(x) != ']') {
    syntax(x, open, "Unclosed character class");
    class_free(&acc);
    return;
  }
  x->i++;
  if (!acc.items.len && !acc.alts.len) {
    syntax(x, open, "Unclosed character class"); /* [] and [^] */
    class_free(&acc);
    return;
  }
  if (!negated) {
    *res = acc;
    return;
  }
  res->set = set_invert(acc.set);
  if (!acc.alts.len) {
    buf_printf(&res->alts, "[^%s]", buf_str(&acc.items));
  } else {
    buf_adds(&res->alts, "(?:(?!");
    class_expr(&acc, &res->alts);
    buf_adds(&res->alts, ")(?s:.))");
  }
  class_free(&acc);
}

/* ---- groups, atoms, quantifiers --------------------------------------- */

static void parse_alternation(Tx *x, Info *info);

static bool group_name(Tx *x, const char **name, size_t *n, size_t start) {
  skip_comments(x);
  *name = x->p + x->i;
  if (!is_ascii_letter((uint32_t)peek_raw(x, 0))) {
    issue(x, K_PCRE_NAMED_GROUP, start,
          "a group name starts with an ASCII letter and has only letters and digits");
    return false;
  }
  while (!at_end(x) && is_alnum((unsigned char)x->p[x->i]))
    x->i++;
  *n = (size_t)(x->p + x->i - *name);
  skip_comments(x);
  if (peek_raw(x, 0) != '>') {
    issue(x, K_PCRE_NAMED_GROUP, start,
          "a group name starts with an ASCII letter and has only letters and digits");
    return false;
  }
  x->i++;
  return true;
}

/* (?flags) or (?flags: with x->i after "(?". Returns 1 for "(?flags)",
 * 2 for "(?flags:", 0 after an error. */
static int inline_flags(Tx *x, size_t start, unsigned *flags) {
  bool on = true;
  for (;;) {
    int c = peek(x);
    unsigned f = 0;
    switch (c) {
    case 'i':
      f = F_I;
      break;
    case 'm':
      f = F_M;
      break;
    case 's':
      f = F_S;
      break;
    case 'd':
      f = F_D;
      break;
    case 'u':
      f = F_U;
      break;
    case 'x':
      f = F_X;
      break;
    case 'U':
    case 'c':
      issue(x, K_UNSUPPORTED, start, "(?%c): %s", c,
            c == 'U' ? "UNICODE_CHARACTER_CLASS" : "CANON_EQ");
      return 0;
    case '-':
      on = false;
      x->i++;
      continue;
    case ')':
      x->i++;
      return 1;
    case ':':
      x->i++;
      return 2;
    default:
      if (c == 'n' || c == 'J' || c == '^')
        issue(x, K_PCRE_FLAG, start, "(?%c) is PCRE syntax", c);
      else
        syntax(x, start, "Unknown inline modifier");
      return 0;
    }
    x->i++;
    if (on)
      *flags |= f;
    else
      *flags &= ~f;
  }
}

/* After '(' : the group kinds of Pattern.group0. Returns false when the
 * group was only "(?flags)". */
static bool parse_group(Tx *x, Info *info, size_t start) {
  unsigned saved = x->flags;
  bool lookaround = false, lookbehind = false, capture = false;
  const char *open = "(?:";
  skip_comments(x);
  if (peek_raw(x, 0) == '*') {
    issue(x, K_PCRE_VERB, start, NULL);
    return false;
  }
  if (peek_raw(x, 0) == '?') {
    x->i++;
    int c = peek(x);
    switch (c) {
    case ':':
      x->i++;
      break;
    case '=':
      x->i++, open = "(?=", lookaround = true;
      break;
    case '!':
      x->i++, open = "(?!", lookaround = true;
      break;
    case '>':
      x->i++, open = "(?>";
      break;
    case '<': {
      x->i++;
      int d = peek(x);
      if (d == '=' || d == '!') {
        x->i++;
        open = d == '=' ? "(?<=" : "(?<!";
        lookaround = lookbehind = true;
        break;
      }
      const char *name;
      size_t n;
      if (!group_name(x, &name, &n, start))
        return false;
      for (size_t k = 0; k < x->name_count; k++)
        if (x->names[k].len == n && memcmp(x->names[k].name, name, n) == 0) {
          syntax(x, start, "Named capturing group is already defined");
          return false;
        }
      if (x->name_count < MAX_NAMES)
        x->names[x->name_count++] = (GroupName){name, n, x->groups + 1};
      capture = true;
      break;
    }
    case 'R':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
    case '&':
    case '+':
      issue(x, K_PCRE_RECURSION, start, NULL);
      return false;
    case 'P':
      if (peek_raw(x, 1) == '>')
        issue(x, K_PCRE_RECURSION, start, NULL);
      else
        issue(x, K_PCRE_NAMED_GROUP, start, "write (?<name>...) and \\k<name>");
      return false;
    case '\'':
      issue(x, K_PCRE_NAMED_GROUP, start, "write (?<name>...)");
      return false;
    case '(':
      issue(x, K_PCRE_CONDITIONAL, start, NULL);
      return false;
    case '|':
      issue(x, K_PCRE_BRANCH_RESET, start, NULL);
      return false;
    case 'C':
      issue(x, K_PCRE_CALLOUT, start, NULL);
      return false;
    case '#':
      issue(x, K_PCRE_COMMENT, start, NULL);
      return false;
    case '-':
      if (peek_raw(x, 1) >= '0' && peek_raw(x, 1) <= '9') {
        issue(x, K_PCRE_RECURSION, start, NULL);
        return false;
      }
      /* a flag list that turns flags off */
      /* fall through */
    default: {
      int kind = inline_flags(x, start, &x->flags);
      if (kind == 0)
        return false;
      if (kind == 1) /* (?flags): applies to the rest of the enclosing group */
        return false;
      break;
    }
    }
  } else {
    capture = true;
  }
  if (capture) {
    x->groups++;
    open = "(";
  }
  buf_adds(x->out, open);
  if (x->depth >= MAX_NESTING) {
    issue(x, K_UNSUPPORTED, start, "groups nested more than %d deep", MAX_NESTING);
    return false;
  }
  x->depth++;
  x->lookbehinds += lookbehind;
  Info body;
  parse_alternation(x, &body);
  x->lookbehinds -= lookbehind;
  x->depth--;
  x->flags = saved;
  if (x->stop)
    return false;
  if (peek(x) != ')') {
    syntax(x, start, "Unclosed group");
    return false;
  }
  x->i++;
  buf_addc(x->out, ')');
  if (lookaround) {
    *info = (Info){.deterministic = true, .zero_width = true};
  } else {
    *info = body;
    info->single = false;
  }
  return true;
}

static void backref(Tx *x, size_t number, size_t start, Info *info) {
  *info = (Info){.deterministic = false};
  if (x->lookbehinds) { /* Pattern.group0: TreeInfo.maxValid is false */
    syntax(x, start, "Look-behind group does not have an obvious maximum length");
    return;
  }
  if (x->flags & F_I) {
    issue(x, K_CASELESS_BACKREF, start, NULL);
    return;
  }
  if (number > x->groups_total || number == 0)
    buf_adds(x->out, CONSTRUCTS[K_BACKREF_UNDEFINED].pcre2);
  else
    buf_printf(x->out, "(?:\\g{%zu})", number);
}

/* An escape outside a class, x->i at the backslash. */
static void parse_escape(Tx *x, Info *info) {
  size_t start = x->i;
  x->i++;
  if (at_end(x)) {
    syntax(x, start, "Unexpected internal error");
    return;
  }
  int e = peek_raw(x, 0);
  *info = (Info){.deterministic = true};
  if (e >= '1' && e <= '9') { /* Pattern.ref */
    x->i++;
    size_t n = (size_t)(e - '0');
    for (int d; (d = peek_raw(x, 0)) >= '0' && d <= '9';) {
      size_t more = n * 10 + (size_t)(d - '0');
      if (more > x->groups)
        break;
      n = more;
      x->i++;
    }
    backref(x, n, start, info);
    return;
  }
  if (class_escape_letter(e)) {
    x->i++;
    buf_printf(x->out, "\\%c", e);
    *info = (Info){.single = true, .deterministic = true, .set = escape_set(e)};
    return;
  }
  if (e == 'p' || e == 'P') {
    bool neg;
    CharSet s;
    Buf body;
    buf_init(&body);
    if (property_escape(x, start, &body, &neg, &s))
      buf_printf(x->out, "[%s%s]", neg ? "^" : "", buf_str(&body));
    buf_free(&body);
    *info = (Info){.single = true, .deterministic = true, .set = neg ? set_all() : s};
    return;
  }
  Construct anchor = K_CONSTRUCT_COUNT;
  switch (e) {
  case 'A':
    anchor = K_BEGIN;
    break;
  case 'z':
    anchor = K_END;
    break;
  case 'G':
    anchor = K_LAST_MATCH;
    break;
  case 'Z':
    anchor = (x->flags & F_D) ? K_DOLLAR_UNIX : K_DOLLAR;
    break;
  case 'b':
    if (peek_raw(x, 1) == '{') {
      issue(x, K_UNSUPPORTED, start, "\\b{g}: grapheme cluster boundaries");
      return;
    }
    anchor = K_WORD_BOUNDARY;
    break;
  case 'B':
    anchor = K_NOT_WORD_BOUNDARY;
    break;
  case 'R':
    x->i++;
    emit(x, K_LINEBREAK);
    *info = (Info){.deterministic = false, .linebreak = true};
    return;
  case 'k': {
    x->i++;
    if (peek_raw(x, 0) != '<') {
      syntax(x, start, "\\k is not followed by '<' for named capturing group");
      return;
    }
    x->i++;
    const char *name;
    size_t n;
    if (!group_name(x, &name, &n, start))
      return;
    for (size_t k = 0; k < x->name_count; k++)
      if (x->names[k].len == n && memcmp(x->names[k].name, name, n) == 0) {
        backref(x, x->names[k].number, start, info);
        return;
      }
    syntax(x, start,
           "named capturing group does not exist (Java needs it defined before)");
    return;
  }
  case 'Q': {
    x->i++;
    bool any = false;
    /* Java removes the quoting before parsing (RemoveQEQuoting): each
     * character is a literal of its own, so a quantifier takes the last */
    while (!at_end(x) && !(x->p[x->i] == '\\' && peek_raw(x, 1) == 'E')) {
      Info one;
      emit_literal(x, read_cp(x), &one);
      any = true;
    }
    if (!at_end(x))
      x->i += 2;
    /* an empty \Q\E is no atom at all: Java removes it before parsing */
    *info = (Info){.deterministic = true, .nothing = !any};
    return;
  }
  default:
    break;
  }
  if (anchor != K_CONSTRUCT_COUNT) {
    x->i++;
    emit(x, anchor);
    *info = (Info){.deterministic = true, .zero_width = true};
    return;
  }
  uint32_t cp;
  int r = char_escape(x, &cp, start);
  if (r < 0)
    return;
  if (r == 0) {
    if (is_alnum((uint32_t)e)) {
      unknown_escape(x, start, e);
      return;
    }
    cp = read_cp(x);
  }
  emit_literal(x, cp, info);
}

static Construct dollar(unsigned flags) {
  if (flags & F_D)
    return (flags & F_M) ? K_DOLLAR_UNIX_MULTILINE : K_DOLLAR_UNIX;
  return (flags & F_M) ? K_DOLLAR_MULTILINE : K_DOLLAR;
}

/* One atom of a sequence. Returns false at '|', ')' or the end (nothing
 * consumed) or when the atom was only inline flags. */
static bool parse_atom(Tx *x, Info *info, bool *more) {
  *more = true;
  int c = peek(x);
  size_t start = x->i;
  *info = (Info){.deterministic = true};
  switch (c) {
  case -1:
  case '|':
  case ')':
    *more = false;
    return false;
  case '(':
    x->i++;
    return parse_group(x, info, start);
  case '[': {
    x->i++;
    ClassOut cls;
    class_init(&cls);
    parse_class(x, &cls, start);
    if (!x->stop)
      class_expr(&cls, x->out);
    *info = (Info){.single = true, .deterministic = true, .set = cls.set};
    class_free(&cls);
    return true;
  }
  case '\\':
    parse_escape(x, info);
    return !info->nothing;
  case '.':
    x->i++;
    emit(x, (x->flags & F_S)   ? K_DOT_DOTALL
            : (x->flags & F_D) ? K_DOT_UNIX_LINES
                               : K_DOT);
    *info = (Info){.single = true, .deterministic = true, .set = set_all()};
    return true;
  case '^':
    x->i++;
    emit(x, !(x->flags & F_M)  ? K_BEGIN
            : (x->flags & F_D) ? K_CARET_UNIX_MULTILINE
                               : K_CARET_MULTILINE);
    *info = (Info){.deterministic = true, .zero_width = true};
    return true;
  case '$':
    x->i++;
    emit(x, dollar(x->flags));
    *info = (Info){.deterministic = true, .zero_width = true};
    return true;
  case '*':
  case '+':
  case '?':
    syntax(x, start, "Dangling meta character");
    return false;
  case '{':
    issue(x, K_BRACE_NOT_QUANTIFIER, start, " (Java: Illegal repetition)");
    return false;
  default:
    emit_literal(x, read_cp(x), info);
    return true;
  }
}

static bool read_number(Tx *x, uint32_t *v) {
  bool any = false;
  uint64_t n = 0;
  for (int d; (d = peek(x)) >= '0' && d <= '9'; x->i++) {
    n = n * 10 + (uint64_t)(d - '0');
    if (n > INT32_MAX)
      n = (uint64_t)INT32_MAX + 1; /* Math.addExact throws: an error below */
    any = true;
  }
  *v = n > INT32_MAX ? UNBOUNDED - 1 : (uint32_t)n;
  return any;
}

typedef struct Quant {
  bool present;
  uint32_t min, max; /* max UNBOUNDED: no limit */
  char mode;         /* 0 greedy, '?' lazy, '+' possessive */
  size_t start;
} Quant;

/* Pattern.closure / curly. Emits the quantifier. */
static bool parse_quantifier(Tx *x, Quant *q) {
  *q = (Quant){.start = x->i};
  int c = peek(x);
  if (c == '?' || c == '*' || c == '+') {
    x->i++;
    q->present = true;
    q->min = c == '+';
    q->max = c == '?' ? 1 : UNBOUNDED;
    buf_addc(x->out, (char)c);
  } else if (c == '{') {
    size_t start = x->i;
    x->i++;
    int d = peek_raw(x, 0); /* Java looks at the very next character */
    if (d == ',') {
      issue(x, K_BRACE_NO_MIN, start, NULL);
      return false;
    }
    if (d < '0' || d > '9') {
      issue(x, K_BRACE_NOT_QUANTIFIER, start, " (Java: Illegal repetition)");
      return false;
    }
    read_number(x, &q->min);
    q->max = q->min;
    if (peek(x) == ',') {
      x->i++;
      q->max = UNBOUNDED;
      if (peek(x) != '}')
        read_number(x, &q->max);
    }
    if (peek(x) != '}') {
      syntax(x, start, "Unclosed counted closure");
      return false;
    }
    x->i++;
    if (q->min == UNBOUNDED - 1 || q->max == UNBOUNDED - 1) {
      syntax(x, start, "a repetition count over 2147483647 (Math.addExact throws)");
      return false;
    }
    if (q->max < q->min) {
      syntax(x, start, "Illegal repetition range");
      return false;
    }
    if (q->min > 65535 || (q->max != UNBOUNDED && q->max > 65535)) {
      issue(x, K_UNSUPPORTED, start, "PCRE2 counts repetitions up to 65535");
      return false;
    }
    q->present = true;
    if (q->max == UNBOUNDED)
      buf_printf(x->out, "{%u,}", q->min);
    else if (q->max == q->min)
      buf_printf(x->out, "{%u}", q->min);
    else
      buf_printf(x->out, "{%u,%u}", q->min, q->max);
  } else {
    return true;
  }
  int m = peek(x);
  if (m == '?' || m == '+') {
    x->i++;
    q->mode = (char)m;
    buf_addc(x->out, (char)m);
  }
  int next = peek(x);
  if (next == '*' || next == '+' || next == '?') {
    syntax(x, x->i, "Dangling meta character");
    return false;
  }
  if (next == '{') {
    issue(x, K_QUANT_ON_QUANT, x->i, NULL);
    return false;
  }
  return true;
}

/* The hint for a repeated group Java would recurse on. */
static void recursion_hint(Tx *x, const Info *body, size_t gstart, size_t gend,
                           const Quant *q, bool last, char *hint, size_t size) {
  const char *g = x->p + gstart;
  int glen = (int)(gend - gstart);
  const char *qs = x->p + q->start;
  int qlen = (int)(x->i - q->start);
  if (body->all_single) {
    /* every alternative is one character: one class says the same */
    char cls[160] = "";
    size_t n = 0;
    size_t a = gstart + 1;
    if (x->p[a] == '?' && a + 1 < gend && x->p[a + 1] == ':')
      a += 2;
    for (size_t k = a; k < gend - 1 && n + 4 < sizeof cls;) {
      size_t e = k;
      int depth = 0;
      bool in_class = false;
      for (; e < gend - 1; e++) {
        char ch = x->p[e];
        if (ch == '\\') {
          e++;
          continue;
        }
        if (ch == '[')
          in_class = true, depth++;
        else if (ch == ']' && in_class && --depth == 0)
          in_class = false;
        else if (ch == '|' && !in_class)
          break;
      }
      const char *alt = x->p + k;
      size_t alen = e - k;
      if (alen >= 2 && alt[0] == '[' && alt[1] != '^' && alt[alen - 1] == ']')
        alt++, alen -= 2;
      if (alen == 1 && (alt[0] == '-' || alt[0] == '^' || alt[0] == ']' || alt[0] == '['))
        n += (size_t)snprintf(cls + n, sizeof cls - n, "\\%c", alt[0]);
      else
        n += (size_t)snprintf(cls + n, sizeof cls - n, "%.*s", (int)alen, alt);
      k = e + 1;
    }
    snprintf(hint, size,
             "every alternative is one character: write [%s]%.*s (one character class "
             "repeats without recursion)",
             cls, qlen - (q->mode == '+' ? 1 : 0), qs);
  } else if (last) {
    snprintf(
        hint, size,
        "only the end of the pattern (or $) follows it, so the possessive form "
        "finds the same: (?:%.*s)%.*s+ "
        "(a possessive quantifier runs iteratively; an atomic group (?>...) does not "
        "help)",
        glen - 2 - (g[1] == '?' && g[2] == ':' ? 2 : 0),
        g + 1 + (g[1] == '?' && g[2] == ':' ? 2 : 0), qlen, qs);
  } else {
    snprintf(
        hint, size,
        "write it possessive, %.*s%.*s+, if what follows cannot match what the group "
        "matches, or bound it to at most %d repetitions",
        glen, g, qlen, qs, REGEX_JAVA_MAX_LOOP);
  }
}

static bool only_end_follows(const Tx *x) {
  /* the rest of the pattern is empty, a closing group chain, or '$' */
  for (size_t k = x->i; k < x->len; k++)
    if (x->p[k] != ')' && x->p[k] != '$' && !((x->flags & F_X) && is_space(x->p[k])))
      return false;
  return true;
}

static void parse_sequence(Tx *x, Info *info) {
  *info = (Info){.deterministic = true, .all_single = true};
  size_t atoms = 0;
  bool first_done = false;
  bool prev_unbounded_single = false;
  CharSet prev_set = {{0, 0}, false};
  for (;;) {
    skip_comments(x);
    size_t start = x->i;
    size_t out_start = x->out->len;
    Info a;
    bool more;
    bool got = parse_atom(x, &a, &more);
    if (x->stop || !more)
      break;
    if (!got) /* inline flags */
      continue;
    size_t end = x->i;
    if (a.zero_width && x->out->len > out_start && x->out->p[out_start] != '(') {
      /* \A \z \G take no quantifier in PCRE2; Java allows one */
      Buf tmp;
      buf_init(&tmp);
      buf_add(&tmp, x->out->p + out_start, x->out->len - out_start);
      x->out->len = out_start;
      buf_printf(x->out, "(?:%s)", buf_str(&tmp));
      buf_free(&tmp);
    }
    Quant q;
    if (!parse_quantifier(x, &q))
      break;
    atoms++;
    bool is_group = x->p[start] == '(';
    if (q.present && a.linebreak) {
      /* Curly and Ques call LineEnding with nothing after it, so it never
       * gives back the \n of \r\n, and Curly backs off by the length of
       * the first repetition: \R{1,3}\R does not find "\r\n" */
      issue(
          x, K_UNSUPPORTED, start,
          "a quantified \\R; write (?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])");
      break;
    }
    info->ambiguous |= a.ambiguous;
    if (!a.zero_width && !first_done) {
      CharSet f = a.single ? a.set : is_group ? a.first : set_all();
      set_union(&info->first, f);
      first_done = !(q.present && q.min == 0);
    }
    if (!q.present) {
      info->deterministic &= a.deterministic;
      info->unbounded |= a.unbounded;
      if (!a.single)
        info->all_single = false;
      if (!a.zero_width)
        prev_unbounded_single = false;
      continue;
    }
    info->all_single = false;
    bool variable = q.min != q.max;
    info->deterministic &= a.deterministic && !variable;
    info->unbounded |= a.unbounded || q.max == UNBOUNDED;
    if (is_group && !a.deterministic && q.mode != '+' && q.max > REGEX_JAVA_MAX_LOOP) {
      char hint[256];
      recursion_hint(x, &a, start, end, &q, x->depth == 0 && only_end_follows(x), hint,
                     sizeof hint);
      issue(x, K_RECURSIVE_LOOP, start, "%s", hint);
      break;
    }
    if (is_group && (a.unbounded || a.ambiguous) && q.max > 1 && q.mode != '+')
      issue(x, K_NESTED_QUANTIFIERS, start, " (here: %.*s)", (int)(x->i - start),
            x->p + start);
    if (a.single && q.max == UNBOUNDED && q.mode != '+') {
      if (prev_unbounded_single && set_overlap(prev_set, a.set))
        issue(x, K_ADJACENT_QUANTIFIERS, start, " (here: %.*s after the one before)",
              (int)(x->i - start), x->p + start);
      prev_unbounded_single = true;
      prev_set = a.set;
    } else {
      prev_unbounded_single = false;
    }
  }
  if (atoms != 1)
    info->all_single = false;
  if (!first_done) /* may match the empty string: overlaps anything */
    info->first = set_all();
}

static void parse_alternation(Tx *x, Info *info) {
  *info = (Info){.deterministic = true, .all_single = true};
  size_t alternatives = 0;
  for (;;) {
    Info seq;
    parse_sequence(x, &seq);
    alternatives++;
    info->deterministic &= seq.deterministic;
    info->unbounded |= seq.unbounded;
    info->all_single &= seq.all_single;
    info->ambiguous |=
        seq.ambiguous || (alternatives > 1 && set_overlap(info->first, seq.first));
    set_union(&info->first, seq.first);
    if (x->stop || peek(x) != '|')
      break;
    x->i++;
    buf_addc(x->out, '|');
  }
  if (alternatives > 1) { /* Branch.study: never deterministic */
    info->deterministic = false;
    info->alternatives = true;
  }
}

static void translate(const char *pattern, size_t len, RegexJava *t,
                      size_t groups_total) {
  Tx x = {
      .p = pattern, .len = len, .t = t, .out = &t->pcre2, .groups_total = groups_total};
  Info info;
  parse_alternation(&x, &info);
  if (!x.stop && !at_end(&x)) /* a ')' without its '(' */
    syntax(&x, x.i, "Unmatched closing ')'");
  t->groups = x.groups;
}

void regex_java_translate(const char *pattern, size_t len, RegexJava *t) {
  *t = (RegexJava){0};
  buf_init(&t->pcre2);
  if (len == 0) {
    Tx x = {.t = t};
    issue(&x, K_EMPTY_PATTERN, 0, NULL);
    return;
  }
  /* first pass: how many groups, for back references past the last one */
  translate(pattern, len, t, SIZE_MAX);
  size_t groups = t->groups;
  buf_free(&t->pcre2);
  *t = (RegexJava){0};
  buf_init(&t->pcre2);
  translate(pattern, len, t, groups);
  if (!t->pcre2.p)
    buf_adds(&t->pcre2, "");
}

void regex_java_pcre2_failure(RegexJava *t, const char *pcre2_message) {
  Tx x = {.t = t};
  issue(&x, K_PCRE2_LIMIT, 0, "%s", pcre2_message);
}

void regex_java_free(RegexJava *t) {
  buf_free(&t->pcre2);
}
