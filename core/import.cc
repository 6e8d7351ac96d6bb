#include "core/import.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/strings/string_view.h>

#include "core/batch_queue.h"
#include "core/id_catalog.h"
#include "core/input_entities.h"
#include "core/record_json.h"
#include "core/text.h"
#include "core/versions.h"

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

// Record types as stored in input_ids_ (0 = absent).
uint8_t TypeCode(std::string_view type_name) {
  if (type_name == "entity") return 1;
  if (type_name == "event") return 2;
  if (type_name == "relation") return 3;
  return 4;
}
std::string_view TypeNameOfCode(uint8_t code) {
  static constexpr std::string_view kNames[] = {"", "entity", "event", "relation", "source"};
  return code < 5 ? kNames[code] : "";
}

}  // namespace

// Where a repeated id first appeared in pass 2, and what each occurrence said.
struct ImportPlanner::FirstOccurrence {
  std::string file;
  int64_t line = 0;
  std::string_view type;                          // record type name
  std::unordered_set<std::string> written_texts;  // canonical texts as written (before resolution)
};

// Resolves references for one import: the input's own records first, then the store.
class ImportPlanner::Resolver final : public SourceLookup {
 public:
  Resolver(RecordDirectory& directory, IdSpill id_spill, EntitySpill entity_spill)
      : directory_(directory),
        input_ids_(std::move(id_spill)),
        stored_types_cap_(std::max<size_t>(entity_spill.memory_entities, 1)),
        input_entities_(std::move(entity_spill)) {}

  // SourceLookup, for record times: the input's sources (read whole in pass 1), then the
  // store's, each parsed once. A failing store is noted (store_failed) and the source taken as
  // unknown.
  std::optional<int64_t> PublishedTimeOf(std::string_view source_id) const override {
    // (Debian's Abseil has its own string_view type for heterogeneous look-up.)
    if (auto it = published_times_.find(absl::string_view(source_id.data(), source_id.size()));
        it != published_times_.end()) {
      return it->second;
    }
    auto* self = const_cast<Resolver*>(this);  // the cache is an implementation detail
    const std::string id(source_id);
    std::optional<int64_t> published;
    Result<std::optional<RecordDirectory::StoredRecord>> stored = self->directory_.FindById(id);
    if (!stored.ok()) {
      self->StoreFailure(stored.status()).IgnoreError();  // noted; reported by Plan
    } else if (stored->has_value() && (*stored)->type == "source") {
      Result<Record> record = ParseRecordLine((*stored)->canonical_text);
      if (record.ok() && std::holds_alternative<Source>(*record)) {
        published = PublishedTime(std::get<Source>(*record).published);
      }
    }
    self->published_times_.emplace(id, published);
    return published;
  }

  void AddInput(const InputRecord& input) {
    const std::string& id = RecordId(input.record);
    input_ids_.Add(IdWord(HashId(id), TypeCode(RecordTypeName(input.record))));
    if (const Entity* entity = std::get_if<Entity>(&input.record)) {
      input_entities_.Add(id, entity->name, entity->aliases);
    } else if (const Source* source = std::get_if<Source>(&input.record)) {
      source_ids_.insert(id);
      // A repeated source id keeps its first occurrence (pass 2 rejects a repeated source with
      // different content).
      published_times_.try_emplace(id, PublishedTime(source->published));
    }
  }

  // Ends pass 1. REQUIRES: every record was added.
  [[nodiscard]] Status EndCatalog() {
    CHRONICLE_RETURN_IF_ERROR(input_ids_.Seal());
    return input_entities_.Seal();
  }

  const InputEntities& input_entities() const { return input_entities_; }

  bool MaybeRepeated(const std::string& id) const { return input_ids_.MaybeRepeated(HashId(id)); }
  std::unordered_map<std::string, FirstOccurrence>& first_occurrences() {
    return first_occurrences_;
  }

  // Replaces *reference by the id of the entity it names; an id (the usual case) is left as it
  // is, uncopied. On bad input returns InvalidArgument / NotFound / Ambiguous and leaves
  // *reference alone; a failing directory returns its own status with `store_failed` set.
  Status ResolveEntity(std::string* reference_in_out) {
    const std::string& reference = *reference_in_out;
    if (input_entities_.Contains(reference)) return Status::Ok();
    Result<std::string_view> stored_type = StoredTypeOf(reference);
    if (!stored_type.ok()) return StoreFailure(stored_type.status());
    if (*stored_type == "entity") return Status::Ok();
    Result<std::string> normalized = NormalizeName(reference);
    if (!normalized.ok()) return normalized.status();
    std::set<std::string> candidates;
    input_entities_.IdsNamed(*normalized, &candidates);
    Result<std::vector<std::string>> stored_ids = directory_.FindEntitiesByName(*normalized);
    if (!stored_ids.ok()) return StoreFailure(stored_ids.status());
    candidates.insert(stored_ids->begin(), stored_ids->end());
    if (candidates.size() == 1) {
      *reference_in_out = *candidates.begin();
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
    if (source_ids_.contains(reference)) return Status::Ok();
    // A stored source (the usual case when events cite sources of earlier imports) is found
    // in the look-up cache; the input's ids are searched only to word an error. (An input
    // record of another type with a stored source's id is rejected for its own id.)
    Result<std::string_view> stored_type = StoredTypeOf(reference);
    if (!stored_type.ok()) return StoreFailure(stored_type.status());
    if (*stored_type == "source") return Status::Ok();
    std::string type(TypeNameOfCode(input_ids_.TypeCodeOf(HashId(reference))));
    if (type.empty()) type = *stored_type;
    if (type == "source") return Status::Ok();  // only an input id with this id's hash
    if (type.empty()) return Status::NotFound("no source with id '" + reference + "'");
    return Status::InvalidArgument("'" + reference + "' is " +
                                   (type == "event" || type == "entity" ? "an " : "a ") + type +
                                   ", not a source");
  }

  // The type of the record stored under `id` ("" when there is none). References repeat (one
  // entity in many events), so look-ups are cached, as type codes: a cache of the stored
  // records whole copied an entity's text for every reference to it and held the text of
  // every stored entity an import cites.
  Result<std::string_view> StoredTypeOf(const std::string& id) {
    if (auto it = stored_types_.find(id); it != stored_types_.end()) {
      return TypeNameOfCode(it->second);
    }
    Result<std::optional<RecordDirectory::StoredRecord>> stored = directory_.FindById(id);
    if (!stored.ok()) return stored.status();
    const uint8_t code = stored->has_value() ? TypeCode((*stored)->type) : 0;
    if (stored_types_.size() >= stored_types_cap_) stored_types_.clear();
    stored_types_.emplace(id, code);
    return TypeNameOfCode(code);
  }

  // A record's own id is looked up once, so it is not cached.
  Result<std::optional<RecordDirectory::StoredRecord>> FindStoredUncached(const std::string& id) {
    return directory_.FindById(id);
  }

  bool store_failed() const { return store_failed_; }
  const Status& store_status() const { return store_status_; }

 private:
  Result<std::vector<std::string>> KnownNames() {
    if (!known_names_) {
      Result<std::vector<std::string>> stored = directory_.AllEntityNames();
      if (!stored.ok()) return stored.status();
      // An entity both in the input and stored (a re-import) would otherwise be suggested twice.
      std::vector<std::string> names;
      std::set<std::string_view> seen;
      for (std::string_view name : input_entities_.Names()) {
        if (seen.insert(name).second) names.emplace_back(name);
      }
      for (const std::string& name : *stored) {
        if (seen.insert(name).second) names.push_back(name);
      }
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
  // The ids of an import, as 62-bit hashes with their record type (IdWord): 8 bytes an id. A
  // hash is only ever used to suspect a repeated id, which is then checked exactly, or to word
  // an error message.
  IdCatalog input_ids_;
  size_t stored_types_cap_;
  // Looked up once or more per reference of every record: open addressing (Abseil's Swiss
  // tables) instead of node-based sets, whose cache misses were a sixth of planning.
  absl::flat_hash_set<std::string> source_ids_;
  // The input's entities: ids, names as written, and indexes by id and normalised name.
  InputEntities input_entities_;
  std::unordered_map<std::string, FirstOccurrence> first_occurrences_;
  std::optional<std::vector<std::string>> known_names_;
  // A cache of the stored records' types (codes, 0 = none stored) by reference, emptied when it
  // holds as many as the input's entities kept in memory (EntitySpill::memory_entities), so that
  // references to many stored entities do not grow it without bound.
  absl::flat_hash_map<std::string, uint8_t> stored_types_;
  // The publication instants of the input's sources and of the stored sources asked for.
  absl::flat_hash_map<std::string, std::optional<int64_t>> published_times_;
  bool store_failed_ = false;
  Status store_status_;
};

namespace {

// Resolves every reference inside `record` in place. Returns the first problem, with its field.
Status ResolveReferences(Record& record, ImportPlanner::Resolver& resolver) {
  auto resolve_entity = [&](std::string& reference, const std::string& field) -> Status {
    Status status = resolver.ResolveEntity(&reference);
    if (!status.ok()) return status.WithField(field);
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

namespace {

// The next line of `text` from *offset that holds more than spaces and tabs, without its line
// break (LF or CRLF); advances *offset past it and counts lines in *line_number. Returns false
// at the end of `text`.
bool NextContentLine(std::string_view text, size_t* offset, std::string_view* line,
                     int64_t* line_number) {
  while (*offset < text.size()) {
    const size_t end = std::min(text.find('\n', *offset), text.size());
    *line = text.substr(*offset, end - *offset);
    *offset = end + 1;
    ++*line_number;
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    if (line->find_first_not_of(" \t") != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

JsonLinesFileStream::JsonLinesFileStream(std::vector<std::string> paths,
                                         std::vector<std::string> names)
    : paths_(std::move(paths)), names_(std::move(names)) {
  if (names_.empty()) names_ = paths_;
}

JsonLinesFileStream::~JsonLinesFileStream() = default;

bool JsonLinesFileStream::Next(InputRecord* record, Status* error, ReadMode mode) {
  *error = Status::Ok();
  while (path_idx_ < paths_.size()) {
    const std::string& name = names_[path_idx_];
    if (!file_) {
      Result<MappedFile> file = MappedFile::Open(paths_[path_idx_], name);
      line_number_ = 0;
      offset_ = 0;
      if (!file.ok()) {
        *error = file.status();
        ++path_idx_;
        return true;
      }
      file_ = std::move(file).value();
      done_before_ = 0;
    }
    // Release what was read in steps of 4 MiB (one madvise per step).
    if (offset_ - done_before_ >= (size_t{4} << 20)) {
      file_->DoneBefore(offset_);
      done_before_ = offset_;
    }
    std::string_view line;
    if (NextContentLine(file_->contents(), &offset_, &line, &line_number_)) {
      Result<Record> parsed =
          mode == ReadMode::kCatalog ? ParseRecordLineForCatalog(line) : ParseRecordLine(line);
      if (!parsed.ok()) {
        *error = parsed.status().At(name, line_number_);
        return true;
      }
      record->record = std::move(parsed).value();
      record->file = name;
      record->line = line_number_;
      return true;
    }
    file_.reset();
    ++path_idx_;
  }
  return false;
}

Status JsonLinesFileStream::Rewind() {
  file_.reset();
  path_idx_ = 0;
  line_number_ = 0;
  return Status::Ok();
}

bool VectorRecordStream::Next(InputRecord* record, Status* error, ReadMode /*mode*/) {
  *error = Status::Ok();
  if (next_ >= records_.size()) return false;
  *record = records_[next_++];
  return true;
}

Status VectorRecordStream::Rewind() {
  next_ = 0;
  return Status::Ok();
}

ImportPlanner::ImportPlanner(RecordDirectory& directory, int64_t import_time, IdSpill id_spill,
                             EntitySpill entity_spill)
    : resolver_(
          std::make_unique<Resolver>(directory, std::move(id_spill), std::move(entity_spill))),
      import_time_(import_time) {}

ImportPlanner::~ImportPlanner() = default;

std::optional<uint32_t> ImportPlanner::InputEntityOrdinal(std::string_view id) const {
  return resolver_->input_entities().OrdinalOf(id);
}

uint32_t ImportPlanner::input_entity_ordinals() const {
  return resolver_->input_entities().ordinal_count();
}

void ImportPlanner::Catalog(const InputRecord& input) { resolver_->AddInput(input); }

Result<ImportPlanner::Decision> ImportPlanner::Plan(InputRecord& input, PlannedRecord* planned) {
  CHRONICLE_RETURN_IF_ERROR(resolver_->EndCatalog());  // at the first Plan: pass 1 is over
  const std::string id = RecordId(input.record);
  const std::string_view type = RecordTypeName(input.record);
  const bool is_source = std::holds_alternative<Source>(input.record);
  auto reject = [&](const Status& status) {
    errors_.push_back(status.At(input.file, input.line));
    return Decision::kRejected;
  };
  *planned = PlannedRecord{};

  // A repeated id: each occurrence with new content is a version; an occurrence identical to
  // an earlier one (as written, before resolution) is unchanged.
  if (resolver_->MaybeRepeated(id)) {
    std::string written_text = CanonicalRecordText(input.record);
    auto [first, is_first] = resolver_->first_occurrences().try_emplace(
        id, FirstOccurrence{input.file, input.line, type, {}});
    const std::string first_at = first->second.file + ":" + std::to_string(first->second.line);
    if (!is_first && first->second.type != type) {
      const std::string_view used = first->second.type;
      return reject(Status::InvalidArgument("id '" + id + "' is already used by " +
                                            (used == "event" || used == "entity" ? "an " : "a ") +
                                            std::string(used) + " (at " + first_at + ")")
                        .WithField("id"));
    }
    if (first->second.written_texts.contains(written_text)) return Decision::kUnchanged;
    if (!is_first && is_source) {
      return reject(Status::InvalidArgument("duplicate source id '" + id +
                                            "' with different content (first at " + first_at +
                                            "); a source cannot change")
                        .WithField("id"));
    }
    first->second.written_texts.insert(std::move(written_text));
    planned->versioned = true;
    planned->repeated = true;
  }

  Status status = ResolveReferences(input.record, *resolver_);
  if (resolver_->store_failed()) return resolver_->store_status();
  if (!status.ok()) return reject(status);

  Result<std::optional<RecordDirectory::StoredRecord>> stored = resolver_->FindStoredUncached(id);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    const RecordDirectory::StoredRecord& existing = **stored;
    if (existing.type != type) {
      return reject(
          Status::InvalidArgument("id '" + id + "' is already used by a stored " + existing.type)
              .WithField("id"));
    }
    if (existing.canonical_text == CanonicalRecordText(input.record)) return Decision::kUnchanged;
    if (is_source) {
      return reject(Status::InvalidArgument("a different source with id '" + id +
                                            "' is already stored; a source cannot change (its "
                                            "published date dates what cites it)")
                        .WithField("id"));
    }
    planned->versioned = true;
  }
  planned->recorded_at = RecordTimeOf(input.record, *resolver_, import_time_);
  if (resolver_->store_failed()) return resolver_->store_status();
  return Decision::kNew;
}

namespace {

// Reads a stream on a second thread, in batches, while the caller plans what was read: reading
// and parsing were a third of an import's time on the planning thread.
class ReadAhead {
 public:
  ReadAhead(RecordStream& stream, RecordStream::ReadMode mode) : queue_(kMaxQueuedBatches) {
    thread_ = std::thread([this, &stream, mode] { Produce(stream, mode); });
  }
  ~ReadAhead() {
    queue_.Stop();  // the reader ends at its next batch if it has not yet
    thread_.join();
  }

  // Same contract as RecordStream::Next.
  bool Next(InputRecord* record, Status* error) {
    if (next_ == batch_.size()) {
      std::optional<std::vector<Item>> batch = queue_.Pop();
      if (!batch) return false;
      batch_ = std::move(*batch);
      next_ = 0;
    }
    Item& item = batch_[next_++];
    *record = std::move(item.record);
    *error = std::move(item.error);
    return true;
  }

 private:
  static constexpr size_t kBatchSize = 1024;
  static constexpr size_t kMaxQueuedBatches = 4;
  struct Item {
    InputRecord record;
    Status error;
  };

  void Produce(RecordStream& stream, RecordStream::ReadMode mode) {
    std::vector<Item> batch;
    Item item;
    while (stream.Next(&item.record, &item.error, mode)) {
      batch.push_back(std::move(item));
      if (batch.size() == kBatchSize && !queue_.Push(std::exchange(batch, {}))) return;
    }
    if (!batch.empty()) queue_.Push(std::move(batch));
    queue_.Close();
  }

  BatchQueue<Item> queue_;
  std::vector<Item> batch_;  // being read by Next
  size_t next_ = 0;
  std::thread thread_;
};

}  // namespace

Result<size_t> PlanStream(RecordStream& stream, RecordDirectory& directory, int64_t import_time,
                          const AcceptRecord& accept, std::vector<Status>* errors,
                          IdSpill id_spill) {
  ImportPlanner planner(directory, import_time, std::move(id_spill));
  return PlanStream(stream, planner, accept, errors);
}

Result<size_t> PlanStream(RecordStream& stream, ImportPlanner& planner, const AcceptRecord& accept,
                          std::vector<Status>* errors) {
  PlannedRecord planned;
  InputRecord input;
  Status error;
  // Pass 1: every id and name, and every line that does not parse.
  std::vector<Status> parse_errors;
  std::set<std::pair<std::string, int64_t>> pass1_error_lines;
  std::unordered_map<std::string, size_t> file_order;
  {
    ReadAhead catalog_reader(stream, RecordStream::ReadMode::kCatalog);
    while (catalog_reader.Next(&input, &error)) {
      if (!error.ok()) {
        file_order.try_emplace(error.location().file, file_order.size());
        pass1_error_lines.emplace(error.location().file, error.location().line);
        parse_errors.push_back(error);
        if (parse_errors.size() >= kMaxImportErrors) break;
        continue;
      }
      file_order.try_emplace(input.file, file_order.size());
      planner.Catalog(input);
    }
  }
  // Pass 2: plan every record that parsed. Once something is wrong, records are still planned
  // (to report every problem) but no longer handed on.
  size_t unchanged = 0;
  if (parse_errors.size() < kMaxImportErrors) {
    CHRONICLE_RETURN_IF_ERROR(stream.Rewind());
    ReadAhead reader(stream, RecordStream::ReadMode::kWhole);
    while (reader.Next(&input, &error)) {
      if (!error.ok()) {
        // Pass 1 read events and relations only in part: what it could not see fails now.
        if (!pass1_error_lines.contains({error.location().file, error.location().line})) {
          parse_errors.push_back(error);
        }
        continue;
      }
      Result<ImportPlanner::Decision> decision = planner.Plan(input, &planned);
      if (!decision.ok()) return decision.status();
      if (*decision == ImportPlanner::Decision::kUnchanged) ++unchanged;
      if (*decision == ImportPlanner::Decision::kNew && parse_errors.empty() &&
          planner.errors().empty()) {
        CHRONICLE_RETURN_IF_ERROR(accept(input.record, planned));
      }
      if (parse_errors.size() + planner.errors().size() >= kMaxImportErrors) break;
    }
  }
  // Report in input order: by file (in the order first seen), then line.
  std::vector<Status> all = std::move(parse_errors);
  all.insert(all.end(), planner.errors().begin(), planner.errors().end());
  std::stable_sort(all.begin(), all.end(), [&](const Status& a, const Status& b) {
    auto order = [&](const Status& status) {
      auto it = file_order.find(status.location().file);
      return std::make_pair(it == file_order.end() ? file_order.size() : it->second,
                            status.location().line);
    };
    return order(a) < order(b);
  });
  if (all.size() > kMaxImportErrors) all.resize(kMaxImportErrors);
  *errors = std::move(all);
  return unchanged;
}

void ReadJsonLines(std::istream& input, const std::string& file, std::vector<InputRecord>* records,
                   std::vector<Status>* errors) {
  const std::string text(std::istreambuf_iterator<char>(input), {});
  if (input.bad() || input.rdbuf() == nullptr) {
    errors->push_back(Status::IoError("read failed").At(file, 0));
    return;
  }
  size_t offset = 0;
  std::string_view line;
  int64_t line_number = 0;
  while (NextContentLine(text, &offset, &line, &line_number)) {
    Result<Record> record = ParseRecordLine(line);
    if (!record.ok()) {
      errors->push_back(record.status().At(file, line_number));
      if (errors->size() >= kMaxImportErrors) return;
      continue;
    }
    records->push_back(InputRecord{std::move(record).value(), file, line_number});
  }
}

Result<ImportPlan> PlanImport(std::vector<InputRecord> inputs, RecordDirectory& directory,
                              int64_t import_time) {
  VectorRecordStream stream(std::move(inputs));
  ImportPlan plan;
  // Records are collected even after an error so that the plan lists what was good.
  ImportPlanner planner(directory, import_time);
  PlannedRecord planned;
  InputRecord input;
  Status error;
  while (stream.Next(&input, &error)) planner.Catalog(input);
  CHRONICLE_RETURN_IF_ERROR(stream.Rewind());
  while (stream.Next(&input, &error)) {
    if (planner.has_too_many_errors()) break;
    Result<ImportPlanner::Decision> decision = planner.Plan(input, &planned);
    if (!decision.ok()) return decision.status();
    if (*decision == ImportPlanner::Decision::kUnchanged) ++plan.unchanged;
    if (*decision == ImportPlanner::Decision::kNew) {
      plan.records.push_back(std::move(input.record));
      plan.planned.push_back(planned);
    }
  }
  plan.errors = std::move(planner.errors());
  return plan;
}

Result<std::string> ResolveEntityReference(std::string_view reference, RecordDirectory& directory) {
  ImportPlanner::Resolver resolver(directory, IdSpill{}, EntitySpill{});
  std::string id(reference);
  Status status = resolver.ResolveEntity(&id);
  if (!status.ok()) return status;
  return id;
}

}  // namespace chronicle
