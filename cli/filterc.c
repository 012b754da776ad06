/* filterc: the command-line driver. Each subcommand lives in its own file;
 * this one only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"

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
    {"schema", cmd_schema, "print the JSON Schema of the filters format, for editors"},
};

static void usage(FILE *out) {
  fputs("usage: filterc COMMAND [OPTIONS] ...\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
  fputs("\n'filterc help COMMAND' (or 'filterc COMMAND --help') describes a\n"
        "command's options; 'man filterc' all of them, with examples.\n"
        "Exit status: 0 ok, 1 findings or failures, 2 usage or I/O error.\n",
        out);
}

enum { COMMAND_COUNT = sizeof COMMANDS / sizeof COMMANDS[0] };

static const Command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(name, COMMANDS[i].name) == 0)
      return &COMMANDS[i];
  return NULL;
}

static int unknown_command(const char *name) {
  fprintf(stderr, "filterc: unknown command '%s'\n", name);
  const char *names[COMMAND_COUNT];
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    names[i] = COMMANDS[i].name;
  const char *guess = suggest_closest(name, names, COMMAND_COUNT);
  if (guess)
    fprintf(stderr, "filterc: did you mean '%s'?\n", guess);
  usage(stderr);
  return EXIT_USAGE;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      (strcmp(argv[1], "help") == 0 && argc == 2)) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("filterc %s\n", FILTERC_VERSION);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0) { /* help COMMAND: COMMAND --help */
    if (argc > 3) {
      fputs("usage: filterc help [COMMAND]\n", stderr);
      return EXIT_USAGE;
    }
    const Command *c = find_command(argv[2]);
    if (!c)
      return unknown_command(argv[2]);
    char help[] = "--help";
    char *args[] = {argv[2], help, NULL};
    return c->run(2, args);
  }
  const Command *c = find_command(argv[1]);
  if (!c)
    return unknown_command(argv[1]);
  return c->run(argc - 1, argv + 1);
}
