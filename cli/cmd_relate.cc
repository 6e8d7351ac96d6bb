// chronicle relate A B : how two events lie in time, as Allen's interval relations. For dates
// of month or year precision the relation is a set of possibilities (core/allen.h).
#include <iostream>

#include "cli/commands.h"
#include "core/allen.h"

namespace chronicle::cli {
namespace {

std::vector<std::string> RelationNames(AllenRelationSet set) {
  std::vector<std::string> names;
  for (AllenRelation relation : kAllAllenRelations) {
    if (set.Contains(relation)) names.emplace_back(AllenRelationName(relation));
  }
  return names;
}

void WriteEvent(JsonWriter& writer, const Event& event) {
  writer.BeginObject();
  writer.Field("id", event.id);
  writer.Field("title", event.title);
  writer.Field("when", event.when.ToString());
  writer.EndObject();
}

void PrintRelation(const Event& a, const Event& b, bool json) {
  const AllenRelationSet possible = PossibleRelations(a.when, b.when);
  const std::vector<std::string> names = RelationNames(possible);
  if (json) {
    JsonWriter writer(std::cout);
    writer.BeginObject();
    writer.Key("a");
    WriteEvent(writer, a);
    writer.Key("b");
    WriteEvent(writer, b);
    writer.Key("relations");
    writer.StringArray(names);
    writer.Key("certain");
    writer.Bool(possible.Count() == 1);
    writer.EndObject();
    return;
  }
  std::cout << a.id << " (" << a.when.ToString() << ") ";
  if (possible.Count() == 1) {
    std::cout << names.front();
  } else {
    std::cout << "may be ";
    for (size_t name_idx = 0; name_idx < names.size(); ++name_idx) {
      std::cout << (name_idx == 0                  ? ""
                    : name_idx + 1 == names.size() ? " or "
                                                   : ", ")
                << names[name_idx];
    }
  }
  std::cout << " " << b.id << " (" << b.when.ToString() << ")\n";
}

}  // namespace

CLI::App* SetupRelate(CLI::App& app, RelateOptions& options) {
  CLI::App* command =
      app.add_subcommand("relate", "How two events lie in time (Allen's interval relations)");
  command->add_option("a", options.a, "Event id")->required();
  command->add_option("b", options.b, "Event id")->required();
  AddAsOfFlag(*command, options.as_of,
              "both events' dates as they stood then; when one had no version yet, prints "
              "\"ID: no version recorded by T\" (--json: null) and exits 0");
  command->add_flag("--json", options.json, "Print the relation as JSON");
  return command;
}

int RunRelate(const GlobalOptions& global, const RelateOptions& options) {
  std::optional<int64_t> as_of;
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::optional<Event>> a = FindEventAsOf(*store, options.a, as_of);
  if (!a.ok()) return ReportError(a.status());
  Result<std::optional<Event>> b = FindEventAsOf(*store, options.b, as_of);
  if (!b.ok()) return ReportError(b.status());
  if (!a->has_value() || !b->has_value()) {  // not recorded yet at --as-of: an empty answer
    const std::string& missing = a->has_value() ? options.b : options.a;
    std::cout << (options.json ? "null" : NotRecordedYet(missing, options.as_of)) << "\n";
    return kExitOk;
  }
  PrintRelation(**a, **b, options.json);
  return kExitOk;
}

}  // namespace chronicle::cli
