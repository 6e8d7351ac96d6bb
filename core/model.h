// Chronicle's domain records: entities, events, relations and sources.
//
// Records are plain values. References between records (a participant's entity, an event's
// place, a relation's ends) hold what the user wrote until import resolution (core/import.h)
// replaces them with entity ids; records handed to storage hold ids only.
#ifndef CHRONICLE_CORE_MODEL_H_
#define CHRONICLE_CORE_MODEL_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/edtf.h"
#include "core/zoned_time.h"

namespace chronicle {

// Stored in index values: do not renumber.
enum class EntityKind : uint8_t {
  kPerson = 1,
  kOrganization = 2,
  kPlace = 3,
  kProject = 4,
  kProduct = 5,
  kOther = 6,
};

// Stored in index values: do not renumber.
enum class EventStatus : uint8_t {
  kOccurred = 1,
  kPlanned = 2,
  kReported = 3,
  kCancelled = 4,
  kPostponed = 5,
};

std::string_view EntityKindName(EntityKind kind);
std::string_view EventStatusName(EventStatus status);
// Return nullopt for a name that is not one of the kinds / statuses above.
std::optional<EntityKind> ParseEntityKind(std::string_view name);
std::optional<EventStatus> ParseEventStatus(std::string_view name);
// The lists, in enum order, for help texts and error messages ("person, organization, ...").
const std::vector<std::string>& EntityKindNames();
const std::vector<std::string>& EventStatusNames();

struct Entity {
  std::string id;
  std::string name;
  EntityKind kind = EntityKind::kOther;
  std::vector<std::string> aliases;
  std::string description;
  nlohmann::json attributes = nlohmann::json::object();

  bool operator==(const Entity&) const = default;
};

struct Participant {
  std::string entity;  // an entity reference; an entity id once resolved
  std::string role;    // "" when not given

  bool operator==(const Participant&) const = default;
};

struct SourceRef {
  std::string source;  // a source id
  std::string quote;   // "" when not given

  bool operator==(const SourceRef&) const = default;
};

struct Event {
  std::string id;
  std::string title;
  std::string kind;  // open vocabulary slug: announcement, meeting, visit, ...
  Edtf when;
  std::string tz;  // IANA zone name, "" when not given
  // A part of the day (JSON "part_of_day": morning, afternoon, 오후, ...) when `when` is a
  // single day without a time; nullopt when not given.
  std::optional<PartOfDay> part_of_day;
  EventStatus status = EventStatus::kOccurred;
  std::string place;  // an entity reference / id, "" when not given
  std::string summary;
  std::vector<Participant> participants;
  std::vector<SourceRef> sources;
  nlohmann::json attributes = nlohmann::json::object();

  bool operator==(const Event&) const = default;
};

struct Relation {
  std::string id;
  std::string kind;  // open vocabulary slug: invests_in, chairs, part_of, ...
  std::string from;  // entity reference / id
  std::string to;    // entity reference / id
  std::optional<Edtf> when;
  EventStatus status = EventStatus::kOccurred;
  std::string summary;
  std::vector<SourceRef> sources;
  nlohmann::json attributes = nlohmann::json::object();

  bool operator==(const Relation&) const = default;
};

struct Source {
  std::string id;
  std::string title;
  std::string publisher;
  std::string published;  // "YYYY-MM-DD" or an RFC 3339 date-time with offset
  std::string language;   // BCP 47 tag, "" when not given
  std::string url;
  std::string author;

  bool operator==(const Source&) const = default;
};

using Record = std::variant<Entity, Event, Relation, Source>;

// "entity", "event", "relation" or "source".
std::string_view RecordTypeName(const Record& record);
const std::string& RecordId(const Record& record);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_MODEL_H_
