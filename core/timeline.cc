#include "core/timeline.h"

#include <algorithm>
#include <tuple>

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

std::string RoleOf(const Event& event, const std::string& entity_id) {
  std::vector<std::string> roles;
  auto add = [&roles](const std::string& role) {
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
  };
  for (const Participant& participant : event.participants) {
    if (participant.entity == entity_id)
      add(participant.role.empty() ? "participant" : participant.role);
  }
  if (event.place == entity_id) add("place");
  std::string joined;
  for (const std::string& role : roles) joined += (joined.empty() ? "" : ",") + role;
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
  for (const SourceRef& ref : event.sources) {
    if (std::find(row.sources.begin(), row.sources.end(), ref.source) == row.sources.end()) {
      row.sources.push_back(ref.source);
    }
  }
  return row;
}

}  // namespace chronicle
