#include "storage/key_codec.h"

#include <algorithm>
#include <limits>

namespace chronicle::storage {

namespace {

constexpr uint32_t kInt32SignBit = uint32_t{1} << 31;
constexpr size_t kMaxVarint64Bytes = 10;

// The smallest day: a seek key built from it (and an empty id) sorts before every other key
// that shares its leading parts.
constexpr int32_t kSmallestDay = std::numeric_limits<int32_t>::min();

// std::string_view holds char, which may be signed; every byte test must see 0..255.
uint8_t ByteAt(std::string_view bytes, size_t index) { return static_cast<uint8_t>(bytes[index]); }

bool IsKnownRecordType(uint8_t tag) {
  switch (static_cast<RecordType>(tag)) {
    case RecordType::kEntity:
    case RecordType::kEvent:
    case RecordType::kRelation:
    case RecordType::kSource:
      return true;
  }
  return false;
}

void AppendRecordType(std::string* dst, RecordType type) {
  dst->push_back(static_cast<char>(type));
}

// Reads a RecordType byte; false on empty input or an unknown tag (a corrupt or newer store).
bool DecodeRecordType(std::string_view* input, RecordType* type) {
  if (input->empty() || !IsKnownRecordType(ByteAt(*input, 0))) return false;
  *type = static_cast<RecordType>(ByteAt(*input, 0));
  input->remove_prefix(1);
  return true;
}

// entity(8) earliest(4) latest(4) id(*): the shared shape of timeline and edge keys. An empty
// id gives the smallest key with those fixed parts (a seek key).
std::string EntityDaysIdKey(uint64_t entity_iid, int32_t earliest_day, int32_t latest_day,
                            std::string_view id) {
  std::string key;
  key.reserve(kTimelineFixedSize + id.size());
  AppendFixed64BE(&key, entity_iid);
  AppendOrderedInt32(&key, earliest_day);
  AppendOrderedInt32(&key, latest_day);
  key.append(id);
  return key;
}

bool DecodeEntityDaysIdKey(std::string_view key, uint64_t* entity_iid, int32_t* earliest_day,
                           int32_t* latest_day, std::string_view* id) {
  if (key.size() <= kTimelineFixedSize) return false;  // the id must not be empty
  if (!DecodeFixed64BE(&key, entity_iid) || !DecodeOrderedInt32(&key, earliest_day) ||
      !DecodeOrderedInt32(&key, latest_day)) {
    return false;
  }
  *id = key;
  return true;
}

}  // namespace

static_assert(kEdgeFixedSize == kTimelineFixedSize, "edge keys reuse the timeline key shape");
static_assert(kTimelinePrefixSize == sizeof(uint64_t));

// ---- Primitives -------------------------------------------------------------------------------

void AppendFixed32BE(std::string* dst, uint32_t value) {
  char buf[4];
  for (int byte_idx = 3; byte_idx >= 0; --byte_idx) {
    buf[byte_idx] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  dst->append(buf, sizeof(buf));
}

void AppendFixed64BE(std::string* dst, uint64_t value) {
  char buf[8];
  for (int byte_idx = 7; byte_idx >= 0; --byte_idx) {
    buf[byte_idx] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  dst->append(buf, sizeof(buf));
}

void AppendOrderedInt32(std::string* dst, int32_t value) {
  // Two's complement puts negatives above positives when read unsigned; flipping the sign bit
  // moves INT32_MIN to 0 and INT32_MAX to 0xFFFFFFFF, keeping the order in between.
  AppendFixed32BE(dst, static_cast<uint32_t>(value) ^ kInt32SignBit);
}

void AppendVarint64(std::string* dst, uint64_t value) {
  while (value >= 0x80) {
    dst->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  dst->push_back(static_cast<char>(value));
}

void AppendLengthPrefixed(std::string* dst, std::string_view value) {
  AppendVarint64(dst, value.size());
  dst->append(value);
}

bool DecodeFixed32BE(std::string_view* input, uint32_t* value) {
  if (input->size() < 4) return false;
  uint32_t result = 0;
  for (size_t byte_idx = 0; byte_idx < 4; ++byte_idx) {
    result = (result << 8) | ByteAt(*input, byte_idx);
  }
  *value = result;
  input->remove_prefix(4);
  return true;
}

bool DecodeFixed64BE(std::string_view* input, uint64_t* value) {
  if (input->size() < 8) return false;
  uint64_t result = 0;
  for (size_t byte_idx = 0; byte_idx < 8; ++byte_idx) {
    result = (result << 8) | ByteAt(*input, byte_idx);
  }
  *value = result;
  input->remove_prefix(8);
  return true;
}

bool DecodeOrderedInt32(std::string_view* input, int32_t* value) {
  uint32_t flipped;
  if (!DecodeFixed32BE(input, &flipped)) return false;
  *value = static_cast<int32_t>(flipped ^ kInt32SignBit);
  return true;
}

bool DecodeVarint64Slow(std::string_view* input, uint64_t* value) {
  // Stricter than LevelDB's GetVarint64, which lets a tenth byte overflow and accepts zero
  // padding: here a tenth byte may carry only bit 63 and a final zero group after the first
  // byte is refused, so each value has exactly one accepted encoding, the one AppendVarint64
  // writes.
  uint64_t result = 0;
  const size_t limit = std::min(input->size(), kMaxVarint64Bytes);
  for (size_t byte_idx = 0; byte_idx < limit; ++byte_idx) {
    const uint64_t byte = ByteAt(*input, byte_idx);
    const unsigned shift = 7 * static_cast<unsigned>(byte_idx);
    if (byte_idx == kMaxVarint64Bytes - 1 && byte > 1) return false;
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      if (byte == 0 && byte_idx > 0) return false;
      *value = result;
      input->remove_prefix(byte_idx + 1);
      return true;
    }
  }
  return false;
}

// ---- Keys -------------------------------------------------------------------------------------

std::string MetaKey(std::string_view name) {
  std::string key;
  key.reserve(1 + name.size());
  key.push_back(static_cast<char>(kMetaTag));
  key.append(name);
  return key;
}

std::string RecordKey(RecordType type, std::string_view id) {
  std::string key;
  key.reserve(1 + id.size());
  AppendRecordType(&key, type);
  key.append(id);
  return key;
}

std::string RecordTypePrefix(RecordType type) {
  std::string prefix;
  AppendRecordType(&prefix, type);
  return prefix;
}

bool DecodeRecordKey(std::string_view key, RecordType* type, std::string_view* id) {
  if (!DecodeRecordType(&key, type) || key.empty()) return false;
  *id = key;
  return true;
}

std::string VersionPrefix(RecordType type, std::string_view id) {
  std::string key = RecordKey(type, id);
  key.push_back('\0');
  return key;
}

std::string VersionKey(RecordType type, std::string_view id, uint64_t tx, uint32_t ordinal) {
  std::string key = VersionPrefix(type, id);
  AppendFixed64BE(&key, tx);
  AppendFixed32BE(&key, ordinal);
  return key;
}

bool DecodeVersionKey(std::string_view key, RecordType* type, std::string_view* id) {
  if (!DecodeRecordType(&key, type)) return false;
  size_t end = key.find('\0');
  if (end == 0 || end == std::string_view::npos || key.size() != end + 1 + 8 + 4) return false;
  *id = key.substr(0, end);
  return true;
}

std::string VersionedKey(const VersionedKeyParts& parts) {
  std::string key = VersionedSeekKey(parts.entity_iid, parts.earliest_day);
  AppendOrderedInt32(&key, parts.latest_day);
  AppendRecordType(&key, parts.type);
  key.append(parts.id);
  return key;
}

std::string VersionedPrefix(uint64_t entity_iid) {
  std::string key;
  AppendFixed64BE(&key, entity_iid);
  return key;
}

std::string VersionedSeekKey(uint64_t entity_iid, int32_t earliest_day) {
  std::string key = VersionedPrefix(entity_iid);
  AppendOrderedInt32(&key, earliest_day);
  return key;
}

bool DecodeVersionedKey(std::string_view key, VersionedKeyParts* parts) {
  if (!DecodeFixed64BE(&key, &parts->entity_iid) ||
      !DecodeOrderedInt32(&key, &parts->earliest_day) ||
      !DecodeOrderedInt32(&key, &parts->latest_day) || !DecodeRecordType(&key, &parts->type) ||
      key.empty()) {
    return false;
  }
  parts->id = key;
  return true;
}

std::string NameKey(std::string_view normalized_name, uint64_t entity_iid) {
  std::string key = NamePrefix(normalized_name);
  AppendFixed64BE(&key, entity_iid);
  return key;
}

std::string NamePrefix(std::string_view normalized_name) {
  // 0x00 is the smallest byte, so "ab" + 0x00 sorts before every longer name starting with
  // "ab" and the keys of one name stay contiguous.
  std::string prefix;
  prefix.reserve(normalized_name.size() + 1 + 8);
  prefix.append(normalized_name);
  prefix.push_back('\0');
  return prefix;
}

bool DecodeNameKey(std::string_view key, std::string_view* normalized_name, uint64_t* entity_iid) {
  if (key.size() < 1 + 8) return false;
  const size_t name_size = key.size() - 1 - 8;
  const std::string_view name = key.substr(0, name_size);
  // A NUL inside the name would make the key ambiguous; NameKey never writes one.
  if (ByteAt(key, name_size) != 0 || name.find('\0') != std::string_view::npos) return false;
  key.remove_prefix(name_size + 1);
  if (!DecodeFixed64BE(&key, entity_iid)) return false;
  *normalized_name = name;
  return true;
}

std::string EntityCardKey(std::string_view entity_id) {
  std::string key;
  key.reserve(1 + entity_id.size());
  key.push_back('\0');
  key.append(entity_id);
  return key;
}

std::string TimelineKey(const TimelineKeyParts& parts) {
  return EntityDaysIdKey(parts.entity_iid, parts.earliest_day, parts.latest_day, parts.event_id);
}

std::string TimelinePrefix(uint64_t entity_iid) {
  std::string prefix;
  prefix.reserve(kTimelinePrefixSize);
  AppendFixed64BE(&prefix, entity_iid);
  return prefix;
}

std::string TimelineSeekKey(uint64_t entity_iid, int32_t earliest_day) {
  return EntityDaysIdKey(entity_iid, earliest_day, kSmallestDay, "");
}

bool DecodeTimelineKey(std::string_view key, TimelineKeyParts* parts) {
  return DecodeEntityDaysIdKey(key, &parts->entity_iid, &parts->earliest_day, &parts->latest_day,
                               &parts->event_id);
}

std::string TimeKey(const TimeKeyParts& parts) {
  std::string key;
  key.reserve(kTimeFixedSize + parts.event_id.size());
  AppendOrderedInt32(&key, parts.earliest_day);
  AppendOrderedInt32(&key, parts.latest_day);
  key.append(parts.event_id);
  return key;
}

std::string TimeSeekKey(int32_t earliest_day) { return TimeKey({earliest_day, kSmallestDay, ""}); }

bool DecodeTimeKey(std::string_view key, TimeKeyParts* parts) {
  if (key.size() <= kTimeFixedSize) return false;  // the id must not be empty
  if (!DecodeOrderedInt32(&key, &parts->earliest_day) ||
      !DecodeOrderedInt32(&key, &parts->latest_day)) {
    return false;
  }
  parts->event_id = key;
  return true;
}

std::string EdgeKey(const EdgeKeyParts& parts) {
  return EntityDaysIdKey(parts.entity_iid, parts.earliest_day, parts.latest_day, parts.relation_id);
}

std::string EdgePrefix(uint64_t entity_iid) { return TimelinePrefix(entity_iid); }

bool DecodeEdgeKey(std::string_view key, EdgeKeyParts* parts) {
  return DecodeEntityDaysIdKey(key, &parts->entity_iid, &parts->earliest_day, &parts->latest_day,
                               &parts->relation_id);
}

std::string PrefixSuccessor(std::string_view prefix) {
  // A trailing 0xFF cannot be incremented without overflow: drop it and carry into the byte
  // before it.
  std::string successor(prefix);
  while (!successor.empty()) {
    const uint8_t last = static_cast<uint8_t>(successor.back());
    if (last != 0xFF) {
      successor.back() = static_cast<char>(last + 1);
      return successor;
    }
    successor.pop_back();
  }
  return successor;
}

}  // namespace chronicle::storage
