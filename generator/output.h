/* Getting generated SQL onto disk safely: a file is replaced atomically
 * (temporary file in the same directory, fsync, rename), so a failed or
 * interrupted run never leaves a partial file behind. */
#ifndef FILTERC_OUTPUT_H
#define FILTERC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "emit.h"

/* Replaces `path` with `len` bytes of `data`. Returns 0, or -1 with a
 * message in err (the old file, if any, is untouched). */
int write_file_atomic(const char *path, const char *data, size_t len, char *err,
                      size_t errcap);

/* Writes one file per statement into `dir` (created if missing), named in
 * deploy order: 01-source-TABLE.sql, 02-sink-TOPIC.sql, ..., then the job
 * (NN-job-statement-set.sql, or NN-insert-TOPIC.sql each), and
 * manifest.tsv listing them with a statement name for
 * `confluent flink statement create`. Numbered .sql files and a manifest
 * left by an earlier run that are not part of this one are removed, so the
 * directory holds exactly this deployment. Returns 0, or -1 with err. */
int write_split(const char *dir, const Generated *g, char *err, size_t errcap);

/* Reads a whole file into malloc'd memory. NULL (errno set) on failure. */
char *read_whole_file(const char *path, size_t *len);

#endif
