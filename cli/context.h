// What every subcommand shares: the store location, opening it, exit codes, printing errors,
// and the JSON forms of rows and records that --json prints (schemas/*.schema.json).
#ifndef CHRONICLE_CLI_CONTEXT_H_
#define CHRONICLE_CLI_CONTEXT_H_

#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/json_writer.h"
#include "core/model.h"
#include "core/record_json.h"
#include "core/status.h"
#include "core/timeline.h"
#include "storage/store.h"

namespace chronicle::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitDataError = 1,   // bad data, a failing store, something not found
  kExitUsageError = 2,  // bad flags or arguments
};

struct GlobalOptions {
  std::string db;  // --db; "" when not given
};

// The store directory: --db, else $CHRONICLE_DB, else ./chronicle.db.
std::string StoreDirectory(const GlobalOptions& options);

// Opens the store, printing the error and returning nullptr on failure.
std::unique_ptr<storage::Store> OpenStoreOrReport(const GlobalOptions& options,
                                                  storage::OpenMode mode);

// Prints "chronicle: <status>" on stderr (or just the status for located input errors, which
// already start with FILE:LINE) and returns the exit code it calls for.
int ReportError(const Status& status);
// Prints "chronicle: <message>" on stderr and returns kExitUsageError.
int ReportUsageError(const std::string& message);

// Filters shared by timeline and events: --from, --to, --kind, --status, --during.
struct FilterOptions {
  std::string from, to, kind, status;
  std::string during;  // an event id: only events that overlap it in time
};
// Builds the filter; on a bad value prints the usage error and returns nullopt. --during is
// applied by ApplyDuring, once the store is open.
std::optional<TimelineFilter> BuildFilter(const FilterOptions& options);
// Narrows `filter` to the span of the event `options.during` names (no-op when empty).
// NotFound / InvalidArgument when it names no event.
[[nodiscard]] Status ApplyDuring(storage::Store& store, const FilterOptions& options,
                                 TimelineFilter* filter);

// The event with this id; NotFound, or InvalidArgument for a record that is not an event.
[[nodiscard]] Result<Event> FindEvent(storage::Store& store, const std::string& id);

// Write the same JSON as the schemas describe, streaming (cli/json_writer.h).
void WriteEntitySummary(JsonWriter& writer, const Entity& entity);
void WriteTimelineRow(JsonWriter& writer, const TimelineRow& row, bool with_role);

// Prints `json` with two-space indentation and a final newline.
void PrintJson(const OrderedJson& json);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_CONTEXT_H_
