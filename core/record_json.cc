#include "core/record_json.h"

#include <date/tz.h>

#include <set>
#include <stdexcept>

#include "core/text.h"

namespace chronicle {
namespace {

using Json = nlohmann::json;

std::string JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

bool IsSlug(std::string_view text, bool allow_dash) {
  if (text.empty() || text.size() > 64) return false;
  if (text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
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
  explicit FieldReader(const Json& object) : object_(object) {}

  // Marks a field the caller has read itself (a record's "type") as known.
  void MarkKnown(const std::string& field) { seen_.insert(field); }

  const Json* Find(const std::string& field) {
    seen_.insert(field);
    auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  Status RequiredString(const std::string& field, std::string* out) {
    const Json* value = Find(field);
    if (value == nullptr) return Status::InvalidArgument("missing (required)").WithField(field);
    return StringValue(field, *value, out, /*allow_empty=*/false);
  }

  Status OptionalString(const std::string& field, std::string* out) {
    const Json* value = Find(field);
    if (value == nullptr) return Status::Ok();
    return StringValue(field, *value, out, /*allow_empty=*/true);
  }

  Status OptionalObject(const std::string& field, Json* out) {
    const Json* value = Find(field);
    if (value == nullptr) return Status::Ok();
    if (!value->is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(*value))
          .WithField(field);
    }
    *out = *value;
    return Status::Ok();
  }

  // Unknown fields are errors: the schema sets additionalProperties to false.
  Status CheckNoUnknownFields() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) {
        std::string expected;
        for (const std::string& known : seen_) expected += (expected.empty() ? "" : ", ") + known;
        return Status::InvalidArgument("unknown field (expected one of: " + expected + ")")
            .WithField(key);
      }
    }
    return Status::Ok();
  }

  static Status StringValue(const std::string& field, const Json& value, std::string* out,
                            bool allow_empty) {
    if (!value.is_string()) {
      return Status::InvalidArgument("expected a string, got " + JsonTypeName(value))
          .WithField(field);
    }
    const std::string& text = value.get_ref<const std::string&>();
    if (!allow_empty && text.empty()) {
      return Status::InvalidArgument("must not be empty").WithField(field);
    }
    *out = text;
    return Status::Ok();
  }

 private:
  const Json& object_;
  std::set<std::string> seen_;
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
    for (const std::string& name : EventStatusNames()) expected += (expected.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("'" + text + "' is not a status (expected one of: " +
                                   expected + ")")
        .WithField("status");
  }
  *out = *status;
  return Status::Ok();
}

Status ReadSlugKind(FieldReader& reader, bool allow_dash, std::string* out) {
  CHRONICLE_RETURN_IF_ERROR(reader.RequiredString("kind", out));
  if (!IsSlug(*out, allow_dash)) {
    return Status::InvalidArgument("'" + *out + "' is not a valid kind (lowercase letters, digits, " +
                                   (allow_dash ? "'-', " : "") + "'_'; starting with a letter)")
        .WithField("kind");
  }
  return Status::Ok();
}

Status ReadSourceRefs(FieldReader& reader, std::vector<SourceRef>* out) {
  const Json* sources = reader.Find("sources");
  if (sources == nullptr) return Status::Ok();
  if (!sources->is_array()) {
    return Status::InvalidArgument("expected an array, got " + JsonTypeName(*sources))
        .WithField("sources");
  }
  for (size_t source_idx = 0; source_idx < sources->size(); ++source_idx) {
    const std::string path = "sources[" + std::to_string(source_idx) + "]";
    const Json& item = (*sources)[source_idx];
    if (!item.is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(item)).WithField(path);
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
  const Json* participants = reader.Find("participants");
  if (participants == nullptr) return Status::Ok();
  if (!participants->is_array()) {
    return Status::InvalidArgument("expected an array, got " + JsonTypeName(*participants))
        .WithField("participants");
  }
  for (size_t participant_idx = 0; participant_idx < participants->size(); ++participant_idx) {
    const std::string path = "participants[" + std::to_string(participant_idx) + "]";
    const Json& item = (*participants)[participant_idx];
    if (!item.is_object()) {
      return Status::InvalidArgument("expected an object, got " + JsonTypeName(item)).WithField(path);
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
    for (const std::string& name : EntityKindNames()) expected += (expected.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("'" + kind + "' is not an entity kind (expected one of: " +
                                   expected + ")")
        .WithField("kind");
  }
  entity.kind = *parsed_kind;
  if (const Json* aliases = reader.Find("aliases")) {
    if (!aliases->is_array()) {
      return Status::InvalidArgument("expected an array, got " + JsonTypeName(*aliases))
          .WithField("aliases");
    }
    for (size_t alias_idx = 0; alias_idx < aliases->size(); ++alias_idx) {
      std::string alias;
      CHRONICLE_RETURN_IF_ERROR(FieldReader::StringValue(
          "aliases[" + std::to_string(alias_idx) + "]", (*aliases)[alias_idx], &alias, false));
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

Status CheckTimeZone(const std::string& tz) {
  try {
    (void)date::locate_zone(tz);
  } catch (const std::exception&) {
    return Status::InvalidArgument("unknown time zone '" + tz + "' (expected an IANA name such as "
                                   "Asia/Seoul)")
        .WithField("tz");
  }
  return Status::Ok();
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

Status CheckPublished(const std::string& published) {
  Result<Edtf> parsed = ParseEdtf(published);
  bool ok = parsed.ok() && !parsed->is_interval && !parsed->start.uncertain &&
            !parsed->start.approximate &&
            (parsed->start.precision == DatePrecision::kDay ||
             (parsed->start.precision == DatePrecision::kTime &&
              parsed->start.utc_offset_minutes.has_value()));
  if (!ok) {
    return Status::InvalidArgument("'" + published +
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

void PutIfNotEmpty(OrderedJson& out, const char* field, const std::string& value) {
  if (!value.empty()) out[field] = value;
}

OrderedJson SourceRefsToJson(const std::vector<SourceRef>& refs) {
  OrderedJson out = OrderedJson::array();
  for (const SourceRef& ref : refs) {
    OrderedJson item = {{"source", ref.source}};
    PutIfNotEmpty(item, "quote", ref.quote);
    out.push_back(std::move(item));
  }
  return out;
}

struct ToJsonVisitor {
  OrderedJson operator()(const Entity& entity) const {
    OrderedJson out = {{"type", "entity"}, {"id", entity.id}, {"name", entity.name},
                       {"kind", EntityKindName(entity.kind)}};
    if (!entity.aliases.empty()) out["aliases"] = entity.aliases;
    PutIfNotEmpty(out, "description", entity.description);
    if (!entity.attributes.empty()) out["attributes"] = OrderedJson(entity.attributes);
    return out;
  }
  OrderedJson operator()(const Event& event) const {
    OrderedJson out = {{"type", "event"}, {"id", event.id},   {"title", event.title},
                       {"kind", event.kind},  {"when", event.when.ToString()}};
    PutIfNotEmpty(out, "tz", event.tz);
    out["status"] = EventStatusName(event.status);
    PutIfNotEmpty(out, "place", event.place);
    PutIfNotEmpty(out, "summary", event.summary);
    if (!event.participants.empty()) {
      OrderedJson participants = OrderedJson::array();
      for (const Participant& participant : event.participants) {
        OrderedJson item = {{"entity", participant.entity}};
        PutIfNotEmpty(item, "role", participant.role);
        participants.push_back(std::move(item));
      }
      out["participants"] = std::move(participants);
    }
    if (!event.sources.empty()) out["sources"] = SourceRefsToJson(event.sources);
    if (!event.attributes.empty()) out["attributes"] = OrderedJson(event.attributes);
    return out;
  }
  OrderedJson operator()(const Relation& relation) const {
    OrderedJson out = {{"type", "relation"}, {"id", relation.id}, {"kind", relation.kind},
                       {"from", relation.from},  {"to", relation.to}};
    if (relation.when) out["when"] = relation.when->ToString();
    out["status"] = EventStatusName(relation.status);
    PutIfNotEmpty(out, "summary", relation.summary);
    if (!relation.sources.empty()) out["sources"] = SourceRefsToJson(relation.sources);
    if (!relation.attributes.empty()) out["attributes"] = OrderedJson(relation.attributes);
    return out;
  }
  OrderedJson operator()(const Source& source) const {
    OrderedJson out = {{"type", "source"},          {"id", source.id},
                       {"title", source.title},     {"publisher", source.publisher},
                       {"published", source.published}};
    PutIfNotEmpty(out, "language", source.language);
    PutIfNotEmpty(out, "url", source.url);
    PutIfNotEmpty(out, "author", source.author);
    return out;
  }
};

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

Result<Record> ParseRecordJson(const Json& value) {
  if (!value.is_object()) {
    return Status::InvalidArgument("expected a JSON object, got " + JsonTypeName(value));
  }
  auto type_it = value.find("type");
  if (type_it == value.end()) return Status::InvalidArgument("missing (required)").WithField("type");
  if (!type_it->is_string()) {
    return Status::InvalidArgument("expected a string, got " + JsonTypeName(*type_it))
        .WithField("type");
  }
  const std::string& type = type_it->get_ref<const std::string&>();
  FieldReader reader(value);
  reader.MarkKnown("type");
  if (type == "entity") return ParseEntity(reader);
  if (type == "event") return ParseEvent(reader);
  if (type == "relation") return ParseRelation(reader);
  if (type == "source") return ParseSource(reader);
  return Status::InvalidArgument("unknown record type '" + type +
                                 "' (expected entity, event, relation or source)")
      .WithField("type");
}

Result<Record> ParseRecordLine(std::string_view line) {
  Json value;
  try {
    value = Json::parse(line);
  } catch (const Json::parse_error& error) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error while parsing value - ..."; keep what follows "column N: ".
    std::string detail = error.what();
    if (size_t colon = detail.find(": ", detail.find("column")); colon != std::string::npos) {
      detail = detail.substr(colon + 2);
    }
    return Status::InvalidArgument("invalid JSON at column " + std::to_string(error.byte) + ": " +
                                   detail);
  }
  return ParseRecordJson(value);
}

OrderedJson RecordToJson(const Record& record) { return std::visit(ToJsonVisitor{}, record); }

std::string CanonicalRecordText(const Record& record) { return RecordToJson(record).dump(); }

}  // namespace chronicle
