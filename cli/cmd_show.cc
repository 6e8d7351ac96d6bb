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

// The row WhenInZone reads for a record's `when`; relations have no zone and count as UTC.
TimelineRow WhenRow(const Record& record) {
  if (const Event* event = std::get_if<Event>(&record)) return MakeTimelineRow(*event);
  TimelineRow row;
  if (const Relation* relation = std::get_if<Relation>(&record)) {
    row.event_id = relation->id;
    if (relation->when) row.when = relation->when->ToString();
  }
  return row;
}

// The record's `when` shown in `display_tz` (--tz); nullopt without --tz or without a `when`.
std::optional<std::string> WhenInDisplayZone(const Record& record, const std::string& display_tz) {
  if (display_tz.empty()) return std::nullopt;
  const TimelineRow row = WhenRow(record);
  if (row.when.empty()) return std::nullopt;
  return WhenColumn(row, display_tz);
}

// "; in ZONE <when there>" after a `when` with --tz, "" without.
std::string InZoneSuffix(const Record& record, const std::string& display_tz) {
  const std::optional<std::string> local = WhenInDisplayZone(record, display_tz);
  return local ? "; in " + display_tz + " " + *local : "";
}

void ShowEvent(storage::Store& store, const Event& event, const std::string& display_tz) {
  PrintField("event", event.id);
  PrintField("title", event.title);
  PrintField("kind", event.kind);
  std::string when = event.when.ToString();
  if (event.part_of_day) when += " " + std::string(PartOfDayName(*event.part_of_day));
  if (!event.tz.empty()) when += " (" + event.tz + ")";
  PrintField("when", when + InZoneSuffix(event, display_tz));
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

void ShowRelation(storage::Store& store, const Relation& relation, const std::string& display_tz) {
  PrintField("relation", relation.id);
  PrintField("kind", relation.kind);
  PrintField("from", EntityLabel(store, relation.from));
  PrintField("to", EntityLabel(store, relation.to));
  PrintField("when",
             relation.when ? relation.when->ToString() + InZoneSuffix(relation, display_tz) : "");
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

// What `show` adds for a record with more than one version: how many were recorded by --as-of
// and the conflicts among them.
struct VersionSummary {
  size_t count = 0;
  std::vector<FieldConflict> conflicts;
};

void PrintVersionSummary(const std::string& id, const VersionSummary& summary) {
  if (summary.count > 1) {
    PrintField("versions", std::to_string(summary.count) + " (chronicle history " + id + ")");
  }
  if (summary.conflicts.empty()) return;
  std::cout << "conflicts\n";
  for (const FieldConflict& conflict : summary.conflicts) {
    std::cout << ConflictText(conflict) << "\n";
  }
}

// The record whose versions (oldest first, as Store::Versions gives them) are `versions`, as it
// stood at `as_of`, and its version summary; nullopt when it had no version yet then. Entities
// are reference data: one without a version by `as_of` (an entity's record time is the time of
// its import) is shown as it is now, as `timeline` finds it by its current names whatever
// --as-of says.
std::optional<Record> RecordAsOf(std::vector<RecordVersion> versions, std::optional<int64_t> as_of,
                                 VersionSummary* summary) {
  const size_t recorded = as_of ? CountRecordedBy(versions, *as_of) : versions.size();
  if (recorded == 0) {
    if (versions.empty() || !std::holds_alternative<Entity>(versions.back().record)) {
      return std::nullopt;  // not recorded yet then
    }
    return std::move(versions.back().record);
  }
  versions.resize(recorded);
  summary->count = recorded;
  if (recorded > 1) summary->conflicts = FindConflicts(versions);
  return std::move(versions.back().record);
}

}  // namespace

CLI::App* SetupShow(CLI::App& app, ShowOptions& options) {
  CLI::App* command = app.add_subcommand(
      "show", "One record whole: an id of any record, or an entity's name or alias");
  command->footer(
      "A record with several versions also shows how many (chronicle history ID lists them) and "
      "the fields on which its sources disagree (chronicle conflicts ID).");
  command->add_option("record", options.reference, "Record id, or entity name or alias")
      ->required();
  AddAsOfFlag(*command, options.as_of,
              "the record as it stood then; when it had no version yet, prints \"ID: no "
              "version recorded by T\" (--json: null) and exits 0. Entities are reference "
              "data: one not recorded yet is shown as it is now, with its events and "
              "relations as of T");
  AddTimeZoneFlag(*command, options.tz);
  command->add_flag("--json", options.json, "Print the record as JSON");
  return command;
}

int RunShow(const GlobalOptions& global, const ShowOptions& options) {
  std::optional<int64_t> as_of;
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  if (!CheckTimeZoneOption(options.tz)) return kExitUsageError;
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::string> id = ResolveRecordId(*store, options.reference);
  if (!id.ok()) return ReportError(id.status());
  Result<std::vector<RecordVersion>> all_versions = store->Versions(*id);
  if (!all_versions.ok()) return ReportError(all_versions.status());
  VersionSummary versions;
  std::optional<Record> found = RecordAsOf(std::move(all_versions).value(), as_of, &versions);
  if (!found) {
    std::cout << (options.json ? "null" : NotRecordedYet(*id, options.as_of)) << "\n";
    return kExitOk;
  }
  const Record record = std::move(*found);

  size_t event_count = 0;
  std::vector<storage::EntityRelation> relations;
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    TimelineFilter filter;
    filter.as_of = as_of;
    // Counted as they stream by: a hot entity's 300,000 rows are never held.
    Status counted = store->ScanTimelineViews(
        entity->id, filter, [&event_count](const TimelineRowView&) { ++event_count; });
    if (!counted.ok()) return ReportError(counted);
    Result<std::vector<storage::EntityRelation>> found_relations =
        store->RelationsOf(entity->id, as_of);
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
    if (std::optional<std::string> local = WhenInDisplayZone(record, options.tz)) {
      out["when_in_zone"] = *local;
    }
    if (versions.count > 1) out["versions"] = versions.count;
    if (!versions.conflicts.empty()) {
      OrderedJson conflicts = OrderedJson::array();
      for (const FieldConflict& conflict : versions.conflicts) {
        conflicts.push_back(ConflictToJson(conflict));
      }
      out["conflicts"] = std::move(conflicts);
    }
    PrintJson(out);
    return kExitOk;
  }
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    ShowEntity(*store, *entity, event_count, relations);
  } else if (const Event* event = std::get_if<Event>(&record)) {
    ShowEvent(*store, *event, options.tz);
  } else if (const Relation* relation = std::get_if<Relation>(&record)) {
    ShowRelation(*store, *relation, options.tz);
  } else {
    ShowSource(std::get<Source>(record));
  }
  PrintVersionSummary(*id, versions);
  return kExitOk;
}

}  // namespace chronicle::cli
