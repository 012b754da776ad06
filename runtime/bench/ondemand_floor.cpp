// The floor: simdjson's On-Demand API over the whole corpus in one buffer
// (iterate_many), evaluating the flat filter (event_type = 'LoanCreated'
// AND __op = 'c') with no decoding beyond the two fields, on one core. No
// tool that parses each line can be much faster on this machine.
// usage: ondemand-floor CORPUS  -> "<matches> <seconds> <MB/s>"
#include <chrono>
#include <cstdio>
#include <simdjson.h>
#include <string_view>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  simdjson::padded_string text;
  if (simdjson::padded_string::load(argv[1]).get(text))
    return 2;
  auto start = std::chrono::steady_clock::now();
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream docs;
  if (parser.iterate_many(text, 1 << 24).get(docs))
    return 2;
  size_t matches = 0;
  for (auto doc : docs) {
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj))
      continue;
    std::string_view type, op;
    bool t = false, o = false;
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key))
        break;
      if (key == "event_type")
        t = !field.value().get_string().get(type);
      else if (key == "__op")
        o = !field.value().get_string().get(op);
    }
    matches += t && o && type == "LoanCreated" && op == "c";
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu %.4f %.0f\n", matches, secs, (double)text.size() / 1e6 / secs);
  return 0;
}
