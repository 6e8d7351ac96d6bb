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
#include "cli/listing.h"
#include "core/model.h"
#include "core/record_json.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
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

// Filters shared by timeline and events: --from, --to, --kind, --status, --during, --as-of.
struct FilterOptions {
  std::string from, to, kind, status;
  std::string during;  // an event id: only events that overlap it in time
  std::string as_of;   // --as-of as given; "" = the current versions
};
// Builds the filter; on a bad value prints the usage error and returns nullopt. --during is
// applied by ApplyDuring, once the store is open.
std::optional<TimelineFilter> BuildFilter(const FilterOptions& options);
// Narrows `filter` to the span of the event `options.during` names, as that event stood at
// filter->as_of (no-op when --during is not given). Sets *matches_nothing when the event had
// no version yet at filter->as_of: the answer is then empty, not an error.
// NotFound / InvalidArgument when it names no event.
[[nodiscard]] Status ApplyDuring(storage::Store& store, const FilterOptions& options,
                                 TimelineFilter* filter, bool* matches_nothing);

// Parses --as-of (ParseAsOf) into *as_of; "" leaves it nullopt. On a bad value prints the usage
// error "chronicle: --as-of: ..." and returns false.
bool ParseAsOfOption(const std::string& text, std::optional<int64_t>* as_of);
// Checks --tz ("" = not given). On an unknown zone prints the usage error "chronicle: --tz:
// unknown time zone ..." and returns false.
bool CheckTimeZoneOption(const std::string& tz);

// The id of the record `reference` names: a record id, else an entity's name or alias (as
// show and history take them). NotFound "no record with id 'X' and no entity named 'X' (did
// you mean: ...?)" when it names nothing.
[[nodiscard]] Result<std::string> ResolveRecordId(storage::Store& store,
                                                  const std::string& reference);

// The event with this id, as it stood at `as_of` (nullopt: now). nullopt when the event exists
// but had no version yet then; NotFound for no record with this id, InvalidArgument for a
// record that is not an event.
[[nodiscard]] Result<std::optional<Event>> FindEventAsOf(storage::Store& store,
                                                         const std::string& id,
                                                         std::optional<int64_t> as_of);

// The text "show" and "relate" print when a record had no version yet at --as-of:
// "ID: no version recorded by T" (T as the user wrote it).
std::string NotRecordedYet(const std::string& id, const std::string& as_of_text);

// The row's `when` for the WHEN column: canonical EDTF, or with `display_tz` (--tz) the row
// shown in that zone (WhenInZone). REQUIRES: display_tz is "" or passed CheckTimeZoneOption.
std::string WhenColumn(const TimelineRow& row, const std::string& display_tz);
// The same for a listing's row, without a copy when there is no `display_tz`: the text is the
// row's own `when`, or *local, which this overwrites. Valid while both are.
std::string_view WhenCell(const TimelineRowView& row, const std::string& display_tz,
                          std::string* local);
// "WHEN", or "WHEN (ZONE)" with --tz.
std::string WhenHeader(const std::string& display_tz);

// Record times as the CLI prints them, in UTC. FormatInstant: "2025-02-04T00:00:00Z" (JSON);
// FormatRecordTime: "2025-02-04" when the time is midnight, else as FormatInstant (tables).
std::string FormatInstant(int64_t seconds);
std::string FormatRecordTime(int64_t seconds);
// A version's source for tables: its id, or "import" when its record time is the import time.
std::string SourceLabelOf(const std::string& source);

// Write the same JSON as the schemas describe, streaming (cli/json_writer.h).
void WriteEntitySummary(JsonWriter& writer, const Entity& entity);
// With a non-empty `display_tz` (--tz) the row also gets "when_in_zone".
void WriteTimelineRow(JsonWriter& writer, const TimelineRowView& row, bool with_role,
                      const std::string& display_tz = "");
// A conflict as "conflicts --json" and "show --json" print it (output-common.schema.json
// #/$defs/conflict); ConflictText: the lines "show" prints under "conflicts".
OrderedJson ConflictToJson(const FieldConflict& conflict);
std::string ConflictText(const FieldConflict& conflict);

// Prints `json` with two-space indentation and a final newline.
void PrintJson(const OrderedJson& json);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_CONTEXT_H_
