#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/table_properties.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/record_json.h"
#include "core/text.h"
#include "storage/index_values.h"
#include "storage/key_codec.h"
#include "storage/store_impl.h"

namespace chronicle::storage {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kFormatMetaName = "format";
constexpr std::string_view kFormatVersion = "chronicle-store-4";
// The format before timeline pages: read as it is; a read-write open converts it
// (Store::Impl::ConvertTimelineToPages).
constexpr std::string_view kRowTimelineFormat = "chronicle-store-3";

// The Env of read-only stores. RocksDB raises its flush and compaction thread pools at every
// open (SanitizeOptions calls IncBackgroundThreadsIfNeeded), which starts two threads; a read-only
// DB never schedules a flush or a compaction, so a query process started them, and at exit
// waited for them to end, for nothing: about 1 ms of a 6-7 ms query (they were a quarter of the
// gap between a typical query's CPU time and its wall time). Should anything be scheduled after
// all, the pool is raised then, and the work runs as it would have.
class LazyThreadsEnv final : public rocksdb::EnvWrapper {
 public:
  LazyThreadsEnv() : EnvWrapper(rocksdb::Env::Default()) {}
  const char* Name() const override { return "ChronicleLazyThreadsEnv"; }
  void IncBackgroundThreadsIfNeeded(int /*number*/, Priority /*pri*/) override {}
  void Schedule(void (*function)(void* arg), void* arg, Priority pri, void* tag,
                void (*unschedule_function)(void* arg)) override {
    target()->IncBackgroundThreadsIfNeeded(1, pri);
    target()->Schedule(function, arg, pri, tag, unschedule_function);
  }
};

// Whether a read-only open failed because a file the MANIFEST names was gone: what a writer
// finishing an import (new MANIFEST, replaced table files deleted) does to a reader that read
// the old MANIFEST a moment before.
bool IsFileReplacedDuringOpen(const rocksdb::Status& status) {
  if (!status.IsIOError() && !status.IsCorruption() && !status.IsPathNotFound()) return false;
  const std::string text = status.ToString();
  return text.find("No such file") != std::string::npos ||
         text.find("Missing sst file") != std::string::npos;
}

// Opens the database in `dir` read-only. A reader that opens while an import ends can read a
// MANIFEST whose files the writer is replacing ("Missing sst file", "No such file"): 15 of
// 1,079 queries run beside 199 small imports failed so. Reading the store's CURRENT state again
// a moment later finds a consistent one; a file that stays missing is still reported, after
// the last attempt.
rocksdb::Status OpenReadOnlyDatabase(
    const rocksdb::DBOptions& options, const std::string& dir,
    const std::vector<rocksdb::ColumnFamilyDescriptor>& descriptors,
    std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** db) {
  constexpr int kOpenAttempts = 8;
  for (int attempt = 1;; ++attempt) {
    rocksdb::Status status = rocksdb::DB::OpenForReadOnly(options, dir, descriptors, handles, db);
    if (status.ok() || attempt == kOpenAttempts || !IsFileReplacedDuringOpen(status)) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
  }
}

// Whether the RocksDB database in `dir` has exactly Chronicle's column families.
bool HoldsChronicleFamilies(const std::string& dir) {
  std::vector<std::string> families;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &families);
  const std::set<std::string> expected(std::begin(kCfNames), std::end(kCfNames));
  return listed.ok() && std::set<std::string>(families.begin(), families.end()) == expected;
}

// One block cache shared by all column families of the process: with RocksDB's default
// sharding (64 shards for 64 MB), or of one shard (OpenOptions::single_thread). Each is made
// when first asked for.
std::shared_ptr<rocksdb::Cache> SharedBlockCache(bool single_thread) {
  if (single_thread) {
    static const std::shared_ptr<rocksdb::Cache> one_shard =
        rocksdb::NewLRUCache(64 << 20, /*num_shard_bits=*/0);
    return one_shard;
  }
  static const std::shared_ptr<rocksdb::Cache> sharded = rocksdb::NewLRUCache(64 << 20);
  return sharded;
}

// How a column family's table files keep their index and filter.
enum class Metadata : uint8_t {
  // One index block and one filter block per file: opening the file reads both whole. For the
  // index column families (few, long keys per entity or day; small indexes and prefix filters).
  kWhole,
  // Partitioned index and filter read through the block cache. For `records`, the one family
  // with a whole-key filter over millions of ids: opening its file for one `show` read 1.2 MB
  // of filter when it was whole (21.5 M instructions against 15.6 M partitioned, callgrind).
  kPartitioned,
};

// `block_size`: index columns are scanned, never looked up by key, so they take big blocks,
// which keep their index small (opening a table file reads all of its index).
// `index_restart_interval`: index keys are delta-encoded in runs of this many, and a seek
// binary-searches the runs' first keys, then steps through one run; 16 keeps index blocks
// small. The names family is looked up (an entity's card) by every query, where a full
// binary search paid: a typical timeline in process 4.4 -> 4.2 us, for 29 K more instructions
// when a query process reads the bigger index at open (the timeline family with 1 as well:
// 3.9 us, but +155 K).
rocksdb::ColumnFamilyOptions ColumnFamilyOptionsFor(const std::shared_ptr<rocksdb::Cache>& block_cache,
                                                    size_t prefix_length, bool whole_key_filtering,
                                                    size_t block_size = 16 * 1024,
                                                    Metadata metadata = Metadata::kWhole,
                                                    int index_restart_interval = 16) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.whole_key_filtering = whole_key_filtering;
  table.cache_index_and_filter_blocks = true;
  if (metadata == Metadata::kPartitioned) {
    table.index_type = rocksdb::BlockBasedTableOptions::IndexType::kTwoLevelIndexSearch;
    table.partition_filters = true;
    table.metadata_block_size = 4096;
    table.pin_top_level_index_and_filter = true;
  }
  // Partitions are no lazier for a query: RocksDB opens a table file for a read with
  // prefetch_index_and_filter_in_cache, which loads every partition into the cache. With whole
  // index and filter blocks a typical timeline query ran 9.2 M instructions instead of 13.0 M
  // (callgrind, 1M-event store), 3.8 M fewer for a 1,000-row one too.

  table.block_cache = block_cache;
  // Debian's librocksdb is a portable build whose crc32c runs in software (Slow_CRC32 was 2% of
  // an import profile); XXH3 checksums are computed fast everywhere.
  table.checksum = rocksdb::kXXH3;
  table.block_size = block_size;
  table.index_block_restart_interval = index_restart_interval;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (prefix_length > 0) {
    options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(prefix_length));
  }
  // LZ4 at every level. Measured at 1M events against ZSTD at the bottom (where imports land):
  // 0.43 of SQLite's size instead of 0.28, but timelines 0.7–1.4 ms faster end to end (less to
  // decompress) and imports ~1 s faster.
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kLZ4Compression;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, ColumnFamilyOptionsFor(cache, 0, true));
  descriptors.emplace_back(kRecordsCf, ColumnFamilyOptionsFor(cache, 0, true, 16 * 1024,
                                                              Metadata::kPartitioned));
  descriptors.emplace_back(kNamesCf, ColumnFamilyOptionsFor(cache, 0, false, 16 * 1024,
                                                            Metadata::kWhole,
                                                            /*index_restart_interval=*/1));
  descriptors.emplace_back(kTimelineCf,
                           ColumnFamilyOptionsFor(cache, kTimelinePrefixSize, false, 64 * 1024));
  descriptors.emplace_back(kTimeCf, ColumnFamilyOptionsFor(cache, 0, false, 64 * 1024));
  descriptors.emplace_back(kEdgesCf,
                           ColumnFamilyOptionsFor(cache, kTimelinePrefixSize, false, 64 * 1024));
  descriptors.emplace_back(kVersionsCf, ColumnFamilyOptionsFor(cache, 0, false));
  descriptors.emplace_back(kVersionedCf, ColumnFamilyOptionsFor(cache, kTimelinePrefixSize, false));
  return descriptors;
}

// The record a stored value's JSON holds; Corruption when it does not parse.
Result<Record> ParseStoredRecord(std::string_view json) {
  Result<Record> record = ParseRecordLine(json);
  if (!record.ok()) {
    return Status::Corruption("stored record does not parse: " + record.status().ToString());
  }
  return record;
}

}  // namespace

rocksdb::Env* ReadOnlyEnv() {
  static LazyThreadsEnv* env = new LazyThreadsEnv();  // never destroyed, as Env::Default()
  return env;
}

std::string Counters::Encode() const {
  Json json = {{"next_iid", next_iid},
               {"next_tx", next_tx},
               {"max_span_days", max_span_days},
               {"min_open_end_start_day", min_open_end_start_day},
               {"may_have_instants", may_have_instants},
               {"records", records},
               {"entity_kinds", entity_kinds},
               {"event_statuses", event_statuses}};
  return json.dump();
}

Result<Counters> Counters::Decode(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return Status::Corruption("unreadable counters");
  Counters counters;
  try {
    counters.next_iid = json.at("next_iid").get<uint64_t>();
    counters.next_tx = json.at("next_tx").get<uint64_t>();
    counters.max_span_days = json.at("max_span_days").get<int64_t>();
    counters.min_open_end_start_day = json.at("min_open_end_start_day").get<int32_t>();
    // Counters written before the flag existed say nothing about instants: assume some.
    counters.may_have_instants = json.value("may_have_instants", true);
    counters.records = json.at("records").get<std::map<std::string, uint64_t>>();
    counters.entity_kinds = json.at("entity_kinds").get<std::map<std::string, uint64_t>>();
    counters.event_statuses = json.at("event_statuses").get<std::map<std::string, uint64_t>>();
  } catch (const Json::exception&) {
    return Status::Corruption("unreadable counters");
  }
  return counters;
}

std::string_view RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kEntity:
      return "entity";
    case RecordType::kEvent:
      return "event";
    case RecordType::kRelation:
      return "relation";
    case RecordType::kSource:
      return "source";
  }
  return "unknown";
}

Store::Impl::~Impl() {
  if (db) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    handles.clear();
    db->Close().PermitUncheckedError();
  }
}

Result<std::optional<std::string>> Store::Impl::Get(CfIndex index, std::string_view key) const {
  std::string value;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), cf(index), key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocks(status, "read failed");
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<std::pair<RecordType, std::string>>> Store::Impl::FindRecordValue(
    std::string_view id) const {
  using Found = std::optional<std::pair<RecordType, std::string>>;
  if (!HasRecords() || id.empty()) return Found();
  for (RecordType type : kRecordTypes) {
    Result<std::optional<std::string>> value = Get(kRecords, RecordKey(type, id));
    if (!value.ok()) return value.status();
    if (value->has_value()) return Found(std::make_pair(type, std::move(**value)));
  }
  return Found();
}

Result<RecordVersion> Store::Impl::DecodeVersion(std::string_view stored) {
  RecordValue value;
  if (!DecodeRecordValue(stored, &value)) return Status::Corruption("bad record value");
  Result<Record> record = ParseStoredRecord(value.json);
  if (!record.ok()) return record.status();
  RecordVersion version{std::move(record).value(), value.recorded_at, "", value.tx};
  version.source = DatingSourceOf(version.record);
  return version;
}

Result<std::vector<RecordVersion>> Store::Impl::LoadVersions(RecordType type,
                                                             std::string_view id) const {
  std::vector<RecordVersion> versions;
  Result<std::optional<std::string>> current = GetRecordValue(type, id);
  if (!current.ok()) return current.status();
  if (!current->has_value()) return versions;
  auto add = [&versions](std::string_view /*key*/, std::string_view value) -> Status {
    Result<RecordVersion> version = DecodeVersion(value);
    if (!version.ok()) return version.status();
    versions.push_back(std::move(version).value());
    return Status::Ok();
  };
  CHRONICLE_RETURN_IF_ERROR(add("", **current));
  CHRONICLE_RETURN_IF_ERROR(ScanPrefix(kVersions, VersionPrefix(type, id), add));
  return versions;
}

Result<std::vector<std::string>> Store::Impl::VersionedIds(RecordType type) const {
  std::vector<std::string> ids;
  Status status = ScanPrefix(kVersions, RecordTypePrefix(type),
                             [&ids](std::string_view key, std::string_view) -> Status {
                               RecordType key_type;
                               std::string_view id;
                               if (!DecodeVersionKey(key, &key_type, &id)) {
                                 return Status::Corruption("bad version key");
                               }
                               if (ids.empty() || ids.back() != id) ids.emplace_back(id);
                               return Status::Ok();
                             });
  if (!status.ok()) return status;
  return ids;
}

Result<std::vector<std::string>> Store::Impl::VersionedCandidates(uint64_t entity_iid,
                                                                  RecordType type, int32_t from_day,
                                                                  int32_t to_day) const {
  std::set<std::string> ids;
  const std::string prefix = VersionedPrefix(entity_iid);
  std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf(kVersioned)));
  auto scan = [&](const std::string& seek_key, bool open_start_only) -> Status {
    for (it->Seek(seek_key); it->Valid(); it->Next()) {
      VersionedKeyParts parts;
      if (!DecodeVersionedKey(it->key().ToStringView(), &parts)) {
        return Status::Corruption("bad versioned key");
      }
      if (open_start_only && parts.earliest_day != kOpenStartDay) break;
      if (parts.earliest_day > to_day) break;  // every later key starts later
      if (parts.latest_day >= from_day && parts.type == type) ids.emplace(parts.id);
    }
    return FromRocks(it->status(), "scan failed");
  };
  if (from_day == kOpenStartDay) {
    CHRONICLE_RETURN_IF_ERROR(scan(prefix, false));
  } else {
    CHRONICLE_RETURN_IF_ERROR(scan(prefix, true));
    CHRONICLE_RETURN_IF_ERROR(scan(VersionedSeekKey(entity_iid, ScanStartDay(from_day)), false));
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<Record> Store::Impl::DecodeRecord(std::string_view stored) {
  RecordValue value;
  if (!DecodeRecordValue(stored, &value)) return Status::Corruption("bad record value");
  return ParseStoredRecord(value.json);
}

Result<std::optional<EntityCard>> Store::Impl::FindEntityCard(std::string_view entity_id) const {
  if (!HasRecords() || entity_id.empty()) return std::optional<EntityCard>();
  Result<std::optional<std::string>> stored = Get(kNames, EntityCardKey(entity_id));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<EntityCard>();
  EntityCard card;
  if (!DecodeEntityCard(**stored, &card)) {
    return Status::Corruption("bad entity card '" + std::string(entity_id) + "'");
  }
  card.entity.id = std::string(entity_id);
  return std::optional<EntityCard>(std::move(card));
}

Result<std::optional<uint64_t>> Store::Impl::EntityIid(std::string_view entity_id) const {
  Result<std::optional<EntityCard>> card = FindEntityCard(entity_id);
  if (!card.ok()) return card.status();
  if (!card->has_value()) return std::optional<uint64_t>();
  return std::optional<uint64_t>((*card)->iid);
}

Status Store::Impl::AppendVersionedRows(const std::vector<std::string>& ids,
                                        const TimelineFilter& filter, const std::string& entity_id,
                                        std::vector<TimelineRow>* rows) const {
  for (const std::string& id : ids) {
    Result<std::vector<RecordVersion>> versions = LoadVersions(RecordType::kEvent, id);
    if (!versions.ok()) return versions.status();
    std::optional<size_t> in_effect = VersionAsOf(*versions, *filter.as_of);
    if (!in_effect) continue;
    const RecordVersion& version = (*versions)[*in_effect];
    const Event* event = std::get_if<Event>(&version.record);
    if (event == nullptr) return Status::Corruption("version of '" + id + "' is not an event");
    TimelineRow row = MakeTimelineRow(*event);
    if (!entity_id.empty()) {
      row.role = RoleOf(*event, entity_id);
      if (row.role.empty()) continue;  // the entity took no part in that version
    }
    row.recorded_at = version.recorded_at;
    row.versioned = true;
    if (filter.Matches(row)) rows->push_back(std::move(row));
  }
  std::sort(rows->begin(), rows->end(), TimelineOrder);
  return Status::Ok();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, OpenMode mode,
                                           const OpenOptions& open_options) {
  std::error_code error;
  fs::file_status dir_status = fs::status(dir, error);
  bool exists = fs::exists(dir_status);
  if (exists && !fs::is_directory(dir_status)) {
    return Status::InvalidArgument(dir + " is not a Chronicle store (it is not a directory)");
  }
  bool has_current = exists && fs::exists(fs::path(dir) / "CURRENT", error);
  bool is_empty = !exists || fs::is_empty(dir, error);
  if (mode == OpenMode::kReadOnly && !exists) {
    return Status::NotFound("no Chronicle store at " + dir + " (create one with: chronicle --db " +
                            dir + " import FILE)");
  }
  if (exists && !has_current && !(mode == OpenMode::kReadWrite && is_empty)) {
    return Status::InvalidArgument(dir + " is not a Chronicle store");
  }
  // A RocksDB directory of someone else's has other column families. An import must not add
  // ours to it, so it looks first; a query (which adds nothing) looks only when its open
  // fails, which saves reading the MANIFEST twice (~130 K instructions of a typical query).
  if (has_current && mode == OpenMode::kReadWrite && !HoldsChronicleFamilies(dir)) {
    return Status::InvalidArgument(dir + " is not a Chronicle store");
  }

  rocksdb::DBOptions options;
  options.create_if_missing = mode == OpenMode::kReadWrite;
  options.create_missing_column_families = mode == OpenMode::kReadWrite;
  // Queries are short-lived processes: keep the open lean (no stats thread, one file-opening
  // thread, a small info log).
  options.stats_dump_period_sec = 0;
  options.stats_persist_period_sec = 0;
  options.max_file_opening_threads = 1;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.keep_log_file_num = 2;
  // A query opens the table files it needs when it needs them. With the default (-1) RocksDB
  // opens every file at DB open, and with any limit it still opens up to min(16, (limit - 10)
  // / 4) of them: on a 1M-event store that was most of a 7 ms timeline query. A query touches
  // a handful of files, so its table cache is small; an import keeps every file open.
  options.max_open_files = mode == OpenMode::kReadOnly ? 20 : -1;
  options.skip_stats_update_on_db_open = true;
  options.skip_checking_sst_file_sizes_on_db_open = true;
  if (mode == OpenMode::kReadOnly) options.env = ReadOnlyEnv();
  if (open_options.single_thread) options.table_cache_numshardbits = 0;

  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->mode = mode;
  impl->cache_listing_blocks = open_options.cache_listing_blocks;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      ColumnFamilyDescriptors(SharedBlockCache(open_options.single_thread));
  for (const rocksdb::ColumnFamilyDescriptor& descriptor : descriptors) {
    impl->family_options.emplace_back(options, descriptor.options);
  }
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status status;
  if (mode == OpenMode::kReadOnly) {
    status = OpenReadOnlyDatabase(options, dir, descriptors, &impl->handles, &raw_db);
  } else {
    status = rocksdb::DB::Open(options, dir, descriptors, &impl->handles, &raw_db);
  }
  if (!status.ok()) {
    if (mode == OpenMode::kReadOnly && !HoldsChronicleFamilies(dir)) {
      return Status::InvalidArgument(dir + " is not a Chronicle store");
    }
    if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
      return Status::Busy(dir +
                          " is open for writing by another process; try again when it is done");
    }
    return FromRocks(status, "cannot open " + dir);
  }
  impl->db.reset(raw_db);
  impl->db_options = options;
  impl->descriptors = std::move(descriptors);

  Result<std::optional<std::string>> format = impl->Get(kMeta, MetaKey(kFormatMetaName));
  if (!format.ok()) return format.status();
  if (!format->has_value()) {
    if (mode == OpenMode::kReadOnly || has_current) {
      return Status::InvalidArgument(dir + " is not a Chronicle store");
    }
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    rocksdb::WriteBatch batch;
    batch.Put(impl->cf(kMeta), MetaKey(kFormatMetaName), std::string(kFormatVersion));
    batch.Put(impl->cf(kMeta), MetaKey(kCountersMetaName), Counters().Encode());
    CHRONICLE_RETURN_IF_ERROR(
        FromRocks(impl->db->Write(write_options, &batch), "cannot create store"));
  } else if (**format == kRowTimelineFormat) {
    impl->paged_timeline = false;
  } else if (**format != kFormatVersion) {
    return Status::InvalidArgument(dir + " has store format '" + **format +
                                   "'; this chronicle reads '" + std::string(kFormatVersion) +
                                   "' and '" + std::string(kRowTimelineFormat) + "'");
  }
  if (mode == OpenMode::kReadWrite) {
    // Holding the store's lock, no other import can be running: scratch directories left here
    // belong to imports that were killed before they committed (which added nothing).
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_directory(error) && IsImportScratchDir(name)) {
        fs::remove_all(entry.path(), error);
      }
    }
  }
  CHRONICLE_RETURN_IF_ERROR(impl->LoadCounters());
  if (mode == OpenMode::kReadWrite && !impl->paged_timeline) {
    CHRONICLE_RETURN_IF_ERROR(impl->ConvertTimelineToPages(MetaKey(kFormatMetaName),
                                                           std::string(kFormatVersion)));
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Status Store::Impl::LoadCounters() {
  Result<std::optional<std::string>> stored = Get(kMeta, MetaKey(kCountersMetaName));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::Corruption(dir + ": store counters are missing");
  Result<Counters> decoded = Counters::Decode(**stored);
  if (!decoded.ok()) return decoded.status();
  counters = std::move(decoded).value();
  return Status::Ok();
}

thread_local int Store::Impl::query_depth = 0;

Status Store::Impl::Reopen() {
  // The new database is opened beside the old one (read-only opens take no lock), so that a
  // failure leaves the store as it was.
  std::vector<rocksdb::ColumnFamilyHandle*> new_handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status status =
      OpenReadOnlyDatabase(db_options, dir, descriptors, &new_handles, &raw_db);
  if (!status.ok()) return FromRocks(status, "cannot open " + dir);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db->Close().PermitUncheckedError();
  db.reset(raw_db);
  handles = std::move(new_handles);
  return LoadCounters();
}

Result<std::optional<Record>> Store::GetRecord(std::string_view id, std::optional<int64_t> as_of) {
  return impl_->Query([&]() -> Result<std::optional<Record>> {
    Result<std::optional<std::pair<RecordType, std::string>>> found = impl_->FindRecordValue(id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return std::optional<Record>();
    if (as_of) {
      Result<std::vector<RecordVersion>> versions = impl_->LoadVersions((*found)->first, id);
      if (!versions.ok()) return versions.status();
      std::optional<size_t> in_effect = VersionAsOf(*versions, *as_of);
      if (!in_effect) return std::optional<Record>();
      return std::optional<Record>(std::move((*versions)[*in_effect].record));
    }
    Result<Record> record = Impl::DecodeRecord((*found)->second);
    if (!record.ok()) return record.status();
    return std::optional<Record>(std::move(record).value());
  });
}

Result<std::vector<RecordVersion>> Store::Versions(std::string_view id) {
  return impl_->Query([&]() -> Result<std::vector<RecordVersion>> {
    Result<std::optional<std::pair<RecordType, std::string>>> found = impl_->FindRecordValue(id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return std::vector<RecordVersion>();
    Result<std::vector<RecordVersion>> versions = impl_->LoadVersions((*found)->first, id);
    if (versions.ok()) SortVersions(&*versions);
    return versions;
  });
}

Result<std::vector<PlanOutcome>> Store::Plans(int64_t as_of) {
  return impl_->Query([&]() -> Result<std::vector<PlanOutcome>> {
    // Events with one version: planned or postponed ones recorded by `as_of`, from the time
    // index (its values carry status, record time and the versioned flag). Their records are
    // read afterwards in id order, the order of the records column family: read in time order,
    // nearly every one decompressed another 16 KB block (1M events, 50K planned: 3.5 s, most
    // of it in LZ4), while in id order neighbours share blocks.
    std::vector<std::string> single_version_ids;
    CHRONICLE_RETURN_IF_ERROR(ScanEvents(TimelineFilter(), [&](const TimelineRow& row) {
      if (row.versioned || row.recorded_at > as_of) return;
      if (row.status != EventStatus::kPlanned && row.status != EventStatus::kPostponed) return;
      single_version_ids.push_back(row.event_id);
    }));
    std::sort(single_version_ids.begin(), single_version_ids.end());
    std::vector<std::vector<RecordVersion>> candidates;
    candidates.reserve(single_version_ids.size());
    // Not versioned: the current version is the only one (no scan of `versions`). The records are
    // read with one iterator walking forward in id order: a few Next() calls reach the next id
    // more cheaply than a Get, and blocks need not be cached for their neighbours (with
    // OpenOptions::cache_listing_blocks off they are not: 50K Gets filled the 64 MB cache).
    rocksdb::ReadOptions read_options;
    read_options.fill_cache = impl_->cache_listing_blocks;
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(read_options, impl_->cf(kRecords)));
    constexpr int kNextsBeforeSeek = 32;
    bool positioned = false;
    for (const std::string& id : single_version_ids) {
      const std::string key = RecordKey(RecordType::kEvent, id);
      int nexts = 0;
      while (positioned && it->Valid() && it->key().compare(key) < 0 && nexts < kNextsBeforeSeek) {
        it->Next();
        ++nexts;
      }
      if (!positioned || !it->Valid() || it->key().compare(key) < 0) {
        CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "cannot read records"));
        it->Seek(key);
        positioned = true;
      }
      CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "cannot read records"));
      if (!it->Valid() || it->key().ToStringView() != key) {
        return Status::Corruption("event '" + id + "' is in the time index but not in records");
      }
      Result<RecordVersion> version = Impl::DecodeVersion(it->value().ToStringView());
      if (!version.ok()) return version.status();
      candidates.push_back({std::move(version).value()});
    }
    Result<std::vector<std::string>> versioned = impl_->VersionedIds(RecordType::kEvent);
    if (!versioned.ok()) return versioned.status();
    for (const std::string& id : *versioned) {
      Result<std::vector<RecordVersion>> versions = impl_->LoadVersions(RecordType::kEvent, id);
      if (!versions.ok()) return versions.status();
      candidates.push_back(std::move(versions).value());
    }
    return PlansAsOf(std::move(candidates), as_of, std::numeric_limits<int64_t>::max());
  });
}

Result<std::vector<FieldConflict>> Store::Conflicts(std::optional<std::string_view> id,
                                                    std::optional<int64_t> as_of) {
  return impl_->Query([&]() -> Result<std::vector<FieldConflict>> {
    std::vector<FieldConflict> conflicts;
    auto add = [&](RecordType type, std::string_view record_id) -> Status {
      Result<std::vector<RecordVersion>> versions = impl_->LoadVersions(type, record_id);
      if (!versions.ok()) return versions.status();
      if (as_of) {
        std::erase_if(*versions,
                      [&](const RecordVersion& version) { return version.recorded_at > *as_of; });
      }
      for (FieldConflict& conflict : FindConflicts(*versions)) {
        conflicts.push_back(std::move(conflict));
      }
      return Status::Ok();
    };
    if (id) {
      Result<std::optional<std::pair<RecordType, std::string>>> found = impl_->FindRecordValue(*id);
      if (!found.ok()) return found.status();
      if (!found->has_value()) {
        return Status::NotFound("no record with id '" + std::string(*id) + "'");
      }
      CHRONICLE_RETURN_IF_ERROR(add((*found)->first, *id));
      return conflicts;
    }
    for (RecordType type : kRecordTypes) {
      Result<std::vector<std::string>> ids = impl_->VersionedIds(type);
      if (!ids.ok()) return ids.status();
      for (const std::string& record_id : *ids) CHRONICLE_RETURN_IF_ERROR(add(type, record_id));
    }
    std::stable_sort(
        conflicts.begin(), conflicts.end(),
        [](const FieldConflict& a, const FieldConflict& b) { return a.record_id < b.record_id; });
    return conflicts;
  });
}

Result<Entity> Store::ResolveEntity(std::string_view reference) {
  return impl_->Query([&]() -> Result<Entity> {
    // The common cases read only the names column family: an id, or a name or alias of exactly
    // one entity. Anything else (nothing found, several found) goes to the full resolution for
    // its message and suggestions.
    Result<std::optional<EntityCard>> card = impl_->FindEntityCard(reference);
    if (!card.ok()) return card.status();
    if (!card->has_value()) {
      if (Result<std::string> normalized = NormalizeName(reference); normalized.ok()) {
        Result<std::vector<std::string>> ids = FindEntitiesByName(*normalized);
        if (!ids.ok()) return ids.status();
        if (ids->size() == 1) card = impl_->FindEntityCard(ids->front());
        if (!card.ok()) return card.status();
      }
    }
    if (!card->has_value()) {
      Result<std::string> id = ResolveEntityReference(reference, *this);
      if (!id.ok()) return id.status();
      card = impl_->FindEntityCard(*id);
      if (!card.ok()) return card.status();
      if (!card->has_value()) {
        return Status::Corruption("entity '" + *id + "' has no card in the name index");
      }
    }
    return std::move((*card)->entity);
  });
}

namespace {

// The days and event id of a row from its key in the time index (DecodeTimeKey), or in the
// timeline index of a store that keeps one row per key (DecodeTimelineKey,
// chronicle-store-3); the event id points into the key.
template <typename KeyParts, bool (*DecodeKey)(std::string_view, KeyParts*)>
bool DecodeRowKey(std::string_view key, TimelineRowView* row) {
  KeyParts parts;
  if (!DecodeKey(key, &parts)) return false;
  row->earliest_day = parts.earliest_day;
  row->latest_day = parts.latest_day;
  row->event_id = parts.event_id;
  return true;
}
constexpr auto DecodeTimelineRowKey = DecodeRowKey<TimelineKeyParts, DecodeTimelineKey>;
constexpr auto DecodeTimeRowKey = DecodeRowKey<TimeKeyParts, DecodeTimeKey>;

// How many rows a timeline page holds, for estimates: pages are full but for an entity's last
// (and those split by later imports).
constexpr size_t kRowsPerFullPage = TimelinePageWriter::Limits{}.page_rows;

}  // namespace

size_t Store::Impl::EstimateEntries(CfIndex index, const std::string& begin,
                                    const std::string& end) const {
  // The range's bytes, and the entries per data byte of the table files it overlaps (their
  // properties are read when the files are opened; a read-only store does not load the key
  // counts RocksDB's own estimate-num-keys is made of).
  const rocksdb::Range range(begin, end);
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  options.include_files = true;
  uint64_t range_bytes = 0;
  rocksdb::TablePropertiesCollection tables;
  if (!db->GetApproximateSizes(options, cf(index), &range, 1, &range_bytes).ok() ||
      !db->GetPropertiesOfTablesInRange(cf(index), &range, 1, &tables).ok()) {
    return 0;
  }
  uint64_t entries = 0, data_bytes = 0;
  for (const auto& [file, properties] : tables) {
    entries += properties->num_entries;
    data_bytes += properties->data_size;
  }
  if (data_bytes == 0) return 0;
  return static_cast<size_t>(std::min<double>(
      static_cast<double>(entries),
      static_cast<double>(range_bytes) / static_cast<double>(data_bytes) * entries));
}

// Timeline and ScanTimeline (Events and ScanEvents) share one scan with different sinks
// (Impl::CollectRows, Impl::VisitRows). With filter.as_of the events that have several versions
// are resolved first (few: only they are held) and merged into the scan as it streams by.
template <typename Sink, typename Scan>
Status Store::Impl::ScanMergingVersions(uint64_t entity_iid, const std::string& entity_id,
                                        const TimelineFilter& filter, Sink& sink,
                                        Scan scan) const {
  if (!filter.as_of) return scan(sink);
  Result<std::vector<std::string>> versioned =
      VersionedCandidates(entity_iid, RecordType::kEvent, filter.from_day, filter.to_day);
  if (!versioned.ok()) return versioned.status();
  std::vector<TimelineRow> versioned_rows;
  CHRONICLE_RETURN_IF_ERROR(AppendVersionedRows(*versioned, filter, entity_id, &versioned_rows));
  MergeVersionedRows<Sink> merged{&sink, &versioned_rows, 0, {}};
  CHRONICLE_RETURN_IF_ERROR(scan(merged));
  merged.Finish();
  return Status::Ok();
}

template <typename Sink>
Status Store::Impl::ScanTimelineInto(std::string_view entity_id, const TimelineFilter& filter,
                                     Sink& sink) const {
  Result<std::optional<uint64_t>> found = EntityIid(entity_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return Status::NotFound("no entity with id '" + std::string(entity_id) + "'");
  }
  const uint64_t entity = **found;
  auto seek_key = [entity](int32_t day) { return TimelineSeekKey(entity, day); };
  sink.SetEstimate([this, entity, &filter] {
    const size_t entries = EstimateEntries(kTimeline, TimelineSeekKey(entity, filter.from_day),
                                           filter.to_day == kOpenEndDay
                                               ? PrefixSuccessor(TimelinePrefix(entity))
                                               : TimelineSeekKey(entity, filter.to_day + 1));
    return paged_timeline ? entries * kRowsPerFullPage : entries;
  });
  const std::string prefix = TimelinePrefix(entity);
  return ScanMergingVersions(entity, std::string(entity_id), filter, sink, [&](auto& into) {
    if (!paged_timeline) {
      auto scan_rows = [this, &prefix](const std::string& seek, int32_t /*day*/, auto keep_key,
                                       auto keep_row, auto& rows_into) {
        return ScanIndex(kTimeline, prefix, seek, DecodeTimelineRowKey, keep_key, keep_row,
                         rows_into);
      };
      return ScanOverlapping(prefix, seek_key, scan_rows, filter, into);
    }
    auto scan_pages = [this, &prefix](const std::string& seek, int32_t day, auto keep_key,
                                      auto keep_row, auto& pages_into) {
      return ScanPages(prefix, seek, day, keep_key, keep_row, pages_into);
    };
    return ScanOverlapping(prefix, seek_key, scan_pages, filter, into);
  });
}

template <typename Sink>
Status Store::Impl::ScanEventsInto(const TimelineFilter& filter, Sink& sink) const {
  sink.SetEstimate([this, &filter] {
    // Past the last key: time keys start with a 4-byte day.
    return EstimateEntries(kTime, TimeSeekKey(filter.from_day),
                           filter.to_day == kOpenEndDay ? std::string(5, '\xff')
                                                        : TimeSeekKey(filter.to_day + 1));
  });
  return ScanMergingVersions(kAllEventsIid, "", filter, sink, [&](auto& into) {
    auto scan_rows = [this](const std::string& seek, int32_t /*day*/, auto keep_key,
                            auto keep_row, auto& rows_into) {
      return ScanIndex(kTime, "", seek, DecodeTimeRowKey, keep_key, keep_row, rows_into);
    };
    return ScanOverlapping("", TimeSeekKey, scan_rows, filter, into);
  });
}

Result<std::vector<TimelineRow>> Store::Timeline(std::string_view entity_id,
                                                 const TimelineFilter& filter) {
  return impl_->Query([&]() -> Result<std::vector<TimelineRow>> {
    std::vector<TimelineRow> rows;
    rows.reserve(64);
    Impl::CollectRows sink{&rows};
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanTimelineInto(entity_id, filter, sink));
    return rows;
  });
}

Status Store::ScanTimeline(std::string_view entity_id, const TimelineFilter& filter,
                           const RowVisitor& visit) {
  Impl::VisitRows sink{&visit, {}};
  return impl_->Query([&] { return impl_->ScanTimelineInto(entity_id, filter, sink); },
                      [&] { return sink.visited == 0; });
}

Result<TimelineRowSet> Store::CollectTimeline(std::string_view entity_id,
                                              const TimelineFilter& filter) {
  return impl_->Query([&]() -> Result<TimelineRowSet> {
    TimelineRowSet rows;
    Impl::CollectRowSet sink{&rows};
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanTimelineInto(entity_id, filter, sink));
    rows.Seal();
    return rows;
  });
}

Result<TimelineRowSet> Store::CollectEvents(const TimelineFilter& filter) {
  return impl_->Query([&]() -> Result<TimelineRowSet> {
    TimelineRowSet rows;
    Impl::CollectRowSet sink{&rows};
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanEventsInto(filter, sink));
    rows.Seal();
    return rows;
  });
}

Status Store::ScanTimelineViews(std::string_view entity_id, const TimelineFilter& filter,
                                const RowViewVisitor& visit) {
  Impl::VisitViews sink{&visit};
  return impl_->Query([&] { return impl_->ScanTimelineInto(entity_id, filter, sink); },
                      [&] { return sink.visited == 0; });
}

bool Store::MayHaveInstants() const { return impl_->counters.may_have_instants; }

Result<std::vector<TimelineRow>> Store::Events(const TimelineFilter& filter) {
  return impl_->Query([&]() -> Result<std::vector<TimelineRow>> {
    std::vector<TimelineRow> rows;
    rows.reserve(64);
    Impl::CollectRows sink{&rows};
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanEventsInto(filter, sink));
    return rows;
  });
}

Status Store::ScanEvents(const TimelineFilter& filter, const RowVisitor& visit) {
  Impl::VisitRows sink{&visit, {}};
  return impl_->Query([&] { return impl_->ScanEventsInto(filter, sink); },
                      [&] { return sink.visited == 0; });
}

Status Store::ScanEventsViews(const TimelineFilter& filter, const RowViewVisitor& visit) {
  Impl::VisitViews sink{&visit};
  return impl_->Query([&] { return impl_->ScanEventsInto(filter, sink); },
                      [&] { return sink.visited == 0; });
}

Result<std::vector<Entity>> Store::Entities(std::optional<EntityKind> kind) {
  return impl_->Query([&]() -> Result<std::vector<Entity>> {
    std::vector<Entity> entities;
    CHRONICLE_RETURN_IF_ERROR(
        impl_->ScanPrefix(kRecords, RecordTypePrefix(RecordType::kEntity),
                          [&](std::string_view, std::string_view value) -> Status {
                            Result<Record> record = Impl::DecodeRecord(value);
                            if (!record.ok()) return record.status();
                            Entity* entity = std::get_if<Entity>(&*record);
                            if (entity == nullptr) return Status::Corruption("bad entity record");
                            if (!kind || entity->kind == *kind)
                              entities.push_back(std::move(*entity));
                            return Status::Ok();
                          }));
    std::vector<std::pair<std::string, size_t>> order;
    for (size_t entity_idx = 0; entity_idx < entities.size(); ++entity_idx) {
      Result<std::string> normalized = NormalizeName(entities[entity_idx].name);
      order.emplace_back(normalized.ok() ? *normalized : entities[entity_idx].name, entity_idx);
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return std::tie(a.first, entities[a.second].id) < std::tie(b.first, entities[b.second].id);
    });
    std::vector<Entity> sorted;
    sorted.reserve(entities.size());
    for (const auto& [name, entity_idx] : order) sorted.push_back(std::move(entities[entity_idx]));
    return sorted;
  });
}

Result<std::vector<EntityRelation>> Store::RelationsOf(std::string_view entity_id,
                                                       std::optional<int64_t> as_of) {
  return impl_->Query([&]() -> Result<std::vector<EntityRelation>> {
    Result<std::optional<uint64_t>> found = impl_->EntityIid(entity_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return Status::NotFound("no entity with id '" + std::string(entity_id) + "'");
    }
    const std::string prefix = EdgePrefix(**found);
    std::string upper = PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions options;
    options.iterate_upper_bound = &upper_slice;
    options.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(options, impl_->cf(kEdges)));
    std::vector<EntityRelation> relations;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      EdgeKeyParts parts;
      EdgeValue edge;
      if (!DecodeEdgeKey(it->key().ToStringView(), &parts) ||
          !DecodeEdgeValue(it->value().ToStringView(), &edge)) {
        return Status::Corruption("bad edge entry");
      }
      // With --as-of, relations with several versions are resolved below.
      if (as_of && (edge.versioned || edge.recorded_at > *as_of)) continue;
      Result<std::optional<std::string>> stored =
          impl_->GetRecordValue(RecordType::kRelation, parts.relation_id);
      if (!stored.ok()) return stored.status();
      if (!stored->has_value()) return Status::Corruption("edge without its relation");
      Result<Record> record = Impl::DecodeRecord(**stored);
      if (!record.ok()) return record.status();
      Relation* relation = std::get_if<Relation>(&*record);
      if (relation == nullptr) return Status::Corruption("edge of a record that is no relation");
      relations.push_back({std::move(*relation), edge.outgoing});
    }
    CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
    if (!as_of) return relations;

    Result<std::vector<std::string>> versioned =
        impl_->VersionedCandidates(**found, RecordType::kRelation, kOpenStartDay, kOpenEndDay);
    if (!versioned.ok()) return versioned.status();
    for (const std::string& id : *versioned) {
      Result<std::vector<RecordVersion>> versions = impl_->LoadVersions(RecordType::kRelation, id);
      if (!versions.ok()) return versions.status();
      std::optional<size_t> in_effect = VersionAsOf(*versions, *as_of);
      if (!in_effect) continue;
      Relation* relation = std::get_if<Relation>(&(*versions)[*in_effect].record);
      if (relation == nullptr) return Status::Corruption("version of '" + id + "' is no relation");
      if (relation->from != entity_id && relation->to != entity_id) continue;
      const bool outgoing = relation->from == entity_id;
      relations.push_back({std::move(*relation), outgoing});
    }
    // Ordered by dates (undated first), as the edge keys order them.
    auto days = [](const EntityRelation& entry) {
      const std::optional<Edtf>& when = entry.relation.when;
      return std::make_tuple(when ? when->earliest_day : kOpenStartDay,
                             when ? when->latest_day : kOpenEndDay, entry.relation.id);
    };
    std::stable_sort(
        relations.begin(), relations.end(),
        [&](const EntityRelation& a, const EntityRelation& b) { return days(a) < days(b); });
    return relations;
  });
}

Result<StoreStats> Store::Stats() {
  return impl_->Query([&]() -> Result<StoreStats> {
    StoreStats stats;
    const Counters& counters = impl_->counters;
    for (std::string_view type : {"entity", "event", "relation", "source"}) {
      auto it = counters.records.find(std::string(type));
      stats.records[std::string(type)] = it == counters.records.end() ? 0 : it->second;
    }
    stats.entity_kinds = counters.entity_kinds;
    stats.event_statuses = counters.event_statuses;
    stats.imports = counters.next_tx - 1;

    // The first dated day: the time index is ordered by earliest day.
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kTime)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      TimeKeyParts parts;
      if (!DecodeTimeKey(it->key().ToStringView(), &parts))
        return Status::Corruption("bad time key");
      if (parts.earliest_day != kOpenStartDay) {
        stats.first_day = parts.earliest_day;
        break;
      }
    }
    CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
    // The last dated day: walk back from the largest earliest day; once an entry starts more
    // than max_span_days before the best end found, no finite entry before it ends later.
    // Entries with an open start sort first and may end anywhere: they are read separately.
    auto consider_end = [&stats](const TimeKeyParts& parts) {
      if (parts.latest_day != kOpenEndDay) {
        stats.last_day = std::max(stats.last_day.value_or(parts.latest_day), parts.latest_day);
      }
    };
    for (it->SeekToLast(); it->Valid(); it->Prev()) {
      TimeKeyParts parts;
      if (!DecodeTimeKey(it->key().ToStringView(), &parts))
        return Status::Corruption("bad time key");
      if (parts.earliest_day == kOpenStartDay) break;
      if (stats.last_day &&
          int64_t{parts.earliest_day} + counters.max_span_days < *stats.last_day) {
        break;
      }
      consider_end(parts);
    }
    CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      TimeKeyParts parts;
      if (!DecodeTimeKey(it->key().ToStringView(), &parts))
        return Status::Corruption("bad time key");
      if (parts.earliest_day != kOpenStartDay) break;
      consider_end(parts);
    }
    CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));

    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(impl_->dir, error)) {
      if (entry.is_regular_file(error)) stats.disk_bytes += entry.file_size(error);
    }
    return stats;
  });
}

Result<std::optional<RecordDirectory::StoredRecord>> Store::FindById(std::string_view id) {
  return impl_->Query([&]() -> Result<std::optional<RecordDirectory::StoredRecord>> {
    Result<std::optional<std::pair<RecordType, std::string>>> found = impl_->FindRecordValue(id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return std::optional<StoredRecord>();
    RecordValue value;
    if (!DecodeRecordValue((*found)->second, &value)) return Status::Corruption("bad record value");
    return std::optional<StoredRecord>(
        StoredRecord{std::string(RecordTypeName((*found)->first)), std::string(value.json)});
  });
}

Result<std::vector<std::string>> Store::FindEntitiesByName(std::string_view normalized_name) {
  return impl_->Query([&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> ids;
    if (!impl_->HasRecords()) return ids;
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanPrefix(kNames, NamePrefix(normalized_name),
                                                [&ids](std::string_view, std::string_view value) {
                                                  ids.emplace_back(value);
                                                  return Status::Ok();
                                                }));
    return ids;
  });
}

Result<std::vector<std::string>> Store::AllEntityNames() {
  return impl_->Query([&]() -> Result<std::vector<std::string>> {
    Result<std::vector<Entity>> entities = Entities(std::nullopt);
    if (!entities.ok()) return entities.status();
    std::vector<std::string> names;
    for (const Entity& entity : *entities) {
      names.push_back(entity.name);
      names.insert(names.end(), entity.aliases.begin(), entity.aliases.end());
    }
    return names;
  });
}

}  // namespace chronicle::storage
