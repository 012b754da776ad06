/* `filterc generate FILE` without --target: the SQL files the filters file
 * declares under `outputs:`, written, checked or listed together. */
#ifndef FILTERC_GENERATE_OUTPUTS_H
#define FILTERC_GENERATE_OUTPUTS_H

#include "cli.h"
#include "emit.h"

typedef enum OutputsMode {
  OUTPUTS_WRITE, /* write every declared file (atomically, none on errors) */
  OUTPUTS_CHECK, /* compare each with what generate makes now */
  OUTPUTS_LIST   /* print PATH TAB TARGET TAB VARIANT per declared file */
} OutputsMode;

typedef struct OutputsRun {
  OutputsMode mode;
  const FrontOptions *front;
  const GenOptions *gen; /* flags and separate_statements; target and
                            variant come from each declaration */
  const char *templates; /* --templates, or NULL for the default */
  const char *input;     /* the filters file as given */
  int argc;              /* the command line (argv[0] is "generate"), */
  char *const *argv;     /* repeated without --check in the advice */
} OutputsRun;

/* Returns the exit status. */
int generate_outputs(const OutputsRun *run);

#endif
