#include "core/input_entities.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <optional>
#include <queue>
#include <span>
#include <system_error>
#include <type_traits>
#include <utility>

#include "core/mapped_file.h"
#include "core/text.h"

namespace chronicle {
namespace {

uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

// Index entries of spilled entities, sorted by hash first.
struct SpilledId {
  uint64_t hash;    // of the id
  uint64_t offset;  // of its record in the ids' TextFile
  uint32_t ordinal;
  uint32_t unused = 0;  // written out: no uninitialised padding
  // Among entries of one id (a spilled id added again), the smallest ordinal comes first.
  bool operator<(const SpilledId& other) const {
    return hash != other.hash ? hash < other.hash : ordinal < other.ordinal;
  }
};
struct SpilledName {
  uint64_t hash;    // of the normalised name
  uint64_t offset;  // of its record in the names' TextFile
  bool operator<(const SpilledName& other) const {
    return hash != other.hash ? hash < other.hash : offset < other.offset;
  }
};

// The text at `*offset` of a TextFile's contents (a u32 size and the bytes), moving *offset past
// it; nullopt when the file ends first.
std::optional<std::string_view> ReadText(std::string_view file, uint64_t* offset) {
  uint32_t size = 0;
  if (*offset + sizeof size > file.size()) return std::nullopt;
  std::memcpy(&size, file.data() + *offset, sizeof size);
  *offset += sizeof size;
  if (*offset + size > file.size()) return std::nullopt;
  const std::string_view text = file.substr(*offset, size);
  *offset += size;
  return text;
}

// Texts appended to a file (each a u32 size and the bytes), then mapped to be read at random.
class TextFile {
 public:
  explicit TextFile(std::string path) : path_(std::move(path)) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
  }
  ~TextFile() { Remove(); }

  // Appends the texts as one record. Returns the record's offset.
  uint64_t Append(std::initializer_list<std::string_view> texts) {
    const uint64_t offset = written_;
    for (std::string_view text : texts) {
      const auto size = static_cast<uint32_t>(text.size());
      out_.write(reinterpret_cast<const char*>(&size), sizeof size);
      out_.write(text.data(), static_cast<std::streamsize>(text.size()));
      written_ += sizeof size + text.size();
    }
    return offset;
  }
  // Ends the appending and maps the file.
  Status Seal() {
    out_.close();
    if (!out_) return Status::IoError("cannot write " + path_);
    Result<MappedFile> mapped = MappedFile::Open(path_, path_, MappedFile::Access::kRandom);
    if (!mapped.ok()) return mapped.status();
    if (mapped->contents().size() != written_) {
      return Status::IoError("cannot read " + path_ + ": truncated");
    }
    mapped_ = std::move(mapped).value();
    return Status::Ok();
  }
  // The contents once sealed ("" before).
  std::string_view contents() const { return mapped_ ? mapped_->contents() : std::string_view(); }
  void Remove() {
    mapped_.reset();  // unmapped before it is removed
    out_.close();
    std::error_code error;
    std::filesystem::remove(path_, error);
  }

 private:
  std::string path_;
  std::ofstream out_;
  uint64_t written_ = 0;
  std::optional<MappedFile> mapped_;
};

// One index of spilled entries: buffered up to a run's size, written out as sorted runs,
// merged by Seal into one sorted file found through a bucket directory on the hash's top bits.
// (A hand-written external sort of fixed-size entries: the runs are small and never leave the
// import's scratch directory; IdCatalog does the same for 8-byte words.)
template <typename Entry>
class SortedIndex {
  static_assert(std::is_trivially_copyable_v<Entry>);

 public:
  static constexpr size_t kMaxPendingEntries = size_t{1} << 17;  // 2-3 MiB
  static constexpr int kMaxBucketBits = 20;                      // a directory of at most 4 MiB

  // Runs hold `run_entries` entries (at most kMaxPendingEntries).
  SortedIndex(std::string dir, std::string name, size_t run_entries)
      : dir_(std::move(dir)),
        name_(std::move(name)),
        run_entries_(std::clamp<size_t>(run_entries, 1, kMaxPendingEntries)) {}
  ~SortedIndex() { RemoveFiles(); }

  // Unmaps and removes every file this index wrote. Idempotent.
  void RemoveFiles() {
    entries_ = {};
    buckets_.clear();
    sorted_.reset();  // unmapped before it is removed
    std::error_code error;
    for (const std::string& path : run_paths_) std::filesystem::remove(path, error);
    run_paths_.clear();
    if (!sorted_path_.empty()) std::filesystem::remove(sorted_path_, error);
    sorted_path_.clear();
  }

  void Add(const Entry& entry, Status* failure) {
    if (pending_.capacity() < run_entries_) pending_.reserve(run_entries_);
    pending_.push_back(entry);
    if (pending_.size() == run_entries_) WriteRun(failure);
  }

  Status Seal() {
    std::sort(pending_.begin(), pending_.end());
    std::vector<MappedFile> runs;
    for (const std::string& path : run_paths_) {
      Result<MappedFile> run = MappedFile::Open(path, path);
      if (!run.ok()) return run.status();
      if (run->contents().size() % sizeof(Entry) != 0) {
        return Status::IoError("cannot read " + path + ": truncated");
      }
      runs.push_back(std::move(run).value());
    }
    std::vector<std::span<const Entry>> sources;
    for (const MappedFile& run : runs) sources.push_back(EntriesOf(run));
    sources.emplace_back(pending_.data(), pending_.size());

    sorted_path_ = dir_ + "/" + name_ + ".sorted";
    std::ofstream out(sorted_path_, std::ios::binary | std::ios::trunc);
    using Head = std::pair<Entry, size_t>;  // entry, source
    auto later = [](const Head& a, const Head& b) { return b.first < a.first; };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
    std::vector<size_t> next(sources.size(), 0);
    for (size_t source = 0; source < sources.size(); ++source) {
      if (!sources[source].empty()) heads.emplace(sources[source][0], source);
    }
    size_t count = 0;
    while (!heads.empty()) {
      const auto [entry, source] = heads.top();
      heads.pop();
      out.write(reinterpret_cast<const char*>(&entry), sizeof entry);
      ++count;
      if (++next[source] < sources[source].size()) {
        heads.emplace(sources[source][next[source]], source);
        if (source < runs.size() && next[source] % (size_t{16} << 10) == 0) {
          const size_t offset = next[source] * sizeof(Entry);
          runs[source].DoneBefore(offset, offset - (size_t{16} << 10) * sizeof(Entry));
        }
      }
    }
    out.close();
    if (!out) return Status::IoError("cannot write " + sorted_path_);
    runs.clear();
    std::error_code error;
    for (const std::string& path : run_paths_) std::filesystem::remove(path, error);
    run_paths_.clear();
    pending_ = {};

    Result<MappedFile> sorted =
        MappedFile::Open(sorted_path_, sorted_path_, MappedFile::Access::kRandom);
    if (!sorted.ok()) return sorted.status();
    sorted_ = std::move(sorted).value();
    entries_ = EntriesOf(*sorted_);
    if (entries_.size() != count) return Status::IoError("cannot read " + sorted_path_);
    while (bucket_bits_ < kMaxBucketBits && (size_t{4} << bucket_bits_) < entries_.size()) {
      ++bucket_bits_;
    }
    buckets_.assign((size_t{1} << bucket_bits_) + 1, 0);
    size_t position = 0;
    for (size_t bucket = 0; bucket < buckets_.size() - 1; ++bucket) {
      buckets_[bucket] = static_cast<uint32_t>(position);
      while (position < entries_.size() && BucketOf(entries_[position].hash) == bucket) ++position;
    }
    buckets_.back() = static_cast<uint32_t>(entries_.size());
    // Look-ups touch few pages; the ones this scan touched need not stay in memory.
    sorted_->DoneBefore(sorted_->contents().size());
    return Status::Ok();
  }

  // The entries with this hash, in order. REQUIRES: sealed.
  std::span<const Entry> WithHash(uint64_t hash) const {
    if (buckets_.empty()) return {};
    const size_t bucket = BucketOf(hash);
    const auto begin = entries_.begin() + buckets_[bucket];
    const auto end = entries_.begin() + buckets_[bucket + 1];
    auto first = std::partition_point(begin, end, [&](const Entry& e) { return e.hash < hash; });
    auto last = std::partition_point(first, end, [&](const Entry& e) { return e.hash == hash; });
    return {first, last};
  }

 private:
  size_t BucketOf(uint64_t hash) const {
    return bucket_bits_ == 0 ? 0 : static_cast<size_t>(hash >> (64 - bucket_bits_));
  }
  static std::span<const Entry> EntriesOf(const MappedFile& file) {
    const std::string_view bytes = file.contents();
    return {reinterpret_cast<const Entry*>(bytes.data()), bytes.size() / sizeof(Entry)};
  }
  void WriteRun(Status* failure) {
    std::sort(pending_.begin(), pending_.end());
    if (failure->ok()) {
      const std::string path =
          dir_ + "/" + name_ + "-" + std::to_string(run_paths_.size()) + ".run";
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(pending_.data()),
                static_cast<std::streamsize>(pending_.size() * sizeof(Entry)));
      out.close();
      run_paths_.push_back(path);
      if (!out) *failure = Status::IoError("cannot write " + path);
    }
    pending_.clear();
  }

  std::string dir_, name_;
  size_t run_entries_;
  std::vector<Entry> pending_;
  std::vector<std::string> run_paths_;
  std::string sorted_path_;
  std::optional<MappedFile> sorted_;
  std::span<const Entry> entries_;
  int bucket_bits_ = 0;
  std::vector<uint32_t> buckets_;  // the first entry of each bucket, and the end
};

}  // namespace

// Entities and names added once memory was full: their texts in two TextFiles (ids apart from
// names, so that the pages an id look-up touches hold ids only), their index entries in two
// SortedIndexes.
class InputEntities::Spilled {
 public:
  // Runs of index entries hold `run_entries` entries (and at most 2^17).
  Spilled(const std::string& dir, size_t run_entries)
      : dir_(dir),
        created_dir_(CreateDir(dir)),
        id_texts_(dir + "/entity-ids.text"),
        name_texts_(dir + "/entity-names.text"),
        ids_(dir, "entity-ids", run_entries),
        names_(dir, "entity-names", run_entries) {}
  ~Spilled() {
    id_texts_.Remove();
    name_texts_.Remove();
    ids_.RemoveFiles();
    names_.RemoveFiles();
    std::error_code error;
    if (created_dir_) std::filesystem::remove(dir_, error);
  }

  // Record: the id.
  void AddId(std::string_view id, uint64_t hash, uint32_t ordinal) {
    ids_.Add(SpilledId{hash, id_texts_.Append({id}), ordinal}, &failure_);
  }
  // Record: the name as written, then the id.
  void AddName(std::string_view text, uint64_t normalized_hash, std::string_view id) {
    names_.Add(SpilledName{normalized_hash, name_texts_.Append({text, id})}, &failure_);
  }

  Status Seal() {
    for (Status status : {id_texts_.Seal(), name_texts_.Seal()}) {
      if (failure_.ok()) failure_ = status;
    }
    if (failure_.ok()) failure_ = ids_.Seal();
    if (failure_.ok()) failure_ = names_.Seal();
    return failure_;
  }

  std::optional<uint32_t> OrdinalOf(std::string_view id, uint64_t hash) const {
    for (const SpilledId& entry : ids_.WithHash(hash)) {
      uint64_t offset = entry.offset;
      if (ReadText(id_texts_.contents(), &offset) == id) return entry.ordinal;
    }
    return std::nullopt;
  }

  void IdsNamed(std::string_view normalized, uint64_t hash, std::set<std::string>* ids) const {
    for (const SpilledName& entry : names_.WithHash(hash)) {
      uint64_t offset = entry.offset;
      const std::optional<std::string_view> text = ReadText(name_texts_.contents(), &offset);
      if (!text) continue;
      Result<std::string> text_normalized = NormalizeName(*text);
      if (!text_normalized.ok() || *text_normalized != normalized) continue;
      if (std::optional<std::string_view> id = ReadText(name_texts_.contents(), &offset)) {
        ids->emplace(*id);
      }
    }
  }

  // Appends the names, as written, in the order added.
  void AppendNames(std::vector<std::string_view>* names) const {
    const std::string_view file = name_texts_.contents();
    uint64_t offset = 0;
    while (offset < file.size()) {
      const std::optional<std::string_view> text = ReadText(file, &offset);
      if (!text || !ReadText(file, &offset)) return;
      names->push_back(*text);
    }
  }

 private:
  // Whether this call created it (and the spill must remove it).
  static bool CreateDir(const std::string& dir) {
    std::error_code error;
    return !std::filesystem::exists(dir, error) && std::filesystem::create_directories(dir, error);
  }

  std::string dir_;
  bool created_dir_;
  TextFile id_texts_, name_texts_;
  SortedIndex<SpilledId> ids_;
  SortedIndex<SpilledName> names_;
  Status failure_;
};

InputEntities::InputEntities(EntitySpill spill)
    : spill_dir_(std::move(spill.dir)),
      memory_entities_(std::max<size_t>(spill.memory_entities, 1)),
      id_index_(0, IdHash{this}, IdEq{this}),
      name_index_(0, NameHash{this}, NameEq{this}) {}

InputEntities::~InputEntities() = default;

size_t InputEntities::IdHash::operator()(uint32_t position) const {
  return HashText(owner->ids_[position]);
}
size_t InputEntities::IdHash::operator()(std::string_view id) const { return HashText(id); }
bool InputEntities::IdEq::operator()(uint32_t position, std::string_view id) const {
  return owner->ids_[position] == id;
}

size_t InputEntities::NameHash::operator()(uint32_t position) const {
  return owner->names_[position].normalized_hash;
}
// Names are compared by hash first; only a name whose hash matches is normalised again (a true
// match: a name shared by entities, or an alias equal to the name, both rare).
bool InputEntities::NameEq::operator()(uint32_t position, const NormalizedKey& key) const {
  const Name& name = owner->names_[position];
  if (name.normalized_hash != key.hash) return false;
  Result<std::string> normalized = NormalizeName(name.text);
  return normalized.ok() && *normalized == key.text;
}

InputEntities::Spilled& InputEntities::spilled() {
  if (spilled_ == nullptr) spilled_ = std::make_unique<Spilled>(spill_dir_, memory_entities_);
  return *spilled_;
}

void InputEntities::Add(std::string_view id, std::string_view name,
                        const std::vector<std::string>& aliases) {
  if (auto it = id_index_.find(id); it != id_index_.end()) {
    if (spilled_ == nullptr) {
      AddName(name, *it);
      for (const std::string& alias : aliases) AddName(alias, *it);
      return;
    }
    // Spilling has begun: the names of an entity kept in memory go to disk too.
  } else if (spill_dir_.empty() || ids_.size() < memory_entities_) {
    const auto entity = static_cast<uint32_t>(ids_.size());
    ids_.emplace_back(id);
    id_index_.insert(entity);
    ++next_ordinal_;
    AddName(name, entity);
    for (const std::string& alias : aliases) AddName(alias, entity);
    return;
  } else {
    // A spilled id added again takes a second ordinal here: whether it was spilled before is
    // only known once sealed (OrdinalOf answers the first).
    spilled().AddId(id, HashText(id), next_ordinal_++);
    ++spilled_count_;
  }
  auto spill_name = [&](std::string_view text) {
    Result<std::string> normalized = NormalizeName(text);
    if (normalized.ok()) spilled().AddName(text, HashText(*normalized), id);
  };
  spill_name(name);
  for (const std::string& alias : aliases) spill_name(alias);
}

void InputEntities::AddName(std::string_view text, uint32_t entity) {
  Result<std::string> normalized = NormalizeName(text);
  if (!normalized.ok()) return;
  const NormalizedKey key{*normalized, HashText(*normalized)};
  const auto position = static_cast<uint32_t>(names_.size());
  names_.push_back(Name{std::string(text), key.hash, entity, kNoName});
  if (auto first = name_index_.find(key); first != name_index_.end()) {
    // Chained after the first name of this form (order within a chain does not matter).
    names_[position].next_same = names_[*first].next_same;
    names_[*first].next_same = position;
  } else {
    name_index_.insert(position);
  }
}

Status InputEntities::Seal() {
  if (!sealed_) {
    sealed_ = true;
    if (spilled_ != nullptr) seal_status_ = spilled_->Seal();
  }
  return seal_status_;
}

std::optional<uint32_t> InputEntities::OrdinalOf(std::string_view id) const {
  if (auto it = id_index_.find(id); it != id_index_.end()) return *it;
  if (spilled_ == nullptr || !sealed_) return std::nullopt;
  return spilled_->OrdinalOf(id, HashText(id));
}

void InputEntities::IdsNamed(std::string_view normalized, std::set<std::string>* ids) const {
  const uint64_t hash = HashText(normalized);
  if (auto first = name_index_.find(NormalizedKey{normalized, hash}); first != name_index_.end()) {
    for (uint32_t position = *first; position != kNoName; position = names_[position].next_same) {
      ids->insert(ids_[names_[position].entity]);
    }
  }
  if (spilled_ != nullptr && sealed_) spilled_->IdsNamed(normalized, hash, ids);
}

std::vector<std::string_view> InputEntities::Names() const {
  std::vector<std::string_view> names;
  names.reserve(names_.size());
  for (const Name& name : names_) names.push_back(name.text);
  if (spilled_ != nullptr && sealed_) spilled_->AppendNames(&names);
  return names;
}

}  // namespace chronicle
