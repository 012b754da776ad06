// The one C++ file: implements json.h over simdjson's DOM API.
#include "json.h"

#include <cstring>
#include <new>
#include <simdjson.h>
#include <type_traits>

using simdjson::dom::element;
using simdjson::dom::element_type;

static_assert(sizeof(element) == sizeof(RtJsonNode), "dom::element layout");
static_assert(std::is_trivially_copyable<element>::value, "dom::element copy");

struct RtJsonDoc {
  simdjson::dom::parser parser;
  explicit RtJsonDoc(size_t max_len) : parser(max_len) {}
};

static element to_element(RtJsonNode n) {
  element e;
  std::memcpy(static_cast<void *>(&e), &n, sizeof e);
  return e;
}

static RtJsonNode to_node(element e) {
  RtJsonNode n;
  std::memcpy(&n, static_cast<const void *>(&e), sizeof n);
  return n;
}

extern "C" {

RtJsonDoc *rt_json_doc_new(size_t max_len) {
  return new (std::nothrow) RtJsonDoc(max_len);
}

void rt_json_doc_free(RtJsonDoc *doc) {
  delete doc;
}

int rt_json_parse(RtJsonDoc *doc, const char *text, size_t len, RtJsonNode *root,
                  const char **error) {
  element e;
  // realloc_if_needed: simdjson copies the text into its own padded buffer,
  // which it reuses from one call to the next.
  auto err = doc->parser.parse(text, len, true).get(e);
  if (err) {
    *error = simdjson::error_message(err);
    return -1;
  }
  *root = to_node(e);
  return 0;
}

RtJsonType rt_json_type(RtJsonNode n) {
  switch (to_element(n).type()) {
  case element_type::ARRAY:
    return RT_JSON_ARRAY;
  case element_type::OBJECT:
    return RT_JSON_OBJECT;
  case element_type::INT64:
    return RT_JSON_INT64;
  case element_type::UINT64:
    return to_element(n).is_int64() ? RT_JSON_INT64 : RT_JSON_UINT64;
  case element_type::DOUBLE:
    return RT_JSON_DOUBLE;
  case element_type::STRING:
    return RT_JSON_STRING;
  case element_type::BOOL:
    return RT_JSON_BOOL;
  case element_type::NULL_VALUE:
    break;
  }
  return RT_JSON_NULL;
}

bool rt_json_bool(RtJsonNode n) {
  bool b = false;
  return to_element(n).get_bool().get(b) ? false : b;
}

int64_t rt_json_int64(RtJsonNode n) {
  int64_t v = 0;
  return to_element(n).get_int64().get(v) ? 0 : v;
}

uint64_t rt_json_uint64(RtJsonNode n) {
  uint64_t v = 0;
  return to_element(n).get_uint64().get(v) ? 0 : v;
}

double rt_json_double(RtJsonNode n) {
  double v = 0; // get_double() converts integers too
  return to_element(n).get_double().get(v) ? 0 : v;
}

const char *rt_json_string(RtJsonNode n, size_t *len) {
  std::string_view s;
  if (to_element(n).get_string().get(s)) {
    *len = 0;
    return "";
  }
  *len = s.size();
  return s.data();
}

bool rt_json_member(RtJsonNode obj, const char *key, size_t key_len, RtJsonNode *out) {
  simdjson::dom::object o;
  if (to_element(obj).get_object().get(o))
    return false;
  std::string_view want(key, key_len);
  bool found = false;
  for (auto field : o) {
    if (field.key == want) {
      *out = to_node(field.value);
      found = true;
    }
  }
  return found;
}

bool rt_json_element(RtJsonNode arr, size_t index, RtJsonNode *out) {
  simdjson::dom::array a;
  if (to_element(arr).get_array().get(a))
    return false;
  element e;
  if (a.at(index).get(e))
    return false;
  *out = to_node(e);
  return true;
}

void rt_json_each_member(RtJsonNode obj, RtJsonMemberFn fn, void *ctx) {
  simdjson::dom::object o;
  if (to_element(obj).get_object().get(o))
    return;
  for (auto field : o)
    fn(ctx, field.key.data(), field.key.size(), to_node(field.value));
}

size_t rt_json_serialize(RtJsonNode n, char *buf, size_t cap) {
  std::string s = simdjson::to_string(to_element(n));
  if (s.size() <= cap)
    std::memcpy(buf, s.data(), s.size());
  return s.size();
}

} // extern "C"
