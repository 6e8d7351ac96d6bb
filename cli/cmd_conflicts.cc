// chronicle conflicts [ID] : the fields on which the sources of a record disagree, and status
// regressions between its versions.
#include <iostream>

#include "cli/commands.h"

namespace chronicle::cli {
namespace {

// "  VALUE  — SOURCE (DATE), SOURCE2 (DATE2)"
std::string ValueLine(const ConflictValue& value) {
  std::string claims;
  for (const ConflictClaim& claim : value.claims) {
    claims += (claims.empty() ? "" : ", ") + SourceLabelOf(claim.source) + " (" +
              FormatRecordTime(claim.recorded_at) + ")";
  }
  return "  " + value.value + "  \u2014 " + claims;
}

}  // namespace

CLI::App* SetupConflicts(CLI::App& app, ConflictsOptions& options) {
  CLI::App* command = app.add_subcommand(
      "conflicts", "Fields on which sources disagree, and statuses that moved backwards");
  command->footer(
      "A disagreement is between the current claims of different sources (a version not "
      "superseded by a later one from the same source or citing it): dates that do not "
      "overlap, occurred against cancelled, any other differing field or attribute. Each value "
      "is listed with the sources that gave it and their record dates. Exits 0 also when there "
      "are none.");
  command->add_option("id", options.id, "Only this record (default: every record)");
  AddAsOfFlag(*command, options.as_of, "the disagreements among the versions recorded by then");
  command->add_flag("--json", options.json, "Print {\"conflicts\": [...]} as JSON");
  return command;
}

int RunConflicts(const GlobalOptions& global, const ConflictsOptions& options) {
  std::optional<int64_t> as_of;
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  std::optional<std::string_view> only;  // Conflicts says NotFound for an unknown id
  if (!options.id.empty()) only = options.id;
  Result<std::vector<FieldConflict>> conflicts = store->Conflicts(only, as_of);
  if (!conflicts.ok()) return ReportError(conflicts.status());

  if (options.json) {
    JsonWriter writer(std::cout);
    writer.BeginObject();
    writer.Key("conflicts");
    writer.BeginArray();
    for (const FieldConflict& conflict : *conflicts) writer.Value(ConflictToJson(conflict));
    writer.EndArray();
    writer.EndObject();
    return kExitOk;
  }
  std::cout << conflicts->size() << (conflicts->size() == 1 ? " conflict" : " conflicts") << "\n";
  for (const FieldConflict& conflict : *conflicts) {
    std::cout << conflict.record_id << "  " << conflict.field << "  "
              << ConflictKindName(conflict.kind) << "\n";
    for (const ConflictValue& value : conflict.values) std::cout << ValueLine(value) << "\n";
  }
  return kExitOk;
}

}  // namespace chronicle::cli
