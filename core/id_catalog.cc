#include "core/id_catalog.h"

#include <algorithm>
#include <functional>

namespace chronicle {

uint64_t HashId(std::string_view id) { return std::hash<std::string_view>{}(id); }

uint64_t IdWord(uint64_t hash, uint8_t type_code) {
  return (hash & ~uint64_t{3}) | ((type_code - 1u) & 3u);
}

uint8_t TypeCodeOfWord(uint64_t word) { return static_cast<uint8_t>((word & 3u) + 1); }

IdCatalog::IdCatalog(size_t chunk_words) : chunk_words_(std::max<size_t>(chunk_words, 1)) {}

void IdCatalog::Add(uint64_t word) {
  const size_t in_chunk = added_ % chunk_words_;
  if (in_chunk == 0) chunks_.push_back(std::make_unique_for_overwrite<uint64_t[]>(chunk_words_));
  chunks_.back()[in_chunk] = word;
  ++added_;
}

void IdCatalog::Seal() {
  if (sealed_) return;
  sealed_ = true;
  words_.resize(added_);
  size_t copied = 0;
  for (std::unique_ptr<uint64_t[]>& chunk : chunks_) {
    const size_t in_chunk = std::min(chunk_words_, added_ - copied);
    std::copy_n(chunk.get(), in_chunk, words_.begin() + static_cast<std::ptrdiff_t>(copied));
    copied += in_chunk;
    chunk.reset();  // freed as copied: at most one chunk more than the words at any moment
  }
  chunks_ = std::vector<std::unique_ptr<uint64_t[]>>();
  // Word order is hash order (the hash is the upper 62 bits), so a hash's words are adjacent.
  // Sorting 11M words takes ~1 s, about what the Swiss table spent inserting them.
  std::sort(words_.begin(), words_.end());
  for (size_t word_idx = 1; word_idx < words_.size(); ++word_idx) {
    if ((words_[word_idx] >> 2) == (words_[word_idx - 1] >> 2)) {
      repeated_hashes_.insert(words_[word_idx] >> 2);
    }
  }
}

bool IdCatalog::MaybeRepeated(uint64_t hash) const {
  return !repeated_hashes_.empty() && repeated_hashes_.contains(hash >> 2);
}

uint8_t IdCatalog::TypeCodeOf(uint64_t hash) const {
  const uint64_t lowest = hash & ~uint64_t{3};  // the smallest word this hash can have
  auto it = std::lower_bound(words_.begin(), words_.end(), lowest);
  return it != words_.end() && (*it >> 2) == (hash >> 2) ? TypeCodeOfWord(*it) : 0;
}

}  // namespace chronicle
