/* Printing conditions and their TRUE/FALSE/UNKNOWN results, for test
 * failures and coverage reports. */
#ifndef FILTERC_CLI_TRACE_H
#define FILTERC_CLI_TRACE_H

#include <stdio.h>

#include "filterc_runtime.h"

/* "event_type equals 'LoanCreated'", "all (2)", ... into out. */
void describe_cond(const Cond *c, char *out, size_t size);

/* The value a comparison read, SQL-style: NULL, 'text', 12.5, TRUE. */
void describe_value(const RtValue *v, char *out, size_t size);

/* One route's condition tree with each node's result and each comparison's
 * operand, indented under `indent` spaces. */
void print_route_trace(FILE *out, const Plan *p, size_t route, RtEvaluator *e,
                       RtMessage *m, const RtTruth *trace, int indent);

#endif
