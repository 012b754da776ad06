/* JSONL input as lines, read in large blocks so that a line costs one
 * memchr. Memory is bounded by the block size and max_line: an oversized
 * line is skipped to its end without being held whole. */
#include <stdlib.h>
#include <string.h>

#include "filterc_runtime.h"

#define BLOCK (1u << 20)
/* Bytes asked of one read: a quarter of a 1 MB L2 cache, so the block
 * and the batch it is copied into (pipeline.c) stay in it. */
#define READ_SIZE ((size_t)256 << 10)

struct RtLines {
  FILE *in;
  char *buf;
  size_t cap;        /* allocated bytes */
  size_t start, end; /* unread bytes are buf[start..end) */
  size_t max_line;
  bool eof, error;
  bool skipping; /* inside an oversized line, discarding to its newline */
  uint64_t lineno;
  uint64_t bytes;
};

RtLines *rt_lines_new(FILE *in, size_t max_line) {
  RtLines *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->in = in;
  r->max_line = max_line;
  r->cap = (max_line > BLOCK ? max_line : BLOCK) + BLOCK;
  r->buf = malloc(r->cap);
  if (!r->buf) {
    free(r);
    return NULL;
  }
  return r;
}

void rt_lines_free(RtLines *r) {
  if (!r)
    return;
  free(r->buf);
  free(r);
}

uint64_t rt_lines_bytes_read(const RtLines *r) {
  return r->bytes;
}

/* Moves unread bytes to the front and reads more after them. */
static void refill(RtLines *r) {
  if (r->start > 0) {
    memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
  }
  /* A cache-sized piece at a time, not the whole buffer (sized for the longest
   * line): the bytes read are scanned and copied at once, while they are
   * still in the cache. */
  size_t room = r->cap - r->end;
  size_t n = fread(r->buf + r->end, 1, room < READ_SIZE ? room : READ_SIZE, r->in);
  r->end += n;
  r->bytes += n;
  if (n == 0) {
    r->eof = true;
    r->error = ferror(r->in) != 0;
  }
}

int rt_lines_next(RtLines *r, const char **line, size_t *len, uint64_t *lineno,
                  bool *too_long) {
  for (;;) {
    char *s = r->buf + r->start;
    size_t avail = r->end - r->start;
    char *nl = memchr(s, '\n', avail);
    if (!nl && r->eof && avail == 0) {
      if (r->skipping) { /* an oversized last line without a newline */
        r->skipping = false;
        *too_long = true;
        *line = NULL;
        *len = 0;
        *lineno = ++r->lineno;
        return 1;
      }
      return r->error ? -1 : 0;
    }
    if (!nl && !r->eof) {
      if (avail > r->max_line) { /* drop what we have, keep looking */
        r->skipping = true;
        r->start = r->end;
      }
      refill(r);
      continue;
    }
    size_t n = nl ? (size_t)(nl - s) : avail;
    r->start += nl ? n + 1 : n;
    *lineno = ++r->lineno;
    *too_long = r->skipping || n > r->max_line;
    r->skipping = false;
    if (*too_long) {
      *line = NULL;
      *len = 0;
      return 1;
    }
    if (n > 0 && s[n - 1] == '\r')
      n--;
    *line = s;
    *len = n;
    return 1;
  }
}
