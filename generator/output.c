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

#include "buf.h"

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

/* ---- staged files ------------------------------------------------------ */

static int fail_errno(char *err, size_t cap, int saved, const char *what,
                      const char *path) {
  errno = saved;
  return fail(err, cap, what, path);
}

/* Resolves target into s->dest, following a symlink; sets *st (st_mode 0
 * when nothing is there yet). */
static int resolve_target(StagedFile *s, const char *target, struct stat *st, char *err,
                          size_t errcap) {
  struct stat lst;
  memset(st, 0, sizeof *st);
  if (lstat(target, &lst) != 0) {
    if (errno != ENOENT)
      return fail(err, errcap, "cannot write", target);
    if ((size_t)snprintf(s->dest, sizeof s->dest, "%s", target) >= sizeof s->dest)
      return fail_errno(err, errcap, ENAMETOOLONG, "cannot write", target);
    return 0;
  }
  if (S_ISLNK(lst.st_mode)) {
    /* /proc/self/fd/N of a pipe reads "pipe:[...]" and has no real path:
     * stat through the link decides. */
    if (stat(target, st) != 0) {
      snprintf(err, errcap, "cannot write %s: it is a symlink to nothing", target);
      return -1;
    }
    if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
      snprintf(s->dest, sizeof s->dest, "%s", target);
      return 0;
    }
    char real[PATH_MAX];
    if (!realpath(target, real))
      return fail(err, errcap, "cannot resolve", target);
    snprintf(s->dest, sizeof s->dest, "%s", real);
    return 0;
  }
  *st = lst;
  snprintf(s->dest, sizeof s->dest, "%s", target);
  return 0;
}

/* An anonymous file in dir: s->fd and s->path (its /proc name). */
static bool open_anonymous(StagedFile *s, const char *dir) {
#ifdef O_TMPFILE
  mode_t mask = umask(0);
  umask(mask);
  s->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666 & ~mask);
  if (s->fd < 0)
    return false;
  snprintf(s->path, sizeof s->path, "/proc/self/fd/%d", s->fd);
  if (access(s->path, F_OK) != 0) { /* no /proc: the file could not be linked */
    close(s->fd);
    s->fd = -1;
    return false;
  }
  s->kind = STAGE_ANON;
  return true;
#else
  (void)s, (void)dir;
  return false;
#endif
}

int stage_file(StagedFile *s, const char *target, bool need_regular, char *err,
               size_t errcap) {
  memset(s, 0, sizeof *s);
  s->fd = s->out_fd = -1;
  struct stat st;
  if (strcmp(target, "-") == 0) {
    snprintf(s->dest, sizeof s->dest, "standard output");
    st.st_mode = S_IFIFO;
  } else if (resolve_target(s, target, &st, err, errcap) != 0) {
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    snprintf(err, errcap, "cannot write %s: it is a directory", target);
    return -1;
  }
  if (st.st_mode && !S_ISREG(st.st_mode)) { /* a device, pipe or socket */
    int fd = strcmp(target, "-") == 0 ? dup(STDOUT_FILENO)
                                      : open(s->dest, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      return fail(err, errcap, "cannot open", target);
    s->kind = STAGE_DIRECT;
    if (!need_regular) {
      s->fd = fd;
      snprintf(s->path, sizeof s->path, "%s", s->dest);
      return 0;
    }
    s->out_fd = fd;
    const char *tmpdir = getenv("TMPDIR");
    snprintf(s->path, sizeof s->path, "%s/filterc.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    s->fd = mkostemp(s->path, O_CLOEXEC);
    if (s->fd < 0) {
      close(fd);
      s->out_fd = -1;
      return fail(err, errcap, "cannot create a temporary file for", target);
    }
    return 0;
  }
  char dir[PATH_MAX];
  dir_of(s->dest, dir, sizeof dir);
  /* Not for need_regular: SQLite resolves /proc/self/fd/N to the name
   * "#INODE (deleted)" and creates that file instead. */
  if (!need_regular && open_anonymous(s, dir))
    return 0;
  const char *base = strrchr(s->dest, '/') ? strrchr(s->dest, '/') + 1 : s->dest;
  if ((size_t)snprintf(s->path, sizeof s->path, "%s/.%s.XXXXXX", dir, base) >=
      sizeof s->path)
    return fail_errno(err, errcap, ENAMETOOLONG, "cannot write", target);
  s->fd = mkostemp(s->path, O_CLOEXEC);
  if (s->fd < 0)
    return fail(err, errcap, "cannot create a temporary file for", target);
  /* mkstemp makes the file 0600; give it what a plain create would */
  mode_t mask = umask(0);
  umask(mask);
  if (fchmod(s->fd, 0666 & ~mask) != 0) {
    int saved = errno;
    stage_abort(s);
    return fail_errno(err, errcap, saved, "cannot write", target);
  }
  s->kind = STAGE_NAMED;
  return 0;
}

/* Copies the staged temporary to the device. */
static int copy_out(StagedFile *s) {
  char buf[65536];
  if (lseek(s->fd, 0, SEEK_SET) != 0)
    return -1;
  for (;;) {
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      return 0;
    if (write_all(s->out_fd, buf, (size_t)n) != 0)
      return -1;
  }
}

/* Gives the anonymous file a temporary name beside dest, in tmp. */
static int link_anonymous(StagedFile *s, const char *dir, char *tmp, size_t cap) {
  const char *base = strrchr(s->dest, '/') ? strrchr(s->dest, '/') + 1 : s->dest;
  for (unsigned attempt = 0; attempt < 100; attempt++) {
    if ((size_t)snprintf(tmp, cap, "%s/.%s.%ld.%u", dir, base, (long)getpid(), attempt) >=
        cap) {
      errno = ENAMETOOLONG;
      return -1;
    }
    if (linkat(AT_FDCWD, s->path, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
      return 0;
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

int stage_commit(StagedFile *s, char *err, size_t errcap) {
  char dir[PATH_MAX], tmp[PATH_MAX];
  int rc = 0;
  switch (s->kind) {
  case STAGE_DIRECT:
    if (s->out_fd >= 0) {
      if (copy_out(s) != 0)
        rc = fail(err, errcap, "cannot write", s->dest);
      if (close(s->out_fd) != 0 && rc == 0)
        rc = fail(err, errcap, "cannot write", s->dest);
      s->out_fd = -1;
      close(s->fd);
      unlink(s->path);
    } else if (close(s->fd) != 0) {
      rc = fail(err, errcap, "cannot write", s->dest);
    }
    break;
  case STAGE_ANON:
    dir_of(s->dest, dir, sizeof dir);
    if (fsync(s->fd) != 0) {
      rc = fail(err, errcap, "cannot write", s->dest);
    } else if (link_anonymous(s, dir, tmp, sizeof tmp) != 0) {
      rc = fail(err, errcap, "cannot replace", s->dest);
    } else if (rename(tmp, s->dest) != 0) {
      int saved = errno;
      unlink(tmp);
      rc = fail_errno(err, errcap, saved, "cannot replace", s->dest);
    }
    close(s->fd);
    if (rc == 0)
      sync_dir(dir);
    break;
  case STAGE_NAMED:
    dir_of(s->dest, dir, sizeof dir);
    if (fsync(s->fd) != 0 || close(s->fd) != 0) {
      int saved = errno;
      unlink(s->path);
      rc = fail_errno(err, errcap, saved, "cannot write", s->dest);
    } else if (rename(s->path, s->dest) != 0) {
      int saved = errno;
      unlink(s->path);
      rc = fail_errno(err, errcap, saved, "cannot replace", s->dest);
    } else {
      sync_dir(dir);
    }
    break;
  }
  s->fd = -1;
  return rc;
}

void stage_abort(StagedFile *s) {
  if (s->fd < 0)
    return;
  close(s->fd);
  /* a named temporary, beside the target or in TMPDIR for a device */
  if (s->kind == STAGE_NAMED || s->out_fd >= 0)
    unlink(s->path);
  if (s->out_fd >= 0)
    close(s->out_fd);
  s->fd = s->out_fd = -1;
}

int write_file_atomic(const char *path, const char *data, size_t len, char *err,
                      size_t errcap) {
  StagedFile s;
  if (stage_file(&s, path, false, err, errcap) != 0)
    return -1;
  if (write_all(s.fd, data, len) != 0) {
    int saved = errno;
    stage_abort(&s);
    return fail_errno(err, errcap, saved, "cannot write", path);
  }
  return stage_commit(&s, err, errcap);
}

/* ---- staged directories ----------------------------------------------- */

/* Deletes a staging directory's files (it holds no subdirectories). */
static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
      if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
        continue;
      unlinkat(dirfd(d), ent->d_name, 0);
    }
    closedir(d);
  }
  rmdir(dir);
}

int stage_dir(StagedDir *s, const char *target, char *err, size_t errcap) {
  memset(s, 0, sizeof *s);
  struct stat st;
  if (stat(target, &st) == 0 && !S_ISDIR(st.st_mode)) {
    snprintf(err, errcap, "cannot write %s: it is not a directory", target);
    return -1;
  }
  /* a trailing slash is not part of the name */
  size_t n = strlen(target);
  while (n > 1 && target[n - 1] == '/')
    n--;
  if (n >= sizeof s->dest)
    return fail_errno(err, errcap, ENAMETOOLONG, "cannot write", target);
  snprintf(s->dest, sizeof s->dest, "%.*s", (int)n, target);
  char dir[PATH_MAX];
  dir_of(s->dest, dir, sizeof dir);
  const char *base = strrchr(s->dest, '/') ? strrchr(s->dest, '/') + 1 : s->dest;
  if ((size_t)snprintf(s->path, sizeof s->path, "%s/.%s.XXXXXX", dir, base) >=
      sizeof s->path)
    return fail_errno(err, errcap, ENAMETOOLONG, "cannot write", target);
  if (!mkdtemp(s->path))
    return fail(err, errcap, "cannot create a staging directory for", target);
  mode_t mask = umask(0);
  umask(mask);
  chmod(s->path, 0777 & ~mask); /* mkdtemp makes it 0700 */
  return 0;
}

static bool listed(char *const *names, size_t count, const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0)
      return true;
  return false;
}

int stage_dir_commit(StagedDir *s, char *const *drop, size_t drop_count, char *err,
                     size_t errcap) {
  if (rename(s->path, s->dest) == 0) /* nothing there yet, or an empty directory */
    goto done;
  if (errno != EEXIST && errno != ENOTEMPTY) {
    int saved = errno;
    stage_dir_abort(s);
    return fail_errno(err, errcap, saved, "cannot replace", s->dest);
  }
  /* Swap, so that the directory holds the old set or the new one, never a
   * mixture; the old one is then at s->path. */
  if (renameat2(AT_FDCWD, s->path, AT_FDCWD, s->dest, RENAME_EXCHANGE) != 0) {
    int saved = errno;
    stage_dir_abort(s);
    return fail_errno(err, errcap, saved, "cannot replace", s->dest);
  }
  DIR *old = opendir(s->path);
  int newfd = open(s->dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (old && newfd >= 0) {
    struct dirent *ent;
    while ((ent = readdir(old)) != NULL) {
      const char *name = ent->d_name;
      if (!strcmp(name, ".") || !strcmp(name, "..") || listed(drop, drop_count, name) ||
          faccessat(newfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        continue;
      /* not ours: it stays where the user put it */
      renameat(dirfd(old), name, newfd, name);
    }
  }
  if (old)
    closedir(old);
  if (newfd >= 0)
    close(newfd);
  remove_tree(s->path);
done:
  sync_dir(s->dest);
  s->path[0] = '\0';
  return 0;
}

void stage_dir_abort(StagedDir *s) {
  if (s->path[0])
    remove_tree(s->path);
  s->path[0] = '\0';
}

char *read_whole_file(const char *path, size_t max, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  Buf sb;
  buf_init(&sb);
  char chunk[65536];
  size_t n;
  bool too_big = false;
  while (!too_big && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    too_big = sb.len + n > max; /* /dev/zero must not grow without end */
    if (!too_big)
      buf_add(&sb, chunk, n);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad || too_big) {
    buf_free(&sb);
    errno = too_big ? EFBIG : EIO;
    return NULL;
  }
  if (!sb.p)
    buf_add(&sb, "", 0);
  *len = sb.len;
  return sb.p;
}

/* Lowercase letters, digits and single hyphens: safe as a file name and as
 * a Confluent statement name. */
static void slug(Buf *out, const char *s) {
  bool hyphen = out->len > 0 && out->p[out->len - 1] == '-';
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c)) {
      buf_addc(out, (char)tolower(c));
      hyphen = false;
    } else if (!hyphen) {
      buf_addc(out, '-');
      hyphen = true;
    }
  }
  while (out->len > 0 && out->p[out->len - 1] == '-')
    out->p[--out->len] = '\0';
}

/* The files an earlier split listed in DIR/manifest.tsv (column 2), and
 * the manifest itself: what this split may replace. Nothing else in DIR is
 * touched, even when it looks like ours (`001-create-users.sql`). */
static char **previous_split(const char *dir, size_t *count) {
  char path[PATH_MAX + 16];
  snprintf(path, sizeof path, "%s/manifest.tsv", dir);
  size_t len = 0, n = 0, cap = 8;
  char **names = malloc(cap * sizeof *names);
  if (!names)
    abort();
  names[n++] = strdup("manifest.tsv");
  char *text = read_whole_file(path, (size_t)16 << 20, &len);
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *tab = line[0] == '#' ? NULL : strchr(line, '\t');
    char *end = tab ? strchr(tab + 1, '\t') : NULL;
    if (!end || end == tab + 1 || memchr(tab + 1, '/', (size_t)(end - tab - 1)))
      continue;
    if (n == cap) {
      cap *= 2;
      names = realloc(names, cap * sizeof *names);
      if (!names)
        abort();
    }
    names[n++] = strndup(tab + 1, (size_t)(end - tab - 1));
  }
  for (size_t i = 0; i < n; i++)
    if (!names[i])
      abort();
  free(text);
  *count = n;
  return names;
}

int write_split(const char *target, const Generated *g, char *err, size_t errcap) {
  StagedDir staged;
  if (stage_dir(&staged, target, err, errcap) != 0)
    return -1;
  const char *dir = staged.path;
  int width = 2;
  for (size_t n = g->stmt_count; n >= 100; n /= 10)
    width++;
  char **names = calloc(g->stmt_count + 1, sizeof *names);
  if (!names)
    abort();
  Buf manifest, name, body;
  buf_init(&manifest);
  buf_init(&name);
  buf_init(&body);
  buf_adds(&manifest, "# order\tfile\tstatement-name\tkind\ttable\n");
  int rc = 0;
  for (size_t i = 0; i < g->stmt_count && rc == 0; i++) {
    const Statement *s = &g->stmts[i];
    buf_reset(&name);
    buf_printf(&name, "%0*zu-%s-", width, i + 1, stmt_kind_name(s->kind));
    slug(&name, s->table ? s->table : "statement-set");
    /* A 249-character topic would make a name over NAME_MAX (255); the
     * number keeps truncated names apart. */
    if (name.len > 200)
      name.p[name.len = 200] = '\0';
    slug(&name, "");
    /* Confluent statement names are at most 100 characters */
    Buf stmt_name;
    buf_init(&stmt_name);
    buf_adds(&stmt_name, "routing-");
    buf_adds(&stmt_name, buf_str(&name));
    if (stmt_name.len > 100)
      stmt_name.p[stmt_name.len = 100] = '\0';
    slug(&stmt_name, "");
    buf_adds(&name, ".sql");
    names[i] = strdup(buf_str(&name));
    if (!names[i])
      abort();
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    buf_reset(&body);
    buf_adds(&body, s->sql);
    buf_addc(&body, '\n');
    rc = write_file_atomic(path, body.p, body.len, err, errcap);
    buf_printf(&manifest, "%zu\t%s\t%s\t%s\t%s\n", i + 1, names[i], buf_str(&stmt_name),
               stmt_kind_name(s->kind), s->table ? s->table : "");
    buf_free(&stmt_name);
  }
  if (rc == 0) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    names[g->stmt_count] = strdup("manifest.tsv");
    if (!names[g->stmt_count])
      abort();
    rc = write_file_atomic(path, manifest.p, manifest.len, err, errcap);
  }
  if (rc == 0) {
    size_t old_count = 0;
    char **old = previous_split(staged.dest, &old_count);
    rc = stage_dir_commit(&staged, old, old_count, err, errcap);
    for (size_t i = 0; i < old_count; i++)
      free(old[i]);
    free(old);
  } else {
    stage_dir_abort(&staged);
  }
  for (size_t i = 0; i <= g->stmt_count; i++)
    free(names[i]);
  free(names);
  buf_free(&manifest);
  buf_free(&name);
  buf_free(&body);
  return rc;
}
