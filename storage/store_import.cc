// Store::Import: one import, in one pass over the records the planner hands on (PlanStream,
// core/import.h).
//
// Records whose id is new and appears once in the input (the bulk) stream into the BulkWriter
// as they go by: the record, its index entries and, for an entity, its internal id. Versioned
// ids (stored already, or repeated in the input) are merged with their stored versions: a
// stored id that occurs once as it streams by, an id repeated in the input once the whole
// input has been read. The version that is latest under VersionOrder becomes (or stays)
// current in `records` and the indexes, every other version goes to `versions`, and the index
// entries of a superseded current version are deleted. Last, the import's counts are folded
// into the counters, and everything lands in one atomic ingestion (storage/bulk_writer.h).
#include <absl/container/flat_hash_map.h>
#include <rocksdb/metadata.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/batch_queue.h"
#include "core/record_json.h"
#include "core/text.h"
#include "storage/bulk_writer.h"
#include "storage/index_values.h"
#include "storage/key_codec.h"
#include "storage/store.h"
#include "storage/store_impl.h"
#include "storage/timeline_pages.h"

namespace chronicle::storage {
namespace {

// The ordinal of a version that was current and is superseded by a later import.
constexpr uint32_t kDemotedOrdinal = 0xFFFFFFFF;

RecordType RecordTypeOf(const Record& record) {
  switch (record.index()) {
    case 0:
      return RecordType::kEntity;
    case 1:
      return RecordType::kEvent;
    case 2:
      return RecordType::kRelation;
    default:
      return RecordType::kSource;
  }
}

// The index of the version that is current (latest under VersionOrder). REQUIRES: non-empty.
size_t LatestVersion(const std::vector<RecordVersion>& versions) {
  return *VersionAsOf(versions, std::numeric_limits<int64_t>::max());
}

// The days a relation is indexed at: open ends when it is undated.
std::pair<int32_t, int32_t> RelationDays(const Relation& relation) {
  if (!relation.when) return {kOpenStartDay, kOpenEndDay};
  return {relation.when->earliest_day, relation.when->latest_day};
}

// The days an event or relation version is indexed at.
std::pair<int32_t, int32_t> DaysOf(const Record& record) {
  if (const Event* event = std::get_if<Event>(&record)) {
    return {event->when.earliest_day, event->when.latest_day};
  }
  if (const Relation* relation = std::get_if<Relation>(&record)) return RelationDays(*relation);
  return {kOpenStartDay, kOpenEndDay};
}

// The entities an event or relation version names (participants and place; both ends).
std::vector<std::string> EntitiesNamedBy(const Record& record) {
  if (const Event* event = std::get_if<Event>(&record)) return EntitiesOf(*event);
  if (const Relation* relation = std::get_if<Relation>(&record)) {
    return {relation->from, relation->to};
  }
  return {};
}

int64_t UnixSecondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Counts by enum value (`deltas[value]`), as the import keeps them.
using CountsByEnum = std::array<int64_t, 8>;
static_assert(static_cast<size_t>(EntityKind::kOther) < std::tuple_size_v<CountsByEnum> &&
                  static_cast<size_t>(EventStatus::kPostponed) < std::tuple_size_v<CountsByEnum>,
              "CountsByEnum needs a slot for every EntityKind and EventStatus value");

// Adds `deltas` to the named counts *totals, where names[idx] names enum value idx + 1; a
// total that falls to zero is erased.
void FoldNamedCounts(const std::vector<std::string>& names, const CountsByEnum& deltas,
                     std::map<std::string, uint64_t>* totals) {
  for (size_t idx = 0; idx < names.size(); ++idx) {
    if (int64_t delta = deltas[idx + 1]; delta != 0) {
      uint64_t& total = (*totals)[names[idx]];
      total = static_cast<uint64_t>(static_cast<int64_t>(total) + delta);
      if (total == 0) totals->erase(names[idx]);
    }
  }
}

// The timeline pages stored before the import, read through one iterator (per merge slice)
// that does not fill the block cache. An entity numbered by this import has none, so it is
// never looked up.
class StoredTimelinePages final : public StoredPages {
 public:
  StoredTimelinePages(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, uint64_t first_new_iid)
      : db_(db), family_(family), first_new_iid_(first_new_iid) {}

  Result<std::optional<Page>> FirstAtOrAfter(uint64_t entity_iid, std::string_view key) override {
    if (entity_iid >= first_new_iid_) return std::optional<Page>();
    rocksdb::Iterator& it = Iterator();
    it.Seek(key);
    return PageAt(entity_iid);
  }

  Result<std::optional<Page>> LastBefore(uint64_t entity_iid, std::string_view key) override {
    if (entity_iid >= first_new_iid_) return std::optional<Page>();
    rocksdb::Iterator& it = Iterator();
    it.SeekForPrev(key);
    if (it.Valid() && it.key().ToStringView() == key) it.Prev();
    return PageAt(entity_iid);
  }

 private:
  rocksdb::Iterator& Iterator() {
    if (!it_) {
      rocksdb::ReadOptions options;
      options.fill_cache = false;
      options.total_order_seek = true;  // seeks that may land in another entity's pages
      it_.reset(db_->NewIterator(options, family_));
    }
    return *it_;
  }
  // The page the iterator is at, if it is one of the entity's.
  Result<std::optional<Page>> PageAt(uint64_t entity_iid) {
    if (!it_->Valid()) {
      CHRONICLE_RETURN_IF_ERROR(FromRocks(it_->status(), "cannot read the timeline"));
      return std::optional<Page>();
    }
    const std::string_view key = it_->key().ToStringView();
    if (!key.starts_with(TimelinePrefix(entity_iid))) return std::optional<Page>();
    return std::optional<Page>(Page{std::string(key), std::string(it_->value().ToStringView())});
  }

  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
  const uint64_t first_new_iid_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// The timeline family's transform: the import's row entries become pages.
class TimelinePagesTransform final : public BulkWriter::Transform {
 public:
  TimelinePagesTransform(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                         uint64_t first_new_iid, Emit emit)
      : stored_(db, family, first_new_iid),
        writer_(&stored_, std::move(emit), TimelinePageWriter::Limits{}) {}
  Status Add(std::string_view key, std::string_view value, bool is_delete) override {
    return writer_.Add(key, value, is_delete);
  }
  Status Finish() override { return writer_.Finish(); }

 private:
  StoredTimelinePages stored_;
  TimelinePageWriter writer_;
};

// Every family as it is, without transforms.
std::vector<BulkWriter::Family> PlainFamiliesOf(
    const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
    const std::vector<rocksdb::Options>& options) {
  std::vector<BulkWriter::Family> families;
  for (size_t family_idx = 0; family_idx < kCfCount; ++family_idx) {
    families.push_back({handles[family_idx], &options[family_idx]});
  }
  return families;
}

}  // namespace

// One import, from the first record the planner hands on to the commit. Everything is
// buffered in the BulkWriter until Finish commits it: a session dropped before that (input
// errors, a failure) writes nothing, and the writer's runs are discarded with it.
// Thread-safety: one thread, as Store.
class Store::Impl::ImportSession {
 public:
  // `planner` plans this import: a new entity's iid is first_new_iid_ plus its ordinal in the
  // input (ImportPlanner::InputEntityOrdinal). `cached_entity_iids`: how many entity iids the
  // session keeps at a time (ImportOptions::entities_in_memory).
  ImportSession(Impl& store, const ImportPlanner& planner, size_t cached_entity_iids)
      : store_(store),
        planner_(planner),
        writer_(store.db.get(), FamiliesOf(store),
                ImportScratchDir(store.dir, "runs")),
        counters_(store.counters),
        tx_(counters_.next_tx),
        first_new_iid_(counters_.next_iid),
        cached_entity_iids_(std::max<size_t>(cached_entity_iids, 1)) {}

  // Takes one record the planner hands on (PlanStream's AcceptRecord): a new record is written
  // at once, a stored id that occurs once is merged with its stored versions, and the versions
  // of an id repeated in the input wait for Finish.
  Status Accept(const Record& record, const PlannedRecord& planned);

  // Merges the ids repeated in the input, adds the import's counts to *result and to the
  // counters and, when the import adds records or versions, writes the counters and commits
  // (then result->tx is the import's number and the store's counters are updated).
  // REQUIRES: every record of the input was accepted, without input errors.
  Status Finish(ImportResult* result);

 private:
  // What the index entries of a version carry besides the record itself.
  struct IndexStamp {
    uint64_t tx;          // the import that stored the version
    int64_t recorded_at;  // the version's record time
    bool versioned;       // the record has several versions
  };
  // Whether index entries are written (for a current version) or deleted (for a superseded one).
  enum class IndexChange : uint8_t { kPut, kDelete };
  struct MergedVersions;

  static std::vector<BulkWriter::Family> FamiliesOf(Impl& store);

  Result<uint64_t> EntityIid(const std::string& id);
  void CountRecord(const Record& record, int64_t delta);
  // Widens what ScanStartDay assumes to cover an entry at [earliest, latest].
  void NoteSpan(int32_t earliest, int32_t latest);

  // The index entries of a current version (put) or of a superseded one (deleted).
  Status WriteIndexEntries(const Record& record, const IndexStamp& stamp) {
    return ChangeIndexEntries(record, stamp, IndexChange::kPut);
  }
  Status DeleteIndexEntries(const Record& record, const IndexStamp& stamp) {
    return ChangeIndexEntries(record, stamp, IndexChange::kDelete);
  }
  Status ChangeIndexEntries(const Record& record, const IndexStamp& stamp, IndexChange change);
  Status ChangeEntityEntries(const Entity& entity, const std::string& id, IndexChange change);
  Status ChangeEventEntries(const Event& event, const std::string& id, const IndexStamp& stamp,
                            IndexChange change);
  Status ChangeRelationEntries(const Relation& relation, const std::string& id,
                               const IndexStamp& stamp, IndexChange change);
  // Puts `value` under `key`, or deletes `key` (and ignores `value`).
  Status WriteOrDelete(IndexChange change, CfIndex family, const std::string& key,
                       const std::string& value);

  // The value `records` or `versions` holds for a version (with its internal id for an entity).
  Result<std::string> EncodeStoredValue(const Record& record, uint64_t version_tx,
                                        int64_t recorded_at);

  // A record whose id is new to the store and occurs once in the input: its index entries and
  // its current version.
  Status WriteNewRecord(const Record& record, const PlannedRecord& planned);
  // Keeps a version of an id repeated in the input until Finish merges it.
  void DeferRepeated(const Record& record, const PlannedRecord& planned);

  // Merges the versions this import brings for one id with its stored versions: the latest
  // under VersionOrder becomes (or stays) current in `records` and the indexes, every other
  // version goes to `versions`, and a superseded current version's index entries are deleted.
  // `incoming` is moved from.
  Status MergeVersions(std::vector<RecordVersion>& incoming);
  // The stored versions of the id of `incoming`, followed by those of `incoming` (moved from)
  // that are not stored already; counts the others as unchanged.
  Result<MergedVersions> AddToStoredVersions(std::vector<RecordVersion>& incoming);
  void CountNewVersions(const MergedVersions& merged);
  Status WritePastVersions(const MergedVersions& merged);
  Status WriteCurrentVersion(const MergedVersions& merged);
  Status WriteVersionedEntries(const MergedVersions& merged);

  // Adds the import's counts to the counters, and the records and versions it adds to *result.
  void FoldCounts(ImportResult* result);

  Impl& store_;
  const ImportPlanner& planner_;
  BulkWriter writer_;
  Counters counters_;  // the store's counters as this import leaves them
  const uint64_t tx_;  // the import's number

  // Stored entities keep their internal ids; the input's new entities are numbered from
  // first_new_iid_ by their ordinal in the input (an entity also stored leaves its number
  // unused), so an iid can always be worked out again: entity_iids_ is only a cache, looked up
  // for every participant (a Swiss table, see core/import.cc), and emptied when it holds
  // cached_entity_iids_ (its memory does not grow with the input; a hot entity is back at its
  // next mention).
  const uint64_t first_new_iid_;
  const size_t cached_entity_iids_;
  absl::flat_hash_map<std::string, uint64_t> entity_iids_;

  // Counted by enum value while records stream by, folded into the named counters at the end
  // (string-keyed map updates per record were needless work on the hot path).
  CountsByEnum added_by_type_{}, versions_by_type_{}, count_by_kind_{}, count_by_status_{};

  // Ids repeated in the input, in first-seen order, with the versions this import brings. A
  // stored id that occurs once is merged as it streams by, so a re-import of a whole corrected
  // batch is not held in memory.
  std::vector<std::vector<RecordVersion>> versioned_inputs_;
  std::unordered_map<std::string, size_t> versioned_index_;

  uint32_t ordinal_ = 0;         // of the next past version this import puts in `versions`
  size_t merged_unchanged_ = 0;  // incoming versions that were already stored
};

// One id's versions while they are merged: the stored ones first, then the new ones.
struct Store::Impl::ImportSession::MergedVersions {
  RecordType type = RecordType::kEntity;
  std::string id;
  std::vector<RecordVersion> all;
  size_t stored_count = 0;
  std::optional<size_t> old_current;  // the current version before the import
  size_t new_current = 0;             // the current version after it

  bool versioned() const { return all.size() > 1; }
  bool was_versioned() const { return stored_count > 1; }
  bool current_changed() const { return !old_current || *old_current != new_current; }
  // The indexes show the current version, flagged as versioned: they change with either.
  bool indexes_changed() const { return current_changed() || was_versioned() != versioned(); }
};

std::vector<BulkWriter::Family> Store::Impl::ImportSession::FamiliesOf(Impl& store) {
  std::vector<BulkWriter::Family> families = PlainFamiliesOf(store.handles, store.family_options);
  // The session writes the timeline family's rows; the writer merges them into pages, each
  // entity's in one slice. Entities from the store's next iid on are this import's: no pages.
  rocksdb::DB* db = store.db.get();
  rocksdb::ColumnFamilyHandle* timeline = store.cf(kTimeline);
  const uint64_t first_new_iid = store.counters.next_iid;
  families[kTimeline].transform = [db, timeline, first_new_iid](BulkWriter::Transform::Emit emit) {
    return std::make_unique<TimelinePagesTransform>(db, timeline, first_new_iid, std::move(emit));
  };
  families[kTimeline].group_prefix = kTimelinePrefixSize;
  return families;
}

Status Store::Impl::ConvertTimelineToPages(const std::string& format_key,
                                           const std::string& format) {
  BulkWriter writer(db.get(), PlainFamiliesOf(handles, family_options),
                    ImportScratchDir(dir, "runs"));
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf(kTimeline)));
  const TimelinePageWriter::Limits limits;
  TimelinePageBuilder page;
  std::vector<std::string> row_keys;  // of the rows in `page`
  uint64_t entity_iid = 0;
  // A page takes the key of its last row; the other rows' keys are deleted.
  auto write_page = [&]() -> Status {
    if (page.empty()) return Status::Ok();
    for (size_t row_idx = 0; row_idx + 1 < row_keys.size(); ++row_idx) {
      CHRONICLE_RETURN_IF_ERROR(writer.Delete(kTimeline, row_keys[row_idx]));
    }
    CHRONICLE_RETURN_IF_ERROR(writer.Put(kTimeline, row_keys.back(), page.Finish()));
    row_keys.clear();
    return Status::Ok();
  };
  TimelineRowView row;
  std::string sources;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    TimelineKeyParts parts;
    uint64_t tx = 0;
    if (!DecodeTimelineKey(key, &parts) ||
        !DecodeTimelineValue(it->value().ToStringView(), &tx, &row, &sources)) {
      return Status::Corruption("bad timeline row in " + dir);
    }
    row.earliest_day = parts.earliest_day;
    row.latest_day = parts.latest_day;
    if (parts.entity_iid != entity_iid || limits.EndsBefore(page, row)) {
      CHRONICLE_RETURN_IF_ERROR(write_page());
    }
    entity_iid = parts.entity_iid;
    page.Add(row);
    row_keys.emplace_back(key);
  }
  CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "cannot read the timeline of " + dir));
  CHRONICLE_RETURN_IF_ERROR(write_page());
  it.reset();
  CHRONICLE_RETURN_IF_ERROR(writer.Put(kMeta, format_key, format));
  CHRONICLE_RETURN_IF_ERROR(writer.Commit());
  paged_timeline = true;
  // Best effort: the store is converted; only its scans would be slower.
  db->CompactRange(rocksdb::CompactRangeOptions(), cf(kTimeline), nullptr, nullptr)
      .PermitUncheckedError();
  return Status::Ok();
}

Status Store::Impl::ImportSession::Accept(const Record& record, const PlannedRecord& planned) {
  if (const Event* event = std::get_if<Event>(&record); event != nullptr && HasInstants(*event)) {
    counters_.may_have_instants = true;
  }
  if (planned.versioned && !planned.repeated) {
    std::vector<RecordVersion> incoming;
    incoming.push_back(RecordVersion{record, planned.recorded_at, DatingSourceOf(record), tx_});
    return MergeVersions(incoming);
  }
  if (planned.versioned) {
    DeferRepeated(record, planned);
    return Status::Ok();
  }
  return WriteNewRecord(record, planned);
}

Status Store::Impl::ImportSession::Finish(ImportResult* result) {
  // Ids repeated in the input, merged once the whole input has been read.
  for (std::vector<RecordVersion>& incoming : versioned_inputs_) {
    CHRONICLE_RETURN_IF_ERROR(MergeVersions(incoming));
  }
  result->unchanged += merged_unchanged_;
  FoldCounts(result);
  if (result->added.empty() && result->versions.empty()) return Status::Ok();
  ++counters_.next_tx;
  counters_.next_iid = first_new_iid_ + planner_.input_entity_ordinals();
  CHRONICLE_RETURN_IF_ERROR(writer_.Put(kMeta, MetaKey(kCountersMetaName), counters_.Encode()));
  CHRONICLE_RETURN_IF_ERROR(writer_.Commit());
  store_.counters = std::move(counters_);
  result->tx = tx_;
  return Status::Ok();
}

Result<uint64_t> Store::Impl::ImportSession::EntityIid(const std::string& id) {
  if (auto it = entity_iids_.find(id); it != entity_iids_.end()) return it->second;
  Result<std::optional<uint64_t>> stored = store_.EntityIid(id);
  if (!stored.ok()) return stored.status();
  uint64_t iid = 0;
  if (stored->has_value()) {
    iid = **stored;
  } else if (std::optional<uint32_t> ordinal = planner_.InputEntityOrdinal(id)) {
    iid = first_new_iid_ + *ordinal;
  } else {
    // The planner resolves every reference to a stored or an input entity.
    return Status::Corruption("entity '" + id + "' is neither stored nor in the input");
  }
  if (entity_iids_.size() >= cached_entity_iids_) entity_iids_.clear();
  entity_iids_.emplace(id, iid);
  return iid;
}

void Store::Impl::ImportSession::CountRecord(const Record& record, int64_t delta) {
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    count_by_kind_[static_cast<size_t>(entity->kind)] += delta;
  } else if (const Event* event = std::get_if<Event>(&record)) {
    count_by_status_[static_cast<size_t>(event->status)] += delta;
  }
}

void Store::Impl::ImportSession::NoteSpan(int32_t earliest, int32_t latest) {
  if (earliest != kOpenStartDay && latest != kOpenEndDay) {
    counters_.max_span_days =
        std::max<int64_t>(counters_.max_span_days, int64_t{latest} - int64_t{earliest});
  } else if (earliest != kOpenStartDay) {
    counters_.min_open_end_start_day = std::min(counters_.min_open_end_start_day, earliest);
  }
}

Status Store::Impl::ImportSession::ChangeIndexEntries(const Record& record, const IndexStamp& stamp,
                                                      IndexChange change) {
  const std::string& id = RecordId(record);
  if (const Entity* entity = std::get_if<Entity>(&record)) {
    return ChangeEntityEntries(*entity, id, change);
  }
  if (const Event* event = std::get_if<Event>(&record)) {
    return ChangeEventEntries(*event, id, stamp, change);
  }
  if (const Relation* relation = std::get_if<Relation>(&record)) {
    return ChangeRelationEntries(*relation, id, stamp, change);
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::ChangeEntityEntries(const Entity& entity, const std::string& id,
                                                       IndexChange change) {
  Result<uint64_t> iid = EntityIid(id);
  if (!iid.ok()) return iid.status();
  // The planner has refused names that do not normalise (empty, NUL), so these are values.
  std::set<std::string> names;
  names.insert(*NormalizeName(entity.name));
  for (const std::string& alias : entity.aliases) names.insert(*NormalizeName(alias));
  for (const std::string& name : names) {
    CHRONICLE_RETURN_IF_ERROR(WriteOrDelete(change, kNames, NameKey(name, *iid), id));
  }
  if (change == IndexChange::kPut) {  // the card is overwritten by the new current version
    CHRONICLE_RETURN_IF_ERROR(
        writer_.Put(kNames, EntityCardKey(id), EncodeEntityCard(*iid, entity)));
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::ChangeEventEntries(const Event& event, const std::string& id,
                                                      const IndexStamp& stamp, IndexChange change) {
  const bool is_delete = change == IndexChange::kDelete;
  TimelineRow row = MakeTimelineRow(event);
  row.recorded_at = stamp.recorded_at;
  row.versioned = stamp.versioned;
  if (!is_delete) NoteSpan(row.earliest_day, row.latest_day);
  const TimelineValueWithoutRole encoded(stamp.tx, row);
  std::string value = is_delete ? std::string() : encoded.With("");
  CHRONICLE_RETURN_IF_ERROR(
      WriteOrDelete(change, kTime, TimeKey({row.earliest_day, row.latest_day, id}), value));
  for (const std::string& entity_id : EntitiesOf(event)) {
    Result<uint64_t> iid = EntityIid(entity_id);
    if (!iid.ok()) return iid.status();
    if (!is_delete) value = encoded.With(RoleOf(event, entity_id));
    CHRONICLE_RETURN_IF_ERROR(WriteOrDelete(
        change, kTimeline, TimelineKey({*iid, row.earliest_day, row.latest_day, id}), value));
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::ChangeRelationEntries(const Relation& relation,
                                                         const std::string& id,
                                                         const IndexStamp& stamp,
                                                         IndexChange change) {
  const auto [earliest, latest] = RelationDays(relation);
  EdgeValue edge{stamp.tx,
                 true,
                 relation.status,
                 relation.id,
                 relation.kind,
                 relation.to,
                 relation.when ? relation.when->ToString() : "",
                 stamp.recorded_at,
                 stamp.versioned};
  Result<uint64_t> from = EntityIid(relation.from);
  if (!from.ok()) return from.status();
  Result<uint64_t> to = EntityIid(relation.to);
  if (!to.ok()) return to.status();
  CHRONICLE_RETURN_IF_ERROR(
      WriteOrDelete(change, kEdges, EdgeKey({*from, earliest, latest, id}), EncodeEdgeValue(edge)));
  if (*to != *from) {  // a relation of an entity to itself is listed once, outgoing
    edge.outgoing = false;
    edge.other_entity_id = relation.from;
    CHRONICLE_RETURN_IF_ERROR(
        WriteOrDelete(change, kEdges, EdgeKey({*to, earliest, latest, id}), EncodeEdgeValue(edge)));
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::WriteOrDelete(IndexChange change, CfIndex family,
                                                 const std::string& key, const std::string& value) {
  return change == IndexChange::kDelete ? writer_.Delete(family, key)
                                        : writer_.Put(family, key, value);
}

Result<std::string> Store::Impl::ImportSession::EncodeStoredValue(const Record& record,
                                                                  uint64_t version_tx,
                                                                  int64_t recorded_at) {
  uint64_t own_iid = 0;
  if (std::holds_alternative<Entity>(record)) {
    Result<uint64_t> iid = EntityIid(RecordId(record));
    if (!iid.ok()) return iid.status();
    own_iid = *iid;
  }
  return EncodeRecordValue(version_tx, recorded_at, CanonicalRecordText(record), own_iid);
}

Status Store::Impl::ImportSession::WriteNewRecord(const Record& record,
                                                  const PlannedRecord& planned) {
  const RecordType type = RecordTypeOf(record);
  ++added_by_type_[static_cast<size_t>(type)];
  CountRecord(record, +1);
  CHRONICLE_RETURN_IF_ERROR(
      WriteIndexEntries(record, {tx_, planned.recorded_at, /*versioned=*/false}));
  Result<std::string> value = EncodeStoredValue(record, tx_, planned.recorded_at);
  if (!value.ok()) return value.status();
  return writer_.Put(kRecords, RecordKey(type, RecordId(record)), *value);
}

void Store::Impl::ImportSession::DeferRepeated(const Record& record, const PlannedRecord& planned) {
  auto [it, inserted] = versioned_index_.try_emplace(RecordId(record), versioned_inputs_.size());
  if (inserted) versioned_inputs_.emplace_back();
  versioned_inputs_[it->second].push_back(
      RecordVersion{record, planned.recorded_at, DatingSourceOf(record), tx_});
}

Status Store::Impl::ImportSession::MergeVersions(std::vector<RecordVersion>& incoming) {
  Result<MergedVersions> merged = AddToStoredVersions(incoming);
  if (!merged.ok()) return merged.status();
  // Nothing to write when every incoming version was known.
  if (merged->all.size() == merged->stored_count) return Status::Ok();
  merged->new_current = LatestVersion(merged->all);
  CountNewVersions(*merged);
  CHRONICLE_RETURN_IF_ERROR(WritePastVersions(*merged));
  CHRONICLE_RETURN_IF_ERROR(WriteCurrentVersion(*merged));
  return WriteVersionedEntries(*merged);
}

Result<Store::Impl::ImportSession::MergedVersions> Store::Impl::ImportSession::AddToStoredVersions(
    std::vector<RecordVersion>& incoming) {
  MergedVersions merged;
  merged.type = RecordTypeOf(incoming.front().record);
  merged.id = RecordId(incoming.front().record);
  Result<std::vector<RecordVersion>> stored = store_.LoadVersions(merged.type, merged.id);
  if (!stored.ok()) return stored.status();
  merged.stored_count = stored->size();
  if (merged.stored_count > 0) merged.old_current = LatestVersion(*stored);
  merged.all = std::move(stored).value();
  for (RecordVersion& version : incoming) {
    if (IsDuplicateVersion(merged.all, version)) {
      ++merged_unchanged_;
    } else {
      merged.all.push_back(std::move(version));
    }
  }
  return merged;
}

void Store::Impl::ImportSession::CountNewVersions(const MergedVersions& merged) {
  const size_t type = static_cast<size_t>(merged.type);
  if (merged.stored_count == 0) {
    ++added_by_type_[type];
    versions_by_type_[type] += static_cast<int64_t>(merged.all.size()) - 1;
  } else {
    versions_by_type_[type] += static_cast<int64_t>(merged.all.size() - merged.stored_count);
  }
}

Status Store::Impl::ImportSession::WritePastVersions(const MergedVersions& merged) {
  // The past versions: the new ones that are not current, and a demoted current one (whose
  // (tx, kDemotedOrdinal) is unique: one import leaves one current version per id).
  for (size_t version_idx = merged.stored_count; version_idx < merged.all.size(); ++version_idx) {
    if (version_idx == merged.new_current) continue;
    const RecordVersion& past = merged.all[version_idx];
    Result<std::string> value = EncodeStoredValue(past.record, past.tx, past.recorded_at);
    if (!value.ok()) return value.status();
    CHRONICLE_RETURN_IF_ERROR(
        writer_.Put(kVersions, VersionKey(merged.type, merged.id, tx_, ordinal_++), *value));
  }
  if (merged.old_current && merged.current_changed()) {
    const RecordVersion& demoted = merged.all[*merged.old_current];
    Result<std::string> value = EncodeStoredValue(demoted.record, demoted.tx, demoted.recorded_at);
    if (!value.ok()) return value.status();
    CHRONICLE_RETURN_IF_ERROR(writer_.Put(
        kVersions, VersionKey(merged.type, merged.id, demoted.tx, kDemotedOrdinal), *value));
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::WriteCurrentVersion(const MergedVersions& merged) {
  // The indexes show the current version, flagged as versioned.
  const RecordVersion& current = merged.all[merged.new_current];
  if (merged.old_current && merged.indexes_changed()) {
    const RecordVersion& before = merged.all[*merged.old_current];
    CHRONICLE_RETURN_IF_ERROR(
        DeleteIndexEntries(before.record, {before.tx, before.recorded_at, merged.was_versioned()}));
    CountRecord(before.record, -1);
  }
  if (merged.indexes_changed()) {
    CHRONICLE_RETURN_IF_ERROR(
        WriteIndexEntries(current.record, {current.tx, current.recorded_at, merged.versioned()}));
    CountRecord(current.record, +1);
  }
  if (merged.current_changed()) {
    Result<std::string> value = EncodeStoredValue(current.record, current.tx, current.recorded_at);
    if (!value.ok()) return value.status();
    CHRONICLE_RETURN_IF_ERROR(writer_.Put(kRecords, RecordKey(merged.type, merged.id), *value));
  }
  return Status::Ok();
}

Status Store::Impl::ImportSession::WriteVersionedEntries(const MergedVersions& merged) {
  // Every version under every entity it names, at its days, for --as-of (events also under
  // kAllEventsIid). Versions placed by an earlier import are put again, harmlessly.
  if (!merged.versioned()) return Status::Ok();
  if (merged.type != RecordType::kEvent && merged.type != RecordType::kRelation) {
    return Status::Ok();
  }
  for (const RecordVersion& version : merged.all) {
    const auto [earliest, latest] = DaysOf(version.record);
    NoteSpan(earliest, latest);
    std::vector<std::string> named = EntitiesNamedBy(version.record);
    std::vector<uint64_t> iids;
    if (merged.type == RecordType::kEvent) iids.push_back(kAllEventsIid);
    for (const std::string& entity_id : named) {
      Result<uint64_t> iid = EntityIid(entity_id);
      if (!iid.ok()) return iid.status();
      iids.push_back(*iid);
    }
    for (uint64_t iid : iids) {
      CHRONICLE_RETURN_IF_ERROR(writer_.Put(
          kVersioned, VersionedKey({iid, earliest, latest, merged.type, merged.id}), ""));
    }
  }
  return Status::Ok();
}

void Store::Impl::ImportSession::FoldCounts(ImportResult* result) {
  for (RecordType added_type : kRecordTypes) {
    const std::string name(RecordTypeName(added_type));
    if (int64_t count = added_by_type_[static_cast<size_t>(added_type)]; count > 0) {
      counters_.records[name] += static_cast<uint64_t>(count);
      result->added[name] = static_cast<size_t>(count);
    }
    if (int64_t count = versions_by_type_[static_cast<size_t>(added_type)]; count > 0) {
      result->versions[name] = static_cast<size_t>(count);
    }
  }
  FoldNamedCounts(EntityKindNames(), count_by_kind_, &counters_.entity_kinds);
  FoldNamedCounts(EventStatusNames(), count_by_status_, &counters_.event_statuses);
}

Result<ImportResult> Store::Import(std::vector<InputRecord> inputs, const ImportOptions& options) {
  VectorRecordStream stream(std::move(inputs));
  return Import(stream, options);
}

namespace {

// Hands the records the planner accepts to a writer thread, in batches: planning (reference
// resolution) and writing (index entries, encoding, buffering) each took about half of the
// import's critical path on one thread. The writer calls `write` for every record, in order;
// at its first failure it stops taking records, and Push and Close return that failure.
class WriterThread {
 public:
  using Write = std::function<Status(const Record& record, const PlannedRecord& planned)>;
  explicit WriterThread(Write write) : write_(std::move(write)), queue_(kMaxQueuedBatches) {
    thread_ = std::thread([this] { Run(); });
  }
  ~WriterThread() { Close().IgnoreError(); }

  // Queues one record (moved from); returns the writer's failure, if any, so that the
  // planner stops early.
  Status Push(Record& record, const PlannedRecord& planned) {
    batch_.push_back(Item{std::move(record), planned});
    if (batch_.size() >= kBatchSize) queue_.Push(std::exchange(batch_, {}));
    return failure();
  }

  // Writes what is queued, waits for the writer and returns its first failure.
  Status Close() {
    if (!thread_.joinable()) return failure();
    if (!batch_.empty()) queue_.Push(std::exchange(batch_, {}));
    queue_.Close();
    thread_.join();
    return failure();
  }

 private:
  static constexpr size_t kBatchSize = 512;
  static constexpr size_t kMaxQueuedBatches = 8;
  struct Item {
    Record record;
    PlannedRecord planned;
  };

  Status failure() {
    std::lock_guard<std::mutex> lock(failure_mutex_);
    return failure_;
  }

  void Run() {
    while (std::optional<std::vector<Item>> batch = queue_.Pop()) {
      for (const Item& item : *batch) {
        Status status = write_(item.record, item.planned);
        if (status.ok()) continue;
        {
          std::lock_guard<std::mutex> lock(failure_mutex_);
          failure_ = status;
        }
        queue_.Stop();  // the planner's later batches are dropped
        return;
      }
    }
  }

  Write write_;
  BatchQueue<Item> queue_;
  std::vector<Item> batch_;  // being filled by the planner
  std::mutex failure_mutex_;
  Status failure_;
  std::thread thread_;
};

}  // namespace

Result<ImportResult> Store::Import(RecordStream& stream, const ImportOptions& options) {
  if (impl_->mode != OpenMode::kReadWrite) {
    return Status::InvalidArgument("the store was opened read-only");
  }
  const int64_t import_time = options.recorded_at.value_or(UnixSecondsNow());
  // The planner's id catalogue and entities spill beside the writer's runs (ImportScratchDir).
  ImportPlanner planner(*this, import_time,
                        IdSpill{.dir = ImportScratchDir(impl_->dir, "ids"),
                                .memory_words = options.ids_in_memory},
                        EntitySpill{.dir = ImportScratchDir(impl_->dir, "entities"),
                                    .memory_entities = options.entities_in_memory});
  Impl::ImportSession session(*impl_, planner, options.entities_in_memory);
  ImportResult result;
  // The session is used by the writer thread only; the planner reads the store meanwhile
  // (RocksDB reads are thread-safe, and nothing is written to the store before Finish).
  WriterThread writer([&session](const Record& record, const PlannedRecord& planned) {
    return session.Accept(record, planned);
  });
  auto accept = [&writer](Record& record, const PlannedRecord& planned) {
    return writer.Push(record, planned);
  };
  Result<size_t> unchanged = PlanStream(stream, planner, accept, &result.errors);
  Status written = writer.Close();
  if (!unchanged.ok()) return unchanged.status();
  CHRONICLE_RETURN_IF_ERROR(written);
  result.unchanged = *unchanged;
  if (!result.errors.empty()) return result;  // the session's writer discards its runs
  CHRONICLE_RETURN_IF_ERROR(session.Finish(&result));
  // Best effort (see MergeUpperLevels): the import has landed whatever it returns.
  if (result.tx != 0) impl_->MergeUpperLevels().IgnoreError();
  return result;
}

Status Store::Impl::MergeUpperLevels() {
  Status first_failure;
  for (size_t family_idx = 0; family_idx < handles.size(); ++family_idx) {
    rocksdb::ColumnFamilyMetaData meta;
    db->GetColumnFamilyMetaData(handles[family_idx], &meta);
    int deepest = -1;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (!level.files.empty()) deepest = std::max(deepest, level.level);
    }
    std::vector<std::string> upper_files;
    uint64_t upper_bytes = 0, deepest_bytes = 0;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (level.level == deepest) deepest_bytes = level.size;
      if (level.level >= deepest) continue;
      upper_bytes += level.size;
      for (const rocksdb::SstFileMetaData& file : level.files) upper_files.push_back(file.name);
    }
    // Small files only: when the upper levels hold more than a quarter of the family, and more
    // than 64 MiB (a big import of new versions), merging them would rewrite most of an import
    // just written.
    const uint64_t most_bytes = std::max<uint64_t>(deepest_bytes / 4, uint64_t{64} << 20);
    if (upper_files.size() <= kMaxUpperLevelFiles || upper_bytes > most_bytes) continue;
    rocksdb::CompactionOptions options;
    // CompactionOptions does not take the family's settings (its default is Snappy).
    options.compression = family_options[family_idx].compression;
    options.output_file_size_limit = family_options[family_idx].target_file_size_base;
    const Status merged =
        FromRocks(db->CompactFiles(options, handles[family_idx], upper_files, deepest - 1),
                  std::string("cannot merge the small files of ") + kCfNames[family_idx]);
    if (first_failure.ok()) first_failure = merged;
  }
  return first_failure;
}

}  // namespace chronicle::storage
