// chronicle events : all events in date order, filtered by date, kind and status.
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {

CLI::App* SetupEvents(CLI::App& app, EventsOptions& options) {
  CLI::App* command = app.add_subcommand("events", "All events in date order");
  AddFilterFlags(*command, options.filter);
  AddTimeZoneFlag(*command, options.tz);
  command->add_flag("--json", options.json, "Print {\"events\": [...]} as JSON");
  return command;
}

int RunEvents(const GlobalOptions& global, const EventsOptions& options) {
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
  if (options.json) {
    Result<InstantOrderedListing> listing = InstantOrderedListing::Prepare(
        [&](const storage::RowViewVisitor& visit) {
          return matches_nothing ? Status::Ok() : store->ScanEventsViews(*filter, visit);
        },
        store->MayHaveInstants());
    if (!listing.ok()) return ReportError(listing.status());
    JsonWriter writer(std::cout);
    writer.BeginObject();
    writer.Key("events");
    writer.BeginArray();
    Status written = listing->Write([&](const TimelineRowView& row) {
      WriteTimelineRow(writer, row, /*with_role=*/false, options.tz);
    });
    if (!written.ok()) return ReportError(written);
    writer.EndArray();
    writer.EndObject();
    return kExitOk;
  }
  // As in `timeline`: rows go straight from the scan into the table's cells (listing.h).
  Table table({WhenHeader(options.tz), "STATUS", "KIND", "TITLE", "ID"}, {0, 0, 0, 60, 0});
  Result<size_t> printed = PrintListingTable(
      std::cout, table,
      [&](const storage::RowViewVisitor& visit) {
        return matches_nothing ? Status::Ok() : store->ScanEventsViews(*filter, visit);
      },
      store->MayHaveInstants(),
      [&options, local = std::string()](const TimelineRowView& row,
                                        const TakeCells& take) mutable {
        take({WhenCell(row, options.tz, &local), EventStatusName(row.status), row.kind,
              row.title, row.event_id});
      },
      [](size_t count) { std::cout << count << (count == 1 ? " event" : " events") << "\n"; });
  if (!printed.ok()) return ReportError(printed.status());
  return kExitOk;
}

}  // namespace chronicle::cli
