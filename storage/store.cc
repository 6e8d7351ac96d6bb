#include "storage/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/record_json.h"
#include "core/text.h"
#include "storage/index_values.h"
#include "storage/key_codec.h"

namespace chronicle::storage {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Column family names: on-disk format, do not rename.
constexpr const char* kIdsCf = "ids";
constexpr const char* kRecordsCf = "records";
constexpr const char* kNamesCf = "names";
constexpr const char* kTimelineCf = "timeline";
constexpr const char* kTimeCf = "time";
constexpr const char* kEdgesCf = "edges";
// Order of handles_ in Impl; index 0 is the default column family (meta).
enum CfIndex : size_t { kMeta = 0, kIds, kRecords, kNames, kTimeline, kTime, kEdges, kCfCount };
constexpr const char* kCfNames[kCfCount] = {"default",   kIdsCf,  kRecordsCf, kNamesCf,
                                            kTimelineCf, kTimeCf, kEdgesCf};

constexpr std::string_view kFormatMetaName = "format";
constexpr std::string_view kFormatVersion = "chronicle-store-1";
constexpr std::string_view kCountersMetaName = "counters";

Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return Status::Ok();
  return Status::IoError(what + ": " + status.ToString());
}

RecordType RecordTypeOf(const Record& record) {
  switch (record.index()) {
    case 0: return RecordType::kEntity;
    case 1: return RecordType::kEvent;
    case 2: return RecordType::kRelation;
    default: return RecordType::kSource;
  }
}

std::string_view RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kEntity: return "entity";
    case RecordType::kEvent: return "event";
    case RecordType::kRelation: return "relation";
    case RecordType::kSource: return "source";
  }
  return "unknown";
}

rocksdb::ColumnFamilyOptions IndexCfOptions(size_t prefix_length, bool whole_key_filtering) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.whole_key_filtering = whole_key_filtering;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (prefix_length > 0) {
    options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(prefix_length));
  }
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, IndexCfOptions(0, true));
  descriptors.emplace_back(kIdsCf, IndexCfOptions(0, true));
  descriptors.emplace_back(kRecordsCf, IndexCfOptions(0, true));
  descriptors.emplace_back(kNamesCf, IndexCfOptions(0, false));
  descriptors.emplace_back(kTimelineCf, IndexCfOptions(kTimelinePrefixSize, false));
  descriptors.emplace_back(kTimeCf, IndexCfOptions(0, false));
  descriptors.emplace_back(kEdgesCf, IndexCfOptions(kTimelinePrefixSize, false));
  return descriptors;
}

// Counters kept in one meta value and updated by every import in the same batch.
struct Counters {
  uint64_t next_iid = 1;
  uint64_t next_tx = 1;
  int64_t max_span_days = 0;  // the longest finite earliest..latest span of any event
  std::map<std::string, uint64_t> records, entity_kinds, event_statuses;

  std::string Encode() const {
    Json json = {{"next_iid", next_iid},     {"next_tx", next_tx},
                 {"max_span_days", max_span_days}, {"records", records},
                 {"entity_kinds", entity_kinds}, {"event_statuses", event_statuses}};
    return json.dump();
  }
  static Result<Counters> Decode(std::string_view text) {
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return Status::Corruption("unreadable counters");
    Counters counters;
    try {
      counters.next_iid = json.at("next_iid").get<uint64_t>();
      counters.next_tx = json.at("next_tx").get<uint64_t>();
      counters.max_span_days = json.at("max_span_days").get<int64_t>();
      counters.records = json.at("records").get<std::map<std::string, uint64_t>>();
      counters.entity_kinds = json.at("entity_kinds").get<std::map<std::string, uint64_t>>();
      counters.event_statuses = json.at("event_statuses").get<std::map<std::string, uint64_t>>();
    } catch (const Json::exception&) {
      return Status::Corruption("unreadable counters");
    }
    return counters;
  }
};

int64_t UnixSecondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct Store::Impl {
  std::string dir;
  OpenMode mode;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  Counters counters;

  ~Impl() {
    if (db) {
      for (rocksdb::ColumnFamilyHandle* handle : handles) {
        db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
      }
      handles.clear();
      db->Close().PermitUncheckedError();
    }
  }

  rocksdb::ColumnFamilyHandle* cf(CfIndex index) const { return handles[index]; }

  Result<std::optional<std::string>> Get(CfIndex index, std::string_view key) const {
    std::string value;
    rocksdb::Status status = db->Get(rocksdb::ReadOptions(), cf(index), key, &value);
    if (status.IsNotFound()) return std::optional<std::string>();
    if (!status.ok()) return FromRocks(status, "read failed");
    return std::optional<std::string>(std::move(value));
  }

  // The internal id and type of an external id.
  Result<std::optional<std::pair<RecordType, uint64_t>>> LookupId(std::string_view id) const {
    Result<std::optional<std::string>> value = Get(kIds, id);
    if (!value.ok()) return value.status();
    if (!value->has_value()) return std::optional<std::pair<RecordType, uint64_t>>();
    RecordType type;
    uint64_t iid;
    if (!DecodeIdEntry(**value, &type, &iid)) {
      return Status::Corruption("bad id entry for '" + std::string(id) + "'");
    }
    return std::optional<std::pair<RecordType, uint64_t>>(std::make_pair(type, iid));
  }

  // The canonical JSON text of the newest version of a record.
  Result<std::string> LatestRecordText(RecordType type, uint64_t iid) const {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf(kRecords)));
    it->SeekForPrev(RecordKey(type, iid, std::numeric_limits<uint64_t>::max()));
    RecordKeyParts parts;
    if (!it->Valid() || !DecodeRecordKey(it->key().ToStringView(), &parts) || parts.iid != iid ||
        parts.type != type) {
      if (!it->status().ok()) return FromRocks(it->status(), "read failed");
      return Status::Corruption("missing record for internal id " + std::to_string(iid));
    }
    RecordValue value;
    if (!DecodeRecordValue(it->value().ToStringView(), &value)) {
      return Status::Corruption("bad record value for internal id " + std::to_string(iid));
    }
    return std::string(value.json);
  }

  Result<Record> LatestRecord(RecordType type, uint64_t iid) const {
    Result<std::string> text = LatestRecordText(type, iid);
    if (!text.ok()) return text.status();
    Json json = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    Result<Record> record = ParseRecordJson(json);
    if (!record.ok()) {
      return Status::Corruption("stored record " + std::to_string(iid) +
                                " does not parse: " + record.status().ToString());
    }
    return record;
  }

  // Visits the timeline rows of one key range. `prefix` bounds the scan; `visit` returns false
  // to stop. Rows are handed over with their days filled from the key.
  template <typename DecodeKey, typename Visit>
  Status ScanIndex(CfIndex index, const std::string& prefix, const std::string& seek_key,
                   DecodeKey decode_key, Visit visit) const {
    rocksdb::ReadOptions options;
    std::string upper = PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
    options.prefix_same_as_start = !prefix.empty();
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf(index)));
    for (it->Seek(seek_key); it->Valid(); it->Next()) {
      int32_t earliest = 0, latest = 0;
      if (!decode_key(it->key().ToStringView(), &earliest, &latest)) {
        return Status::Corruption("bad index key in " + std::string(kCfNames[index]));
      }
      TimelineRow row;
      uint64_t tx = 0;
      if (!DecodeTimelineValue(it->value().ToStringView(), &tx, &row)) {
        return Status::Corruption("bad index value in " + std::string(kCfNames[index]));
      }
      row.earliest_day = earliest;
      row.latest_day = latest;
      if (!visit(std::move(row))) break;
    }
    return FromRocks(it->status(), "scan failed");
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, OpenMode mode) {
  std::error_code error;
  fs::file_status dir_status = fs::status(dir, error);
  bool exists = fs::exists(dir_status);
  if (exists && !fs::is_directory(dir_status)) {
    return Status::InvalidArgument(dir + " is not a Chronicle store (it is not a directory)");
  }
  bool has_current = exists && fs::exists(fs::path(dir) / "CURRENT", error);
  bool is_empty = !exists || fs::is_empty(dir, error);
  if (mode == OpenMode::kReadOnly && !exists) {
    return Status::NotFound("no Chronicle store at " + dir +
                            " (create one with: chronicle --db " + dir + " import FILE)");
  }
  if (exists && !has_current && !(mode == OpenMode::kReadWrite && is_empty)) {
    return Status::InvalidArgument(dir + " is not a Chronicle store");
  }
  if (has_current) {
    // A RocksDB directory of someone else's has other column families.
    std::vector<std::string> families;
    rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &families);
    std::set<std::string> expected(std::begin(kCfNames), std::end(kCfNames));
    if (!listed.ok() || std::set<std::string>(families.begin(), families.end()) != expected) {
      return Status::InvalidArgument(dir + " is not a Chronicle store");
    }
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

  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->mode = mode;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status status =
      mode == OpenMode::kReadOnly
          ? rocksdb::DB::OpenForReadOnly(options, dir, ColumnFamilyDescriptors(), &impl->handles,
                                         &raw_db)
          : rocksdb::DB::Open(options, dir, ColumnFamilyDescriptors(), &impl->handles, &raw_db);
  if (!status.ok()) {
    if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
      return Status::Busy(dir + " is open for writing by another process; try again when it is done");
    }
    return FromRocks(status, "cannot open " + dir);
  }
  impl->db.reset(raw_db);

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
    CHRONICLE_RETURN_IF_ERROR(FromRocks(impl->db->Write(write_options, &batch), "cannot create store"));
  } else if (**format != kFormatVersion) {
    return Status::InvalidArgument(dir + " has store format '" + **format + "'; this chronicle reads '" +
                                   std::string(kFormatVersion) + "'");
  }
  Result<std::optional<std::string>> counters = impl->Get(kMeta, MetaKey(kCountersMetaName));
  if (!counters.ok()) return counters.status();
  if (!counters->has_value()) return Status::Corruption(dir + ": store counters are missing");
  Result<Counters> decoded = Counters::Decode(**counters);
  if (!decoded.ok()) return decoded.status();
  impl->counters = *decoded;
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<ImportResult> Store::Import(std::vector<InputRecord> inputs) {
  if (impl_->mode != OpenMode::kReadWrite) {
    return Status::InvalidArgument("the store was opened read-only");
  }
  Result<ImportPlan> plan = PlanImport(std::move(inputs), *this);
  if (!plan.ok()) return plan.status();
  ImportResult result;
  result.unchanged = plan->unchanged;
  if (!plan->errors.empty()) {
    result.errors = std::move(plan->errors);
    return result;
  }
  if (plan->records.empty()) return result;

  Counters counters = impl_->counters;
  const uint64_t tx = counters.next_tx++;
  const int64_t recorded_at = UnixSecondsNow();
  rocksdb::WriteBatch batch;

  // Internal ids: new records get the next ones; references to stored entities look theirs up.
  std::unordered_map<std::string, uint64_t> entity_iids;
  std::vector<uint64_t> record_iids;
  record_iids.reserve(plan->records.size());
  for (const Record& record : plan->records) {
    uint64_t iid = counters.next_iid++;
    record_iids.push_back(iid);
    if (std::holds_alternative<Entity>(record)) entity_iids.emplace(RecordId(record), iid);
  }
  auto entity_iid = [&](const std::string& id) -> Result<uint64_t> {
    if (auto it = entity_iids.find(id); it != entity_iids.end()) return it->second;
    Result<std::optional<std::pair<RecordType, uint64_t>>> found = impl_->LookupId(id);
    if (!found.ok()) return found.status();
    if (!found->has_value() || (*found)->first != RecordType::kEntity) {
      return Status::Corruption("resolved entity '" + id + "' is not stored");
    }
    entity_iids.emplace(id, (*found)->second);
    return (*found)->second;
  };

  for (size_t record_idx = 0; record_idx < plan->records.size(); ++record_idx) {
    const Record& record = plan->records[record_idx];
    const uint64_t iid = record_iids[record_idx];
    const RecordType type = RecordTypeOf(record);
    const std::string& id = RecordId(record);
    batch.Put(impl_->cf(kIds), id, EncodeIdEntry(type, iid));
    batch.Put(impl_->cf(kRecords), RecordKey(type, iid, tx),
              EncodeRecordValue(tx, recorded_at, CanonicalRecordText(record)));
    ++counters.records[std::string(RecordTypeName(type))];
    ++result.added[std::string(RecordTypeName(type))];

    if (const Entity* entity = std::get_if<Entity>(&record)) {
      ++counters.entity_kinds[std::string(EntityKindName(entity->kind))];
      std::set<std::string> names;
      for (const std::string* name : {&entity->name}) names.insert(*NormalizeName(*name));
      for (const std::string& alias : entity->aliases) names.insert(*NormalizeName(alias));
      for (const std::string& name : names) batch.Put(impl_->cf(kNames), NameKey(name, iid), id);
    } else if (const Event* event = std::get_if<Event>(&record)) {
      ++counters.event_statuses[std::string(EventStatusName(event->status))];
      TimelineRow row = MakeTimelineRow(*event);
      if (row.earliest_day != kOpenStartDay && row.latest_day != kOpenEndDay) {
        counters.max_span_days = std::max<int64_t>(
            counters.max_span_days, int64_t{row.latest_day} - int64_t{row.earliest_day});
      }
      batch.Put(impl_->cf(kTime), TimeKey({row.earliest_day, row.latest_day, iid}),
                EncodeTimelineValue(tx, row));
      for (const std::string& entity_id : EntitiesOf(*event)) {
        Result<uint64_t> entity = entity_iid(entity_id);
        if (!entity.ok()) return entity.status();
        row.role = RoleOf(*event, entity_id);
        batch.Put(impl_->cf(kTimeline),
                  TimelineKey({*entity, row.earliest_day, row.latest_day, iid}),
                  EncodeTimelineValue(tx, row));
      }
    } else if (const Relation* relation = std::get_if<Relation>(&record)) {
      int32_t earliest = relation->when ? relation->when->earliest_day : kOpenStartDay;
      int32_t latest = relation->when ? relation->when->latest_day : kOpenEndDay;
      EdgeValue edge{tx, true, relation->status, relation->id, relation->kind, relation->to,
                     relation->when ? relation->when->ToString() : ""};
      Result<uint64_t> from = entity_iid(relation->from);
      if (!from.ok()) return from.status();
      Result<uint64_t> to = entity_iid(relation->to);
      if (!to.ok()) return to.status();
      batch.Put(impl_->cf(kEdges), EdgeKey({*from, earliest, latest, iid}), EncodeEdgeValue(edge));
      edge.outgoing = false;
      edge.other_entity_id = relation->from;
      batch.Put(impl_->cf(kEdges), EdgeKey({*to, earliest, latest, iid}), EncodeEdgeValue(edge));
    }
  }
  batch.Put(impl_->cf(kMeta), MetaKey(kCountersMetaName), counters.Encode());

  rocksdb::WriteOptions write_options;
  write_options.sync = true;  // an acknowledged import survives a crash
  CHRONICLE_RETURN_IF_ERROR(FromRocks(impl_->db->Write(write_options, &batch), "import failed"));
  impl_->counters = std::move(counters);
  result.tx = tx;
  return result;
}

Result<std::optional<Record>> Store::GetRecord(std::string_view id) {
  Result<std::optional<std::pair<RecordType, uint64_t>>> found = impl_->LookupId(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return std::optional<Record>();
  Result<Record> record = impl_->LatestRecord((*found)->first, (*found)->second);
  if (!record.ok()) return record.status();
  return std::optional<Record>(std::move(record).value());
}

Result<Entity> Store::ResolveEntity(std::string_view reference) {
  Result<std::string> id = ResolveEntityReference(reference, *this);
  if (!id.ok()) return id.status();
  Result<std::optional<Record>> record = GetRecord(*id);
  if (!record.ok()) return record.status();
  if (!record->has_value() || !std::holds_alternative<Entity>(**record)) {
    return Status::Corruption("entity '" + *id + "' is indexed but not stored");
  }
  return std::get<Entity>(std::move(**record));
}

Result<std::vector<TimelineRow>> Store::Timeline(std::string_view entity_id,
                                                 const TimelineFilter& filter) {
  Result<std::optional<std::pair<RecordType, uint64_t>>> found = impl_->LookupId(entity_id);
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->first != RecordType::kEntity) {
    return Status::NotFound("no entity with id '" + std::string(entity_id) + "'");
  }
  const uint64_t entity = (*found)->second;
  const std::string prefix = TimelinePrefix(entity);
  std::vector<TimelineRow> rows;
  auto decode = [](std::string_view key, int32_t* earliest, int32_t* latest) {
    TimelineKeyParts parts;
    if (!DecodeTimelineKey(key, &parts)) return false;
    *earliest = parts.earliest_day;
    *latest = parts.latest_day;
    return true;
  };
  auto collect = [&](TimelineRow row) {
    if (row.earliest_day > filter.to_day) return false;  // keys are ordered by earliest day
    if (filter.Matches(row)) rows.push_back(std::move(row));
    return true;
  };
  if (!filter.HasTimeBounds() || filter.from_day == kOpenStartDay) {
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanIndex(kTimeline, prefix, prefix, decode, collect));
    return rows;
  }
  // Events with an open start sort first; after them, no event that starts before
  // from - max_span can reach `from`, so the scan seeks past those.
  CHRONICLE_RETURN_IF_ERROR(impl_->ScanIndex(
      kTimeline, prefix, prefix, decode, [&](TimelineRow row) {
        if (row.earliest_day != kOpenStartDay) return false;
        return collect(std::move(row));
      }));
  int64_t seek_day = std::max<int64_t>(int64_t{filter.from_day} - impl_->counters.max_span_days,
                                       int64_t{kOpenStartDay} + 1);
  CHRONICLE_RETURN_IF_ERROR(impl_->ScanIndex(kTimeline, prefix,
                                             TimelineSeekKey(entity, static_cast<int32_t>(seek_day)),
                                             decode, collect));
  return rows;
}

Result<std::vector<TimelineRow>> Store::Events(const TimelineFilter& filter) {
  std::vector<TimelineRow> rows;
  auto decode = [](std::string_view key, int32_t* earliest, int32_t* latest) {
    TimeKeyParts parts;
    if (!DecodeTimeKey(key, &parts)) return false;
    *earliest = parts.earliest_day;
    *latest = parts.latest_day;
    return true;
  };
  auto collect = [&](TimelineRow row) {
    if (row.earliest_day > filter.to_day) return false;
    if (filter.Matches(row)) rows.push_back(std::move(row));
    return true;
  };
  if (filter.from_day == kOpenStartDay) {
    CHRONICLE_RETURN_IF_ERROR(impl_->ScanIndex(kTime, "", "", decode, collect));
    return rows;
  }
  CHRONICLE_RETURN_IF_ERROR(impl_->ScanIndex(kTime, "", "", decode, [&](TimelineRow row) {
    if (row.earliest_day != kOpenStartDay) return false;
    return collect(std::move(row));
  }));
  int64_t seek_day = std::max<int64_t>(int64_t{filter.from_day} - impl_->counters.max_span_days,
                                       int64_t{kOpenStartDay} + 1);
  CHRONICLE_RETURN_IF_ERROR(
      impl_->ScanIndex(kTime, "", TimeSeekKey(static_cast<int32_t>(seek_day)), decode, collect));
  return rows;
}

Result<std::vector<Entity>> Store::Entities(std::optional<EntityKind> kind) {
  std::vector<Entity> entities;
  const std::string prefix = RecordTypePrefix(RecordType::kEntity);
  std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(options, impl_->cf(kRecords)));
  // Versions of one record are adjacent and oldest first: keep the last of each run.
  std::optional<uint64_t> previous_iid;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    RecordKeyParts parts;
    RecordValue value;
    if (!DecodeRecordKey(it->key().ToStringView(), &parts) ||
        !DecodeRecordValue(it->value().ToStringView(), &value)) {
      return Status::Corruption("bad entity record");
    }
    Result<Record> record = ParseRecordJson(Json::parse(value.json, nullptr, false));
    if (!record.ok() || !std::holds_alternative<Entity>(*record)) {
      return Status::Corruption("stored entity does not parse");
    }
    if (previous_iid == parts.iid) entities.pop_back();
    previous_iid = parts.iid;
    entities.push_back(std::get<Entity>(std::move(*record)));
  }
  CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
  if (kind) {
    std::erase_if(entities, [&](const Entity& entity) { return entity.kind != *kind; });
  }
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
}

Result<std::vector<EntityRelation>> Store::RelationsOf(std::string_view entity_id) {
  Result<std::optional<std::pair<RecordType, uint64_t>>> found = impl_->LookupId(entity_id);
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->first != RecordType::kEntity) {
    return Status::NotFound("no entity with id '" + std::string(entity_id) + "'");
  }
  const std::string prefix = EdgePrefix((*found)->second);
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
    Result<Record> record = impl_->LatestRecord(RecordType::kRelation, parts.relation_iid);
    if (!record.ok()) return record.status();
    relations.push_back({std::get<Relation>(std::move(*record)), edge.outgoing});
  }
  CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
  return relations;
}

Result<StoreStats> Store::Stats() {
  StoreStats stats;
  const Counters& counters = impl_->counters;
  for (std::string_view type : {"entity", "event", "relation", "source"}) {
    auto it = counters.records.find(std::string(type));
    stats.records[std::string(type)] = it == counters.records.end() ? 0 : it->second;
  }
  stats.entity_kinds = counters.entity_kinds;
  stats.event_statuses = counters.event_statuses;
  stats.imports = counters.next_tx - 1;

  // The first and last dated days: the time index is ordered by earliest day.
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kTime)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    TimeKeyParts parts;
    if (!DecodeTimeKey(it->key().ToStringView(), &parts)) return Status::Corruption("bad time key");
    if (parts.earliest_day != kOpenStartDay) {
      stats.first_day = parts.earliest_day;
      break;
    }
  }
  // The largest latest day needs a look at every entry whose span may reach it; the last
  // max_span_days of earliest days are enough.
  it->SeekToLast();
  if (it->Valid()) {
    TimeKeyParts last;
    if (!DecodeTimeKey(it->key().ToStringView(), &last)) return Status::Corruption("bad time key");
    int64_t seek_day = std::max<int64_t>(int64_t{last.earliest_day} - counters.max_span_days,
                                         int64_t{kOpenStartDay});
    for (it->Seek(TimeSeekKey(static_cast<int32_t>(seek_day))); it->Valid(); it->Next()) {
      TimeKeyParts parts;
      if (!DecodeTimeKey(it->key().ToStringView(), &parts)) return Status::Corruption("bad time key");
      if (parts.latest_day != kOpenEndDay &&
          (!stats.last_day || parts.latest_day > *stats.last_day)) {
        stats.last_day = parts.latest_day;
      }
    }
  }
  CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));

  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(impl_->dir, error)) {
    if (entry.is_regular_file(error)) stats.disk_bytes += entry.file_size(error);
  }
  return stats;
}

Result<std::optional<RecordDirectory::StoredRecord>> Store::FindById(std::string_view id) {
  Result<std::optional<std::pair<RecordType, uint64_t>>> found = impl_->LookupId(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return std::optional<StoredRecord>();
  Result<std::string> text = impl_->LatestRecordText((*found)->first, (*found)->second);
  if (!text.ok()) return text.status();
  return std::optional<StoredRecord>(
      StoredRecord{std::string(RecordTypeName((*found)->first)), std::move(text).value()});
}

Result<std::vector<std::string>> Store::FindEntitiesByName(std::string_view normalized_name) {
  const std::string prefix = NamePrefix(normalized_name);
  std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(options, impl_->cf(kNames)));
  std::vector<std::string> ids;
  for (it->Seek(prefix); it->Valid(); it->Next()) ids.push_back(it->value().ToString());
  CHRONICLE_RETURN_IF_ERROR(FromRocks(it->status(), "scan failed"));
  return ids;
}

Result<std::vector<std::string>> Store::AllEntityNames() {
  Result<std::vector<Entity>> entities = Entities(std::nullopt);
  if (!entities.ok()) return entities.status();
  std::vector<std::string> names;
  for (const Entity& entity : *entities) {
    names.push_back(entity.name);
    names.insert(names.end(), entity.aliases.begin(), entity.aliases.end());
  }
  return names;
}

}  // namespace chronicle::storage
