#include "core/id_catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <queue>
#include <system_error>
#include <utility>

namespace chronicle {

uint64_t HashId(std::string_view id) { return std::hash<std::string_view>{}(id); }

uint64_t IdWord(uint64_t hash, uint8_t type_code) {
  return (hash & ~uint64_t{3}) | ((type_code - 1u) & 3u);
}

uint8_t TypeCodeOfWord(uint64_t word) { return static_cast<uint8_t>((word & 3u) + 1); }

IdCatalog::IdCatalog(IdSpill spill)
    : spill_dir_(std::move(spill.dir)), memory_words_(std::max<size_t>(spill.memory_words, 1)) {}

IdCatalog::~IdCatalog() {
  runs_.clear();  // unmapped before they are removed
  std::error_code error;
  for (const std::string& path : run_paths_) std::filesystem::remove(path, error);
  if (created_dir_) std::filesystem::remove(spill_dir_, error);
}

void IdCatalog::Add(uint64_t word) {
  if (!spill_dir_.empty() && pending_.capacity() < memory_words_) {
    pending_.reserve(memory_words_);  // once: no copies as it fills
  }
  pending_.push_back(word);
  ++added_;
  if (!spill_dir_.empty() && pending_.size() == memory_words_) Spill();
}

void IdCatalog::Spill() {
  std::sort(pending_.begin(), pending_.end());
  if (failure_.ok()) {
    std::error_code error;
    if (!created_dir_ && !std::filesystem::exists(spill_dir_, error)) {
      created_dir_ = std::filesystem::create_directories(spill_dir_, error);
    }
    const std::string path = spill_dir_ + "/ids-" + std::to_string(run_paths_.size()) + ".run";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(pending_.data()),
              static_cast<std::streamsize>(pending_.size() * sizeof(uint64_t)));
    out.close();
    run_paths_.push_back(path);
    if (!out) failure_ = Status::IoError("cannot write " + path);
  }
  pending_.clear();
}

std::vector<std::span<const uint64_t>> IdCatalog::SortedSources() const {
  std::vector<std::span<const uint64_t>> sources;
  for (const MappedFile& run : runs_) {
    const std::string_view bytes = run.contents();
    sources.emplace_back(reinterpret_cast<const uint64_t*>(bytes.data()),
                         bytes.size() / sizeof(uint64_t));
  }
  sources.emplace_back(pending_.data(), pending_.size());
  return sources;
}

Status IdCatalog::Seal() {
  if (sealed_) return failure_;
  sealed_ = true;
  std::sort(pending_.begin(), pending_.end());
  if (!failure_.ok()) return failure_;
  for (const std::string& path : run_paths_) {
    Result<MappedFile> run = MappedFile::Open(path, path);
    if (!run.ok()) return failure_ = run.status();
    if (run->contents().size() % sizeof(uint64_t) != 0) {
      return failure_ = Status::IoError("cannot read " + path + ": truncated");
    }
    runs_.push_back(std::move(run).value());
  }
  // Word order is hash order (the hash is the upper 62 bits), so a hash's words are adjacent
  // in the merged order of the sorted sources. Each run is read once, front to back.
  const std::vector<std::span<const uint64_t>> sources = SortedSources();
  std::vector<size_t> next(sources.size(), 0);
  using Head = std::pair<uint64_t, size_t>;  // word, source
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
  for (size_t source = 0; source < sources.size(); ++source) {
    if (!sources[source].empty()) heads.emplace(sources[source][0], source);
  }
  bool has_previous = false;
  uint64_t previous = 0;
  while (!heads.empty()) {
    const auto [word, source] = heads.top();
    heads.pop();
    if (has_previous && (word >> 2) == (previous >> 2)) repeated_hashes_.insert(word >> 2);
    has_previous = true;
    previous = word;
    if (++next[source] < sources[source].size()) {
      heads.emplace(sources[source][next[source]], source);
      if (source < runs_.size() && next[source] % (size_t{32} << 10) == 0) {
        const size_t offset = next[source] * sizeof(uint64_t);  // every 256 KiB
        runs_[source].DoneBefore(offset, /*given_back=*/offset - (size_t{256} << 10));
      }
    }
  }
  // Pass 2 reads the runs only to word an error (TypeCodeOf): what the merge left mapped of
  // each (its last pages, and what the kernel mapped around them: ~2 MB a run, 20 MB of a
  // 20M-event import) goes back too.
  for (MappedFile& run : runs_) run.DoneBefore(run.contents().size());
  return Status::Ok();
}

bool IdCatalog::MaybeRepeated(uint64_t hash) const {
  return !repeated_hashes_.empty() && repeated_hashes_.contains(hash >> 2);
}

uint8_t IdCatalog::TypeCodeOf(uint64_t hash) const {
  const uint64_t lowest = hash & ~uint64_t{3};  // the smallest word this hash can have
  uint8_t found = 0;
  for (std::span<const uint64_t> words : SortedSources()) {
    auto it = std::lower_bound(words.begin(), words.end(), lowest);
    if (it != words.end() && (*it >> 2) == (hash >> 2)) {
      const uint8_t code = TypeCodeOfWord(*it);
      if (found == 0 || code < found) found = code;
    }
  }
  return found;
}

}  // namespace chronicle
