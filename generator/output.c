#include "output.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static int fail(char *err, size_t cap, const char *what, const char *path) {
  snprintf(err, cap, "%s %s: %s", what, path, strerror(errno));
  return -1;
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* The directory part of `path` ("." when it has none), in `dir`. */
static void dir_of(const char *path, char *dir, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    snprintf(dir, cap, ".");
  else if (slash == path)
    snprintf(dir, cap, "/");
  else
    snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

/* Makes a rename into `dir` durable. Best effort: some file systems
 * refuse fsync on a directory, and the data itself is already synced. */
static void sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

int write_file_atomic(const char *path, const char *data, size_t len, char *err,
                      size_t errcap) {
  char dir[PATH_MAX], tmp[PATH_MAX];
  dir_of(path, dir, sizeof dir);
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, base) >= sizeof tmp) {
    errno = ENAMETOOLONG;
    return fail(err, errcap, "cannot write", path);
  }
  int fd = mkstemp(tmp);
  if (fd < 0)
    return fail(err, errcap, "cannot create a temporary file for", path);
  /* mkstemp makes the file 0600; give it what a plain create would */
  mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
    int saved = errno;
    close(fd);
    unlink(tmp);
    errno = saved;
    return fail(err, errcap, "cannot write", path);
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    int saved = errno;
    unlink(tmp);
    errno = saved;
    return fail(err, errcap, "cannot replace", path);
  }
  sync_dir(dir);
  return 0;
}

char *read_whole_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  StrBuf sb;
  sb_init(&sb);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    sb_putn(&sb, chunk, n);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    sb_free(&sb);
    errno = EIO;
    return NULL;
  }
  if (!sb.data)
    sb_putn(&sb, "", 0);
  *len = sb.len;
  return sb.data;
}

/* Lowercase letters, digits and single hyphens: safe as a file name and as
 * a Confluent statement name. */
static void slug(StrBuf *out, const char *s) {
  bool hyphen = out->len > 0 && out->data[out->len - 1] == '-';
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c)) {
      sb_putc(out, (char)tolower(c));
      hyphen = false;
    } else if (!hyphen) {
      sb_putc(out, '-');
      hyphen = true;
    }
  }
  while (out->len > 0 && out->data[out->len - 1] == '-')
    out->data[--out->len] = '\0';
}

/* Whether `name` is a file an earlier split wrote: NN...-*.sql or the
 * manifest. */
static bool split_output_name(const char *name) {
  if (strcmp(name, "manifest.tsv") == 0)
    return true;
  size_t n = strlen(name), digits = strspn(name, "0123456789");
  return digits > 0 && name[digits] == '-' && n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static bool in_list(char **names, size_t count, const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0)
      return true;
  return false;
}

static int remove_stale(const char *dir, char **keep, size_t count, char *err,
                        size_t errcap) {
  DIR *d = opendir(dir);
  if (!d)
    return fail(err, errcap, "cannot list", dir);
  int rc = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    if (!split_output_name(ent->d_name) || in_list(keep, count, ent->d_name))
      continue;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
    if (unlink(path) != 0 && errno != ENOENT) {
      rc = fail(err, errcap, "cannot remove stale", path);
      break;
    }
  }
  closedir(d);
  return rc;
}

int write_split(const char *dir, const Generated *g, char *err, size_t errcap) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return fail(err, errcap, "cannot create", dir);
  int width = 2;
  for (size_t n = g->stmt_count; n >= 100; n /= 10)
    width++;
  char **names = calloc(g->stmt_count + 1, sizeof *names);
  if (!names)
    abort();
  StrBuf manifest, name, body;
  sb_init(&manifest);
  sb_init(&name);
  sb_init(&body);
  sb_puts(&manifest, "# order\tfile\tstatement-name\tkind\ttable\n");
  int rc = 0;
  for (size_t i = 0; i < g->stmt_count && rc == 0; i++) {
    const Statement *s = &g->stmts[i];
    sb_reset(&name);
    sb_printf(&name, "%0*zu-%s-", width, i + 1, stmt_kind_name(s->kind));
    slug(&name, s->table ? s->table : "statement-set");
    /* Confluent statement names are at most 100 characters */
    StrBuf stmt_name;
    sb_init(&stmt_name);
    sb_puts(&stmt_name, "routing-");
    sb_puts(&stmt_name, sb_str(&name));
    if (stmt_name.len > 100)
      stmt_name.data[stmt_name.len = 100] = '\0';
    slug(&stmt_name, "");
    sb_puts(&name, ".sql");
    names[i] = strdup(sb_str(&name));
    if (!names[i])
      abort();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    sb_reset(&body);
    sb_puts(&body, s->sql);
    sb_putc(&body, '\n');
    rc = write_file_atomic(path, body.data, body.len, err, errcap);
    sb_printf(&manifest, "%zu\t%s\t%s\t%s\t%s\n", i + 1, names[i], sb_str(&stmt_name),
              stmt_kind_name(s->kind), s->table ? s->table : "");
    sb_free(&stmt_name);
  }
  if (rc == 0) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    names[g->stmt_count] = strdup("manifest.tsv");
    if (!names[g->stmt_count])
      abort();
    rc = write_file_atomic(path, manifest.data, manifest.len, err, errcap);
  }
  if (rc == 0)
    rc = remove_stale(dir, names, g->stmt_count + 1, err, errcap);
  for (size_t i = 0; i <= g->stmt_count; i++)
    free(names[i]);
  free(names);
  sb_free(&manifest);
  sb_free(&name);
  sb_free(&body);
  return rc;
}
