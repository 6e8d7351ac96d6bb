// chronicle import FILE... : loads JSON Lines files (or - for standard input) as one atomic
// import. Any error in any file: every error is listed, nothing is written.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/import.h"
#include "core/versions.h"

namespace chronicle::cli {
namespace {

// The importer reads its input twice (names first, then records), so input that cannot be
// read twice (standard input, a pipe, a FIFO, a process substitution like <(zcat x.gz)) is
// first copied to a temporary file. The copies are removed when this object goes.
class InputSpool {
 public:
  ~InputSpool() {
    for (const std::string& path : paths_) std::remove(path.c_str());
  }
  // Copies `input` to a new temporary file and returns its path, or "" with *error set.
  // `name` names the input in *error.
  std::string Spool(std::istream& input, const std::string& name, std::string* error) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/chronicle-input-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      *error = "cannot create a temporary file for " + name + ": " + std::strerror(errno);
      return "";
    }
    ::close(fd);
    paths_.push_back(pattern);
    std::ofstream out(pattern, std::ios::binary);
    out << input.rdbuf();  // sets failbit when the input is empty, which is no error
    const bool write_failed = out.bad() || input.bad();
    out.clear();
    out.close();
    if (write_failed || !out) {
      *error = "cannot copy " + name + " to " + pattern;
      return "";
    }
    return pattern;
  }

 private:
  std::vector<std::string> paths_;
};

// True when `path` exists and is something other than a regular file or a directory: a pipe,
// a FIFO, a character device (/dev/stdin when it is a terminal or pipe).
bool IsReadOnce(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  return !error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
         !std::filesystem::is_directory(status);
}

int ReportImportFailure(const std::vector<Status>& errors) {
  for (const Status& error : errors) ReportError(error);
  std::cerr << "chronicle: import failed with " << errors.size()
            << (errors.size() == 1 ? " error" : " errors")
            << (errors.size() >= kMaxImportErrors ? " (stopped looking after that)" : "")
            << "; the store is unchanged\n";
  return kExitDataError;
}

}  // namespace

CLI::App* SetupImport(CLI::App& app, ImportOptions& options) {
  CLI::App* command = app.add_subcommand(
      "import", "Import JSON Lines files (- for standard input) as one atomic import");
  command->add_option("files", options.files, "JSON Lines files; - reads standard input")
      ->required()
      ->type_name("FILE");
  command->add_option("--recorded-at", options.recorded_at,
                      "Record time of versions without a source (entities, unsourced events): "
                      "YYYY-MM-DD or a date-time with offset; default: now")
      ->type_name("TIME");
  command->add_flag("--json", options.json, "Print the import summary as JSON");
  command
      ->add_option("--entities-in-memory", options.entities_in_memory,
                   "Entities of the input kept in memory (~150 bytes each); the rest wait in "
                   "scratch files in the store directory, so that memory stays bounded")
      ->type_name("N")
      ->default_val(options.entities_in_memory);
  return command;
}

int RunImport(const GlobalOptions& global, const ImportOptions& options) {
  storage::ImportOptions import_options;
  // Entities are numbered by 32-bit ordinals (core/input_entities.h).
  if (options.entities_in_memory < 1 || options.entities_in_memory > UINT32_MAX) {
    return ReportUsageError("--entities-in-memory: expected a count from 1 to " +
                            std::to_string(UINT32_MAX) + ", got " +
                            std::to_string(options.entities_in_memory));
  }
  import_options.entities_in_memory = options.entities_in_memory;
  if (!options.recorded_at.empty()) {
    import_options.recorded_at = PublishedTime(options.recorded_at);
    if (!import_options.recorded_at) {
      return ReportUsageError("--recorded-at: expected YYYY-MM-DD or a date-time with offset "
                              "(2025-02-05T10:30:00+09:00), got '" +
                              options.recorded_at + "'");
    }
  }
  std::vector<std::string> paths, names;
  InputSpool spool;
  std::string stdin_copy;  // standard input is read once: a second `-` names the same copy
  for (const std::string& file : options.files) {
    std::string error;
    if (file == "-") {
      if (stdin_copy.empty()) stdin_copy = spool.Spool(std::cin, "standard input", &error);
      if (stdin_copy.empty()) return ReportError(Status::IoError(error));
      paths.push_back(stdin_copy);
      names.push_back("<stdin>");
    } else if (IsReadOnce(file)) {
      std::ifstream input(file, std::ios::binary);
      if (!input) {
        return ReportError(Status::IoError("cannot open " + file + ": " + std::strerror(errno)));
      }
      std::string copy = spool.Spool(input, file, &error);
      if (copy.empty()) return ReportError(Status::IoError(error));
      paths.push_back(copy);
      names.push_back(file);
    } else {
      paths.push_back(file);
      names.push_back(file);
    }
  }
  // Unreadable files are reported before the store is opened (or created).
  std::vector<Status> unreadable;
  for (size_t path_idx = 0; path_idx < paths.size(); ++path_idx) {
    if (!std::ifstream(paths[path_idx])) {
      unreadable.push_back(
          Status::IoError("cannot open " + names[path_idx] + ": " + std::strerror(errno)));
    }
  }
  if (!unreadable.empty()) return ReportImportFailure(unreadable);

  // A failed first import leaves no empty store behind: the directory goes if it was made here.
  const std::string dir = StoreDirectory(global);
  std::error_code error;
  const bool store_existed = std::filesystem::exists(dir, error);
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadWrite);
  if (!store) return kExitDataError;
  auto discard_new_store = [&] {
    if (store_existed) return;
    store.reset();
    std::filesystem::remove_all(dir, error);
  };
  JsonLinesFileStream stream(paths, names);
  Result<storage::ImportResult> result = store->Import(stream, import_options);
  if (!result.ok()) {
    discard_new_store();
    return ReportError(result.status());
  }
  if (!result->errors.empty()) {
    discard_new_store();
    return ReportImportFailure(result->errors);
  }

  if (options.json) {
    OrderedJson added = OrderedJson::object();
    for (const char* type : {"source", "entity", "event", "relation"}) {
      auto it = result->added.find(type);
      added[type] = it == result->added.end() ? 0 : it->second;
    }
    OrderedJson versions = OrderedJson::object();
    for (const char* type : {"entity", "event", "relation"}) {
      auto it = result->versions.find(type);
      versions[type] = it == result->versions.end() ? 0 : it->second;
    }
    PrintJson(OrderedJson{{"added", added},
                          {"versions", versions},
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
            << ", " << count("relation", "relation", "relations");
  // Versions of records already stored or repeated in the input.
  size_t new_versions = 0;
  for (const auto& [type, n] : result->versions) new_versions += n;
  if (new_versions > 0) {
    std::cout << ", " << new_versions << " more " << (new_versions == 1 ? "version" : "versions");
  }
  std::cout << "; " << result->unchanged << " unchanged";
  if (result->tx != 0) std::cout << " (import #" << result->tx << ")";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace chronicle::cli
