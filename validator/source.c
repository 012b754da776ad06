#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t utf8_first_invalid(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    /* eight ASCII bytes at a time: YAML files are mostly ASCII */
    while (len - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, sizeof w);
      if (w & 0x8080808080808080u)
        break;
      i += 8;
    }
    if (i >= len)
      break;
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (len - i <= n)
      return i;
    unsigned cp = c & (0x3F >> n);
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n + 1;
  }
  return len;
}

static void index_lines(SourceFile *sf) {
  size_t count = 1;
  const char *end = sf->text + sf->len;
  for (const char *p = sf->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    count++;
  sf->line_starts = malloc(count * sizeof *sf->line_starts);
  if (!sf->line_starts)
    abort();
  size_t k = 0;
  sf->line_starts[k++] = 0;
  for (const char *p = sf->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    sf->line_starts[k++] = (size_t)(p - sf->text) + 1;
  sf->line_count = count;
}

SrcPos source_position(const SourceFile *sf, size_t offset) {
  size_t lo = 0, hi = sf->line_count;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (sf->line_starts[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  uint32_t col = 1;
  for (size_t i = sf->line_starts[lo]; i < offset; i++)
    if (((unsigned char)sf->text[i] & 0xC0) != 0x80)
      col++;
  return (SrcPos){(uint32_t)lo + 1, col};
}

static int check_content(SourceFile *sf, DiagList *diags) {
  const char *nul = memchr(sf->text, '\0', sf->len);
  if (nul) {
    diag_add(diags, SEV_ERROR, sf->path, source_position(sf, (size_t)(nul - sf->text)),
             "nul-byte", "file contains a NUL byte; filter files are text");
    return -2;
  }
  size_t bad = utf8_first_invalid((const unsigned char *)sf->text, sf->len);
  if (bad < sf->len) {
    Diag *d =
        diag_add(diags, SEV_ERROR, sf->path, source_position(sf, bad), "invalid-utf8",
                 "invalid UTF-8 byte 0x%02X", (unsigned char)sf->text[bad]);
    diag_hint(d, "save the file as UTF-8");
    return -2;
  }
  return 0;
}

static void init_empty(SourceFile *sf, const char *name) {
  memset(sf, 0, sizeof *sf);
  sf->path = strdup(name);
  if (!sf->path)
    abort();
}

int source_from_memory(SourceFile *sf, const char *name, const char *data, size_t len,
                       DiagList *diags) {
  init_empty(sf, name);
  sf->text = malloc(len + 1);
  if (!sf->text)
    abort();
  memcpy(sf->text, data, len);
  sf->text[len] = '\0';
  sf->len = len;
  index_lines(sf);
  return check_content(sf, diags);
}

int source_load(SourceFile *sf, const char *path, size_t max_bytes, DiagList *diags) {
  init_empty(sf, path);
  const SrcPos whole = {0, 0};
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_add(diags, SEV_ERROR, sf->path, whole, "io-error", "cannot open: %s",
             strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
    diag_add(diags, SEV_ERROR, sf->path, whole, "io-error",
             "is a directory, not a filters file");
    fclose(f);
    return -1;
  }
  if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
    diag_add(diags, SEV_ERROR, sf->path, whole, "file-too-large",
             "file is %lld bytes; the limit is %zu bytes", (long long)st.st_size,
             max_bytes);
    fclose(f);
    return -1;
  }
  /* Read in chunks so pipes and files that grow while read are bounded too. */
  size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096, len = 0;
  char *buf = malloc(cap);
  if (!buf)
    abort();
  for (;;) {
    if (len + 1 >= cap) {
      cap *= 2;
      char *grown = realloc(buf, cap);
      if (!grown)
        abort();
      buf = grown;
    }
    size_t n = fread(buf + len, 1, cap - len - 1, f);
    len += n;
    if (len > max_bytes) {
      diag_add(diags, SEV_ERROR, sf->path, whole, "file-too-large",
               "file is larger than the limit of %zu bytes", max_bytes);
      free(buf);
      fclose(f);
      return -1;
    }
    if (n == 0)
      break;
  }
  int read_error = ferror(f);
  fclose(f);
  if (read_error) {
    diag_add(diags, SEV_ERROR, sf->path, whole, "io-error", "read error");
    free(buf);
    return -1;
  }
  buf[len] = '\0';
  sf->text = buf;
  sf->len = len;
  index_lines(sf);
  return check_content(sf, diags);
}

void source_free(SourceFile *sf) {
  free(sf->path);
  free(sf->text);
  free(sf->line_starts);
  memset(sf, 0, sizeof *sf);
}

const char *source_line(const SourceFile *sf, uint32_t line, size_t *len) {
  if (!sf->text || line == 0 || line > sf->line_count)
    return NULL;
  size_t start = sf->line_starts[line - 1];
  size_t end = line < sf->line_count ? sf->line_starts[line] - 1 : sf->len;
  if (end > start && sf->text[end - 1] == '\r')
    end--;
  *len = end - start;
  return sf->text + start;
}
