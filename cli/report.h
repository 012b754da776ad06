/* Rendering diagnostics for people and tools: text with the quoted line,
 * JSON, GitHub workflow commands, SARIF. The front end only collects
 * diagnostics (DiagList); how they are shown is the CLI's business, so the
 * front-end library carries no output formats. */
#ifndef FILTERC_REPORT_H
#define FILTERC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "source.h"

/* Renders diagnostics gcc-style with the quoted line and a caret. `sources`
 * supplies text for quoting; a diagnostic whose file is not among them is
 * printed without the quote. */
void diag_render_text(FILE *out, const DiagList *diags, const SourceFile *const *sources,
                      size_t source_count, bool color);
void diag_render_json(FILE *out, const DiagList *diags);
/* GitHub Actions workflow commands, one `::error file=..,line=..::msg` per
 * diagnostic, so they annotate the pull request's lines. */
void diag_render_github(FILE *out, const DiagList *diags);
/* One SARIF 2.1.0 log (one run, rules = the codes seen) for code scanning. */
void diag_render_sarif(FILE *out, const DiagList *diags, const char *tool_version);

#endif
