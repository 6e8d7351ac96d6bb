// Values of the index column families (storage/key_codec.h names the keys).
//
//   time value (and the row entries an import writes for the timeline family, which
//   storage/timeline_pages.h packs into pages; the timeline value of chronicle-store-3):
//                          varint tx, u8 status, then length-prefixed event id, title, kind,
//                          when, role, place, varint source count, length-prefixed source ids,
//                          zigzag varint recorded-at, u8 flags (1 = the event has several
//                          versions), length-prefixed tz, u8 part of day (0 none, else part + 1)
//   edges value:           varint tx, u8 direction (0 out, 1 in), u8 status, length-prefixed
//                          relation id, kind, other end's entity id, when ("" if undated),
//                          zigzag varint recorded-at, u8 flags (1 = several versions)
//   entity card:           varint entity iid, u8 EntityKind, length-prefixed name, varint alias
//                          count, length-prefixed aliases
//   records / versions:    varint tx, zigzag varint recorded-at (Unix seconds), varint entity
//                          iid (0 for other records), canonical JSON text
// THIS IS ON-DISK FORMAT: append new fields at the end; never reorder.
#ifndef CHRONICLE_STORAGE_INDEX_VALUES_H_
#define CHRONICLE_STORAGE_INDEX_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model.h"
#include "core/timeline.h"

namespace chronicle::storage {

// The covering value of a timeline / time index entry. The days come from the key.
std::string EncodeTimelineValue(uint64_t tx, const TimelineRow& row);

// One event's timeline value with the role left open, for writing it under each of its
// entities without encoding the rest again: With(role) == EncodeTimelineValue(tx, row with
// that role).
class TimelineValueWithoutRole {
 public:
  TimelineValueWithoutRole(uint64_t tx, const TimelineRow& row);  // row.role is not read
  std::string With(std::string_view role) const;

 private:
  std::string before_role_, after_role_;
};

// Fills everything but earliest_day / latest_day, as a view into `value` (and *sources, which
// it overwrites: the row's sources point into it). Returns false on malformed bytes.
bool DecodeTimelineValue(std::string_view value, uint64_t* tx, TimelineRowView* row,
                         std::string* sources);

struct EdgeValue {
  uint64_t tx = 0;
  bool outgoing = true;
  EventStatus status = EventStatus::kOccurred;
  std::string relation_id;
  std::string kind;
  std::string other_entity_id;
  std::string when;
  int64_t recorded_at = 0;  // of the relation's version
  bool versioned = false;   // the relation has several versions
};
std::string EncodeEdgeValue(const EdgeValue& edge);
bool DecodeEdgeValue(std::string_view value, EdgeValue* edge);

// What a timeline shows of its entity, kept beside the name index.
struct EntityCard {
  uint64_t iid = 0;
  Entity entity;  // id, name, kind and aliases; description and attributes stay empty
};
std::string EncodeEntityCard(uint64_t iid, const Entity& entity);
// *card->entity.id is left as it was (the id is the key's).
bool DecodeEntityCard(std::string_view value, EntityCard* card);

struct RecordValue {
  uint64_t tx = 0;
  int64_t recorded_at = 0;  // Unix seconds
  uint64_t entity_iid = 0;  // entities only
  std::string_view json;    // canonical record text; points into the decoded buffer
};
std::string EncodeRecordValue(uint64_t tx, int64_t recorded_at, std::string_view json,
                              uint64_t entity_iid = 0);
bool DecodeRecordValue(std::string_view value, RecordValue* record);

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_INDEX_VALUES_H_
