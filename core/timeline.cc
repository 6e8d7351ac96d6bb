#include "core/timeline.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <tuple>
#include <utility>

namespace chronicle {

bool TimelineFilter::Matches(const TimelineRow& row) const {
  if (row.earliest_day > to_day || row.latest_day < from_day) return false;
  if (kind && row.kind != *kind) return false;
  if (status && row.status != *status) return false;
  return true;
}

bool TimelineOrder(const TimelineRow& a, const TimelineRow& b) {
  return std::tie(a.earliest_day, a.latest_day, a.event_id) <
         std::tie(b.earliest_day, b.latest_day, b.event_id);
}

size_t SourceIdList::size() const {
  const size_t terminated = static_cast<size_t>(std::count(packed_.begin(), packed_.end(), '\0'));
  return terminated + (!packed_.empty() && packed_.back() != '\0' ? 1 : 0);
}

TimelineRowView ViewOf(const TimelineRow& row, std::string* sources) {
  sources->clear();
  for (const std::string& source : row.sources) SourceIdList::Append(sources, source);
  TimelineRowView view;
  view.event_id = row.event_id;
  view.title = row.title;
  view.kind = row.kind;
  view.when = row.when;
  view.earliest_day = row.earliest_day;
  view.latest_day = row.latest_day;
  view.status = row.status;
  view.role = row.role;
  view.place = row.place;
  view.sources = SourceIdList(*sources);
  view.tz = row.tz;
  view.part_of_day = row.part_of_day;
  view.recorded_at = row.recorded_at;
  view.versioned = row.versioned;
  return view;
}

void AssignRow(const TimelineRowView& view, TimelineRow* row) {
  row->event_id.assign(view.event_id);
  row->title.assign(view.title);
  row->kind.assign(view.kind);
  row->when.assign(view.when);
  row->earliest_day = view.earliest_day;
  row->latest_day = view.latest_day;
  row->status = view.status;
  row->role.assign(view.role);
  row->place.assign(view.place);
  // Element by element, so that the strings of a reused row keep their capacity.
  size_t source_count = 0;
  for (std::string_view source : view.sources) {
    if (source_count == row->sources.size()) row->sources.emplace_back();
    row->sources[source_count++].assign(source);
  }
  row->sources.resize(source_count);
  row->tz.assign(view.tz);
  row->part_of_day = view.part_of_day;
  row->recorded_at = view.recorded_at;
  row->versioned = view.versioned;
}

TimelineRow ToRow(const TimelineRowView& view) {
  TimelineRow row;
  AssignRow(view, &row);
  return row;
}

std::string RoleOf(const Event& event, const std::string& entity_id) {
  // Called for every entity of every imported event: no container, and in the common case (one
  // role, short) no allocation either.
  auto role_of = [](const Participant& participant) -> std::string_view {
    return participant.role.empty() ? std::string_view("participant") : participant.role;
  };
  std::string joined;
  auto add = [&joined](std::string_view role) {
    if (!joined.empty()) joined += ',';
    joined += role;
  };
  bool place_named = false;
  const std::vector<Participant>& participants = event.participants;
  for (size_t idx = 0; idx < participants.size(); ++idx) {
    if (participants[idx].entity != entity_id) continue;
    const std::string_view role = role_of(participants[idx]);
    const bool seen = std::any_of(participants.begin(), participants.begin() + idx,
                                  [&](const Participant& earlier) {
                                    return earlier.entity == entity_id && role_of(earlier) == role;
                                  });
    if (seen) continue;
    add(role);
    place_named = place_named || role == "place";
  }
  if (event.place == entity_id && !place_named) add("place");
  return joined;
}

std::vector<std::string> EntitiesOf(const Event& event) {
  std::vector<std::string> ids;
  auto add = [&ids](const std::string& id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const Participant& participant : event.participants) add(participant.entity);
  add(event.place);
  return ids;
}

TimelineRow MakeTimelineRow(const Event& event) {
  TimelineRow row;
  row.event_id = event.id;
  row.title = event.title;
  row.kind = event.kind;
  row.when = event.when.ToString();
  row.earliest_day = event.when.earliest_day;
  row.latest_day = event.when.latest_day;
  row.status = event.status;
  row.place = event.place;
  row.tz = event.tz;
  row.part_of_day = event.part_of_day;
  for (const SourceRef& ref : event.sources) {
    if (std::find(row.sources.begin(), row.sources.end(), ref.source) == row.sources.end()) {
      row.sources.push_back(ref.source);
    }
  }
  return row;
}

namespace {

// The instants of these days taken as UTC days: what ToInstantRange gives for a plain date
// without tz or part, computed without parsing `when`.
InstantRange UtcDayRange(int32_t earliest_day, int32_t latest_day) {
  InstantRange range;
  range.first_second =
      earliest_day == kOpenStartDay ? kOpenStartSecond : int64_t{earliest_day} * kSecondsPerDay;
  range.last_second = latest_day == kOpenEndDay ? kOpenEndSecond
                                                : (int64_t{latest_day} + 1) * kSecondsPerDay - 1;
  return range;
}

// The functions below read the same fields of a TimelineRow and of a TimelineRowView.
template <typename Row>
InstantRange UtcDayRange(const Row& row) {
  return UtcDayRange(row.earliest_day, row.latest_day);
}

template <typename Row>
Result<InstantRange> RowInstants(const Row& row) {
  Result<Edtf> when = ParseEdtf(row.when);
  if (!when.ok()) return when.status();
  return ToInstantRange(*when, row.part_of_day, row.tz);
}

// The precision FormatInZone shows a value in: a time if either end has one, else the
// coarsest precision of its dated ends, so "2004-06/2006-08" stays in months.
DatePrecision DisplayPrecision(const Edtf& when) {
  std::optional<DatePrecision> precision;
  for (const EdtfPoint* point : {&when.start, when.is_interval ? &when.end : &when.start}) {
    if (point->kind != EdtfPoint::Kind::kDate) continue;
    if (point->precision == DatePrecision::kTime) return DatePrecision::kTime;
    if (!precision || point->precision < *precision) precision = point->precision;
  }
  return precision.value_or(DatePrecision::kDay);
}

template <typename Row>
bool RowHasInstants(const Row& row) {
  // Canonical EDTF text has a 'T' only before a time of day.
  return !row.tz.empty() || row.part_of_day.has_value() ||
         row.when.find('T') != std::string_view::npos;
}

}  // namespace

bool HasInstants(const TimelineRow& row) { return RowHasInstants(row); }
bool HasInstants(const TimelineRowView& row) { return RowHasInstants(row); }

bool HasInstants(const Event& event) {
  return !event.tz.empty() || event.part_of_day.has_value() || HasTimeOfDay(event.when);
}

namespace {

// The row's instants when it HasInstants and they can be computed; nullopt otherwise (then it
// sorts by its days taken as UTC days).
template <typename Row>
std::optional<InstantRange> OwnInstants(const Row& row) {
  if (!RowHasInstants(row)) return std::nullopt;
  Result<InstantRange> instants = RowInstants(row);
  if (!instants.ok()) return std::nullopt;
  return *instants;
}

}  // namespace

InstantRange InstantSortRange(const TimelineRow& row) {
  return OwnInstants(row).value_or(UtcDayRange(row));
}

namespace {

template <typename Row>
void AddToOrdering(const Row& row, std::vector<std::pair<int32_t, int32_t>>* days,
                   std::vector<std::pair<size_t, InstantRange>>* instant_rows) {
  if (std::optional<InstantRange> instants = OwnInstants(row)) {
    instant_rows->emplace_back(days->size(), *instants);
  }
  days->emplace_back(row.earliest_day, row.latest_day);
}

}  // namespace

void InstantOrdering::Add(const TimelineRow& row) { AddToOrdering(row, &days_, &instant_rows_); }
void InstantOrdering::Add(const TimelineRowView& row) {
  AddToOrdering(row, &days_, &instant_rows_);
}

std::vector<size_t> InstantOrdering::Order() const {
  std::vector<size_t> order(days_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (instant_rows_.empty()) return order;
  std::vector<InstantRange> ranges;
  ranges.reserve(days_.size());
  for (const auto& [earliest_day, latest_day] : days_) {
    ranges.push_back(UtcDayRange(earliest_day, latest_day));
  }
  for (const auto& [row_idx, instants] : instant_rows_) ranges[row_idx] = instants;
  std::stable_sort(order.begin(), order.end(), [&ranges](size_t a, size_t b) {
    return InstantOrder(ranges[a], ranges[b]);
  });
  return order;
}

void SortByInstant(std::vector<TimelineRow>* rows) {
  if (std::none_of(rows->begin(), rows->end(),
                   [](const TimelineRow& row) { return HasInstants(row); })) {
    return;
  }
  // Sort (range, index) pairs and move each row once, rather than swapping whole rows.
  struct Keyed {
    InstantRange range;
    size_t row_idx;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(rows->size());
  for (size_t row_idx = 0; row_idx < rows->size(); ++row_idx) {
    const TimelineRow& row = (*rows)[row_idx];
    keyed.push_back({InstantSortRange(row), row_idx});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [rows](const Keyed& a, const Keyed& b) {
    if (InstantOrder(a.range, b.range)) return true;
    if (InstantOrder(b.range, a.range)) return false;
    return TimelineOrder((*rows)[a.row_idx], (*rows)[b.row_idx]);
  });
  std::vector<TimelineRow> sorted;
  sorted.reserve(rows->size());
  for (const Keyed& key : keyed) sorted.push_back(std::move((*rows)[key.row_idx]));
  *rows = std::move(sorted);
}

namespace {

template <typename Row>
Result<std::string> RowWhenInZone(const Row& row, std::string_view display_tz) {
  CHRONICLE_RETURN_IF_ERROR(CheckTimeZone(display_tz));
  // Errors of the row's own data must not read as errors of `display_tz`.
  auto row_error = [&row](const Status& status) {
    std::string message = "event '";
    message.append(row.event_id).append("': ").append(status.message());
    return Status::InvalidArgument(message).WithField("when");
  };
  Result<Edtf> when = ParseEdtf(row.when);
  if (!when.ok()) return row_error(when.status());
  Result<InstantRange> range = ToInstantRange(*when, row.part_of_day, row.tz);
  if (!range.ok()) return row_error(range.status());
  return FormatInZone(*range, DisplayPrecision(*when), row.part_of_day, display_tz);
}

}  // namespace

Result<std::string> WhenInZone(const TimelineRow& row, std::string_view display_tz) {
  return RowWhenInZone(row, display_tz);
}
Result<std::string> WhenInZone(const TimelineRowView& row, std::string_view display_tz) {
  return RowWhenInZone(row, display_tz);
}

}  // namespace chronicle
