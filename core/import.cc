#include "core/import.h"

#include <map>
#include <set>
#include <unordered_map>

#include "core/record_json.h"
#include "core/text.h"

namespace chronicle {
namespace {

std::string JoinIds(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

std::string Suggestions(std::string_view query, const std::vector<std::string>& names) {
  std::vector<std::string> closest = ClosestNames(query, names, 3);
  if (closest.empty()) return "";
  std::string out = " (did you mean: ";
  for (size_t name_idx = 0; name_idx < closest.size(); ++name_idx) {
    out += (name_idx ? ", " : "") + closest[name_idx];
  }
  return out + "?)";
}

// Resolves references for one import: the input's own records first, then the store.
class Resolver {
 public:
  Resolver(const std::vector<InputRecord>& inputs, RecordDirectory& directory)
      : directory_(directory) {
    for (const InputRecord& input : inputs) {
      const std::string& id = RecordId(input.record);
      input_types_.emplace(id, std::string(RecordTypeName(input.record)));
      if (const Entity* entity = std::get_if<Entity>(&input.record)) {
        AddInputName(entity->name, id);
        for (const std::string& alias : entity->aliases) AddInputName(alias, id);
      }
    }
  }

  // On success *id is the entity id. On bad input returns InvalidArgument / NotFound /
  // Ambiguous; a failing directory returns its own status with `store_failed` set.
  Status ResolveEntity(const std::string& reference, std::string* id) {
    if (auto it = input_types_.find(reference); it != input_types_.end() && it->second == "entity") {
      *id = reference;
      return Status::Ok();
    }
    Result<std::optional<RecordDirectory::StoredRecord>> stored = FindStored(reference);
    if (!stored.ok()) return StoreFailure(stored.status());
    if (stored->has_value() && (*stored)->type == "entity") {
      *id = reference;
      return Status::Ok();
    }
    Result<std::string> normalized = NormalizeName(reference);
    if (!normalized.ok()) return normalized.status();
    std::set<std::string> candidates;
    if (auto it = input_names_.find(*normalized); it != input_names_.end()) {
      candidates.insert(it->second.begin(), it->second.end());
    }
    Result<std::vector<std::string>> stored_ids = directory_.FindEntitiesByName(*normalized);
    if (!stored_ids.ok()) return StoreFailure(stored_ids.status());
    candidates.insert(stored_ids->begin(), stored_ids->end());
    if (candidates.size() == 1) {
      *id = *candidates.begin();
      return Status::Ok();
    }
    if (candidates.size() > 1) {
      return Status::Ambiguous("'" + reference + "' names " + std::to_string(candidates.size()) +
                               " entities: " + JoinIds(candidates) + " (use an id)");
    }
    Result<std::vector<std::string>> names = KnownNames();
    if (!names.ok()) return StoreFailure(names.status());
    return Status::NotFound("no entity named '" + reference + "'" + Suggestions(reference, *names));
  }

  Status ResolveSource(const std::string& reference) {
    std::string type;
    if (auto it = input_types_.find(reference); it != input_types_.end()) {
      type = it->second;
    } else {
      Result<std::optional<RecordDirectory::StoredRecord>> stored = FindStored(reference);
      if (!stored.ok()) return StoreFailure(stored.status());
      if (stored->has_value()) type = (*stored)->type;
    }
    if (type == "source") return Status::Ok();
    if (type.empty()) return Status::NotFound("no source with id '" + reference + "'");
    return Status::InvalidArgument("'" + reference + "' is " +
                                   (type == "event" || type == "entity" ? "an " : "a ") + type +
                                   ", not a source");
  }

  Result<std::optional<RecordDirectory::StoredRecord>> FindStored(const std::string& id) {
    if (auto it = stored_cache_.find(id); it != stored_cache_.end()) return it->second;
    Result<std::optional<RecordDirectory::StoredRecord>> stored = directory_.FindById(id);
    if (stored.ok()) stored_cache_.emplace(id, *stored);
    return stored;
  }

  bool store_failed() const { return store_failed_; }
  const Status& store_status() const { return store_status_; }

 private:
  void AddInputName(const std::string& name, const std::string& id) {
    Result<std::string> normalized = NormalizeName(name);
    if (normalized.ok()) {
      input_names_[*normalized].insert(id);
      input_display_names_.push_back(name);
    }
  }

  Result<std::vector<std::string>> KnownNames() {
    if (!known_names_) {
      Result<std::vector<std::string>> stored = directory_.AllEntityNames();
      if (!stored.ok()) return stored.status();
      std::vector<std::string> names = input_display_names_;
      names.insert(names.end(), stored->begin(), stored->end());
      known_names_ = std::move(names);
    }
    return *known_names_;
  }

  Status StoreFailure(const Status& status) {
    store_failed_ = true;
    store_status_ = status;
    return status;
  }

  RecordDirectory& directory_;
  std::unordered_map<std::string, std::string> input_types_;  // id -> record type name
  std::unordered_map<std::string, std::set<std::string>> input_names_;
  std::vector<std::string> input_display_names_;
  std::optional<std::vector<std::string>> known_names_;
  std::unordered_map<std::string, std::optional<RecordDirectory::StoredRecord>> stored_cache_;
  bool store_failed_ = false;
  Status store_status_;
};

// Resolves every reference inside `record` in place. Returns the first problem, with its field.
Status ResolveReferences(Record& record, Resolver& resolver) {
  auto resolve_entity = [&](std::string& reference, const std::string& field) -> Status {
    std::string id;
    Status status = resolver.ResolveEntity(reference, &id);
    if (!status.ok()) return status.WithField(field);
    reference = id;
    return Status::Ok();
  };
  auto resolve_sources = [&](const std::vector<SourceRef>& sources) -> Status {
    for (size_t source_idx = 0; source_idx < sources.size(); ++source_idx) {
      Status status = resolver.ResolveSource(sources[source_idx].source);
      if (!status.ok()) {
        return status.WithField("sources[" + std::to_string(source_idx) + "].source");
      }
    }
    return Status::Ok();
  };
  if (Event* event = std::get_if<Event>(&record)) {
    if (!event->place.empty()) CHRONICLE_RETURN_IF_ERROR(resolve_entity(event->place, "place"));
    for (size_t participant_idx = 0; participant_idx < event->participants.size();
         ++participant_idx) {
      CHRONICLE_RETURN_IF_ERROR(
          resolve_entity(event->participants[participant_idx].entity,
                         "participants[" + std::to_string(participant_idx) + "].entity"));
    }
    return resolve_sources(event->sources);
  }
  if (Relation* relation = std::get_if<Relation>(&record)) {
    CHRONICLE_RETURN_IF_ERROR(resolve_entity(relation->from, "from"));
    CHRONICLE_RETURN_IF_ERROR(resolve_entity(relation->to, "to"));
    return resolve_sources(relation->sources);
  }
  return Status::Ok();
}

}  // namespace

void ReadJsonLines(std::istream& input, const std::string& file, std::vector<InputRecord>* records,
                   std::vector<Status>* errors) {
  std::string line;
  int64_t line_number = 0;
  while (std::getline(input, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Result<Record> record = ParseRecordLine(line);
    if (!record.ok()) {
      errors->push_back(record.status().At(file, line_number));
      if (errors->size() >= kMaxImportErrors) return;
      continue;
    }
    records->push_back(InputRecord{std::move(record).value(), file, line_number});
  }
  if (input.bad()) errors->push_back(Status::IoError("read failed").At(file, 0));
}

Result<ImportPlan> PlanImport(std::vector<InputRecord> inputs, RecordDirectory& directory) {
  ImportPlan plan;
  Resolver resolver(inputs, directory);
  // id -> (canonical text as written, where first seen), to spot repeats within the input.
  std::unordered_map<std::string, std::pair<std::string, const InputRecord*>> first_seen;
  for (InputRecord& input : inputs) {
    if (plan.errors.size() >= kMaxImportErrors) break;
    const std::string id = RecordId(input.record);
    auto fail = [&](const Status& status) { plan.errors.push_back(status.At(input.file, input.line)); };

    std::string written_text = CanonicalRecordText(input.record);
    auto [seen_it, is_first] = first_seen.try_emplace(id, written_text, &input);
    if (!is_first) {
      const auto& [first_text, first_input] = seen_it->second;
      if (first_text == written_text) {
        ++plan.unchanged;
      } else {
        fail(Status::InvalidArgument("duplicate id '" + id + "' with different content (first at " +
                                     first_input->file + ":" + std::to_string(first_input->line) +
                                     ")")
                 .WithField("id"));
      }
      continue;
    }

    Status status = ResolveReferences(input.record, resolver);
    if (resolver.store_failed()) return resolver.store_status();
    if (!status.ok()) {
      fail(status);
      continue;
    }

    Result<std::optional<RecordDirectory::StoredRecord>> stored = resolver.FindStored(id);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      const RecordDirectory::StoredRecord& existing = **stored;
      std::string_view type = RecordTypeName(input.record);
      if (existing.type != type) {
        fail(Status::InvalidArgument("id '" + id + "' is already used by a stored " +
                                     existing.type)
                 .WithField("id"));
      } else if (existing.canonical_text == CanonicalRecordText(input.record)) {
        ++plan.unchanged;
      } else {
        fail(Status::InvalidArgument("a different " + std::string(type) + " with id '" + id +
                                     "' is already stored")
                 .WithField("id"));
      }
      continue;
    }
    plan.records.push_back(std::move(input.record));
  }
  return plan;
}

Result<std::string> ResolveEntityReference(std::string_view reference, RecordDirectory& directory) {
  std::vector<InputRecord> no_inputs;
  Resolver resolver(no_inputs, directory);
  std::string id;
  Status status = resolver.ResolveEntity(std::string(reference), &id);
  if (!status.ok()) return status;
  return id;
}

}  // namespace chronicle
