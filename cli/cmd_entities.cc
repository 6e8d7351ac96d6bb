// chronicle entities : the people, organisations, places, projects and products in the store.
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {

CLI::App* SetupEntities(CLI::App& app, EntitiesOptions& options) {
  CLI::App* command = app.add_subcommand("entities", "All entities, ordered by name");
  command->add_option("--kind", options.kind,
                      "Only entities of this kind (person, organization, place, project, "
                      "product, other)");
  command
      ->add_option("--as-of", options.as_of,
                   "Accepted for symmetry with the other queries and checked, but without "
                   "effect: entities are reference data and are always listed as they are now")
      ->type_name("T");
  command->add_flag("--json", options.json, "Print {\"entities\": [...]} as JSON");
  return command;
}

int RunEntities(const GlobalOptions& global, const EntitiesOptions& options) {
  std::optional<int64_t> as_of;  // checked only: see --as-of's help
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  std::optional<EntityKind> kind;
  if (!options.kind.empty()) {
    kind = ParseEntityKind(options.kind);
    if (!kind) {
      std::string expected;
      for (const std::string& name : EntityKindNames())
        expected += (expected.empty() ? "" : ", ") + name;
      return ReportUsageError("--kind: '" + options.kind +
                              "' is not an entity kind (expected one of: " + expected + ")");
    }
  }
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::vector<Entity>> entities = store->Entities(kind);
  if (!entities.ok()) return ReportError(entities.status());

  if (options.json) {
    JsonWriter writer(std::cout);
    writer.BeginObject();
    writer.Key("entities");
    writer.BeginArray();
    for (const Entity& entity : *entities) WriteEntitySummary(writer, entity);
    writer.EndArray();
    writer.EndObject();
    return kExitOk;
  }
  std::cout << entities->size() << (entities->size() == 1 ? " entity" : " entities") << "\n";
  if (entities->empty()) return kExitOk;
  Table table({"NAME", "KIND", "ID", "ALIASES"}, {40, 0, 0, 0});
  for (const Entity& entity : *entities) {
    std::string aliases;
    for (const std::string& alias : entity.aliases)
      aliases += (aliases.empty() ? "" : ", ") + alias;
    table.AddRow({entity.name, std::string(EntityKindName(entity.kind)), entity.id, aliases});
  }
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace chronicle::cli
