// chronicle: the command-line front end. Wires the subcommands and owns the exit codes:
// 0 success, 1 data or store error, 2 usage error.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

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

// The first argument that is neither an option nor the value of --db (the only global option
// that takes one): the subcommand's name if the command line has one, else "".
std::string_view SubcommandNamed(int argc, char** argv) {
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    if (arg == "--db") {
      ++arg_idx;  // its value
    } else if (!arg.starts_with("-")) {
      return arg;
    }
  }
  return "";
}

// A subcommand: its name (as its Setup... registers it), how it registers its options and how
// it runs with them.
struct Command {
  std::string_view name;
  std::function<CLI::App*(CLI::App&)> setup;
  std::function<int()> run;
  CLI::App* registered = nullptr;
};

// The Command whose options live in `options` (which must outlive it).
template <typename Options>
Command MakeCommand(std::string_view name, Options& options, const GlobalOptions& global,
                    CLI::App* (*setup)(CLI::App&, Options&),
                    int (*run)(const GlobalOptions&, const Options&)) {
  return {name, [&options, setup](CLI::App& app) { return setup(app, options); },
          [&options, &global, run] { return run(global, options); }};
}

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
  Command commands[] = {
      MakeCommand("import", import_options, global, SetupImport, RunImport),
      MakeCommand("timeline", timeline_options, global, SetupTimeline, RunTimeline),
      MakeCommand("show", show_options, global, SetupShow, RunShow),
      MakeCommand("entities", entities_options, global, SetupEntities, RunEntities),
      MakeCommand("events", events_options, global, SetupEvents, RunEvents),
      MakeCommand("stats", stats_options, global, SetupStats, RunStats),
      MakeCommand("relate", relate_options, global, SetupRelate, RunRelate),
      MakeCommand("history", history_options, global, SetupHistory, RunHistory),
      MakeCommand("plans", plans_options, global, SetupPlans, RunPlans),
      MakeCommand("conflicts", conflicts_options, global, SetupConflicts, RunConflicts),
  };
  // A command line that names a subcommand gets only that one registered: building all ten
  // with their options and validators was ~7% of a typical query's instructions. Otherwise
  // (no subcommand, a misspelt one, --help, --version) all are, for CLI11's help and errors.
  const std::string_view named = SubcommandNamed(argc, argv);
  const bool names_one = std::any_of(std::begin(commands), std::end(commands),
                                     [&](const Command& command) { return command.name == named; });
  for (Command& command : commands) {
    if (!names_one || command.name == named) {
      command.registered = command.setup(app);
      if (command.registered->get_name() != command.name) {
        return ReportUsageError("internal error: subcommand '" + command.registered->get_name() +
                                "' registered as '" + std::string(command.name) + "'");
      }
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message (and help / version, which are not errors); its own exit codes
    // are 100 and up for usage errors, so map them here.
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsageError;
  }

  for (const Command& command : commands) {
    if (command.registered != nullptr && command.registered->parsed()) return command.run();
  }
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
