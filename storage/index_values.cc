#include "storage/index_values.h"

#include "storage/key_codec.h"

namespace chronicle::storage {
namespace {

bool DecodeString(std::string_view* input, std::string* out) {
  std::string_view bytes;
  if (!DecodeLengthPrefixed(input, &bytes)) return false;
  out->assign(bytes);
  return true;
}

bool DecodeByte(std::string_view* input, uint8_t* out) {
  if (input->empty()) return false;
  *out = static_cast<uint8_t>((*input)[0]);
  input->remove_prefix(1);
  return true;
}

// Record times may precede 1970 (a source published in 1965): zigzag keeps them short.
void AppendSignedVarint(std::string* out, int64_t value) {
  AppendVarint64(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

bool DecodeSignedVarint(std::string_view* input, int64_t* value) {
  uint64_t zigzag = 0;
  if (!DecodeVarint64(input, &zigzag)) return false;
  *value = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
  return true;
}

constexpr uint8_t kVersionedFlag = 1;

bool IsKnownStatus(uint8_t status) {
  return status >= static_cast<uint8_t>(EventStatus::kOccurred) &&
         status <= static_cast<uint8_t>(EventStatus::kPostponed);
}

}  // namespace

TimelineValueWithoutRole::TimelineValueWithoutRole(uint64_t tx, const TimelineRow& row) {
  before_role_.reserve(16 + row.event_id.size() + row.title.size() + row.kind.size() +
                       row.when.size());
  AppendVarint64(&before_role_, tx);
  before_role_.push_back(static_cast<char>(row.status));
  AppendLengthPrefixed(&before_role_, row.event_id);
  AppendLengthPrefixed(&before_role_, row.title);
  AppendLengthPrefixed(&before_role_, row.kind);
  AppendLengthPrefixed(&before_role_, row.when);
  AppendLengthPrefixed(&after_role_, row.place);
  AppendVarint64(&after_role_, row.sources.size());
  for (const std::string& source : row.sources) AppendLengthPrefixed(&after_role_, source);
  AppendSignedVarint(&after_role_, row.recorded_at);
  after_role_.push_back(static_cast<char>(row.versioned ? kVersionedFlag : 0));
  AppendLengthPrefixed(&after_role_, row.tz);
  after_role_.push_back(
      static_cast<char>(row.part_of_day ? static_cast<uint8_t>(*row.part_of_day) + 1 : 0));
}

std::string TimelineValueWithoutRole::With(std::string_view role) const {
  std::string out;
  out.reserve(before_role_.size() + role.size() + 5 + after_role_.size());
  out += before_role_;
  AppendLengthPrefixed(&out, role);
  out += after_role_;
  return out;
}

std::string EncodeTimelineValue(uint64_t tx, const TimelineRow& row) {
  return TimelineValueWithoutRole(tx, row).With(row.role);
}

bool DecodeTimelineValue(std::string_view value, uint64_t* tx, TimelineRowView* row,
                         std::string* sources) {
  uint8_t status = 0;
  uint64_t source_count = 0;
  std::string_view event_id;
  if (!DecodeVarint64(&value, tx) || !DecodeByte(&value, &status) || !IsKnownStatus(status) ||
      !DecodeLengthPrefixed(&value, &event_id) || !DecodeLengthPrefixed(&value, &row->title) ||
      !DecodeLengthPrefixed(&value, &row->kind) || !DecodeLengthPrefixed(&value, &row->when) ||
      !DecodeLengthPrefixed(&value, &row->role) || !DecodeLengthPrefixed(&value, &row->place) ||
      !DecodeVarint64(&value, &source_count) || source_count > value.size()) {
    return false;
  }
  row->event_id = event_id;
  row->status = static_cast<EventStatus>(status);
  sources->clear();
  for (uint64_t source_idx = 0; source_idx < source_count; ++source_idx) {
    std::string_view source;
    if (!DecodeLengthPrefixed(&value, &source)) return false;
    SourceIdList::Append(sources, source);
  }
  row->sources = SourceIdList(*sources);
  uint8_t flags = 0, part = 0;
  if (!DecodeSignedVarint(&value, &row->recorded_at) || !DecodeByte(&value, &flags) ||
      !DecodeLengthPrefixed(&value, &row->tz) || !DecodeByte(&value, &part) ||
      part > static_cast<uint8_t>(PartOfDay::kNight) + 1) {
    return false;
  }
  row->versioned = (flags & kVersionedFlag) != 0;
  row->part_of_day =
      part == 0 ? std::nullopt : std::optional<PartOfDay>(static_cast<PartOfDay>(part - 1));
  return true;
}

std::string EncodeEdgeValue(const EdgeValue& edge) {
  std::string out;
  AppendVarint64(&out, edge.tx);
  out.push_back(edge.outgoing ? 0 : 1);
  out.push_back(static_cast<char>(edge.status));
  AppendLengthPrefixed(&out, edge.relation_id);
  AppendLengthPrefixed(&out, edge.kind);
  AppendLengthPrefixed(&out, edge.other_entity_id);
  AppendLengthPrefixed(&out, edge.when);
  AppendSignedVarint(&out, edge.recorded_at);
  out.push_back(static_cast<char>(edge.versioned ? kVersionedFlag : 0));
  return out;
}

bool DecodeEdgeValue(std::string_view value, EdgeValue* edge) {
  uint8_t direction = 0, status = 0;
  if (!DecodeVarint64(&value, &edge->tx) || !DecodeByte(&value, &direction) || direction > 1 ||
      !DecodeByte(&value, &status) || !IsKnownStatus(status) ||
      !DecodeString(&value, &edge->relation_id) || !DecodeString(&value, &edge->kind) ||
      !DecodeString(&value, &edge->other_entity_id) || !DecodeString(&value, &edge->when) ||
      !DecodeSignedVarint(&value, &edge->recorded_at)) {
    return false;
  }
  uint8_t flags = 0;
  if (!DecodeByte(&value, &flags)) return false;
  edge->versioned = (flags & kVersionedFlag) != 0;
  edge->outgoing = direction == 0;
  edge->status = static_cast<EventStatus>(status);
  return true;
}

std::string EncodeEntityCard(uint64_t iid, const Entity& entity) {
  std::string out;
  AppendVarint64(&out, iid);
  out.push_back(static_cast<char>(entity.kind));
  AppendLengthPrefixed(&out, entity.name);
  AppendVarint64(&out, entity.aliases.size());
  for (const std::string& alias : entity.aliases) AppendLengthPrefixed(&out, alias);
  return out;
}

bool DecodeEntityCard(std::string_view value, EntityCard* card) {
  uint8_t kind = 0;
  uint64_t alias_count = 0;
  if (!DecodeVarint64(&value, &card->iid) || !DecodeByte(&value, &kind) ||
      kind < static_cast<uint8_t>(EntityKind::kPerson) ||
      kind > static_cast<uint8_t>(EntityKind::kOther) ||
      !DecodeString(&value, &card->entity.name) || !DecodeVarint64(&value, &alias_count) ||
      alias_count > value.size()) {
    return false;
  }
  card->entity.kind = static_cast<EntityKind>(kind);
  card->entity.aliases.resize(alias_count);
  for (std::string& alias : card->entity.aliases) {
    if (!DecodeString(&value, &alias)) return false;
  }
  return value.empty();
}

std::string EncodeRecordValue(uint64_t tx, int64_t recorded_at, std::string_view json,
                              uint64_t entity_iid) {
  std::string out;
  out.reserve(json.size() + 30);
  AppendVarint64(&out, tx);
  AppendSignedVarint(&out, recorded_at);
  AppendVarint64(&out, entity_iid);
  out.append(json);
  return out;
}

bool DecodeRecordValue(std::string_view value, RecordValue* record) {
  if (!DecodeVarint64(&value, &record->tx) || !DecodeSignedVarint(&value, &record->recorded_at) ||
      !DecodeVarint64(&value, &record->entity_iid)) {
    return false;
  }
  record->json = value;
  return true;
}

}  // namespace chronicle::storage
