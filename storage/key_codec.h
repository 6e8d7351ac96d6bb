// The one place that shapes Chronicle's RocksDB keys, and the primitive value encodings.
//
// RocksDB keeps its default bytewise comparator, so every integer in a key is fixed-width and
// big-endian, and signed integers have their sign bit flipped (so -1 sorts before 0). Byte
// order of encoded keys therefore equals the order of the values they encode.
//
// Column families and key layouts. THIS IS ON-DISK FORMAT: do not renumber tags or reorder
// parts; add new layouts instead.
//
//   CF        key parts (width in bytes)                                     value
//   --------  -------------------------------------------------------------  ------------------
//   default   kMetaTag(1) name(*)                                            meta value
//   records   RecordType(1) external id(*)                                   current version
//   names     normalised name(*) 0x00(1) entity iid(8)                       entity id
//             0x00(1) entity id(*)                                           entity card
//   timeline  entity iid(8) earliest day(4) latest day(4) event id(*)        timeline page
//             (the key of the page's last row; storage/timeline_pages.h)
//   time      earliest day(4) latest day(4) event id(*)                      timeline entry
//   edges     entity iid(8) earliest day(4) latest day(4) relation id(*)     edge entry
//   versions  RecordType(1) external id(*) 0x00(1) tx(8) ordinal(4)          a past version
//   versioned entity iid(8) earliest day(4) latest day(4) RecordType(1) id(*)  "" (empty)
//
// `records` holds the current version of every record (the latest under VersionOrder,
// core/versions.h), and the index families index current versions only. `versions` holds the
// other versions of records that have several, keyed by the import (tx) and the position in
// that import (ordinal) that stored them. `versioned` places every version of the events and
// relations that have several under each entity the version names, at the version's days
// (and every version of such events under kAllEventsIid, for event listings): --as-of answers
// come from the indexes for records with one version, and from the time slice of `versioned`
// and then `versions` for the others.
// Ids never contain 0x00 (they are slugs), so 0x00 ends the id in `versions` keys.
//
// External ids are the users' record ids (a slug, at most 128 bytes); they end every key they
// are in, so they need no terminator, and ties of equal days sort by id as timelines require.
// Entity iids are internal u64 ids (assigned once per entity, never reused) that give every
// entity's timeline a fixed 8-byte prefix for RocksDB's prefix extractor and bloom filter.
// Days: int32 days since 1970-01-01, sign-flipped (kOpenStartDay and kOpenEndDay sort first
// and last). Normalised names never contain 0x00 (NormalizeName rejects NUL), so 0x00 ends the
// name and all keys of one name are contiguous; and a normalised name is never empty, so no
// name key starts with 0x00, which marks the entity cards.
#ifndef CHRONICLE_STORAGE_KEY_CODEC_H_
#define CHRONICLE_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace chronicle::storage {

// Record types: stored in keys and values, do not renumber.
enum class RecordType : uint8_t {
  kEntity = 1,
  kEvent = 2,
  kRelation = 3,
  kSource = 4,
};

inline constexpr uint8_t kMetaTag = 0x01;

// The fixed-width parts that precede the external id in timeline, time and edge keys.
inline constexpr size_t kTimelinePrefixSize = 8;
inline constexpr size_t kTimelineFixedSize = 8 + 4 + 4;
inline constexpr size_t kTimeFixedSize = 4 + 4;
inline constexpr size_t kEdgeFixedSize = 8 + 4 + 4;
static_assert(kTimelineFixedSize == 16 && kTimeFixedSize == 8 && kEdgeFixedSize == 16);

// ---- Primitives (LevelDB coding.h shape) ----------------------------------------------------
// Append... appends to *dst. Decode... consumes from the front of *input and returns false,
// leaving *input unspecified, when it is too short or malformed.

void AppendFixed32BE(std::string* dst, uint32_t value);
void AppendFixed64BE(std::string* dst, uint64_t value);
// Sign-flipped big-endian int32 (order-preserving).
void AppendOrderedInt32(std::string* dst, int32_t value);
void AppendVarint64(std::string* dst, uint64_t value);
// Varint64 length followed by the bytes.
void AppendLengthPrefixed(std::string* dst, std::string_view value);

bool DecodeFixed32BE(std::string_view* input, uint32_t* value);
bool DecodeFixed64BE(std::string_view* input, uint64_t* value);
bool DecodeOrderedInt32(std::string_view* input, int32_t* value);
// The varint of two bytes or more (DecodeVarint64's out-of-line part).
bool DecodeVarint64Slow(std::string_view* input, uint64_t* value);
// One byte (lengths and small numbers, a dozen per index row a listing decodes) inline, as
// LevelDB's GetVarint32Ptr: through the out-of-line decoder they were a sixth of a 300K-row
// timeline's instructions.
inline bool DecodeVarint64(std::string_view* input, uint64_t* value) {
  if (!input->empty() && static_cast<uint8_t>(input->front()) < 0x80) {
    *value = static_cast<uint8_t>(input->front());
    input->remove_prefix(1);
    return true;
  }
  return DecodeVarint64Slow(input, value);
}
// On success *value points into the input's buffer: valid as long as that buffer is.
inline bool DecodeLengthPrefixed(std::string_view* input, std::string_view* value) {
  uint64_t length = 0;
  if (!DecodeVarint64(input, &length) || length > input->size()) return false;
  *value = input->substr(0, length);
  input->remove_prefix(length);
  return true;
}

// ---- Keys -------------------------------------------------------------------------------------

std::string MetaKey(std::string_view name);

// REQUIRES: id is not empty.
std::string RecordKey(RecordType type, std::string_view id);
// All records of one type: RecordType(1).
std::string RecordTypePrefix(RecordType type);
// Returns false unless `key` holds a known RecordType and a non-empty id; *id points into key.
bool DecodeRecordKey(std::string_view key, RecordType* type, std::string_view* id);

// The past versions of one record: RecordType(1) id 0x00. REQUIRES: id is not empty.
std::string VersionPrefix(RecordType type, std::string_view id);
std::string VersionKey(RecordType type, std::string_view id, uint64_t tx, uint32_t ordinal);
// Returns false unless `key` is a well-formed version key; *id points into key.
bool DecodeVersionKey(std::string_view key, RecordType* type, std::string_view* id);

// An entry of the `versioned` family. Entity iids start at 1; kAllEventsIid holds every
// version of every versioned event, for listings that are not one entity's.
inline constexpr uint64_t kAllEventsIid = 0;
struct VersionedKeyParts {
  uint64_t entity_iid;
  int32_t earliest_day;  // of this version (kOpenStartDay / kOpenEndDay for open or undated)
  int32_t latest_day;
  RecordType type;
  std::string_view id;  // non-empty
};
std::string VersionedKey(const VersionedKeyParts& parts);
// The 8-byte prefix of one entity's entries.
std::string VersionedPrefix(uint64_t entity_iid);
// The smallest key of `entity_iid` whose earliest day is >= earliest_day.
std::string VersionedSeekKey(uint64_t entity_iid, int32_t earliest_day);
bool DecodeVersionedKey(std::string_view key, VersionedKeyParts* parts);

// REQUIRES: normalized_name contains no 0x00 byte.
std::string NameKey(std::string_view normalized_name, uint64_t entity_iid);
// Every key of one name: normalised name followed by 0x00.
std::string NamePrefix(std::string_view normalized_name);
// Returns false unless the key holds a name, a 0x00 and an 8-byte iid.
bool DecodeNameKey(std::string_view key, std::string_view* normalized_name, uint64_t* entity_iid);

// In the Parts structs, string_views point into the decoded key (or the caller's string).
// The names CF key of an entity's card (internal id, name, kind, aliases): what a timeline
// needs to know of its entity, without reading the records CF.
std::string EntityCardKey(std::string_view entity_id);

struct TimelineKeyParts {
  uint64_t entity_iid;
  int32_t earliest_day;
  int32_t latest_day;
  std::string_view event_id;  // non-empty
};
std::string TimelineKey(const TimelineKeyParts& parts);
// The 8-byte prefix shared by one entity's timeline (the prefix extractor's length).
std::string TimelinePrefix(uint64_t entity_iid);
// The smallest key of `entity_iid` whose earliest day is >= earliest_day.
std::string TimelineSeekKey(uint64_t entity_iid, int32_t earliest_day);
bool DecodeTimelineKey(std::string_view key, TimelineKeyParts* parts);

struct TimeKeyParts {
  int32_t earliest_day;
  int32_t latest_day;
  std::string_view event_id;  // non-empty
};
std::string TimeKey(const TimeKeyParts& parts);
// The smallest key whose earliest day is >= earliest_day.
std::string TimeSeekKey(int32_t earliest_day);
bool DecodeTimeKey(std::string_view key, TimeKeyParts* parts);

struct EdgeKeyParts {
  uint64_t entity_iid;
  int32_t earliest_day;
  int32_t latest_day;
  std::string_view relation_id;  // non-empty
};
std::string EdgeKey(const EdgeKeyParts& parts);
std::string EdgePrefix(uint64_t entity_iid);
bool DecodeEdgeKey(std::string_view key, EdgeKeyParts* parts);

// The smallest string greater than every string that starts with `prefix` (for
// iterate_upper_bound); "" when no such string exists (prefix is all 0xFF).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_KEY_CODEC_H_
