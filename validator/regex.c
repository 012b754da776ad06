#include "regex.h"

#include <stdio.h>
#include <string.h>

static void copy_message(char *message, size_t size, const char *text) {
  if (message && size) {
    strncpy(message, text, size - 1);
    message[size - 1] = '\0';
  }
}

pcre2_code *regex_compile_translation(const RegexJava *t, char *message,
                                      size_t message_size) {
  /* The translation spells out every construct whose meaning depends on an
   * option (., ^, $, \b, case), so plain UTF mode is all it needs: no UCP
   * (\w \d \s stay ASCII, as in Java), no caseless flag, no newline
   * convention in play. */
  int code = 0;
  PCRE2_SIZE off = 0;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)buf_str(&t->pcre2), t->pcre2.len,
                                 PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, &code, &off, NULL);
  if (!re && message && message_size) {
    if (pcre2_get_error_message(code, (PCRE2_UCHAR *)message, message_size) < 0)
      copy_message(message, message_size, "invalid regular expression");
  }
  return re;
}

pcre2_code *regex_compile(const char *pattern, size_t len, char *message,
                          size_t message_size, size_t *offset) {
  RegexJava t;
  regex_java_translate(pattern, len, &t);
  pcre2_code *re = NULL;
  if (offset)
    *offset = 0;
  if (t.has_error) {
    for (size_t i = 0; i < t.issue_count; i++)
      if (t.issues[i].level == REGEX_ERROR) {
        copy_message(message, message_size, t.issues[i].message);
        if (offset)
          *offset = t.issues[i].offset;
        break;
      }
  } else {
    re = regex_compile_translation(&t, message, message_size);
  }
  regex_java_free(&t);
  return re;
}
