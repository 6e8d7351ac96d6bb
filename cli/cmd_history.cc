// chronicle history ID : every version of one record, oldest first, with what each changed.
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {
namespace {

// "title, when, status"; "created" for the first version, "-" when only the record time moved.
std::string ChangedText(const std::vector<RecordVersion>& versions, size_t version_idx) {
  if (version_idx == 0) return "created";
  std::string text;
  for (const std::string& field :
       ChangedFields(versions[version_idx - 1].record, versions[version_idx].record)) {
    text += (text.empty() ? "" : ", ") + field;
  }
  return text.empty() ? "-" : text;
}

// The STATUS and WHEN of a version: events and relations have them, entities and sources not.
std::pair<std::string, std::string> StatusAndWhen(const Record& record) {
  if (const Event* event = std::get_if<Event>(&record)) {
    return {std::string(EventStatusName(event->status)), event->when.ToString()};
  }
  if (const Relation* relation = std::get_if<Relation>(&record)) {
    return {std::string(EventStatusName(relation->status)),
            relation->when ? relation->when->ToString() : ""};
  }
  return {"", ""};
}

void PrintHistoryJson(const std::string& id, const std::vector<RecordVersion>& versions,
                      size_t listed, std::optional<size_t> in_effect,
                      std::optional<int64_t> as_of) {
  JsonWriter writer(std::cout);
  writer.BeginObject();
  writer.Field("id", id);
  writer.Field("type", RecordTypeName(versions.back().record));
  writer.Key("as_of");
  writer.StringOrNull(as_of ? FormatInstant(*as_of) : "");
  writer.Key("versions");
  writer.BeginArray();
  for (size_t version_idx = 0; version_idx < listed; ++version_idx) {
    const RecordVersion& version = versions[version_idx];
    writer.BeginObject();
    writer.Key("version");
    writer.Integer(static_cast<int64_t>(version_idx + 1));
    writer.Field("recorded_at", FormatInstant(version.recorded_at));
    writer.Key("source");
    writer.StringOrNull(version.source);
    writer.Key("import");
    writer.Integer(static_cast<int64_t>(version.tx));
    writer.Key("current");
    writer.Bool(in_effect == version_idx);
    writer.Key("changed");
    writer.StringArray(version_idx == 0
                           ? std::vector<std::string>()
                           : ChangedFields(versions[version_idx - 1].record, version.record));
    writer.Key("record");
    writer.Value(RecordToJson(version.record));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

CLI::App* SetupHistory(CLI::App& app, HistoryOptions& options) {
  CLI::App* command = app.add_subcommand(
      "history", "Every version of one record, oldest first, and what each changed");
  command->footer(
      "Columns: # (the version in effect marked *), RECORDED (record time, UTC: the publication "
      "of the version's first source, else the time of its import), SOURCE (that source; "
      "\"import\" when the import time), IMPORT (the import's number), STATUS and WHEN (events "
      "and relations), CHANGED (fields that differ from the version before).");
  command->add_option("record", options.reference, "Record id, or entity name or alias")
      ->required();
  AddAsOfFlag(*command, options.as_of,
              "only the versions recorded by then, the one in effect then marked *");
  command->add_flag("--json", options.json,
                    "Print {\"id\": ..., \"type\": ..., \"versions\": [...]} as JSON");
  return command;
}

int RunHistory(const GlobalOptions& global, const HistoryOptions& options) {
  std::optional<int64_t> as_of;
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::string> found = ResolveRecordId(*store, options.reference);
  if (!found.ok()) return ReportError(found.status());
  const std::string& id = *found;
  Result<std::vector<RecordVersion>> versions = store->Versions(id);
  if (!versions.ok()) return ReportError(versions.status());

  // Versions come oldest first: those recorded by --as-of are a prefix, the last of them the
  // one in effect then.
  const size_t listed = as_of ? CountRecordedBy(*versions, *as_of) : versions->size();
  const std::optional<size_t> in_effect =
      listed == 0 ? std::nullopt : std::optional<size_t>(listed - 1);
  if (options.json) {
    PrintHistoryJson(id, *versions, listed, in_effect, as_of);
    return kExitOk;
  }

  std::cout << id << " (" << RecordTypeName(versions->back().record) << "): " << listed
            << (listed == 1 ? " version" : " versions")
            << (as_of ? " recorded by " + options.as_of : "") << "\n";
  if (listed == 0) return kExitOk;
  Table table({"#", "RECORDED", "SOURCE", "IMPORT", "STATUS", "WHEN", "CHANGED"});
  for (size_t version_idx = 0; version_idx < listed; ++version_idx) {
    const RecordVersion& version = (*versions)[version_idx];
    auto [status, when] = StatusAndWhen(version.record);
    table.AddRow({std::to_string(version_idx + 1) + (in_effect == version_idx ? "*" : ""),
                  FormatRecordTime(version.recorded_at), SourceLabelOf(version.source),
                  std::to_string(version.tx), std::move(status), std::move(when),
                  ChangedText(*versions, version_idx)});
  }
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace chronicle::cli
