// chronicle stats : what the store holds.
#include <iostream>

#include "cli/commands.h"
#include "core/edtf.h"

namespace chronicle::cli {
namespace {

std::string Breakdown(const std::map<std::string, uint64_t>& counts) {
  std::string out;
  for (const auto& [name, count] : counts) {
    if (count == 0) continue;
    out += (out.empty() ? "" : ", ") + name + " " + std::to_string(count);
  }
  return out.empty() ? "" : " (" + out + ")";
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 10 * 1024) return std::to_string(bytes) + " B";
  if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

}  // namespace

CLI::App* SetupStats(CLI::App& app, StatsOptions& options) {
  CLI::App* command = app.add_subcommand("stats", "What the store holds");
  command->add_flag("--json", options.json, "Print the figures as JSON");
  return command;
}

int RunStats(const GlobalOptions& global, const StatsOptions& options) {
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<storage::StoreStats> stats = store->Stats();
  if (!stats.ok()) return ReportError(stats.status());
  auto day_or_null = [](const std::optional<int32_t>& day) {
    return day ? OrderedJson(FormatDay(*day)) : OrderedJson();
  };
  if (options.json) {
    PrintJson(OrderedJson{{"store", StoreDirectory(global)},
                          {"entities", stats->records["entity"]},
                          {"events", stats->records["event"]},
                          {"relations", stats->records["relation"]},
                          {"sources", stats->records["source"]},
                          {"entity_kinds", stats->entity_kinds},
                          {"event_statuses", stats->event_statuses},
                          {"imports", stats->imports},
                          {"first_day", day_or_null(stats->first_day)},
                          {"last_day", day_or_null(stats->last_day)},
                          {"disk_bytes", stats->disk_bytes}});
    return kExitOk;
  }
  std::cout << "store      " << StoreDirectory(global) << "\n"
            << "entities   " << stats->records["entity"] << Breakdown(stats->entity_kinds) << "\n"
            << "events     " << stats->records["event"] << Breakdown(stats->event_statuses) << "\n"
            << "relations  " << stats->records["relation"] << "\n"
            << "sources    " << stats->records["source"] << "\n"
            << "imports    " << stats->imports << "\n";
  if (stats->first_day && stats->last_day) {
    std::cout << "dates      " << FormatDay(*stats->first_day) << " .. "
              << FormatDay(*stats->last_day) << "\n";
  }
  std::cout << "disk       " << HumanBytes(stats->disk_bytes) << "\n";
  return kExitOk;
}

}  // namespace chronicle::cli
