/* Runtime internals shared between stages; not part of the public API. */
#ifndef FILTERC_RUNTIME_INTERNAL_H
#define FILTERC_RUNTIME_INTERNAL_H

#include "buf.h"
#include "filterc_runtime.h"
#include "jackson_scan.h"
#include "numtext.h"

/* The JSON paths the Plan reads in event_data, as a trie of their steps,
 * and what one walk of a message's event_data found at each (json_paths.c).
 * A node's steps point into the Plan's FieldRefs, which outlive it. */
typedef struct RtPathNode {
  PathStep step;         /* from the parent (unused at the root) */
  uint32_t first_child;  /* UINT32_MAX: none */
  uint32_t next_sibling; /* UINT32_MAX: none */
  int slot;              /* the path ending here: its result, or -1 */
  uint64_t visited;      /* the walk (RtPaths.walk_count) that last reached it */
} RtPathNode;

typedef struct RtPathResult {
  bool found;     /* a scalar, not JSON null */
  JkTok tok;      /* its token */
  size_t at, len; /* its text (Jackson's getText()) in RtPaths.text */
} RtPathResult;

enum { RT_PATHS_CACHE = 16 };

typedef struct RtPaths {
  RtPathNode *nodes; /* nodes[0] is the document */
  size_t node_count, node_cap;
  RtPathResult *results; /* per slot */
  size_t slot_count;
  Buf text;
  uint64_t walk_count; /* walks so far */
  /* rt_paths_slot's recent answers, by the FieldRef's address */
  const FieldRef *cache_ref[RT_PATHS_CACHE];
  int cache_slot[RT_PATHS_CACHE];
  bool walked; /* results are this message's */
  bool valid;  /* ... and event_data was read without error */
} RtPaths;

/* The trie of every path a COMPARE node of plan reads. */
void rt_paths_init(RtPaths *t, const Plan *plan);
void rt_paths_free(RtPaths *t);
/* f's result slot; a path not in the trie yet is added (and the message
 * walked again). */
int rt_paths_slot(RtPaths *t, const FieldRef *f);
/* Walks doc once, filling every slot's result; false (and t->valid false)
 * when Jackson's ObjectMapper fails on it, which makes every path NULL. */
bool rt_paths_walk(RtPaths *t, JkParser *jp, const char *doc, size_t len);

struct RtDecoder {
  const Schema *schema;
  Variant variant;
  JkParser line_jp;  /* the message, as Flink's row converter reads it */
  JkParser data_jp;  /* event_data, as JSON_VALUE's ObjectMapper reads it */
  JkParser shape_jp; /* an envelope's or bare event's members */
  RtFlinkVersion flink_version;
  const char *line, *line_end; /* the text being decoded */
  const char *why;             /* why a field made the row undecidable */
  /* The confluent target's json-registry format has no per-field leniency:
   * a field converter that throws rejects the record (Plan.target). */
  bool field_error_rejects_record;
  char why_buf[200]; /* a rejected record's reason, naming the column */
  Buf keys;          /* tree_to_string's per-object keys */
  Buf value_text;    /* a JSON_VALUE result's text */
  RtValue *columns;
  bool *projected;  /* per column: in the job's projection (decode.c) */
  size_t *name_len; /* per column: strlen of its name, for the key lookup */
  size_t arity;     /* how many are */
  /* Per column: a string with escapes is decoded when first read
   * (rt_message_column), so a message whose event_data no condition or
   * sink reads never pays for unescaping it. */
  const char **lazy_raw; /* its source text, or NULL when decoded */
  size_t *lazy_len;
  Buf *lazy_buf;
  size_t *scratch_at; /* per column: offset into scratch, or SIZE_MAX */
  Buf scratch;        /* rendered numbers and containers of this message */
  Buf rewrite;        /* the flat JSON of an envelope or bare event */
  RtMessage msg;
  RtPaths paths; /* event_data's paths, walked once per message */
};

/* new BigDecimal(text).toString() of a JSON float's source text into out
 * (replaced); false when BigDecimal would throw. */
bool rt_bigdecimal_text(const char *s, size_t n, Buf *out);

/* A sink implementation embeds RtSink first. */
typedef struct RtSinkOps {
  int (*write)(RtSink *s, size_t topic, const RtMessage *m, uint64_t lineno);
  int (*finish)(RtSink *s, const RtSummary *sum, char *err, size_t err_size);
} RtSinkOps;

struct RtSink {
  const RtSinkOps *ops;
  const Plan *p;
};

/* The columns copied to the filtered topics, in DDL order (cols holds
 * schema->column_count entries). */
size_t rt_sink_columns(const Plan *p, size_t *cols);
#endif
