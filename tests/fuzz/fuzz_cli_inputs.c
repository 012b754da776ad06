/* libFuzzer harness over the CLI's inputs other than filters files and
 * event corpora (issue 14), run through the commands themselves, as a user
 * would: the first byte selects what the rest of the input is.
 *   0  a test file:        filterc test FILE (its `filters:` may name the
 *                          copies of all-operators.yaml and filters.yaml
 *                          beside it)
 *   1  a --schema file:    filterc validate --schema FILE all-operators.yaml
 *   2  a template:         the second byte picks which of the shipped
 *                          templates it replaces in a copy of templates/;
 *                          filterc generate --target T --templates COPY
 *   3  an event line:      filterc explain events-filters.yaml --filter ID
 *                          --event LINE (the second byte picks ID)
 *   4  an event corpus:    filterc diff all-operators.yaml filters.yaml
 *                          --events FILE (not events-filters.yaml, whose
 *                          regex bomb costs ASan seconds per corpus: the
 *                          fuzzer would spend its time there)
 * The commands print to stdout and stderr, so run-fuzzers.sh runs this
 * harness with -close_fd_mask=3 (libFuzzer and the sanitizers keep their
 * own copy of stderr). Any exit status is fine; a crash, a leak, a
 * sanitizer report or a hang is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef FUZZ_SOURCE_ROOT
#error "FUZZ_SOURCE_ROOT must name the source tree"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The shipped templates, by the path under templates/ the second byte of
 * kind 2 selects, and the target whose generation reads each. */
static const struct {
  const char *path;
  const char *target;
} TEMPLATES[] = {
    {"common/file.sql.tpl", "flink"},          {"common/header.sql.tpl", "flink"},
    {"common/insert.sql.tpl", "flink"},        {"common/job.sql.tpl", "flink"},
    {"confluent/source.sql.tpl", "confluent"}, {"confluent/sink.sql.tpl", "confluent"},
    {"flink/source.sql.tpl", "flink"},         {"flink/sink.sql.tpl", "flink"},
};
#define TEMPLATE_COUNT (sizeof TEMPLATES / sizeof TEMPLATES[0])

static const char *const FILTER_IDS[] = {
    "op-equals",           "op-in",
    "op-not-in",           "op-comparisons",
    "op-between",          "op-matches",
    "op-null-tests",       "op-bigint-and-boolean",
    "op-timestamp",        "group-all-any-not",
    "condition-logic-or",  "logical-operator",
    "multi-topic-routing", "quoted-path-key",
    "disabled-example",    "regex-bomb",
};
#define FILTER_ID_COUNT (sizeof FILTER_IDS / sizeof FILTER_IDS[0])

static char dir[64];                    /* the work directory, removed at exit */
static char *originals[TEMPLATE_COUNT]; /* each template's shipped text */
static size_t original_len[TEMPLATE_COUNT];
static bool ready;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    abort();
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap)
      buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *len = n;
  return buf;
}

static void spill(const char *path, const void *text, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
    abort();
}

static void copy_file(const char *from, const char *to) {
  size_t len;
  char *text = slurp(from, &len);
  spill(to, text, len);
  free(text);
}

static void path_in(char *out, size_t size, const char *name) {
  snprintf(out, size, "%s/%s", dir, name);
}

static void remove_dir(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "fuzz_cli_inputs: could not remove %s\n", dir);
}

static void setup(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/fuzz-cli-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(dir))
    abort();
  atexit(remove_dir);
  char to[256], from[512];
  static const char *const subdirs[] = {"templates", "templates/common",
                                        "templates/confluent", "templates/flink"};
  for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
    path_in(to, sizeof to, subdirs[i]);
    if (mkdir(to, 0700) != 0)
      abort();
  }
  for (size_t i = 0; i < TEMPLATE_COUNT; i++) {
    snprintf(from, sizeof from, "%s/templates/%s", FUZZ_SOURCE_ROOT, TEMPLATES[i].path);
    originals[i] = slurp(from, &original_len[i]);
    snprintf(to, sizeof to, "%s/templates/%s", dir, TEMPLATES[i].path);
    spill(to, originals[i], original_len[i]);
  }
  static const char *const files[][2] = {
      {"examples/all-operators.yaml", "all-operators.yaml"},
      {"filters/filters.yaml", "filters.yaml"},
      {"tests/fuzz/events-filters.yaml", "events-filters.yaml"},
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(from, sizeof from, "%s/%s", FUZZ_SOURCE_ROOT, files[i][0]);
    path_in(to, sizeof to, files[i][1]);
    copy_file(from, to);
  }
  ready = true;
}

/* Runs a command on argv (NULL-terminated), as main() would. */
static void run(int (*command)(int, char **), char **argv) {
  int argc = 0;
  while (argv[argc])
    argc++;
  (void)command(argc, argv);
  fflush(stdout);
  fflush(stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready)
    setup();
  if (size < 2)
    return 0;
  unsigned kind = data[0] % 5, pick = data[1];
  const char *text = (const char *)data + 2;
  size_t len = size - 2;
  char input[256], all_operators[256], events_filters[256], templates[256];
  path_in(all_operators, sizeof all_operators, "all-operators.yaml");
  path_in(events_filters, sizeof events_filters, "events-filters.yaml");
  path_in(templates, sizeof templates, "templates");
  switch (kind) {
  case 0: {
    path_in(input, sizeof input, "case.test.yaml");
    spill(input, text, len);
    char *argv[] = {"test", input, NULL};
    run(cmd_test, argv);
    break;
  }
  case 1: {
    path_in(input, sizeof input, "schema.yaml");
    spill(input, text, len);
    char *argv[] = {"validate", "--schema", input, all_operators, NULL};
    run(cmd_validate, argv);
    break;
  }
  case 2: {
    size_t t = pick % TEMPLATE_COUNT;
    snprintf(input, sizeof input, "%s/templates/%s", dir, TEMPLATES[t].path);
    spill(input, text, len);
    char target[32];
    snprintf(target, sizeof target, "%s", TEMPLATES[t].target);
    char *argv[] = {"generate", "--target",    target, "--templates",
                    templates,  all_operators, NULL};
    run(cmd_generate, argv);
    spill(input, originals[t], original_len[t]); /* the next input starts clean */
    break;
  }
  case 3: {
    /* an argument ends at its first NUL, as on a command line */
    char *line = strndup(text, len);
    char id[64];
    snprintf(id, sizeof id, "%s", FILTER_IDS[pick % FILTER_ID_COUNT]);
    char *argv[] = {"explain", events_filters, "--filter", id, "--event", line, NULL};
    run(cmd_explain, argv);
    free(line);
    break;
  }
  case 4: {
    path_in(input, sizeof input, "events.jsonl");
    spill(input, text, len);
    char filters[256];
    path_in(filters, sizeof filters, "filters.yaml");
    char *argv[] = {"diff", all_operators, filters, "--events", input, NULL};
    run(cmd_diff, argv);
    break;
  }
  }
  return 0;
}
