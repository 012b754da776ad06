#include "generate_outputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "output.h"
#include "termtext.h"

enum { VARIANT_COUNT = 2, TARGET_COUNT = 2 };

/* Everything one run owns, released by run_free. The file is compiled once
 * per variant its outputs use (and always in the normal one, which is what
 * `filterc validate FILE` checks). */
typedef struct Outputs {
  DiagList diags;
  Schema schema;
  Compilation units[VARIANT_COUNT];
  bool compiled[VARIANT_COUNT];
  TemplateSet templates[TARGET_COUNT];
  Generated *generated; /* one per declared output */
  char **paths;         /* each declared path joined to the file's directory */
  size_t count;
} Outputs;

static void run_free(Outputs *o) {
  for (size_t i = 0; i < o->count; i++) {
    if (o->generated)
      generated_free(&o->generated[i]);
    if (o->paths)
      free(o->paths[i]);
  }
  free(o->generated);
  free(o->paths);
  for (size_t t = 0; t < TARGET_COUNT; t++)
    templates_free(&o->templates[t]);
  for (size_t v = 0; v < VARIANT_COUNT; v++)
    compilation_free(&o->units[v]);
  schema_free(&o->schema);
  diag_list_free(&o->diags);
}

/* Declared paths are relative to the filters file's directory, so the
 * file means the same wherever the command runs from. */
static char *join_path(const char *filters_file, const char *path) {
  Buf sb;
  buf_init(&sb);
  const char *slash = strrchr(filters_file, '/');
  if (slash) {
    buf_add(&sb, filters_file, (size_t)(slash - filters_file) + 1);
  }
  buf_adds(&sb, path);
  return sb.p; /* handed over: sb is not freed */
}

/* Appends `arg` for a POSIX shell: as is when it holds only safe
 * characters, else in single quotes (a quote inside as '\''). */
static void put_shell_word(Buf *sb, const char *arg) {
  bool plain = arg[0] != '\0';
  for (const char *c = arg; *c && plain; c++)
    plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789-_./=:,+@%",
                   *c) != NULL;
  if (plain) {
    buf_adds(sb, arg);
    return;
  }
  buf_addc(sb, '\'');
  for (const char *c = arg; *c; c++) {
    if (*c == '\'')
      buf_adds(sb, "'\\''");
    else
      buf_addc(sb, *c);
  }
  buf_addc(sb, '\'');
}

/* The command that rewrites the stale files: this command line without
 * --check, so it carries the same --schema, --templates and settings. */
static void fix_command(const OutputsRun *r, Buf *sb) {
  buf_adds(sb, "filterc");
  for (int i = 0; i < r->argc; i++) {
    if (strcmp(r->argv[i], "--check") == 0)
      continue;
    buf_addc(sb, ' ');
    put_shell_word(sb, r->argv[i]);
  }
}

static int compile_variant(const OutputsRun *r, Outputs *o, Variant v) {
  if (o->compiled[v])
    return EXIT_OK;
  size_t before = o->diags.count;
  compile_file(&o->units[v], r->input, &o->schema, v, &o->diags);
  o->compiled[v] = true;
  if (v != VARIANT_NORMAL)
    diag_drop_repeats(&o->diags, before);
  return o->units[v].io_error ? EXIT_USAGE : EXIT_OK;
}

/* Compiles, loads templates and generates every declared output in
 * memory. Returns -1 to go on to writing/checking, else an exit status. */
static int prepare(const OutputsRun *r, Outputs *o) {
  if (schema_load_with_events(&o->schema, r->front->schema_path,
                              r->front->event_schema_path, &o->diags) != 0)
    return EXIT_USAGE;
  if (compile_variant(r, o, VARIANT_NORMAL) != EXIT_OK)
    return EXIT_USAGE;
  const Program *prog = o->units[VARIANT_NORMAL].program;
  if (r->mode == OUTPUTS_LIST)
    return prog ? -1 : EXIT_FINDINGS; /* the list needs the file to parse */
  bool used[VARIANT_COUNT] = {false, false};
  for (size_t i = 0; prog && i < prog->output_count; i++)
    used[prog->outputs[i].variant] = true;
  if (used[VARIANT_NO_OP] && compile_variant(r, o, VARIANT_NO_OP) != EXIT_OK)
    return EXIT_USAGE;
  if (r->front->werror)
    diag_promote_warnings(&o->diags);
  bool planned = o->units[VARIANT_NORMAL].planned &&
                 (!used[VARIANT_NO_OP] || o->units[VARIANT_NO_OP].planned);
  if (o->diags.errors > 0 || !prog || !planned) {
    term_printf(stderr, "filterc generate: %s has errors; no SQL generated\n", r->input);
    return EXIT_FINDINGS;
  }
  if (prog->output_count == 0) {
    fprintf(stderr,
            "filterc generate: %s declares no outputs: add an 'outputs:' list "
            "(path, target, variant) or give --target\n",
            r->input);
    return EXIT_USAGE;
  }
  const char *dir = r->templates ? r->templates : templates_default_dir();
  if (!dir) {
    fputs("filterc generate: no templates directory found; use --templates DIR\n",
          stderr);
    return EXIT_USAGE;
  }
  bool loaded[TARGET_COUNT] = {false, false};
  o->generated = calloc(prog->output_count, sizeof *o->generated);
  if (!o->generated)
    abort();
  o->count = prog->output_count;
  for (size_t i = 0; i < prog->output_count; i++) {
    const OutputDecl *d = &prog->outputs[i];
    if (!loaded[d->target]) {
      if (templates_load(&o->templates[d->target], dir, d->target, &o->diags) != 0)
        return EXIT_USAGE;
      loaded[d->target] = true;
    }
    GenOptions gen = *r->gen;
    gen.target = d->target;
    gen.env = d->env ? program_env(prog, d->env) : NULL;
    gen.input_name = r->input;
    /* the variant is the plan's: the file compiled for that variant */
    if (generate_sql(&o->units[d->variant].plan, &gen, &o->templates[d->target],
                     &o->generated[i], &o->diags) != 0)
      return EXIT_FINDINGS;
  }
  if (r->front->werror)
    diag_promote_warnings(&o->diags);
  if (o->diags.errors > 0) {
    fputs("filterc generate: warnings are errors (--werror); no SQL written\n", stderr);
    return EXIT_FINDINGS;
  }
  return -1;
}

static void report(const OutputsRun *r, Outputs *o) {
  const SourceFile *sources[4 + 6 * TARGET_COUNT] = {&o->schema.source,
                                                     &o->schema.event_source};
  size_t n = 2;
  for (size_t v = 0; v < VARIANT_COUNT; v++)
    if (o->compiled[v])
      sources[n++] = &o->units[v].source;
  for (size_t t = 0; t < TARGET_COUNT; t++)
    n += templates_sources(&o->templates[t], sources + n);
  print_diagnostics(r->front, &o->diags, sources, n);
}

static int list_outputs(const OutputsRun *r, const Program *prog) {
  for (size_t i = 0; prog && i < prog->output_count; i++) {
    const OutputDecl *d = &prog->outputs[i];
    char *path = join_path(r->input, d->path);
    printf("%s\t%s\t%s\n", path, target_name(d->target), variant_name(d->variant));
    free(path);
  }
  return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

static int write_outputs(Outputs *o) {
  char err[512];
  for (size_t i = 0; i < o->count; i++) {
    const Generated *g = &o->generated[i];
    if (write_file_atomic(o->paths[i], g->text, g->len, err, sizeof err) != 0) {
      term_printf(stderr, "filterc generate: %s\n", err);
      return EXIT_USAGE;
    }
    term_printf(stderr, "filterc generate: wrote %s\n", o->paths[i]);
  }
  return EXIT_OK;
}

/* Every file is compared, so one run names all the stale ones. */
static int check_outputs(const OutputsRun *r, Outputs *o) {
  size_t stale = 0;
  for (size_t i = 0; i < o->count; i++) {
    const Generated *g = &o->generated[i];
    size_t len = 0;
    char *old =
        read_whole_file(o->paths[i], SOURCE_MAX_BYTES, &len); /* the filters' limit */
    if (!old && errno == EFBIG) {
      term_printf(stderr, "filterc generate: %s is stale: it is larger than %zu bytes\n",
                  o->paths[i], SOURCE_MAX_BYTES);
      stale++;
      continue;
    }
    if (!old) {
      term_printf(stderr, "filterc generate: %s is stale: cannot read it (%s)\n",
                  o->paths[i], strerror(errno));
      stale++;
      continue;
    }
    if (print_short_diff(stdout, o->paths[i], old, len, "generated", g->text, g->len,
                         40)) {
      term_printf(stderr, "filterc generate: %s is stale\n", o->paths[i]);
      stale++;
    }
    free(old);
  }
  if (stale == 0)
    return EXIT_OK;
  Buf cmd;
  buf_init(&cmd);
  fix_command(r, &cmd);
  fprintf(stderr,
          "filterc generate: %zu of %zu generated file%s stale; to fix, run: %s\n", stale,
          o->count, o->count == 1 ? "" : "s", buf_str(&cmd));
  buf_free(&cmd);
  return EXIT_FINDINGS;
}

int generate_outputs(const OutputsRun *r) {
  Outputs o;
  memset(&o, 0, sizeof o);
  diag_list_init(&o.diags);
  int status = prepare(r, &o);
  /* --list is for scripts: its output is the list, and the diagnostics
   * only when there is no list (validate reports the rest) */
  if (r->mode != OUTPUTS_LIST || status >= 0)
    report(r, &o);
  if (status < 0 && r->mode == OUTPUTS_LIST)
    status = list_outputs(r, o.units[VARIANT_NORMAL].program);
  else if (status < 0) {
    o.paths = calloc(o.count, sizeof *o.paths);
    if (!o.paths)
      abort();
    const Program *prog = o.units[VARIANT_NORMAL].program;
    for (size_t i = 0; i < o.count; i++)
      o.paths[i] = join_path(r->input, prog->outputs[i].path);
    status = r->mode == OUTPUTS_CHECK ? check_outputs(r, &o) : write_outputs(&o);
  }
  run_free(&o);
  return status;
}
