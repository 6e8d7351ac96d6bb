// chronicle show ID|NAME : one record whole, with the names of the entities it refers to.
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {
namespace {

// "Name (id)" for an entity id; the bare id when the entity cannot be read.
std::string EntityLabel(storage::Store& store, const std::string& id) {
  Result<std::optional<Record>> record = store.GetRecord(id);
  if (record.ok() && record->has_value()) {
    if (const Entity* entity = std::get_if<Entity>(&**record))
      return entity->name + " (" + id + ")";
  }
  return id;
}

// "publisher, published: title" for a source id.
std::string SourceLabel(storage::Store& store, const std::string& id) {
  Result<std::optional<Record>> record = store.GetRecord(id);
  if (record.ok() && record->has_value()) {
    if (const Source* source = std::get_if<Source>(&**record)) {
      return source->publisher + ", " + source->published + ": " + source->title;
    }
  }
  return id;
}

// Field labels are ASCII, so byte length is display width here.
void PrintField(const std::string& label, const std::string& value) {
  constexpr size_t kLabelWidth = 11;
  if (value.empty()) return;
  std::cout << label
            << std::string(kLabelWidth > label.size() ? kLabelWidth - label.size() : 1, ' ')
            << value << "\n";
}

void PrintSources(storage::Store& store, const std::vector<SourceRef>& sources) {
  if (sources.empty()) return;
  std::cout << "sources\n";
  // A source cited several times in a row is named once, with each of its quotes.
  for (size_t ref_idx = 0; ref_idx < sources.size(); ++ref_idx) {
    const SourceRef& ref = sources[ref_idx];
    if (ref_idx == 0 || sources[ref_idx - 1].source != ref.source) {
      std::cout << "  " << ref.source << "  " << SourceLabel(store, ref.source) << "\n";
    }
    if (!ref.quote.empty()) std::cout << "    \u201c" << ref.quote << "\u201d\n";
  }
}

void PrintAttributes(const nlohmann::json& attributes) {
  if (attributes.empty()) return;
  std::cout << "attributes\n";
  for (const auto& [key, value] : attributes.items()) {
    std::cout << "  " << key << ": " << value.dump(-1, ' ', false) << "\n";
  }
}

void ShowEntity(storage::Store& store, const Entity& entity, size_t event_count,
                const std::vector<storage::EntityRelation>& relations) {
  PrintField("entity", entity.id);
  PrintField("name", entity.name);
  PrintField("kind", std::string(EntityKindName(entity.kind)));
  std::string aliases;
  for (const std::string& alias : entity.aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
  PrintField("aliases", aliases);
  PrintField("about", entity.description);
  PrintField("events", std::to_string(event_count) + " (chronicle timeline " + entity.id + ")");
  PrintAttributes(entity.attributes);
  if (relations.empty()) return;
  std::cout << "relations\n";
  Table table({"  WHEN", "RELATION", "WITH", "STATUS", "ID"});
  for (const storage::EntityRelation& item : relations) {
    const Relation& relation = item.relation;
    std::string when = relation.when ? relation.when->ToString() : "-";
    std::string other = item.outgoing ? relation.to : relation.from;
    table.AddRow({"  " + when, item.outgoing ? relation.kind + " →" : "← " + relation.kind,
                  EntityLabel(store, other), std::string(EventStatusName(relation.status)),
                  relation.id});
  }
  table.Print(std::cout);
}

void ShowEvent(storage::Store& store, const Event& event) {
  PrintField("event", event.id);
  PrintField("title", event.title);
  PrintField("kind", event.kind);
  PrintField("when", event.when.ToString() + (event.tz.empty() ? "" : " (" + event.tz + ")"));
  PrintField("status", std::string(EventStatusName(event.status)));
  if (!event.place.empty()) PrintField("place", EntityLabel(store, event.place));
  PrintField("summary", event.summary);
  if (!event.participants.empty()) {
    std::cout << "participants\n";
    Table table({"  ROLE", "ENTITY"});
    for (const Participant& participant : event.participants) {
      table.AddRow({"  " + (participant.role.empty() ? "participant" : participant.role),
                    EntityLabel(store, participant.entity)});
    }
    table.Print(std::cout);
  }
  PrintSources(store, event.sources);
  PrintAttributes(event.attributes);
}

void ShowRelation(storage::Store& store, const Relation& relation) {
  PrintField("relation", relation.id);
  PrintField("kind", relation.kind);
  PrintField("from", EntityLabel(store, relation.from));
  PrintField("to", EntityLabel(store, relation.to));
  PrintField("when", relation.when ? relation.when->ToString() : "");
  PrintField("status", std::string(EventStatusName(relation.status)));
  PrintField("summary", relation.summary);
  PrintSources(store, relation.sources);
  PrintAttributes(relation.attributes);
}

void ShowSource(const Source& source) {
  PrintField("source", source.id);
  PrintField("title", source.title);
  PrintField("publisher", source.publisher);
  PrintField("published", source.published);
  PrintField("language", source.language);
  PrintField("url", source.url);
  PrintField("author", source.author);
}

// The entities a record refers to, id -> name, for --json.
OrderedJson ReferencedEntities(storage::Store& store, const Record& record) {
  std::vector<std::string> ids;
  if (const Event* event = std::get_if<Event>(&record)) {
    ids = EntitiesOf(*event);
  } else if (const Relation* relation = std::get_if<Relation>(&record)) {
    ids = {relation->from, relation->to};
  }
  OrderedJson names = OrderedJson::object();
  for (const std::string& id : ids) {
    Result<std::optional<Record>> found = store.GetRecord(id);
    if (found.ok() && found->has_value() && std::holds_alternative<Entity>(**found)) {
      names[id] = std::get<Entity>(**found).name;
    }
  }
  return names;
}

}  // namespace

CLI::App* SetupShow(CLI::App& app, ShowOptions& options) {
  CLI::App* command = app.add_subcommand(
      "show", "One record whole: an id of any record, or an entity's name or alias");
  command->add_option("record", options.reference, "Record id, or entity name or alias")
      ->required();
  command->add_flag("--json", options.json, "Print the record as JSON");
  return command;
}

int RunShow(const GlobalOptions& global, const ShowOptions& options) {
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::optional<Record>> found = store->GetRecord(options.reference);
  if (!found.ok()) return ReportError(found.status());
  Record record;
  if (found->has_value()) {
    record = std::move(**found);
  } else {
    Result<Entity> entity = store->ResolveEntity(options.reference);
    if (!entity.ok()) {
      if (entity.status().code() == StatusCode::kNotFound) {
        return ReportError(Status::NotFound("no record with id '" + options.reference + "' and " +
                                            entity.status().message()));
      }
      return ReportError(entity.status());
    }
    Result<std::optional<Record>> whole = store->GetRecord(entity->id);
    if (!whole.ok()) return ReportError(whole.status());
    if (!whole->has_value()) {
      return ReportError(
          Status::Corruption("entity '" + entity->id + "' is indexed but not stored"));
    }
    record = std::move(**whole);
  }

  size_t event_count = 0;
  std::vector<storage::EntityRelation> relations;
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    Result<std::vector<TimelineRow>> rows = store->Timeline(entity->id, TimelineFilter{});
    if (!rows.ok()) return ReportError(rows.status());
    event_count = rows->size();
    Result<std::vector<storage::EntityRelation>> found_relations = store->RelationsOf(entity->id);
    if (!found_relations.ok()) return ReportError(found_relations.status());
    relations = std::move(found_relations).value();
  }

  if (options.json) {
    OrderedJson out = {{"type", RecordTypeName(record)}, {"record", RecordToJson(record)}};
    if (std::holds_alternative<Entity>(record)) {
      out["event_count"] = event_count;
      OrderedJson list = OrderedJson::array();
      for (const storage::EntityRelation& item : relations) {
        list.push_back(OrderedJson{{"direction", item.outgoing ? "out" : "in"},
                                   {"relation", RecordToJson(item.relation)}});
      }
      out["relations"] = list;
    } else {
      out["entities"] = ReferencedEntities(*store, record);
    }
    PrintJson(out);
    return kExitOk;
  }
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    ShowEntity(*store, *entity, event_count, relations);
  } else if (const Event* event = std::get_if<Event>(&record)) {
    ShowEvent(*store, *event);
  } else if (const Relation* relation = std::get_if<Relation>(&record)) {
    ShowRelation(*store, *relation);
  } else {
    ShowSource(std::get<Source>(record));
  }
  return kExitOk;
}

}  // namespace chronicle::cli
