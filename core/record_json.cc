#include "core/record_json.h"

#include <simdjson.h>

#include <absl/container/inlined_vector.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>

#include "core/text.h"
#include "core/versions.h"
#include "core/zoned_time.h"

namespace chronicle {
namespace {

using Json = nlohmann::json;

// Lines are parsed with simdjson: on an import of a million events nlohmann::json's parser
// alone took 3.5 s, simdjson's DOM parser a tenth of that. nlohmann::json stays for free-form
// attributes, for output, and for the column of a syntax error.
class JsonView {
 public:
  explicit JsonView(simdjson::dom::element element) : element_(element) {}

  bool is_null() const { return element_.is_null(); }
  bool is_string() const { return element_.is_string(); }
  bool is_array() const { return element_.is_array(); }
  bool is_object() const { return element_.is_object(); }
  // REQUIRES: is_string()
  std::string_view str() const { return element_.get_string().value_unsafe(); }
  // REQUIRES: is_array()
  std::vector<JsonView> Items() const {
    std::vector<JsonView> items;
    simdjson::dom::array array;
    if (element_.get(array) != simdjson::SUCCESS) return items;
    for (simdjson::dom::element item : array) items.emplace_back(item);
    return items;
  }
  simdjson::dom::element element() const { return element_; }

  std::string TypeName() const {
    switch (element_.type()) {
      case simdjson::dom::element_type::NULL_VALUE:
        return "null";
      case simdjson::dom::element_type::BOOL:
        return "a boolean";
      case simdjson::dom::element_type::STRING:
        return "a string";
      case simdjson::dom::element_type::ARRAY:
        return "an array";
      case simdjson::dom::element_type::OBJECT:
        return "an object";
      default:
        return "a number";
    }
  }

  Json ToJson() const { return ToJson(element_); }

 private:
  static Json ToJson(simdjson::dom::element element) {
    switch (element.type()) {
      case simdjson::dom::element_type::NULL_VALUE:
        return nullptr;
      case simdjson::dom::element_type::BOOL:
        return element.get_bool().value_unsafe();
      case simdjson::dom::element_type::STRING:
        return std::string(element.get_string().value_unsafe());
      case simdjson::dom::element_type::INT64:
        return element.get_int64().value_unsafe();
      case simdjson::dom::element_type::UINT64:
        return element.get_uint64().value_unsafe();
      case simdjson::dom::element_type::DOUBLE:
        return element.get_double().value_unsafe();
      case simdjson::dom::element_type::ARRAY: {
        Json out = Json::array();
        simdjson::dom::array array;
        if (element.get(array) != simdjson::SUCCESS) return out;
        for (simdjson::dom::element item : array) out.push_back(ToJson(item));
        return out;
      }
      case simdjson::dom::element_type::OBJECT: {
        Json out = Json::object();
        simdjson::dom::object object;
        if (element.get(object) != simdjson::SUCCESS) return out;
        for (auto field : object) out[std::string(field.key)] = ToJson(field.value);
        return out;
      }
    }
    return nullptr;
  }

  simdjson::dom::element element_;
};

std::string JsonTypeName(const JsonView& value) { return value.TypeName(); }

bool IsSlug(std::string_view text, bool allow_dash) {
  if (text.empty() || text.size() > 64) return false;
  if (text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
    if (!ok) return false;
  }
  return true;
}

bool IsLanguageTag(std::string_view text) {
  // BCP 47 shape only: a 2–3 letter language, then subtags of 2–8 letters or digits.
  size_t pos = 0;
  size_t subtag_idx = 0;
  while (pos <= text.size()) {
    size_t end = text.find('-', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view subtag = text.substr(pos, end - pos);
    size_t min_len = 2, max_len = subtag_idx == 0 ? 3 : 8;
    if (subtag.size() < min_len || subtag.size() > max_len) return false;
    for (char c : subtag) {
      bool is_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      bool is_digit = c >= '0' && c <= '9';
      if (!is_letter && !(is_digit && subtag_idx > 0)) return false;
    }
    ++subtag_idx;
    if (end == text.size()) break;
    pos = end + 1;
  }
  return subtag_idx > 0;
}

// Reads the fields of one JSON object, remembering which were read so that the rest can be
// reported as unknown. Every error names the field.
class FieldReader {
 public:
  // REQUIRES: object.is_object()
  explicit FieldReader(const JsonView& object) {
    simdjson::dom::object members;
    // The caller checked is_object(), so this cannot fail.
    [[maybe_unused]] simdjson::error_code error = object.element().get(members);
    for (simdjson::dom::key_value_pair member : members) {
      members_.push_back({member.key, member.value, false});
    }
  }

  // The value of `field` (the first member of that name), nullopt when it is missing or null.
  // The object's members are listed once, so each look-up is a short scan of lengths and bytes
  // (simdjson's at_key and a search of the fields seen per look-up: ~5% of parsing a line).
  // REQUIRES: `field` outlives the reader (the callers pass string literals).
  std::optional<JsonView> Find(std::string_view field) {
    seen_.push_back(field);
    const Member* first = nullptr;
    for (Member& member : members_) {  // every member of that name is known, duplicates too
      if (member.key.size() != field.size() || member.key != field) continue;
      member.known = true;
      if (first == nullptr) first = &member;
    }
    if (first == nullptr || first->value.is_null()) return std::nullopt;
    return JsonView(first->value);
  }

  Status RequiredString(std::string_view field, std::string* out) {
    std::optional<JsonView> value = Find(field);
    if (!value) return Status::InvalidArgument("missing (required)").WithField(std::string(field));
    return StringValue(field, *value, out, /*allow_empty=*/false);
  }

  Status OptionalString(std::string_view field, std::string* out) {
    std::optional<JsonView> value = Find(field);
    if (!value) return Status::Ok();
    return StringValue(field, *value, out, /*allow_empty=*/true);
  }

  Status OptionalObject(std::string_view field, Json* out) {
    std::optional<JsonView> value = Find(field);
    if (!value) return Status::Ok();
    if (!value->is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(*value))
          .WithField(std::string(field));
    }
    *out = value->ToJson();
    return Status::Ok();
  }

  // Unknown fields are errors: the schema sets additionalProperties to false.
  Status CheckNoUnknownFields() const {
    for (const Member& member : members_) {
      if (member.known) continue;
      std::vector<std::string_view> known = seen_;
      std::sort(known.begin(), known.end());
      known.erase(std::unique(known.begin(), known.end()), known.end());
      std::string expected;
      for (std::string_view field : known) {
        expected += (expected.empty() ? "" : ", ") + std::string(field);
      }
      return Status::InvalidArgument("unknown field (expected one of: " + expected + ")")
          .WithField(std::string(member.key));
    }
    return Status::Ok();
  }

  static Status StringValue(std::string_view field, const JsonView& value, std::string* out,
                            bool allow_empty) {
    if (!value.is_string()) {
      return Status::InvalidArgument("expected a string, got " + JsonTypeName(value))
          .WithField(std::string(field));
    }
    std::string_view text = value.str();
    if (!allow_empty && text.empty()) {
      return Status::InvalidArgument("must not be empty").WithField(std::string(field));
    }
    *out = text;
    return Status::Ok();
  }

 private:
  struct Member {
    std::string_view key;
    simdjson::dom::element value;
    bool known;  // looked up by Find
  };
  // Records have a dozen fields at most: no allocation for them.
  absl::InlinedVector<Member, 16> members_;
  // The fields asked for: a handful per record, so a vector beats a set.
  std::vector<std::string_view> seen_;
};

Status ReadId(FieldReader& reader, std::string* id) {
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("id", id));
  if (!IsValidRecordId(*id)) {
    return Status::InvalidArgument("'" + *id +
                                   "' is not a valid id (lowercase letters, digits, '.', '_', '-'; "
                                   "at most 128 characters, starting with a letter or digit)")
        .WithField("id");
  }
  return Status::Ok();
}

Status ReadEdtf(const std::string& field, const std::string& text, Edtf* out) {
  Result<Edtf> parsed = ParseEdtf(text);
  if (!parsed.ok()) return parsed.status().WithField(field);
  *out = *parsed;
  return Status::Ok();
}

Status ReadStatus(FieldReader& reader, bool required, EventStatus* out) {
  std::string text;
  if (required) {
    CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("status", &text));
  } else {
    CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("status", &text));
    if (text.empty()) return Status::Ok();
  }
  std::optional<EventStatus> status = ParseEventStatus(text);
  if (!status) {
    std::string expected;
    for (const std::string& name : EventStatusNames())
      expected += (expected.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("'" + text + "' is not a status (expected one of: " + expected +
                                   ")")
        .WithField("status");
  }
  *out = *status;
  return Status::Ok();
}

Status ReadSlugKind(FieldReader& reader, bool allow_dash, std::string* out) {
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("kind", out));
  if (!IsSlug(*out, allow_dash)) {
    return Status::InvalidArgument("'" + *out +
                                   "' is not a valid kind (lowercase letters, digits, " +
                                   (allow_dash ? "'-', " : "") + "'_'; starting with a letter)")
        .WithField("kind");
  }
  return Status::Ok();
}

Status ReadSourceRefs(FieldReader& reader, std::vector<SourceRef>* out) {
  std::optional<JsonView> sources = reader.Find("sources");
  if (!sources) return Status::Ok();
  if (!sources->is_array()) {
    return Status::InvalidArgument("expected an array, got " + JsonTypeName(*sources))
        .WithField("sources");
  }
  std::vector<JsonView> items = sources->Items();
  for (size_t source_idx = 0; source_idx < items.size(); ++source_idx) {
    const std::string path = "sources[" + std::to_string(source_idx) + "]";
    const JsonView& item = items[source_idx];
    if (!item.is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(item))
          .WithField(path);
    }
    FieldReader item_reader(item);
    SourceRef ref;
    Status status = item_reader.RequiredString("source", &ref.source);
    if (status.ok()) status = item_reader.OptionalString("quote", &ref.quote);
    if (status.ok()) status = item_reader.CheckNoUnknownFields();
    if (!status.ok()) return status.InField(path);
    out->push_back(std::move(ref));
  }
  return Status::Ok();
}

Status ReadParticipants(FieldReader& reader, std::vector<Participant>* out) {
  std::optional<JsonView> participants = reader.Find("participants");
  if (!participants) return Status::Ok();
  if (!participants->is_array()) {
    return Status::InvalidArgument("expected an array, got " + JsonTypeName(*participants))
        .WithField("participants");
  }
  std::vector<JsonView> items = participants->Items();
  for (size_t participant_idx = 0; participant_idx < items.size(); ++participant_idx) {
    const std::string path = "participants[" + std::to_string(participant_idx) + "]";
    const JsonView& item = items[participant_idx];
    if (!item.is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(item))
          .WithField(path);
    }
    FieldReader item_reader(item);
    Participant participant;
    Status status = item_reader.RequiredString("entity", &participant.entity);
    if (status.ok()) status = item_reader.OptionalString("role", &participant.role);
    if (status.ok()) status = item_reader.CheckNoUnknownFields();
    if (!status.ok()) return status.InField(path);
    out->push_back(std::move(participant));
  }
  return Status::Ok();
}

Result<Record> ParseEntity(FieldReader& reader) {
  Entity entity;
  CHRONICLE_RETURN_IF_ERROR(ReadId(reader, &entity.id));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("name", &entity.name));
  std::string kind;
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("kind", &kind));
  std::optional<EntityKind> parsed_kind = ParseEntityKind(kind);
  if (!parsed_kind) {
    std::string expected;
    for (const std::string& name : EntityKindNames())
      expected += (expected.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("'" + kind +
                                   "' is not an entity kind (expected one of: " + expected + ")")
        .WithField("kind");
  }
  entity.kind = *parsed_kind;
  if (std::optional<JsonView> aliases = reader.Find("aliases")) {
    if (!aliases->is_array()) {
      return Status::InvalidArgument("expected an array, got " + JsonTypeName(*aliases))
          .WithField("aliases");
    }
    std::vector<JsonView> items = aliases->Items();
    for (size_t alias_idx = 0; alias_idx < items.size(); ++alias_idx) {
      std::string alias;
      CHRONICLE_RETURN_IF_ERROR(FieldReader::StringValue(
          "aliases[" + std::to_string(alias_idx) + "]", items[alias_idx], &alias, false));
      entity.aliases.push_back(std::move(alias));
    }
  }
  // Every name must be indexable: valid UTF-8, no NUL, something left after trimming.
  if (Result<std::string> normalized = NormalizeName(entity.name); !normalized.ok()) {
    return normalized.status().WithField("name");
  }
  for (size_t alias_idx = 0; alias_idx < entity.aliases.size(); ++alias_idx) {
    if (Result<std::string> normalized = NormalizeName(entity.aliases[alias_idx]);
        !normalized.ok()) {
      return normalized.status().WithField("aliases[" + std::to_string(alias_idx) + "]");
    }
  }
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("description", &entity.description));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalObject("attributes", &entity.attributes));
  CHRONICLE_RETURN_IF_ERROR(reader.CheckNoUnknownFields());
  return Record(std::move(entity));
}

Status ReadPartOfDay(FieldReader& reader, std::optional<PartOfDay>* out) {
  std::optional<JsonView> value = reader.Find("part_of_day");
  if (!value) return Status::Ok();
  std::string text;
  CHRONICLE_RETURN_IF_ERROR(
      FieldReader::StringValue("part_of_day", *value, &text, /*allow_empty=*/true));
  Result<PartOfDay> part = ParsePartOfDay(text);  // its errors name the field part_of_day
  if (!part.ok()) return part.status();
  *out = *part;
  return Status::Ok();
}

// An event's when, tz and part_of_day must denote real instants: no part of day on a month, no
// local time that a clock change skips. A plain date without zone or part always does, so the
// common case costs nothing.
Status CheckInstants(const Event& event) {
  if (event.tz.empty() && !event.part_of_day.has_value() && !HasTimeOfDay(event.when)) {
    return Status::Ok();
  }
  Result<InstantRange> range = ToInstantRange(event.when, event.part_of_day, event.tz);
  return range.ok() ? Status::Ok() : range.status();
}

Result<Record> ParseEvent(FieldReader& reader) {
  Event event;
  CHRONICLE_RETURN_IF_ERROR(ReadId(reader, &event.id));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("title", &event.title));
  CHRONICLE_RETURN_IF_ERROR(ReadSlugKind(reader, /*allow_dash=*/true, &event.kind));
  std::string when;
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("when", &when));
  CHRONICLE_RETURN_IF_ERROR(ReadEdtf("when", when, &event.when));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("tz", &event.tz));
  if (!event.tz.empty()) CHRONICLE_RETURN_IF_ERROR(CheckTimeZone(event.tz));
  CHRONICLE_RETURN_IF_ERROR(ReadPartOfDay(reader, &event.part_of_day));
  CHRONICLE_RETURN_IF_ERROR(CheckInstants(event));
  CHRONICLE_RETURN_IF_ERROR(ReadStatus(reader, /*required=*/true, &event.status));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("place", &event.place));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("summary", &event.summary));
  CHRONICLE_RETURN_IF_ERROR(ReadParticipants(reader, &event.participants));
  CHRONICLE_RETURN_IF_ERROR(ReadSourceRefs(reader, &event.sources));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalObject("attributes", &event.attributes));
  CHRONICLE_RETURN_IF_ERROR(reader.CheckNoUnknownFields());
  return Record(std::move(event));
}

Result<Record> ParseRelation(FieldReader& reader) {
  Relation relation;
  CHRONICLE_RETURN_IF_ERROR(ReadId(reader, &relation.id));
  CHRONICLE_RETURN_IF_ERROR(ReadSlugKind(reader, /*allow_dash=*/false, &relation.kind));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("from", &relation.from));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("to", &relation.to));
  std::string when;
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("when", &when));
  if (!when.empty()) {
    Edtf parsed;
    CHRONICLE_RETURN_IF_ERROR(ReadEdtf("when", when, &parsed));
    relation.when = parsed;
  }
  CHRONICLE_RETURN_IF_ERROR(ReadStatus(reader, /*required=*/false, &relation.status));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("summary", &relation.summary));
  CHRONICLE_RETURN_IF_ERROR(ReadSourceRefs(reader, &relation.sources));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalObject("attributes", &relation.attributes));
  CHRONICLE_RETURN_IF_ERROR(reader.CheckNoUnknownFields());
  return Record(std::move(relation));
}

// A publication date must be an instant (PublishedTime): it is the record time of the versions
// that cite the source.
Status CheckPublished(const std::string& published) {
  if (!PublishedTime(published)) {
    return Status::InvalidArgument(
               "'" + published +
               "' is not a publication date (expected YYYY-MM-DD or a date-time "
               "with offset such as 2025-02-04T15:30:00+09:00)")
        .WithField("published");
  }
  return Status::Ok();
}

Result<Record> ParseSource(FieldReader& reader) {
  Source source;
  CHRONICLE_RETURN_IF_ERROR(ReadId(reader, &source.id));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("title", &source.title));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("publisher", &source.publisher));
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("published", &source.published));
  CHRONICLE_RETURN_IF_ERROR(CheckPublished(source.published));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("language", &source.language));
  if (!source.language.empty() && !IsLanguageTag(source.language)) {
    return Status::InvalidArgument("'" + source.language +
                                   "' is not a BCP 47 language tag (such as ko, en, en-US)")
        .WithField("language");
  }
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("url", &source.url));
  CHRONICLE_RETURN_IF_ERROR(reader.OptionalString("author", &source.author));
  CHRONICLE_RETURN_IF_ERROR(reader.CheckNoUnknownFields());
  return Record(std::move(source));
}

}  // namespace

bool IsValidRecordId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto is_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!is_alnum(id[0])) return false;
  for (char c : id) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

namespace {

// An event (type "event") or relation with only its id, as the catalog pass reads them.
// (Not Event{.id = ...}: GCC 12 warns of every member a designated initializer leaves out.)
Record IdOnlyRecord(std::string_view type, std::string id) {
  if (type == "event") {
    Event event;
    event.id = std::move(id);
    return event;
  }
  Relation relation;
  relation.id = std::move(id);
  return relation;
}

Result<Record> ParseRecordView(const JsonView& value, bool catalog_only) {
  if (!value.is_object()) {
    return Status::InvalidArgument("expected a JSON object, got " + JsonTypeName(value));
  }
  FieldReader reader(value);
  std::string type;
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("type", &type));
  if (catalog_only && (type == "event" || type == "relation")) {
    std::string id;
    CHRONICLE_RETURN_IF_ERROR(ReadId(reader, &id));
    return IdOnlyRecord(type, std::move(id));
  }
  if (type == "entity") return ParseEntity(reader);
  if (type == "event") return ParseEvent(reader);
  if (type == "relation") return ParseRelation(reader);
  if (type == "source") return ParseSource(reader);
  return Status::InvalidArgument("unknown record type '" + type +
                                 "' (expected entity, event, relation or source)")
      .WithField("type");
}

// The message for a line simdjson refused: nlohmann's parser says where and why. Its message
// reads "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
// parsing value - ..."; keep what follows "column N: ".
Status SyntaxError(std::string_view line) {
  try {
    Json parsed = Json::parse(line);
  } catch (const Json::parse_error& error) {
    std::string detail = error.what();
    if (size_t colon = detail.find(": ", detail.find("column")); colon != std::string::npos) {
      detail = detail.substr(colon + 2);
    }
    return Status::InvalidArgument("invalid JSON at column " + std::to_string(error.byte) + ": " +
                                   detail);
  }
  // nlohmann accepted what simdjson refused (simdjson is stricter about UTF-8 and depth).
  return Status::InvalidArgument("invalid JSON (not valid UTF-8, or nested too deeply)");
}

}  // namespace

Result<Record> ParseRecordJson(const Json& value) {
  if (!value.is_object()) {
    return Status::InvalidArgument("expected a JSON object, got " +
                                   std::string(value.is_null()      ? "null"
                                               : value.is_boolean() ? "a boolean"
                                               : value.is_string()  ? "a string"
                                               : value.is_array()   ? "an array"
                                                                    : "a number"));
  }
  std::string text;
  try {
    text = value.dump();
  } catch (const Json::type_error&) {  // a string that is not UTF-8
    return Status::InvalidArgument("not valid UTF-8");
  }
  return ParseRecordLine(text);
}

namespace {

Result<Record> ParseLine(std::string_view line, bool catalog_only) {
  // One parser per thread, reused: it keeps its buffers between lines.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(line.data(), line.size()).get(element) != simdjson::SUCCESS) {
    return SyntaxError(line);
  }
  return ParseRecordView(JsonView(element), catalog_only);
}

}  // namespace

Result<Record> ParseRecordLine(std::string_view line) { return ParseLine(line, false); }

namespace {

// The first pass of an import needs only "type" and "id" of events and relations, most of any
// input. simdjson's On-Demand API finds those two fields without building the whole document:
// the DOM parse was two thirds of the first pass over 1M events. Only the plain case is taken
// here; a line that is not an object, lacks either field, has an id that is not valid, or holds
// invalid JSON where On-Demand reads returns nullopt and gets the full parse, for its exact
// error. What On-Demand skips is parsed, and its errors reported, by the import's second pass.
std::optional<Record> CatalogEventOrRelation(std::string_view line) {
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string padded;  // On-Demand reads up to SIMDJSON_PADDING bytes past the end
  padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(line);
  simdjson::ondemand::document document;
  simdjson::ondemand::object object;
  std::string_view type, id;
  if (parser.iterate(padded.data(), padded.size(), padded.capacity()).get(document) ||
      document.get_object().get(object) || object["type"].get_string().get(type) ||
      (type != "event" && type != "relation") || object["id"].get_string().get(id) ||
      !IsValidRecordId(id)) {
    return std::nullopt;
  }
  return IdOnlyRecord(type, std::string(id));
}

}  // namespace

Result<Record> ParseRecordLineForCatalog(std::string_view line) {
  if (std::optional<Record> record = CatalogEventOrRelation(line)) return std::move(*record);
  return ParseLine(line, true);
}

// One serialiser: the canonical writer below; the tree is parsed back from its text.
OrderedJson RecordToJson(const Record& record) {
  return OrderedJson::parse(CanonicalRecordText(record));
}

namespace {

// The position of the first byte at or after `pos` that a JSON string must escape ('"', '\\' or
// a control character below 0x20), or text.size(). Eight bytes at a time: per test, the lowest
// flagged byte of a word is exact (a borrow only starts at a byte that matches and runs
// upward), so the lowest flag of the three is the first byte to escape. Listings spent a third
// of their JSON output in the byte loop this replaces.
size_t NextToEscape(std::string_view text, size_t pos) {
  static_assert(std::endian::native == std::endian::little, "bytes are found from the low end");
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  auto flags_of = [](uint64_t word) {
    const uint64_t quote = word ^ (0x22 * kOnes);
    const uint64_t backslash = word ^ (0x5C * kOnes);
    return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
            ((word - 0x20 * kOnes) & ~word)) &
           kHighBits;
  };
  uint64_t word;
  for (; pos + 8 <= text.size(); pos += 8) {
    std::memcpy(&word, text.data() + pos, 8);
    if (const uint64_t flags = flags_of(word); flags != 0) {
      return pos + static_cast<size_t>(std::countr_zero(flags) / 8);
    }
  }
  // The last few bytes (most keys and many values are shorter than 8) in one word padded with
  // 'a', which is never flagged.
  if (pos < text.size()) {
    word = 0x61 * kOnes;
    std::memcpy(&word, text.data() + pos, text.size() - pos);
    if (const uint64_t flags = flags_of(word); flags != 0) {
      return pos + static_cast<size_t>(std::countr_zero(flags) / 8);
    }
  }
  return text.size();
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view utf8) {
  out->push_back('"');
  // Runs of characters that need no escape are copied whole.
  size_t run_start = 0;
  for (size_t pos = NextToEscape(utf8, 0); pos < utf8.size(); pos = NextToEscape(utf8, pos + 1)) {
    const char c = utf8[pos];
    out->append(utf8.data() + run_start, pos - run_start);
    run_start = pos + 1;
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        *out += "\\u00";
        out->push_back(kHex[(c >> 4) & 0xF]);
        out->push_back(kHex[c & 0xF]);
      }
    }
  }
  out->append(utf8.data() + run_start, utf8.size() - run_start);
  out->push_back('"');
}

namespace {

// Writes the same text as RecordToJson(record).dump(), without building the JSON tree first:
// on a bulk import that tree cost more than parsing the line. Strings are UTF-8 (they came
// from a JSON parser that checks it) and are escaped as nlohmann::json escapes them.
class CanonicalWriter {
 public:
  void Open() {
    Separate();
    out_.push_back('{');
    first_ = true;
  }
  void Close() {
    out_.push_back('}');
    first_ = false;
  }
  void OpenArray(std::string_view key) {
    Key(key);
    out_.push_back('[');
    first_ = true;
  }
  void CloseArray() {
    out_.push_back(']');
    first_ = false;
  }
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void FieldIfNotEmpty(std::string_view key, std::string_view value) {
    if (!value.empty()) Field(key, value);
  }
  void StringItem(std::string_view value) {
    Separate();
    String(value);
  }
  void Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_.append(json);
    first_ = false;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  void Key(std::string_view key) {
    Separate();
    String(key);
    out_.push_back(':');
    first_ = true;  // no comma between a key and its value
  }
  void String(std::string_view value) {
    AppendJsonString(&out_, value);
    first_ = false;
  }

  std::string out_;
  bool first_ = true;
};

void WriteSourceRefs(CanonicalWriter& writer, const std::vector<SourceRef>& refs) {
  if (refs.empty()) return;
  writer.OpenArray("sources");
  for (const SourceRef& ref : refs) {
    writer.Open();
    writer.Field("source", ref.source);
    writer.FieldIfNotEmpty("quote", ref.quote);
    writer.Close();
  }
  writer.CloseArray();
}

void WriteAttributes(CanonicalWriter& writer, const Json& attributes) {
  if (!attributes.empty()) writer.Raw("attributes", attributes.dump());
}

struct CanonicalVisitor {
  CanonicalWriter& writer;

  void operator()(const Entity& entity) const {
    writer.Field("type", "entity");
    writer.Field("id", entity.id);
    writer.Field("name", entity.name);
    writer.Field("kind", EntityKindName(entity.kind));
    if (!entity.aliases.empty()) {
      writer.OpenArray("aliases");
      for (const std::string& alias : entity.aliases) writer.StringItem(alias);
      writer.CloseArray();
    }
    writer.FieldIfNotEmpty("description", entity.description);
    WriteAttributes(writer, entity.attributes);
  }
  void operator()(const Event& event) const {
    writer.Field("type", "event");
    writer.Field("id", event.id);
    writer.Field("title", event.title);
    writer.Field("kind", event.kind);
    writer.Field("when", event.when.ToString());
    writer.FieldIfNotEmpty("tz", event.tz);
    if (event.part_of_day) writer.Field("part_of_day", PartOfDayName(*event.part_of_day));
    writer.Field("status", EventStatusName(event.status));
    writer.FieldIfNotEmpty("place", event.place);
    writer.FieldIfNotEmpty("summary", event.summary);
    if (!event.participants.empty()) {
      writer.OpenArray("participants");
      for (const Participant& participant : event.participants) {
        writer.Open();
        writer.Field("entity", participant.entity);
        writer.FieldIfNotEmpty("role", participant.role);
        writer.Close();
      }
      writer.CloseArray();
    }
    WriteSourceRefs(writer, event.sources);
    WriteAttributes(writer, event.attributes);
  }
  void operator()(const Relation& relation) const {
    writer.Field("type", "relation");
    writer.Field("id", relation.id);
    writer.Field("kind", relation.kind);
    writer.Field("from", relation.from);
    writer.Field("to", relation.to);
    if (relation.when) writer.Field("when", relation.when->ToString());
    writer.Field("status", EventStatusName(relation.status));
    writer.FieldIfNotEmpty("summary", relation.summary);
    WriteSourceRefs(writer, relation.sources);
    WriteAttributes(writer, relation.attributes);
  }
  void operator()(const Source& source) const {
    writer.Field("type", "source");
    writer.Field("id", source.id);
    writer.Field("title", source.title);
    writer.Field("publisher", source.publisher);
    writer.Field("published", source.published);
    writer.FieldIfNotEmpty("language", source.language);
    writer.FieldIfNotEmpty("url", source.url);
    writer.FieldIfNotEmpty("author", source.author);
  }
};

}  // namespace

std::string CanonicalRecordText(const Record& record) {
  CanonicalWriter writer;
  writer.Open();
  std::visit(CanonicalVisitor{writer}, record);
  writer.Close();
  return writer.Take();
}

}  // namespace chronicle
