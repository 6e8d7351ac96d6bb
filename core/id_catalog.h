// The ids of an import, held compactly for its two passes (core/import.h): each id as one
// 64-bit word, its hash with the record type in the low two bits (IdWord). Pass 1 adds every
// id's word; Seal() sorts them once, which brings the words of one hash together, and notes
// the hashes that occur more than once. Pass 2 asks whether an id may be repeated (then the
// planner checks exactly: two ids can share a hash) and, to word an error, an id's type.
//
// 8 bytes an id, in fixed chunks while they are added (no copy as they grow) and in one
// exact-size array once sorted. A Swiss table of the words took 16.7M slots of 9 bytes for the
// 11M ids of a 10M-event import: 151 MB, a sixth of that import's peak.
#ifndef CHRONICLE_CORE_ID_CATALOG_H_
#define CHRONICLE_CORE_ID_CATALOG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

namespace chronicle {

// The hash every id is catalogued and looked up by.
uint64_t HashId(std::string_view id);

// `hash` with its low two bits replaced by `type_code` - 1. REQUIRES: 1 <= type_code <= 4.
uint64_t IdWord(uint64_t hash, uint8_t type_code);
// The type code (1-4) a word carries.
uint8_t TypeCodeOfWord(uint64_t word);

class IdCatalog {
 public:
  // `chunk_words`: how many words each chunk holds while they are added (tests use small ones).
  explicit IdCatalog(size_t chunk_words = size_t{1} << 20);  // 8 MiB chunks

  // REQUIRES: not sealed.
  void Add(uint64_t word);
  // Ends pass 1: sorts the words and notes the hashes that occur more than once. Idempotent.
  void Seal();
  bool sealed() const { return sealed_; }
  size_t size() const { return sealed_ ? words_.size() : added_; }

  // Whether more than one added word has this hash (upper 62 bits): an id added twice, or two
  // ids with one hash. REQUIRES: sealed.
  bool MaybeRepeated(uint64_t hash) const;
  // The type code of a word with this hash (the smallest, if several), or 0 if none was added.
  // REQUIRES: sealed.
  uint8_t TypeCodeOf(uint64_t hash) const;

 private:
  size_t chunk_words_;
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;
  size_t added_ = 0;
  bool sealed_ = false;
  std::vector<uint64_t> words_;                     // sorted, once sealed
  absl::flat_hash_set<uint64_t> repeated_hashes_;  // hash >> 2 of each repeated hash
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_ID_CATALOG_H_
