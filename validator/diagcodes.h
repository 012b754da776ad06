/* The diagnostics table: every code the tools emit, its severity and its
 * one-line meaning. The README's table (`filterc codes`), the SARIF rules'
 * descriptions and the completeness test (tests/diag_codes_test.py, which
 * finds every code in the sources) are all derived from it. */
#ifndef FILTERC_DIAGCODES_H
#define FILTERC_DIAGCODES_H

#include <stddef.h>

typedef struct DiagCodeInfo {
  const char *code;
  const char *severity; /* "error", "warning" or "error or warning" */
  const char *meaning;  /* one line */
} DiagCodeInfo;

extern const DiagCodeInfo DIAG_CODES[];
extern const size_t DIAG_CODE_COUNT;

/* NULL for a code not in the table. */
const DiagCodeInfo *diag_code_info(const char *code);

#endif
