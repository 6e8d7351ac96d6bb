// Store::Impl, and what the import (storage/store_import.cc) and the queries (storage/store.cc)
// share: the column families, the counters kept in the meta column family and small helpers
// on records and RocksDB statuses.
// PRIVATE TO storage/: not installed; only storage/store*.cc and tests/storage include it.
// Thread-safety: as Store (one thread at a time).
#ifndef CHRONICLE_STORAGE_STORE_IMPL_H_
#define CHRONICLE_STORAGE_STORE_IMPL_H_

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
#include "storage/index_values.h"
#include "storage/key_codec.h"
#include "storage/store.h"
#include "storage/timeline_pages.h"
#include "storage/timeline_row_set.h"

namespace chronicle::storage {

// Column family names: on-disk format, do not rename.
inline constexpr const char* kRecordsCf = "records";
inline constexpr const char* kNamesCf = "names";
inline constexpr const char* kTimelineCf = "timeline";
inline constexpr const char* kTimeCf = "time";
inline constexpr const char* kEdgesCf = "edges";
inline constexpr const char* kVersionsCf = "versions";
inline constexpr const char* kVersionedCf = "versioned";
// Order of Impl::handles; index 0 is the default column family (meta).
enum CfIndex : size_t {
  kMeta = 0,
  kRecords,
  kNames,
  kTimeline,
  kTime,
  kEdges,
  kVersions,
  kVersioned,
  kCfCount
};
inline constexpr const char* kCfNames[kCfCount] = {
    "default", kRecordsCf, kNamesCf, kTimelineCf, kTimeCf, kEdgesCf, kVersionsCf, kVersionedCf};
inline constexpr RecordType kRecordTypes[] = {RecordType::kEntity, RecordType::kEvent,
                                              RecordType::kRelation, RecordType::kSource};

inline constexpr std::string_view kCountersMetaName = "counters";

// Counters kept in one meta value and updated by every import in the same batch.
struct Counters {
  uint64_t next_iid = 1;
  uint64_t next_tx = 1;
  int64_t max_span_days = 0;  // the longest finite earliest..latest span of any event
  // The earliest start of an event with a dated start and an open end (it reaches every later
  // day); kOpenEndDay when there is none.
  int32_t min_open_end_start_day = kOpenEndDay;
  // Whether any event version was ever imported that HasInstants (a zone, a part of day or a
  // time of day). Never cleared; true for stores whose counters predate it. While false, every
  // listing's scan order is already its instant order (Store::MayHaveInstants).
  bool may_have_instants = false;
  std::map<std::string, uint64_t> records, entity_kinds, event_statuses;

  std::string Encode() const;
  static Result<Counters> Decode(std::string_view text);
};

inline Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return Status::Ok();
  return Status::IoError(what + ": " + status.ToString());
}

// The Env read-only stores open with: Env::Default(), except that its background thread pools
// grow only when work is scheduled (a read-only DB schedules none), not at every open.
rocksdb::Env* ReadOnlyEnv();

// The scratch directory, in store directory `dir`, that this process's import uses for `what`
// ("runs": the writer's sorted runs, "ids": the planner's id catalogue, "entities": its spilled
// entities): "import-<pid>-<what>.tmp".
// Whatever such directories a killed import leaves, the next read-write Open removes
// (IsImportScratchDir).
inline std::string ImportScratchDir(const std::string& dir, std::string_view what) {
  return dir + "/import-" + std::to_string(::getpid()) + "-" + std::string(what) + ".tmp";
}
inline bool IsImportScratchDir(std::string_view name) {
  return name.starts_with("import-") && name.ends_with(".tmp");
}

// The most table files a column family keeps above its deepest level after an import
// (Store::Impl::MergeUpperLevels).
inline constexpr size_t kMaxUpperLevelFiles = 8;

// "entity", "event", "relation" or "source".
std::string_view RecordTypeName(RecordType type);

struct Store::Impl {
  class ImportSession;  // one import's state and steps (storage/store_import.cc)

  std::string dir;
  OpenMode mode;
  bool cache_listing_blocks = true;  // OpenOptions::cache_listing_blocks
  // Whether the timeline family holds pages (format chronicle-store-4, storage/timeline_pages.h)
  // or one row per key (chronicle-store-3, read only: a read-write open converts it).
  bool paged_timeline = true;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  // The options each column family was opened with; SstFileWriter needs them to build the same
  // filters and blocks.
  std::vector<rocksdb::Options> family_options;
  Counters counters;
  // What the database was opened with, to open it again (Reopen).
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;

  ~Impl();

  // Reads the counters from the meta family into `counters`.
  Status LoadCounters();

  // A read-only store sees the table files of the moment it was opened, and opens each when a
  // query first needs it. An import that ends meanwhile may merge small files into one and
  // delete them (MergeUpperLevels): a query then meets a file that is gone ("No such file"; 1
  // of 666 queries run beside 200 back-to-back small imports). Query runs `run` (a public
  // query's body) and, when it fails so on a read-only store, opens the store again (the
  // state of the store now) and runs it again, up to kQueryAttempts times in all, unless
  // `may_retry()` says that what it did cannot be taken back (rows already passed on).
  // Queries may run on several threads at once: each holds reopen_mutex shared while it reads,
  // and a reopen takes it exclusively (once for all the queries that failed on the same
  // files: `generation` counts reopens). Only the outermost Query on a thread locks and
  // retries; one nested in it (a public query calling another) just runs.
  static constexpr int kQueryAttempts = 4;
  template <typename Run, typename MayRetry>
  auto Query(const Run& run, const MayRetry& may_retry) -> decltype(run()) {
    struct Depth {
      Depth() { ++query_depth; }
      ~Depth() { --query_depth; }
    };
    if (query_depth > 0 || mode != OpenMode::kReadOnly) {
      Depth nested;
      return run();
    }
    for (int attempt = 1;; ++attempt) {
      uint64_t seen_generation = 0;
      auto result = [&] {
        std::shared_lock<std::shared_mutex> reading(reopen_mutex);
        seen_generation = generation;
        Depth outermost;
        return run();
      }();
      if (result.ok() || attempt == kQueryAttempts || !IsReplacedFileError(StatusOf(result)) ||
          !may_retry()) {
        return result;
      }
      std::unique_lock<std::shared_mutex> reopening(reopen_mutex);
      if (generation == seen_generation) {
        if (!Reopen().ok()) return result;
        ++generation;
      }
    }
  }
  template <typename Run>
  auto Query(const Run& run) -> decltype(run()) {
    return Query(run, [] { return true; });
  }
  // Opens the read-only database again, with the same options, and reloads the counters. On
  // failure the store stays as it was. REQUIRES: reopen_mutex held exclusively.
  Status Reopen();
  static bool IsReplacedFileError(const Status& status) {
    return status.code() == StatusCode::kIoError &&
           (status.message().find("No such file") != std::string::npos ||
            status.message().find("Missing sst file") != std::string::npos);
  }
  static const Status& StatusOf(const Status& status) { return status; }
  template <typename T>
  static const Status& StatusOf(const Result<T>& result) {
    return result.status();
  }
  std::shared_mutex reopen_mutex;
  uint64_t generation = 0;  // reopens so far; under reopen_mutex
  // Queries running on this thread (any store): only the outermost locks and retries.
  static thread_local int query_depth;

  rocksdb::ColumnFamilyHandle* cf(CfIndex index) const { return handles[index]; }

  // Rewrites the timeline family of a chronicle-store-3 store (one row per key) as pages
  // (storage/timeline_pages.h) and sets the format meta value `format_key` to `format`, in one
  // atomic ingestion: the store is converted whole or not at all. Then compacts the family, so
  // that scans do not step over the old rows' deletions (best effort).
  // REQUIRES: opened kReadWrite, !paged_timeline.
  Status ConvertTimelineToPages(const std::string& format_key, const std::string& format);

  // Each import lands as its own small table files, placed above the files they overlap; left
  // alone, a store that took hundreds of small imports had hundreds of files, and a query
  // opened one per level to look for its keys (typical timeline 5.4 -> 8.0 ms after 199
  // imports of 5 events). After an import, a family with more than kMaxUpperLevelFiles above
  // its deepest level, holding at most 64 MiB or a quarter of what the deepest level holds,
  // has those files merged into one run on the level just above it: the work is proportional
  // to what the small imports added, the deepest level is not rewritten.
  // Best effort: the import has landed already, and a merge that fails (or meets RocksDB's own
  // compaction of the same files) leaves a valid store. Every family is tried; the first
  // failure is returned (Import ignores it).
  Status MergeUpperLevels();

  // Where a scan for events that reach `from_day` may start (after the open-start events,
  // which sort first and are scanned separately): no finite event that starts before
  // from - max_span can reach `from`, and no open-ended one that starts before the earliest
  // open-ended start exists.
  int32_t ScanStartDay(int32_t from_day) const {
    int64_t day = int64_t{from_day} - counters.max_span_days;
    day = std::min<int64_t>(day, counters.min_open_end_start_day);
    return static_cast<int32_t>(std::max<int64_t>(day, int64_t{kOpenStartDay} + 1));
  }

  Result<std::optional<std::string>> Get(CfIndex index, std::string_view key) const;

  bool HasRecords() const {
    for (const auto& [type, count] : counters.records) {
      if (count > 0) return true;
    }
    return false;
  }

  // The stored value of a record of a known type; nullopt when there is none.
  Result<std::optional<std::string>> GetRecordValue(RecordType type, std::string_view id) const {
    if (!HasRecords()) return std::optional<std::string>();
    return Get(kRecords, RecordKey(type, id));
  }

  // The type and stored value of a record of any type (ids share one namespace).
  Result<std::optional<std::pair<RecordType, std::string>>> FindRecordValue(
      std::string_view id) const;

  static Result<RecordVersion> DecodeVersion(std::string_view stored);

  // Calls visit(key, value) for every entry of `index` whose key starts with `prefix`, in key
  // order; stops at (and returns) the first non-OK status visit returns.
  template <typename Visit>
  Status ScanPrefix(CfIndex index, const std::string& prefix, Visit visit) const {
    std::string upper = PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions options;
    if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf(index)));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      CHRONICLE_RETURN_IF_ERROR(visit(it->key().ToStringView(), it->value().ToStringView()));
    }
    return FromRocks(it->status(), "scan failed");
  }

  // Every stored version of one record, the current one first (then the past ones in key
  // order); empty when there is none.
  Result<std::vector<RecordVersion>> LoadVersions(RecordType type, std::string_view id) const;

  // The ids of the records of `type` that have several versions, in id order.
  Result<std::vector<std::string>> VersionedIds(RecordType type) const;

  // The ids of the events or relations (`type`) with several versions that have a version
  // under `entity_iid` (kAllEventsIid: any event) whose days overlap [from_day, to_day], each
  // once, in id order. Scans only that time slice, as ScanOverlapping does.
  Result<std::vector<std::string>> VersionedCandidates(uint64_t entity_iid, RecordType type,
                                                       int32_t from_day, int32_t to_day) const;

  static Result<Record> DecodeRecord(std::string_view stored);

  // The card of a stored entity; nullopt when there is no such entity.
  Result<std::optional<EntityCard>> FindEntityCard(std::string_view entity_id) const;

  // The internal id of a stored entity; nullopt when there is no such entity.
  Result<std::optional<uint64_t>> EntityIid(std::string_view entity_id) const;

  // What a scan does with a row: keep it, skip it, or stop the scan (and drop the row).
  enum class Keep : uint8_t { kKeep, kSkip, kStop };

  // Where the scans put the rows they keep, as views valid during the call. A sink has
  // `void Take(const TimelineRowView& row)` and `void SetEstimate(f)` (f() estimates how many
  // rows the scan may yield; asked at most once).
  //   - CollectRows copies each row to the end of a vector; once it holds kEstimateAfterRows
  //     rows and is full, it reserves room for the estimate, so that a long listing grows its
  //     vector once instead of doubling it, and moving every row, ~20 times (a 297K-row
  //     timeline in process: 187 → 128 ms; a short one never pays for the estimate);
  //   - VisitRows copies every row into one TimelineRow whose strings keep their capacity, and
  //     hands it to a visitor: no allocation per row once the strings have grown;
  //   - VisitViews hands the views on as they are: nothing is copied.
  static constexpr size_t kEstimateAfterRows = 256;
  struct CollectRows {
    std::vector<TimelineRow>* rows;
    std::function<size_t()> estimate = nullptr;
    void Take(const TimelineRowView& row) {
      MakeRoom();
      AssignRow(row, &rows->emplace_back());
    }
    template <typename Estimate>
    void SetEstimate(Estimate rows_expected) {
      estimate = std::move(rows_expected);
    }
    void MakeRoom() {
      if (rows->size() < rows->capacity() || rows->size() < kEstimateAfterRows || !estimate) return;
      const size_t expected = std::exchange(estimate, nullptr)();
      // Half as much again: the estimate came out at 86% of a 297K-row timeline, and room
      // never used is never touched (its pages are not faulted in).
      if (expected > rows->size()) rows->reserve(expected + expected / 2);
    }
  };
  struct VisitRows {
    const RowVisitor* visit;
    TimelineRow row;
    size_t visited = 0;  // rows passed on
    void Take(const TimelineRowView& view) {
      ++visited;
      AssignRow(view, &row);
      (*visit)(row);
    }
    // Rows streamed by are not kept: nothing to reserve, and the estimate is never wrapped.
    template <typename Estimate>
    void SetEstimate(const Estimate&) {}
  };
  // CollectRowSet keeps each row of a timeline page as a reference into a copy of the page
  // (ScanPages tells it where a page begins), and copies other rows into the set.
  struct CollectRowSet {
    TimelineRowSet* rows;
    void Take(const TimelineRowView& row) { rows->AddRow(row); }
    void BeginPage(std::string_view page_value) { rows->BeginStoredPage(page_value); }
    void TakeFromPage(size_t row_idx, const TimelineRowView& /*row*/) {
      rows->AddStoredRow(row_idx);
    }
    template <typename Estimate>
    void SetEstimate(const Estimate&) {}
  };
  // Whether a sink keeps rows as references into their pages (CollectRowSet).
  template <typename Sink>
  static constexpr bool kTakesPageRows =
      requires(Sink& sink, std::string_view page, size_t row_idx, const TimelineRowView& row) {
        sink.BeginPage(page);
        sink.TakeFromPage(row_idx, row);
      };
  struct VisitViews {
    const RowViewVisitor* visit;
    size_t visited = 0;  // rows passed on
    void Take(const TimelineRowView& view) {
      ++visited;
      (*visit)(view);
    }
    template <typename Estimate>
    void SetEstimate(const Estimate&) {}
  };

  // Roughly how many entries family `index` holds in [begin, end): the range's share of the
  // family's table bytes times its number of keys, all RocksDB estimates from table metadata
  // (no data is read).
  size_t EstimateEntries(CfIndex index, const std::string& begin, const std::string& end) const;
  // For --as-of: merges the scanned rows with `versioned` (the rows of versioned events as they
  // stood then, in timeline order) into `inner`, in timeline order, holding only `versioned`.
  template <typename Inner>
  struct MergeVersionedRows {
    Inner* inner;
    const std::vector<TimelineRow>* versioned;
    size_t next = 0;
    std::string sources;  // of the versioned row being passed on
    void Take(const TimelineRowView& row) {
      while (next < versioned->size() && Before((*versioned)[next], row)) PassNext();
      inner->Take(row);
    }
    void Finish() {
      while (next < versioned->size()) PassNext();
    }
    void PassNext() { inner->Take(ViewOf((*versioned)[next++], &sources)); }
    static bool Before(const TimelineRow& a, const TimelineRowView& b) {
      return std::tie(a.earliest_day, a.latest_day, a.event_id) <
             std::tie(b.earliest_day, b.latest_day, b.event_id);
    }
  };

  // Passes to `sink` the rows of one key range of a family that holds one row per key (`time`,
  // and `timeline` in stores of format chronicle-store-3), in key order, that keep_key and
  // keep_row keep. `prefix` bounds the scan ("" = the whole column family). Each row's days and
  // event id are decoded from the key, then, unless `keep_key` has already decided from those,
  // the rest from the value.
  template <typename DecodeKey, typename KeepKey, typename KeepRow, typename Sink>
  Status ScanIndex(CfIndex index, const std::string& prefix, const std::string& seek_key,
                   DecodeKey decode_key, KeepKey keep_key, KeepRow keep_row, Sink& sink) const {
    std::string upper;
    rocksdb::Slice upper_slice;
    std::unique_ptr<rocksdb::Iterator> it = NewListingIterator(index, prefix, &upper, &upper_slice);
    TimelineRowView row;
    std::string sources;
    for (it->Seek(seek_key); it->Valid(); it->Next()) {
      if (!decode_key(it->key().ToStringView(), &row)) {
        return Status::Corruption("bad index key in " + std::string(kCfNames[index]));
      }
      Keep keep = keep_key(row);
      if (keep == Keep::kKeep) {
        uint64_t tx = 0;
        if (!DecodeTimelineValue(it->value().ToStringView(), &tx, &row, &sources)) {
          return Status::Corruption("bad index value in " + std::string(kCfNames[index]));
        }
        keep = keep_row(row);
      }
      if (keep == Keep::kKeep) sink.Take(row);
      if (keep == Keep::kStop) break;
    }
    return FromRocks(it->status(), "scan failed");
  }

  // The same for the pages of one entity's timeline (storage/timeline_pages.h): the scan starts
  // at the page holding the first row at or after `seek_key`, whose rows that start before
  // `seek_day` (the day of seek_key) are passed over.
  template <typename KeepKey, typename KeepRow, typename Sink>
  Status ScanPages(const std::string& prefix, const std::string& seek_key, int32_t seek_day,
                   KeepKey keep_key, KeepRow keep_row, Sink& sink) const {
    std::string upper;
    rocksdb::Slice upper_slice;
    std::unique_ptr<rocksdb::Iterator> it =
        NewListingIterator(kTimeline, prefix, &upper, &upper_slice);
    TimelinePage page;
    TimelineRowView row;
    bool first_page = true;
    for (it->Seek(seek_key); it->Valid(); it->Next()) {
      if (!page.Parse(it->value().ToStringView())) {
        return Status::Corruption("bad timeline page");
      }
      if constexpr (kTakesPageRows<Sink>) sink.BeginPage(it->value().ToStringView());
      size_t row_idx = first_page ? page.LowerBound(seek_day) : 0;
      first_page = false;
      for (; row_idx < page.size(); ++row_idx) {
        // The whole view at once: rows the days alone pass over are few (those before `from`
        // that started less than the longest span before it), and a view is a few loads.
        page.Row(row_idx, &row);
        Keep keep = keep_key(row);
        if (keep == Keep::kKeep) keep = keep_row(row);
        if (keep == Keep::kKeep) {
          if constexpr (kTakesPageRows<Sink>) {
            sink.TakeFromPage(row_idx, row);
          } else {
            sink.Take(row);
          }
        }
        if (keep == Keep::kStop) return Status::Ok();
      }
    }
    return FromRocks(it->status(), "scan failed");
  }

  // An iterator over a listing family, bounded by `prefix` ("" = none); *upper and
  // *upper_slice hold its bound and must outlive it.
  std::unique_ptr<rocksdb::Iterator> NewListingIterator(CfIndex index, const std::string& prefix,
                                                        std::string* upper,
                                                        rocksdb::Slice* upper_slice) const {
    rocksdb::ReadOptions options;
    options.fill_cache = cache_listing_blocks;
    *upper = PrefixSuccessor(prefix);
    *upper_slice = rocksdb::Slice(*upper);
    if (!upper->empty()) options.iterate_upper_bound = upper_slice;
    options.prefix_same_as_start = !prefix.empty();
    return std::unique_ptr<rocksdb::Iterator>(db->NewIterator(options, cf(index)));
  }

  // Runs scan(sink); with filter.as_of, first resolves the events with several versions under
  // `entity_iid` (kAllEventsIid: any event; `entity_id` "" then) and merges their rows into what
  // scan passes on, in timeline order (store.cc).
  template <typename Sink, typename Scan>
  Status ScanMergingVersions(uint64_t entity_iid, const std::string& entity_id,
                             const TimelineFilter& filter, Sink& sink, Scan scan) const;
  // The bodies of Store::Timeline/ScanTimeline and Store::Events/ScanEvents (store.cc).
  template <typename Sink>
  Status ScanTimelineInto(std::string_view entity_id, const TimelineFilter& filter,
                          Sink& sink) const;
  template <typename Sink>
  Status ScanEventsInto(const TimelineFilter& filter, Sink& sink) const;

  // For --as-of: appends the rows of the events `ids` (each with several versions) as they
  // stood at filter.as_of, when they match `filter` and (unless `entity_id` is empty) name
  // that entity then; then sorts *rows into timeline order.
  Status AppendVersionedRows(const std::vector<std::string>& ids, const TimelineFilter& filter,
                             const std::string& entity_id, std::vector<TimelineRow>* rows) const;

  // Passes to `sink` the rows of one key range (`prefix`, "" = the whole column family; keys
  // ordered by earliest day) that match `filter`, in key order. `seek_key(day)` is the smallest
  // key of the range with that earliest day; scan_from(seek_key, day, keep_key, keep_row, sink)
  // scans from there (ScanIndex or ScanPages).
  template <typename SeekKey, typename ScanFrom, typename Sink>
  Status ScanOverlapping(const std::string& prefix, SeekKey seek_key, ScanFrom scan_from,
                         const TimelineFilter& filter, Sink& sink) const {
    auto by_days = [&filter](const TimelineRowView& row) {
      if (row.earliest_day > filter.to_day) return Keep::kStop;  // every later key starts later
      return row.latest_day < filter.from_day ? Keep::kSkip : Keep::kKeep;
    };
    // With --as-of, a row shows an event's only version, which must be recorded by then;
    // events with several versions are resolved by AppendVersionedRows. (The days are by_days'.)
    auto by_row = [&filter](const TimelineRowView& row) {
      if (filter.as_of && (row.versioned || row.recorded_at > *filter.as_of)) return Keep::kSkip;
      if (filter.kind && row.kind != *filter.kind) return Keep::kSkip;
      return filter.status && row.status != *filter.status ? Keep::kSkip : Keep::kKeep;
    };
    if (filter.from_day == kOpenStartDay) {
      return scan_from(prefix, kOpenStartDay, by_days, by_row, sink);
    }
    // Events with an open start sort first; after them, the scan seeks past the events that
    // cannot reach `from` (ScanStartDay).
    auto open_start_only = [&by_days](const TimelineRowView& row) {
      return row.earliest_day != kOpenStartDay ? Keep::kStop : by_days(row);
    };
    CHRONICLE_RETURN_IF_ERROR(scan_from(prefix, kOpenStartDay, open_start_only, by_row, sink));
    const int32_t start_day = ScanStartDay(filter.from_day);
    return scan_from(seek_key(start_day), start_day, by_days, by_row, sink);
  }
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_STORE_IMPL_H_
