// JsonWriter: writes JSON text exactly as nlohmann::json::dump(2) formats it, without building
// the tree first, so that a listing of 300,000 events prints in one streaming pass (through a
// tree it took 2 s and most of a gigabyte).
// Thread-safety: one thread per writer.
#ifndef CHRONICLE_CLI_JSON_WRITER_H_
#define CHRONICLE_CLI_JSON_WRITER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  // Writes what is buffered and a final newline.
  ~JsonWriter();

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // REQUIRES: inside an object, before each member's value.
  void Key(std::string_view key);
  void String(std::string_view value);
  // Key(key) then String(value).
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Null();
  void Integer(int64_t value);
  void Bool(bool value);
  // A string, or null when `value` is empty.
  void StringOrNull(std::string_view value);
  void StringArray(const std::vector<std::string>& values);
  // A whole JSON tree (a record, a conflict) at this position, in the same layout.
  void Value(const nlohmann::ordered_json& value);

 private:
  void BeforeValue();
  void Open(char bracket);
  void Close(char bracket);
  void Indent();
  // A comma unless it is the container's first member, a line break, the indentation.
  void NewLine();
  const std::string& LineBreak();
  void FlushIfLarge();

  std::ostream& out_;
  std::string buffer_;
  std::vector<size_t> levels_;  // per open object or array, the members written so far
  bool after_key_ = false;
  std::string line_break_ = ",\n";  // LineBreak()
};

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_JSON_WRITER_H_
