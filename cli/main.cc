// chronicle: the command-line front end. Wires the subcommands and owns the exit codes:
// 0 success, 1 data or store error, 2 usage error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace chronicle::cli {

void AddFilterFlags(CLI::App& command, FilterOptions& options) {
  command.add_option("--from", options.from,
                     "Only events that reach this EDTF date or later (2025-02, 2025-02-01)");
  command.add_option("--to", options.to,
                     "Only events that start on or before this EDTF date (--to 2025-02 includes "
                     "all of February)");
  command.add_option("--kind", options.kind, "Only events of this kind (meeting, visit, ...)");
  command.add_option("--status", options.status,
                     "Only events with this status (occurred, planned, reported, cancelled, "
                     "postponed)");
  command.add_option("--during", options.during,
                     "Only events that overlap this event in time (an event id; with --as-of, "
                     "the event's dates as they stood then)");
  AddAsOfFlag(command, options.as_of, "the events as they stood then");
}

void AddAsOfFlag(CLI::App& command, std::string& as_of, const std::string& what) {
  command
      .add_option("--as-of", as_of,
                  "Answer from what was recorded at or before T: " + what +
                      ". T is 2025-02-04 (the end of that UTC day), 2025-02, 2025, or an "
                      "instant with offset (2025-02-04T15:30:00+09:00). Before anything was "
                      "recorded the answer is empty")
      ->type_name("T");
}

void AddTimeZoneFlag(CLI::App& command, std::string& tz) {
  command
      .add_option("--tz", tz,
                  "Show dates in this IANA time zone (Asia/Seoul, Europe/Berlin, UTC); events "
                  "without a zone of their own are taken as UTC")
      ->type_name("ZONE");
}

namespace {

int Main(int argc, char** argv) {
  CLI::App app{"Chronicle: an embedded timeline and event-tracking knowledge graph store",
               "chronicle"};
  app.set_version_flag("--version", std::string("chronicle ") + CHRONICLE_VERSION);
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--db", global.db, "Store directory (default: $CHRONICLE_DB, else ./chronicle.db)")
      ->type_name("DIR");

  ImportOptions import_options;
  TimelineOptions timeline_options;
  ShowOptions show_options;
  EntitiesOptions entities_options;
  EventsOptions events_options;
  StatsOptions stats_options;
  RelateOptions relate_options;
  HistoryOptions history_options;
  PlansOptions plans_options;
  ConflictsOptions conflicts_options;
  CLI::App* import_command = SetupImport(app, import_options);
  CLI::App* timeline_command = SetupTimeline(app, timeline_options);
  CLI::App* show_command = SetupShow(app, show_options);
  CLI::App* entities_command = SetupEntities(app, entities_options);
  CLI::App* events_command = SetupEvents(app, events_options);
  CLI::App* stats_command = SetupStats(app, stats_options);
  CLI::App* relate_command = SetupRelate(app, relate_options);
  CLI::App* history_command = SetupHistory(app, history_options);
  CLI::App* plans_command = SetupPlans(app, plans_options);
  CLI::App* conflicts_command = SetupConflicts(app, conflicts_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message (and help / version, which are not errors); its own exit codes
    // are 100 and up for usage errors, so map them here.
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsageError;
  }

  if (import_command->parsed()) return RunImport(global, import_options);
  if (timeline_command->parsed()) return RunTimeline(global, timeline_options);
  if (show_command->parsed()) return RunShow(global, show_options);
  if (entities_command->parsed()) return RunEntities(global, entities_options);
  if (events_command->parsed()) return RunEvents(global, events_options);
  if (stats_command->parsed()) return RunStats(global, stats_options);
  if (relate_command->parsed()) return RunRelate(global, relate_options);
  if (history_command->parsed()) return RunHistory(global, history_options);
  if (plans_command->parsed()) return RunPlans(global, plans_options);
  if (conflicts_command->parsed()) return RunConflicts(global, conflicts_options);
  return ReportUsageError("no subcommand given (try --help)");
}

}  // namespace
}  // namespace chronicle::cli

int main(int argc, char** argv) {
  try {
    return chronicle::cli::Main(argc, argv);
  } catch (const std::exception& error) {
    // Exceptions must not cross module boundaries; this is the last line of defence.
    std::cerr << "chronicle: internal error: " << error.what() << "\n";
    return chronicle::cli::kExitDataError;
  }
}
