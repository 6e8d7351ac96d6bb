// Timelines: the rows a timeline or an event listing shows, their order, and the filters.
//
// Order: earliest day, then latest day, then event id. A month-precision event therefore sorts
// before the days of that month that start later than its first day, and an interval sorts
// after a single day starting on the same day.
// Filters use overlap: an event is inside [from, to] when its earliest day <= to and its latest
// day >= from, so `--from 2025-02-01 --to 2025-02-03` includes an event dated `2025-02`.
#ifndef CHRONICLE_CORE_TIMELINE_H_
#define CHRONICLE_CORE_TIMELINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "core/model.h"

namespace chronicle {

// One event as a timeline shows it. Everything here is kept in the timeline index, so a
// timeline is read without looking up each event.
struct TimelineRow {
  std::string event_id;
  std::string title;
  std::string kind;
  std::string when;  // canonical EDTF text
  int32_t earliest_day = 0;
  int32_t latest_day = 0;
  EventStatus status = EventStatus::kOccurred;
  std::string role;   // the entity's role(s) in the event, comma-separated; "" in event listings
  std::string place;  // entity id, "" when none
  std::vector<std::string> sources;  // source ids

  bool operator==(const TimelineRow&) const = default;
};

struct TimelineFilter {
  int32_t from_day = kOpenStartDay;  // inclusive
  int32_t to_day = kOpenEndDay;      // inclusive
  std::optional<std::string> kind;   // event kind
  std::optional<EventStatus> status;

  // True when the row overlaps [from_day, to_day] and matches kind and status.
  bool Matches(const TimelineRow& row) const;
  // True when the filter only narrows by time (cheaper scans are possible).
  bool HasTimeBounds() const { return from_day != kOpenStartDay || to_day != kOpenEndDay; }
};

// Orders rows by (earliest day, latest day, event id).
bool TimelineOrder(const TimelineRow& a, const TimelineRow& b);

// The role an entity plays in `event`: its participant roles joined with ",", plus "place"
// when it is the event's place; "participant" for a participant without a role.
// Returns "" when the entity takes no part.
std::string RoleOf(const Event& event, const std::string& entity_id);

// The ids of the entities an event is indexed under: participants and place, each once, in
// first-mention order.
std::vector<std::string> EntitiesOf(const Event& event);

// The row an event shows in an event listing (role empty).
TimelineRow MakeTimelineRow(const Event& event);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_TIMELINE_H_
