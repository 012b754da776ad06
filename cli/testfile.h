/* A test file of `filterc test`, read from the positioned YAML tree with
 * the same diagnostics as the filters front end: unknown keys (with "did
 * you mean"), wrong node kinds, events that are not objects, conflicting
 * expectations, and topics no route of the filters writes. A typo in an
 * expectation (`must_not_rech`, a misspelt topic) must never let a case
 * pass, so every one of them is an error.
 *
 * Ownership: a TestFile borrows the YAML tree (and its arena), which must
 * outlive it; its own arrays are malloc'd and released by testfile_free. */
#ifndef FILTERC_CLI_TESTFILE_H
#define FILTERC_CLI_TESTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "yamltree.h"

/* One list of topics in an expectation. */
typedef struct TopicList {
  const YNode *node; /* the YAML list, NULL when the key is absent */
  const YNode **items;
  size_t count;
} TopicList;

typedef struct TestCase {
  const char *name; /* "case N" when the case has no name */
  char *owned_name; /* storage for a generated name */
  SrcPos pos;
  const YNode *events;     /* the inline list, or NULL */
  const char *events_file; /* `events: {file: PATH}`, or NULL */
  SrcPos events_pos;
  TopicList topics, must_reach, must_not_reach;
} TestCase;

typedef struct TestFile {
  const char *path;
  const char *filters; /* as written, relative to the test file */
  SrcPos filters_pos;
  bool has_variant;
  Variant variant;
  TestCase *cases;
  size_t case_count;
} TestFile;

/* Reads root (the file's tree, NULL for an empty file) into tf, adding a
 * diagnostic for every structural problem. Returns the number of errors
 * added; the cases that could be read are in tf either way. */
size_t testfile_read(TestFile *tf, const char *path, const YNode *root, DiagList *diags);

/* Adds an `unknown-topic` error for every expected topic that no route of
 * the program writes (active or not), with the closest topic as a hint.
 * Returns the number of errors added. */
size_t testfile_check_topics(const TestFile *tf, const Program *program, DiagList *diags);

void testfile_free(TestFile *tf);

#endif
