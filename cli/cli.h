/* Shared pieces of the filterc subcommands. */
#ifndef FILTERC_CLI_H
#define FILTERC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "compile.h"
#include "filterc_runtime.h"
#include "report.h"

#define FILTERC_VERSION "0.1.0"

/* Exit codes, the same for every command. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef enum DiagFormat {
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_GITHUB,
  FORMAT_SARIF
} DiagFormat;

/* Options every command that compiles filters understands. */
typedef struct FrontOptions {
  const char *schema_path;       /* NULL: built-in */
  const char *event_schema_path; /* NULL: the schema's event_schema, if any */
  Variant variant;
  bool werror;
  bool quiet; /* -q, --quiet: no summary or progress lines */
  DiagFormat format;
  const char *flink_version; /* --flink-version, checked; NULL: not given */
  Target target;             /* --target, when target_given */
  bool target_given;
} FrontOptions;

/* Returns 1 when argv[*i] was a front-end option (consuming its argument),
 * 0 when it is not one, -1 after printing a usage error. */
int parse_front_option(FrontOptions *o, int argc, char **argv, int *i);

/* The --target paragraph of route's, test's, explain's and diff's usage. */
#define CLI_RUNTIME_TARGET_HELP                                                          \
  "  --target T        the deployment whose source table to decode like:\n"              \
  "                    flink (a field that does not convert is NULL) or\n"               \
  "                    confluent (json-registry rejects the record); default:\n"         \
  "                    the one target the file's outputs/environments name,\n"           \
  "                    else flink\n"

/* Matches `--target confluent|flink`: 1 (setting *target), 0 when argv[*i]
 * is another option, -1 after printing a usage error. */
int parse_target_option(const char *command, int argc, char **argv, int *i,
                        Target *target);

/* The deployment route, test, explain and diff decode the source like:
 * --target, else the one target every `outputs:` entry and environment of
 * the file names, else flink. */
Target cli_runtime_target(const FrontOptions *o, const Program *p);

/* Prints diagnostics in the chosen format to stderr (text) or stdout (json). */
void print_diagnostics(const FrontOptions *o, DiagList *diags,
                       const SourceFile *const *sources, size_t count);

/* The Flink version the evaluator follows: --flink-version, else the
 * filters file's `settings: flink_version`, else RT_FLINK_DEFAULT. Returns
 * -1 after printing an error for a version the file spells wrongly. */
int cli_flink_version(const FrontOptions *o, const Program *p, RtFlinkVersion *out);

/* What happens to a record the source cannot deserialize, on the Plan's
 * target: the flink target skips it ('json.ignore-parse-errors'); Confluent
 * Cloud follows the file's `settings: error_handling_mode` (default log):
 * skipped, sent to the dead-letter table error_log, or the statement fails. */
const char *cli_malformed_outcome(const Plan *plan);

int match_valued_option(const char *name, int argc, char **argv, int *i,
                        const char **value);

/* -q or --quiet, which every command accepts. */
bool is_quiet_option(const char *arg);

/* Reports an unknown option of `command` with the closest option its usage
 * text names ("did you mean"), so suggestions follow --help without a list
 * of their own. Returns EXIT_USAGE. */
int unknown_option(const char *command, const char *arg, void (*usage)(FILE *out));

/* Loads the schema and compiles one filters file, printing diagnostics.
 * Returns EXIT_OK (release both with compilation_free/schema_free),
 * EXIT_FINDINGS when the file has errors, EXIT_USAGE on I/O problems. */
int load_program(const FrontOptions *o, const char *path, Schema *schema,
                 Compilation *unit);

int cmd_validate(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_codes(int argc, char **argv);
int cmd_topics(int argc, char **argv);
int cmd_schema(int argc, char **argv);

#endif
