// Store: Chronicle's records and indexes in one RocksDB directory.
//
// Layout: storage/key_codec.h (column families and keys) and storage/index_values.h (index
// values). Every import is one atomic ingestion of SST files into all column families
// (storage/bulk_writer.h): it lands whole or not at all, also across a crash.
// Thread-safety: the queries of a read-only Store may run on several threads at once (a query
// that opens the store again waits for the others, and they for it); a store opened for
// writing is used by one thread at a time. Many processes may hold a store open read-only
// while one holds it open for writing; a second writer gets Busy.
#ifndef CHRONICLE_STORAGE_STORE_H_
#define CHRONICLE_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/import.h"
#include "core/model.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
#include "storage/timeline_row_set.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace chronicle::storage {

enum class OpenMode : uint8_t {
  kReadOnly,   // queries; the directory must hold a Chronicle store
  kReadWrite,  // imports; creates the store when the directory is missing or empty
};

struct OpenOptions {
  // Whether the data blocks that timeline and event listings read are kept in the block cache.
  // Keep them in a process that answers many queries (a shell, a batch, the in-process bench):
  // a repeated query then reads them from memory. A process that answers one query and exits
  // (the CLI) reads each block of a listing once or twice, and caching them only costs fresh
  // memory: a 300,000-row timeline cached ~35 MB of blocks, and its page faults were a sixth of
  // the command's time. The records `plans` walks through are not kept either; look-ups of one
  // record (Get) are cached either way.
  bool cache_listing_blocks = true;
  // Whether one thread at a time uses the store (the CLI). Then the block cache and RocksDB's
  // table cache are made of one shard instead of 64 (each with its own lock, for threads that
  // query at once): building and tearing down those shards was ~0.4 M of the 7.8 M
  // instructions of a typical `chronicle timeline`. Several threads may still use such a
  // store; they then wait for each other on the caches' locks.
  bool single_thread = false;
};

struct ImportOptions {
  // The record time of versions without a source (entities, unsourced events), Unix seconds;
  // nullopt = the time of the import.
  std::optional<int64_t> recorded_at;
  // How many of the input's ids the planner keeps in memory; beyond that it writes them in
  // sorted runs to a scratch directory in the store (removed after), so that an import's
  // memory does not grow with its number of events (IdSpill).
  size_t ids_in_memory = IdSpill().memory_words;
  // How many of the input's entities the planner keeps in memory (~100 bytes each), and how
  // many internal ids of entities the writer keeps at a time (~50 bytes each); beyond that the
  // planner writes them to a scratch directory in the store (EntitySpill) and the writer works
  // them out again, so that an import's memory does not grow with its number of entities.
  size_t entities_in_memory = EntitySpill().memory_entities;
};

struct ImportResult {
  std::map<std::string, size_t> added;  // record type name -> records added (new ids)
  // record type name -> new versions of records already stored or repeated in the input
  std::map<std::string, size_t> versions;
  size_t unchanged = 0;  // records identical to a stored version (idempotent re-import)
  uint64_t tx = 0;                      // the import's number; 0 when nothing was written
  std::vector<Status> errors;           // input errors; when non-empty nothing was written
};

struct StoreStats {
  std::map<std::string, uint64_t> records;         // type name -> count (all four types)
  std::map<std::string, uint64_t> entity_kinds;    // kind name -> count
  std::map<std::string, uint64_t> event_statuses;  // status name -> count
  uint64_t imports = 0;                            // imports that wrote something
  std::optional<int32_t> first_day, last_day;      // span of dated events (open ends left out)
  uint64_t disk_bytes = 0;                         // size of the store's files
};

// Receives the rows of a timeline or event listing one at a time; the row is valid only during
// the call (the next row is decoded into the same object).
using RowVisitor = std::function<void(const TimelineRow&)>;
// The same as views into the store's buffers (core/timeline.h), valid only during the call:
// nothing is copied to make them.
using RowViewVisitor = std::function<void(const TimelineRowView&)>;

// A relation as seen from one of its ends.
struct EntityRelation {
  Relation relation;
  bool outgoing = true;  // the entity is relation.from
};

class Store final : public RecordDirectory {
 public:
  // Opens the store in `dir`.
  // Errors: NotFound when kReadOnly and `dir` does not exist; InvalidArgument when `dir` holds
  // something that is not a Chronicle store; Busy when another process has it open for
  // writing (kReadWrite); IoError for other file-system or RocksDB failures. A read-only open
  // that finds a table file missing (a writer finishing an import replaced it) tries again a
  // few times, a few milliseconds apart, before it reports the error. A query on a read-only
  // store that meets a table file an import deleted since the open opens the store again and
  // runs again (a few times; not once a streaming query has passed rows on): it answers from
  // the store's state at that moment.
  [[nodiscard]] static Result<std::unique_ptr<Store>> Open(const std::string& dir, OpenMode mode,
                                                          const OpenOptions& options = {});
  ~Store() override;

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Plans and writes one import, reading `stream` twice (see PlanStream). Input errors come
  // back in ImportResult::errors with nothing written; a non-OK Status means the store failed
  // (and nothing was written either). The new records are written as sorted SST files and
  // ingested in one atomic step (storage/bulk_writer.h).
  // REQUIRES: opened kReadWrite.
  [[nodiscard]] Result<ImportResult> Import(RecordStream& stream,
                                            const ImportOptions& options = {});
  // The same for records in memory.
  [[nodiscard]] Result<ImportResult> Import(std::vector<InputRecord> inputs,
                                            const ImportOptions& options = {});

  // The record with this id: its current version, or with `as_of` the version in effect at
  // that instant (VersionAsOf). nullopt when there is none (then).
  [[nodiscard]] Result<std::optional<Record>> GetRecord(
      std::string_view id, std::optional<int64_t> as_of = std::nullopt);
  // Every version of the record with this id, oldest first (SortVersions); each carries its
  // record time, the source that time came from and its import number. Empty when none.
  [[nodiscard]] Result<std::vector<RecordVersion>> Versions(std::string_view id);
  // The events whose version in effect at `as_of` was planned or postponed, with what each had
  // become by now (PlansAsOf), in timeline order.
  [[nodiscard]] Result<std::vector<PlanOutcome>> Plans(int64_t as_of);
  // The conflicts among the versions of every record with more than one version (FindConflicts),
  // ordered by record id; with `id`, of that record only; with `as_of`, among the versions
  // recorded at or before it. NotFound for an unknown `id`.
  [[nodiscard]] Result<std::vector<FieldConflict>> Conflicts(
      std::optional<std::string_view> id = std::nullopt,
      std::optional<int64_t> as_of = std::nullopt);
  // The entity an id, name or alias denotes (see ResolveEntityReference for the errors), with
  // its id, name, kind and aliases; GetRecord gives the whole record.
  [[nodiscard]] Result<Entity> ResolveEntity(std::string_view reference);

  // The events of `entity_id` that match `filter`, in timeline order. NotFound for an unknown
  // entity id. Reads one prefix of the timeline index; no per-event look-ups, except with
  // filter.as_of for events that have several versions.
  [[nodiscard]] Result<std::vector<TimelineRow>> Timeline(std::string_view entity_id,
                                                          const TimelineFilter& filter);
  // All events matching `filter`, in timeline order, from the global time index.
  [[nodiscard]] Result<std::vector<TimelineRow>> Events(const TimelineFilter& filter);
  // Timeline and Events without collecting the rows: the same rows in the same order, passed to
  // `visit` as they are read, so a listing of any length takes the memory of one row (with
  // filter.as_of, plus the rows of the events that have several versions, which are resolved
  // first and merged in).
  // Errors as Timeline and Events; rows visited before an error are not taken back.
  [[nodiscard]] Status ScanTimeline(std::string_view entity_id, const TimelineFilter& filter,
                                    const RowVisitor& visit);
  [[nodiscard]] Status ScanEvents(const TimelineFilter& filter, const RowVisitor& visit);
  // Timeline and Events kept in a TimelineRowSet (storage/timeline_row_set.h): the rows stay
  // in copies of the timeline pages they are read from, far cheaper to collect than a vector
  // of TimelineRows (a 1,000-row timeline copies 8 pages). Errors as Timeline and Events.
  [[nodiscard]] Result<TimelineRowSet> CollectTimeline(std::string_view entity_id,
                                                       const TimelineFilter& filter);
  [[nodiscard]] Result<TimelineRowSet> CollectEvents(const TimelineFilter& filter);
  // ScanTimeline and ScanEvents passing views: the fastest way through a listing (a timeline's
  // rows are read from its pages in place, storage/timeline_pages.h). Errors as ScanTimeline.
  [[nodiscard]] Status ScanTimelineViews(std::string_view entity_id, const TimelineFilter& filter,
                                         const RowViewVisitor& visit);
  [[nodiscard]] Status ScanEventsViews(const TimelineFilter& filter, const RowViewVisitor& visit);
  // False when no event version in the store HasInstants (a zone, a part of day or a time of
  // day), past versions included: then the rows of every listing, --as-of included, come in
  // their instant order (SortByInstant leaves them as they are). True may be conservative.
  bool MayHaveInstants() const;
  // All entities (of one kind when given), ordered by normalised name, then id.
  [[nodiscard]] Result<std::vector<Entity>> Entities(std::optional<EntityKind> kind);
  // The relations that have `entity_id` at either end, ordered by their dates; with `as_of`,
  // as they stood at that instant.
  [[nodiscard]] Result<std::vector<EntityRelation>> RelationsOf(
      std::string_view entity_id, std::optional<int64_t> as_of = std::nullopt);
  [[nodiscard]] Result<StoreStats> Stats();

  // RecordDirectory, for import planning and reference resolution.
  [[nodiscard]] Result<std::optional<StoredRecord>> FindById(std::string_view id) override;
  [[nodiscard]] Result<std::vector<std::string>> FindEntitiesByName(
      std::string_view normalized_name) override;
  [[nodiscard]] Result<std::vector<std::string>> AllEntityNames() override;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_STORE_H_
