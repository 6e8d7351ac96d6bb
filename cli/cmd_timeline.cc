// chronicle timeline ENTITY : what happened to one entity, in order.
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {

CLI::App* SetupTimeline(CLI::App& app, TimelineOptions& options) {
  CLI::App* command = app.add_subcommand(
      "timeline", "The events of one entity in date order (id, name or alias, any language)");
  command->add_option("entity", options.entity, "Entity id, name or alias")->required();
  AddFilterFlags(*command, options.filter);
  AddTimeZoneFlag(*command, options.tz);
  command->add_flag("--json", options.json, "Print {\"entity\": ..., \"events\": [...]} as JSON");
  return command;
}

int RunTimeline(const GlobalOptions& global, const TimelineOptions& options) {
  std::optional<TimelineFilter> filter = BuildFilter(options.filter);
  if (!filter) return kExitUsageError;
  if (!CheckTimeZoneOption(options.tz)) return kExitUsageError;
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  bool matches_nothing = false;
  if (Status during = ApplyDuring(*store, options.filter, &*filter, &matches_nothing);
      !during.ok()) {
    return ReportError(during);
  }
  Result<Entity> entity = store->ResolveEntity(options.entity);
  if (!entity.ok()) return ReportError(entity.status());

  if (options.json) {
    Result<InstantOrderedListing> listing = InstantOrderedListing::Prepare(
        [&](const storage::RowViewVisitor& visit) {
          return matches_nothing ? Status::Ok()
                                 : store->ScanTimelineViews(entity->id, *filter, visit);
        },
        store->MayHaveInstants());
    if (!listing.ok()) return ReportError(listing.status());
    JsonWriter writer(std::cout);
    writer.BeginObject();
    writer.Key("entity");
    WriteEntitySummary(writer, *entity);
    writer.Key("events");
    writer.BeginArray();
    Status written = listing->Write([&](const TimelineRowView& row) {
      WriteTimelineRow(writer, row, /*with_role=*/true, options.tz);
    });
    if (!written.ok()) return ReportError(written);
    writer.EndArray();
    writer.EndObject();
    return kExitOk;
  }
  // Rows go straight from the scan into the table's cells: a 300,000-row timeline never holds
  // 300,000 TimelineRows, and a longer one is printed as it is scanned again (listing.h).
  Table table({WhenHeader(options.tz), "STATUS", "KIND", "ROLE", "TITLE", "ID"},
              {0, 0, 0, 0, 60, 0});
  Result<size_t> printed = PrintListingTable(
      std::cout, table,
      [&](const storage::RowViewVisitor& visit) {
        return matches_nothing ? Status::Ok()
                               : store->ScanTimelineViews(entity->id, *filter, visit);
      },
      store->MayHaveInstants(),
      [&options, local = std::string()](const TimelineRowView& row,
                                        const TakeCells& take) mutable {
        take({WhenCell(row, options.tz, &local), EventStatusName(row.status), row.kind, row.role,
              row.title, row.event_id});
      },
      [&entity](size_t count) {
        std::cout << entity->name << " (" << entity->id << ", " << EntityKindName(entity->kind)
                  << "): " << count << (count == 1 ? " event" : " events") << "\n";
      });
  if (!printed.ok()) return ReportError(printed.status());
  return kExitOk;
}

}  // namespace chronicle::cli
