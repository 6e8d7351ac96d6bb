// chronicle import FILE... : loads JSON Lines files (or - for standard input) as one atomic
// import. Any error in any file: every error is listed, nothing is written.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/import.h"

namespace chronicle::cli {

CLI::App* SetupImport(CLI::App& app, ImportOptions& options) {
  CLI::App* command = app.add_subcommand(
      "import", "Import JSON Lines files (- for standard input) as one atomic import");
  command->add_option("files", options.files, "JSON Lines files; - reads standard input")
      ->required()
      ->type_name("FILE");
  command->add_flag("--json", options.json, "Print the import summary as JSON");
  return command;
}

int RunImport(const GlobalOptions& global, const ImportOptions& options) {
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  for (const std::string& file : options.files) {
    if (file == "-") {
      ReadJsonLines(std::cin, "<stdin>", &records, &errors);
      continue;
    }
    std::ifstream input(file, std::ios::binary);
    if (!input) {
      errors.push_back(Status::IoError("cannot open " + file + ": " + std::strerror(errno)));
      continue;
    }
    ReadJsonLines(input, file, &records, &errors);
  }
  auto report_failure = [](const std::vector<Status>& failures) {
    for (const Status& error : failures) ReportError(error);
    std::cerr << "chronicle: import failed with " << failures.size()
              << (failures.size() == 1 ? " error" : " errors")
              << (failures.size() >= kMaxImportErrors ? " (stopped looking after that)" : "")
              << "; the store is unchanged\n";
    return kExitDataError;
  };
  if (!errors.empty()) return report_failure(errors);

  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadWrite);
  if (!store) return kExitDataError;
  Result<storage::ImportResult> result = store->Import(std::move(records));
  if (!result.ok()) return ReportError(result.status());
  if (!result->errors.empty()) return report_failure(result->errors);

  if (options.json) {
    OrderedJson added = OrderedJson::object();
    for (const char* type : {"source", "entity", "event", "relation"}) {
      auto it = result->added.find(type);
      added[type] = it == result->added.end() ? 0 : it->second;
    }
    PrintJson(OrderedJson{{"added", added},
                          {"unchanged", result->unchanged},
                          {"import", result->tx == 0 ? OrderedJson() : OrderedJson(result->tx)}});
    return kExitOk;
  }
  auto count = [&](const char* type, const char* singular, const char* plural) {
    auto it = result->added.find(type);
    size_t n = it == result->added.end() ? 0 : it->second;
    return std::to_string(n) + " " + (n == 1 ? singular : plural);
  };
  std::cout << "added " << count("source", "source", "sources") << ", "
            << count("entity", "entity", "entities") << ", " << count("event", "event", "events")
            << ", " << count("relation", "relation", "relations") << "; " << result->unchanged
            << " unchanged";
  if (result->tx != 0) std::cout << " (import #" << result->tx << ")";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace chronicle::cli
