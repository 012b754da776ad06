/* The floor of `filterc generate`: libyaml's event parser alone over the
 * filters file, no tree, no checking, no SQL. Prints the best wall time
 * of RUNS runs in milliseconds. usage: yaml-floor FILE [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  double best = -1;
  for (int r = 0; r < runs; r++) {
    double start = now_ms();
    FILE *f = fopen(argv[1], "rb");
    if (!f)
      return 2;
    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    size_t events = 0;
    for (int done = 0; !done; events++) {
      if (!yaml_parser_parse(&parser, &event))
        return 1;
      done = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    double ms = now_ms() - start;
    if (best < 0 || ms < best)
      best = ms;
    if (r == 0)
      fprintf(stderr, "%zu events\n", events);
  }
  printf("%.1f\n", best);
  return 0;
}
