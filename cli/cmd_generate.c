#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "emit.h"
#include "generate_outputs.h"
#include "output.h"

static void generate_usage(FILE *out) {
  fputs("usage: filterc generate [--check | --list] [OPTIONS] FILE\n"
        "       filterc generate --env NAME | --target confluent|flink\n"
        "                        [--variant normal|no-op]\n"
        "                        [-o FILE | --check FILE | --split DIR]\n"
        "                        [--separate-statements] [--templates DIR]\n"
        "                        [--bootstrap-servers S] [--group-id G]\n"
        "                        [--startup-mode M] [--schema FILE] [--werror]\n"
        "                        [--event-schema FILE]\n"
        "                        [--format text|json] [-q] FILE\n"
        "\n"
        "Compiles a filters file to Flink SQL: the source table, one sink table\n"
        "per output topic, and the INSERTs, in one EXECUTE STATEMENT SET. Nothing\n"
        "is generated when the file has errors.\n"
        "\n"
        "Without --target, the file's own `outputs:` list (path, target, variant;\n"
        "paths relative to the file) says what to generate: every listed file is\n"
        "written, none when any has an error. --check (no value then) compares\n"
        "each with what would be written and names the stale ones and the\n"
        "command that rewrites them; --list prints PATH<TAB>TARGET<TAB>VARIANT\n"
        "per declared file, for scripts.\n"
        "\n"
        "  --env NAME            the file's environments: entry NAME: its target,\n"
        "                        variant, topic names, key and options\n"
        "  --target T            confluent (Confluent Cloud) or flink (self-managed,\n"
        "                        Kafka connector)\n"
        "  --variant V           normal (default) or no-op: the source has no CDC\n"
        "                        metadata and the sinks get __op = 'c'\n"
        "  -o FILE               write FILE atomically (default: standard output)\n"
        "  --check FILE          generate in memory and compare with FILE: exit 0\n"
        "                        when identical, 1 with a diff when stale\n"
        "  --split DIR           one file per statement in deploy order, and\n"
        "                        DIR/manifest.tsv\n"
        "  --separate-statements plain INSERTs, one job each, instead of one set\n"
        "  --templates DIR       templates root (DIR/TARGET/*.sql.tpl, falling\n"
        "                        back to DIR/common/)\n"
        "  --bootstrap-servers S, --group-id G, --startup-mode M\n"
        "                        Kafka settings for --target flink; they override\n"
        "                        the file's settings: block (bootstrap_servers,\n"
        "                        group_id, startup_mode)\n"
        "  --schema FILE         schema to check against (default: built-in)\n"
        "  --event-schema FILE   Avro or JSON Schema of event_data (types its paths)\n"
        "  --werror              treat warnings as errors\n"
        "  --format F            diagnostics as text (stderr) or json (stdout)\n"
        "  -q, --quiet           no summary or progress lines\n"
        "\n"
        "Exit status: 0 generated (or up to date), 1 errors in the filters or a\n"
        "stale --check file, 2 usage, template or I/O error.\n",
        out);
}

typedef struct GenerateArgs {
  FrontOptions front;
  GenOptions gen;
  bool have_target;
  bool declared; /* no --target: the file's `outputs:` */
  bool check_all, list, have_variant;
  const char *output, *check, *split, *templates, *input;
  const char *env; /* --env NAME */
} GenerateArgs;

/* --check takes a FILE with --target and nothing without, so the option
 * scan needs to know beforehand. */
static bool has_target_option(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--target") == 0 || strncmp(argv[i], "--target=", 9) == 0 ||
        strcmp(argv[i], "--env") == 0 || strncmp(argv[i], "--env=", 6) == 0)
      return true;
  return false;
}

/* Returns -1 to stop with EXIT_USAGE, 1 after --help, 0 to go on. */
static int parse_args(GenerateArgs *a, int argc, char **argv) {
  a->declared = !has_target_option(argc, argv);
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int m;
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      generate_usage(stdout);
      return 1;
    }
    if (a->declared && strcmp(argv[i], "--check") == 0) {
      a->check_all = true;
      continue;
    }
    if (strcmp(argv[i], "--list") == 0) {
      a->list = true;
      continue;
    }
    if (strcmp(argv[i], "--variant") == 0 || strncmp(argv[i], "--variant=", 10) == 0)
      a->have_variant = true;
    if ((m = parse_front_option(&a->front, argc, argv, &i)) != 0) {
      if (m < 0)
        return -1;
      continue;
    }
    if ((m = parse_target_option("generate", argc, argv, &i, &a->gen.target)) != 0) {
      if (m < 0)
        return -1;
      a->have_target = true;
      continue;
    }
    static const struct {
      const char *flag;
      size_t offset;
    } paths[] = {
        {"-o", offsetof(GenerateArgs, output)},
        {"--output", offsetof(GenerateArgs, output)},
        {"--check", offsetof(GenerateArgs, check)},
        {"--split", offsetof(GenerateArgs, split)},
        {"--templates", offsetof(GenerateArgs, templates)},
        {"--env", offsetof(GenerateArgs, env)},
        {"--bootstrap-servers", offsetof(GenerateArgs, gen.flags.bootstrap_servers)},
        {"--group-id", offsetof(GenerateArgs, gen.flags.group_id)},
        {"--startup-mode", offsetof(GenerateArgs, gen.flags.startup_mode)},
    };
    bool matched = false;
    for (size_t k = 0; k < sizeof paths / sizeof paths[0] && !matched; k++) {
      m = match_valued_option(paths[k].flag, argc, argv, &i, &v);
      if (m < 0)
        return -1;
      if (m > 0) {
        *(const char **)((char *)a + paths[k].offset) = v;
        matched = true;
      }
    }
    if (matched)
      continue;
    if (strcmp(argv[i], "--separate-statements") == 0) {
      a->gen.separate_statements = true;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      unknown_option("generate", argv[i], generate_usage);
      return -1;
    }
    if (a->input) {
      fprintf(stderr, "filterc generate: one filters file at a time ('%s', '%s')\n",
              a->input, argv[i]);
      return -1;
    }
    a->input = argv[i];
  }
  if (!a->input) {
    fputs("filterc generate: no filters file given\n", stderr);
    return -1;
  }
  if (a->declared && (a->output || a->check || a->split || a->have_variant)) {
    fprintf(stderr,
            "filterc generate: %s needs --target; without it, the file's outputs: "
            "list names each file's target and variant\n",
            a->output  ? "-o"
            : a->check ? "--check FILE"
            : a->split ? "--split"
                       : "--variant");
    return -1;
  }
  if (a->list && (!a->declared || a->check_all)) {
    fputs("filterc generate: --list goes without --target and --check\n", stderr);
    return -1;
  }
  if ((a->output != NULL) + (a->check != NULL) + (a->split != NULL) > 1) {
    fputs("filterc generate: -o, --check and --split exclude each other\n", stderr);
    return -1;
  }
  if (a->env && (a->have_target || a->have_variant)) {
    fputs("filterc generate: --env names the target and variant; drop --target and "
          "--variant\n",
          stderr);
    return -1;
  }
  a->gen.input_name = a->input;
  return 0;
}

/* Compares with the --check file. */
static int check_file(const char *path, const Generated *g) {
  size_t len = 0;
  /* the filters file's limit: --check /dev/zero must end */
  char *old = read_whole_file(path, SOURCE_MAX_BYTES, &len);
  if (!old && errno == EFBIG) {
    fprintf(stderr, "filterc generate: %s is stale: it is larger than %zu bytes\n", path,
            SOURCE_MAX_BYTES);
    return EXIT_FINDINGS;
  }
  if (!old) {
    fprintf(stderr, "filterc generate: %s is stale: cannot read it (%s)\n", path,
            strerror(errno));
    return EXIT_FINDINGS;
  }
  int differs =
      print_short_diff(stdout, path, old, len, "generated", g->text, g->len, 40);
  free(old);
  if (differs)
    fprintf(stderr, "filterc generate: %s is stale; regenerate it\n", path);
  return differs ? EXIT_FINDINGS : EXIT_OK;
}

static int write_output(const GenerateArgs *a, const Generated *g) {
  char err[512];
  if (a->check)
    return check_file(a->check, g);
  int rc = 0;
  if (a->split)
    rc = write_split(a->split, g, err, sizeof err);
  else if (a->output)
    rc = write_file_atomic(a->output, g->text, g->len, err, sizeof err);
  else if (fwrite(g->text, 1, g->len, stdout) != g->len || fflush(stdout) != 0) {
    snprintf(err, sizeof err, "cannot write standard output");
    rc = -1;
  }
  if (rc != 0) {
    fprintf(stderr, "filterc generate: %s\n", err);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/* Everything that needs freeing, so one function can release it. */
typedef struct Run {
  DiagList diags;
  Schema schema;
  Compilation unit;
  TemplateSet templates;
  Generated out;
} Run;

static void report(const GenerateArgs *a, Run *r) {
  const SourceFile *sources[9] = {&r->schema.source, &r->schema.event_source,
                                  &r->unit.source};
  size_t n = 3 + templates_sources(&r->templates, sources + 3);
  print_diagnostics(&a->front, &r->diags, sources, n);
}

static int run(const GenerateArgs *a, Run *r) {
  if (schema_load_with_events(&r->schema, a->front.schema_path,
                              a->front.event_schema_path, &r->diags) != 0)
    return EXIT_USAGE;
  compile_file(&r->unit, a->input, &r->schema, a->front.variant, &r->diags);
  if (r->unit.io_error)
    return EXIT_USAGE;
  GenOptions gen = a->gen;
  if (a->env) {
    const Environment *env =
        r->unit.program ? program_env(r->unit.program, a->env) : NULL;
    if (!env && r->unit.program) {
      fprintf(stderr, "filterc generate: %s has no environment '%s'\n", a->input, a->env);
      return EXIT_USAGE;
    }
    if (env && env->variant != a->front.variant) {
      /* the environment's variant decides which columns the plan has */
      Variant v = env->variant;
      compilation_free(&r->unit);
      diag_list_free(&r->diags);
      diag_list_init(&r->diags);
      compile_file(&r->unit, a->input, &r->schema, v, &r->diags);
      env = r->unit.program ? program_env(r->unit.program, a->env) : NULL;
    }
    if (env) {
      gen.env = env;
      gen.target = env->target;
    }
  }
  if (a->front.werror)
    diag_promote_warnings(&r->diags);
  if (r->diags.errors > 0 || !r->unit.planned) {
    fprintf(stderr, "filterc generate: %s has errors; no SQL generated\n", a->input);
    return EXIT_FINDINGS;
  }
  const char *dir = a->templates ? a->templates : templates_default_dir();
  if (!dir) {
    fputs("filterc generate: no templates directory found; use --templates DIR\n",
          stderr);
    return EXIT_USAGE;
  }
  if (templates_load(&r->templates, dir, gen.target, &r->diags) != 0)
    return EXIT_USAGE;
  if (generate_sql(&r->unit.plan, &gen, &r->templates, &r->out, &r->diags) != 0)
    return EXIT_FINDINGS;
  if (a->front.werror)
    diag_promote_warnings(&r->diags);
  if (r->diags.errors > 0) {
    fprintf(stderr, "filterc generate: warnings are errors (--werror); no SQL written\n");
    return EXIT_FINDINGS;
  }
  return -1; /* go on and write */
}

int cmd_generate(int argc, char **argv) {
  GenerateArgs a = {0};
  int p = parse_args(&a, argc, argv);
  if (p != 0) {
    if (p < 0)
      generate_usage(stderr);
    return p < 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (a.declared) {
    OutputsRun run = {
        .mode = a.list        ? OUTPUTS_LIST
                : a.check_all ? OUTPUTS_CHECK
                              : OUTPUTS_WRITE,
        .front = &a.front,
        .gen = &a.gen,
        .templates = a.templates,
        .input = a.input,
        .argc = argc,
        .argv = argv,
    };
    return generate_outputs(&run);
  }
  Run r;
  memset(&r, 0, sizeof r);
  diag_list_init(&r.diags);
  int status = run(&a, &r);
  report(&a, &r);
  if (status < 0)
    status = write_output(&a, &r.out);
  generated_free(&r.out);
  templates_free(&r.templates);
  compilation_free(&r.unit);
  schema_free(&r.schema);
  diag_list_free(&r.diags);
  return status;
}
