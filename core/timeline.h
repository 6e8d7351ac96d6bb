// Timelines: the rows a timeline or an event listing shows, their order, and the filters.
//
// Order: earliest day, then latest day, then event id. A month-precision event therefore sorts
// before the days of that month that start later than its first day, and an interval sorts
// after a single day starting on the same day.
// Filters use overlap: an event is inside [from, to] when its earliest day <= to and its latest
// day >= from, so `--from 2025-02-01 --to 2025-02-03` includes an event dated `2025-02`.
#ifndef CHRONICLE_CORE_TIMELINE_H_
#define CHRONICLE_CORE_TIMELINE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/model.h"
#include "core/zoned_time.h"

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
  std::string tz;                     // the event's IANA zone, "" when not given
  std::optional<PartOfDay> part_of_day;
  // Bitemporal bookkeeping, filled by storage: the record time of the version this row shows
  // (Unix seconds) and whether the event has more than one version.
  int64_t recorded_at = 0;
  bool versioned = false;

  bool operator==(const TimelineRow&) const = default;
};

// The source ids of a TimelineRowView, as one text: each id followed by '\0' (ids never contain
// NUL). Iterating gives the ids in order; nothing is decoded until then.
class SourceIdList {
 public:
  SourceIdList() = default;
  // `packed` should be empty or end with '\0'; a last id without it is still an id.
  explicit SourceIdList(std::string_view packed) : packed_(packed) {}

  class Iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    explicit Iterator(std::string_view rest) : rest_(rest) { Find(); }
    std::string_view operator*() const { return id_; }
    Iterator& operator++() {
      rest_.remove_prefix(std::min(rest_.size(), id_.size() + 1));  // the last may lack its NUL
      Find();
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator& other) const { return rest_.data() == other.rest_.data(); }

   private:
    void Find() { id_ = rest_.substr(0, rest_.find('\0')); }
    std::string_view rest_;
    std::string_view id_;
  };
  Iterator begin() const { return Iterator(packed_); }
  Iterator end() const { return Iterator(packed_.substr(packed_.size())); }
  bool empty() const { return packed_.empty(); }
  size_t size() const;
  std::string_view packed() const { return packed_; }
  // Appends `id` and its terminator to *packed. REQUIRES: id holds no NUL.
  static void Append(std::string* packed, std::string_view id) {
    packed->append(id);
    packed->push_back('\0');
  }

 private:
  std::string_view packed_;
};

// A TimelineRow that points into buffers it does not own: a page of the timeline index while a
// scan visits it (Store::ScanTimelineViews), or a TimelineRow (ViewOf). Nothing is copied to make
// one, so a long listing read through views allocates nothing per row. Valid only as long as
// what it points into: a view a scan passes on, only during that call.
struct TimelineRowView {
  std::string_view event_id;
  std::string_view title;
  std::string_view kind;
  std::string_view when;
  int32_t earliest_day = 0;
  int32_t latest_day = 0;
  EventStatus status = EventStatus::kOccurred;
  std::string_view role;
  std::string_view place;
  SourceIdList sources;
  std::string_view tz;
  std::optional<PartOfDay> part_of_day;
  int64_t recorded_at = 0;
  bool versioned = false;
};

// A view of `row`; its sources point into *sources, which this overwrites. Valid while neither
// `row` nor *sources changes. REQUIRES: sources != nullptr.
TimelineRowView ViewOf(const TimelineRow& row, std::string* sources);
// Copies `view` into *row, reusing the capacity of its strings (no allocation once they have
// grown). REQUIRES: row != nullptr and does not hold what `view` points into.
void AssignRow(const TimelineRowView& view, TimelineRow* row);
TimelineRow ToRow(const TimelineRowView& view);

struct TimelineFilter {
  int32_t from_day = kOpenStartDay;  // inclusive
  int32_t to_day = kOpenEndDay;      // inclusive
  std::optional<std::string> kind;   // event kind
  std::optional<EventStatus> status;
  // Answer from the versions recorded at or before this instant (Unix seconds, inclusive;
  // core/versions.h ParseAsOf); nullopt = the current versions.
  std::optional<int64_t> as_of;

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

// True when the row is pinned to instants rather than to calendar days alone: it has a tz, a
// part of day, or a `when` with a time of day (precision kTime). Cheap: no parsing.
bool HasInstants(const TimelineRow& row);
bool HasInstants(const TimelineRowView& row);
// The same for an event: HasInstants(MakeTimelineRow(event)), without making the row.
bool HasInstants(const Event& event);

// Reorders `rows` by the instants they cover, for timelines that mix zones.
//   - No row HasInstants: the order is left as it is (one cheap pass, nothing parsed or moved).
//   - Otherwise a stable sort by InstantOrder of each row's InstantRange (ToInstantRange of
//     its `when`, part_of_day and tz; "" tz = UTC), ties by TimelineOrder. A row whose range
//     cannot be computed (its `when` does not parse, its zone is unknown to this tz database)
//     is placed by its days taken as UTC days, so such rows keep their day order among
//     themselves.
// "2025-01-21T20:00" in America/New_York (22 January 01:00 UTC) thus sorts after
// "2025-01-22T09:00" in Asia/Seoul (22 January 00:00 UTC), though its date is earlier.
// REQUIRES: rows != nullptr.
void SortByInstant(std::vector<TimelineRow>* rows);

// The instants SortByInstant places `row` at: its InstantRange when it HasInstants and that
// range can be computed, else its days taken as UTC days.
InstantRange InstantSortRange(const TimelineRow& row);

// SortByInstant for rows that are not kept: a caller that streams rows (the CLI turns each into
// table cells as it arrives) adds each row here and asks at the end in which order to show
// them. Keeps 8 bytes per row (its days), and the instants of the rare rows that have them.
class InstantOrdering {
 public:
  // REQUIRES: rows are added in TimelineOrder (as Store::ScanTimeline and ScanEvents give them).
  void Add(const TimelineRow& row);
  void Add(const TimelineRowView& row);
  // False when no added row has instants of its own: then the adding order is the order.
  bool any_instants() const { return !instant_rows_.empty(); }
  // The positions (0-based, in adding order) of the added rows in the order SortByInstant
  // would give them: 0, 1, 2, ... unless any_instants(); otherwise a stable sort by
  // InstantOrder of their InstantSortRange, which with TimelineOrder input breaks ties as
  // SortByInstant does.
  std::vector<size_t> Order() const;

 private:
  std::vector<std::pair<int32_t, int32_t>> days_;  // earliest and latest day per row
  // (position, instants) of the rows whose InstantSortRange is not their UtcDayRange.
  std::vector<std::pair<size_t, InstantRange>> instant_rows_;
};

// The row's `when` as a reader in `display_tz` would write it (FormatInZone): "2025-02-04
// 12:00–18:00" for an afternoon, "2025-02-03/2025-02-04" for a Seoul day shown in
// America/Los_Angeles. A row without tz is taken as UTC.
// Returns InvalidArgument with field "tz" and CheckTimeZone's message when `display_tz` is not
// a zone ("" included; write "UTC" for UTC). Returns InvalidArgument with field "when", the
// message naming the event, when the row's own `when`, tz or part_of_day give no instants.
[[nodiscard]] Result<std::string> WhenInZone(const TimelineRow& row, std::string_view display_tz);
[[nodiscard]] Result<std::string> WhenInZone(const TimelineRowView& row,
                                             std::string_view display_tz);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_TIMELINE_H_
