/* A source file held in memory with a line index, so diagnostics can quote
 * the offending line. Loading checks what libyaml would otherwise report
 * badly or not at all: size, NUL bytes and invalid UTF-8. */
#ifndef FILTERC_SOURCE_H
#define FILTERC_SOURCE_H

#include "diag.h"

#define SOURCE_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct SourceFile {
  char *path; /* owned copy of the name given by the user */
  char *text; /* owned, NUL-terminated */
  size_t len;
  size_t *line_starts; /* byte offset of each line */
  size_t line_count;
} SourceFile;

/* Returns 0 on success. On failure adds a diagnostic naming sf->path and
 * returns -1 (I/O problem: missing, directory, unreadable, too large) or -2
 * (content problem: NUL byte, invalid UTF-8); the file stays usable for
 * quoting lines either way and must be released with source_free. */
int source_load(SourceFile *sf, const char *path, size_t max_bytes, DiagList *diags);
/* Same checks for text that is already in memory (tests, fuzzers, stdin). */
int source_from_memory(SourceFile *sf, const char *name, const char *data, size_t len,
                       DiagList *diags);
void source_free(SourceFile *sf);

/* The text of a 1-based line without its line terminator, or NULL. */
const char *source_line(const SourceFile *sf, uint32_t line, size_t *len);

/* Line and column (in characters, as libyaml counts them) of a byte offset. */
SrcPos source_position(const SourceFile *sf, size_t offset);

/* Offset of the first byte that is not valid UTF-8, or len if all valid. */
size_t utf8_first_invalid(const unsigned char *s, size_t len);

#endif
