#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void validate_usage(FILE *out) {
  fputs("usage: filterc validate [--schema FILE] [--event-schema FILE]\n"
        "                        [--variant normal|no-op]\n"
        "                        [--werror] [--format text|json|github|sarif] [-q]\n"
        "                        [--stdin-name NAME] FILE...\n"
        "\n"
        "Checks filter files against the raw-business-events schema and reports\n"
        "every problem found, as FILE:LINE:COL: severity: message [code]. A FILE\n"
        "ending in .json is read as strict JSON; '-' reads standard input.\n"
        "\n"
        "  --schema FILE     schema to check against (default: built-in)\n"
        "  --event-schema FILE\n"
        "                    Avro (.avsc) or JSON Schema of event_data: typed\n"
        "                    paths, unknown keys of its records are errors\n"
        "  --variant V       normal (default) or no-op: the source has no\n"
        "                    __op/__table/__ts_ms/__deleted columns\n"
        "  --werror          treat warnings as errors\n"
        "  --format F        text (default, to stderr); json, github (GitHub\n"
        "                    Actions ::error commands) or sarif (SARIF 2.1.0),\n"
        "                    to stdout\n"
        "  --stdin-name NAME the name standard input ('-') has in diagnostics\n"
        "                    (default <stdin>); a NAME ending in .json reads it\n"
        "                    as strict JSON\n"
        "  -q, --quiet       no closing error/warning count\n"
        "\n"
        "Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.\n",
        out);
}

/* All of standard input, for `validate -`; NULL after reporting. */
static char *read_stdin(size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf)
    abort();
  for (;;) {
    if (n == cap) {
      if (cap >= SOURCE_MAX_BYTES) {
        fprintf(stderr, "filterc validate: standard input is larger than %zu MB\n",
                SOURCE_MAX_BYTES >> 20);
        free(buf);
        return NULL;
      }
      cap *= 2;
      buf = realloc(buf, cap);
      if (!buf)
        abort();
    }
    size_t got = fread(buf + n, 1, cap - n, stdin);
    n += got;
    if (got == 0)
      break;
  }
  if (ferror(stdin)) {
    fprintf(stderr, "filterc validate: cannot read standard input\n");
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

int cmd_validate(int argc, char **argv) {
  FrontOptions opts = {0};
  const char *stdin_name = "<stdin>";
  bool stdin_seen = false;
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t file_count = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      validate_usage(stdout);
      free(files);
      return EXIT_OK;
    }
    int r = parse_front_option(&opts, argc, argv, &i);
    if (r < 0) {
      free(files);
      return EXIT_USAGE;
    }
    if (r > 0)
      continue;
    const char *v = NULL;
    if ((r = match_valued_option("--stdin-name", argc, argv, &i, &v)) != 0) {
      if (r < 0) {
        free(files);
        return EXIT_USAGE;
      }
      stdin_name = v;
      continue;
    }
    if (strcmp(argv[i], "-") == 0) {
      if (stdin_seen) {
        fprintf(stderr, "filterc validate: standard input ('-') can be read once\n");
        free(files);
        return EXIT_USAGE;
      }
      stdin_seen = true;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      free(files);
      return unknown_option("validate", argv[i], validate_usage);
    }
    files[file_count++] = argv[i];
  }
  if (file_count == 0) {
    validate_usage(stderr);
    free(files);
    return EXIT_USAGE;
  }
  DiagList diags;
  diag_list_init(&diags);
  Schema schema;
  int status = EXIT_OK;
  if (schema_load_with_events(&schema, opts.schema_path, opts.event_schema_path,
                              &diags) != 0) {
    const SourceFile *src[] = {&schema.source, &schema.event_source};
    print_diagnostics(&opts, &diags, src, 2);
    schema_free(&schema);
    diag_list_free(&diags);
    free(files);
    return EXIT_USAGE;
  }
  Compilation *units = calloc(file_count, sizeof *units);
  const SourceFile **sources = calloc(file_count, sizeof *sources);
  bool io_error = false;
  for (size_t i = 0; i < file_count; i++) {
    if (strcmp(files[i], "-") == 0) {
      size_t len = 0;
      char *text = read_stdin(&len);
      if (!text) {
        io_error = true;
        sources[i] = &units[i].source; /* zeroed: nothing to quote */
        continue;
      }
      compile_memory(&units[i], stdin_name, text, len, &schema, opts.variant, &diags);
      free(text);
    } else {
      compile_file(&units[i], files[i], &schema, opts.variant, &diags);
    }
    io_error |= units[i].io_error;
    sources[i] = &units[i].source;
  }
  print_diagnostics(&opts, &diags, sources, file_count);
  if (io_error)
    status = EXIT_USAGE;
  else if (diags.errors > 0)
    status = EXIT_FINDINGS;
  if (opts.format == FORMAT_TEXT && !opts.quiet && (diags.errors || diags.warnings))
    fprintf(stderr, "%zu error%s, %zu warning%s\n", diags.errors,
            diags.errors == 1 ? "" : "s", diags.warnings, diags.warnings == 1 ? "" : "s");
  for (size_t i = 0; i < file_count; i++)
    compilation_free(&units[i]);
  free(units);
  free(sources);
  free(files);
  schema_free(&schema);
  diag_list_free(&diags);
  return status;
}
