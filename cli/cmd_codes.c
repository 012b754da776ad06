/* filterc codes: the diagnostics table (validator/diagcodes.c), as the
 * Markdown table the README holds or as JSON for tools and tests. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diagcodes.h"

static void codes_usage(FILE *out) {
  fputs("usage: filterc codes [--format markdown|json] [-q]\n"
        "\n"
        "Lists every diagnostic code filterc emits, its severity and meaning.\n"
        "\n"
        "  --format F    markdown (default: the README's table) or json\n"
        "  -q, --quiet   accepted, as by every command (there is no summary)\n",
        out);
}

int cmd_codes(int argc, char **argv) {
  bool json = false;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      codes_usage(stdout);
      return EXIT_OK;
    }
    if (is_quiet_option(argv[i]))
      continue; /* accepted everywhere; this command prints no summary */
    int m = match_valued_option("--format", argc, argv, &i, &v);
    if (m < 0)
      return EXIT_USAGE;
    if (m > 0) {
      if (strcmp(v, "json") && strcmp(v, "markdown")) {
        fprintf(stderr, "filterc codes: --format must be markdown or json, not '%s'\n",
                v);
        return EXIT_USAGE;
      }
      json = !strcmp(v, "json");
      continue;
    }
    if (argv[i][0] == '-')
      return unknown_option("codes", argv[i], codes_usage);
    fprintf(stderr, "filterc codes: unexpected argument '%s'\n", argv[i]);
    codes_usage(stderr);
    return EXIT_USAGE;
  }
  if (json) {
    json_t *list = json_array();
    for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
      json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "code", DIAG_CODES[i].code,
                                            "severity", DIAG_CODES[i].severity, "meaning",
                                            DIAG_CODES[i].meaning));
    json_dumpf(list, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(list);
    return EXIT_OK;
  }
  puts("| code | severity | meaning |\n| --- | --- | --- |");
  for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
    printf("| `%s` | %s | %s |\n", DIAG_CODES[i].code, DIAG_CODES[i].severity,
           DIAG_CODES[i].meaning);
  return EXIT_OK;
}
