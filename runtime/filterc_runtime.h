/* filterc runtime: evaluates checked filter programs on events with the
 * semantics of the Flink SQL that `filterc generate` emits.
 *
 * Stages, one file each, data flowing one way:
 *   lines.c       JSONL input -> lines (bounded buffer, line numbers)
 *   jackson_scan.c JSON text -> Jackson's token stream (JsonParser)
 *   decode.c      line -> RtMessage (Flink's json format row converter;
 *                 bare business events and Debezium envelopes are
 *                 rewritten to the flat message first)
 *   json_paths.c  event_data -> every path the Plan reads, in one walk
 *   jsonvalue.c   JSON_VALUE(event_data, path), then TRY_CAST, on a message
 *   (the Plan of validator/plan.h is the program every stage reads: nodes,
 *   compiled regexes, routes and topics)
 *   eval.c        Plan x RtMessage -> per-route TRUE/FALSE/UNKNOWN,
 *                 topics, optional per-condition trace
 *   matcher.c     REGEXP find of the pattern's PCRE2 translation, with
 *                 match/depth/heap limits
 *   crosscheck.c  the same program as SQLite SQL, an independent second
 *                 evaluation
 *   session.c, pipeline.c  per-thread evaluation state; batches of lines
 *                 evaluated on worker threads, results in input order
 *   sink_*.c      routed events -> SQLite database or JSONL files
 *
 * Each rule below names the Flink (or Debezium, Jackson) source it follows
 * and the Flink releases it holds for. "1.18+" means 1.18 up to 2.2, the
 * newest release read. Where releases differ, RtFlinkVersion selects
 * (--flink-version, `settings: flink_version`; default 1.19):
 *
 *   Flink      | JSON_VALUE text of a JSON float | source
 *   1.18, 1.19 | Double.toString: 1.5, 100000.0  | SqlJsonUtils, Jayway's
 *   1.20       | the same (inferred, unverified) |   default ObjectMapper
 *   2.0-2.2    | BigDecimal.toString: 1.50, 1E+5 | FLINK-35696: MAPPER with
 *              |                                 |   USE_BIG_DECIMAL_FOR_FLOATS
 *
 * ---- The message: Flink's json format with 'json.ignore-parse-errors' =
 * 'true' (the flink target's source table). Flink 1.18+ decodes with
 * JsonParserRowDataDeserializationSchema / JsonParserToRowDataConverters
 * (FLINK-32610, json.decode.json-parser.enabled defaults to true), a pull
 * parser over Jackson's tokens; decode.c transliterates its row loop. ----
 *   Tokenizer (jackson-core 2.14 defaults plus ALLOW_UNESCAPED_CONTROL_CHARS,
 *   which AbstractJsonDeserializationSchema.open enables, FLINK-20773):
 *     raw control characters inside strings are accepted; comments, single
 *     quotes, unquoted names, NaN/Infinity, leading zeros, "1.", "+1",
 *     trailing commas and invalid UTF-8 are errors. Any tokenizer error
 *     drops the whole row (deserialize returns null). A first token that
 *     is not '{' drops it too. Text after the top-level object is never
 *     read: accepted. A UTF-8 BOM is skipped.
 *   Row loop (createRowConverter): keys are matched against the source
 *     table's columns (those of the variant: arity 10 normal, 6 no-op);
 *     every matched key counts, repeated ones included, and once `arity`
 *     keys were matched the rest is skipped: {"a":1,"a":2,"b":3} with
 *     columns (a,b) gives a=2, b=NULL. Unknown keys are skipped but still
 *     tokenized (skipToNextField). A missing key or JSON null is NULL.
 *   A field converter that throws nulls only that field
 *     (wrapIntoNullableConverter) on the flink target; on the confluent
 *     target (Plan.target: route/test --target) the record is rejected
 *     instead and 'error-handling.mode' decides its fate (Confluent's
 *     json-registry format is not public: modelled as this converter
 *     without per-field leniency, as tests/oracle does):
 *     STRING  (convertToString): a string's text; a number's source text
 *             as written ("1.50", "1e5", "-0": JsonParser.getText());
 *             true/false as text; an object or array is Jackson's compact
 *             toString of the tree (readValueAsTree: floats as
 *             Double.toString, -0 as 0, Jackson's escapes).
 *     BIGINT  (convertToLong): an integer token in int64, else NULL; a
 *             float token truncated toward zero after a range check
 *             (ParserBase.convertNumberToLong: 1.9 -> 1, 1e19 -> NULL);
 *             other tokens Long.parseLong(getText().trim()) (" 123 ",
 *             "+5"; "1.5", true -> NULL).
 *     DOUBLE  (convertToDouble): a float token as parsed (1e400 is
 *             Infinity); other tokens Double.parseDouble(getText().trim()).
 *     BOOLEAN (convertToBoolean): true/false; other tokens
 *             Boolean.parseBoolean(getText().trim()): "TRUE" is true,
 *             "yes", 1, "" are false; never NULL except for JSON null.
 *   An object or array given to a BIGINT/DOUBLE/BOOLEAN column is not
 *     consumed by its converter, so the loop steps into it and reads its
 *     members as the message's, stopping at its end (or dropping the row
 *     when it runs past the end of input): followed token for token.
 *   Strings: a lone UTF-16 surrogate escape becomes '?' (Flink's
 *     StringData UTF-8 encoding, StringUtf8Utils.encodeUTF8).
 *   A converter that throws inside an object or array (a STRING column's
 *     readValueAsTree) leaves the parser where Jackson's error left it,
 *     and the row loop reads on from there (UTF8StreamJsonParser, 2.14):
 *     NaN, Infinity, -Infinity, -INF are matched whole, then rejected
 *     (_handleUnexpectedValue, _handleInvalidNumberStart); a misspelled
 *     literal or bare word collects the rest of the token and one more
 *     character (_matchToken, _reportInvalidToken); a value not followed
 *     by ',' or a close consumes that byte (_skipComma). In an object the
 *     value was parsed by the nextToken() that returned its name, so the
 *     next token is null (_nextAfterName). jackson_scan.c jk_recover().
 *   Not replicated, flagged instead (the line is reported malformed with
 *     the reason): an invalid escape or byte inside a string of a known
 *     column (Flink nulls the field and resumes parsing inside the
 *     string), other errors inside an object in a STRING column (number
 *     syntax, names, non-ASCII bytes), and a key with a NUL inside one.
 *   Columns not in the variant are never read; the no-op sinks get
 *   __op = 'c', __table = 'business_events'.
 *
 * ---- JSON_VALUE(event_data, '$.a.b[0].c') then TRY_CAST (sql_expr.c) ----
 *   JSON_VALUE (SqlJsonUtils.jsonValue over Jayway JsonPath with Jackson's
 *   ObjectMapper, UntypedObjectDeserializer; Flink 1.15 to 2.2): the
 *   document is read with Jackson's strict defaults (raw control
 *   characters, leading zeros, NaN are errors), text after the first value
 *   is ignored (FAIL_ON_TRAILING_TOKENS is off), a repeated key keeps its
 *   last value (LinkedHashMap.put). The path has no lax/strict prefix, so
 *   STRICT: NULL when event_data is NULL or invalid, a step is missing, or
 *   the value is null, an object or an array (NULL ON ERROR).
 *   The raw object becomes text with String.valueOf (JsonValueCallGen):
 *     string -> its text; true/false -> "true"/"false";
 *     integer -> Integer/Long/BigInteger digits ("-0" -> "0", 20 digits
 *                stay exact);
 *     float -> by version (table above); 1e400 is "Infinity" (Double) or
 *              "1E+400" (BigDecimal).
 *   TRY_CAST of that text (StringToNumericPrimitiveCastRule and
 *   StringToBooleanCastRule, Flink 1.15+; a throw becomes NULL):
 *     DOUBLE : Double.parseDouble(s.trim()), numtext.h
 *     BIGINT : BinaryStringDataUtil.toLong(s.trim()), numtext.h
 *     BOOLEAN: BinaryStringDataUtil.toBoolean(s), numtext.h
 *   Comparisons of a DOUBLE are Java's primitive ones: NaN (from the
 *   string "NaN") is unordered, so only <> is TRUE on it (operators.h).
 *
 * ---- REGEXP(field, pattern) (`matches`) ----
 *   SqlFunctionUtils.regExp (flink-table-runtime, Flink 1.15 to 2.2): FALSE
 *   for an empty pattern; else Pattern.compile(p).matcher(s).find(0) from
 *   java.util.regex (JDK 11/17 as Flink runs on); an Exception (a pattern
 *   Java rejects) gives FALSE, a StackOverflowError (not an Exception)
 *   fails the task. NULL field -> NULL. The validator admits only patterns
 *   whose PCRE2 translation (validator/regex_java.c, checked against JDK 17
 *   by tests/regex) means the same; matcher.c runs that translation under
 *   limits, and a hit is RT_REGEX_LIMIT_OUTCOME, not an answer.
 *
 * ---- Input shapes (decided on the top-level object's keys) ----
 *   Debezium envelope: has "op" and "before" or "after" (at the top level or
 *     inside "payload"), rewritten as ExtractNewRecordState with
 *     add.fields=op,table,ts_ms and delete rewrite (Debezium 2.x
 *     AbstractExtractNewRecordState / ExtractNewRecordState): c, u and r
 *     emit "after", d emits "before"; __op <- op, __table <- source.table,
 *     __ts_ms <- the envelope's ts_ms (FieldReference.determineStruct reads
 *     op and ts_ms from the envelope; source.ts_ms would be
 *     __source_ts_ms), __deleted <- the STRING "true" for deletes, else
 *     "false". No row (a truncate, a tombstone): the transform drops it,
 *     reported malformed. Then decoded as a message.
 *   Bare business event: has "eventHeader" and neither "event_data" nor
 *     "event_type": id <- eventHeader.uuid, event_name <- eventName,
 *     event_type <- eventType, created_date/saved_date <- createdDate/
 *     savedDate (epoch ms rendered as ISO-8601 UTC "2024-01-15T10:30:00Z",
 *     with ".mmm" when the milliseconds are not zero; other values copied),
 *     event_data <- the line's JSON text, __op <- 'c', __table <-
 *     'business_events', __ts_ms <- savedDate (our choice: the row's save
 *     time stands in for the capture time), __deleted <- 'false'.
 *   These two shapes are our input conveniences, rewritten with the same
 *   tokenizer: members' values are copied as their source text (the last
 *   of a repeated key wins), then the flat message is decoded as above.
 *   Anything else: a flat message. Blank lines are skipped silently.
 */
#ifndef FILTERC_RUNTIME_H
#define FILTERC_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"
#include "plan.h"
#include "schema.h"

typedef enum RtTruth { RT_FALSE, RT_TRUE, RT_UNKNOWN } RtTruth;

const char *rt_truth_name(RtTruth t);

typedef enum RtValueKind {
  RT_NULL,
  RT_STRING,
  RT_BIGINT,
  RT_DOUBLE,
  RT_BOOL
} RtValueKind;

/* A SQL value. Strings point into memory owned by the decoder. */
typedef struct RtValue {
  RtValueKind kind;
  const char *str;
  size_t len;
  int64_t i;
  double d;
  bool b;
} RtValue;

/* ---- lines.c ------------------------------------------------------------ */

typedef struct RtLines RtLines;

/* Reads `in` in large blocks; lines longer than max_line are reported as
 * too long and skipped without being buffered whole. */
RtLines *rt_lines_new(FILE *in, size_t max_line);
void rt_lines_free(RtLines *r);
/* Returns 1 with the next line (without its "\n" or "\r\n"), 0 at end of
 * input, -1 on a read error. *too_long is set for an oversized line, whose
 * text is not returned. Line numbers start at 1. */
int rt_lines_next(RtLines *r, const char **line, size_t *len, uint64_t *lineno,
                  bool *too_long);
uint64_t rt_lines_bytes_read(const RtLines *r);

/* ---- decode.c ----------------------------------------------------------- */

typedef enum RtShape {
  RT_SHAPE_MESSAGE,
  RT_SHAPE_BUSINESS_EVENT,
  RT_SHAPE_DEBEZIUM
} RtShape;

typedef struct RtDecoder RtDecoder;

/* The Flink release the SQL runs on, where it changes what a filter can
 * observe (the table in the header comment). */
typedef enum RtFlinkVersion {
  RT_FLINK_1_18,
  RT_FLINK_1_19,
  RT_FLINK_1_20,
  RT_FLINK_2_0,
  RT_FLINK_2_1,
  RT_FLINK_2_2
} RtFlinkVersion;

#define RT_FLINK_DEFAULT RT_FLINK_1_19

/* "1.18" ... "2.2" (also "1.18.1" and the like); false for others. */
bool rt_flink_version_parse(const char *s, RtFlinkVersion *out);
const char *rt_flink_version_name(RtFlinkVersion v);
/* True when JSON_VALUE renders a float with BigDecimal.toString of its
 * source text (FLINK-35696), false for Double.toString. */
bool rt_flink_bigdecimal_floats(RtFlinkVersion v);

typedef struct RtMessage {
  RtShape shape;
  /* One per schema column, by index. Read them with rt_message_column: a
   * string with escapes is decoded on first read (its .str is NULL here
   * until then). */
  const RtValue *columns;
  size_t column_count;
  /* The message as a flat JSON object: the line itself for flat messages,
   * the rewritten message for the other shapes. */
  const char *json;
  size_t json_len;
  RtDecoder *decoder; /* owner; parses event_data when a path needs it */
} RtMessage;

/* Decodes lines into the columns of the plan's schema, in its variant. */
RtDecoder *rt_decoder_new(const Plan *plan, size_t max_line);
void rt_decoder_free(RtDecoder *d);
/* The target Flink version (RT_FLINK_DEFAULT unless set). */
void rt_decoder_set_flink_version(RtDecoder *d, RtFlinkVersion v);
/* Decodes one line. Returns the message (valid until the next call), or
 * NULL with *error describing why the line is malformed. */
RtMessage *rt_decode(RtDecoder *d, const char *line, size_t len, const char **error);

/* Column `col` of m, decoded if it was not yet. */
RtValue rt_message_column(const RtMessage *m, size_t col);

/* ---- jsonvalue.c -------------------------------------------------------- */

/* JSON_VALUE(<json column>, path RETURNING type) for a FieldRef with a JSON
 * path. A string result stays valid until the next call or message. */
RtValue rt_json_value(RtMessage *m, const FieldRef *f, SqlType type);

/* ---- matcher.c ---------------------------------------------------------- */

typedef struct RtMatcher {
  pcre2_match_data *data;
  pcre2_match_context *context;
  uint64_t limit_hits; /* matches that hit a limit (counted UNKNOWN) */
} RtMatcher;

/* A match that hits a limit is no answer Flink would give: Java's matcher
 * has no limit, so where PCRE2 gives up Java either overflows its stack
 * (StackOverflowError, which SqlFunctionUtils.regExp does not catch: the
 * task fails and restarts on the same event) or runs on (the task stalls).
 * The validator rejects the shapes known to do this (regex-stack-overflow)
 * and warns on the others (regex-backtracking); the CLI reports any event
 * that still gets here with these words, never as a quiet UNKNOWN. */
#define RT_REGEX_LIMIT_OUTCOME "Flink would fail or stall here"
#define RT_REGEX_LIMIT_DETAIL                                                            \
  "a `matches` pattern hit the evaluator's PCRE2 match limits on this event; Java has "  \
  "none (a StackOverflowError fails the task, or the match does not finish); the route " \
  "is counted UNKNOWN"

/* Large enough that linear patterns finish on values of a few MB (a
 * repeated group takes one backtracking frame per repetition: (ab)+ on 1 MB
 * needs about 500,000 of depth); the heap limit bounds the memory. */
#define RT_REGEX_MATCH_LIMIT 10000000u
#define RT_REGEX_DEPTH_LIMIT 5000000u
#define RT_REGEX_HEAP_LIMIT_KIB 262144u

int rt_matcher_init(RtMatcher *m);
void rt_matcher_free(RtMatcher *m);
/* REGEXP(subject, pattern) with find semantics: TRUE when any substring
 * matches. UNKNOWN (and counted) when a limit is hit or PCRE2 fails. */
RtTruth rt_matcher_find(RtMatcher *m, const pcre2_code *re, const char *subject,
                        size_t len);

/* ---- eval.c ------------------------------------------------------------- */

typedef struct RtEvaluator RtEvaluator;

typedef struct RtResult {
  RtTruth *route_truth; /* route_count entries, owned by the evaluator */
  bool *topic_hit;      /* topic_count entries */
  size_t topics_hit;
  size_t unknown_routes; /* routes whose condition was UNKNOWN */
} RtResult;

RtEvaluator *rt_evaluator_new(const Plan *p);
void rt_evaluator_free(RtEvaluator *e);
/* Evaluates every route on m. With trace (node_count entries) every node is
 * evaluated and its truth stored; without it, AND/OR stop early. The
 * result stays valid until the next call. */
const RtResult *rt_eval(RtEvaluator *e, RtMessage *m, RtTruth *trace);
/* The value a comparison node reads from m (for traces). */
RtValue rt_operand(RtEvaluator *e, RtMessage *m, const Cond *c);
uint64_t rt_evaluator_regex_limit_hits(const RtEvaluator *e);

/* ---- crosscheck.c ------------------------------------------------------- */

typedef struct RtCrossCheck RtCrossCheck;

/* Compiles the program to one SQLite query. NULL with err on failure. */
RtCrossCheck *rt_crosscheck_new(const Plan *p, char *err, size_t err_size);
void rt_crosscheck_free(RtCrossCheck *x);
/* The Flink version whose float text JSON_VALUE follows (as the decoder's). */
void rt_crosscheck_set_flink_version(RtCrossCheck *x, RtFlinkVersion v);

#define RT_CROSSCHECK_NOT_COMPARABLE (-2)

/* Evaluates the message's flat JSON in SQLite and compares each route with
 * `truth`. Returns the number of disagreeing routes, -1 on an SQLite error
 * (message in err), or RT_CROSSCHECK_NOT_COMPARABLE when the event is one
 * SQLite's JSON functions cannot read as Flink does (rt_crosscheck_why says
 * which; crosscheck.c lists them). */
int rt_crosscheck_event(RtCrossCheck *x, const RtMessage *m, const RtTruth *truth,
                        RtTruth *sqlite_truth, char *err, size_t err_size);
/* After RT_CROSSCHECK_NOT_COMPARABLE: why, a static string. */
const char *rt_crosscheck_why(const RtCrossCheck *x);
/* The SQL text of the query (for --explain and bug reports). */
const char *rt_crosscheck_sql(const RtCrossCheck *x);

/* ---- session.c -------------------------------------------------------- */

/* A runtime session: one Plan's decoder, evaluator and (optionally) the
 * SQLite cross-check, the bundle every command that runs events uses. */
typedef struct RtSession RtSession;

typedef struct RtEvent {
  RtMessage *message; /* NULL: the line is malformed (error says why) */
  const char *error;
  const RtResult *result;      /* message != NULL */
  const RtTruth *sqlite_truth; /* with the cross-check: route_count entries */
  int disagreements;           /* with the cross-check: routes that differ */
  const char *not_comparable;  /* with the cross-check: why SQLite could not
                                  compare this event (static), or NULL */
} RtEvent;

/* How a session reads and checks events, given once when it is made (and
 * handed by a pipeline to each of its sessions), so no setter has to be
 * passed down the session -> decoder / cross-check chain afterwards. */
typedef struct RtSessionOptions {
  size_t max_line;              /* the longest line held whole */
  bool cross_check;             /* also evaluate every event in SQLite */
  RtFlinkVersion flink_version; /* RT_FLINK_DEFAULT unless the user chose */
} RtSessionOptions;

/* NULL with err on failure (out of memory; the cross-check's SQL). */
RtSession *rt_session_new(const Plan *plan, const RtSessionOptions *opts, char *err,
                          size_t err_size);
void rt_session_free(RtSession *s);
/* Decodes and evaluates one line (see rt_eval for trace). Returns 0, or
 * -1 with err when the cross-check's SQLite failed. The event stays valid
 * until the next call. */
int rt_session_eval(RtSession *s, const char *line, size_t len, RtTruth *trace,
                    RtEvent *ev, char *err, size_t err_size);
RtEvaluator *rt_session_evaluator(RtSession *s);
/* Decodes a line only (NULL with *error when malformed), for writing an
 * event the pipeline routed. Valid until the next call. */
RtMessage *rt_session_decode(RtSession *s, const char *line, size_t len,
                             const char **error);

/* ---- pipeline.c ------------------------------------------------------- */

/* Routing a corpus on N threads with results in input order. */
typedef struct RtPipeline RtPipeline;

typedef enum RtLineKind {
  RT_LINE_EVENT,     /* decoded and evaluated */
  RT_LINE_BLANK,     /* only spaces, tabs, CR: skipped */
  RT_LINE_MALFORMED, /* error says why */
  RT_LINE_TOO_LONG   /* longer than max_line: never held whole */
} RtLineKind;

typedef struct RtLineResult {
  RtLineKind kind;
  uint64_t lineno;
  const char *line; /* EVENT and MALFORMED: the text (not NUL-terminated) */
  size_t len;
  const char *error;          /* MALFORMED */
  const RtTruth *route_truth; /* EVENT: route_count entries */
  const bool *topic_hit;      /* EVENT: topic_count entries */
  size_t topics_hit, unknown_routes;
  const RtTruth *sqlite_truth; /* EVENT with the cross-check */
  int disagreements;
  const char *not_comparable; /* EVENT with the cross-check: RtEvent's */
  uint64_t regex_limit_hits;  /* matches on this line that hit a limit */
} RtLineResult;

/* Called on the thread that runs the pipeline, once per line, in input
 * order; the result is valid during the call. Non-zero stops the run and
 * is returned by rt_pipeline_run. */
typedef int (*RtLineFn)(void *ctx, const RtLineResult *line);

/* threads: 1 evaluates on the calling thread; N > 1 starts N workers,
 * each with a session made with opts. */
RtPipeline *rt_pipeline_new(const Plan *plan, unsigned threads,
                            const RtSessionOptions *opts, char *err, size_t err_size);
void rt_pipeline_free(RtPipeline *pl);
/* Runs every line of `in` through fn. Returns 0 at the end of input, -2 on
 * a read error, -1 with err (a cross-check SQLite error), or fn's value. */
int rt_pipeline_run(RtPipeline *pl, RtLines *in, RtLineFn fn, void *ctx, char *err,
                    size_t err_size);
uint64_t rt_pipeline_regex_limit_hits(const RtPipeline *pl);

/* ---- sink_sqlite.c / sink_jsonl.c --------------------------------------- */

typedef struct RtSink RtSink;

/* Which rules produced an output, recorded with it (SQLite sink). */
typedef struct RtProvenance {
  const char *filters_file;   /* as given on the command line */
  const char *filters_sha256; /* of the bytes compiled, as sha256sum prints it */
  const char *filterc_version;
  const char *routed_at; /* UTC, ISO-8601: 2026-11-22T03:30:00Z */
} RtProvenance;

typedef struct RtSummary {
  const RtProvenance *provenance; /* optional */
  uint64_t lines, events, malformed, blank;
  uint64_t *topic_events;  /* per topic */
  uint64_t *route_unknown; /* per route */
  uint64_t regex_limit_hits;
  uint64_t crosscheck_events, crosscheck_disagreements;
  uint64_t crosscheck_not_comparable; /* RT_CROSSCHECK_NOT_COMPARABLE events */
} RtSummary;

/* path: the database file; it is replaced. */
RtSink *rt_sink_sqlite_new(const Plan *p, const char *path, char *err, size_t err_size);
/* dir: created if needed; one TOPIC.jsonl per topic. */
RtSink *rt_sink_jsonl_new(const Plan *p, const char *dir, char *err, size_t err_size);
/* Writes m (its sink columns, in the variant's output shape) to a topic. */
int rt_sink_write(RtSink *s, size_t topic, const RtMessage *m, uint64_t lineno);
/* Writes the summary, commits, closes and frees. Returns 0 or -1. */
int rt_sink_finish(RtSink *s, const RtSummary *sum, char *err, size_t err_size);

/* Output value of sink column `col` for m: in the no-op variant __op is
 * 'c' and __table 'business_events'. */
RtValue rt_sink_value(const Plan *p, const RtMessage *m, size_t col);

#endif
