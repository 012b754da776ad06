/* A C view of simdjson's DOM parser. Since the decoder follows Flink's
 * JsonParser token by token (jackson_scan.h), no runtime stage uses it any
 * more; it stays for programs built against the installed library until
 * it is removed.
 *
 *
 * Why simdjson: measured on the 100,000-line test corpus (690 bytes a line),
 * jansson parses 79 MB/s, about jq's speed, while simdjson's DOM parser
 * validates and parses 1,270 MB/s. The DOM API (not On-Demand) is used
 * because it validates the whole line, as Flink's Jackson parser does: a
 * line with a bad value anywhere is malformed even if the fields we read
 * are fine.
 *
 * Known differences from Jackson, all making a line (or event_data) invalid
 * where Jackson would accept it: integers outside [-2^63, 2^64), numbers
 * that overflow a double (1e400), and lone UTF-16 surrogate escapes.
 *
 * A node is valid until its document is parsed again or freed. */
#ifndef FILTERC_RUNTIME_JSON_H
#define FILTERC_RUNTIME_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum RtJsonType {
  RT_JSON_NULL,
  RT_JSON_BOOL,
  RT_JSON_INT64,
  RT_JSON_UINT64, /* only for integers above INT64_MAX */
  RT_JSON_DOUBLE,
  RT_JSON_STRING,
  RT_JSON_ARRAY,
  RT_JSON_OBJECT
} RtJsonType;

/* simdjson's dom::element, copied by value (a document pointer and a tape
 * index). */
typedef struct RtJsonNode {
  const void *doc;
  size_t index;
} RtJsonNode;

typedef struct RtJsonDoc RtJsonDoc;

/* max_len bounds the text a document accepts (and so its memory). */
RtJsonDoc *rt_json_doc_new(size_t max_len);
void rt_json_doc_free(RtJsonDoc *doc);

/* Parses text (need not be padded or NUL-terminated). Returns 0 and the
 * root, or -1 with *error set to a static message. */
int rt_json_parse(RtJsonDoc *doc, const char *text, size_t len, RtJsonNode *root,
                  const char **error);

RtJsonType rt_json_type(RtJsonNode n);
bool rt_json_bool(RtJsonNode n);
int64_t rt_json_int64(RtJsonNode n);
uint64_t rt_json_uint64(RtJsonNode n);
double rt_json_double(RtJsonNode n);
/* Unescaped UTF-8 contents (may contain NUL bytes). */
const char *rt_json_string(RtJsonNode n, size_t *len);

/* The member named key of an object; when a key repeats, the last one wins,
 * as in Jackson's ObjectNode. False when absent or obj is not an object. */
bool rt_json_member(RtJsonNode obj, const char *key, size_t key_len, RtJsonNode *out);
/* Element `index` of an array; false when out of range or not an array. */
bool rt_json_element(RtJsonNode arr, size_t index, RtJsonNode *out);

typedef void (*RtJsonMemberFn)(void *ctx, const char *key, size_t key_len,
                               RtJsonNode value);
/* Calls fn for each member of an object, in document order. */
void rt_json_each_member(RtJsonNode obj, RtJsonMemberFn fn, void *ctx);

/* Writes n as compact JSON (no whitespace, strings re-escaped with only the
 * escapes JSON requires, as Jackson's toString does) into buf when it fits;
 * returns the length needed (excluding a NUL, which is not written). */
size_t rt_json_serialize(RtJsonNode n, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
