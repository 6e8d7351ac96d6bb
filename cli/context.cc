#include "cli/context.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "core/edtf.h"
#include "core/versions.h"
#include "core/zoned_time.h"

namespace chronicle::cli {

std::string StoreDirectory(const GlobalOptions& options) {
  if (!options.db.empty()) return options.db;
  if (const char* env = std::getenv("CHRONICLE_DB"); env != nullptr && *env != '\0') return env;
  return "./chronicle.db";
}

std::unique_ptr<storage::Store> OpenStoreOrReport(const GlobalOptions& options,
                                                  storage::OpenMode mode) {
  Result<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(StoreDirectory(options), mode,
                           // A command answers one query, on one thread, and exits
                           // (OpenOptions). An import's threads keep sharded caches.
                           {.cache_listing_blocks = false,
                            .single_thread = mode == storage::OpenMode::kReadOnly});
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
  if (!ParseAsOfOption(options.as_of, &filter.as_of)) return std::nullopt;
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

namespace {

Status NotAnEvent(const std::string& id, const Record& record) {
  const std::string type(RecordTypeName(record));
  return Status::InvalidArgument("'" + id + "' is " + (type == "entity" ? "an " : "a ") + type +
                                 ", not an event");
}

// The current version of the event with this id (FindEventAsOf's errors).
Result<Event> FindEvent(storage::Store& store, const std::string& id) {
  Result<std::optional<Record>> record = store.GetRecord(id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound("no event with id '" + id + "'");
  if (!std::holds_alternative<Event>(**record)) return NotAnEvent(id, **record);
  return std::get<Event>(std::move(**record));
}

}  // namespace

Result<std::string> ResolveRecordId(storage::Store& store, const std::string& reference) {
  Result<std::optional<Record>> record = store.GetRecord(reference);
  if (!record.ok()) return record.status();
  if (record->has_value()) return reference;
  Result<Entity> entity = store.ResolveEntity(reference);
  if (entity.ok()) return entity->id;
  if (entity.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no record with id '" + reference + "' and " +
                            entity.status().message());
  }
  return entity.status();
}

Result<std::optional<Event>> FindEventAsOf(storage::Store& store, const std::string& id,
                                           std::optional<int64_t> as_of) {
  if (!as_of) {
    Result<Event> event = FindEvent(store, id);
    if (!event.ok()) return event.status();
    return std::optional<Event>(std::move(event).value());
  }
  Result<std::optional<Record>> record = store.GetRecord(id, as_of);
  if (!record.ok()) return record.status();
  if (!record->has_value()) {
    // Not recorded yet then, or no such record at all: the current version tells which.
    Result<Event> current = FindEvent(store, id);
    if (!current.ok()) return current.status();
    return std::optional<Event>();
  }
  if (!std::holds_alternative<Event>(**record)) return NotAnEvent(id, **record);
  return std::optional<Event>(std::get<Event>(std::move(**record)));
}

Status ApplyDuring(storage::Store& store, const FilterOptions& options, TimelineFilter* filter,
                   bool* matches_nothing) {
  *matches_nothing = false;
  if (options.during.empty()) return Status::Ok();
  Result<std::optional<Event>> event = FindEventAsOf(store, options.during, filter->as_of);
  if (!event.ok()) return event.status().WithField("--during");
  if (!event->has_value()) {
    *matches_nothing = true;
    return Status::Ok();
  }
  // Overlap with the event is overlap with its span, intersected with --from / --to.
  filter->from_day = std::max(filter->from_day, (*event)->when.earliest_day);
  filter->to_day = std::min(filter->to_day, (*event)->when.latest_day);
  return Status::Ok();
}

bool ParseAsOfOption(const std::string& text, std::optional<int64_t>* as_of) {
  if (text.empty()) return true;
  Result<int64_t> instant = ParseAsOf(text);
  if (!instant.ok()) {
    // ParseAsOf's messages already start with "--as-of: ".
    ReportUsageError(instant.status().message());
    return false;
  }
  *as_of = *instant;
  return true;
}

bool CheckTimeZoneOption(const std::string& tz) {
  if (tz.empty()) return true;
  if (Status known = CheckTimeZone(tz); !known.ok()) {
    ReportUsageError("--tz: " + known.message());
    return false;
  }
  return true;
}

std::string NotRecordedYet(const std::string& id, const std::string& as_of_text) {
  return id + ": no version recorded by " + as_of_text;
}

std::string WhenColumn(const TimelineRow& row, const std::string& display_tz) {
  std::string sources, local;
  return std::string(WhenCell(ViewOf(row, &sources), display_tz, &local));
}

std::string_view WhenCell(const TimelineRowView& row, const std::string& display_tz,
                          std::string* local) {
  if (display_tz.empty()) return row.when;
  Result<std::string> in_zone = WhenInZone(row, display_tz);
  // The zone was checked up front, so an error here is the row's own `when` (a year beyond
  // what the zone rules cover): show it as stored rather than fail the listing.
  if (!in_zone.ok()) return row.when;
  *local = std::move(in_zone).value();
  return *local;
}

std::string WhenHeader(const std::string& display_tz) {
  return display_tz.empty() ? "WHEN" : "WHEN (" + display_tz + ")";
}

std::string FormatInstant(int64_t seconds) {
  int64_t day = seconds / kSecondsPerDay;
  int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {  // floor division for instants before 1970
    second_of_day += kSecondsPerDay;
    --day;
  }
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", static_cast<int>(second_of_day / 3600),
                static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60));
  return FormatDay(static_cast<int32_t>(day)) + time;
}

std::string FormatRecordTime(int64_t seconds) {
  std::string instant = FormatInstant(seconds);
  constexpr std::string_view kMidnight = "T00:00:00Z";
  if (instant.ends_with(kMidnight)) instant.resize(instant.size() - kMidnight.size());
  return instant;
}

std::string SourceLabelOf(const std::string& source) { return source.empty() ? "import" : source; }

void WriteTimelineRow(JsonWriter& writer, const TimelineRowView& row, bool with_role,
                      const std::string& display_tz) {
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
  writer.BeginArray();
  for (std::string_view source : row.sources) writer.String(source);
  writer.EndArray();
  if (!display_tz.empty()) {
    std::string local;
    writer.Field("when_in_zone", WhenCell(row, display_tz, &local));
  }
  writer.EndObject();
}

OrderedJson ConflictToJson(const FieldConflict& conflict) {
  OrderedJson values = OrderedJson::array();
  for (const ConflictValue& value : conflict.values) {
    OrderedJson claims = OrderedJson::array();
    for (const ConflictClaim& claim : value.claims) {
      claims.push_back(
          OrderedJson{{"source", claim.source.empty() ? OrderedJson() : OrderedJson(claim.source)},
                      {"recorded_at", FormatInstant(claim.recorded_at)},
                      {"import", claim.tx}});
    }
    values.push_back(OrderedJson{{"value", value.value}, {"claims", std::move(claims)}});
  }
  return OrderedJson{{"record_id", conflict.record_id},
                     {"field", conflict.field},
                     {"kind", ConflictKindName(conflict.kind)},
                     {"values", std::move(values)}};
}

std::string ConflictText(const FieldConflict& conflict) {
  // A regression reads as a move from one status to the next; a disagreement as rival claims.
  const bool is_regression = conflict.kind == ConflictKind::kStatusRegression;
  std::string text = "  " + conflict.field + ": ";
  for (size_t value_idx = 0; value_idx < conflict.values.size(); ++value_idx) {
    const ConflictValue& value = conflict.values[value_idx];
    if (value_idx > 0) text += is_regression ? " → " : " vs ";
    std::string sources;
    for (const ConflictClaim& claim : value.claims) {
      sources += (sources.empty() ? "" : ", ") + SourceLabelOf(claim.source);
    }
    text += value.value + " (" + sources + ")";
  }
  if (is_regression) text += " [status regression]";
  return text;
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
