#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "emit.h"
#include "suggest.h"

/* Matches `--name VALUE` and `--name=VALUE`. Returns 1 and sets *value,
 * 0 when argv[*i] is another option, -1 when the value is missing. */
int match_valued_option(const char *name, int argc, char **argv, int *i,
                        const char **value) {
  const char *arg = argv[*i];
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0)
    return 0;
  if (arg[n] == '=') {
    *value = arg + n + 1;
    return 1;
  }
  if (arg[n] != '\0')
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "filterc: option %s needs a value\n", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

int parse_target_option(const char *command, int argc, char **argv, int *i,
                        Target *target) {
  const char *v = NULL;
  int m = match_valued_option("--target", argc, argv, i, &v);
  if (m <= 0)
    return m;
  if (target_from_name(v, target) != 0) {
    fprintf(stderr, "filterc %s: --target must be confluent or flink, not '%s'\n",
            command, v);
    return -1;
  }
  return 1;
}

Target cli_runtime_target(const FrontOptions *o, const Program *p) {
  if (o->target_given)
    return o->target;
  size_t confluent = 0, flink = 0;
  for (size_t i = 0; p && i < p->output_count; i++)
    p->outputs[i].target == TARGET_CONFLUENT ? confluent++ : flink++;
  for (size_t i = 0; p && i < p->env_count; i++)
    p->envs[i].target == TARGET_CONFLUENT ? confluent++ : flink++;
  return confluent && !flink ? TARGET_CONFLUENT : TARGET_FLINK;
}

bool is_quiet_option(const char *arg) {
  return strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0;
}

static bool is_option_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

int unknown_option(const char *command, const char *arg, void (*usage)(FILE *out)) {
  fprintf(stderr, "filterc %s: unknown option '%s'\n", command, arg);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (f) {
    usage(f);
    fclose(f);
  }
  enum { MAX_OPTIONS = 64 };
  const char *names[MAX_OPTIONS];
  size_t count = 0;
  /* options are the words that start with '-' after a blank, '[' or '|' */
  for (size_t k = 0; text && k < len && count < MAX_OPTIONS; k++) {
    if (text[k] != '-' || (k > 0 && !strchr(" [|,(\n", text[k - 1])))
      continue;
    size_t end = k + 1;
    while (end < len && is_option_char(text[end]))
      end++;
    bool long_option = end - k >= 3 && text[k + 1] == '-';
    bool short_option = end - k == 2 && text[k + 1] != '-';
    if (!long_option && !short_option)
      continue;
    text[end] = '\0'; /* the option names become strings in place */
    names[count++] = text + k;
    k = end;
  }
  char word[128];
  snprintf(word, sizeof word, "%s", arg);
  char *eq = strchr(word, '=');
  if (eq)
    *eq = '\0';
  const char *guess = suggest_closest(word, names, count);
  if (guess)
    fprintf(stderr, "filterc %s: did you mean '%s'?\n", command, guess);
  fprintf(stderr, "Run 'filterc %s --help' for its options.\n", command);
  free(text);
  return EXIT_USAGE;
}

int parse_front_option(FrontOptions *o, int argc, char **argv, int *i) {
  const char *v = NULL;
  int m;
  if (is_quiet_option(argv[*i])) {
    o->quiet = true;
    return 1;
  }
  if (strcmp(argv[*i], "--werror") == 0) {
    o->werror = true;
    return 1;
  }
  if ((m = match_valued_option("--event-schema", argc, argv, i, &v)) != 0) {
    o->event_schema_path = v;
    return m;
  }
  if ((m = match_valued_option("--schema", argc, argv, i, &v)) != 0) {
    o->schema_path = v;
    return m;
  }
  if ((m = match_valued_option("--flink-version", argc, argv, i, &v)) != 0) {
    RtFlinkVersion fv;
    if (m > 0 && !rt_flink_version_parse(v, &fv)) {
      fprintf(stderr,
              "filterc: --flink-version must be 1.18, 1.19, 1.20, 2.0, 2.1 or 2.2, "
              "not '%s'\n",
              v);
      return -1;
    }
    o->flink_version = v;
    return m;
  }
  if ((m = match_valued_option("--variant", argc, argv, i, &v)) != 0) {
    if (m > 0 && variant_from_name(v, &o->variant) != 0) {
      fprintf(stderr, "filterc: --variant must be normal or no-op, not '%s'\n", v);
      return -1;
    }
    return m;
  }
  if ((m = match_valued_option("--format", argc, argv, i, &v)) != 0) {
    if (m < 0)
      return m;
    if (strcmp(v, "text") == 0)
      o->format = FORMAT_TEXT;
    else if (strcmp(v, "json") == 0)
      o->format = FORMAT_JSON;
    else if (strcmp(v, "github") == 0)
      o->format = FORMAT_GITHUB;
    else if (strcmp(v, "sarif") == 0)
      o->format = FORMAT_SARIF;
    else {
      fprintf(stderr, "filterc: --format must be text, json, github or sarif, not '%s'\n",
              v);
      return -1;
    }
    return 1;
  }
  return 0;
}

void print_diagnostics(const FrontOptions *o, DiagList *diags,
                       const SourceFile *const *sources, size_t count) {
  if (o->werror)
    diag_promote_warnings(diags);
  diag_sort(diags);
  if (o->format == FORMAT_JSON) {
    diag_render_json(stdout, diags);
    return;
  }
  if (o->format == FORMAT_GITHUB) {
    diag_render_github(stdout, diags);
    return;
  }
  if (o->format == FORMAT_SARIF) {
    diag_render_sarif(stdout, diags, FILTERC_VERSION);
    return;
  }
  bool color = isatty(fileno(stderr)) && !getenv("NO_COLOR");
  diag_render_text(stderr, diags, sources, count, color);
}

int cli_flink_version(const FrontOptions *o, const Program *p, RtFlinkVersion *out) {
  *out = RT_FLINK_DEFAULT;
  if (o->flink_version)
    return rt_flink_version_parse(o->flink_version, out) ? 0 : -1;
  for (size_t i = 0; p && i < p->setting_count; i++) {
    const Setting *s = &p->settings[i];
    if (strcmp(s->key, "flink_version") != 0)
      continue;
    if (!rt_flink_version_parse(s->value, out)) {
      fprintf(stderr,
              "%s:%u:%u: error: settings: flink_version must be 1.18, 1.19, 1.20, 2.0, "
              "2.1 or 2.2, not '%s' [bad-setting]\n",
              p->file, (unsigned)s->pos.line, (unsigned)s->pos.col, s->value);
      return -1;
    }
  }
  return 0;
}

const char *cli_malformed_outcome(const Plan *plan) {
  if (plan->target == TARGET_FLINK)
    return "the flink target's source ('json.ignore-parse-errors' = 'true') skips such a "
           "record";
  const char *mode = CONFLUENT_ERROR_HANDLING_DEFAULT;
  for (size_t i = 0; i < plan->program->setting_count; i++)
    if (strcmp(plan->program->settings[i].key, "error_handling_mode") == 0)
      mode = plan->program->settings[i].value;
  if (strcmp(mode, "ignore") == 0)
    return "on Confluent Cloud ('error-handling.mode' = 'ignore') such a record is "
           "skipped";
  if (strcmp(mode, "log") == 0)
    return "on Confluent Cloud ('error-handling.mode' = 'log') such a record goes to the "
           "dead-letter table error_log";
  return "on Confluent Cloud ('error-handling.mode' = 'fail') such a record fails the "
         "statement";
}
