// The subcommands, one file each (CLI11's subcom_in_files shape): Setup... registers the
// subcommand and its flags on the app and returns it; Run... does the work and returns the
// process exit code. main.cc wires them together.
#ifndef CHRONICLE_CLI_COMMANDS_H_
#define CHRONICLE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/context.h"

namespace chronicle::cli {

struct ImportOptions {
  std::vector<std::string> files;
  bool json = false;
};
CLI::App* SetupImport(CLI::App& app, ImportOptions& options);
int RunImport(const GlobalOptions& global, const ImportOptions& options);

struct TimelineOptions {
  std::string entity;
  FilterOptions filter;
  bool json = false;
};
CLI::App* SetupTimeline(CLI::App& app, TimelineOptions& options);
int RunTimeline(const GlobalOptions& global, const TimelineOptions& options);

struct ShowOptions {
  std::string reference;
  bool json = false;
};
CLI::App* SetupShow(CLI::App& app, ShowOptions& options);
int RunShow(const GlobalOptions& global, const ShowOptions& options);

struct EntitiesOptions {
  std::string kind;
  bool json = false;
};
CLI::App* SetupEntities(CLI::App& app, EntitiesOptions& options);
int RunEntities(const GlobalOptions& global, const EntitiesOptions& options);

struct EventsOptions {
  FilterOptions filter;
  bool json = false;
};
CLI::App* SetupEvents(CLI::App& app, EventsOptions& options);
int RunEvents(const GlobalOptions& global, const EventsOptions& options);

struct RelateOptions {
  std::string a, b;
  bool json = false;
};
CLI::App* SetupRelate(CLI::App& app, RelateOptions& options);
int RunRelate(const GlobalOptions& global, const RelateOptions& options);

struct StatsOptions {
  bool json = false;
};
CLI::App* SetupStats(CLI::App& app, StatsOptions& options);
int RunStats(const GlobalOptions& global, const StatsOptions& options);

// Adds --from, --to, --kind, --status to a query subcommand.
void AddFilterFlags(CLI::App& command, FilterOptions& options);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_COMMANDS_H_
