/* Getting generated SQL onto disk safely: a file is replaced atomically
 * (temporary file in the same directory, fsync, rename), so a failed or
 * interrupted run never leaves a partial file behind. */
#ifndef FILTERC_OUTPUT_H
#define FILTERC_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "emit.h"

/* An output file written where nobody sees it half done, then put in place
 * whole by stage_commit; stage_abort leaves the previous file untouched.
 *
 * - A regular file (or a new name) is built as an anonymous file in the
 *   target's directory (Linux O_TMPFILE), linked under a temporary name and
 *   renamed over the target at commit, so even `kill -9` leaves nothing
 *   behind. Where O_TMPFILE is not supported, a hidden `.NAME.XXXXXX`
 *   beside the target is used instead (a kill can leave that one).
 * - A character device, pipe or socket (`/dev/null`, `/dev/stdout` on a
 *   terminal or pipe), and `-` for standard output, are written directly:
 *   they cannot be replaced, and a write error (`/dev/full`) is reported.
 *   With need_regular (SQLite opens the file by name), the file is built
 *   in a temporary file in TMPDIR and copied to the device at commit.
 * - need_regular also means a named temporary beside a regular target
 *   (SQLite cannot open an anonymous file), which `kill -9` leaves behind.
 * - A symlink is followed: the file it points to is replaced and the link
 *   stays; a dangling symlink is refused. A directory is refused. */
typedef enum StageKind { STAGE_ANON, STAGE_NAMED, STAGE_DIRECT } StageKind;
typedef struct StagedFile {
  char dest[PATH_MAX]; /* the file the result replaces (symlink followed) */
  char path[PATH_MAX]; /* where the output is being built: open by this name */
  int fd;              /* the file at path, open for writing */
  int out_fd;          /* STAGE_DIRECT with need_regular: the device, else -1 */
  StageKind kind;
} StagedFile;

int stage_file(StagedFile *s, const char *target, bool need_regular, char *err,
               size_t errcap);
int stage_commit(StagedFile *s, char *err, size_t errcap);
void stage_abort(StagedFile *s);

/* A directory of outputs built beside the target (`.NAME.XXXXXX`) and
 * swapped in at commit (renameat2 RENAME_EXCHANGE where the file system
 * has it). Entries of the previous directory are carried over into the new
 * one unless the new one has the same name or `drop` lists them; the rest
 * of the previous directory is then deleted. On abort the staging
 * directory is removed and the previous one is untouched. */
typedef struct StagedDir {
  char dest[PATH_MAX];
  char path[PATH_MAX];
} StagedDir;

int stage_dir(StagedDir *s, const char *target, char *err, size_t errcap);
int stage_dir_commit(StagedDir *s, char *const *drop, size_t drop_count, char *err,
                     size_t errcap);
void stage_dir_abort(StagedDir *s);

/* Replaces `path` with `len` bytes of `data` through stage_file. Returns
 * 0, or -1 with a message in err (the old file, if any, is untouched). */
int write_file_atomic(const char *path, const char *data, size_t len, char *err,
                      size_t errcap);

/* Writes one file per statement into `dir` (created if missing), named in
 * deploy order: 01-source-TABLE.sql, 02-sink-TOPIC.sql, ..., then the job
 * (NN-job-statement-set.sql, or NN-insert-TOPIC.sql each), and
 * manifest.tsv listing them with a statement name for
 * `confluent flink statement create`. The new set is written into a
 * staging directory beside `dir` and swapped in whole (StagedDir): the
 * files the previous manifest lists are replaced, and every other file in
 * `dir` is kept, even one named like ours. A failure leaves `dir` as it
 * was. Returns 0, or -1 with err. */
int write_split(const char *dir, const Generated *g, char *err, size_t errcap);

/* Reads a whole file into malloc'd memory, at most max bytes (more is
 * EFBIG). NULL (errno set) on failure. */
char *read_whole_file(const char *path, size_t max, size_t *len);

#endif
