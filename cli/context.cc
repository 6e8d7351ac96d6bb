#include "cli/context.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "core/edtf.h"

namespace chronicle::cli {

std::string StoreDirectory(const GlobalOptions& options) {
  if (!options.db.empty()) return options.db;
  if (const char* env = std::getenv("CHRONICLE_DB"); env != nullptr && *env != '\0') return env;
  return "./chronicle.db";
}

std::unique_ptr<storage::Store> OpenStoreOrReport(const GlobalOptions& options,
                                                  storage::OpenMode mode) {
  Result<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(StoreDirectory(options), mode);
  if (!store.ok()) {
    ReportError(store.status());
    return nullptr;
  }
  return std::move(store).value();
}

int ReportError(const Status& status) {
  if (status.location().file.empty()) std::cerr << "chronicle: ";
  std::cerr << status.ToString() << "\n";
  return kExitDataError;
}

int ReportUsageError(const std::string& message) {
  std::cerr << "chronicle: " << message << "\n";
  return kExitUsageError;
}

std::optional<TimelineFilter> BuildFilter(const FilterOptions& options) {
  TimelineFilter filter;
  if (!options.from.empty()) {
    Result<int32_t> day = ParseFromBound(options.from);
    if (!day.ok()) {
      ReportUsageError("--from: " + day.status().message());
      return std::nullopt;
    }
    filter.from_day = *day;
  }
  if (!options.to.empty()) {
    Result<int32_t> day = ParseToBound(options.to);
    if (!day.ok()) {
      ReportUsageError("--to: " + day.status().message());
      return std::nullopt;
    }
    filter.to_day = *day;
  }
  if (filter.from_day > filter.to_day) {
    ReportUsageError("--from " + options.from + " is after --to " + options.to);
    return std::nullopt;
  }
  if (!options.kind.empty()) filter.kind = options.kind;
  if (!options.status.empty()) {
    std::optional<EventStatus> status = ParseEventStatus(options.status);
    if (!status) {
      std::string expected;
      for (const std::string& name : EventStatusNames())
        expected += (expected.empty() ? "" : ", ") + name;
      ReportUsageError("--status: '" + options.status +
                       "' is not a status (expected one of: " + expected + ")");
      return std::nullopt;
    }
    filter.status = *status;
  }
  return filter;
}

Result<Event> FindEvent(storage::Store& store, const std::string& id) {
  Result<std::optional<Record>> record = store.GetRecord(id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound("no event with id '" + id + "'");
  if (!std::holds_alternative<Event>(**record)) {
    const std::string type(RecordTypeName(**record));
    return Status::InvalidArgument("'" + id + "' is " + (type == "entity" ? "an " : "a ") + type +
                                   ", not an event");
  }
  return std::get<Event>(std::move(**record));
}

Status ApplyDuring(storage::Store& store, const FilterOptions& options, TimelineFilter* filter) {
  if (options.during.empty()) return Status::Ok();
  Result<Event> event = FindEvent(store, options.during);
  if (!event.ok()) return event.status().WithField("--during");
  // Overlap with the event is overlap with its span, intersected with --from / --to.
  filter->from_day = std::max(filter->from_day, event->when.earliest_day);
  filter->to_day = std::min(filter->to_day, event->when.latest_day);
  return Status::Ok();
}

void WriteTimelineRow(JsonWriter& writer, const TimelineRow& row, bool with_role) {
  writer.BeginObject();
  writer.Field("id", row.event_id);
  writer.Field("title", row.title);
  writer.Field("kind", row.kind);
  writer.Field("when", row.when);
  writer.Key("earliest");
  writer.StringOrNull(row.earliest_day == kOpenStartDay ? "" : FormatDay(row.earliest_day));
  writer.Key("latest");
  writer.StringOrNull(row.latest_day == kOpenEndDay ? "" : FormatDay(row.latest_day));
  writer.Field("status", EventStatusName(row.status));
  if (with_role) {
    writer.Field("role", row.role);
  }
  writer.Key("place");
  writer.StringOrNull(row.place);
  writer.Key("sources");
  writer.StringArray(row.sources);
  writer.EndObject();
}

void WriteEntitySummary(JsonWriter& writer, const Entity& entity) {
  writer.BeginObject();
  writer.Field("id", entity.id);
  writer.Field("name", entity.name);
  writer.Field("kind", EntityKindName(entity.kind));
  writer.Key("aliases");
  writer.StringArray(entity.aliases);
  writer.EndObject();
}

void PrintJson(const OrderedJson& json) {
  std::cout << json.dump(2, ' ', /*ensure_ascii=*/false) << "\n";
}

}  // namespace chronicle::cli
