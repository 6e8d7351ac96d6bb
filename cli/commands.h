// The subcommands, one file each (CLI11's subcom_in_files shape): Setup... registers the
// subcommand and its flags on the app and returns it; Run... does the work and returns the
// process exit code. main.cc wires them together.
#ifndef CHRONICLE_CLI_COMMANDS_H_
#define CHRONICLE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/input_entities.h"

namespace chronicle::cli {

struct ImportOptions {
  std::vector<std::string> files;
  std::string recorded_at;  // --recorded-at: record time of versions without a source
  bool json = false;
  // --entities-in-memory: how many of the input's entities the import keeps in memory
  size_t entities_in_memory = EntitySpill().memory_entities;
};
CLI::App* SetupImport(CLI::App& app, ImportOptions& options);
int RunImport(const GlobalOptions& global, const ImportOptions& options);

struct TimelineOptions {
  std::string entity;
  FilterOptions filter;
  std::string tz;  // --tz: show WHEN in this zone; "" = as stored
  bool json = false;
};
CLI::App* SetupTimeline(CLI::App& app, TimelineOptions& options);
int RunTimeline(const GlobalOptions& global, const TimelineOptions& options);

struct ShowOptions {
  std::string reference;
  std::string as_of;  // --as-of as given; "" = the current version
  std::string tz;     // --tz
  bool json = false;
};
CLI::App* SetupShow(CLI::App& app, ShowOptions& options);
int RunShow(const GlobalOptions& global, const ShowOptions& options);

struct EntitiesOptions {
  std::string kind;
  std::string as_of;  // accepted for symmetry; entities are listed as they are now
  bool json = false;
};
CLI::App* SetupEntities(CLI::App& app, EntitiesOptions& options);
int RunEntities(const GlobalOptions& global, const EntitiesOptions& options);

struct EventsOptions {
  FilterOptions filter;
  std::string tz;  // --tz
  bool json = false;
};
CLI::App* SetupEvents(CLI::App& app, EventsOptions& options);
int RunEvents(const GlobalOptions& global, const EventsOptions& options);

struct RelateOptions {
  std::string a, b;
  std::string as_of;  // --as-of
  bool json = false;
};
CLI::App* SetupRelate(CLI::App& app, RelateOptions& options);
int RunRelate(const GlobalOptions& global, const RelateOptions& options);

struct StatsOptions {
  bool json = false;
};
CLI::App* SetupStats(CLI::App& app, StatsOptions& options);
int RunStats(const GlobalOptions& global, const StatsOptions& options);

struct HistoryOptions {
  std::string reference;  // record id, or entity name or alias
  std::string as_of;  // --as-of: only the versions recorded by then
  bool json = false;
};
CLI::App* SetupHistory(CLI::App& app, HistoryOptions& options);
int RunHistory(const GlobalOptions& global, const HistoryOptions& options);

struct PlansOptions {
  std::string as_of;  // --as-of; "" = now
  bool json = false;
};
CLI::App* SetupPlans(CLI::App& app, PlansOptions& options);
int RunPlans(const GlobalOptions& global, const PlansOptions& options);

struct ConflictsOptions {
  std::string id;  // "" = every record
  std::string as_of;
  bool json = false;
};
CLI::App* SetupConflicts(CLI::App& app, ConflictsOptions& options);
int RunConflicts(const GlobalOptions& global, const ConflictsOptions& options);

// Adds --from, --to, --kind, --status, --during and --as-of to a query subcommand.
void AddFilterFlags(CLI::App& command, FilterOptions& options);
// Adds --as-of with a help text that says what it means for `command` (`what`).
void AddAsOfFlag(CLI::App& command, std::string& as_of, const std::string& what);
// Adds --tz: show dates in this IANA zone.
void AddTimeZoneFlag(CLI::App& command, std::string& tz);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_COMMANDS_H_
