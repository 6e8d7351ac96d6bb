#include "cli/json_writer.h"

#include "core/record_json.h"

namespace chronicle::cli {

JsonWriter::~JsonWriter() {
  buffer_.push_back('\n');
  out_ << buffer_;
  out_.flush();
}

void JsonWriter::Indent() { buffer_.append(LineBreak(), 2, 2 * levels_.size()); }

// ",\n" and then the indentation of the current depth, grown as the depth grows: a line's start
// is one append (a 300K-row JSON listing starts 3.6M lines).
const std::string& JsonWriter::LineBreak() {
  const size_t length = 2 + 2 * levels_.size();
  if (line_break_.size() < length) line_break_.resize(length, ' ');
  return line_break_;
}

void JsonWriter::NewLine() {
  const bool first = levels_.back()++ == 0;
  const std::string& line_break = LineBreak();
  buffer_.append(line_break, first ? 1 : 0, (first ? 1 : 2) + 2 * levels_.size());
}

// Inside a container every value starts on its own line, after a comma from the one before;
// a member's value follows its key on the same line.
void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  NewLine();
}

void JsonWriter::Key(std::string_view key) {
  NewLine();
  AppendJsonString(&buffer_, key);
  buffer_ += ": ";
  after_key_ = true;
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  buffer_.push_back(bracket);
  levels_.push_back(0);
}

void JsonWriter::Close(char bracket) {
  const bool had_members = levels_.back() > 0;
  levels_.pop_back();
  if (had_members) {  // nlohmann writes empty containers as {} and []
    buffer_.push_back('\n');
    Indent();
  }
  buffer_.push_back(bracket);
  FlushIfLarge();
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(&buffer_, value);
}

void JsonWriter::Null() {
  BeforeValue();
  buffer_ += "null";
}

void JsonWriter::Integer(int64_t value) {
  BeforeValue();
  buffer_ += std::to_string(value);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  buffer_ += value ? "true" : "false";
}

void JsonWriter::StringOrNull(std::string_view value) {
  if (value.empty()) {
    Null();
  } else {
    String(value);
  }
}

void JsonWriter::StringArray(const std::vector<std::string>& values) {
  BeginArray();
  for (const std::string& value : values) String(value);
  EndArray();
}

void JsonWriter::Value(const nlohmann::ordered_json& value) {
  BeforeValue();
  // dump(2) lays the tree out from column 0; shift its inner lines to this depth.
  const std::string text = value.dump(2, ' ', /*ensure_ascii=*/false);
  for (char c : text) {
    buffer_.push_back(c);
    if (c == '\n') Indent();
  }
  FlushIfLarge();
}

void JsonWriter::FlushIfLarge() {
  if (buffer_.size() < (1 << 20)) return;
  out_ << buffer_;
  buffer_.clear();
}

}  // namespace chronicle::cli
