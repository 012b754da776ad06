/* Runtime internals shared between stages; not part of the public API. */
#ifndef FILTERC_RUNTIME_INTERNAL_H
#define FILTERC_RUNTIME_INTERNAL_H

#include "buf.h"
#include "filterc_runtime.h"
#include "json.h"
#include "numtext.h"

struct RtDecoder {
  const Schema *schema;
  Variant variant;
  RtJsonDoc *line_doc; /* the message */
  RtJsonDoc *data_doc; /* event_data, parsed on first use */
  RtValue *columns;
  size_t *scratch_at; /* per column: offset into scratch, or SIZE_MAX */
  Buf scratch;        /* rendered numbers and containers of this message */
  Buf rewrite;        /* the flat JSON of an envelope or bare event */
  RtMessage msg;
  int data_state; /* 0 not parsed yet, 1 parsed, -1 NULL or invalid */
  RtJsonNode data_root;
  char numtext[RT_DOUBLE_TEXT_MAX]; /* a JSON_VALUE number rendered as text */
};

/* The text of a JSON number as Jackson's asText() renders it. */
size_t rt_number_text(RtJsonNode n, char out[RT_DOUBLE_TEXT_MAX]);

/* A sink implementation embeds RtSink first. */
typedef struct RtSinkOps {
  int (*write)(RtSink *s, size_t topic, const RtMessage *m, uint64_t lineno);
  int (*finish)(RtSink *s, const RtSummary *sum, char *err, size_t err_size);
} RtSinkOps;

struct RtSink {
  const RtSinkOps *ops;
  const Plan *p;
};

/* The columns copied to the filtered topics, in DDL order. */
size_t rt_sink_columns(const Plan *p, size_t *cols);
#endif
