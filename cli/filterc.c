/* filterc: the command-line driver. Each subcommand lives in its own file;
 * this one only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct Command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} Command;

static const Command COMMANDS[] = {
    {"validate", cmd_validate, "check filter files and report every problem"},
    {"generate", cmd_generate, "compile a filters file to Flink SQL"},
    {"test", cmd_test, "run filter test files on sample events"},
    {"route", cmd_route, "route a JSONL corpus to per-topic outputs"},
    {"explain", cmd_explain, "show one filter's conditions, SQL and results on events"},
    {"diff", cmd_diff, "compare two versions of a filters file"},
    {"codes", cmd_codes, "list every diagnostic code with its meaning"},
    {"topics", cmd_topics, "list the output topics of an environment"},
};

static void usage(FILE *out) {
  fputs("usage: filterc COMMAND [OPTIONS] ...\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
  fputs("\n'filterc COMMAND --help' describes a command's options.\n"
        "Exit status: 0 ok, 1 findings or failures, 2 usage or I/O error.\n",
        out);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("filterc %s\n", FILTERC_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (strcmp(argv[1], COMMANDS[i].name) == 0)
      return COMMANDS[i].run(argc - 1, argv + 1);
  fprintf(stderr, "filterc: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return EXIT_USAGE;
}
